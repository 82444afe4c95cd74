from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Live meetings (any protocol)"

    def ready(self):
        # Imported here, once every app is loaded (Django's rule for ready()).
        from meetings import receivers  # noqa: F401 - connects the signal receivers
