"""Reads for leaderboards and the team meeting agenda."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from accounts.access import in_organisation, teammates
from accounts.models import Membership, Team, TeamRole, User
from coaching import periods
from coaching.models import KpiTarget, KpiValue
from coaching.periods import MONTH, QUARTER
from library.models import Helpful
from meetings.models import ActionItem, ActionStatus, Participant
from practice.models import Challenge
from recognition.boards import Line, attainment, contribution, ranked
from recognition.models import Kudos, Story, StoryKind


def _period(kind: str, today: date) -> tuple[date, date, date]:
    """(start, end, previous start) of this month or this quarter."""
    period = QUARTER if kind == "quarter" else MONTH
    start = periods.period_start(today, period)
    return start, periods.next_start(start, period), periods.previous_start(start, period)


def _attainment_by_rep(rep_ids, start: date, end: date) -> dict[int, list[float]]:
    """Per rep, the percent of target of each value that has a target in the window."""

    targets = {
        (t.kpi_id, t.person_id, t.period_start): (t.value, t.kpi.direction == "higher")
        for t in KpiTarget.objects.filter(
            person_id__in=rep_ids, period_start__gte=start, period_start__lt=end
        ).select_related("kpi")
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


def leaderboards(*, organisation, period: str = "month", today: date | None = None) -> dict:
    """Performance, contribution and most improved, side by side; a fixed number of queries."""

    today = today or timezone.localdate()
    start, end, prev = _period(period, today)
    reps = list(
        User.objects.filter(
            organisation=organisation, is_active=True, memberships__role=TeamRole.REP
        ).distinct()
    )
    ids = [r.id for r in reps]
    attained = _attainment_by_rep(ids, start, end)
    now_scores = _average(attained)
    before = _average(_attainment_by_rep(ids, prev, start))
    counts: dict[int, Counter] = {r.id: Counter() for r in reps}
    window = Q(created_at__date__gte=start, created_at__date__lt=end)
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
            meeting__started_at__date__gte=start,
            meeting__started_at__date__lt=end,
        )
        .values_list("user_id")
        .annotate(n=Count("id"))
    ):
        counts[rep]["sessions"] += n
    for rep, n in (
        Kudos.objects.filter(window, giver_id__in=ids)
        .values_list("giver_id")
        .annotate(n=Count("id"))
    ):
        counts[rep]["kudos_given"] += n
    names = {r.id: r.full_name for r in reps}
    performance = [
        Line(names[r], s, f"average of {len(attained[r])} target{'s' * (len(attained[r]) > 1)}")
        for r, s in now_scores.items()
    ]
    helping = [
        Line(
            names[r],
            contribution(c),
            ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(c.items()) if v),
        )
        for r, c in counts.items()
        if contribution(c)
    ]
    improved = [
        Line(names[r], round(now_scores[r] - before[r], 1), f"{before[r]:g}% → {now_scores[r]:g}%")
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
        by_name = {r.full_name: r.id for r in reps}

        def totals(lines):
            sums: Counter = Counter()
            for line in lines:
                sums[team_of.get(by_name[line.name], "—")] += line.score
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
    """The weekly sales meeting: recognitions, one war and one success story, co-development
    follow-ups and challenge results, each linked."""

    since = timezone.now() - timedelta(days=7)
    members = Membership.objects.filter(team=team).values("user_id")
    kudos = list(
        Kudos.objects.filter(created_at__gte=since, recipients__id__in=members)
        .distinct()
        .select_related("giver")
        .prefetch_related("recipients")[:10]
    )

    def story(kind):
        return (
            Story.objects.filter(team=team, kind=kind)
            .order_by("-for_team_meeting", "-created_at")
            .select_related("author")
            .first()
        )

    followups = list(
        ActionItem.objects.filter(
            meeting__team=team, meeting__private=False, status=ActionStatus.OPEN
        ).select_related("owner", "meeting")[:10]
    )
    challenges = list(
        Challenge.objects.filter(
            team=team, featured_take__isnull=False, due_at__gte=since - timedelta(days=7)
        ).select_related("featured_take__author", "featured_take__clip")[:5]
    )
    return {
        "team": team,
        "kudos": kudos,
        "war": story(StoryKind.WAR),
        "success": story(StoryKind.SUCCESS),
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
