from django.db import migrations


def create(apps, schema_editor):
    from library.search import create_schema

    create_schema()


def drop(apps, schema_editor):
    from library.search import drop_schema

    drop_schema()


class Migration(migrations.Migration):
    dependencies = [("library", "0002_comments_helpful")]
    operations = [migrations.RunPython(create, drop)]
