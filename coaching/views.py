import csv
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.access import (
    access_team_work,
    in_organisation,
    manageable_people,
    managed_team_ids,
    require_manager,
    require_org_admin,
)
from accounts.models import Team, User
from coaching import kpi_import, patterns, selectors, services, solution
from coaching.access import (
    access_dev_plan,
    access_one_on_one,
    access_one_on_one_draft,
    access_person_kpis,
    sees_each_rep,
    team_coached,
)
from coaching.forms import (
    ACTION_ITEMS_PREFIX,
    ActionItemFormSet,
    GoalDoneForm,
    GoalForm,
    ImportForm,
    KpiForm,
    MappingForm,
    NumberFormatForm,
    ObservationForm,
    OneOnOneForm,
    SelfAssessmentForm,
    SolutionForm,
    TargetForm,
)
from coaching.models import ApiToken, CoachingType, Kpi, Skill
from coaching.services import skills_for
from coaching.templates_1on1 import TEMPLATES
from library.selectors import clip_label, clips_visible_to, recent_clips_of_team
from meetings.selectors import credit_options
from protocols.definitions import COACHING_PROTOCOLS
from roundtable import throttle
from roundtable.errors import AbstractFeedback, RoundtableError
from roundtable.parsing import one_line, parse_id, safe_next
from roundtable.pickers import narrow, only

SESSION_KEY = "kpi_import_csv"
# The kinds of coaching by their short name ("Developmental"), for the template buttons.
TEMPLATES_LABELS = [(kind.value, kind.label.split(":")[0]) for kind in CoachingType]


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
            "format_form": NumberFormatForm(
                initial={
                    "number_format": org.number_format,
                    "day_first": "1" if org.day_first else "0",
                }
            ),
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
            error.show_on(form)
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
            error.show_on(form)
        else:
            messages.success(request, "Target saved.")
            return redirect("kpi_settings")
    return _settings_page(request, target_form=form, status=400)


IMPORT_FILE, IMPORT_NAME, IMPORT_MAPPING = SESSION_KEY, "kpi_import_name", "kpi_import_mapping"


def _import_kpis(organisation) -> list[tuple[str, str]]:
    return [(k.name.lower(), k.name) for k in selectors.kpis_of(organisation_id=organisation.id)]


def _import_page(request, *, form=None, status=200) -> HttpResponse:
    """The file waiting in the session: its columns mapped, and what importing it would do."""
    text = request.session.get(IMPORT_FILE)
    if text is None:
        messages.error(request, "Upload the file again: the preview expired.")
        return redirect("kpi_settings")
    data = text.encode()
    mapping = kpi_import.Mapping.from_dict(request.session.get(IMPORT_MAPPING) or {})
    preview, headers = services.values_preview_csv(
        importer=request.user, data=data, mapping=mapping
    )
    kpis = _import_kpis(request.user.organisation)
    form = form or MappingForm(
        headers=headers, kpis=kpis, initial=MappingForm.initial_for(mapping, headers)
    )
    return render(
        request,
        "coaching/import.html",
        {
            "file_name": request.session.get(IMPORT_NAME, "the file"),
            "form": form,
            "preview": preview,
            "parsed": preview.parsed,
            "organisation": request.user.organisation,
        },
        status=status if status != 200 or preview.parsed.ok else 400,
    )


