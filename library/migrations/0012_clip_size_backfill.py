"""Clips shared before the space quota have size 0: read each one's original file size, so
they count toward their author's space. A file that cannot be read (moved, or on a storage
that is down) leaves the clip at 0 rather than stopping the migration."""

from django.core.files.storage import default_storage
from django.db import migrations


def backfill(apps, schema_editor):
    Clip = apps.get_model("library", "Clip")
    for clip in Clip.objects.filter(size=0).exclude(original="").only("id", "original"):
        try:
            size = default_storage.size(clip.original.name)
        except Exception:  # noqa: BLE001 - a missing file (local or S3) leaves the clip at 0
            continue
        Clip.objects.filter(id=clip.id).update(size=size)


class Migration(migrations.Migration):
    dependencies = [("library", "0011_clip_fts_organisation_lexeme")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
