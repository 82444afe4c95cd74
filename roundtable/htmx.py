from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """The request came from HTMX: answer with a fragment rather than a redirect."""
    return request.headers.get("HX-Request") == "true"
