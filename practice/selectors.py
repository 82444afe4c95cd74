"""Reads for the practice pages: challenges, takes with their scores, and the playbook."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.access import in_organisation, managed_team_ids
from accounts.models import User
from language.glossary import count_terms
from language.speech import measure
from library.models import Clip, ClipState, Situation
from library.selectors import clips_visible_to
from meetings.access import visible_meetings
from meetings.models import Contribution, ContributionKind, Participant
from practice.access import visible_challenges
from practice.models import Challenge, ChallengeKind, Review, ReviewerMode, Take
from practice.rubric import Criterion, criterion_averages, take_percent
from practice.services import may_review
from vocabulary.models import Term
from vocabulary.selectors import glossary_for


def challenges_for(*, user: User) -> QuerySet[Challenge]:
    return (
        visible_challenges(user=user)
        .select_related("team", "term", "situation", "featured_take__author")
        .annotate(
            take_count=Count("takes", distinct=True),
            mine=Count("takes", filter=Q(takes__author=user), distinct=True),
            invited=Count("participants", filter=Q(participants=user), distinct=True),
        )
        .order_by("-due_at")
    )


@dataclass
class TakeRow:
    take: Take
    percent: float | None
    averages: dict[int, float]
    reviews: list[Review]
    my_review: Review | None
    my_scores: dict[int, int]
    may_review: bool
    pace: float | None = None
    fillers_per_minute: float | None = None
    directives: list = field(default_factory=list)


@dataclass
class Board:
    challenge: Challenge
    criteria: list
    rows: list[TakeRow]
    my_take: Take | None
    hidden_count: int  # takes kept from view until the person submits (blind challenges)
    manages: bool
    invited: bool


def challenge_board(*, challenge: Challenge, user: User) -> Board:
    """Every take this person may see, with rubric scores, averages and speaking metrics."""

    criteria = list(challenge.criteria.all())
    rubric = [Criterion(c.id, c.name, c.weight) for c in criteria]
    takes = list(
        challenge.takes.select_related("author", "clip", "clip__transcript").prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
            "reviews__scores",
        )
    )
    manages = challenge.team_id in managed_team_ids(user=user)
    participants = set(challenge.participants.values_list("id", flat=True))
    reviewers = set(challenge.reviewers.values_list("id", flat=True))
    invited = user.id in participants
    my_take = next((t for t in takes if t.author_id == user.id), None)
    hidden = 0
    if challenge.blind_now and invited and my_take is None and not manages:
        visible = [t for t in takes if t.is_example]
        hidden = len(takes) - len(visible)
        takes = visible
    rows = []
    for take in takes:
        reviews = list(take.reviews.all())
        by_review = [{s.criterion_id: s.value for s in r.scores.all()} for r in reviews]
        mine = next((r for r in reviews if r.reviewer_id == user.id), None)
        row = TakeRow(
            take=take,
            percent=take_percent(rubric, by_review, challenge.top_score),
            averages=criterion_averages(rubric, by_review),
            reviews=reviews,
            my_review=mine,
            my_scores={s.criterion_id: s.value for s in mine.scores.all()} if mine else {},
            may_review=may_review(
                take=take,
                user=user,
                participants=participants,
                reviewers=reviewers,
                answered=my_take is not None,
            ),
        )
        transcript = getattr(take.clip, "transcript", None)
        if take.clip.state == ClipState.READY and transcript and transcript.words:
            metrics = measure(transcript.words)
            row.pace, row.fillers_per_minute = metrics.pace_wpm, metrics.fillers_per_minute
            row.directives = metrics.directives
        rows.append(row)
    return Board(challenge, criteria, rows, my_take, hidden, manages, invited)


def clips_to_submit(*, user: User, challenge: Challenge) -> QuerySet[Clip]:
    """The person's own clips that could be their take (not already a take elsewhere here)."""
    return (
        Clip.objects.filter(author=user, team=challenge.team)
        .exclude(state=ClipState.FAILED)
        .order_by("-created_at")[:20]
    )


