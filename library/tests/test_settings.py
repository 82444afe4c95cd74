from django.urls import reverse

from conftest import uploaded_clip
from library.models import Clip, Situation


def test_an_admin_sets_the_clip_limit_and_the_situations(world, tmp_path, client_for):
    clip = uploaded_clip(world.rep, world.alpha, tmp_path)
    pricing = Situation.objects.get(organisation=world.org, name="Pricing")
    Clip.objects.filter(id=clip.id).update(situation=pricing)
    response = client_for(world.admin).post(
        reverse("library_settings"),
        {"clip_max_seconds": 90, "situations": "pricing\nRenewal\n\nrenewal\nSecurity review"},
    )
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert world.org.clip_max_seconds == 90
    names = list(Situation.objects.filter(organisation=world.org).values_list("name", flat=True))
    assert names == ["pricing", "Renewal", "Security review"]
    clip.refresh_from_db()
    assert clip.situation_id == pricing.id  # kept: only its letter case changed
    other = Situation.objects.filter(organisation=world.other_org)
    assert not other.filter(name="Renewal").exists() and other.filter(name="Demo").exists()


def test_bad_settings_are_refused_and_kept_on_the_page(world, client_for):
    response = client_for(world.admin).post(
        reverse("library_settings"), {"clip_max_seconds": 5, "situations": "Discovery"}
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 10" in response.content.decode()
    assert 'name="clip_max_seconds" value="5"' in response.content.decode()
    assert "Discovery</textarea>" in response.content.decode()
    response = client_for(world.admin).post(
        reverse("library_settings"), {"clip_max_seconds": 60, "situations": "  \n "}
    )
    assert "Keep at least one selling situation" in response.content.decode()
    assert 'name="clip_max_seconds" value="60"' in response.content.decode()
    world.org.refresh_from_db()
    assert world.org.clip_max_seconds == 120


def test_a_new_organisation_starts_with_the_default_situations(db):
    from accounts.services import organisation_create
    from library.models import DEFAULT_SITUATIONS

    organisation = organisation_create(name="Initech", slug="initech")
    names = Situation.objects.filter(organisation=organisation).values_list("name", flat=True)
    assert list(names) == DEFAULT_SITUATIONS
