from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from language.feedback import ABSTRACT, classify_feedback
from meetings import services
from meetings.access import access_meeting
from meetings.forms import ContributionForm
from meetings.models import ContributionKind
from meetings.selectors import commitments_returning, credit_clips, meeting_state
from roundtable.errors import AbstractFeedback, RoundtableError
from roundtable.hooks import Hook
from roundtable.parsing import parse_id, parse_number

# What apps above add to a live room, for the person looking (`user`): a 1:1's returning
# actions and the data its phases bring (coaching), a session's follow-up (codev).
room_context = Hook("meeting room")


@login_required
def meeting_live(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    state = meeting_state(meeting=meeting)
    above = {
        "followup": [],
        "returning": [],
        "case_brief": [],  # (label, text) pairs an app above may give (codev: the case)
        "talk": None,  # a 1:1's data for its phases (coaching)
        "phase_data": [],  # (phase, what it brings) for the phases that bring data
        **room_context.collect(meeting=meeting, user=request.user),
    }
    shown = [a.id for a in above["returning"]]
    if above["followup"]:
        shown += [a.id for a in above["followup"]["actions"]]
    return render(
        request,
        "meetings/live.html",
        {
            "meeting": meeting,
            "state_json": state,
            **above,
            "commitments": commitments_returning(meeting=meeting, but=shown),
            "followup_statuses": [("open", "Open"), ("done", "Done"), ("dropped", "Dropped")],
            "credit_clips": credit_clips(user=request.user),
        },
    )


@login_required
def meeting_state_json(request: HttpRequest, meeting_id: int) -> JsonResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    return JsonResponse(meeting_state(meeting=meeting))


def _answer(call) -> JsonResponse:
    try:
        call()
    except RoundtableError as error:
        return JsonResponse({"ok": False, "error": error.message}, status=400)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def meeting_move(request: HttpRequest, meeting_id: int) -> JsonResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    seconds = parse_number(request.POST.get("seconds") or 60, minimum=-3600, maximum=3600)
    if seconds is None:
        return JsonResponse(
            {"ok": False, "error": "Extend by a number of seconds (up to an hour)."}, status=400
        )
    return _answer(
        lambda: services.meeting_move(
            meeting_id=meeting.id,
            actor=request.user,
            move=request.POST.get("move", ""),
            seconds=seconds,
        )
    )


@login_required
@require_POST
def meeting_handover(request: HttpRequest, meeting_id: int) -> JsonResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    to_user_id = parse_id(request.POST.get("to"))
    if to_user_id is None:
        return JsonResponse({"ok": False, "error": "Choose who takes over."}, status=400)
    return _answer(
        lambda: services.meeting_handover(
            meeting_id=meeting.id, actor=request.user, to_user_id=to_user_id
        )
    )


@login_required
@require_POST
def meeting_contribute(request: HttpRequest, meeting_id: int) -> JsonResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    form = ContributionForm(request.POST)
    if not form.is_valid():
        problem = (
            "Choose a valid due date." if "due_on" in form.errors else "Write something first."
        )
        return JsonResponse({"ok": False, "error": problem}, status=400)
    data = form.cleaned_data
    try:
        contribution = services.contribution_add(
            meeting_id=meeting.id,
            author=request.user,
            kind=data["kind"],
            text=data["text"],
            owner_id=data["owner"],
            due_on=data["due_on"],
            success=data["success"],
            credit=data["credit"],
            written_for=data["written_for"],
            ask_anyway=data["ask_anyway"],
            check_advice=True,
        )
    except services.QuestionCheck as check:
        # Not posted yet: the asker sees why and an open way to ask, then chooses.
        return JsonResponse(
            {
                "ok": False,
                "check": {
                    "kind": check.verdict.kind,
                    "title": "Before you ask:",
                    "reason": check.verdict.reason,
                    "lead": "An open way to ask it:",
                    "rewrite": check.verdict.rewrite,
                    "use": "Ask it this way",
                    "anyway": "Ask it anyway",
                },
            },
            status=400,
        )
    except AbstractFeedback as held:
        return JsonResponse(
            {
                "ok": False,
                "check": {
                    "kind": held.verdict.kind,
                    "title": "Could it be more concrete?",
                    "reason": held.verdict.reason,
                    "lead": "For example:",
                    "rewrite": held.verdict.rewrite,
                    "use": "Use this wording",
                    "anyway": "Post it as it is",
                },
            },
            status=400,
        )
    except RoundtableError as error:
        return JsonResponse({"ok": False, "error": error.message}, status=400)
    answer: dict = {"ok": True}
    if contribution.late:
        answer["filed"] = (
            f"The facilitator had moved on: your {contribution.get_kind_display().lower()} is "
            "in the record as a late one."
        )
    # Never blocks: the contribution is in; its author alone sees how to make it better.
    if contribution.kind == ContributionKind.FEEDBACK and contribution.label == ABSTRACT:
        verdict = classify_feedback(contribution.text)
        answer["nudge"] = {
            "kind": verdict.kind,
            "title": "Your feedback is in. Could it be more concrete?",
            "reason": verdict.reason,
            "lead": "For example:",
            "rewrite": verdict.rewrite,
        }
    return JsonResponse(answer)


@login_required
@require_POST
def meeting_withdraw(request: HttpRequest, meeting_id: int) -> JsonResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    contribution_id = parse_id(request.POST.get("contribution"))
    if contribution_id is None:
        return JsonResponse({"ok": False, "error": "Choose what to withdraw."}, status=400)
    return _answer(
        lambda: services.contribution_withdraw(
            meeting_id=meeting.id, author=request.user, contribution_id=contribution_id
        )
    )