@dataclass
class Playbook:
    situation: object
    featured: list
    helpful: list
    terms: list[dict]
    lessons: list


def playbook_situations(*, user: User) -> list:
    """The organisation's selling situations with how many featured and ready clips each has."""

    visible = clips_visible_to(user=user).filter(state=ClipState.READY)
    counts = {
        row["situation_id"]: row
        for row in visible.values("situation_id").annotate(
            clips=Count("id"), featured=Count("id", filter=Q(featured_at__isnull=False))
        )
    }
    situations = list(in_organisation(Situation, user=user))
    for situation in situations:
        row = counts.get(situation.id, {})
        situation.clip_count = row.get("clips", 0)
        situation.featured_count = row.get("featured", 0)
    return situations


def playbook_for(*, user: User, situation, limit: int = 8) -> Playbook:
    """What good looks like for one situation: featured takes first, then the most helpful
    clips, the vocabulary they use, and lessons from the team's co-development sessions."""

    clips = (
        clips_visible_to(user=user)
        .filter(state=ClipState.READY, situation=situation)
        .select_related("author", "transcript")
        .annotate(helpful_count=Count("helpfuls"))
    )
    featured = list(clips.filter(featured_at__isnull=False).order_by("-featured_at")[:limit])
    helpful = list(
        clips.filter(featured_at__isnull=True, helpful_count__gt=0).order_by(
            "-helpful_count", "-created_at"
        )[:limit]
    )
    glossary = glossary_for(organisation_id=user.organisation_id)
    used: dict[str, int] = {}
    for clip in featured + helpful:
        transcript = getattr(clip, "transcript", None)
        text = " ".join([clip.title, " ".join(clip.tags), transcript.text if transcript else ""])
        for slug, count in count_terms(text, glossary).items():
            used[slug] = used.get(slug, 0) + count
    terms = [
        {"slug": slug, "name": glossary[slug][0], "count": count}
        for slug, count in sorted(used.items(), key=lambda item: -item[1])
    ]
    name = situation.name
    lessons = list(
        Contribution.objects.filter(
            kind=ContributionKind.LESSON, meeting__in=visible_meetings(user=user)
        )
        .filter(
            Q(meeting__codev_session__case__title__icontains=name)
            | Q(meeting__codev_session__case__blocked__icontains=name)
            | Q(meeting__codev_session__case__their_words__icontains=name)
        )
        .select_related("author", "meeting")
        .order_by("-created_at")[:limit]
    )
    return Playbook(situation, featured, helpful, terms, lessons)


def best_explanations(*, user: User, term: Term) -> list:
    """Featured teach-back takes on this term from the person's teams, newest first."""
    return list(
        visible_challenges(user=user)
        .filter(kind=ChallengeKind.TEACHBACK, term=term, featured_take__isnull=False)
        .select_related("featured_take__author", "featured_take__clip")
        .order_by("-due_at")[:3]
    )


def reviews_waiting_for(*, user: User, limit: int = 5) -> list[Take]:
    """Takes the person is asked to review and has not: the manager in a manager-reviewed
    challenge, the named reviewers in a named one, the other participants in a peer one;
    never their own take, never a closed challenge."""
    managed = managed_team_ids(user=user)
    asked = (
        Q(challenge__reviewer_mode=ReviewerMode.MANAGER, challenge__team_id__in=managed)
        | Q(challenge__reviewer_mode=ReviewerMode.NAMED, challenge__reviewers=user)
        | Q(challenge__reviewer_mode=ReviewerMode.PEERS, challenge__participants=user)
    )
    return list(
        Take.objects.filter(asked, challenge__organisation_id=user.organisation_id)
        .filter(challenge__closed_at__isnull=True)
        .exclude(author=user)
        .exclude(reviews__reviewer=user)
        .select_related("author", "challenge")
        .distinct()
        .order_by("submitted_at")[:limit]
    )


