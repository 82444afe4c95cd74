from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation, Team, User
from protocols.definitions import PROTOCOLS, Protocol


class Meeting(models.Model):
    """The live run of one protocol: its server-authoritative state and who takes part."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    protocol_key = models.CharField(max_length=30)
    phase_minutes = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=200)
    brief = models.TextField(blank=True)  # shown above the clock: a scenario card, the deal
    # A 1:1: only its participants see it (and admins, if the organisation says so).
    private = models.BooleanField(default=False)
    facilitator = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Planned for later (a role-play or deal clinic set up ahead): upcoming until then.
    scheduled_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title

    @property
    def upcoming(self) -> bool:
        """Planned ahead and not yet begun."""
        return self.scheduled_at is not None and self.started_at is None and not self.ended_at

    @property
    def protocol(self) -> Protocol:
        return PROTOCOLS[self.protocol_key].with_minutes(self.phase_minutes or {})


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    CLIENT = "client", "Client"
    CONSULTANT = "consultant", "Consultant"
    OBSERVER = "observer", "Observer"
    SELLER = "seller", "Seller"
    BUYER = "buyer", "Buyer"


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)
    last_seen = models.DateTimeField(null=True, blank=True)
    # Attendance: when their screen first joined the live room, or they first added to it.
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint("meeting", "user", name="participant_once"),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="participant_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class ContributionKind(models.TextChoices):
    """What a contribution is; each protocol phase names the kinds it accepts."""

    QUESTION = "question", "Question"
    REQUEST = "request", "Request"
    ADVICE = "advice", "Advice"
    ACTION = "action", "Action"
    LESSON = "lesson", "Lesson"
    FEEDBACK = "feedback", "Feedback"
    NOTE = "note", "Note"


class Contribution(models.Model):
    """Something said into the record: a question, the request, advice, a lesson, an update."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ContributionKind.choices)
    phase_key = models.CharField(max_length=30)
    text = models.TextField()
    # For a question: open, closed or advice (language.questions), shown live beside it.
    label = models.CharField(max_length=20, blank=True)
    # Sent after the facilitator moved on from the phase it was written for.
    late = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContributionKind.values), name="contribution_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:40]}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


# select_related these to show ActionItem.credit without a query per item.
ACTION_CREDITS = ("credited_contribution__author", "credited_clip__author")


class ActionItem(models.Model):
    """A commitment: what, who, by when, how success is seen. It comes back at the next session."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    # The live contribution it was said as (withdrawing that removes the item too).
    contribution = models.OneToOneField(
        "Contribution", on_delete=models.CASCADE, null=True, blank=True, related_name="action"
    )
    what = models.TextField()
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="action_items")
    due_on = models.DateField(null=True, blank=True)
    success = models.CharField("how success is seen", max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    update = models.TextField(blank=True)
    # "Credit others for support": the colleague's advice or clip this action builds on.
    credited_contribution = models.ForeignKey(
        Contribution, on_delete=models.SET_NULL, null=True, blank=True, related_name="credits"
    )
    credited_clip = models.ForeignKey(
        "library.Clip", on_delete=models.SET_NULL, null=True, blank=True, related_name="credits"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When its owner was reminded (each once, claimed so two workers remind once).
    due_reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def credit(self) -> str:
        """Who this action credits for support, in words (select_related the credits)."""
        if self.credited_contribution is not None:
            return f"{self.credited_contribution.author.full_name}'s advice"
        if self.credited_clip is not None:
            return f"{self.credited_clip.author.full_name}'s clip “{self.credited_clip.title}”"
        return ""


class Rating(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    line = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("meeting", "user", name="rating_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.score}"
