"""Who set a challenge, or the team's manager, edits its title, prompt, due date and reviewers,
and closes it: a closed challenge takes no new takes and leaves everyone's "takes due"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from conftest import make_person, uploaded_clip
from library import services as library_services
from library.models import Clip, ClipState
from practice import services
from practice.models import Challenge, Reminder, Take
from roundtable.errors import RoundtableError


@pytest.fixture
def cleo(world):
    cleo = make_person(world.org, "cleo@acme.test", "Cleo Consult")
    account_services.membership_set(team=world.alpha, person=cleo, role="rep")
    return cleo


def _challenge(world, people, **extra) -> Challenge:
    return services.challenge_create(
        actor=extra.pop("actor", world.manager),
        team=world.alpha,
        kind="challenge",
        title="Your price is too high",
        prompt="Answer the objection.",
        rubric="Acknowledges, 2\nValue, 3",
        due_at=extra.pop("due_at", timezone.now() + timedelta(days=3)),
        participants=people,
        reviewer_mode=extra.pop("reviewer_mode", "peers"),
        blind=False,
        **extra,
    )


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _edit(challenge, **values) -> dict:
    return {
        "title": challenge.title,
        "prompt": challenge.prompt,
        "due_at": _local(challenge.due_at),
        "reviewer_mode": challenge.reviewer_mode,
    } | values


def _take(challenge, person, folder) -> Take:
    clip = uploaded_clip(person, challenge.team, folder, title=f"Take by {person.first_name}")
    Clip.objects.filter(id=clip.id).update(state=ClipState.READY, duration=30)
    return services.take_submit(challenge=challenge, author=person, clip=clip)


def test_the_manager_edits_the_title_prompt_due_date_and_names_reviewers(
    world, cleo, client_for, tmp_path
):
    challenge = _challenge(world, [world.rep, cleo])
    rita_take, cleo_take = _take(challenge, world.rep, tmp_path), _take(challenge, cleo, tmp_path)
    assert services.may_review(take=cleo_take, user=world.rep)  # peers review, at first
    client = client_for(world.manager)
    page = client.get(reverse("challenge_detail", args=[challenge.id])).content.decode()
    assert reverse("challenge_edit", args=[challenge.id]) in page
    form = client.get(reverse("challenge_edit", args=[challenge.id])).content.decode()
    assert (
        'value="Your price is too high"' in form and f'value="{_local(challenge.due_at)}"' in form
    )

    due = timezone.now() + timedelta(days=6)
    response = client.post(
        reverse("challenge_edit", args=[challenge.id]),
        _edit(
            challenge,
            title="Too expensive, say it back",
            prompt="The CFO says: too expensive. Answer in one minute.",
            due_at=_local(due),
            reviewer_mode="named",
            reviewers=[cleo.id],
        ),
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.title == "Too expensive, say it back"
    assert challenge.prompt == "The CFO says: too expensive. Answer in one minute."
    assert _local(challenge.due_at) == _local(due)
    assert list(challenge.reviewers.all()) == [cleo]
    # The named peer is asked to review; the other participant no longer is.
    assert services.may_review(take=rita_take, user=cleo)
    assert not services.may_review(take=cleo_take, user=world.rep)
    page = client.get(reverse("challenge_detail", args=[challenge.id])).content.decode()
    assert "Too expensive, say it back" in page and "named peers" in page


def test_who_set_it_edits_it_after_no_longer_managing_the_team(world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    account_services.membership_set(team=world.alpha, person=world.manager, role="rep")
    response = client_for(world.manager).post(
        reverse("challenge_edit", args=[challenge.id]), _edit(challenge, title="Still mine")
    )
    assert response.status_code == 302
    assert Challenge.objects.get(id=challenge.id).title == "Still mine"


def test_a_due_date_in_the_past_is_refused_with_everything_typed_kept(world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    response = client_for(world.manager).post(
        reverse("challenge_edit", args=[challenge.id]),
        _edit(
            challenge,
            title="A better title",
            prompt="A sharper prompt.",
            due_at=_local(timezone.now() - timedelta(days=1)),
        ),
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Pick a due date in the future." in html
    assert 'value="A better title"' in html and "A sharper prompt.</textarea>" in html
    assert Challenge.objects.get(id=challenge.id).title == "Your price is too high"


def test_named_review_without_named_peers_is_refused(world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    response = client_for(world.manager).post(
        reverse("challenge_edit", args=[challenge.id]), _edit(challenge, reviewer_mode="named")
    )
    assert response.status_code == 400
    assert "Name the peers who review" in response.content.decode()
    assert Challenge.objects.get(id=challenge.id).reviewer_mode == "peers"


def test_a_past_due_date_left_as_it_was_does_not_block_a_title_fix(world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    Challenge.objects.filter(id=challenge.id).update(due_at=timezone.now() - timedelta(days=2))
    challenge.refresh_from_db()
    response = client_for(world.manager).post(
        reverse("challenge_edit", args=[challenge.id]), _edit(challenge, title="Typo fixed")
    )
    assert response.status_code == 302
    after = Challenge.objects.get(id=challenge.id)
    assert after.title == "Typo fixed" and after.due_at == challenge.due_at  # seconds kept


def test_a_new_due_date_gets_its_own_reminder(world, cleo):
    challenge = _challenge(world, [world.rep], due_at=timezone.now() + timedelta(hours=5))
    assert services.reminders_send() == 1
    services.challenge_edit(
        challenge=challenge,
        actor=world.manager,
        title=challenge.title,
        prompt=challenge.prompt,
        due_at=timezone.now() + timedelta(hours=20),
        reviewer_mode="peers",
    )
    assert not Reminder.objects.exists()
    assert services.reminders_send() == 1


def test_closing_stops_new_takes_and_leaves_takes_due(world, cleo, client_for, tmp_path):
    challenge = _challenge(world, [world.rep, cleo], due_at=timezone.now() + timedelta(hours=5))
    _take(challenge, cleo, tmp_path)
    rep_home = client_for(world.rep).get(reverse("home")).content.decode()
    assert "Takes due" in rep_home and "Your price is too high" in rep_home

    response = client_for(world.manager).post(
        reverse("challenge_close", args=[challenge.id]), follow=True
    )
    assert "Closed: it takes no new takes." in response.content.decode()
    assert Challenge.objects.get(id=challenge.id).closed_at is not None

    client = client_for(world.rep)
    assert "Takes due" not in client.get(reverse("home")).content.decode()
    practice = client.get(reverse("practice_home")).content.decode()
    assert "Your take is due" not in practice and '<span class="badge">Closed</span>' in practice
    page = client.get(reverse("challenge_detail", args=[challenge.id])).content.decode()
    assert "it takes no new takes" in page and "Record your take" not in page
    assert "Cleo Consult</h3>" in page  # the takes stay, to review
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, title="Late take")
    answer = client.post(
        reverse("take_submit", args=[challenge.id]), {"clip": clip.id}, follow=True
    )
    assert "This challenge is closed: it takes no new takes." in answer.content.decode()
    assert not Take.objects.filter(author=world.rep).exists()
    assert services.reminders_send() == 0  # due within the day, but closed


def test_closing_twice_says_it_is_closed_already(world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    client = client_for(world.manager)
    client.post(reverse("challenge_close", args=[challenge.id]))
    closed_at = Challenge.objects.get(id=challenge.id).closed_at
    again = client.post(reverse("challenge_close", args=[challenge.id]), follow=True)
    assert "This challenge is already closed." in again.content.decode()
    assert Challenge.objects.get(id=challenge.id).closed_at == closed_at


def test_a_closed_challenge_is_not_edited_any_more(world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    services.challenge_close(challenge=challenge, actor=world.manager)
    client = client_for(world.manager)
    page = client.get(reverse("challenge_edit", args=[challenge.id])).content.decode()
    assert "cannot be changed any more" in page and "<form" not in page.split("<main", 1)[-1]
    response = client.post(
        reverse("challenge_edit", args=[challenge.id]), _edit(challenge, title="Reopened?")
    )
    assert response.status_code == 400
    assert Challenge.objects.get(id=challenge.id).title == "Your price is too high"


@pytest.mark.parametrize("persona", ["teammate", "other_rep", "outsider"])
def test_nobody_else_edits_or_closes_a_challenge(persona, world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    person = cleo if persona == "teammate" else world.persona(persona)
    expected = 403 if persona == "teammate" else 404  # a rep of the team sees it, no more
    client = client_for(person)
    assert client.get(reverse("challenge_edit", args=[challenge.id])).status_code == expected
    edit = client.post(reverse("challenge_edit", args=[challenge.id]), _edit(challenge, title="X"))
    assert edit.status_code == expected
    assert client.post(reverse("challenge_close", args=[challenge.id])).status_code == expected
    after = Challenge.objects.get(id=challenge.id)
    assert after.title == "Your price is too high" and after.closed_at is None
    if expected == 403:
        page = client.get(reverse("challenge_detail", args=[challenge.id])).content.decode()
        assert reverse("challenge_edit", args=[challenge.id]) not in page
        assert reverse("challenge_close", args=[challenge.id]) not in page
    with pytest.raises(RoundtableError):
        services.challenge_close(challenge=challenge, actor=person)


def test_close_is_post_only(world, cleo, client_for):
    challenge = _challenge(world, [world.rep, cleo])
    url = reverse("challenge_close", args=[challenge.id])
    assert client_for(world.manager).get(url).status_code == 405
    assert Challenge.objects.get(id=challenge.id).closed_at is None


def test_a_deleted_clip_takes_its_take_off_the_board(world, cleo, client_for, tmp_path):
    challenge = _challenge(world, [world.rep, cleo])
    take = _take(challenge, cleo, tmp_path)
    services.challenge_feature(challenge=challenge, actor=world.manager, take=take)
    library_services.clip_delete(clip=take.clip)
    assert not Take.objects.exists()
    assert Challenge.objects.get(id=challenge.id).featured_take is None
    page = client_for(world.manager).get(reverse("challenge_detail", args=[challenge.id]))
    assert "Take by Cleo" not in page.content.decode() and "No take yet." in page.content.decode()
