class RoundtableError(Exception):
    """A domain error whose message is shown to the user as is: it says what to do next."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
