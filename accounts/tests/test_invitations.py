import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, OrgRole, TeamRole, User
from roundtable.errors import RoundtableError


def _invite(client, **data):
    payload = {"email": "nina@acme.test", "full_name": "Nina New", "role": "rep"} | data
    return client.post(reverse("invitation_new"), payload)


def test_admin_invites_by_email_and_the_worker_sends_the_link(
    world, client_for, run_worker, django_capture_on_commit_callbacks
):
    client = client_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, team=world.alpha.id)
    assert response.status_code == 302
    assert mail.outbox == []  # sent by the worker, not by the request
    run_worker()
    assert len(mail.outbox) == 1
    invitation = Invitation.objects.get(email="nina@acme.test")
    assert invitation.url in mail.outbox[0].body
    assert "Alpha Sellers" in mail.outbox[0].body
    assert invitation.email_sent_at is not None


def test_accepting_creates_the_account_in_the_team_with_the_role(world, client):
    invitation = services.invitation_create(
        actor=world.admin, email="Mia@Acme.test", role="manager", team=world.beta
    )
    response = client.post(
        reverse("invitation_accept", args=[invitation.token]),
        {
            "full_name": "Mia Manager",
            "password1": "sturdy-pass-123",
            "password2": "sturdy-pass-123",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="mia@acme.test")
    assert person.organisation_id == world.org.id
    assert Membership.objects.get(user=person).role == TeamRole.MANAGER
    assert client.get(reverse("home")).context["user"] == person


def test_admin_role_invitation_makes_an_org_admin(world, client):
    invitation = services.invitation_create(
        actor=world.admin, email="al@acme.test", role="admin", team=None
    )
    services.invitation_accept(token=invitation.token, full_name="Al", password="sturdy-pass-123")
    assert User.objects.get(email="al@acme.test").org_role == OrgRole.ADMIN


def test_a_link_makes_one_account_only(world):
    invitation = services.invitation_create(
        actor=world.admin, email="one@acme.test", role="rep", team=world.alpha
    )
    services.invitation_accept(token=invitation.token, full_name="One", password="sturdy-pass-123")
    with pytest.raises(RoundtableError, match="already used"):
        services.invitation_accept(token=invitation.token, full_name="Two", password="x-pass-9876")
    assert User.objects.filter(email="one@acme.test").count() == 1


@pytest.mark.parametrize(
    ("close", "message"),
    [
        (lambda i: services.invitation_revoke(invitation=i), "withdrawn"),
        (lambda i: Invitation.objects.filter(id=i.id).update(expires_at=timezone.now()), "expired"),
    ],
)
def test_closed_links_explain_what_to_do(world, client, close, message):
    invitation = services.invitation_create(
        actor=world.admin, email="late@acme.test", role="rep", team=world.alpha
    )
    close(invitation)
    response = client.get(reverse("invitation_accept", args=[invitation.token]))
    assert response.status_code == 404
    assert message in response.content.decode()
    assert "Ask your manager" in response.content.decode()


def test_mismatched_passwords_keep_what_was_typed(world, client):
    invitation = services.invitation_create(
        actor=world.admin, email="typo@acme.test", role="rep", team=world.alpha
    )
    response = client.post(
        reverse("invitation_accept", args=[invitation.token]),
        {"full_name": "Tara Typo", "password1": "sturdy-pass-123", "password2": "sturdy-pass-124"},
    )
    html = response.content.decode()
    assert "The two passwords differ" in html
    assert 'value="Tara Typo"' in html
    assert not User.objects.filter(email="typo@acme.test").exists()


def test_manager_invites_reps_to_their_own_team_only(world, client_for):
    client = client_for(world.manager)
    page = client.get(reverse("invitation_new")).content.decode()
    assert "Alpha Sellers" in page and "Beta Closers" not in page
    assert 'value="manager"' not in page
    refused = _invite(client, team=world.beta.id)
    assert refused.status_code == 200
    assert not Invitation.objects.filter(email="nina@acme.test").exists()
    forged_role = _invite(client, team=world.alpha.id, role="admin")
    assert forged_role.status_code == 200
    assert _invite(client, team=world.alpha.id).status_code == 302
    assert Invitation.objects.get(email="nina@acme.test").role == "rep"


def test_inviting_an_existing_colleague_points_to_people(world, client_for):
    response = _invite(client_for(world.admin), email="RITA@acme.test", team=world.alpha.id)
    html = response.content.decode()
    assert "already has an account here" in html
    assert 'value="RITA@acme.test"' in html


def test_reinviting_replaces_the_open_invitation(world):
    first = services.invitation_create(
        actor=world.admin, email="re@acme.test", role="rep", team=world.alpha
    )
    second = services.invitation_create(
        actor=world.admin, email="re@acme.test", role="rep", team=world.beta
    )
    first.refresh_from_db()
    assert first.status == "revoked" and second.status == "pending"


def test_resend_extends_the_link_and_returns_the_row_for_htmx(world, client_for):
    invitation = services.invitation_create(
        actor=world.admin, email="slow@acme.test", role="rep", team=world.alpha
    )
    Invitation.objects.filter(id=invitation.id).update(
        expires_at=timezone.now() + timedelta(days=1)
    )
    response = client_for(world.manager).post(
        reverse("invitation_resend", args=[invitation.id]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert f'id="invitation-{invitation.id}"' in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=10)


def test_withdrawing_twice_says_it_is_already_closed(world, client_for):
    invitation = services.invitation_create(
        actor=world.admin, email="w@acme.test", role="rep", team=world.alpha
    )
    client = client_for(world.admin)
    client.post(reverse("invitation_revoke", args=[invitation.id]))
    response = client.post(reverse("invitation_revoke", args=[invitation.id]), follow=True)
    assert "already accepted or revoked" in response.content.decode()


def test_invitation_list_query_count_does_not_grow_with_invitations(
    world, client_for, django_assert_num_queries
):
    for n in range(12):
        services.invitation_create(
            actor=world.admin, email=f"p{n}@acme.test", role="rep", team=world.alpha
        )
    client = client_for(world.admin)
    # session, user, nav (managed teams), the invitations with team and inviter joined.
    with django_assert_num_queries(5):
        response = client.get(reverse("invitation_list"))
    assert response.content.decode().count('class="invite"') == 12
    assert re.search(r"p11@acme\.test", response.content.decode())
