from django.db import models
from django.utils import timezone

from accounts.models import Organisation, Team, User


class Visibility(models.TextChoices):
    TEAM = "team", "My team (safe)"
    ORGANISATION = "organisation", "Everyone in the organisation"


class StoryKind(models.TextChoices):
    WAR = "war", "War story: what went wrong, what we learned"
    SUCCESS = "success", "Success story: what worked, and who helped"


class Story(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="stories")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="stories")
    kind = models.CharField(max_length=10, choices=StoryKind.choices)
    title = models.CharField(max_length=160)
    body = models.TextField()
    learned = models.TextField(blank=True)
    credited = models.ManyToManyField(User, related_name="credited_in_stories", blank=True)
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.TEAM
    )
    for_team_meeting = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Reaction(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("story", "user", name="reaction_once")]

    def __str__(self) -> str:
        return f"{self.user} on {self.story}"


class StoryComment(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:40]


class KudosFor(models.TextChoices):
    CLIP = "clip", "A clip"
    ADVICE = "advice", "Advice in a session"
    STORY = "story", "A story"
    KPI = "kpi", "A KPI achievement"
    OTHER = "other", "Something else"


class Kudos(models.Model):
    """Recognition, always linked to what it is for. No giver: Roundtable noticed (a target met)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    giver = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="kudos_given"
    )
    recipients = models.ManyToManyField(User, related_name="kudos_received")
    message = models.TextField()
    for_kind = models.CharField(max_length=10, choices=KudosFor.choices)
    clip = models.ForeignKey(
        "library.Clip", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contribution = models.ForeignKey(
        "meetings.Contribution", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    story = models.ForeignKey(Story, on_delete=models.SET_NULL, null=True, blank=True)
    # Kudos for a credit in an action plan: withdrawing the action item takes the kudos back.
    action = models.ForeignKey(
        "meetings.ActionItem", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kpi_value = models.ForeignKey(
        "coaching.KpiValue", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        # The feed reads an organisation's newest first and stops at a page.
        indexes = [models.Index(fields=["organisation", "-created_at"], name="kudos_feed")]

    def __str__(self) -> str:
        return self.message[:40]


class NotificationKind(models.TextChoices):
    """What a word in the bell is about; each person can switch a kind off."""

    KUDOS = "kudos", "Kudos and recognition"
    CASE = "case", "Cases: new ones to triage, and decisions on yours"
    SESSION = "session", "Sessions: scheduled, and live now"
    COACHING = "coaching", "1:1s written up for you"
    PRACTICE = "practice", "Challenges, role-plays and deal clinics you are in"
    COMMITMENT = "commitment", "Your commitments: due tomorrow, and overdue"
    FEEDBACK = "feedback", "Comments and reviews of what you shared"
    OTHER = "other", "Everything else"


class Notification(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(
        max_length=20, choices=NotificationKind.choices, default=NotificationKind.OTHER
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


class NotificationSettings(models.Model):
    """Per person: whether unread notifications also come as one email a day."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_settings"
    )
    daily_digest = models.BooleanField(default=True)
    # Kinds of notification (NotificationKind values) the person switched off.
    muted = models.JSONField(default=list, blank=True)
    # The person's local date of the last digest (claimed first, so two workers send one) and
    # when it went: the next digest holds only what came after.
    last_digest_on = models.DateField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}: digest {'on' if self.daily_digest else 'off'}"


class SlackHook(models.Model):
    """A team's Slack incoming webhook: kudos and stories for the team are posted there, and
    the week's team-wide steps when the team wants them."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="slack_hook")
    url = models.URLField(max_length=300)
    # Also the week's team-wide steps: sessions planned, moved, cancelled and live, role-plays
    # and clinics, challenges set, a new case waiting (never a case's or a person's content).
    steps = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Slack for {self.team}"
