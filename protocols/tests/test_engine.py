import pytest

from protocols import engine
from protocols.definitions import CODEV
from protocols.engine import ProtocolError, RunState

ROLES = {"client": [1], "consultant": [2, 3], "facilitator": [9]}


@pytest.fixture
def steps():
    return engine.steps_for(CODEV, ROLES)


def test_codev_has_six_phases_with_the_methods_durations():
    assert [p.key for p in CODEV.phases] == [
        "presentation",
        "questions",
        "request",
        "consultation",
        "action_plan",
        "lessons",
    ]
    assert [p.minutes for p in CODEV.phases] == [5, 4, 5, 4, 10, 12]
    assert CODEV.phase("questions").accepts == ("question",)


def test_per_speaker_phases_give_each_consultant_a_turn_in_order(steps):
    assert [(s.phase_index, s.speaker) for s in steps] == [
        (0, 1),
        (1, 2),
        (1, 3),
        (2, 1),
        (3, 2),
        (3, 3),
        (4, 1),
        (5, None),  # the lessons: one round shared by everyone present
    ]


def test_the_planned_length_adds_a_turn_per_consultant_and_one_shared_lessons_round():
    # 5 presentation + 4 a question round each + 5 request + 4 advice each + 10 plan + 12 lessons
    assert engine.planned_minutes(CODEV, {"client": 1, "consultant": 2}) == 48
    assert engine.planned_minutes(CODEV, {"client": 1, "consultant": 5}) == 72
    assert engine.planned_minutes(CODEV, {"client": 1, "consultant": 0}) == 40


def test_a_phase_whose_role_is_empty_still_happens():
    steps = engine.steps_for(CODEV, {"client": [1]})
    assert [s.phase_index for s in steps] == [0, 1, 2, 3, 4, 5]


def test_team_durations_override_the_defaults():
    shorter = CODEV.with_minutes({"presentation": 0.5, "questions": 1})
    assert engine.steps_for(shorter, ROLES)[0].seconds == 30
    assert engine.steps_for(shorter, ROLES)[1].seconds == 60


def test_start_sets_a_server_deadline_and_time_up_does_not_advance(steps):
    state = engine.start(RunState(), steps, now=1000)
    assert (state.status, state.step_index, state.ends_at) == ("running", 0, 1300)
    assert engine.seconds_left(state, now=1400) == -100  # overtime shows, nothing moves
    assert state.step_index == 0


def test_advance_walks_turns_then_ends(steps):
    state = engine.start(RunState(), steps, now=0)
    for expected in range(1, len(steps)):
        state = engine.advance(state, steps, now=expected)
        assert state.step_index == expected
        assert state.ends_at == expected + steps[expected].seconds
    state = engine.advance(state, steps, now=99)
    assert state.status == "ended"
    with pytest.raises(ProtocolError):
        engine.advance(state, steps, now=100)


def test_a_written_record_is_complete_at_once_and_never_live(steps):
    state = engine.record_written(RunState(), steps)
    assert (state.status, state.step_index) == ("written", len(steps))
    with pytest.raises(ProtocolError):
        engine.advance(state, steps, now=1)
    with pytest.raises(ProtocolError):
        engine.record_written(engine.start(RunState(), steps, now=0), steps)


def test_back_undoes_an_accidental_advance_with_the_time_that_was_left(steps):
    state = engine.start(RunState(), steps, now=0)
    state = engine.advance(state, steps, now=100)  # 200 s were left on the presentation
    state = engine.back(state, steps, now=105)
    assert state.step_index == 0
    assert state.ends_at == 305
    with pytest.raises(ProtocolError, match="nothing to go back"):
        engine.back(state, steps, now=106)


def test_back_from_the_end_reopens_the_last_step(steps):
    state = engine.start(RunState(), steps, now=0)
    for n in range(len(steps)):
        state = engine.advance(state, steps, now=n)
    assert state.status == "ended"
    state = engine.back(state, steps, now=50)
    assert state.status == "running" and state.step_index == len(steps) - 1


def test_pause_freezes_the_clock_and_resume_continues_it(steps):
    state = engine.start(RunState(), steps, now=0)
    state = engine.pause(state, now=60)
    assert state.status == "paused" and state.remaining == 240
    assert engine.seconds_left(state, now=5000) == 240
    state = engine.resume(state, now=5000)
    assert state.ends_at == 5240
    with pytest.raises(ProtocolError):
        engine.resume(state, now=5001)


def test_extend_adds_time_and_restarts_from_now_once_time_is_up(steps):
    state = engine.start(RunState(), steps, now=0)
    assert engine.extend(state, 60, now=10).ends_at == 360
    late = engine.extend(state, 120, now=400)  # 100 s overtime: two more minutes from now
    assert late.ends_at == 520
    paused = engine.extend(engine.pause(state, now=100), 60, now=100)
    assert paused.remaining == 260
    with pytest.raises(ProtocolError):
        engine.extend(state, 0, now=1)


