"""Reads for the KPI pages: each KPI's trend for a rep or a team, with its targets."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.access import managed_team_ids
from accounts.models import Membership, Organisation, Team, TeamRole, User
from accounts.timezones import local_date
from coaching.access import sees_development
from coaching.charts import Bars, Chart, bars, trend
from coaching.models import (
    DevGoal,
    Kpi,
    KpiTarget,
    KpiValue,
    ManagerRating,
    Observation,
    OneOnOne,
    OneOnOneDraft,
    SelfAssessment,
    Skill,
    SolutionChart,
)
from coaching.patterns import is_pattern, window
from coaching.periods import label
from coaching.services import skills_for
from library.access import visible_clips
from library.models import ClipState
from meetings.access import visible_meetings
from meetings.models import ACTION_CREDITS, ActionItem, ActionStatus, ContributionKind, Meeting
from practice.models import Review, Score, Take
from practice.rubric import Criterion, take_percent
from roundtable import generations

PERIODS_SHOWN = 8


@dataclass
class KpiTrend:
    kpi: Kpi
    chart: Chart | None
    latest: float | None
    target: float | None
    met: bool | None
    # (period label, value, target, where the value came from), newest first: the chart's data
    # table, for screen readers and for "who set this, when, from what".
    rows: list = field(default_factory=list)
    latest_period: str = ""  # the label of the period `latest` is for
    # A team's view: each rep in the latest period against their own target, as bars, and the
    # rows of its table (name, value, target).
    people: Bars | None = None
    people_rows: list = field(default_factory=list)


def kpis_of(*, organisation_id: int) -> QuerySet[Kpi]:
    return Kpi.objects.filter(organisation_id=organisation_id)


def _series(
    kpi, values: dict[date, float], targets: dict[date, float], sources: dict | None = None
) -> KpiTrend:
    starts = sorted(set(values) | set(targets))[-PERIODS_SHOWN:]
    series = [(label(s, kpi.period), values.get(s), targets.get(s)) for s in starts]
    chart = trend(series, met=kpi.met)
    last = next((s for s in reversed(starts) if s in values), None)
    latest = values.get(last) if last else None
    target = targets.get(last) if last else None
    met = kpi.met(latest, target) if latest is not None and target is not None else None
    rows = [
        (label(s, kpi.period), values.get(s), targets.get(s), (sources or {}).get(s, ""))
        for s in reversed(starts)
    ]
    latest_period = label(last, kpi.period) if last else ""
    return KpiTrend(kpi, chart, latest, target, met, rows, latest_period)


def _provenance(set_by: str | None, detail: str, source: str, when) -> str:
    """ "Max Manager, 27 Nov 2026, file pipeline.csv" """
    where = detail or {"api": "the API", "csv": "a file"}.get(source, source)
    return ", ".join(p for p in (set_by or "", f"{when:%-d %b %Y}", where) if p)


def person_trends(*, person: User) -> list[KpiTrend]:
    """Each KPI of the organisation for one rep; three queries whatever the history."""
    kpis = list(kpis_of(organisation_id=person.organisation_id))
    values: dict[int, dict[date, float]] = {}
    sources: dict[int, dict[date, str]] = {}
    for kpi_id, start, value, set_by, detail, source, when in KpiValue.objects.filter(
        person=person
    ).values_list(
        "kpi_id",
        "period_start",
        "value",
        "set_by__full_name",
        "source_detail",
        "source",
        "updated_at",
    ):
        values.setdefault(kpi_id, {})[start] = value
        sources.setdefault(kpi_id, {})[start] = _provenance(set_by, detail, source, when)
    targets: dict[int, dict[date, float]] = {}
    for kpi_id, start, value in KpiTarget.objects.filter(person=person).values_list(
        "kpi_id", "period_start", "value"
    ):
        targets.setdefault(kpi_id, {})[start] = value
    return [
        _series(k, values.get(k.id, {}), targets.get(k.id, {}), sources.get(k.id, {})) for k in kpis
    ]


def _combine(kpi: Kpi, values: list[float]) -> float:
    """Reps' values (or targets) as one team figure: added up or averaged, as the KPI says."""
    return sum(values) if kpi.combine == "sum" else sum(values) / len(values)


