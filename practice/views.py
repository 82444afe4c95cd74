from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.access import access_team_work, in_organisation, team_work_managed_ids
from accounts.models import Team, TeamRole, User
from library.models import Clip, Situation
from library.selectors import clips_visible_to
from meetings.access import access_meeting
from practice import selectors, services
from practice.access import access_challenge, access_take, may_change_challenge
from practice.forms import (
    DEFAULT_RUBRIC,
    ChallengeEditForm,
    ChallengeForm,
    DealClinicForm,
    ReviewForm,
    RolePlayForm,
)
from practice.models import ChallengeKind
from roundtable.errors import AbstractFeedback, RoundtableError
from roundtable.parsing import one_line, parse_id
from vocabulary.selectors import terms_approved


@login_required
def practice_home(request: HttpRequest) -> HttpResponse:
    """Challenges and teach-backs of the person's teams: what is due, what is done."""
    teams = Team.objects.filter(id__in=team_work_managed_ids(user=request.user)).order_by("name")
    live = selectors.live_practice_for(user=request.user)
    return render(
        request,
        "practice/home.html",
        {
            "challenges": selectors.challenges_for(user=request.user),
            "teams": teams,
            "live": [
                (title, live[key])
                for key, title in (("upcoming", "Upcoming"), ("live", "Live now"), ("past", "Past"))
                if live[key]
            ],
        },
    )


