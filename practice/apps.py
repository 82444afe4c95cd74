from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the blind-challenge rule with the library's visible clips.
        from practice import access  # noqa: F401
