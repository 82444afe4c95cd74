from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisation a first run loads: on top of every app, as it uses them all."""

    name = "demo"
    default_auto_field = "django.db.models.BigAutoField"
