"""SQLite's FTS5 table gains a scope column (a token per clip's organisation), so a search ranks
only its own organisation's matches. The table is derived data: rebuilt from the clips and
their transcripts (on PostgreSQL the same table is rebuilt as it was)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from library import search

    search.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [("library", "0009_quotas")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
