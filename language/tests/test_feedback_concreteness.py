import pytest

from language.feedback import classify_feedback


@pytest.mark.parametrize(
    "text",
    [
        "Great job!",
        "Be more confident.",
        "You sound nervous.",
        "Needs more energy.",
        "Loved it",
        "Show more passion for the product.",
        "Nice work, keep it up.",
        "Smile more.",
    ],
)
def test_verdicts_and_traits_are_abstract(text):
    verdict = classify_feedback(text)
    assert verdict.kind == "abstract"
    assert verdict.ask_yourself.startswith("What did you see or hear?")
    assert verdict.rewrite


@pytest.mark.parametrize(
    "text",
    [
        "At 0:45 you asked what a delay would cost them.",
        "Speak louder so the room can hear you.",
        "Send the recap within an hour with three dated next steps.",
        "Turn your camera on for the whole call.",
        "You said “basically” seven times in the first minute.",
        "Speak at a slower cadence when you give the price.",
        "Pause after you name the price.",
        "Great job: you asked four open questions before pitching.",
    ],
)
def test_observations_moments_and_measurable_directives_are_concrete(text):
    assert classify_feedback(text).kind == "concrete"


def test_nervous_gets_the_slower_cadence_rewrite():
    verdict = classify_feedback("You sound nervous")
    assert "slower cadence" in verdict.rewrite
    assert "“you sound”" in verdict.reason


def test_sbi_parts_are_found_and_the_missing_ones_named():
    full = classify_feedback(
        "In Tuesday's demo you paused after the price, so the CFO started talking about budget."
    )
    assert full.sbi == {"situation": True, "behaviour": True, "impact": True}
    partial = classify_feedback("You paused after the price.")
    assert partial.sbi_missing == ["impact"]


def test_a_moment_and_what_it_changed_is_concrete_without_a_verdict():
    concrete = "Thanks for the walkthrough of the renewal call on Tuesday, it helped Tom close."
    assert classify_feedback(concrete).kind == "concrete"
    assert classify_feedback("Thanks for your help yesterday, it made a difference.").kind == (
        "abstract"
    )
