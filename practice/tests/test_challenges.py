from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.timezones import spoken
from conftest import make_person, uploaded_clip
from library.models import Clip, ClipState
from library.selectors import situations_for
from library.services import helpful_toggle
from practice import services
from practice.models import Challenge, Reminder, Review, Take
from recognition.models import Notification, NotificationKind


@pytest.fixture
def team(world):
    from accounts import services as account_services

    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role="rep")
    return world, cleo


def _form(world, **extra):
    data = {
        "kind": "challenge",
        "title": "Your price is too high",
        "prompt": "The CFO says: your price is too high. Answer in two minutes.",
        "rubric": "Acknowledges the concern, 2\nAnswers with value, 3",
        "due_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "participants": [world.rep.id],
        "reviewer_mode": "peers",
    }
    return data | extra


def _challenge(world, people, **extra) -> Challenge:
    return services.challenge_create(
        actor=world.manager,
        team=world.alpha,
        kind=extra.pop("kind", "challenge"),
        title=extra.pop("title", "Your price is too high"),
        prompt=extra.pop("prompt", "Answer the objection."),
        rubric=extra.pop("rubric", "Acknowledges, 2\nValue, 3"),
        due_at=extra.pop("due_at", timezone.now() + timedelta(days=3)),
        participants=people,
        reviewer_mode=extra.pop("reviewer_mode", "peers"),
        blind=extra.pop("blind", False),
        **extra,
    )


def _ready_take(challenge, person, folder) -> Take:
    clip = uploaded_clip(person, challenge.team, folder, title=f"Take by {person.first_name}")
    Clip.objects.filter(id=clip.id).update(state=ClipState.READY, duration=30)
    return services.take_submit(challenge=challenge, author=person, clip=clip)


def test_a_manager_posts_a_challenge_with_a_rubric(team, client_for):
    world, cleo = team
    data = _form(world, participants=[world.rep.id, cleo.id], blind="on")
    response = client_for(world.manager).post(reverse("challenge_new", args=[world.alpha.id]), data)
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert [(c.name, c.weight) for c in challenge.criteria.all()] == [
        ("Acknowledges the concern", 2),
        ("Answers with value", 3),
    ]
    assert challenge.blind and set(challenge.participants.all()) == {world.rep, cleo}


def test_a_broken_rubric_keeps_everything_typed(team, client_for):
    world, _ = team
    data = _form(world, rubric="Acknowledges, lots")
    response = client_for(world.manager).post(reverse("challenge_new", args=[world.alpha.id]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Line 1: the weight after the comma is a whole number 1-10." in html
    assert "The CFO says: your price is too high." in html
    assert 'value="Your price is too high"' in html and "Acknowledges, lots</textarea>" in html
    assert Challenge.objects.count() == 0


def test_blind_challenge_hides_the_others_takes_until_you_submit(team, client_for, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo], blind=True)
    _ready_take(challenge, cleo, tmp_path)
    page = client_for(world.rep).get(reverse("challenge_detail", args=[challenge.id]))
    html = page.content.decode()
    assert "1 take already in. Submit yours to see them" in html
    assert "Cleo Consult</h3>" not in html
    _ready_take(challenge, world.rep, tmp_path)
    html = client_for(world.rep).get(reverse("challenge_detail", args=[challenge.id])).content
    assert "Cleo Consult" in html.decode()
    manager_html = client_for(world.manager).get(reverse("challenge_detail", args=[challenge.id]))
    assert "Cleo Consult" in manager_html.content.decode()  # the manager always sees every take


def test_the_leaders_take_goes_first_as_the_example(team, tmp_path, client_for):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo], blind=True)
    _ready_take(challenge, cleo, tmp_path)
    example = _ready_take(challenge, world.manager, tmp_path)
    assert example.is_example
    html = client_for(world.rep).get(reverse("challenge_detail", args=[challenge.id])).content
    html = html.decode()
    assert "the leader's example" in html  # shown even before the rep submits
    assert "Cleo Consult</h3>" not in html


