import re

from django.core import mail
from django.urls import reverse

from conftest import PASSWORD


def test_forgotten_password_is_reset_through_the_emailed_link(world, client):
    response = client.post(reverse("password_reset"), {"email": "rita@acme.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita@acme.test"]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "a-brand-new-pass-42", "new_password2": "a-brand-new-pass-42"}
    )
    assert response.status_code == 302

    client.logout()
    assert client.login(username="rita@acme.test", password="a-brand-new-pass-42")
    assert not client.login(username="rita@acme.test", password=PASSWORD)


def test_unknown_email_gets_the_same_answer_and_no_mail(world, client):
    response = client.post(reverse("password_reset"), {"email": "nobody@acme.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_used_or_bad_reset_link_offers_a_new_one(world, client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert b"This link no longer works" in response.content
