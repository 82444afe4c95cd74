from django.apps import AppConfig


class VocabularyConfig(AppConfig):
    name = "vocabulary"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, once every app is loaded (Django's rule for ready()).
        from vocabulary import signals  # noqa: F401
