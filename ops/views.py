from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
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
    """The least a signed-in page costs on this stack: the session, the person, and the page
    every page is drawn in (base.html: navigation, bell) with nothing of its own. The floor
    bench/pages.py compares every page with. Routed only when ROUNDTABLE_BENCH is set."""
    return render(request, "ops/floor.html")
