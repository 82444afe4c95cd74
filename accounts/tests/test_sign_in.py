from django.urls import reverse

from accounts import services
from conftest import PASSWORD


def test_rep_signs_in_with_email_in_any_case_and_lands_home(world, client):
    response = client.post(
        reverse("login"), {"username": "RITA@Acme.test", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert b"Hello, Rita" in response.content


def test_wrong_password_says_what_to_do_and_keeps_the_email(world, client):
    response = client.post(reverse("login"), {"username": "rita@acme.test", "password": "nope"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "do not match. Check both, or reset your password" in html
    assert 'value="rita@acme.test"' in html


def test_sign_out_ends_the_session(world, client):
    client.force_login(world.rep)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_switched_off_person_cannot_sign_in(world, client):
    services.person_set_active(actor=world.admin, person=world.rep, active=False)
    response = client.post(reverse("login"), {"username": "rita@acme.test", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