def test_peers_review_with_partial_credit_and_the_take_gets_its_score(team, client_for, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo])
    take = _ready_take(challenge, world.rep, tmp_path)
    first, second = challenge.criteria.all()
    response = client_for(cleo).post(
        reverse("take_review", args=[take.id]),
        {
            f"score-{first.id}": "3",
            f"score-{second.id}": "2",
            "comment": "You asked what a delay would cost them before giving the price.",
        },
    )
    assert response.status_code == 302
    (word,) = Notification.objects.filter(user=world.rep, kind=NotificationKind.FEEDBACK)
    assert word.text == f"Cleo Consult reviewed your take on “{challenge.title}”."
    html = client_for(world.manager).get(reverse("challenge_detail", args=[challenge.id])).content
    # (2*3/4 + 3*2/4) / 5 = 60%
    assert '<strong class="take__score">60%</strong> from 1 review' in html.decode()


def test_abstract_review_is_held_with_the_scores_kept(team, client_for, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo])
    take = _ready_take(challenge, world.rep, tmp_path)
    first, second = challenge.criteria.all()
    data = {f"score-{first.id}": "1", f"score-{second.id}": "4", "comment": "Great job!"}
    response = client_for(cleo).post(reverse("take_review", args=[take.id]), data)
    html = response.content.decode()
    assert Review.objects.count() == 0
    assert "Could it be more concrete?" in html and "Great job!</textarea>" in html
    assert f'name="score-{second.id}" value="4" checked' in html
    client_for(cleo).post(reverse("take_review", args=[take.id]), data | {"post_anyway": "1"})
    assert Review.objects.get().comment == "Great job!"


def test_a_score_off_the_scale_is_refused_with_the_review_kept(team, client_for, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo])
    take = _ready_take(challenge, world.rep, tmp_path)
    first, second = challenge.criteria.all()
    data = {
        f"score-{first.id}": "9",
        f"score-{second.id}": "2",
        "comment": "You named the cost of waiting before the price.",
    }
    response = client_for(cleo).post(reverse("take_review", args=[take.id]), data)
    html = response.content.decode()
    assert response.status_code == 400 and Review.objects.count() == 0
    assert f"Score each line from 0 to {challenge.top_score}" in html
    assert "cost of waiting before the price.</textarea>" in html
    assert f'name="score-{second.id}" value="2" checked' in html


def test_a_review_must_score_every_criterion(team, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo])
    take = _ready_take(challenge, world.rep, tmp_path)
    first = challenge.criteria.first()
    with pytest.raises(services.RoundtableError, match="Score every criterion: Value"):
        services.review_save(take=take, reviewer=cleo, scores={first.id: 2}, comment="")


def test_nobody_reviews_their_own_take_and_named_mode_limits_reviewers(team, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo], reviewer_mode="named", reviewers=[world.rep])
    take = _ready_take(challenge, cleo, tmp_path)
    assert not services.may_review(take=take, user=cleo)
    assert services.may_review(take=take, user=world.rep)
    assert services.may_review(take=take, user=world.manager)
    other = _ready_take(challenge, world.rep, tmp_path)
    assert not services.may_review(take=other, user=cleo)  # not named


def test_featuring_a_take_tells_its_author_and_leads_the_playbook(
    team, client_for, tmp_path, django_capture_on_commit_callbacks
):
    world, cleo = team
    situation = situations_for(organisation=world.org)[1]
    challenge = _challenge(world, [world.rep, cleo], situation=situation)
    take = _ready_take(challenge, cleo, tmp_path)
    helpful = _ready_take(challenge, world.rep, tmp_path)
    helpful_toggle(clip=helpful.clip, user=world.manager, on=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.manager).post(
            reverse("challenge_feature", args=[challenge.id]), {"take": take.id}
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == [cleo.email]
    assert "what good looks like" in mail.outbox[0].subject
    html = client_for(world.rep).get(reverse("playbook_situation", args=[situation.id])).content
    html = html.decode()
    assert html.index("Take by Cleo") < html.index("Take by Rita")  # featured first
    assert "1 found it helpful" in html


def test_compare_shows_the_ticked_takes_side_by_side(team, client_for, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo])
    a, b = _ready_take(challenge, world.rep, tmp_path), _ready_take(challenge, cleo, tmp_path)
    url = reverse("challenge_compare", args=[challenge.id])
    html = client_for(world.manager).get(url, {"take": [a.id, b.id]}).content.decode()
    assert (
        "Side by side" in html and "Feature Rita's take" in html and "Feature Cleo's take" in html
    )
    assert client_for(world.manager).get(url, {"take": [a.id]}).status_code == 302


