"""Reads for leaderboards and the team meeting agenda."""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.access import in_organisation, teammates
from accounts.models import Membership, Organisation, Team, TeamRole, User
from coaching import periods
from coaching.models import KpiTarget, KpiValue
from coaching.periods import MONTH, QUARTER
from library.models import Clip, Helpful
from meetings.models import ActionItem, ActionStatus, Contribution, Participant
from practice.models import Challenge
from recognition.boards import Line, attainment, contribution, ranked
from recognition.models import Kudos, Story, StoryKind
from roundtable import generations


def _period(kind: str, today: date) -> tuple[date, date, date]:
    """(start, end, previous start) of this month or this quarter."""
    period = QUARTER if kind == "quarter" else MONTH
    start = periods.period_start(today, period)
    return start, periods.next_start(start, period), periods.previous_start(start, period)


def _attainment_by_rep(rep_ids, start: date, end: date) -> dict[int, list[float]]:
    """Per rep, the percent of target of each value that has a target in the window."""

    targets = {
        (kpi_id, person_id, period_start): (value, direction == "higher")
        for kpi_id, person_id, period_start, value, direction in KpiTarget.objects.filter(
            person_id__in=rep_ids, period_start__gte=start, period_start__lt=end
        ).values_list("kpi_id", "person_id", "period_start", "value", "kpi__direction")
    }
    scores: dict[int, list[float]] = {}
    for kpi_id, person_id, period_start, value in KpiValue.objects.filter(
        person_id__in=rep_ids, period_start__gte=start, period_start__lt=end
    ).values_list("kpi_id", "person_id", "period_start", "value"):
        target = targets.get((kpi_id, person_id, period_start))
        if target:
            scores.setdefault(person_id, []).append(attainment(value, target[0], target[1]))
    return scores


def _average(scores: dict[int, list[float]]) -> dict[int, float]:
    return {rep: round(sum(v) / len(v), 1) for rep, v in scores.items()}


KUDOS_WORDS = 6  # what a kudos needs to say to count as contribution
KUDOS_CAP = 5  # kudos given that count per period


BOARDS_SECONDS = 3600  # an unchanged board is read again at least hourly


def boards_tables() -> list:
    """What the boards read: values and targets, votes, credits, stories, attendance, kudos,
    people and teams."""
    return [
        KpiValue,
        KpiTarget,
        Helpful,
        ActionItem,
        Story,
        Participant,
        Kudos,
        Kudos.recipients.through,
        Membership,
        User,
        Team,
        Organisation,
        Clip,
        Contribution,
        Challenge,
    ]


def leaderboards(*, organisation, period: str = "month", today: date | None = None) -> dict:
    """Performance, contribution and most improved, side by side: computed once until one of
    their tables is written to (roundtable/generations.py) and kept in each process."""
    today = today or timezone.localdate()
    key = (
        f"boards:{organisation.id}:{period}:{today}:"
        f"{organisation.leaderboard_mode}:{organisation.leaderboard_top_n}"
    )
    return generations.cached(
        key,
        tables=boards_tables(),
        compute=lambda: _leaderboards(organisation=organisation, period=period, today=today),
        seconds=BOARDS_SECONDS,
    )


