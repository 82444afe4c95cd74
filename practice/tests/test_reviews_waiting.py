"""The home says whose takes wait for your review: the ones you are asked to review."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import TeamRole
from conftest import make_person, uploaded_clip
from practice.models import Review
from practice.services import challenge_create, take_submit


def _challenge(world, mode, reviewers=()):
    return challenge_create(
        actor=world.manager,
        team=world.alpha,
        kind="challenge",
        title="Price objection",
        prompt="They say: too expensive.",
        rubric="Acknowledge, 1",
        due_at=timezone.now() + timedelta(days=3),
        participants=[world.rep, *reviewers],
        reviewer_mode=mode,
        reviewers=list(reviewers),
        blind=False,
    )


def _home(client_for, person) -> str:
    return client_for(person).get(reverse("home")).content.decode()


def test_named_reviewers_are_the_ones_asked(world, client_for, tmp_path):
    nora = make_person(world.org, "nora@acme.test", "Nora Named")
    pete = make_person(world.org, "pete@acme.test", "Pete Peer")
    for person in (nora, pete):
        account_services.membership_set(team=world.alpha, person=person, role=TeamRole.REP)
    challenge = _challenge(world, "named", reviewers=[nora])
    challenge.participants.add(pete)
    take = take_submit(
        challenge=challenge, author=world.rep, clip=uploaded_clip(world.rep, world.alpha, tmp_path)
    )
    home = _home(client_for, nora)
    assert "Reviews waiting for you" in home and "Rita Rep's take" in home
    assert f"#take-{take.id}" in home
    assert "Reviews waiting for you" not in _home(client_for, pete)  # a peer, not named
    assert "Reviews waiting for you" not in _home(client_for, world.manager)  # not asked here
    assert "Reviews waiting for you" not in _home(client_for, world.rep)  # never one's own

    Review.objects.create(take=take, reviewer=nora, comment="The pause was good.")
    assert "Reviews waiting for you" not in _home(client_for, nora)


def test_the_manager_is_asked_in_a_manager_reviewed_challenge_until_it_is_closed(
    world, client_for, tmp_path
):
    challenge = _challenge(world, "manager")
    take_submit(
        challenge=challenge, author=world.rep, clip=uploaded_clip(world.rep, world.alpha, tmp_path)
    )
    assert "Reviews waiting for you" in _home(client_for, world.manager)
    challenge.closed_at = timezone.now()
    challenge.save(update_fields=["closed_at"])
    assert "Reviews waiting for you" not in _home(client_for, world.manager)
