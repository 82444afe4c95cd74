"""Organisations that existed before the vocabulary get the starting glossary."""

from django.db import migrations
from django.utils.text import slugify


def add_defaults(apps, schema_editor):
    from vocabulary.defaults import DEFAULT_TERMS

    Organisation = apps.get_model("accounts", "Organisation")
    Term = apps.get_model("vocabulary", "Term")
    for organisation in Organisation.objects.all():
        if Term.objects.filter(organisation=organisation).exists():
            continue
        Term.objects.bulk_create(
            [
                Term(
                    organisation=organisation,
                    name=name,
                    slug=slugify(name),
                    definition=definition,
                    example=example,
                    status="approved",
                )
                for name, definition, example in DEFAULT_TERMS
            ]
        )


class Migration(migrations.Migration):
    dependencies = [("vocabulary", "0001_initial"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
