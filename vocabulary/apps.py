from django.apps import AppConfig


class VocabularyConfig(AppConfig):
    name = "vocabulary"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vocabulary import signals  # noqa: F401