@login_required
@require_POST
def kpi_import_preview(request: HttpRequest) -> HttpResponse:
    """Step 1: the file is read and kept in the session; its layout is recognised (a layout
    the organisation kept, or a known export) or mapped by hand. Nothing is saved."""
    require_manager(user=request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _settings_page(request, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(kpi_import.MAX_BYTES + 1)
    headers, _, problems = kpi_import.read_table(data)
    if problems:
        preview = services.Preview(
            parsed=kpi_import.Parsed(
                rejected=[kpi_import.Rejected(line, {}, reason) for line, reason in problems]
            )
        )
        return _settings_page(request, preview=preview.parsed, status=400)
    known = services.import_mappings(organisation=request.user.organisation)
    fitting = next(((key, m) for key, _, m in known if not m.problem(headers)), None)
    request.session[IMPORT_FILE] = kpi_import.decode_text(data)
    request.session[IMPORT_NAME] = upload.name[:120]
    names = [name for _, name in _import_kpis(request.user.organisation)]
    mapping = fitting[1] if fitting else kpi_import.guess(headers, names)
    request.session[IMPORT_MAPPING] = mapping.to_dict()
    return _import_page(request)


@login_required
def kpi_import_file(request: HttpRequest) -> HttpResponse:
    require_manager(user=request.user)
    return _import_page(request)


@login_required
@require_POST
def kpi_import_map(request: HttpRequest) -> HttpResponse:
    """Step 2: which column holds what (kept under a name when asked)."""
    require_manager(user=request.user)
    text = request.session.get(IMPORT_FILE)
    if text is None:
        messages.error(request, "Upload the file again: the preview expired.")
        return redirect("kpi_settings")
    headers, _, _ = kpi_import.read_table(text.encode())
    form = MappingForm(request.POST, headers=headers, kpis=_import_kpis(request.user.organisation))
    if not form.is_valid():
        return _import_page(request, form=form, status=400)
    mapping = form.mapping()
    problem = mapping.problem(headers)
    if problem:
        form.add_error(None, problem)
        return _import_page(request, form=form, status=400)
    request.session[IMPORT_MAPPING] = mapping.to_dict()
    if form.cleaned_data["save_as"]:
        saved = services.import_mapping_save(
            organisation=request.user.organisation,
            name=form.cleaned_data["save_as"],
            mapping=mapping,
            actor=request.user,
        )
        messages.success(
            request, f"Layout kept as “{saved.name}”: the next file like it is read so."
        )
    return redirect("kpi_import_file")


@login_required
@require_POST
def kpi_import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 3: import, all or nothing or only the valid rows (checked again: people may have
    left, values may have changed). Each value keeps who set it and from which file."""
    require_manager(user=request.user)
    text = request.session.get(IMPORT_FILE)
    if not text:
        messages.error(request, "Upload the file again: the preview expired.")
        return redirect("kpi_settings")
    mapping = kpi_import.Mapping.from_dict(request.session.get(IMPORT_MAPPING) or {})
    preview, _ = services.values_preview_csv(
        importer=request.user, data=text.encode(), mapping=mapping
    )
    valid_only = request.POST.get("mode") == "valid"
    name = request.session.get(IMPORT_NAME, "a file")
    try:
        count = services.values_import(
            parsed=preview.parsed,
            source="csv",
            set_by=request.user,
            detail=f"file {name}",
            valid_only=valid_only,
        )
    except RoundtableError as error:
        messages.error(request, error.message)
        return _import_page(request, status=400)
    for key in (IMPORT_FILE, IMPORT_NAME, IMPORT_MAPPING):
        request.session.pop(key, None)
    left = len(preview.parsed.rejected)
    messages.success(
        request,
        f"Imported {count} value{'s' if count != 1 else ''}"
        + (f"; {len(preview.unchanged)} already the same" if preview.unchanged else "")
        + (f"; {left} row{'s' if left != 1 else ''} left out." if left else "."),
    )
    return redirect("kpi_settings")


@login_required
def kpi_import_rejected(request: HttpRequest) -> HttpResponse:
    """The rows that would not go in, as CSV, each with the reason in a last column."""
    require_manager(user=request.user)
    text = request.session.get(IMPORT_FILE)
    if text is None:
        messages.error(request, "Upload the file again: the preview expired.")
        return redirect("kpi_settings")
    mapping = kpi_import.Mapping.from_dict(request.session.get(IMPORT_MAPPING) or {})
    preview, headers = services.values_preview_csv(
        importer=request.user, data=text.encode(), mapping=mapping
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = request.session.get(IMPORT_NAME, "values.csv").rsplit(".", 1)[0]
    response["Content-Disposition"] = f'attachment; filename="{name}-rejected.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["line", *headers, "reason"])
    for rejected in preview.parsed.rejected:
        cells = [rejected.cells.get(h, "") for h in headers]
        writer.writerow([rejected.line, *[_safe_cell(c) for c in cells], rejected.reason])
    return response


def _safe_cell(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


@login_required
@require_POST
def kpi_number_format(request: HttpRequest) -> HttpResponse:
    """How the organisation's files write numbers and dates (its admins say)."""
    require_org_admin(user=request.user)
    form = NumberFormatForm(request.POST)
    if form.is_valid():
        services.number_format_set(organisation=request.user.organisation, **form.cleaned_data)
        messages.success(request, "Saved: files are read in this format.")
    else:
        messages.error(request, "Choose a number format and a date order.")
    return redirect(safe_next(request, reverse("kpi_settings")))


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
    address = throttle.client_address(request)
    limit = throttle.API_TOKEN_ADDRESS
    if throttle.blocked(limit=limit, subject=address):
        return JsonResponse(
            {
                "ok": False,
                "error": f"Too many requests with a wrong token. Wait {limit.minutes} minutes.",
            },
            status=429,
            headers={"Retry-After": str(limit.seconds)},
        )
    header = request.headers.get("Authorization", "")
    token = services.token_for(header[7:].strip()) if header.startswith("Bearer ") else None
    if token is None:
        throttle.hit(limit=limit, subject=address)
        return JsonResponse(
            {"ok": False, "error": "Send a valid token: Authorization: Bearer <token>."},
            status=401,
        )
    try:
        body = json.loads(request.body or b"{}")
        records = body["values"]
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise TypeError
    except (ValueError, KeyError, TypeError, RecursionError):  # deep nesting: refused too
        return JsonResponse(
            {
                "ok": False,
                "error": 'Send JSON like {"values": [{"email": ..., "kpi": ..., '
                '"period": ..., "value": ...}]}.',
            },
            status=400,
        )
    for index, record in enumerate(records):
        record["_line"] = index  # errors name the value by its index in the list
    preview = services.values_check(
        importer=None,
        organisation=token.organisation,
        records=[{k.lower() if k != "_line" else k: v for k, v in r.items()} for r in records],
        mapping=kpi_import.PLAIN,
    )
    parsed = preview.parsed
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
    count = services.values_import(parsed=parsed, source="api", detail=f"API token {token.name}")
    return JsonResponse({"ok": True, "saved": count, "unchanged": len(preview.unchanged)})


@login_required
def person_kpis(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_kpis(user=request.user, person_id=person_id)
    return render(
        request,
        "coaching/trends.html",
        {
            "subject": person.full_name,
            "person": person,
            "trends": selectors.person_trends(person=person),
        },
    )


@login_required
def team_kpis(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id)
    return render(
        request,
        "coaching/trends.html",
        {
            "subject": team.name,
            "trends": selectors.team_trends(
                team=team, each_rep=sees_each_rep(user=request.user, team=team)
            ),
            "team": team,
        },
    )


FEW_TEAMS = 3  # more, and the coaching home shows one team at a time
REPS_SHOWN = 40


@login_required
def coaching_home(request: HttpRequest) -> HttpResponse:
    """The person's 1:1s (as coach or rep), and a form to start one for those who coach."""

    teams = managed_team_ids(user=request.user)
    reps = (
        manageable_people(user=request.user)
        .filter(is_active=True, memberships__isnull=False)
        .exclude(id=request.user.id)
        .distinct()
        .order_by("full_name")
    )

    kind = request.GET.get("type", "")
    initial = {}
    if kind in TEMPLATES:
        protocol, topic = TEMPLATES[kind]
        initial = {"coaching_type": kind, "protocol": protocol, "topic": topic}
    if parse_id(request.GET.get("rep")):
        initial["rep"] = parse_id(request.GET["rep"])
    if request.GET.get("topic"):  # e.g. a case triaged to individual coaching
        initial["topic"] = one_line(request.GET["topic"])[:200]
    form = OneOnOneForm(
        request.POST or None,
        initial=initial,
        reps=reps,
        clips=clips_visible_to(user=request.user),
    )
    # Many teams (an admin's whole organisation): one team at a time, chosen from the list.
    team_list = Team.objects.filter(id__in=teams).order_by("name")
    team = team_list.filter(id=parse_id(request.GET.get("team")) or 0).first()
    if team is None and len(teams) <= FEW_TEAMS:
        shown_reps = reps
    else:
        team = team or team_list.filter(memberships__user=request.user).first() or team_list.first()
        shown_reps = reps.filter(memberships__team=team)
    shown_reps = shown_reps[:REPS_SHOWN]
    only(
        form.fields["rep"], shown=shown_reps, chosen=[request.POST.get("rep") or initial.get("rep")]
    )
    narrow(  # the team's newest clips on the page; any other a search away
        form.fields["clip"],
        shown=recent_clips_of_team(user=request.user),
        chosen=[request.POST.get("clip")],
        url=reverse("clip_pick"),
        search_label="Another clip: type words of its title",
        label=clip_label,
    )
    if request.method == "POST" and teams and form.is_valid():
        data = form.cleaned_data
        if data["mode"] == "written":
            return redirect(
                reverse("one_on_one_write")
                + "?"
                + urlencode({k: getattr(v, "id", v) or "" for k, v in data.items()})
            )
        try:
            one = services.one_on_one_start(
                coach=request.user,
                rep=data["rep"],
                protocol_key=data["protocol"],
                coaching_type=data["coaching_type"],
                topic=data["topic"],
                clip=data["clip"],
            )
        except RoundtableError as error:
            error.show_on(form)
        else:
            return redirect("meeting_live", meeting_id=one.meeting_id)
    return render(
        request,
        "coaching/home.html",
        {
            "form": form if teams else None,
            "templates": TEMPLATES_LABELS,
            "teams": team_list,
            "team": team,
            "reps": shown_reps,
            "drafts": selectors.drafts_waiting(coach=request.user) if teams else [],
            "one_on_ones": selectors.one_on_ones_for(user=request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def one_on_one_write(request: HttpRequest) -> HttpResponse:
    """A written 1:1: notes per phase of the chosen protocol and up to three action items."""

    require_manager(user=request.user)
    source = request.POST if request.method == "POST" else request.GET
    draft = None
    if source.get("draft"):  # a 1:1 drafted at triage, written up now
        draft = access_one_on_one_draft(user=request.user, draft_id=source["draft"])
        if request.method == "GET":
            source = source.copy()
            source.update(
                {
                    "rep": str(draft.rep_id),
                    "protocol": draft.protocol_key,
                    "coaching_type": draft.coaching_type,
                    "topic": draft.topic,
                }
            )
    protocol = {p.key: p for p in COACHING_PROTOCOLS}.get(source.get("protocol", ""))
    rep = (
        in_organisation(User, user=request.user).filter(id=parse_id(source.get("rep")) or 0).first()
    )
    if protocol is None or rep is None:
        messages.error(request, "Pick the rep and the conversation first.")
        return redirect("coaching_home")
    if team_coached(coach=request.user, rep=rep) is None:
        messages.error(request, "You can write a 1:1 with a rep of a team you manage: pick one.")
        return redirect("coaching_home")
    error, nudge, nudged_phase = None, None, ""
    items = ActionItemFormSet(
        request.POST if request.method == "POST" else None, prefix=ACTION_ITEMS_PREFIX
    )
    chart = _solution_typed(request)  # the solution chart, walked in "explore options"
    verdict = None
    if request.method == "POST" and request.POST.get("ask_chart"):  # nothing saved: its answer
        verdict = _solution_verdict(chart["answers"])
    elif request.method == "POST":
        try:
            if not items.is_valid():
                raise RoundtableError(_items_problem(items))
            actions = items.cleaned_data  # an untouched row is {}: no item
            one = services.one_on_one_start(
                coach=request.user,
                rep=rep,
                protocol_key=protocol.key,
                coaching_type=source.get("coaching_type", CoachingType.DEVELOPMENTAL),
                topic=source.get("topic", ""),
                mode="written",
                written={p.key: source.get(f"note_{p.key}", "") for p in protocol.phases},
                actions=actions,
                draft=draft,
                duration_minutes=_minutes(source.get("duration")),
                nudge=source.get("post_anyway") != "1",
                chart=chart["record"],
            )
        except AbstractFeedback as held:  # nothing saved: edit the notes, or save as they are
            nudge, nudged_phase = held.verdict, held.where
        except RoundtableError as problem:
            error = problem.message
        else:
            messages.success(request, "Saved. The action items come back at your next 1:1.")
            return redirect("one_on_one_detail", one_id=one.id)
    returning = list(selectors.returning_items(coach_id=request.user.id, rep_id=rep.id))
    return render(
        request,
        "coaching/write.html",
        {
            "protocol": protocol,
            "rep": rep,
            "draft": draft,
            "values": source,
            "error": error,
            "nudge": nudge,
            "nudged_phase": nudged_phase,
            "items": items,
            "credit_groups": credit_options(user=rep, writer=request.user),
            "returning": returning,
            "talk": selectors.conversation_data(
                rep=rep, viewer=request.user, but=[a.id for a in returning]
            ),
            "coaches": True,
            "solution_questions": solution.QUESTIONS,
            "solution_options": solution.OPTIONS,
            "sc_typed": chart["typed"],
            "sc_posted": request.method == "POST",  # a gap cleared on purpose stays empty
            "sc_verdict": verdict,
        },
        status=400 if (error or nudge) else 200,
    )


def _solution_typed(request) -> dict:
    """The solution chart's fields of a written 1:1 (prefixed sc_): what was typed (kept on the
    page), the answers, and what to record with the 1:1 (None when the chart was not used)."""
    post = request.POST if request.method == "POST" else {}
    keys = [key for key, _ in solution.QUESTIONS]
    typed = {k: post.get(f"sc_{k}", "") for k in ["gap", "kpi", "chosen", *keys]}
    answers = {k: typed[k] == "yes" for k in keys if typed[k] in ("yes", "no")}
    record = None
    if answers or typed["gap"].strip():
        kpi = in_organisation(Kpi, user=request.user).filter(id=parse_id(typed["kpi"]) or 0).first()
        record = {"gap": typed["gap"], "answers": answers, "chosen": typed["chosen"], "kpi": kpi}
    return {"typed": typed, "answers": answers, "record": record}


def _solution_verdict(answers: dict[str, bool]) -> dict:
    """The next question on the chart's path, or what it recommends once one decides."""
    missing = solution.still_to_ask(answers)
    if missing is not None:
        return {"ask": missing, "question": solution.QUESTION_TEXT[missing]}
    recommendation = solution.recommend(answers)
    return {"text": solution.OPTIONS[recommendation.option], "why": recommendation.why}


@login_required
@require_POST
def one_on_one_draft_start(request: HttpRequest, draft_id: int) -> HttpResponse:
    """Hold a drafted 1:1 live now: the room opens with its situation above the clock."""
    draft = access_one_on_one_draft(user=request.user, draft_id=draft_id)
    try:
        one = services.one_on_one_start(
            coach=request.user,
            rep=draft.rep,
            protocol_key=draft.protocol_key,
            coaching_type=draft.coaching_type,
            topic=draft.topic,
            draft=draft,
        )
    except RoundtableError as error:
        messages.error(request, error.message)
        return redirect("coaching_home")
    return redirect("meeting_live", meeting_id=one.meeting_id)


@login_required
@require_POST
def one_on_one_draft_drop(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = access_one_on_one_draft(user=request.user, draft_id=draft_id)
    try:
        services.one_on_one_draft_drop(draft=draft)
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Dropped the 1:1 with {draft.rep.full_name}.")
    return redirect("coaching_home")


def _minutes(text: str | None) -> int | None:
    """The written length in whole minutes, or None when left empty (the planned length)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(float(text.replace(",", ".")))
    except ValueError:
        raise RoundtableError("Say how long it took in minutes, e.g. 30.") from None


def _items_problem(items) -> str:
    """What is wrong with the action items, naming the first item at fault."""
    for n, errors in enumerate(items.errors, 1):
        for messages_ in errors.values():
            message = messages_[0]
            return f"Item {n}: {message[0].lower()}{message[1:]}"
    return "The action items did not arrive whole: add them again."


@login_required
def one_on_one_detail(request: HttpRequest, one_id: int) -> HttpResponse:
    one = access_one_on_one(user=request.user, one_id=one_id)
    return render(
        request,
        "coaching/record.html",
        {"one": one, "record": selectors.one_on_one_record(one=one)},
    )


@login_required
def person_roam(request: HttpRequest, person_id: int) -> HttpResponse:
    """ROAM: results vs objectives, then activities (how much) and methodology (how well)."""
    return _roam_page(request, access_person_kpis(user=request.user, person_id=person_id))


def _roam_page(request, person, status: int = 200) -> HttpResponse:

    coaches = team_coached(coach=request.user, rep=person) is not None
    return render(
        request,
        "coaching/roam.html",
        {
            "person": person,
            "roam": selectors.roam_for(person=person, viewer=request.user),
            "coaches": coaches,
            "questions": solution.QUESTIONS,
            "options": solution.OPTIONS,
            "charts": selectors.charts_for(rep=person, viewer=request.user),
            "typed": request.POST,
        },
        status=status,
    )


@login_required
@require_POST
def person_solution(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record a gap walked through the solution chart, from the ROAM page or from a 1:1's
    "explore options" phase (`one`: the live 1:1 it goes back to, with the chart linked)."""

    person = access_person_kpis(user=request.user, person_id=person_id)
    one = None
    if request.POST.get("one"):
        one = access_one_on_one(user=request.user, one_id=request.POST["one"])
        if one.rep_id != person.id:
            raise Http404("No such conversation")
    form = SolutionForm(request.POST, kpis=in_organisation(Kpi, user=request.user))
    try:
        if not form.is_valid():
            raise RoundtableError("Answer each question with yes or no, and pick a listed fix.")
        chart = services.solution_record(
            coach=request.user,
            rep=person,
            gap=form.cleaned_data["gap"],
            answers=form.answers(),
            chosen=form.cleaned_data["chosen"],
            kpi=form.cleaned_data["kpi"],
            one_on_one=one,
        )
    except RoundtableError as error:
        if "application/json" in request.headers.get("Accept", ""):  # the live room, in place
            return JsonResponse(
                {"ok": False, "error": error.message, "field": error.field}, status=400
            )
        messages.error(request, f"{error.message} Your answers are kept below.")
        return _roam_page(request, person, status=400)
    messages.success(request, f"Recorded: {solution.OPTIONS[chart.chosen]}")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": True})
    if one is not None:
        return redirect(reverse("meeting_live", args=[one.meeting_id]) + "#solution-live")
    return redirect("person_roam", person_id=person.id)


def _plan_page(
    request, person, is_rep, coaches, *, status=200, pattern=None, keep=True, nudge=None
) -> HttpResponse:

    return render(
        request,
        "coaching/plan.html",
        {
            "person": person,
            "is_rep": is_rep,
            "coaches": coaches,
            "plan": selectors.dev_plan(rep=person, viewer=request.user),
            "pattern_rule": patterns.RULE,
            "nudge": nudge,
            "skills": skills_for(organisation=person.organisation),
            "clips": clips_visible_to(user=request.user).filter(author=person)[:20],
            "pattern": pattern,
            "typed": request.POST if keep else {},
        },
        status=status,
    )


@login_required
def dev_plan(request: HttpRequest, person_id: int) -> HttpResponse:
    """The rep's development plan: the rep rates and ticks goals, the manager adds goals."""
    person, is_rep, coaches = access_dev_plan(user=request.user, person_id=person_id)
    return _plan_page(request, person, is_rep, coaches)


@login_required
@require_POST
def dev_plan_assess(request: HttpRequest, person_id: int) -> HttpResponse:
    person, is_rep, coaches = access_dev_plan(user=request.user, person_id=person_id)
    if not is_rep:
        raise PermissionDenied("The rep rates themselves; their manager adds goals.")
    form = SelfAssessmentForm(request.POST, skills=skills_for(organisation=person.organisation))
    if not form.is_valid():
        messages.error(request, "Rate each skill from 1 to 5, or leave it empty.")
        return _plan_page(request, person, is_rep, coaches, status=400)
    services.self_assess(rep=person, levels=form.levels())
    messages.success(request, "Self-assessment saved.")
    return redirect("dev_plan", person_id=person.id)


@login_required
@require_POST
def dev_plan_rate(request: HttpRequest, person_id: int) -> HttpResponse:
    """The coach's own rating of each skill, beside the rep's."""
    person, is_rep, coaches = access_dev_plan(user=request.user, person_id=person_id)
    if not coaches:
        raise PermissionDenied("The rep's manager rates their skills; the rep rates themselves.")
    form = SelfAssessmentForm(request.POST, skills=skills_for(organisation=person.organisation))
    if not form.is_valid():
        messages.error(request, "Rate each skill from 1 to 5, or leave it empty.")
        return _plan_page(request, person, is_rep, coaches, status=400)
    services.manager_rate(manager=request.user, rep=person, levels=form.levels())
    messages.success(request, "Your ratings are saved beside the rep's.")
    return redirect("dev_plan", person_id=person.id)


@login_required
@require_POST
def dev_goal_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person, is_rep, coaches = access_dev_plan(user=request.user, person_id=person_id)
    if not (is_rep or coaches):
        raise PermissionDenied("The rep and their manager add goals.")
    form = GoalForm(request.POST)
    try:
        if not form.is_valid():
            raise RoundtableError("A goal fits in 300 characters.", field="text")
        services.goal_add(rep=person, actor=request.user, text=form.cleaned_data["text"])
    except RoundtableError as error:
        messages.error(request, error.message)
        return _plan_page(request, person, is_rep, coaches, status=400)
    messages.success(request, "Goal added.")
    return redirect("dev_plan", person_id=person.id)


@login_required
@require_POST
def dev_goal_done(request: HttpRequest, person_id: int, goal_id: int) -> HttpResponse:
    person, is_rep, _coaches = access_dev_plan(user=request.user, person_id=person_id)
    if not is_rep:
        raise PermissionDenied("The rep ticks off their own goals.")
    goal = person.dev_goals.filter(id=parse_id(goal_id) or 0).first()
    if goal is None:
        raise Http404("No such goal")
    form = GoalDoneForm(request.POST)
    form.is_valid()  # an unchecked box is "not done"
    services.goal_done(goal=goal, done=form.cleaned_data.get("done", False))
    return redirect("dev_plan", person_id=person.id)


@login_required
@require_POST
def observation_new(request: HttpRequest, person_id: int) -> HttpResponse:

    person, is_rep, coaches = access_dev_plan(user=request.user, person_id=person_id)
    if not coaches:
        raise PermissionDenied("The rep's manager logs observations.")
    form = ObservationForm(
        request.POST,
        skills=in_organisation(Skill, user=request.user),
        clips=clips_visible_to(user=request.user).filter(author=person),
    )
    try:
        if not form.is_valid():
            raise RoundtableError("Pick one of the rep's clips, and a moment in seconds.")
        skill = form.cleaned_data["skill"]
        if skill is None:
            raise RoundtableError("Pick the skill it shows.", field="skill")
        _, count, is_pattern = services.observation_log(
            manager=request.user,
            rep=person,
            skill=skill,
            situation=form.cleaned_data["situation"],
            behaviour=form.cleaned_data["behaviour"],
            clip=form.cleaned_data["clip"],
            at_seconds=form.cleaned_data["at_seconds"],
            nudge=request.POST.get("post_anyway") != "1",
        )
    except AbstractFeedback as held:  # nothing logged: edit it, or log it as it is
        return _plan_page(request, person, is_rep, coaches, status=400, nudge=held.verdict)
    except RoundtableError as error:
        messages.error(request, error.message)
        return _plan_page(request, person, is_rep, coaches, status=400)
    pattern = {"skill": skill, "count": count, "is_pattern": is_pattern, "rule": patterns.RULE}
    return _plan_page(request, person, is_rep, coaches, pattern=pattern, keep=False)


@login_required
def team_skills(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    return render(
        request, "coaching/heatmap.html", {"team": team, "map": selectors.team_heatmap(team=team)}
    )


@login_required
def coaching_time(request: HttpRequest) -> HttpResponse:
    """Each manager's coaching time against the organisation's target share, over the last
    week or the last 30 days, with the breakdown."""
    require_manager(user=request.user)
    days = 7 if request.GET.get("over") == "week" else 30
    report = selectors.manager_time(organisation_id=request.user.organisation_id, days=days)
    if not request.user.is_org_admin:
        report = [row for row in report if row["manager"].id == request.user.id]
    return render(request, "coaching/time.html", {"report": report, "days": days})
