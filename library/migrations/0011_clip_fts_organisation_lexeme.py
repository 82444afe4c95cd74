"""On PostgreSQL each clip's search vector gains a lexeme naming its organisation, which every
search names too (library.search). The table is derived data: rebuilt from the clips and their
transcripts (on SQLite the same table is rebuilt as it was)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from library import search

    search.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [("library", "0010_clip_fts_scoped")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
