from django.apps import AppConfig


class CodevConfig(AppConfig):
    name = "codev"
    verbose_name = "Co-development"

    def ready(self):
        # Imported here, once every app is loaded (Django's rule for ready()).
        from accounts.views import home_sections
        from coaching.signals import one_on_one_draft_held
        from codev import services
        from codev.selectors import (
            followup_for_meeting,
            home_adoption_section,
            home_cases_section,
            home_next_session_section,
            room_case_brief,
        )
        from meetings.signals import meeting_ended
        from meetings.views import room_context

        meeting_ended.connect(services.on_meeting_ended, dispatch_uid="codev-session-done")
        one_on_one_draft_held.connect(services.on_draft_held, dispatch_uid="codev-case-worked")
        home_sections.register(home_cases_section)
        home_sections.register(home_next_session_section)
        home_sections.register(home_adoption_section)
        room_context.register(room_case_brief)
        room_context.register(
            lambda *, meeting, user=None: {"followup": followup_for_meeting(meeting=meeting)}
        )
