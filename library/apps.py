from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = "Peer video library"

    def ready(self) -> None:
        # Imported here, once every app is loaded (Django's rule for ready()).
        from library import receivers  # noqa: F401 - connects its receivers
        from library.selectors import clips_using_term
        from vocabulary.views import term_page

        term_page.register(lambda *, user, term: {"clips": clips_using_term(user=user, term=term)})