def team_trends(*, team: Team, each_rep: bool = False) -> list[KpiTrend]:
    """Each KPI for a team: members' values added up or averaged, against the team target, and
    (`each_rep`: for those who may read each rep's results) each rep in the latest period
    against their own target. Five queries whatever the history."""
    kpis = list(kpis_of(organisation_id=team.organisation_id))
    names = dict(
        Membership.objects.filter(team=team, role=TeamRole.REP)
        .order_by("user__full_name")
        .values_list("user_id", "user__full_name")
    )
    buckets: dict[int, dict[date, list[float]]] = {}
    each: dict[tuple[int, date], dict[int, float]] = {}
    for kpi_id, start, person_id, value in KpiValue.objects.filter(
        person_id__in=list(names)
    ).values_list("kpi_id", "period_start", "person_id", "value"):
        buckets.setdefault(kpi_id, {}).setdefault(start, []).append(value)
        each.setdefault((kpi_id, start), {})[person_id] = value
    targets: dict[int, dict[date, float]] = {}
    for kpi_id, start, value in KpiTarget.objects.filter(team=team).values_list(
        "kpi_id", "period_start", "value"
    ):
        targets.setdefault(kpi_id, {})[start] = value
    own_targets = {
        (kpi_id, start, person_id): value
        for kpi_id, start, person_id, value in KpiTarget.objects.filter(
            person_id__in=list(names)
        ).values_list("kpi_id", "period_start", "person_id", "value")
    }
    # A period without a team target takes its reps' own targets, combined as the values are.
    theirs: dict[int, dict[date, list[float]]] = {}
    for (kpi_id, start, _), value in own_targets.items():
        theirs.setdefault(kpi_id, {}).setdefault(start, []).append(value)
    trends = []
    for kpi in kpis:
        combined = {start: _combine(kpi, v) for start, v in buckets.get(kpi.id, {}).items()}
        goals = {start: _combine(kpi, v) for start, v in theirs.get(kpi.id, {}).items()}
        goals |= targets.get(kpi.id, {})
        series = _series(kpi, combined, goals)
        if combined and each_rep:
            last = max(combined)
            values = each.get((kpi.id, last), {})
            series.people_rows = [
                (person_id, name, values.get(person_id), own_targets.get((kpi.id, last, person_id)))
                for person_id, name in names.items()
            ]
            series.people = bars([row[1:] for row in series.people_rows], met=kpi.met)
            series.latest_period = label(last, kpi.period)
        trends.append(series)
    return trends


def one_on_ones_for(*, user: User):

    return (
        OneOnOne.objects.filter(Q(coach=user) | Q(rep=user))
        .select_related("coach", "rep", "meeting")
        .order_by("-created_at")
    )


def drafts_waiting(*, coach: User) -> list:
    """1:1s the coach decided on (at triage) and has not held yet, oldest first."""
    return list(
        OneOnOneDraft.objects.filter(coach=coach, one__isnull=True, dropped_at__isnull=True)
        .select_related("rep")
        .order_by("created_at")
    )


def returning_items(*, coach_id: int, rep_id: int, before=None):
    """Open action items from the pair's earlier 1:1s: they come back at the next one."""

    items = ActionItem.objects.filter(
        meeting__one_on_one__coach_id=coach_id,
        meeting__one_on_one__rep_id=rep_id,
        status=ActionStatus.OPEN,
    ).select_related("owner")
    if before is not None:
        items = items.exclude(meeting_id=before.meeting_id)
    return items.order_by("due_on", "id")


def one_on_one_record(*, one) -> dict:
    meeting = one.meeting
    notes: dict[str, list] = {}
    for c in meeting.contributions.select_related("author").filter(kind=ContributionKind.NOTE):
        notes.setdefault(c.phase_key, []).append(c)
    phases = [(p, notes.get(p.key, [])) for p in meeting.protocol.phases]
    return {
        "phases": phases,
        "actions": list(meeting.actions.select_related("owner", *ACTION_CREDITS)),
        "charts": list(one.solution_charts.select_related("kpi")),
    }


