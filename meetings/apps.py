from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Live meetings (any protocol)"

    def ready(self):
        from meetings import receivers  # noqa: F401 - connects the signal receivers
