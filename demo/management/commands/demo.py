from django.core.management.base import BaseCommand

from demo.organisation import DEMO_PASSWORD, demo_load, demo_logins


class Command(BaseCommand):
    help = "Load the demo organisation (Harbor Analytics) unless it is already there."

    def handle(self, **options):
        created = demo_load()
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            "Demo organisation loaded." if created else "Demo organisation already there."
        )
        for role, email in demo_logins():
            self.stdout.write(f"  {role:<32} {email}  (password {DEMO_PASSWORD})")
