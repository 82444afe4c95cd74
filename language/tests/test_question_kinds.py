import pytest

from language.questions import classify_question


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Can you walk us through the last call?", "open"),
        ("Could you describe how they buy?", "open"),
        ("What did the CFO say?", "open"),
        ("Tell me about the moment it stalled.", "open"),
        ("They liked the demo, right?", "closed"),
        ("The deal is stuck in legal, isn't it?", "closed"),
        ("Is it a price problem or a timing problem?", "closed"),
        ("Which matters more to them, price or speed?", "closed"),
        ("How many people will use it?", "closed"),
        ("Did you talk to the CFO?", "closed"),
        ("They said no to the pilot?", "closed"),
        ("Have you tried offering a pilot?", "advice"),
        ("Why don't you call the CFO directly?", "advice"),
        ("What if you offered a discount?", "advice"),
        ("What do you think about offering free onboarding?", "advice"),
        ("What's keeping the CFO out of it?", "open"),
        ("How's the pilot going for their users?", "open"),
        ("Which concerns did procurement raise?", "open"),
        ("Which of these matters most to them, and why?", "open"),
        ("Which vendor did they choose last time?", "closed"),
        ("Please describe how they decided last time.", "open"),
        ("The CFO went quiet after the demo. What changed?", "open"),
        ("They read the proposal. Did they sign?", "closed"),
        ("Would it help to send them the case study?", "advice"),
        ("Could you offer them a pilot?", "advice"),
        ("Wouldn't a discount solve it?", "advice"),
        ("You should call the CFO.", "not_question"),
        ("I had the same problem last quarter.", "not_question"),
    ],
)
def test_hard_cases_get_the_right_kind(text, kind):
    assert classify_question(text).kind == kind


def test_narrow_fact_question_says_why():
    verdict = classify_question("How many stakeholders are involved?")
    assert "narrow fact" in verdict.reason


def test_curious_preface_is_noticed_and_the_rest_is_judged():
    opened = classify_question("I'm curious, what made them pause?")
    closed = classify_question("I'm curious whether they saw the ROI model.")
    advice = classify_question("I'm curious, have you tried calling instead?")
    assert (opened.kind, opened.curious_preface) == ("open", True)
    assert (closed.kind, closed.curious_preface) == ("closed", True)
    assert (advice.kind, advice.curious_preface) == ("advice", True)
    assert not classify_question("What made them pause?").curious_preface


def test_closed_question_gets_an_open_rewrite_from_its_own_words():
    verdict = classify_question("Did you talk to legal?")
    assert verdict.needs_nudge
    assert verdict.rewrite == "What happened when you talked to legal?"


def test_tag_question_rewrite_asks_for_the_evidence():
    assert classify_question("They have budget, don't they?").rewrite == (
        "What tells you that they have budget?"
    )


def test_advice_in_disguise_is_sent_to_the_consultation_phase():
    verdict = classify_question("Have you considered multi-threading?")
    assert verdict.needs_nudge
    assert "consultation" in verdict.reason
    assert verdict.rewrite.startswith("What")


def test_open_question_needs_no_nudge():
    assert not classify_question("How did the champion react?").needs_nudge


@pytest.mark.parametrize(
    ("advice", "rewrite"),
    [
        ("Have you tried calling the CFO?", "What has stood in the way of calling the CFO so far?"),
        (
            "Why don't you bring in a customer reference?",
            "What has stood in the way of bringing in a customer reference so far?",
        ),
        (
            "What if you offered a pilot to Northwind?",
            "What has stood in the way of offering a pilot to Northwind so far?",
        ),
        ("Why not split the deal?", "What has stood in the way of splitting the deal so far?"),
        (
            "Would it help to send them a case study?",
            "What has stood in the way of sending them a case study so far?",
        ),
    ],
)
def test_advice_is_rewritten_as_an_open_question_on_its_own_topic(advice, rewrite):
    verdict = classify_question(advice)
    assert verdict.kind == "advice" and verdict.rewrite == rewrite
