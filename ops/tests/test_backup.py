"""manage.py backup writes one archive (database, media, secret key); manage.py restore brings
it all back, and refuses an archive that is not one of ours. Run on the suite's engine: SQLite,
then PostgreSQL (pg_dump and pg_restore)."""

import io
import json
import os
import shutil
import stat
import tarfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from accounts import services
from accounts.models import Organisation, User
from conftest import photo_upload, require_component


@pytest.fixture
def secret_key_file(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"
    key = settings.DATA_DIR / "secret_key"
    key.write_text("the-installation-key")
    return key


@pytest.fixture
def pg_tools():
    if connection.vendor == "postgresql":
        found = shutil.which("pg_dump") and shutil.which("pg_restore")
        require_component(bool(found), "pg_dump and pg_restore (apt-get install postgresql-client)")


def _profile_with_photo(person: User) -> User:
    values = {"full_name": person.full_name, "time_zone": "UTC"}
    return services.profile_update(person=person, values=values, photo=photo_upload())


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_database_media_and_secret_key(
    world, secret_key_file, pg_tools, tmp_path
):
    services.organisation_create(name="Northwind Foods", slug="northwind")
    photo = _profile_with_photo(world.rep).photo
    photo_path, photo_bytes = photo.path, photo.read()
    photo.close()
    archive = tmp_path / "elsewhere" / "roundtable.tar.gz"

    call_command("backup", output=archive, stdout=io.StringIO())
    assert stat.S_IMODE(os.stat(archive).st_mode) == 0o600  # it holds the secret key

    Organisation.objects.filter(slug="northwind").delete()
    User.objects.filter(id=world.rep.id).delete()
    shutil.rmtree(settings.MEDIA_ROOT)
    secret_key_file.write_text("another-key")

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored from" in out.getvalue()
    assert Organisation.objects.filter(slug="northwind", name="Northwind Foods").exists()
    rep = User.objects.get(id=world.rep.id)
    assert rep.email == world.rep.email and rep.photo.path == photo_path
    with open(photo_path, "rb") as restored:
        assert restored.read() == photo_bytes
    assert secret_key_file.read_text() == "the-installation-key"
    assert stat.S_IMODE(os.stat(secret_key_file).st_mode) == 0o600


def _tar_gz(path, members: dict[str, bytes]):
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _manifest(engine: str) -> bytes:
    return json.dumps({"format": 1, "engine": engine, "media": True, "secret_key": True}).encode()


def test_restore_refuses_what_is_not_a_roundtable_backup(world, secret_key_file, tmp_path):
    other_engine = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    cases = {
        tmp_path / "missing.tar.gz": "There is no file at",
        tmp_path / "notes.txt": "is not a Roundtable backup",
        _tar_gz(tmp_path / "photos.tar.gz", {"me.png": b"png"}): "has no roundtable-backup.json",
        _tar_gz(
            tmp_path / "other.tar.gz",
            {"roundtable-backup.json": _manifest(other_engine), "database.pgdump": b"x"},
        ): "Restore it on an installation with the same database",
        _tar_gz(
            tmp_path / "empty.tar.gz", {"roundtable-backup.json": _manifest(connection.vendor)}
        ): "has no database in it",
        _tar_gz(
            tmp_path / "escape.tar.gz",
            {"roundtable-backup.json": _manifest(connection.vendor), "../evil": b"x"},
        ): "it holds ../evil",
    }
    (tmp_path / "notes.txt").write_text("not an archive")
    for archive, message in cases.items():
        with pytest.raises(CommandError, match=message.replace(".", r"\.")):
            call_command("restore", str(archive))
    assert secret_key_file.read_text() == "the-installation-key"
    assert User.objects.filter(id=world.rep.id).exists()  # nothing was touched
