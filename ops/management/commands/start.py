from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.organisation import DEMO_PASSWORD, demo_logins
from ops.services import data_folder_make_private
from roundtable.env import env_int, env_str


class Command(BaseCommand):
    help = "Prepare the database, load the demo organisation once, then serve web and worker."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not load the demo organisation."
        )

    def handle(self, *, no_demo: bool, **options):
        data_folder_make_private()
        call_command("migrate", interactive=False, verbosity=0)
        if not no_demo:
            call_command("demo", verbosity=0)
        host = env_str("ROUNDTABLE_HOST", "127.0.0.1")
        port = env_int("ROUNDTABLE_PORT", 8000)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - display only
        lines = [
            "",
            f"  Roundtable is running at  http://{shown}:{port}/",
            f"  Data folder:              {settings.DATA_DIR}",
            f"  Health:                   http://{shown}:{port}/health/",
        ]
        if not no_demo:
            lines.append(f"  Demo logins (password for all: {DEMO_PASSWORD}):")
            lines += [f"    {role:<30} {email}" for role, email in demo_logins()]
        lines.append("")
        self.stdout.write("\n".join(lines))
        call_command("serve", host=host, port=port)
