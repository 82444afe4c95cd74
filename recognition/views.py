from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.access import access_team_work, managed_team_ids, teammates
from accounts.models import Team
from library.models import ClipState
from library.selectors import clip_label, clips_visible_to, recent_clips_of_team
from meetings.access import visible_meetings
from meetings.models import Contribution
from meetings.selectors import credit_advice
from recognition import selectors, services
from recognition.access import access_story, stories_visible_q, visible_kudos
from recognition.boards import glance
from recognition.forms import KudosForm, NotificationSettingsForm, StoryForm
from recognition.models import (
    Notification,
    NotificationKind,
    NotificationSettings,
    SlackHook,
    Story,
)
from recognition.selectors import leaderboards
from recognition.selectors import meeting_agenda as agenda_for
from roundtable.errors import AbstractFeedback, RoundtableError
from roundtable.parsing import parse_id, parse_number
from roundtable.pickers import narrow, only

STORIES_SHOWN = 20


def _kudos_form(request, data=None):
    user = request.user
    initial = {"for_kind": "other"}  # what fits whatever there is; a link sets another
    if parse_id(request.GET.get("story")):
        initial = {"for_kind": "story", "story": parse_id(request.GET["story"])}
    if parse_id(request.GET.get("clip")):
        initial = {"for_kind": "clip", "clip": parse_id(request.GET["clip"])}
    people = selectors.colleagues_for(user=user)
    form = KudosForm(
        data,
        initial=initial,
        people=people,
        clips=clips_visible_to(user=user).filter(state=ClipState.READY),
        stories=Story.objects.filter(stories_visible_q(user=user)),
        advice=Contribution.objects.filter(
            id__in=[c.id for c in credit_advice(user=user)]
        ).select_related("author"),
        achievements=selectors.achievements_for(user=user),
    )
    # Teammates and the team's newest clips on the page; anyone else is a search away.
    narrow(
        form.fields["to"],
        shown=people.filter(teammate=True)[:40],
        chosen=data.getlist("to") if data is not None else [],
        url=reverse("people_pick"),
        search_label="Someone else: type their name",
    )
    only(  # the newest stories (and the one a link asked for); older ones have their own page
        form.fields["story"],
        shown=form.fields["story"].queryset.order_by("-created_at")[:STORIES_SHOWN],
        chosen=[data.get("story") if data is not None else initial.get("story")],
    )
    narrow(
        form.fields["clip"],
        shown=recent_clips_of_team(user=user),
        chosen=[data.get("clip") if data is not None else initial.get("clip")],
        url=reverse("clip_pick"),
        search_label="Another clip: type words of its title",
        label=clip_label,
    )
    return form


FEED_PAGE = 25


@login_required
def kudos_home(request: HttpRequest) -> HttpResponse:
    """Give kudos (seeing how each colleague likes to be appreciated) and see the team's."""
    user = request.user
    form = _kudos_form(request, request.POST or None)
    nudge = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.kudos_give(
                giver=user,
                recipients=list(data["to"]),
                message=data["message"],
                for_kind=data["for_kind"],
                clip=data["clip"],
                story=data["story"],
                contribution=data["contribution"],
                kpi_value=data["kpi_value"],
                nudge=request.POST.get("post_anyway") != "1",
            )
        except AbstractFeedback as held:
            nudge = held.verdict  # nothing sent: edit it, or send it as it is
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Kudos sent.")
            return redirect("kudos_home")
    mates = {m["user_id"] for m in teammates(user=user)} | {user.id}
    readable_kudos = visible_kudos(user=user)
    # Targets met form their own strand, grouped per person and period: they never bury
    # peers' kudos, in the feed or in its length.
    page = int(parse_number(request.GET.get("page") or 1, minimum=1, maximum=1000) or 1)
    first = (page - 1) * FEED_PAGE
    feed = list(
        readable_kudos.exclude(selectors.AUTOMATIC)
        .select_related("giver", "clip", "story", "contribution", "kpi_value__kpi")
        .prefetch_related("recipients")[first : first + FEED_PAGE + 1]
    )
    more = len(feed) > FEED_PAGE
    feed = feed[:FEED_PAGE]
    # Advice is quoted only to people who may read the session it was given in.
    readable = set(
        Contribution.objects.filter(
            id__in=[k.contribution_id for k in feed if k.contribution_id],
            meeting__in=visible_meetings(user=user),
        ).values_list("id", flat=True)
    )
    for k in feed:
        k.advice_readable = k.contribution_id in readable
    people = form.fields["to"].queryset
    return render(
        request,
        "recognition/kudos.html",
        {
            "form": form,
            "nudge": nudge,
            "feed": feed,
            "next_page": page + 1 if more else None,
            "targets_met": selectors.targets_met_strand(kudos=readable_kudos),
            "hints": [(p, services.hint_for(p)) for p in people.filter(id__in=mates)],
        },
        status=400 if request.method == "POST" else 200,
    )


def _story_form(request, data=None):
    user = request.user
    teams = Team.objects.filter(memberships__user=user).order_by("name")
    return StoryForm(
        data,
        teams=teams,
        people=selectors.colleagues_for(user=user),
        initial={"team": teams.first()},
    )