@login_required
def practice_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A role-play or deal clinic: planned, live or done, with its commitments."""
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    if meeting.protocol_key not in selectors.LIVE_PRACTICE:
        raise Http404("No such role-play or clinic")
    return render(request, "practice/record.html", selectors.practice_record(meeting=meeting))


def _challenge_form(request, team, data=None, initial=None):
    return ChallengeForm(
        data,
        initial=initial,
        members=User.objects.filter(memberships__team=team, is_active=True).order_by("full_name"),
        terms=terms_approved(organisation_id=team.organisation_id),
        situations=Situation.objects.filter(organisation_id=team.organisation_id),
        clips=clips_visible_to(user=request.user).filter(author=request.user),
    )


@login_required
def challenge_new(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    kind = request.GET.get("kind") or request.POST.get("kind") or ChallengeKind.CHALLENGE
    if kind not in ChallengeKind.values:
        raise Http404("No such kind of practice")
    if request.method == "POST":
        form = _challenge_form(request, team, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                challenge = services.challenge_create(
                    actor=request.user,
                    team=team,
                    kind=kind,
                    title=data["title"],
                    prompt=data["prompt"],
                    rubric=data["rubric"],
                    due_at=data["due_at"],
                    participants=list(data["participants"]),
                    reviewer_mode=data["reviewer_mode"],
                    reviewers=list(data["reviewers"]),
                    blind=data["blind"],
                    situation=data.get("situation"),
                    term=data.get("term"),
                    prompt_clip=data.get("prompt_clip"),
                )
            except RoundtableError as error:
                error.show_on(form)
            else:
                messages.success(request, "Posted. Participants see it on their Practice page.")
                return redirect("challenge_detail", challenge_id=challenge.id)
        status = 400
    else:
        members = User.objects.filter(memberships__team=team, memberships__role=TeamRole.REP)
        initial = {
            "kind": kind,
            "participants": list(members.values_list("id", flat=True)),
            "rubric": "" if kind == ChallengeKind.TEACHBACK else DEFAULT_RUBRIC,
        }
        # Prefilled from where it comes from (a case triaged to "challenge": its title and
        # what the buyer said); the manager edits before posting.
        for field in ("title", "prompt"):
            if request.GET.get(field):
                initial[field] = one_line(request.GET[field])[: 200 if field == "title" else 2000]
        term_slug = request.GET.get("term")
        if term_slug:
            initial["term"] = (
                terms_approved(organisation_id=team.organisation_id).filter(slug=term_slug).first()
            )
        form = _challenge_form(request, team, initial=initial)
        status = 200
    return render(
        request,
        "practice/new.html",
        {"form": form, "team": team, "kind": kind},
        status=status,
    )


@login_required
def challenge_detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(user=request.user, challenge_id=challenge_id)
    board = selectors.challenge_board(challenge=challenge, user=request.user)
    return render(
        request,
        "practice/challenge.html",
        {
            "board": board,
            "challenge": challenge,
            "scale": range(challenge.top_score + 1),
            "my_clips": selectors.clips_to_submit(user=request.user, challenge=challenge)
            if board.my_take is None
            and (board.invited or board.manages)
            and challenge.closed_at is None
            else [],
            "may_change": may_change_challenge(user=request.user, challenge=challenge),
            "nudge": None,
        },
    )


@login_required
def challenge_edit(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """Who set the challenge, or the team's manager, mends its title, prompt, due date and
    reviewers."""
    challenge = access_challenge(user=request.user, challenge_id=challenge_id, change=True)
    form = ChallengeEditForm(
        request.POST or None,
        initial={
            "title": challenge.title,
            "prompt": challenge.prompt,
            "due_at": challenge.due_at,
            "reviewer_mode": challenge.reviewer_mode,
            "reviewers": list(challenge.reviewers.values_list("id", flat=True)),
        },
        members=_members(challenge.team),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_edit(
                challenge=challenge,
                actor=request.user,
                title=form.cleaned_data["title"],
                prompt=form.cleaned_data["prompt"],
                due_at=form.cleaned_data["due_at"],
                reviewer_mode=form.cleaned_data["reviewer_mode"],
                reviewers=list(form.cleaned_data["reviewers"]),
            )
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Challenge saved.")
            return redirect("challenge_detail", challenge_id=challenge.id)
    return render(
        request,
        "practice/edit.html",
        {"form": form, "challenge": challenge},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def challenge_close(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(user=request.user, challenge_id=challenge_id, change=True)
    try:
        services.challenge_close(challenge=challenge, actor=request.user)
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Closed: it takes no new takes. The takes and reviews stay, to review."
        )
    return redirect("challenge_detail", challenge_id=challenge.id)


@login_required
@require_POST
def take_submit(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(user=request.user, challenge_id=challenge_id)
    clip = Clip.objects.filter(
        id=parse_id(request.POST.get("clip")) or 0, author=request.user
    ).first()
    if clip is None:
        messages.error(request, "Pick one of your clips, or record a new take.")
        return redirect("challenge_detail", challenge_id=challenge.id)
    try:
        services.take_submit(challenge=challenge, author=request.user, clip=clip)
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your take is in.")
    return redirect("challenge_detail", challenge_id=challenge.id)


@login_required
@require_POST
def take_review(request: HttpRequest, take_id: int) -> HttpResponse:
    take = access_take(user=request.user, take_id=take_id)
    challenge = take.challenge
    form = ReviewForm(request.POST, challenge=challenge)
    valid = form.is_valid()
    scores = form.scores()
    try:
        if not valid:
            raise RoundtableError(f"Score each line from 0 to {challenge.top_score}.")
        services.review_save(
            take=take,
            reviewer=request.user,
            scores=scores,
            comment=form.cleaned_data["comment"],
            understood=form.cleaned_data["understood"],
            post_anyway=form.cleaned_data["post_anyway"],
        )
    except AbstractFeedback as nudge:
        return _board_again(request, challenge, take, nudge=nudge.verdict, scores=scores)
    except RoundtableError as error:
        return _board_again(request, challenge, take, error=error.message, scores=scores)
    messages.success(request, f"Review saved for {take.author.full_name}'s take.")
    return redirect(reverse("challenge_detail", args=[challenge.id]) + f"#take-{take.id}")


def _board_again(request, challenge, take, *, scores, nudge=None, error=None) -> HttpResponse:
    """The challenge page again with the review as typed, and the nudge or the error."""
    board = selectors.challenge_board(challenge=challenge, user=request.user)
    for row in board.rows:
        if row.take.id == take.id:
            row.my_scores = scores
    return render(
        request,
        "practice/challenge.html",
        {
            "board": board,
            "challenge": challenge,
            "scale": range(challenge.top_score + 1),
            "my_clips": [],
            "nudge": nudge,
            "review_error": error,
            "review_take_id": take.id,
            "typed_comment": request.POST.get("comment", ""),
            "typed_understood": request.POST.get("understood", ""),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def challenge_feature(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = access_challenge(user=request.user, challenge_id=challenge_id, manage=True)
    take = (
        challenge.takes.select_related("author")
        .filter(id=parse_id(request.POST.get("take")) or 0)
        .first()
    )
    if take is None:
        messages.error(request, "Pick the take to feature.")
        return redirect("challenge_detail", challenge_id=challenge.id)
    services.challenge_feature(challenge=challenge, actor=request.user, take=take)
    messages.success(
        request, f"{take.author.full_name}'s take is now what good looks like. They were told."
    )
    return redirect("challenge_detail", challenge_id=challenge.id)


@login_required
def challenge_compare(request: HttpRequest, challenge_id: int) -> HttpResponse:
    """Two or three takes side by side, with their scores and speaking metrics."""
    challenge = access_challenge(user=request.user, challenge_id=challenge_id, manage=True)
    board = selectors.challenge_board(challenge=challenge, user=request.user)
    wanted = [int(t) for t in request.GET.getlist("take") if t.isdigit()][:3]
    rows = [row for row in board.rows if row.take.id in wanted]
    if len(rows) < 2:
        messages.error(request, "Tick two or three takes to compare.")
        return redirect("challenge_detail", challenge_id=challenge.id)
    return render(
        request,
        "practice/compare.html",
        {"challenge": challenge, "board": board, "rows": rows},
    )


@login_required
def playbook_home(request: HttpRequest) -> HttpResponse:
    """Pick a situation before a call; or search the library's best clips."""
    return render(
        request,
        "practice/playbook_home.html",
        {"situations": selectors.playbook_situations(user=request.user)},
    )


