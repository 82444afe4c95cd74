"""Request and response hygiene that every page shares."""

from django.http import QueryDict

from roundtable.parsing import clean_text


def _cleaned(query: QueryDict) -> QueryDict:
    if not any("\x00" in key or "\r" in key for key in query) and not any(
        "\x00" in value or "\r" in value for _, values in query.lists() for value in values
    ):
        return query
    cleaned = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


class CleanInputMiddleware:
    """Every text a browser sends, in the query string or a form, loses NUL characters (which
    PostgreSQL cannot store) and has LF line ends (a bare CR breaks emails and calendar files).
    Uploaded files and raw bodies (chunks, JSON) are left as they are."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _cleaned(request.POST)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """A Content-Security-Policy with no inline script or handler (the pages load their scripts
    from /static/; style attributes stay allowed for computed widths and colours), and a
    Permissions-Policy that lets this site alone use the camera and microphone (the recorder).
    Referrer-Policy comes from Django's SecurityMiddleware (SECURE_REFERRER_POLICY)."""

    PERMISSIONS = (
        "camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=(), "
        "usb=(), serial=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        scheme = "wss" if request.is_secure() else "ws"
        policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "media-src 'self' blob:",
                f"connect-src 'self' {scheme}://{request.get_host()}",
                "worker-src 'self'",
                "manifest-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS)
        return response
