from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import User
from conftest import photo_upload

VALUES = {
    "full_name": "Rita R. Rep",
    "title": "Senior Account Executive",
    "time_zone": "Europe/Paris",
    "language": "fr",
    "appreciation": "acts_of_service",
    "appreciation_note": "help me prep a big demo",
}


def test_rep_edits_profile_and_colleagues_see_it(world, client_for):
    response = client_for(world.rep).post(reverse("profile"), VALUES | {"photo": photo_upload()})
    assert response.status_code == 302
    rep = User.objects.get(id=world.rep.id)
    assert (rep.full_name, rep.time_zone, rep.language) == ("Rita R. Rep", "Europe/Paris", "fr")
    with Image.open(rep.photo.path) as stored:
        assert stored.size == (512, 512) and stored.format == "JPEG"

    card = client_for(world.other_rep).get(reverse("person_detail", args=[rep.id])).content.decode()
    assert "Acts of service" in card and "help me prep a big demo" in card
    assert "Europe/Paris" in card


def test_a_file_that_is_not_a_photo_is_refused_and_typed_fields_are_kept(world, client_for):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    response = client_for(world.rep).post(reverse("profile"), VALUES | {"photo": fake})
    html = response.content.decode()
    assert response.status_code == 200
    assert "not a photo we can read" in html
    assert 'value="Rita R. Rep"' in html and "help me prep a big demo" in html
    assert User.objects.get(id=world.rep.id).full_name == "Rita Rep"


def test_an_empty_name_is_refused(world, client_for):
    response = client_for(world.rep).post(reverse("profile"), VALUES | {"full_name": " "})
    assert response.status_code == 200
    assert User.objects.get(id=world.rep.id).full_name == "Rita Rep"


def test_removing_the_photo_deletes_the_file(world, client_for):
    client = client_for(world.rep)
    client.post(reverse("profile"), VALUES | {"photo": photo_upload()})
    path = User.objects.get(id=world.rep.id).photo.path
    client.post(reverse("profile"), VALUES | {"remove_photo": "on"})
    assert not User.objects.get(id=world.rep.id).photo
    import os

    assert not os.path.exists(path)


def test_times_show_in_the_persons_time_zone(world, client_for):
    client = client_for(world.rep)
    client.post(reverse("profile"), VALUES | {"time_zone": "Asia/Tokyo"})
    response = client.get(reverse("person_detail", args=[world.rep.id]))
    assert response.context["local_time"].utcoffset().total_seconds() == 9 * 3600
