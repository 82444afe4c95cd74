import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation, Team, User


class CaseStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for triage"
    CODEV = "codev", "Co-development"
    COACHING = "coaching", "Individual coaching"
    CHALLENGE = "challenge", "Challenge for the library"
    DECLINED = "declined", "Declined"


class CaseStage(models.TextChoices):
    """Where a case stands in its life, from intake to closed (derived from what happened to
    it, see codev.services.case_restage; stored so lists filter on it)."""

    DRAFT = "draft", "Draft"
    NEW = "new", "New"
    TRIAGED = "triaged", "Triaged"
    SCHEDULED = "scheduled", "Scheduled"
    WORKED = "worked", "Worked"
    FOLLOWED_UP = "followed_up", "Followed up"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    """What happened to the deal, recorded at the follow-up."""

    WON = "won", "Won"
    LOST = "lost", "Lost"
    MOVED_FORWARD = "moved_forward", "Moved forward"
    STILL_BLOCKED = "still_blocked", "Still blocked"


# An outcome that decides the deal closes the case.
DECIDING = (Outcome.WON, Outcome.LOST)


TRIAGE_DECISIONS = [
    CaseStatus.CODEV,
    CaseStatus.COACHING,
    CaseStatus.CHALLENGE,
    CaseStatus.DECLINED,
]


class Timeframe(models.TextChoices):
    PRESENT = "present", "It is happening now"
    PAST = "past", "It happened already"


class Case(models.Model):
    """A real situation a rep brings to the team: confidential to that team."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="cases")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="cases")
    title = models.CharField(max_length=140)
    account = models.CharField(max_length=140, blank=True)
    people = models.TextField("people involved", blank=True)
    their_words = models.TextField("what they said and how they behaved", blank=True)
    tried = models.TextField("what you tried", blank=True)
    blocked = models.TextField("what is blocked", blank=True)
    timeframe = models.CharField(max_length=10, choices=Timeframe.choices, blank=True)
    recurring = models.BooleanField("it keeps coming back", default=False)
    is_real = models.BooleanField("it is a real case", default=False)
    helps_team = models.BooleanField("working on it would help most of the team", default=False)
    common_problem = models.BooleanField("everyone is likely to face it", default=False)
    status = models.CharField(max_length=12, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    triage_reason = models.TextField(blank=True)
    triaged_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(
        max_length=12, choices=CaseStage.choices, default=CaseStage.DRAFT, db_index=True
    )
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField("what happened", blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The 1:1 decided at triage (individual coaching), held later by the manager.
    coaching_draft = models.ForeignKey(
        "coaching.OneOnOneDraft", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(triage_reason=""),
                name="case_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=CaseStage.values), name="case_stage_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="case_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def checklist_score(self) -> int:
        return int(self.is_real) + int(self.helps_team) + int(self.common_problem)


class MeToo(models.Model):
    """A teammate saying "I've faced this too": evidence the problem is shared."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="me_toos")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("case", "user", name="metoo_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user} faced {self.case}"


class Cadence(models.Model):
    """How often a team meets for co-development, and its own phase durations."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="codev_cadence")
    every_months = models.PositiveSmallIntegerField(default=1)
    minutes = models.PositiveSmallIntegerField(default=60)
    phase_minutes = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(every_months__gte=1, every_months__lte=12), name="cadence_months_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team}: every {self.every_months} month(s)"


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    LIVE = "live", "Live"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class CodevSession(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="codev_sessions")
    scheduled_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField(default=60)
    presenter = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    facilitator = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True)
    observers = models.ManyToManyField(User, blank=True, related_name="+")
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    meeting = models.OneToOneField(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="codev_session",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Each change a calendar must follow (moved, new presenter, cancelled) bumps the sequence,
    # so calendar apps replace the entry they have (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scheduled_at"]

    def __str__(self) -> str:
        return f"{self.team} on {self.scheduled_at:%Y-%m-%d}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A secret address per person that calendar apps poll (they cannot sign in)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    def __str__(self) -> str:
        return f"Calendar of {self.user}"
