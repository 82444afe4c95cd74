"""Closing a challenge is claimed: two people closing at once close it once, and a take sent
at the moment it closes is either in before the close or refused (run on both engines)."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import services as account_services
from accounts.models import TeamRole
from conftest import make_person, uploaded_clip
from practice.models import Challenge, Take
from practice.tests.test_challenge_mending import _challenge

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each call got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_two_managers_closing_at_once_close_it_once_and_the_other_is_told(world):
    second = make_person(world.org, "mia@acme.test", "Mia Manager")
    account_services.membership_set(team=world.alpha, person=second, role=TeamRole.MANAGER)
    challenge = _challenge(world, [world.rep])
    url = reverse("challenge_close", args=[challenge.id])
    clients = [_signed_in(world.manager), _signed_in(second)]
    answers = _at_once(*[lambda c=c: c.post(url, follow=True) for c in clients])
    pages = [a.content.decode() for a in answers]
    assert sum("Closed: it takes no new takes." in p for p in pages) == 1
    assert sum("This challenge is already closed." in p for p in pages) == 1
    assert Challenge.objects.get(id=challenge.id).closed_at is not None


def test_a_take_sent_as_the_challenge_closes_is_in_before_or_refused(world, tmp_path):
    challenge = _challenge(world, [world.rep])
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    rep, manager = _signed_in(world.rep), _signed_in(world.manager)
    take_answer, close_answer = _at_once(
        lambda: rep.post(
            reverse("take_submit", args=[challenge.id]), {"clip": clip.id}, follow=True
        ),
        lambda: manager.post(reverse("challenge_close", args=[challenge.id]), follow=True),
    )
    assert "Closed: it takes no new takes." in close_answer.content.decode()
    told = take_answer.content.decode()
    challenge.refresh_from_db()
    take = Take.objects.filter(challenge=challenge, author=world.rep).first()
    if take is None:
        assert "This challenge is closed" in told
    else:
        assert "Your take is in." in told and take.submitted_at <= challenge.closed_at
