from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here, once every app is loaded (Django's rule for ready()).
        from accounts.views import home_sections
        from library.views import clip_shared, recording_for
        from practice import access  # noqa: F401 - registers the blind rule with the library
        from practice.selectors import (
            best_explanations,
            home_practice_live_section,
            home_practice_section,
        )
        from practice.views import recording_for_challenge, take_from_shared_clip
        from vocabulary.views import term_page

        home_sections.register(home_practice_section)
        home_sections.register(home_practice_live_section)
        recording_for.register(recording_for_challenge)
        clip_shared.register(take_from_shared_clip)
        term_page.register(
            lambda *, user, term: {"explanations": best_explanations(user=user, term=term)}
        )
