"""Media through Django's storage API on S3-compatible storage (moto's local S3 server)."""

import socket

import boto3
import pytest
from django.core.files.storage import storages
from django.urls import reverse

from conftest import uploaded_clip
from library.models import ClipState
from roundtable.env import s3_storage

SPOKEN = "The security review passed because we shared the audit report early."


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3(settings):
    from moto.server import ThreadedMotoServer

    port = _port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket="roundtable-media")
    settings.STORAGES = settings.STORAGES | {
        "default": s3_storage(
            bucket="roundtable-media",
            endpoint_url=endpoint,
            access_key="test",
            secret_key="test",
            region="us-east-1",
        )
    }
    yield client
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_a_clip_is_stored_processed_and_served_from_s3(world, tmp_path, s3, run_worker, client_for):
    assert type(storages["default"]).__name__ == "S3Storage"
    clip = uploaded_clip(world.rep, world.alpha, tmp_path, text=SPOKEN)
    run_worker()
    clip.refresh_from_db()
    assert clip.state == ClipState.READY, clip.failure
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="roundtable-media")["Contents"]}
    assert {clip.original.name, clip.video.name, clip.poster.name} <= keys
    assert "audit" in clip.transcript.text.lower()
    response = client_for(world.manager).get(
        reverse("clip_media", args=[clip.id, "video"]), HTTP_RANGE="bytes=4-11"
    )
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"ftypisom"[:8]