def test_reminders_go_once_to_those_who_have_not_submitted(team, tmp_path):
    world, cleo = team
    challenge = _challenge(world, [world.rep, cleo], due_at=timezone.now() + timedelta(hours=5))
    later = _challenge(world, [world.rep], due_at=timezone.now() + timedelta(days=5))
    _ready_take(challenge, cleo, tmp_path)
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert [m.to for m in mail.outbox] == [[world.rep.email]]
    assert not Reminder.objects.filter(challenge=later).exists()
    # The same word in Rita's bell, at her time; nothing for Cleo, who has answered.
    bell = Notification.objects.filter(kind=NotificationKind.PRACTICE, text__contains="is due")
    assert list(bell.values_list("user_id", flat=True)) == [world.rep.id]
    assert spoken(challenge.due_at, world.rep.time_zone) in bell.get().text


def test_teach_back_defaults_and_the_best_explanation_on_the_term_page(team, client_for, tmp_path):
    world, cleo = team
    from vocabulary.models import Term

    term = Term.objects.get(organisation=world.org, slug="multi-threading")
    teach = _challenge(
        world, [world.rep, cleo], kind="teachback", title="", prompt="", rubric="", term=term
    )
    assert teach.title == "Teach back: Multi-threading"
    assert [c.name for c in teach.criteria.all()] == [
        "Clear: I could follow it",
        "Accurate: it matches our definition",
        "A real example",
    ]
    take = _ready_take(teach, cleo, tmp_path)
    services.challenge_feature(challenge=teach, actor=world.manager, take=take)
    html = client_for(world.rep).get("/vocabulary/multi-threading/").content.decode()
    assert "Best explanation" in html and "Cleo Consult explains it" in html


def test_practice_list_query_count_is_flat(team, client_for, django_assert_num_queries):
    world, cleo = team
    for n in range(5):
        _challenge(world, [world.rep, cleo], title=f"Challenge {n}")
    client = client_for(world.rep)
    client.get(reverse("practice_home"))
    # Session, user, managed teams, member teams, the challenges with their counts, the
    # role-plays and deal clinics with their commitments counted.
    with django_assert_num_queries(7):
        html = client.get(reverse("practice_home")).content.decode()
    assert html.count("Your take is due") == 5


def test_challenge_page_query_count_does_not_grow_with_takes(
    team, client_for, tmp_path, django_assert_num_queries
):
    world, cleo = team
    extra = [make_person(world.org, f"rep{n}@acme.test", f"Rep {n}") for n in range(3)]
    from accounts import services as account_services

    for person in extra:
        account_services.membership_set(team=world.alpha, person=person, role="rep")
    challenge = _challenge(world, [world.rep, cleo, *extra])
    for person in [cleo, *extra]:
        take = _ready_take(challenge, person, tmp_path)
        criteria = list(challenge.criteria.all())
        services.review_save(
            take=take, reviewer=world.manager, scores={c.id: 2 for c in criteria}, comment=""
        )
    client = client_for(world.rep)
    url = reverse("challenge_detail", args=[challenge.id])
    client.get(url)
    # Session, user, the challenge, managed and member teams, criteria, takes with clips and
    # transcripts, their reviews, their scores, participants, reviewers, the rep's own clips.
    with django_assert_num_queries(13):
        html = client.get(url).content.decode()
    assert html.count('class="card take') == 4


def test_playbook_page_query_count_does_not_grow_with_clips(
    team, client_for, tmp_path, django_assert_num_queries
):
    world, cleo = team
    situation = situations_for(organisation=world.org)[2]
    challenge = _challenge(world, [world.rep, cleo], situation=situation)
    take = _ready_take(challenge, cleo, tmp_path)
    services.challenge_feature(challenge=challenge, actor=world.manager, take=take)
    for n in range(4):
        clip = uploaded_clip(world.rep, world.alpha, tmp_path, title=f"Helpful {n}")
        Clip.objects.filter(id=clip.id).update(state=ClipState.READY, situation=situation)
        helpful_toggle(clip=clip, user=world.manager, on=True)
    client = client_for(world.rep)
    url = reverse("playbook_situation", args=[situation.id])
    client.get(url)
    # Session, user, the situation, member teams, featured clips, helpful clips, the glossary,
    # the lessons, and the navigation's managed teams.
    with django_assert_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count("found it helpful") == 4 and "Featured" in html
