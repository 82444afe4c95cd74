import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import Team, User
from coaching import kpi_import, selectors, services
from coaching.forms import ImportForm, KpiForm, TargetForm
from coaching.models import ApiToken
from roundtable.access import (
    access_person_kpis,
    access_team_work,
    managed_team_ids,
    require_manager,
    require_org_admin,
)
from roundtable.errors import RoundtableError

SESSION_KEY = "kpi_import_csv"


def _settings_page(
    request,
    *,
    kpi_form=None,
    import_form=None,
    target_form=None,
    status=200,
    preview=None,
    new_secret=None,
):
    org = request.user.organisation
    teams = Team.objects.filter(id__in=managed_team_ids(user=request.user)).order_by("name")
    people = User.objects.filter(memberships__team__in=teams, is_active=True).distinct()
    return render(
        request,
        "coaching/kpis.html",
        {
            "kpis": selectors.kpis_of(organisation_id=org.id),
            "kpi_form": kpi_form or KpiForm(),
            "import_form": import_form or ImportForm(),
            "target_form": target_form
            or TargetForm(
                kpis=selectors.kpis_of(organisation_id=org.id),
                people=people.order_by("full_name"),
                teams=teams,
            ),
            "teams": teams,
            "people": people.order_by("full_name"),
            "preview": preview,
            "tokens": ApiToken.objects.filter(organisation=org)
            if request.user.is_org_admin
            else [],
            "new_secret": new_secret,
        },
        status=status,
    )


@login_required
def kpi_settings(request: HttpRequest) -> HttpResponse:
    """KPIs, targets, imports and API tokens: managers and admins."""
    require_manager(user=request.user)
    return _settings_page(request)


@login_required
@require_POST
def kpi_create(request: HttpRequest) -> HttpResponse:
    require_org_admin(user=request.user)
    form = KpiForm(request.POST)
    if form.is_valid():
        try:
            kpi = services.kpi_save(organisation=request.user.organisation, **form.cleaned_data)
        except RoundtableError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"“{kpi.name}” added.")
            return redirect("kpi_settings")
    return _settings_page(request, kpi_form=form, status=400)


@login_required
@require_POST
def kpi_target(request: HttpRequest) -> HttpResponse:
    require_manager(user=request.user)
    teams = Team.objects.filter(id__in=managed_team_ids(user=request.user))
    people = User.objects.filter(memberships__team__in=teams, is_active=True).distinct()
    form = TargetForm(
        request.POST,
        kpis=selectors.kpis_of(organisation_id=request.user.organisation_id),
        people=people,
        teams=teams,
    )
    if form.is_valid():
        kind, _, pk = form.cleaned_data["who"].partition("-")
        try:
            services.target_set(
                kpi=form.cleaned_data["kpi"],
                period=form.cleaned_data["period"],
                value=form.cleaned_data["value"],
                person=people.get(id=pk) if kind == "person" else None,
                team=teams.get(id=pk) if kind == "team" else None,
            )
        except RoundtableError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Target saved.")
            return redirect("kpi_settings")
    return _settings_page(request, target_form=form, status=400)


@login_required
@require_POST
def kpi_import_preview(request: HttpRequest) -> HttpResponse:
    """Step 1: read and check every row; nothing is saved. The file waits for step 2."""
    require_manager(user=request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _settings_page(request, import_form=form, status=400)
    data = form.cleaned_data["file"].read()
    parsed = services.values_check_csv(organisation=request.user.organisation, data=data)
    if parsed.ok:
        request.session[SESSION_KEY] = data.decode("utf-8-sig")
    else:
        request.session.pop(SESSION_KEY, None)
    return _settings_page(request, preview=parsed, status=200 if parsed.ok else 400)


@login_required
@require_POST
def kpi_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: import the checked file, all or nothing (checked again: people may have left)."""
    require_manager(user=request.user)
    text = request.session.get(SESSION_KEY)
    if not text:
        messages.error(request, "Upload the file again: the preview expired.")
        return redirect("kpi_settings")
    parsed = services.values_check_csv(organisation=request.user.organisation, data=text.encode())
    try:
        count = services.values_import(parsed=parsed, source="csv")
    except RoundtableError:
        return _settings_page(request, preview=parsed, status=400)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"Imported {count} value{'s' if count != 1 else ''}.")
    return redirect("kpi_settings")


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    require_org_admin(user=request.user)
    _, secret = services.token_create(
        organisation=request.user.organisation,
        name=request.POST.get("name", ""),
        actor=request.user,
    )
    return _settings_page(request, new_secret=secret)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    require_org_admin(user=request.user)
    token = ApiToken.objects.filter(id=token_id, organisation=request.user.organisation).first()
    if token is None:
        raise Http404("No such token")
    services.token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("kpi_settings")


@csrf_exempt
@require_POST
def kpi_values_api(request: HttpRequest) -> JsonResponse:
    """POST {"values": [{"email", "kpi", "period", "value"}, ...]} with Authorization:
    Bearer <token>. All or nothing: any bad row and nothing is saved; the errors say why."""
    header = request.headers.get("Authorization", "")
    token = services.token_for(header[7:].strip()) if header.startswith("Bearer ") else None
    if token is None:
        return JsonResponse(
            {"ok": False, "error": "Send a valid token: Authorization: Bearer <token>."},
            status=401,
        )
    try:
        body = json.loads(request.body or b"{}")
        records = body["values"]
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        return JsonResponse(
            {
                "ok": False,
                "error": 'Send JSON like {"values": [{"email": ..., "kpi": ..., '
                '"period": ..., "value": ...}]}.',
            },
            status=400,
        )
    people, kpis = services.lookups(token.organisation)
    parsed = kpi_import.check(records, people=people, kpis=kpis, first_line=0)
    if not parsed.ok:
        errors = [{"index": line, "error": reason} for line, reason in parsed.errors]
        return JsonResponse(
            {
                "ok": False,
                "error": "Nothing was saved.",
                "errors": errors or [{"index": None, "error": "No values."}],
            },
            status=400,
        )
    count = services.values_import(parsed=parsed, source="api")
    return JsonResponse({"ok": True, "saved": count})


@login_required
def person_kpis(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_kpis(user=request.user, person_id=person_id)
    return render(
        request,
        "coaching/trends.html",
        {"subject": person.full_name, "trends": selectors.person_trends(person=person)},
    )


@login_required
def team_kpis(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id)
    return render(
        request,
        "coaching/trends.html",
        {"subject": team.name, "trends": selectors.team_trends(team=team), "team": team},
    )