def _leaderboards(*, organisation, period: str, today: date) -> dict:
    """The boards from the data; a fixed number of queries."""

    start, end, prev = _period(period, today)
    names = dict(
        User.objects.filter(
            organisation=organisation, is_active=True, memberships__role=TeamRole.REP
        )
        .distinct()
        .values_list("id", "full_name")
    )
    ids = list(names)
    attained = _attainment_by_rep(ids, start, end)
    now_scores = _average(attained)
    before = _average(_attainment_by_rep(ids, prev, start))
    counts: dict[int, Counter] = {r: Counter() for r in ids}
    # The period's days in the current time zone, as a range an index can serve.
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end, time.min))
    window = Q(created_at__gte=since, created_at__lt=until)
    for author, n in (
        Helpful.objects.filter(window, clip__author_id__in=ids)
        .values_list("clip__author_id")
        .annotate(n=Count("id"))
    ):
        counts[author]["helpful"] += n
    for advice_author, clip_author, owner in ActionItem.objects.filter(
        Q(credited_contribution__author_id__in=ids) | Q(credited_clip__author_id__in=ids),
        window,
    ).values_list("credited_contribution__author_id", "credited_clip__author_id", "owner_id"):
        adopted = advice_author or clip_author
        if adopted in counts and adopted != owner:
            counts[adopted]["adopted"] += 1
    for rep, n in (
        Story.objects.filter(window, author_id__in=ids)
        .values_list("author_id")
        .annotate(n=Count("id"))
    ):
        counts[rep]["stories"] += n
    for rep, n in (
        Participant.objects.filter(  # attendance: who joined the room, not who was invited
            user_id__in=ids,
            joined_at__isnull=False,
            meeting__private=False,
            meeting__started_at__gte=since,
            meeting__started_at__lt=until,
        )
        .values_list("user_id")
        .annotate(n=Count("id"))
    ):
        counts[rep]["sessions"] += n
    # Kudos given count when they say something (a few words at least), and a few a period:
    # one-word kudos cannot farm the board.
    for giver, message in Kudos.objects.filter(window, giver_id__in=ids).values_list(
        "giver_id", "message"
    ):
        if len(message.split()) >= KUDOS_WORDS and counts[giver]["kudos_given"] < KUDOS_CAP:
            counts[giver]["kudos_given"] += 1
    performance = [
        Line(
            names[r],
            s,
            f"average of {len(attained[r])} target{'s' * (len(attained[r]) > 1)}",
            person_id=r,
        )
        for r, s in now_scores.items()
    ]
    points = {r: contribution(c) for r, c in counts.items() if c}
    helping = [
        Line(
            names[r],
            points[r],
            ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(counts[r].items()) if v),
            person_id=r,
        )
        for r in points
        if points[r]
    ]
    improved = [
        Line(
            names[r],
            round(now_scores[r] - before[r], 1),
            f"{before[r]:g}% → {now_scores[r]:g}%",
            person_id=r,
        )
        for r in now_scores
        if r in before and now_scores[r] > before[r]
    ]
    mode, top_n = organisation.leaderboard_mode, organisation.leaderboard_top_n
    result = {"start": start, "end": end, "last": end - timedelta(days=1), "mode": mode}
    if mode == "teams":
        team_of = dict(
            Membership.objects.filter(user_id__in=ids, role=TeamRole.REP).values_list(
                "user_id", "team__name"
            )
        )

        def totals(lines):
            sums: Counter = Counter()
            for line in lines:
                sums[team_of.get(line.person_id, "—")] += line.score
            return ranked([Line(t, round(s, 1)) for t, s in sums.items()], mode="ranks", top_n=0)

        result.update(
            performance=totals(performance),
            contribution=totals(helping),
            improved=totals(improved),
        )
    else:
        result.update(
            performance=ranked(performance, mode=mode, top_n=top_n),
            contribution=ranked(helping, mode=mode, top_n=top_n),
            improved=ranked(improved, mode=mode, top_n=top_n),
        )
    return result


def colleagues_for(*, user: User):
    """Everyone active in the organisation but the person: teammates first, then by name."""
    mates = teammates(user=user).filter(user_id=OuterRef("pk"))
    return (
        in_organisation(User, user=user)
        .filter(is_active=True)
        .exclude(id=user.id)
        .annotate(teammate=Exists(mates))
        .order_by("-teammate", "full_name")
    )


AUTOMATIC = Q(giver__isnull=True, kpi_value__isnull=False)  # Roundtable noticed a target met


def targets_met_strand(*, kudos, limit: int = 60) -> list[tuple[str, list[tuple[str, list]]]]:
    """The automatic recognitions among `kudos` (those a person may read), newest first,
    grouped per person and then per period: [(name, [(period, [kudos])])]. Their own strand,
    so a month of targets met never buries a colleague's thanks. Two queries."""
    automatic = list(
        kudos.filter(AUTOMATIC)
        .select_related("kpi_value__kpi")
        .prefetch_related("recipients")
        .order_by("-kpi_value__period_start", "-created_at")[:limit]
    )
    grouped: dict[str, dict[str, list]] = {}
    for k in automatic:
        period = periods.label(k.kpi_value.period_start, k.kpi_value.kpi.period)
        for person in k.recipients.all():
            grouped.setdefault(person.full_name, {}).setdefault(period, []).append(k)
    return [(name, list(by_period.items())) for name, by_period in sorted(grouped.items())]