def home_practice_section(*, user: User) -> dict:
    """Takes the person owes (challenges they are in, still open, without their take) and the
    takes waiting for their review."""
    due = list(
        visible_challenges(user=user)
        .filter(participants=user, due_at__gt=timezone.now(), closed_at__isnull=True)
        .exclude(takes__author=user)
        .order_by("due_at")[:5]
    )
    reviews = reviews_waiting_for(user=user)
    if not (due or reviews):
        return {}
    return {
        "template": "practice/_home_due.html",
        "order": 30,
        "challenges": due,
        "reviews": reviews,
    }


LIVE_PRACTICE = ("roleplay", "deal_clinic")


def live_practice_for(*, user: User, limit: int = 20) -> dict[str, list]:
    """Role-plays and deal clinics of the teams whose work the person sees, upcoming (soonest
    first), live, then past (newest first), each with its commitments counted."""
    meetings = list(
        visible_meetings(user=user)
        .filter(protocol_key__in=LIVE_PRACTICE)
        .select_related("team")
        .annotate(
            commitments=Count("actions", distinct=True),
            invited=Count("participants", filter=Q(participants__user=user), distinct=True),
        )
        .order_by(F("ended_at").desc(nulls_first=True), "-created_at")[: limit * 2]
    )
    groups: dict[str, list] = {"upcoming": [], "live": [], "past": []}
    for meeting in meetings:
        key = "upcoming" if meeting.upcoming else "past" if meeting.ended_at else "live"
        groups[key].append(meeting)
    groups["upcoming"].sort(key=lambda m: m.scheduled_at)
    return {key: rows[:limit] for key, rows in groups.items()}


def practice_record(*, meeting) -> dict:
    """A role-play or deal clinic on one page: its card, who takes part and in what part (and
    who joined), what was said, its commitments."""
    participants = list(meeting.participants.select_related("user"))
    said: dict[str, list] = {}
    for contribution in meeting.contributions.select_related("author"):
        said.setdefault(contribution.kind, []).append(contribution)
    return {
        "meeting": meeting,
        "participants": [(p, PARTS.get(p.role, p.get_role_display())) for p in participants],
        "said": [(kind.label, said[kind.value]) for kind in ContributionKind if kind in said],
        "actions": list(meeting.actions.select_related("owner").order_by("due_on", "id")),
    }


PARTS = {
    "seller": "takes a turn",
    "buyer": "plays the buyer",
    "observer": "watches and gives feedback",
    "client": "owns the deal",
    "consultant": "questions and advises",
}


YOUR_PART = {
    "seller": "You take a turn",
    "buyer": "You play the buyer",
    "observer": "You watch and give feedback",
    "client": "Your deal",
    "consultant": "You question and advise",
}


def home_practice_live_section(*, user: User) -> dict:
    """Role-plays and deal clinics the person is invited to in the coming week."""
    now = timezone.now()
    planned = list(
        visible_meetings(user=user)
        .filter(Q(participants__user=user) | Q(facilitator=user))
        .filter(
            protocol_key__in=LIVE_PRACTICE,
            scheduled_at__gt=now,
            scheduled_at__lte=now + timedelta(days=7),
            started_at__isnull=True,
            ended_at__isnull=True,
        )
        .select_related("team")
        .distinct()
        .order_by("scheduled_at")[:5]
    )
    if not planned:
        return {}
    roles = dict(
        Participant.objects.filter(meeting__in=planned, user=user).values_list("meeting_id", "role")
    )
    for meeting in planned:
        meeting.my_part = YOUR_PART.get(roles.get(meeting.id, ""), "You take part")
        if meeting.facilitator_id == user.id and meeting.id not in roles:
            meeting.my_part = "You lead it: open the room at the time"
    return {"template": "practice/_home_planned.html", "order": 6, "meetings": planned}
