"""SQLite's FTS5 table gains a scope column (a token per clip's organisation), so a search ranks
only its own organisation's matches. The table is derived data: rebuilt from the clips and
their transcripts (on PostgreSQL the same table is rebuilt as it was)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from library import search

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS library_clip_fts")
    search.create_schema()
    Clip = apps.get_model("library", "Clip")
    Transcript = apps.get_model("library", "Transcript")
    texts = dict(Transcript.objects.values_list("clip_id", "text"))
    rows = [
        (clip.id, clip.organisation_id, clip.title, clip.tags, texts.get(clip.id, ""))
        for clip in Clip.objects.filter(state="ready").only(
            "id", "organisation_id", "title", "tags"
        )
    ]
    search.index_clips(rows)


class Migration(migrations.Migration):
    dependencies = [("library", "0009_quotas")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
