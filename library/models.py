from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Organisation, Team, User

DEFAULT_SITUATIONS = [
    "Discovery",
    "Objection handling",
    "Pricing",
    "Compliance",
    "Demo",
    "Negotiation",
    "Closing",
]


class Situation(models.Model):
    """A selling situation from the organisation's own list."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="situation_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ClipState(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Visibility(models.TextChoices):
    TEAM = "team", "My team"
    ORGANISATION = "organisation", "Everyone in the organisation"


class Upload(models.Model):
    """A resumable upload in progress: chunks are appended to a part file until it is complete."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.BigIntegerField()
    received = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # "Share" claims the upload (a double tap or a retried request finds it claimed); once
    # shared it points at its clip, so a repeated finish answers with the same clip.
    finishing_at = models.DateTimeField(null=True, blank=True)
    clip = models.OneToOneField(
        "Clip", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.filename} ({self.received}/{self.size})"


def clip_path(instance: "Clip", filename: str) -> str:
    return f"clips/{instance.organisation_id}/{timezone.now():%Y/%m}/{filename}"


class Clip(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="clips")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="clips")
    title = models.CharField(max_length=140)
    situation = models.ForeignKey(Situation, on_delete=models.SET_NULL, null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    account = models.CharField(max_length=120, blank=True)
    industry = models.CharField(max_length=120, blank=True)
    product = models.CharField(max_length=120, blank=True)
    visibility = models.CharField(
        max_length=12, choices=Visibility.choices, default=Visibility.TEAM
    )
    state = models.CharField(max_length=12, choices=ClipState.choices, default=ClipState.UPLOADED)
    failure = models.TextField(blank=True)
    silent = models.BooleanField(default=False)  # no sound track: nothing to transcribe
    size = models.BigIntegerField(default=0)  # bytes of the original, for the person's quota
    attempts = models.PositiveSmallIntegerField(default=0)
    original = models.FileField(upload_to=clip_path, max_length=300)
    original_type = models.CharField(max_length=100, blank=True)
    video = models.FileField(upload_to=clip_path, max_length=300, blank=True)
    poster = models.FileField(upload_to=clip_path, max_length=300, blank=True)
    duration = models.FloatField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    views = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    # Picked as "what good looks like" in a challenge: it leads its situation's playbook.
    featured_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        # The library's newest page reads the organisation's clips in this order and stops.
        indexes = [models.Index(fields=["organisation", "-created_at", "-id"], name="clip_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ClipState.values), name="clip_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="clip_visibility_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Transcript(models.Model):
    clip = models.OneToOneField(Clip, on_delete=models.CASCADE, related_name="transcript")
    words = models.JSONField(default=list)  # [{"start": s, "end": s, "text": "word"}]
    # Stretches of speech found in the audio itself, [[start, end], ...] in seconds: pace and
    # pauses come from them (language.speech.measure). Empty for transcripts made before.
    speech = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    language = models.CharField(max_length=10, default="en")
    model = models.CharField(max_length=200, blank=True)
    edited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Transcript of {self.clip}"


class Comment(models.Model):
    """Peer feedback pinned to a moment of the clip."""

    clip = models.ForeignKey(Clip, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    at_seconds = models.FloatField(null=True, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at_seconds", "created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class Helpful(models.Model):
    clip = models.ForeignKey(Clip, on_delete=models.CASCADE, related_name="helpfuls")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("clip", "user", name="helpful_once")]

    def __str__(self) -> str:
        return f"{self.user} found {self.clip} helpful"