@dataclass
class RoamLine:
    trend: KpiTrend
    short: bool


def roam_for(*, person: User, viewer: User) -> dict:
    """Results against objectives: lagging KPIs first, then the leading ones behind them;
    shortfalls flagged, with the rep's recent clips and challenge scores as evidence (only the
    clips and takes the viewer may watch)."""

    trends = person_trends(person=person)
    lines = [RoamLine(t, t.met is False) for t in trends]
    lagging = [line for line in lines if line.trend.kpi.kind == "lagging"]
    leading = [line for line in lines if line.trend.kpi.kind == "leading"]
    watchable = visible_clips(user=viewer)
    clips = list(watchable.filter(author=person, state=ClipState.READY).order_by("-created_at")[:5])
    takes = list(
        Take.objects.filter(author=person, clip__in=watchable)
        .select_related("challenge", "clip")
        .prefetch_related("challenge__criteria", "reviews__scores")
        .order_by("-submitted_at")[:5]
    )
    scores = []
    for take in takes:
        rubric = [Criterion(c.id, c.name, c.weight) for c in take.challenge.criteria.all()]
        reviews = [{s.criterion_id: s.value for s in r.scores.all()} for r in take.reviews.all()]
        scores.append((take, take_percent(rubric, reviews, take.challenge.top_score)))
    measured = [(line.trend, attainment(line.trend)) for line in lagging + leading]
    measured = [(t, share) for t, share in measured if share is not None]
    return {
        "lagging": lagging,
        "leading": leading,
        "short": [line for line in lines if line.short],
        "clips": clips,
        "scores": scores,
        # Each KPI's latest value as a share of its target, results first: one scale for all.
        "chart": bars(
            [(t.kpi.name, share, 100.0) for t, share in measured],
            met=lambda value, target: value >= target,
            reference=100.0,
            suffix="%",
            at_least=125.0,  # room to see a KPI beyond its target
        ),
        "attainment": measured,
    }


def attainment(trend: KpiTrend) -> float | None:
    """The latest value as a percentage of its target (for a lower-is-better KPI, the target
    as a share of the value): 100 is on target, under 100 short, whatever the KPI's unit."""
    value, target = trend.latest, trend.target
    if value is None or target is None:
        return None
    if trend.kpi.direction == "lower":
        return round(100 * target / value, 1) if value > 0 else 100.0
    return round(100 * value / target, 1) if target > 0 else 100.0


def conversation_data(*, rep: User, viewer: User, but=()) -> dict:
    """What a 1:1 brings to the phases that ask for it (protocols' `brings`): the rep's KPIs
    against targets (short ones first), their recent clips and observations, their open
    commitments and the gaps this pair walked through the solution chart. Each part is what
    the viewer (the coach or the rep) may see; `but`: commitments the page already shows."""

    results = [RoamLine(t, t.met is False) for t in person_trends(person=rep) if t.rows]
    results.sort(key=lambda line: not line.short)
    clips = list(
        visible_clips(user=viewer)
        .filter(author=rep, state=ClipState.READY)
        .order_by("-created_at")[:3]
    )
    observations = []
    if sees_development(user=viewer, rep=rep):
        observations = list(
            Observation.objects.filter(rep=rep)
            .select_related("skill", "clip")
            .order_by("-created_at")[:3]
        )
    commitments = list(
        ActionItem.objects.filter(
            owner=rep, status=ActionStatus.OPEN, meeting__in=visible_meetings(user=viewer)
        )
        .exclude(id__in=list(but))
        .select_related("meeting")
        .order_by(F("due_on").asc(nulls_last=True), "id")[:5]
    )
    return {
        "rep": rep,
        "results": results,
        "short": [line for line in results if line.short],
        "clips": clips,
        "observations": observations,
        "commitments": commitments,
        "charts": list(charts_for(rep=rep, viewer=viewer)[:3]),
    }


def charts_for(*, rep: User, viewer: User):

    return (
        SolutionChart.objects.filter(rep=rep)
        .filter(Q(coach=viewer) | Q(rep=viewer))
        .select_related("kpi", "coach")
    )


