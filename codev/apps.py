from django.apps import AppConfig


class CodevConfig(AppConfig):
    name = "codev"
    verbose_name = "Co-development"

    def ready(self):
        from codev import services
        from meetings.signals import meeting_ended

        meeting_ended.connect(services.on_meeting_ended, dispatch_uid="codev-session-done")
