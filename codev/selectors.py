"""Reads the co-development pages need, with their joins and counts built in."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.access import team_work_managed_ids
from accounts.models import Membership, Team, TeamRole, User
from codev.models import (
    Cadence,
    Case,
    CaseStage,
    CaseStatus,
    CodevSession,
    MeToo,
    Outcome,
    SessionStatus,
)
from library.models import Clip, ClipState
from meetings.models import ACTION_CREDITS, ActionItem


def _cases_seen(*, team: Team, user: User) -> QuerySet[Case]:
    """The team's cases that left draft, plus the viewer's own drafts."""
    return Case.objects.filter(team=team).filter(~Q(status=CaseStatus.DRAFT) | Q(author=user))


def cases_for_team(*, team: Team, user: User) -> QuerySet[Case]:
    """The cases the viewer sees in a team, with "me too" counts."""
    return (
        _cases_seen(team=team, user=user)
        .select_related("author")
        .annotate(
            me_too_count=Count("me_toos"),
            me_too_mine=Exists(MeToo.objects.filter(case=OuterRef("pk"), user=user)),
        )
        .order_by("-updated_at")
    )


def stage_counts(*, team: Team, user: User) -> list[tuple[str, str, int]]:
    """(stage, label, how many) for the list's filter, in the order of a case's life."""
    counts = dict(
        _cases_seen(team=team, user=user)
        .order_by()
        .values("stage")
        .annotate(n=Count("id"))
        .values_list("stage", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in CaseStage.choices]


LIFE = [s for s in CaseStage if s != CaseStage.DRAFT]


def case_life(*, case: Case) -> dict:
    """A case's life for its page: each stage passed or to come, the sessions that worked it,
    the 1:1 decided for it."""
    reached = LIFE.index(case.stage) if case.stage in LIFE else -1
    life = [
        (stage.label, "done" if i < reached else "current" if i == reached else "todo")
        for i, stage in enumerate(LIFE)
    ]
    if case.status == CaseStatus.DECLINED:
        life = [("New", "done"), ("Triaged: declined", "done"), ("Closed", "current")]
    sessions = list(
        CodevSession.objects.filter(case=case)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("presenter")
        .order_by("scheduled_at")
    )
    return {
        "life": life,
        "case_sessions": sessions,
        "coaching_draft": case.coaching_draft if case.coaching_draft_id else None,
    }


def cases_to_triage(*, team: Team | None = None, team_ids=None) -> list[Case]:
    """Submitted cases of a team (or of several teams: a manager's home), those that would help
    the whole team most first.

    Score: each suitability answer counts 2 (the method's criteria), each teammate who faced it
    too counts 1, a recurring problem 1.
    """
    teams = {"team": team} if team is not None else {"team_id__in": team_ids}
    cases = list(
        Case.objects.filter(status=CaseStatus.SUBMITTED, **teams)
        .select_related("author", "team")
        .annotate(me_too_count=Count("me_toos"))
    )
    for case in cases:
        case.score = 2 * case.checklist_score + case.me_too_count + int(case.recurring)
    return sorted(cases, key=lambda c: (-c.score, c.submitted_at or c.created_at))


@dataclass
class RotationRow:
    person: User
    last_presented: datetime | None
    next_planned: datetime | None


@dataclass
class Rotation:
    rows: list[RotationRow]
    sessions_per_year: int
    not_presented_in_year: list[User]

    @property
    def covers_team(self) -> bool:
        return self.sessions_per_year >= len(self.rows)

    @property
    def proposed(self) -> User | None:
        """Who presents next: nobody planned yet, longest without presenting (never first)."""
        waiting = [row for row in self.rows if row.next_planned is None]
        if not waiting:
            return None
        oldest = datetime.min.replace(tzinfo=timezone.get_current_timezone())
        waiting.sort(key=lambda r: (r.last_presented or oldest, r.person.full_name))
        return waiting[0].person


def rotation_for(*, team: Team) -> Rotation:
    """Every rep presents at least once in any 12 months: who has, who is next."""
    now = timezone.now()
    cadence = Cadence.objects.filter(team=team).first()
    every_months = cadence.every_months if cadence else 1
    reps = [
        m.user
        for m in Membership.objects.filter(team=team, role=TeamRole.REP, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name")
    ]
    sessions = CodevSession.objects.filter(team=team).exclude(status=SessionStatus.CANCELLED)
    last: dict[int, datetime] = {}
    planned: dict[int, datetime] = {}
    for session in sessions.values("presenter_id", "scheduled_at", "status"):
        pid, when = session["presenter_id"], session["scheduled_at"]
        if session["status"] == SessionStatus.DONE or (
            when <= now and session["status"] != SessionStatus.PLANNED
        ):
            last[pid] = max(last.get(pid, when), when)
        elif when > now:
            planned[pid] = min(planned.get(pid, when), when)
    rows = [RotationRow(p, last.get(p.id), planned.get(p.id)) for p in reps]
    year_ago = now - timedelta(days=365)
    stale = [r.person for r in rows if r.last_presented is None or r.last_presented < year_ago]
    return Rotation(rows=rows, sessions_per_year=12 // every_months, not_presented_in_year=stale)


def upcoming_sessions(*, team: Team) -> QuerySet[CodevSession]:
    return (
        CodevSession.objects.filter(
            team=team,
            status__in=[SessionStatus.PLANNED, SessionStatus.LIVE],
            scheduled_at__gte=timezone.now() - timedelta(hours=6),
        )
        .select_related("presenter", "facilitator", "case")
        .order_by("scheduled_at")
    )


def past_sessions(*, team: Team, limit: int = 10) -> list[CodevSession]:
    """The team's sessions held, newest first: the way back to each record."""
    return list(
        CodevSession.objects.filter(team=team, status=SessionStatus.DONE)
        .select_related("presenter", "case")
        .order_by("-scheduled_at")[:limit]
    )


def sessions_for_person(*, user: User) -> QuerySet[CodevSession]:
    """Every session of the person's teams, for their calendar feed: a cancelled one stays in
    it (STATUS:CANCELLED), so calendar apps take it off."""
    team_ids = Membership.objects.filter(user=user).values_list("team_id", flat=True)
    return (
        CodevSession.objects.filter(team_id__in=team_ids)
        .select_related("team", "presenter", "facilitator")
        .order_by("scheduled_at")
    )


def previous_session(*, session: CodevSession) -> CodevSession | None:
    return (
        CodevSession.objects.filter(
            team_id=session.team_id,
            status=SessionStatus.DONE,
            scheduled_at__lt=session.scheduled_at,
        )
        .exclude(id=session.id)
        .select_related("presenter", "meeting", "case")
        .order_by("-scheduled_at")
        .first()
    )


def followup_for(*, session: CodevSession) -> dict | None:
    """The first agenda item: the previous client's update and their action items."""
    previous = previous_session(session=session)
    if previous is None or previous.meeting_id is None:
        return None

    actions = list(
        ActionItem.objects.filter(meeting_id=previous.meeting_id).select_related("owner")
    )
    return {
        "session": previous,
        "presenter": previous.presenter,
        "actions": actions,
        "outcomes": Outcome.choices,
    }


def followup_for_meeting(*, meeting) -> dict | None:
    session = CodevSession.objects.filter(meeting=meeting).first()
    return followup_for(session=session) if session else None


def session_record(*, session: CodevSession) -> dict:
    """Everything said and committed in a session, grouped for the record page and email."""
    meeting = session.meeting
    contributions = list(meeting.contributions.select_related("author"))
    by_kind: dict[str, list] = {}
    for contribution in contributions:
        by_kind.setdefault(contribution.kind, []).append(contribution)
    ratings = list(meeting.ratings.select_related("user"))
    participants = list(meeting.participants.select_related("user"))
    return {
        "session": session,
        "meeting": meeting,
        "case": session.case,
        "participants": participants,
        # Attendance is who joined the room (or added to it), not who was invited.
        "attended": [p for p in participants if p.joined_at is not None],
        "absent": [p for p in participants if p.joined_at is None],
        "requests": by_kind.get("request", []),
        "questions": by_kind.get("question", []),
        "advice": by_kind.get("advice", []),
        "lessons": by_kind.get("lesson", []),
        "actions": list(meeting.actions.select_related("owner", *ACTION_CREDITS)),
        "ratings": ratings,
        "rating_average": round(sum(r.score for r in ratings) / len(ratings), 1)
        if ratings
        else None,
    }


def cases_of_author(*, user: User, limit: int = 5) -> list[Case]:
    """The person's own cases still in motion (drafts to finish, waiting, decided), newest
    first: where each stands, on their home."""
    return list(
        Case.objects.filter(author=user)
        .exclude(status=CaseStatus.DECLINED)
        .select_related("team")
        .order_by("-updated_at")[:limit]
    )


def home_cases_section(*, user: User) -> dict:
    """The home's case blocks: for a manager the cases waiting for triage, for everyone their
    own cases and where each stands."""
    managed = team_work_managed_ids(user=user)
    to_triage = cases_to_triage(team_ids=managed)[:5] if managed else []
    mine = cases_of_author(user=user)
    if not (to_triage or mine):
        return {}
    return {"template": "codev/_home_cases.html", "order": 10, "to_triage": to_triage, "mine": mine}


def home_next_session_section(*, user: User) -> dict:
    """The person's next co-development sessions this week and their part in each."""
    team_ids = Membership.objects.filter(user=user).values("team_id")
    now = timezone.now()
    sessions = list(
        CodevSession.objects.filter(
            team_id__in=team_ids,
            status__in=[SessionStatus.PLANNED, SessionStatus.LIVE],
            scheduled_at__gte=now - timedelta(hours=3),
            scheduled_at__lte=now + timedelta(days=7),
        )
        .select_related("team", "presenter", "case")
        .order_by("scheduled_at")[:3]
    )
    if not sessions:
        return {}
    for session in sessions:
        if session.presenter_id == user.id:
            session.my_part = "You present"
        elif session.facilitator_id == user.id:
            session.my_part = "You facilitate"
        else:
            session.my_part = "You consult"
    return {"template": "codev/_home_sessions.html", "order": 5, "sessions": sessions}


def home_adoption_section(*, user: User, days: int = 30) -> dict:
    """For an admin, adoption at a glance: sessions held and clips shared lately, and the
    people in teams who have never presented a case."""
    if not user.is_org_admin:
        return {}
    since = timezone.now() - timedelta(days=days)
    organisation_id = user.organisation_id
    held = CodevSession.objects.filter(
        organisation_id=organisation_id, status=SessionStatus.DONE, scheduled_at__gte=since
    ).count()
    shared = Clip.objects.filter(
        organisation_id=organisation_id, state=ClipState.READY, created_at__gte=since
    ).count()
    presented = CodevSession.objects.filter(
        organisation_id=organisation_id, status=SessionStatus.DONE, presenter=OuterRef("pk")
    )
    never = list(
        User.objects.filter(
            organisation_id=organisation_id, is_active=True, memberships__isnull=False
        )
        .exclude(Exists(presented))
        .distinct()
        .order_by("full_name")
        .values_list("full_name", flat=True)[:50]
    )
    return {
        "template": "codev/_home_adoption.html",
        "order": 60,
        "days": days,
        "held": held,
        "shared": shared,
        "never": never,
    }


def room_case_brief(*, meeting, user=None) -> dict:
    """The case of a live co-development session, for everyone in the room to read (folded on
    the page): the account, the people, their words, what was tried, what is blocked."""
    session = (
        CodevSession.objects.filter(meeting=meeting).select_related("case").first()
        if not meeting.private
        else None
    )
    case = session.case if session else None
    if case is None:
        return {}
    fields = [
        ("Account", case.account),
        ("People involved", case.people),
        ("What they said and how they behaved", case.their_words),
        ("What was tried", case.tried),
        ("Where it is blocked", case.blocked),
    ]
    return {"case_title": case.title, "case_brief": [(k, v) for k, v in fields if v]}
