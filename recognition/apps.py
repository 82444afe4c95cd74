from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "recognition"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, once every app is loaded (Django's rule for ready()).

        from accounts.views import home_sections
        from coaching.signals import kpi_values_saved, one_on_one_written
        from codev.signals import (
            case_followed_up,
            case_submitted,
            case_triaged,
            session_changed,
            session_scheduled,
        )
        from library.signals import comment_added
        from meetings.signals import (
            action_created,
            commitment_due,
            meeting_live,
        )
        from practice.signals import (
            challenge_assigned,
            challenge_due_soon,
            practice_planned,
            take_featured,
            take_reviewed,
        )
        from recognition import receivers
        from recognition.selectors import home_kudos_section

        home_sections.register(home_kudos_section)

        for signal, receiver in (
            (action_created, receivers.on_action_created),
            (kpi_values_saved, receivers.on_kpi_values_saved),
            (comment_added, receivers.on_comment_added),
            (take_featured, receivers.on_take_featured),
            (case_submitted, receivers.on_case_submitted),
            (case_triaged, receivers.on_case_triaged),
            (case_followed_up, receivers.on_case_followed_up),
            (session_scheduled, receivers.on_session_scheduled),
            (session_changed, receivers.on_session_changed),
            (meeting_live, receivers.on_meeting_live),
            (commitment_due, receivers.on_commitment_due),
            (one_on_one_written, receivers.on_one_on_one_written),
            (challenge_assigned, receivers.on_challenge_assigned),
            (challenge_due_soon, receivers.on_challenge_due_soon),
            (take_reviewed, receivers.on_take_reviewed),
            (practice_planned, receivers.on_practice_planned),
        ):
            signal.connect(receiver, dispatch_uid=f"recognition-{receiver.__name__}")