def test_skip_moves_to_the_next_speaker_and_is_recorded(steps):
    state = engine.start(RunState(), steps, now=0)
    state = engine.advance(state, steps, now=1)  # questions, consultant 2
    state = engine.skip_speaker(state, steps, now=2)
    assert steps[state.step_index].speaker == 3 and state.skipped == (1,)
    state = engine.back(state, steps, now=3)
    assert state.skipped == ()


def test_a_fixed_phase_cannot_be_skipped(steps):
    state = engine.start(RunState(), steps, now=0)
    with pytest.raises(ProtocolError, match="speaker"):
        engine.skip_speaker(state, steps, now=1)


def test_state_survives_a_json_round_trip(steps):
    import json

    state = engine.advance(engine.start(RunState(), steps, now=0), steps, now=10)
    again = RunState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state


# Turns go to the people here: ROLES has consultants 2 and 3; steps 1-2 are their questions,
# 4-5 their advice.
def _walk(state, steps, present, moves, now=1000):
    seen = []
    for _ in range(moves):
        state = engine.advance(state, steps, now, present)
        seen.append(
            (state.step_index, steps[state.step_index].speaker)
            if state.step_index < len(steps)
            else "end"
        )
    return state, seen


def test_a_consultant_who_is_away_is_passed_over_and_owed_their_turn(steps):
    here = frozenset({1, 3, 9})  # consultant 2 is not connected
    state = engine.start(RunState(), steps, 1000, here)
    state, seen = _walk(state, steps, here, 2)
    assert seen == [(2, 3), (3, 1)]  # 3's questions, then the request: 2 never got the floor
    assert 1 in state.owed and 4 not in state.owed


def test_an_owed_turn_is_given_when_its_speaker_joins_before_the_phase_ends(steps):
    away = frozenset({1, 3, 9})
    state = engine.start(RunState(), steps, 1000, away)
    state = engine.advance(state, steps, 1000, away)  # 3's questions; 2 owed
    joined = away | {2}
    state, seen = _walk(state, steps, joined, 3)
    # 2 joined during 3's turn: 2's questions come before the request, then the order goes on.
    assert seen == [(1, 2), (3, 1), (4, 2)]
    assert state.owed == ()


def test_back_from_an_owed_turn_restores_exactly_what_was_owed(steps):
    away = frozenset({1, 3, 9})
    state = engine.start(RunState(), steps, 1000, away)
    state = engine.advance(state, steps, 1000, away)
    given = engine.advance(state, steps, 1000, away | {2})
    assert given.step_index == 1 and given.owed == ()
    undone = engine.back(given, steps, 1000)
    assert (undone.step_index, undone.owed, undone.reached) == (2, (1,), 2)
    again = engine.advance(undone, steps, 1000, away)  # 2 left again: on to the request
    assert again.step_index == 3


def test_a_room_on_one_screen_passes_nobody_over(steps):
    only_the_facilitator = frozenset({9})  # consultants follow the shared screen
    state = engine.start(RunState(), steps, 1000, only_the_facilitator)
    state, seen = _walk(state, steps, only_the_facilitator, 3)
    assert [index for index, _ in seen] == [1, 2, 3]


def test_without_presence_every_turn_is_given_in_order(steps):
    state = engine.start(RunState(), steps, 1000)
    state, seen = _walk(state, steps, None, len(steps))
    assert seen[-1] == "end" and [i for i, _ in seen[:-1]] == list(range(1, len(steps)))


def test_a_state_stored_before_owed_turns_still_loads_and_goes_back():
    old = {"status": "running", "step_index": 2, "ends_at": 5.0, "back_stack": [[1, 30.0]]}
    state = RunState.from_dict(old)
    assert state.reached == 2 and state.back_stack == ((1, 30.0, 1, ()),)
    assert RunState.from_dict(state.to_dict()) == state


def test_an_owed_role_play_turn_comes_with_the_feedback_on_it():
    from protocols.definitions import ROLEPLAY

    steps = engine.steps_for(ROLEPLAY, {"seller": [1, 2, 3], "buyer": [7], "facilitator": [9]})
    # scenario, 1 turn, feedback on 1, 2 turn, feedback on 2, 3 turn, feedback on 3, lessons
    away = frozenset({1, 3, 7, 9})
    state = engine.start(RunState(), steps, 1000, away)
    state, seen = _walk(state, steps, away, 3)
    assert [i for i, _ in seen] == [1, 2, 5]  # seller 2's turn and its feedback passed over
    state, seen = _walk(state, steps, away | {2}, 4)
    assert [i for i, _ in seen] == [6, 3, 4, 7]  # 2 joined: their turn, its feedback, lessons
