from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import ENGINE_NAMES, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) of this installation: the database, the media folder and "
        "the secret key. Restore it with manage.py restore PATH."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Where to write it (default: data/backups/...)."
        )

    def handle(self, *, output: Path | None, **options):
        try:
            summary = backup_create(output=output)
        except BackupError as error:
            raise CommandError(error.message) from None
        media = (
            f"{summary.media_files} media file(s)"
            if summary.media_files is not None
            else "no media (they are in object storage: back the bucket up with its own tools)"
        )
        key = (
            "the secret key"
            if summary.secret_key
            else "no secret key file (set in the environment)"
        )
        engine = ENGINE_NAMES[summary.engine]
        self.stdout.write(
            f"Backup written to {summary.path}: the {engine} database, {media}, {key}.\n"
            "It holds the secret key and everyone's data: keep it as safe as the server."
        )
