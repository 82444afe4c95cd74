import pytest

from language.questions import is_question


@pytest.mark.parametrize(
    "text",
    [
        "What did the CFO say exactly?",
        "how did you open the call",
        "Tell me about the IT lead",
        "Can you walk us through the last meeting?",
        "I'm curious, what happened after the demo",
        "Did they see the ROI model",
    ],
)
def test_questions_are_recognised(text):
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    ["You should offer a discount.", "I had the same client last year", "", "   "],
)
def test_statements_are_not_questions(text):
    assert not is_question(text)
