from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, once every app is loaded (Django's rule for ready()).
        from accounts.views import home_sections
        from coaching import receivers  # noqa: F401 - connects its receivers
        from coaching.selectors import home_one_on_ones_section, returning_items
        from meetings.views import room_context

        home_sections.register(home_one_on_ones_section)

        def returning(*, meeting) -> dict:
            """A 1:1 opens with the open action items of the pair's earlier 1:1s."""
            one = getattr(meeting, "one_on_one", None) if meeting.private else None
            if one is None:
                return {}
            items = returning_items(coach_id=one.coach_id, rep_id=one.rep_id, before=one)
            return {"returning": list(items)}

        room_context.register(returning)
