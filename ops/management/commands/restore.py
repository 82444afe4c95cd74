from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import ENGINE_NAMES, BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Bring back the database, the media folder and the secret key from an archive made by "
        "manage.py backup. Stop Roundtable first: what is there now is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by manage.py backup.")

    def handle(self, *, archive: Path, **options):
        try:
            summary = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(error.message) from None
        media = (
            f"{summary.media_files} media file(s)"
            if summary.media_files is not None
            else "media left as they are"
        )
        key = "the secret key" if summary.secret_key else "no secret key in the archive"
        engine = ENGINE_NAMES[summary.engine]
        self.stdout.write(
            f"Restored from {archive}: the {engine} database, {media}, {key}. "
            "Start Roundtable again."
        )
