class RoundtableError(Exception):
    """A domain error whose message is shown to the user as is: it says what to do next."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def show_on(self, form) -> None:
        """Show the error on a Django form: beside its field when the form has that field,
        else at the top of the form (a service may name a field this form does not show)."""
        form.add_error(self.field if self.field in form.fields else None, self.message)


class AbstractFeedback(RoundtableError):
    """Feedback that could be more concrete (language.feedback): nothing is saved; the writer
    sees why and a rewrite, then edits it or posts it anyway. One class for every place
    feedback is written (clip comments, reviews, observations, advice, kudos, 1:1 notes)."""

    def __init__(self, verdict, *, field: str | None = None, where: str = "") -> None:
        super().__init__(verdict.reason, field=field)
        self.verdict = verdict
        self.where = where  # which of several texts it is about ("Reality", ...)
