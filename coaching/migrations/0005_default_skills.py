"""Organisations that existed before skills get the starting list."""

from django.db import migrations


def add_defaults(apps, schema_editor):
    from coaching.models import DEFAULT_SKILLS

    Organisation = apps.get_model("accounts", "Organisation")
    Skill = apps.get_model("coaching", "Skill")
    for organisation in Organisation.objects.all():
        if not Skill.objects.filter(organisation=organisation).exists():
            Skill.objects.bulk_create(
                [
                    Skill(organisation=organisation, name=n, position=i)
                    for i, n in enumerate(DEFAULT_SKILLS)
                ]
            )


class Migration(migrations.Migration):
    dependencies = [("coaching", "0004_skills_observations_plan")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
