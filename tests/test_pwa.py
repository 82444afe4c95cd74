"""The app shell: the manifest Chromium installs from, the service worker, the offline page,
and a recording queued on a shared device that waits for its own author."""

import io
import json

from django.urls import reverse
from PIL import Image


def test_the_manifest_names_the_app_and_its_icons_at_the_sizes_browsers_ask_for(client):
    response = client.get(reverse("pwa_manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["short_name"] == "Roundtable" and manifest["theme_color"].startswith("#")
    sizes = {}
    for icon in manifest["icons"]:
        image = Image.open(io.BytesIO(b"".join(client.get(icon["src"]).streaming_content)))
        assert f"{image.width}x{image.height}" == icon["sizes"]
        sizes.setdefault(icon["purpose"], set()).add(icon["sizes"])
    assert sizes == {"any": {"192x192", "512x512"}, "maskable": {"192x192", "512x512"}}


def test_the_service_worker_is_served_from_the_root_and_never_from_a_stale_http_cache(client):
    response = client.get(reverse("pwa_worker"))
    assert response["Content-Type"] == "application/javascript"
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    settings = json.loads(script.split("const SETTINGS = ", 1)[1].split(";\n", 1)[0])
    assert "/offline/" in settings["appFiles"] and "/library/new/" in settings["offlinePages"]
    for url in settings["appFiles"]:  # everything it keeps exists
        assert client.get(url).status_code == 200, url
    assert len(settings["version"]) == 12


def test_the_offline_page_holds_nobodys_data(world, client_for):
    page = client_for(world.rep).get(reverse("offline")).content.decode()
    assert "No connection" in page and world.rep.first_name not in page
    assert "csrfmiddlewaretoken" not in page


def test_a_recording_queued_by_someone_else_on_this_device_waits_for_them(world, client_for):
    answer = client_for(world.manager).post(
        reverse("upload_create"), {"filename": "r.webm", "size": 10, "user": str(world.rep.id)}
    )
    assert answer.status_code == 409 and answer.json()["someone_else"]
    mine = client_for(world.rep).post(
        reverse("upload_create"), {"filename": "r.webm", "size": 10, "user": str(world.rep.id)}
    )
    assert mine.json()["ok"]
