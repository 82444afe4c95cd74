from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import access_team_work, managed_team_ids
from accounts.models import TeamRole, User
from coaching.selectors import team_heatmap
from codev import selectors, services
from codev.access import access_case, access_codev_session, may_follow_up
from codev.forms import (
    CadenceForm,
    CaseForm,
    FollowUpForm,
    ScheduleForm,
    SessionMoveForm,
    SessionPresenterForm,
    TriageForm,
)
from codev.ical import calendar_for
from codev.models import CalendarFeed, Case, CaseStage, CaseStatus, SessionStatus
from meetings.access import access_action
from meetings.forms import ActionUpdateForm, RatingForm
from meetings.services import action_update as update
from meetings.services import rating_give
from protocols.definitions import CODEV
from roundtable import generations
from roundtable.errors import RoundtableError
from roundtable.htmx import is_htmx
from roundtable.parsing import safe_next


@login_required
def team_cases(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id)
    stage = request.GET.get("stage", "")
    if stage not in CaseStage.values:
        stage = ""
    cases = selectors.cases_for_team(team=team, user=request.user)
    return render(
        request,
        "codev/team_cases.html",
        {
            "team": team,
            "cases": cases.filter(stage=stage) if stage else cases,
            "stage": stage,
            "stages": selectors.stage_counts(team=team, user=request.user),
            "manages": team.id in managed_team_ids(user=request.user),
        },
    )


def _save_case(request: HttpRequest, form: CaseForm, team, case: Case | None):
    submit = request.POST.get("action") == "submit"
    try:
        case = services.case_save(
            author=request.user, team=team, values=form.cleaned_data, case=case, submit=submit
        )
    except services.CaseIncomplete as incomplete:
        for field, message in incomplete.missing.items():
            form.add_error(field, message)
        messages.warning(request, incomplete.message)
        return None
    messages.success(
        request,
        "Case submitted to your team." if case.status != CaseStatus.DRAFT else "Draft saved.",
    )
    return case


@login_required
def case_new(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = _save_case(request, form, team, None)
        if case is not None:
            return redirect("case_detail", case_id=case.id)
        # Incomplete: the draft exists now; keep editing it so a second save does not duplicate.
        draft = Case.objects.filter(author=request.user, team=team).order_by("-id").first()
        return render(request, "codev/case_form.html", {"form": form, "team": team, "case": draft})
    return render(request, "codev/case_form.html", {"form": form, "team": team, "case": None})


@login_required
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id, write=True)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        saved = _save_case(request, form, case.team, case)
        if saved is not None:
            return redirect("case_detail", case_id=saved.id)
    return render(request, "codev/case_form.html", {"form": form, "team": case.team, "case": case})


@login_required
@require_POST
def case_delete(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id, write=True)
    try:
        services.case_draft_delete(case=case, actor=request.user)
    except RoundtableError as error:
        messages.error(request, error.message)
        return redirect("case_detail", case_id=case.id)
    messages.success(request, "Draft deleted.")
    return redirect("team_cases", team_id=case.team_id)


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, access_case(user=request.user, case_id=case_id))


def _case_page(request, case, *, follow_up_form=None, triage_form=None) -> HttpResponse:
    can_triage = case.team_id in managed_team_ids(user=request.user)
    return render(
        request,
        "codev/case_detail.html",
        {
            "case": case,
            "me_too_count": case.me_toos.count(),
            "me_too_mine": case.me_toos.filter(user=request.user).exists(),
            "can_triage": can_triage and case.status != CaseStatus.DRAFT,
            "triage_form": triage_form
            or TriageForm(initial={"decision": case.status, "seen": case.status}),
            **selectors.case_life(case=case),
            "can_follow_up": may_follow_up(user=request.user, case=case)
            and case.stage not in (CaseStage.DRAFT, CaseStage.NEW, CaseStage.CLOSED),
            "can_close": may_follow_up(user=request.user, case=case)
            and case.stage not in (CaseStage.DRAFT, CaseStage.CLOSED),
            "follow_up_form": follow_up_form or FollowUpForm(),
        },
        status=400 if (follow_up_form or triage_form) else 200,
    )


@login_required
@require_POST
def case_follow_up(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id, follow_up=True)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.case_follow_up(case=case, actor=request.user, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, f"Recorded: {case.get_outcome_display().lower()}.")
            return redirect(safe_next(request, reverse("case_detail", args=[case.id])))
    return _case_page(request, case, follow_up_form=form)


@login_required
@require_POST
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id, follow_up=True)
    try:
        services.case_close(case=case, actor=request.user)
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Case closed. Its record stays here.")
    return redirect("case_detail", case_id=case.id)


