from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, once every app is loaded (Django's rule for ready()).
        from coaching.signals import kpi_values_saved
        from library.signals import comment_added
        from meetings.signals import action_created
        from practice.signals import take_featured
        from recognition import receivers

        action_created.connect(receivers.on_action_created, dispatch_uid="recognition-credit")
        kpi_values_saved.connect(receivers.on_kpi_values_saved, dispatch_uid="recognition-kpi")
        comment_added.connect(receivers.on_comment_added, dispatch_uid="recognition-comment")
        take_featured.connect(receivers.on_take_featured, dispatch_uid="recognition-featured")
