from django.apps import AppConfig


class CodevConfig(AppConfig):
    name = "codev"
    verbose_name = "Co-development"