def dev_plan(*, rep: User, viewer: User) -> dict:
    """The rep's plan: self-assessment per skill, goals, open 1:1 items, and observations
    (these only for the rep and their coaches)."""

    skills = list(skills_for(organisation=rep.organisation))
    levels = dict(SelfAssessment.objects.filter(rep=rep).values_list("skill_id", "level"))
    rated = _manager_levels([rep.id])
    now = timezone.now()
    seen: dict[int, list] = {}
    for skill_id, when, situation in Observation.objects.filter(
        rep=rep, created_at__gte=now - window()
    ).values_list("skill_id", "created_at", "situation"):
        seen.setdefault(skill_id, []).append((when, situation))
    return {
        # (skill, self-rating, the coaches' rating, a pattern of observations)
        "skills": [
            (s, levels.get(s.id), rated.get((rep.id, s.id)), is_pattern(seen.get(s.id, []), now))
            for s in skills
        ],
        "goals": list(DevGoal.objects.filter(rep=rep)),
        "items": list(
            ActionItem.objects.filter(
                owner=rep, status=ActionStatus.OPEN, meeting__private=True
            ).select_related("meeting")
        ),
        "observations": list(
            Observation.objects.filter(rep=rep).select_related("skill", "manager", "clip")[:20]
        ),
    }


def _manager_levels(rep_ids: list[int]) -> dict[tuple[int, int], int]:
    """(rep, skill) -> the coaches' rating (the lowest when two coaches differ)."""
    rated: dict[tuple[int, int], int] = {}
    for rep_id, skill_id, level in ManagerRating.objects.filter(rep_id__in=rep_ids).values_list(
        "rep_id", "skill_id", "level"
    ):
        key = (rep_id, skill_id)
        rated[key] = min(level, rated.get(key, level))
    return rated


@dataclass
class HeatCell:
    level: int | None  # the rep's own rating
    observed: int
    rubric: float | None
    rated: int | None = None  # the coach's rating
    pattern: bool = False  # observations make a pattern (coaching.patterns)

    @property
    def shade(self) -> int | None:
        """The cell's colour, 1 (weak) to 5 (strong): the coach's rating where given, else the
        rep's own; a pattern or a rubric score under 50% darkens it to at most 2."""
        level = self.rated if self.rated is not None else self.level
        if self.pattern or (self.rubric is not None and self.rubric < 50):
            return min(level or 2, 2)
        if level is None and self.rubric is not None:
            return max(1, min(5, round(self.rubric / 20)))
        return level

    @property
    def weak(self) -> bool:
        return (
            (self.level is not None and self.level <= 2)
            or (self.rated is not None and self.rated <= 2)
            or self.pattern
            or (self.rubric is not None and self.rubric < 50)
        )