@login_required
def playbook_situation(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = in_organisation(Situation, user=request.user).filter(id=situation_id).first()
    if situation is None:
        raise Http404("No such situation")
    return render(
        request,
        "practice/playbook.html",
        {"book": selectors.playbook_for(user=request.user, situation=situation)},
    )


def _members(team):
    return User.objects.filter(memberships__team=team, is_active=True).order_by("full_name")


@login_required
def roleplay_new(request: HttpRequest, team_id: int) -> HttpResponse:
    """The scenario card and the cast; opening it starts the live runner."""
    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    form = RolePlayForm(request.POST or None, members=_members(team).exclude(id=request.user.id))
    return _live_new(request, team, form, services.roleplay_start, "role-play")


@login_required
def dealclinic_new(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    form = DealClinicForm(request.POST or None, members=_members(team))
    return _live_new(request, team, form, services.dealclinic_start, "deal clinic")


def _live_new(request, team, form, start, what: str) -> HttpResponse:
    """The form that opens a live practice (role-play, deal clinic) and starts its runner."""
    if request.method == "POST" and form.is_valid():
        try:
            meeting = start(actor=request.user, team=team, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            if meeting.upcoming:
                messages.success(request, "Planned: everyone chosen is told their part and when.")
                return redirect("practice_record", meeting_id=meeting.id)
            return redirect("meeting_live", meeting_id=meeting.id)
    return render(
        request,
        "practice/live_new.html",
        {"form": form, "team": team, "what": what},
        status=400 if request.method == "POST" else 200,
    )


def recording_for_challenge(*, request: HttpRequest) -> dict:
    """The library's recorder opened from a challenge (`?challenge=`): shows it and fills in the
    take's title, team and situation."""
    challenge_id = parse_id(request.GET.get("challenge"))
    if not challenge_id:
        return {}
    challenge = access_challenge(user=request.user, challenge_id=challenge_id)
    initial = {
        "title": f"My take: {challenge.title}"[:140],
        "team": challenge.team_id,
        "situation": challenge.situation_id,
    }
    return {"challenge": challenge, "initial": initial}


def take_from_shared_clip(*, request: HttpRequest, clip) -> dict:
    """A clip shared for a challenge becomes the person's take; back to the challenge."""
    if not request.POST.get("challenge", "").isdigit():
        return {}
    challenge = access_challenge(
        user=request.user, challenge_id=parse_id(request.POST.get("challenge")) or 0
    )
    url = reverse("challenge_detail", args=[challenge.id])
    if challenge.takes.filter(author=request.user, clip=clip).exists():
        return {"url": url}  # a repeated share: already in
    try:
        services.take_submit(challenge=challenge, author=request.user, clip=clip)
    except RoundtableError as error:
        messages.error(request, f"Your clip is shared, but: {error.message}")
    else:
        messages.success(request, "Your take is in. It is being processed; reviewers see it here.")
    return {"url": url}
