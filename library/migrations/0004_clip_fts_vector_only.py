"""PostgreSQL: the search table keeps only the vector, inline, so ranking never detoasts.

The table is derived data, so it is rebuilt from the clips and their transcripts.
SQLite's FTS5 table is unchanged.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from library import search

    search.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [("library", "0003_clip_fts")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