@login_required
def stories_home(request: HttpRequest) -> HttpResponse:
    form = _story_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = services.story_post(
                author=request.user,
                team=data["team"],
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                learned=data["learned"],
                visibility=data["visibility"],
                credited=list(data["credited"]),
                for_team_meeting=data["for_team_meeting"],
            )
        except RoundtableError as error:
            error.show_on(form)
            story = None
        if story is not None:
            messages.success(request, "Posted.")
            return redirect("story_detail", story_id=story.id)
    stories = (
        Story.objects.filter(stories_visible_q(user=request.user))
        .select_related("author", "team")
        .annotate(
            reaction_count=Count("reactions", distinct=True),
            comment_count=Count("comments", distinct=True),
        )[:50]
    )
    return render(
        request,
        "recognition/stories.html",
        {"form": form, "stories": stories},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    story = access_story(user=request.user, story_id=story_id)
    return render(
        request,
        "recognition/story.html",
        {
            "story": story,
            "credited": story.credited.all(),
            "comments": story.comments.select_related("author"),
            "reactions": story.reactions.count(),
            "mine": story.reactions.filter(user=request.user).exists(),
            "may_mark": story.author_id == request.user.id
            or story.team_id in managed_team_ids(user=request.user),
        },
    )


@login_required
@require_POST
def story_react(request: HttpRequest, story_id: int) -> HttpResponse:
    story = access_story(user=request.user, story_id=story_id)
    services.story_react(story=story, user=request.user, on=request.POST.get("on") == "1")
    return redirect("story_detail", story_id=story.id)


@login_required
@require_POST
def story_comment(request: HttpRequest, story_id: int) -> HttpResponse:
    story = access_story(user=request.user, story_id=story_id)
    try:
        services.story_comment(story=story, author=request.user, text=request.POST.get("text", ""))
    except RoundtableError as error:
        messages.error(request, error.message)
    return redirect("story_detail", story_id=story.id)


@login_required
@require_POST
def story_meeting(request: HttpRequest, story_id: int) -> HttpResponse:
    story = access_story(user=request.user, story_id=story_id, write=True)
    services.story_for_meeting(story=story, on=request.POST.get("on") == "1")
    return redirect("story_detail", story_id=story.id)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:

    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            prefs, _ = NotificationSettings.objects.get_or_create(user=request.user)
            prefs.daily_digest = form.cleaned_data["daily_digest"]
            prefs.muted = form.muted()
            prefs.save(update_fields=["daily_digest", "muted"])
            messages.success(request, "Saved.")
        else:
            messages.error(request, "Those choices did not arrive whole: choose again.")
        return redirect("notifications")
    # The defaults (every kind, the morning email) until the person saves a choice.
    prefs = NotificationSettings.objects.filter(user=request.user).first() or (
        NotificationSettings(user=request.user)
    )
    form = NotificationSettingsForm(
        initial={
            "daily_digest": prefs.daily_digest,
            "kinds": [k for k in NotificationKind.values if k not in (prefs.muted or [])],
        }
    )
    items = list(Notification.objects.filter(user=request.user)[:50])
    # Seeing them is reading them: the one write a GET does here, like a read receipt.
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(request, "recognition/notifications.html", {"items": items, "form": form})


@login_required
def team_slack(request: HttpRequest, team_id: int) -> HttpResponse:
    """The team's Slack incoming webhook (the manager's)."""

    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    hook = SlackHook.objects.filter(team=team).first()
    error = None
    if request.method == "POST":
        try:
            services.slack_hook_set(
                team=team, url=request.POST.get("url", ""), steps=bool(request.POST.get("steps"))
            )
        except RoundtableError as problem:
            error = problem.message
        else:
            messages.success(request, "Saved.")
            return redirect("team_slack", team_id=team.id)
    return render(
        request,
        "recognition/slack.html",
        {
            "team": team,
            "url": request.POST.get("url") if error else (hook.url if hook else ""),
            "steps": bool(request.POST.get("steps")) if error else (hook.steps if hook else True),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
    """Performance, contribution and most improved, side by side."""

    period = "quarter" if request.GET.get("period") == "quarter" else "month"
    boards = leaderboards(organisation=request.user.organisation, period=period)
    board = request.GET.get("board")
    if board in BOARDS:  # one whole board, a page at a time
        page = Paginator(boards[board], BOARD_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "recognition/board.html",
            {
                "boards": boards,
                "period": period,
                "board": board,
                "title": BOARDS[board],
                "page": page,
                "unit": BOARD_UNITS[board],
            },
        )
    return render(
        request,
        "recognition/leaderboard.html",
        {
            "boards": boards,
            "glance": {key: glance(boards[key], viewer_id=request.user.id) for key in BOARDS},
            "period": period,
        },
    )


BOARDS = {"performance": "Performance", "contribution": "Contribution", "improved": "Most improved"}
BOARD_UNITS = {"performance": "%", "contribution": " pts", "improved": " pts"}
BOARD_PAGE = 50


@login_required
def meeting_agenda(request: HttpRequest, team_id: int) -> HttpResponse:

    team = access_team_work(user=request.user, team_id=team_id)
    return render(
        request,
        "recognition/agenda.html",
        {**agenda_for(team=team), "manages": team.id in managed_team_ids(user=request.user)},
    )


@login_required
@require_POST
def agenda_send(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team_work(user=request.user, team_id=team_id, manage=True)
    sent = services.agenda_send(team=team, actor=request.user)
    messages.success(request, f"Sent to {sent} member{'s' if sent != 1 else ''} of {team.name}.")
    return redirect("meeting_agenda", team_id=team.id)
