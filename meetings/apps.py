from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Live meetings (any protocol)"

    def ready(self):
        # Imported here, once every app is loaded (Django's rule for ready()).
        from accounts.views import home_sections
        from meetings import receivers  # noqa: F401 - connects the signal receivers
        from meetings.selectors import live_now_for

        home_sections.register(
            lambda *, user: (
                {"template": "meetings/_home_live.html", "meetings": meetings}
                if (meetings := live_now_for(user=user))
                else {}
            )
        )
