import pytest

from practice.rubric import (
    Criterion,
    criterion_averages,
    parse_rubric,
    review_percent,
    take_percent,
)

RUBRIC = [
    Criterion(1, "Acknowledge", 2),
    Criterion(2, "Open question", 1),
    Criterion(3, "Value", 3),
]


def test_a_review_is_the_weighted_share_of_the_top_score():
    # (2*4/4 + 1*2/4 + 3*1/4) / 6 = 3.25 / 6
    assert review_percent(RUBRIC, {1: 4, 2: 2, 3: 1}, top=4) == pytest.approx(54.2)


def test_partial_credit_counts_never_pass_or_fail():
    assert review_percent(RUBRIC, {1: 0, 2: 0, 3: 0}, top=4) == 0
    assert review_percent(RUBRIC, {1: 1, 2: 1, 3: 1}, top=4) == 25
    assert review_percent(RUBRIC, {1: 4, 2: 4, 3: 4}, top=4) == 100


def test_a_take_is_the_mean_of_its_reviews():
    reviews = [{1: 4, 2: 4, 3: 4}, {1: 2, 2: 2, 3: 2}]
    assert take_percent(RUBRIC, reviews, top=4) == 75
    assert take_percent(RUBRIC, [], top=4) is None


def test_criterion_averages_over_the_reviews():
    averages = criterion_averages(RUBRIC, [{1: 4, 2: 1, 3: 3}, {1: 3, 2: 2, 3: 3}])
    assert averages == {1: 3.5, 2: 1.5, 3: 3.0}


def test_rubric_text_is_parsed_with_weights():
    assert parse_rubric("Acknowledge, 2\n\nAsk an open question\nValue, not a discount, 3") == [
        ("Acknowledge", 2),
        ("Ask an open question", 1),
        ("Value, not a discount", 3),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "at least one"), ("Acknowledge, heavy", "Line 1"), (", 2", "name"), ("A, 11", "1-10")],
)
def test_a_broken_rubric_says_which_line_and_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_rubric(text)