def team_heatmap(*, team: Team) -> dict:
    """Reps × skills from self-assessments, rubric scores (criteria named after a skill) and
    observations in the last 90 days; a weakness shared by half the team or more is a
    co-development topic, one held by a single rep a 1:1 topic."""

    skills = list(Skill.objects.filter(organisation_id=team.organisation_id))
    reps = list(
        User.objects.filter(
            memberships__team=team, memberships__role=TeamRole.REP, is_active=True
        ).order_by("full_name")
    )
    ids = [r.id for r in reps]
    levels = {
        (rep, skill): level
        for rep, skill, level in SelfAssessment.objects.filter(rep_id__in=ids).values_list(
            "rep_id", "skill_id", "level"
        )
    }
    now = timezone.now()
    seen: dict[tuple[int, int], list] = {}
    for rep_id, skill_id, when, situation in Observation.objects.filter(
        rep_id__in=ids, created_at__gte=now - window()
    ).values_list("rep_id", "skill_id", "created_at", "situation"):
        seen.setdefault((rep_id, skill_id), []).append((when, situation))
    rated = _manager_levels(ids)
    rubric: dict[tuple[int, int], list[float]] = {}
    lowered = [(s.id, s.name.lower()) for s in skills]
    for author, criterion, value, top in Score.objects.filter(
        review__take__author_id__in=ids
    ).values_list(
        "review__take__author_id", "criterion__name", "value", "review__take__challenge__top_score"
    ):
        for skill_id, name in lowered:
            if name in criterion.lower():
                rubric.setdefault((author, skill_id), []).append(100 * value / (top or 1))
    rows = []
    for rep in reps:
        cells = []
        for skill in skills:
            scores = rubric.get((rep.id, skill.id))
            cells.append(
                HeatCell(
                    levels.get((rep.id, skill.id)),
                    len(seen.get((rep.id, skill.id), [])),
                    round(sum(scores) / len(scores)) if scores else None,
                    rated.get((rep.id, skill.id)),
                    is_pattern(seen.get((rep.id, skill.id), []), now),
                )
            )
        rows.append((rep, cells))
    team_topics, one_on_one = [], []
    for index, skill in enumerate(skills):
        weak = [rep for rep, cells in rows if cells[index].weak]
        if reps and len(weak) >= max(2, (len(reps) + 1) // 2):
            team_topics.append((skill, weak))
        else:
            one_on_one.extend((rep, skill) for rep in weak)
    return {"skills": skills, "rows": rows, "team_topics": team_topics, "one_on_one": one_on_one}


REVIEW_MINUTES = 5


def _coaching_events(ids: list[int], since):
    """(coach, when, kind, minutes) for each piece of coaching logged since a moment: 1:1s
    (live: their real length; written: the length given), facilitated team sessions, role-plays
    and clinics, and reviews. Three queries."""
    for one in OneOnOne.objects.filter(coach_id__in=ids, created_at__gte=since).select_related(
        "meeting"
    ):
        yield one.coach_id, one.created_at, "one_on_ones", one.minutes
    for manager_id, started, ended in Meeting.objects.filter(
        facilitator_id__in=ids, private=False, started_at__gte=since, ended_at__isnull=False
    ).values_list("facilitator_id", "started_at", "ended_at"):
        yield manager_id, started, "sessions", (ended - started).total_seconds() / 60
    for reviewer_id, when in Review.objects.filter(
        reviewer_id__in=ids, created_at__gte=since
    ).values_list("reviewer_id", "created_at"):
        yield reviewer_id, when, "reviews", REVIEW_MINUTES


def _coaching_minutes(ids: list[int], since, events=None) -> dict[int, dict[str, float]]:
    """Each coach's logged coaching minutes since a moment, by kind: from `events` already
    read (_coaching_events over a longer window), else read now (three queries)."""
    minutes = {i: {"one_on_ones": 0.0, "sessions": 0.0, "reviews": 0.0} for i in ids}
    for coach_id, when, kind, length in (
        events if events is not None else _coaching_events(ids, since)
    ):
        if when >= since:
            minutes[coach_id][kind] += length
    return minutes


WEEKS_SHOWN = 8
WEEKS_SINCE = timedelta(weeks=WEEKS_SHOWN, days=1)  # eight Mondays back, in any time zone
WEEK_MINUTES = 40 * 60


def _coaching_weeks(managers: list[User], target: float, events: list) -> dict[int, tuple]:
    """Each manager's coaching time per week (Monday to Sunday, their time) over the last
    eight weeks, as a share of a 40-hour week: (bars, table rows). `events`: theirs from
    _coaching_events since WEEKS_SINCE ago at least."""
    today = timezone.now()
    mondays = {}
    for manager in managers:
        this = local_date(today, manager.time_zone)
        this -= timedelta(days=this.weekday())
        mondays[manager.id] = [this - timedelta(weeks=n) for n in range(WEEKS_SHOWN - 1, -1, -1)]
    minutes: dict[tuple[int, date], float] = {}
    by_id = {m.id: m for m in managers}
    for coach_id, when, _, length in events:
        day = local_date(when, by_id[coach_id].time_zone)
        key = (coach_id, day - timedelta(days=day.weekday()))
        minutes[key] = minutes.get(key, 0.0) + length
    weeks = {}
    for manager in managers:
        rows = []
        for monday in mondays[manager.id]:
            logged = minutes.get((manager.id, monday), 0.0)
            rows.append((f"w/c {monday:%-d %b}", round(100 * logged / WEEK_MINUTES, 1), target))
        weeks[manager.id] = (
            bars(
                rows,
                met=lambda share, due: share > due,
                reference=target,
                suffix="%",
                at_least=100.0,  # a whole week: the target sits where it is, not at the edge
            ),
            [(week, share, round(share * WEEK_MINUTES / 6000, 1)) for week, share, _ in rows],
        )
    return weeks


def coaching_time_tables() -> list:
    """What coaching time is read from: 1:1s, meetings, reviews, managers, the target."""
    return [OneOnOne, Meeting, Review, User, Membership, Organisation]


def manager_time(*, organisation_id: int, days: int = 30) -> list[dict]:
    """Each manager's logged coaching time (1:1s, facilitated sessions, reviews) as a share of
    the working time in the window, against the organisation's target, and per week over
    the last eight weeks. Five queries, then kept until what it reads is written to (and
    for the minute: the window moves with the clock)."""
    minute = int(timezone.now().timestamp() // 60)
    return generations.cached(
        f"coaching-time:{organisation_id}:{days}:{minute}",
        tables=coaching_time_tables(),
        compute=lambda: _manager_time(organisation_id=organisation_id, days=days),
    )


def _manager_time(*, organisation_id: int, days: int) -> list[dict]:
    now = timezone.now()
    since = now - timedelta(days=days)
    target = Organisation.objects.get(id=organisation_id).coaching_target_percent
    managers = list(
        User.objects.filter(
            organisation_id=organisation_id, memberships__role=TeamRole.MANAGER, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )
    working_minutes = days / 7 * WEEK_MINUTES
    events = list(_coaching_events([m.id for m in managers], min(since, now - WEEKS_SINCE)))
    logged = _coaching_minutes([m.id for m in managers], since, events=events)
    weeks = _coaching_weeks(managers, target, events)
    report = []
    for manager in managers:
        mine = logged[manager.id]
        total = mine["one_on_ones"] + mine["sessions"] + mine["reviews"]
        share = round(100 * total / working_minutes, 1)
        report.append(
            {
                "manager": manager,
                "one_on_ones": round(mine["one_on_ones"]),
                "sessions": round(mine["sessions"]),
                "reviews": round(mine["reviews"]),
                "share": share,
                "target": target,
                "met": share > target,
                # the last eight weeks: a chart, and its table (week, share, hours)
                "weeks": weeks[manager.id][0],
                "week_rows": weeks[manager.id][1],
            }
        )
    return report


def coaching_time_this_month(*, user: User) -> dict:
    """A coach's coaching time since the first of the month (their time zone) as a share of
    the working hours so far (8 hours each weekday), against the organisation's target."""
    today = local_date(timezone.now(), user.time_zone)
    first = today.replace(day=1)
    weekdays = sum(
        1 for n in range((today - first).days + 1) if (first + timedelta(n)).weekday() < 5
    )
    since = datetime.combine(first, time.min, tzinfo=ZoneInfo(user.time_zone or "UTC"))
    mine = generations.cached(
        f"coaching-month:{user.id}:{today}",
        tables=coaching_time_tables(),
        compute=lambda: _coaching_minutes([user.id], since)[user.id],
    )
    total = sum(mine.values())
    working = max(weekdays, 1) * 8 * 60
    share = round(100 * total / working, 1)
    target = user.organisation.coaching_target_percent
    return {
        "since": first,
        "hours": round(total / 60, 1),
        "share": share,
        "target": target,
        "met": share >= target,
        "bar": min(100, round(100 * share / target)) if target else 100,
    }


def home_one_on_ones_section(*, user: User) -> dict:
    """For a coach: their 1:1s of this week (since Monday, their time), newest first."""
    if not managed_team_ids(user=user):
        return {}
    today = local_date(timezone.now(), user.time_zone)
    monday = today - timedelta(days=today.weekday())
    week = list(
        OneOnOne.objects.filter(coach=user, created_at__date__gte=monday)
        .select_related("rep", "meeting")
        .order_by("-created_at")[:6]
    )
    return {
        "template": "coaching/_home_one_on_ones.html",
        "order": 15,
        "ones": week,
        "drafts": drafts_waiting(coach=user)[:5],
        "time": coaching_time_this_month(user=user),
    }
