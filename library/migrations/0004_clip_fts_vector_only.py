"""PostgreSQL: the search table keeps only the vector, inline, so ranking never detoasts.

The table is derived data, so it is rebuilt from the clips and their transcripts.
SQLite's FTS5 table is unchanged.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
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
    dependencies = [("library", "0003_clip_fts")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
