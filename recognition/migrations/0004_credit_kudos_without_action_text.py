"""Credit kudos used to quote the action they came from, which may be a private 1:1's or a team
session's: every kudos reader saw it. Rewrite those messages to say only what was credited."""

from django.db import migrations


def scrub(apps, schema_editor):
    Kudos = apps.get_model("recognition", "Kudos")
    for kind in ("advice", "clip"):
        Kudos.objects.filter(
            giver__isnull=False, for_kind=kind, message__startswith="Credited your "
        ).update(message=f"Credited your {kind} in their action plan.")


class Migration(migrations.Migration):
    dependencies = [("recognition", "0003_digest_sent_at")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
