from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Peer video library"

    def ready(self) -> None:
        from library import signals  # noqa: F401