@login_required
@require_POST
def case_me_too(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id)
    on = request.POST.get("on") == "1"
    try:
        count = services.case_me_too(case=case, user=request.user, on=on)
    except RoundtableError as error:
        messages.error(request, error.message)
        return redirect("case_detail", case_id=case.id)
    context = {"case": case, "me_too_count": count, "me_too_mine": on}
    if is_htmx(request):
        return render(request, "codev/_me_too.html", context)
    return redirect("case_detail", case_id=case.id)


@login_required
@require_POST
def case_triage(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(user=request.user, case_id=case_id, triage=True)
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            services.case_triage(actor=request.user, case=case, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)  # what was chosen and typed stays on the page
        else:
            messages.success(request, f"Triaged: {case.get_status_display()}.")
            return redirect("case_detail", case_id=case.id)
    return _case_page(request, case, triage_form=form)


@login_required
def team_triage(request: HttpRequest, team_id: int) -> HttpResponse:

    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    return render(
        request,
        "codev/triage.html",
        {
            "team": team,
            "cases": selectors.cases_to_triage(team=team),
            "skill_topics": team_heatmap(team=team)["team_topics"],
        },
    )


def _sessions_page(request, team, *, cadence_form=None, schedule_form=None) -> HttpResponse:
    user = request.user
    cadence = services.cadence_for(team=team)
    rotation = selectors.rotation_for(team=team)
    feed = CalendarFeed.objects.filter(user=user).first()
    return render(
        request,
        "codev/sessions.html",
        {
            "team": team,
            "manages": team.id in managed_team_ids(user=user),
            "cadence": cadence,
            "rotation": rotation,
            "upcoming": selectors.upcoming_sessions(team=team),
            "past": selectors.past_sessions(team=team),
            "cadence_form": cadence_form
            or CadenceForm(
                initial={"every_months": cadence.every_months, "minutes": cadence.minutes}
                | {f"phase_{k}": v for k, v in cadence.phase_minutes.items()}
            ),
            "schedule_form": schedule_form
            or ScheduleForm(
                initial={"presenter": rotation.proposed, "facilitator": _default_facilitator(team)},
                **_schedule_choices(team),
            ),
            "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
            if feed
            else "",
            "phases": CODEV.with_minutes(cadence.phase_minutes).phases,
            "planned": services.planned_minutes(
                team=team, presenter=rotation.proposed, facilitator=_default_facilitator(team)
            ),
        },
        status=400 if (cadence_form or schedule_form) else 200,
    )


def _schedule_choices(team) -> dict:
    return {
        "members": User.objects.filter(memberships__team=team, is_active=True).order_by(
            "full_name"
        ),
        "cases": Case.objects.filter(team=team, status=CaseStatus.CODEV),
    }


@login_required
def team_sessions(request: HttpRequest, team_id: int) -> HttpResponse:
    """Upcoming sessions and the rotation; the manager schedules here (this page's form) and
    sets the cadence (team_cadence)."""
    if request.method != "POST":
        return _sessions_page(request, access_team_work(user=request.user, team_id=team_id))
    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    form = ScheduleForm(request.POST, **_schedule_choices(team))
    if form.is_valid():
        try:
            session = services.session_schedule(team=team, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Session scheduled.")
            case, presenter = session.case, session.presenter
            if case is not None and presenter is not None and case.author_id != presenter.id:
                messages.warning(
                    request,
                    f"{presenter.full_name} presents {case.author.full_name}'s case: make sure "
                    "they have talked it through, or change the presenter on the session.",
                )
            return redirect("team_sessions", team_id=team.id)
    return _sessions_page(request, team, schedule_form=form)


@login_required
@require_POST
def team_cadence(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    form = CadenceForm(request.POST)
    if form.is_valid():
        services.cadence_update(
            team=team,
            every_months=form.cleaned_data["every_months"],
            minutes=form.cleaned_data["minutes"],
            phase_minutes=form.phase_minutes(),
        )
        messages.success(request, "Cadence saved.")
        return redirect("team_sessions", team_id=team.id)
    return _sessions_page(request, team, cadence_form=form)


@login_required
@require_POST
def calendar_feed_create(request: HttpRequest, team_id: int) -> HttpResponse:
    """The person's secret calendar address, made when they ask for it."""
    team = access_team_work(user=request.user, team_id=team_id)
    CalendarFeed.objects.get_or_create(user=request.user)
    return redirect("team_sessions", team_id=team.id)


def _default_facilitator(team):
    membership = team.memberships.filter(role=TeamRole.MANAGER).select_related("user").first()
    return membership.user if membership else None


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Calendar apps cannot sign in: the secret token in the address is the key."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    sessions = list(selectors.sessions_for_person(user=feed.user))
    body = calendar_for(sessions=sessions, name=f"Roundtable: {feed.user.full_name}")
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """Before: the follow-up and a way in; after: the record, printable, and the rating."""

    return _session_page(request, access_codev_session(user=request.user, session_id=session_id))


def _session_page(
    request, session, *, move_form=None, presenter_form=None, rating_form=None
) -> HttpResponse:
    # What happened does not depend on who looks: drawn once until a write to the project's
    # tables (a rating, an action updated, a late contribution).
    record, followup = generations.cached(
        f"session-record:{session.id}",
        tables=generations.project_tables(),
        compute=lambda: (
            selectors.session_record(session=session) if session.meeting_id else None,
            selectors.followup_for(session=session),
        ),
    )
    mine = None
    if record:
        mine = next((r for r in record["ratings"] if r.user_id == request.user.id), None)
    manages = session.team_id in managed_team_ids(user=request.user)
    changeable = manages and session.status == SessionStatus.PLANNED
    return render(
        request,
        "codev/session.html",
        {
            "session": session,
            "changeable": changeable,
            "move_form": move_form
            or (changeable and SessionMoveForm(initial={"scheduled_at": session.scheduled_at})),
            "presenter_form": presenter_form
            or (
                changeable
                and SessionPresenterForm(
                    initial={"presenter": session.presenter_id, "case": session.case_id},
                    **_schedule_choices(session.team),
                )
            ),
            "followup": followup,
            "record": record,
            "can_open": session.team_id in managed_team_ids(user=request.user)
            or session.facilitator_id == request.user.id,
            "unheld": bool(
                session.status == SessionStatus.LIVE
                and record
                and not (record["requests"] or record["questions"] or record["advice"])
                and not record["actions"]
                and not record["lessons"]
                and session.meeting.ended_at is None
            ),
            "is_participant": bool(
                record and any(p.user_id == request.user.id for p in record["participants"])
            ),
            "rating_form": rating_form
            or RatingForm(initial={"score": mine.score, "line": mine.line} if mine else None),
            "action_form": ActionUpdateForm,
        },
        status=400 if (move_form or presenter_form or rating_form) else 200,
    )


def _managed_session(request, session_id: int):
    session = access_codev_session(user=request.user, session_id=session_id)
    access_team_work(user=request.user, team_id=session.team_id, manage=True)  # 403 otherwise
    return session


@login_required
@require_POST
def session_move(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    form = SessionMoveForm(request.POST)
    if form.is_valid():
        try:
            services.session_move(
                session=session, actor=request.user, scheduled_at=form.cleaned_data["scheduled_at"]
            )
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Session moved: the team is told, calendars follow.")
            return redirect("session_detail", session_id=session.id)
    return _session_page(request, session, move_form=form)


@login_required
@require_POST
def session_presenter(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    form = SessionPresenterForm(request.POST, **_schedule_choices(session.team))
    if form.is_valid():
        try:
            warning = services.session_reassign(
                session=session, actor=request.user, **form.cleaned_data
            )
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Presenter changed: the team is told.")
            if warning:
                messages.warning(request, warning)
            return redirect("session_detail", session_id=session.id)
    return _session_page(request, session, presenter_form=form)


@login_required
@require_POST
def session_close_unheld(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_codev_session(user=request.user, session_id=session_id)
    try:
        services.session_close_unheld(session=session, actor=request.user)
    except RoundtableError as error:
        messages.error(request, error.message)
        return redirect("session_detail", session_id=session.id)
    messages.success(request, "Closed without a record: the session is planned again.")
    return redirect("session_detail", session_id=session.id)


@login_required
@require_POST
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _managed_session(request, session_id)
    try:
        services.session_cancel(session=session, actor=request.user)
    except RoundtableError as error:
        messages.error(request, error.message)
        return redirect("session_detail", session_id=session.id)
    messages.success(request, "Session cancelled: the team is told, calendars follow.")
    return redirect("team_sessions", team_id=session.team_id)


@login_required
@require_POST
def session_open(request: HttpRequest, session_id: int) -> HttpResponse:
    session = access_codev_session(user=request.user, session_id=session_id)
    try:
        meeting = services.session_start(session=session, actor=request.user)
    except RoundtableError as error:
        messages.error(request, error.message)
        return redirect("session_detail", session_id=session.id)
    return redirect("meeting_live", meeting_id=meeting.id)


@login_required
@require_POST
def session_rate(request: HttpRequest, session_id: int) -> HttpResponse:

    session = access_codev_session(user=request.user, session_id=session_id)
    if not session.meeting_id or session.meeting.ended_at is None:
        messages.error(request, "Rate the session once it is over.")
        return redirect("session_detail", session_id=session.id)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            rating_give(meeting=session.meeting, user=request.user, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Thanks: your rating is saved.")
            return redirect("session_detail", session_id=session.id)
    return _session_page(request, session, rating_form=form)


@login_required
@require_POST
def action_update(request: HttpRequest, action_id: int) -> HttpResponse:

    action = access_action(user=request.user, action_id=action_id, write=True)
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        update(action=action, **form.cleaned_data)
        messages.success(request, "Action updated.")
    else:
        messages.error(request, "Choose open, done or dropped.")
    return redirect(safe_next(request, reverse("home")))