def achievements_for(*, user: User, days: int = 90):
    """Teammates' targets met lately (recognised automatically, so already in the team's kudos
    feed): what a person can give kudos for as a KPI achievement."""
    recognised = Kudos.objects.filter(
        giver__isnull=True,
        kpi_value__isnull=False,
        created_at__gte=timezone.now() - timedelta(days=days),
        recipients__in=teammates(user=user),
    ).values("kpi_value_id")
    return (
        KpiValue.objects.filter(id__in=recognised)
        .exclude(person=user)
        .select_related("kpi", "person")
        .order_by("-period_start", "person__full_name")
    )


def meeting_agenda(*, team: Team, today: date | None = None) -> dict:
    """The weekly sales meeting of a date: recognitions (people's kudos, then the targets met),
    a war story and a success story from each rep who shared one lately, the most improved,
    the commitments done and those still open, and challenge results, each linked."""

    today = today or timezone.localdate()
    since = timezone.now() - timedelta(days=7)
    members = Membership.objects.filter(team=team).values("user_id")
    kudos = list(
        Kudos.objects.filter(created_at__gte=since, recipients__id__in=members)
        .distinct()
        .select_related("giver")
        .prefetch_related("recipients")[:20]
    )
    # One war and one success story per rep, the newest (the method asks each for both).
    stories: dict[tuple[int, str], Story] = {}
    for story in (
        Story.objects.filter(team=team, created_at__gte=timezone.now() - timedelta(days=30))
        .select_related("author")
        .order_by("-for_team_meeting", "-created_at")
    ):
        stories.setdefault((story.author_id, story.kind), story)
    reps = list(
        User.objects.filter(memberships__team=team, memberships__role=TeamRole.REP, is_active=True)
        .distinct()
        .order_by("full_name")
    )
    start, end, prev = _period("month", today)
    ids = [r.id for r in reps]
    now_scores = _average(_attainment_by_rep(ids, start, end))
    before = _average(_attainment_by_rep(ids, prev, start))
    gains = sorted(
        (
            (now_scores[r.id] - before[r.id], r, before[r.id], now_scores[r.id])
            for r in reps
            if r.id in now_scores and r.id in before and now_scores[r.id] > before[r.id]
        ),
        key=lambda g: -g[0],
    )
    followups = list(
        ActionItem.objects.filter(
            meeting__team=team, meeting__private=False, status=ActionStatus.OPEN
        ).select_related("owner", "meeting")[:10]
    )
    done = list(
        ActionItem.objects.filter(
            meeting__team=team,
            meeting__private=False,
            status=ActionStatus.DONE,
            updated_at__gte=since,
        ).select_related("owner")[:10]
    )
    challenges = list(
        Challenge.objects.filter(
            team=team, featured_take__isnull=False, due_at__gte=since - timedelta(days=7)
        ).select_related("featured_take__author", "featured_take__clip")[:5]
    )
    return {
        "team": team,
        "date": today,
        "kudos": [k for k in kudos if k.giver_id is not None],
        "targets_met": [k for k in kudos if k.giver_id is None],
        "war_stories": [
            stories[(r.id, StoryKind.WAR)] for r in reps if (r.id, StoryKind.WAR) in stories
        ],
        "success_stories": [
            stories[(r.id, StoryKind.SUCCESS)] for r in reps if (r.id, StoryKind.SUCCESS) in stories
        ],
        "war": next((s for (a, k), s in stories.items() if k == StoryKind.WAR), None),
        "success": next((s for (a, k), s in stories.items() if k == StoryKind.SUCCESS), None),
        "improved": [(r, b, n) for _, r, b, n in gains[:3]],
        "done": done,
        "followups": followups,
        "challenges": challenges,
    }


def home_kudos_section(*, user: User, days: int = 14) -> dict:
    """The latest kudos to the person: what their teammates thanked them for."""
    recent = list(
        Kudos.objects.filter(recipients=user, created_at__gte=timezone.now() - timedelta(days=days))
        .select_related("giver")
        .order_by("-created_at")[:3]
    )
    if not recent:
        return {}
    return {"template": "recognition/_home_kudos.html", "order": 40, "kudos": recent}
