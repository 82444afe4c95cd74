from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.views.decorators.cache import never_cache

from ops.selectors import health_now


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For operators and monitors: web, database and worker heartbeat. 503 when degraded."""
    state = health_now()
    status = 200 if state.ok else 503
    if (
        "application/json" in request.headers.get("Accept", "")
        or request.GET.get("format") == "json"
    ):
        return JsonResponse(state.as_dict(), status=status)
    return render(request, "ops/health.html", {"health": state.as_dict()}, status=status)


@login_required
def bench_floor(request: HttpRequest) -> HttpResponse:
    """The least a signed-in page costs on this stack (session, user, a response): the floor
    bench/pages.py compares every page with. Routed only when ROUNDTABLE_BENCH is set."""
    return HttpResponse(f"<!doctype html><title>Floor</title><p>{escape(request.user)}</p>")
