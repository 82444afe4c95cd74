from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Live meetings (any protocol)"

    def ready(self):
        # Imported here, once every app is loaded (Django's rule for ready()).
        from accounts.views import home_sections
        from meetings import receivers  # noqa: F401 - connects the signal receivers
        from meetings.selectors import (
            home_commitments_section,
            home_live_section,
            home_team_overdue_section,
        )

        home_sections.register(home_live_section)
        home_sections.register(home_commitments_section)
        home_sections.register(home_team_overdue_section)
