"""A word at every step of the weekly loop: who hears what, in their own time zone, unless they
switched that kind of word off."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from coaching import services as coaching
from codev import services as codev
from codev.models import CaseStatus
from conftest import COMPLETE_CASE, live_session_with_an_action
from meetings import services as meeting_services
from meetings.models import ActionItem, ActionStatus
from practice import services as practice
from recognition import services
from recognition.models import Notification, NotificationKind, NotificationSettings


def _words(person, kind=None) -> list[str]:
    found = Notification.objects.filter(user=person)
    if kind:
        found = found.filter(kind=kind)
    return list(found.order_by("id").values_list("text", flat=True))


def _case(world):
    return codev.case_save(author=world.rep, team=world.alpha, values=COMPLETE_CASE, submit=True)


def test_a_new_case_tells_the_teams_managers_and_nobody_else(world):
    case = _case(world)
    assert _words(world.manager, NotificationKind.CASE) == [
        f"Rita Rep brought a case to Alpha Sellers: “{case.title}”. It waits for your triage."
    ]
    assert Notification.objects.get(user=world.manager).url == reverse(
        "team_triage", args=[world.alpha.id]
    )
    assert _words(world.rep) == [] and _words(world.other_rep) == [] and _words(world.admin) == []


def test_a_triaged_case_tells_its_author_what_happens_next_and_why(world):
    case = _case(world)
    codev.case_triage(
        actor=world.manager, case=case, decision=CaseStatus.COACHING, reason="Pricing is yours"
    )
    (word,) = _words(world.rep, NotificationKind.CASE)
    assert word == (
        f"Max Manager triaged your case “{case.title}”: individual coaching. "
        "Max Manager takes it up with you in a 1:1: it is drafted and waits on their coaching "
        "page. Why: Pricing is yours"
    )
    declined = codev.case_save(
        author=world.rep, team=world.alpha, values=COMPLETE_CASE | {"title": "Old"}, submit=True
    )
    codev.case_triage(
        actor=world.manager, case=declined, decision=CaseStatus.DECLINED, reason="Lost already"
    )
    assert (
        "declined. It will not be worked on as it stands. Why: Lost already"
        in (_words(world.rep, NotificationKind.CASE)[-1])
    )


def test_a_scheduled_session_tells_each_member_in_their_own_time(world):
    world.manager.time_zone = "America/New_York"
    world.manager.save(update_fields=["time_zone"])
    world.rep.time_zone = "UTC"
    world.rep.save(update_fields=["time_zone"])
    when = datetime(2030, 3, 5, 15, 0, tzinfo=ZoneInfo("UTC"))
    session = codev.session_schedule(
        team=world.alpha, scheduled_at=when, presenter=world.rep, facilitator=world.manager
    )
    assert _words(world.rep, NotificationKind.SESSION) == [
        "Co-development session Tue 5 Mar, 15:00: you present."
    ]
    assert _words(world.manager, NotificationKind.SESSION) == [
        "Co-development session Tue 5 Mar, 10:00: Rita Rep presents."
    ]
    assert Notification.objects.filter(user=world.rep).get().url == reverse(
        "session_detail", args=[session.id]
    )
    assert _words(world.other_rep) == []  # another team's


def test_a_live_room_tells_everyone_in_it_but_the_one_who_opened_it(world):
    session = codev.session_schedule(
        team=world.alpha,
        scheduled_at=timezone.now() + timedelta(hours=1),
        presenter=world.rep,
        facilitator=world.manager,
    )
    Notification.objects.all().delete()
    meeting = codev.session_start(session=session, actor=world.manager)
    (word,) = _words(world.rep, NotificationKind.SESSION)
    assert word == f"Max Manager opened “{meeting.title}”: it is live, join now."
    assert _words(world.manager) == []
    assert Notification.objects.get(user=world.rep).url == reverse(
        "meeting_live", args=[meeting.id]
    )


def test_a_written_one_on_one_tells_the_rep(world):
    one = coaching.one_on_one_start(
        coach=world.manager,
        rep=world.rep,
        protocol_key="grow",
        coaching_type="developmental",
        topic="Discovery calls",
        mode="written",
        written={"goal": "Shorter discovery"},
    )
    assert _words(world.rep, NotificationKind.COACHING) == [
        "Max Manager wrote up your 1:1: “Discovery calls”. Your action items are in it."
    ]
    assert Notification.objects.get(user=world.rep).url == reverse(
        "one_on_one_detail", args=[one.id]
    )


def test_a_challenge_tells_its_participants_when_it_is_due(world):
    world.rep.time_zone = "Europe/Paris"
    world.rep.save(update_fields=["time_zone"])
    practice.challenge_create(
        actor=world.manager,
        team=world.alpha,
        kind="challenge",
        title="Price objection",
        prompt="They say: too expensive.",
        rubric="Acknowledge, 1",
        due_at=datetime(2030, 3, 8, 16, 0, tzinfo=ZoneInfo("UTC")),
        participants=[world.rep, world.manager],
        reviewer_mode="peers",
    )
    assert _words(world.rep, NotificationKind.PRACTICE) == [
        "Max Manager set you a challenge: “Price objection”, due Fri 8 Mar, 17:00."
    ]
    assert _words(world.manager) == []


def test_a_kind_switched_off_stays_quiet_and_the_others_still_come(world, client_for):
    client = client_for(world.manager)
    kept = [k for k in NotificationKind.values if k != NotificationKind.CASE]
    client.post(reverse("notifications"), {"kinds": kept, "daily_digest": "on"})
    settings = NotificationSettings.objects.get(user=world.manager)
    assert settings.muted == [NotificationKind.CASE] and settings.daily_digest
    _case(world)
    assert _words(world.manager) == []
    services.notify(users=[world.manager], text="Well done", kind=NotificationKind.KUDOS)
    assert _words(world.manager) == ["Well done"]
    page = client.get(reverse("notifications")).content.decode()
    boxes = dict(re.findall(r'<input type="checkbox" name="kinds" value="(\w+)"([^>]*)>', page))
    assert "checked" not in boxes[NotificationKind.CASE] and "checked" in boxes["kudos"]


def test_the_digest_waits_for_the_morning_after_a_first_start_at_night(world):
    world.rep.time_zone = "America/New_York"
    world.rep.save(update_fields=["time_zone"])
    night = datetime(2026, 11, 26, 23, 42, tzinfo=ZoneInfo("America/New_York"))
    (welcome,) = services.notify(users=[world.rep], text="Welcome")
    Notification.objects.filter(id=welcome.id).update(created_at=night)  # the first start
    assert services.digest_send(now=night) == 0
    morning = datetime(2026, 11, 27, 8, 5, tzinfo=ZoneInfo("America/New_York"))
    assert services.digest_send(now=morning) == 1


def test_a_commitment_is_recalled_the_day_before_and_once_overdue(world):
    world.rep.time_zone = "Asia/Tokyo"
    world.rep.save(update_fields=["time_zone"])
    _session, _meeting, action = live_session_with_an_action(world)
    Notification.objects.all().delete()
    # 20:00 UTC on the 9th is already the 10th in Tokyo: due on the 11th means "tomorrow".
    now = datetime(2030, 3, 9, 20, 0, tzinfo=ZoneInfo("UTC"))
    ActionItem.objects.filter(id=action.id).update(due_on=date(2030, 3, 11))
    assert meeting_services.commitment_reminders_send(now=now) == 1
    assert meeting_services.commitment_reminders_send(now=now) == 0  # once
    assert _words(world.rep, NotificationKind.COMMITMENT) == [
        "Due tomorrow: “Call the CFO's assistant”."
    ]
    later = now + timedelta(days=3)
    assert meeting_services.commitment_reminders_send(now=later) == 1
    assert meeting_services.commitment_reminders_send(now=later) == 0
    overdue = _words(world.rep, NotificationKind.COMMITMENT)[-1]
    assert overdue.startswith("Overdue since Mon 11 Mar: “Call the CFO's assistant”.")


def test_a_done_commitment_is_not_recalled(world):
    _session, _meeting, action = live_session_with_an_action(world)
    ActionItem.objects.filter(id=action.id).update(
        due_on=date(2030, 3, 1), status=ActionStatus.DONE
    )
    now = datetime(2030, 3, 9, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert meeting_services.commitment_reminders_send(now=now) == 0


def test_an_action_given_to_someone_else_tells_its_owner(world):
    from conftest import COMMITMENT, open_session

    _session, meeting = open_session(world)
    meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move="start")
    for _ in range(4):  # presentation, questions, request, consultation: to the action plan
        meeting_services.meeting_move(meeting_id=meeting.id, actor=world.manager, move="advance")
    meeting_services.contribution_add(
        meeting_id=meeting.id,
        author=world.rep,
        kind="action",
        text="Join the procurement call as exec sponsor",
        owner_id=world.manager.id,
        **COMMITMENT,
    )
    (word,) = _words(world.manager, NotificationKind.COMMITMENT)
    assert word.startswith("Rita Rep gave you an action in")
    assert "“Join the procurement call as exec sponsor”, by " in word
    assert _words(world.rep, NotificationKind.COMMITMENT) == []  # her own word needs no bell
