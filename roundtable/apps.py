from django.apps import AppConfig


class RoundtableConfig(AppConfig):
    name = "roundtable"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from roundtable.generations import follow_writes

        connection_created.connect(follow_writes, dispatch_uid="generations-follow-writes")
