"""Back up and restore an installation in one tar.gz archive: the database, the media folder
(local files) and the secret key file.

Archive layout: `roundtable-backup.json` (what it holds), `database.sqlite3` (SQLite, made with
the online backup API) or `database.pgdump` (PostgreSQL, `pg_dump --format=custom`), `media/`,
`secret_key`.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from ops.models import WorkerHeartbeat
from roundtable.errors import RoundtableError

MANIFEST = "roundtable-backup.json"
FORMAT = 1
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(RoundtableError):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    media_files: int | None  # None: media are not local files (S3) and are not in the archive
    secret_key: bool


def backup_create(*, output: Path | None = None) -> BackupSummary:
    """Write one archive of this installation, readable only by its owner.

    Steps: dump the database into a private staging folder, then write the archive next to its
    destination (manifest, dump, media, secret key) and move it into place.
    """
    engine = _engine()
    output = Path(output) if output else _default_output()
    output.parent.mkdir(parents=True, exist_ok=True)
    media = _local_media_root()
    key = _secret_key_path()
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".roundtable-backup-") as tmp:
        dump = Path(tmp) / DUMPS[engine]
        if engine == "sqlite":
            _dump_sqlite(dump)
        else:
            _dump_postgresql(dump)
        media_files = sum(1 for p in media.rglob("*") if p.is_file()) if media else None
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": timezone.now().isoformat(),
            "media": media is not None,
            "secret_key": key is not None,
        }
        partial = Path(tmp) / "archive.tar.gz"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DUMPS[engine])
            if media is not None and media.exists():
                archive.add(media, arcname="media")
            if key is not None:
                archive.add(key, arcname="secret_key")
        os.replace(partial, output)
    return BackupSummary(output, engine, media_files, key is not None)


def backup_restore(*, archive: Path) -> BackupSummary:
    """Bring back the database, the media folder and the secret key from an archive.

    Steps: refuse while a worker is running; open and check the archive (ours, same database
    engine, a database inside); unpack it into a private staging folder; check a SQLite dump
    is sound; then put back the database, the media folder and the secret key.
    """
    archive = Path(archive)
    engine = _engine()
    _refuse_while_running()
    media = _local_media_root()
    staging_root = media.parent if media else Path(settings.DATA_DIR)
    staging_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=staging_root, prefix=".roundtable-restore-") as tmp:
        staged = Path(tmp)
        manifest = _unpack(archive, staged)
        if manifest.get("engine") != engine:
            held = ENGINE_NAMES.get(manifest.get("engine"), str(manifest.get("engine")))
            raise BackupError(
                f"This backup holds a {held} database but Roundtable here runs on "
                f"{ENGINE_NAMES[engine]}. Restore it on an installation with the same database "
                "(DATABASE_URL)."
            )
        dump = staged / DUMPS[engine]
        if not dump.is_file():
            raise BackupError(f"{archive} has no database in it: it is not a complete backup.")
        connections.close_all()
        if engine == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)
        media_files = None
        if media is not None and manifest.get("media"):
            restored_media = staged / "media"
            restored_media.mkdir(mode=0o700, exist_ok=True)
            media_files = sum(1 for p in restored_media.rglob("*") if p.is_file())
            _swap_folder(restored_media, media)
        key = staged / "secret_key"
        has_key = key.is_file()
        if has_key:
            _write_private(Path(settings.DATA_DIR) / "secret_key", key.read_bytes())
    return BackupSummary(archive, engine, media_files, has_key)


def _engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups cover SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _default_output() -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(settings.DATA_DIR) / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"roundtable-{stamp}.tar.gz"


def _local_media_root() -> Path | None:
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None  # object storage keeps its own copies; back the bucket up with its tools
    return Path(settings.MEDIA_ROOT)


def _secret_key_path() -> Path | None:
    path = Path(settings.DATA_DIR) / "secret_key"
    return path if path.is_file() else None


def _sqlite_path() -> Path:
    return Path(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])


def _dump_sqlite(target: Path) -> None:
    # The online backup API copies a consistent snapshot while the app keeps writing.
    source = sqlite3.connect(_sqlite_path(), timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _restore_sqlite(dump: Path) -> None:
    """Copy the dump's pages into the live database in one locked step: no moment without a
    database file, and a stale -wal file cannot be replayed over it."""
    source = sqlite3.connect(dump)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database in this backup is damaged; it was not restored.")
        live = sqlite3.connect(_sqlite_path(), timeout=20)
        try:
            source.backup(live)
        finally:
            live.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The database in this backup cannot be read ({error}).") from None
    finally:
        source.close()


def _pg_command(program: str) -> tuple[list[str], dict]:
    path = shutil.which(program)
    if path is None:
        raise BackupError(
            f"{program} is not installed. Install PostgreSQL's client tools "
            "(apt-get install postgresql-client), then run this again."
        )
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    args = [path, "--host", db["HOST"] or "localhost", "--port", str(db["PORT"] or 5432)]
    if db["USER"]:
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    return args, env


def _run(args: list[str], env: dict, what: str) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()[-2000:]}")


def _dump_postgresql(target: Path) -> None:
    args, env = _pg_command("pg_dump")
    name = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    _run([*args, "--format=custom", "--file", str(target), "--dbname", name], env, "pg_dump")


def _restore_postgresql(dump: Path) -> None:
    # One transaction: a restore that fails part way leaves the database as it was.
    args, env = _pg_command("pg_restore")
    name = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            name,
            str(dump),
        ],
        env,
        "pg_restore",
    )


def _unpack(archive: Path, staged: Path) -> dict:
    if not archive.is_file():
        raise BackupError(f"There is no file at {archive}.")
    not_ours = f"{archive} is not a Roundtable backup (made by manage.py backup)"
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            names = tar.getnames()
            if MANIFEST not in names:
                raise BackupError(f"{not_ours}: it has no {MANIFEST}.")
            allowed = {MANIFEST, "secret_key", "media", *DUMPS.values()}
            strays = [n for n in names if n not in allowed and not n.startswith("media/")]
            if strays:
                raise BackupError(f"{not_ours}: it holds {strays[0]}.")
            # The "data" filter refuses absolute paths, links out of the folder and devices.
            tar.extractall(staged, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{not_ours}: {error}.") from None
    try:
        manifest = json.loads((staged / MANIFEST).read_text())
    except ValueError:
        raise BackupError(f"{not_ours}: its {MANIFEST} cannot be read.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{not_ours}, or it comes from another version of Roundtable.")
    return manifest


def _swap_folder(new: Path, current: Path) -> None:
    """Put `new` in place of `current` with two renames (same file system), then delete the
    old folder."""
    aside = current.with_name(f".{current.name}-before-restore")
    shutil.rmtree(aside, ignore_errors=True)
    if current.exists():
        current.rename(aside)
    new.rename(current)
    current.chmod(0o700)
    shutil.rmtree(aside, ignore_errors=True)


def _write_private(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.restoring")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(partial, path)


def _refuse_while_running() -> None:

    fresh_after = timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    if WorkerHeartbeat.objects.filter(last_seen__gte=fresh_after).exists():
        raise BackupError(
            "A worker is running. Stop Roundtable (Ctrl-C in bin/run, or stop every web and "
            "worker process) before restoring; a worker that stopped less than "
            f"{settings.WORKER_STALE_SECONDS} s ago counts as running, so wait and try again."
        )
