"""Organisations that existed before situations came with the organisation get the list."""

from django.db import migrations


def add_defaults(apps, schema_editor):
    from library.models import DEFAULT_SITUATIONS

    Organisation = apps.get_model("accounts", "Organisation")
    Situation = apps.get_model("library", "Situation")
    for organisation in Organisation.objects.all():
        if not Situation.objects.filter(organisation=organisation).exists():
            Situation.objects.bulk_create(
                [
                    Situation(organisation=organisation, name=n, position=i)
                    for i, n in enumerate(DEFAULT_SITUATIONS)
                ]
            )


class Migration(migrations.Migration):
    dependencies = [("library", "0005_clip_featured_at")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
