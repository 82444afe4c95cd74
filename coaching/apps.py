from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, once every app is loaded (Django's rule for ready()).
        from accounts.views import home_sections
        from coaching import receivers, solution  # noqa: F401 - receivers connect on import
        from coaching.access import team_coached
        from coaching.selectors import (
            conversation_data,
            home_one_on_ones_section,
            returning_items,
        )
        from meetings.views import room_context

        home_sections.register(home_one_on_ones_section)

        def returning(*, meeting, user=None) -> dict:
            """A 1:1 opens with the open action items of the pair's earlier 1:1s; its phases
            bring the rep's data (results, clips and observations, commitments, the solution
            chart) as the person looking may see it."""
            one = getattr(meeting, "one_on_one", None) if meeting.private else None
            if one is None:
                return {}
            items = list(returning_items(coach_id=one.coach_id, rep_id=one.rep_id, before=one))
            if user is None:
                return {"returning": items}
            return {
                "returning": items,
                "talk": conversation_data(rep=one.rep, viewer=user, but=[a.id for a in items]),
                "phase_data": [(p, p.brings) for p in meeting.protocol.phases if p.brings],
                "one": one,
                "coaches": team_coached(coach=user, rep=one.rep) is not None,
                "solution_questions": solution.QUESTIONS,
                "solution_options": solution.OPTIONS,
            }

        room_context.register(returning)
