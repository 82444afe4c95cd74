from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation, Team, User
from library.models import Clip, Situation


class ChallengeKind(models.TextChoices):
    CHALLENGE = "challenge", "Challenge"
    TEACHBACK = "teachback", "Teach-back"


class ReviewerMode(models.TextChoices):
    MANAGER = "manager", "The manager"
    NAMED = "named", "Named peers (and the manager)"
    PEERS = "peers", "All participants (and the manager)"


class Challenge(models.Model):
    """Asynchronous practice: a prompt, a rubric, takes from the participants, reviews."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="challenges")
    kind = models.CharField(
        max_length=10, choices=ChallengeKind.choices, default=ChallengeKind.CHALLENGE
    )
    title = models.CharField(max_length=200)
    prompt = models.TextField(blank=True)
    prompt_clip = models.ForeignKey(
        Clip, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    situation = models.ForeignKey(Situation, on_delete=models.SET_NULL, null=True, blank=True)
    term = models.ForeignKey(
        "vocabulary.Term", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField()
    top_score = models.PositiveSmallIntegerField(default=4)
    blind = models.BooleanField(default=False)  # submit your take before you see the others'
    reviewer_mode = models.CharField(
        max_length=10, choices=ReviewerMode.choices, default=ReviewerMode.PEERS
    )
    participants = models.ManyToManyField(User, related_name="challenges")
    reviewers = models.ManyToManyField(User, related_name="challenges_to_review", blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    featured_take = models.ForeignKey(
        "Take", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Closed by who set it or the team's manager: no new takes; it leaves "takes due".
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-due_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def blind_now(self) -> bool:
        """Participants see the others' takes once they submit theirs (late takes are taken,
        so the due date does not lift it). The same rule, as SQL, hides those clips everywhere:
        practice.access.blind_takes_hidden_from."""
        return self.blind


class Criterion(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Take(models.Model):
    """One participant's recorded answer; the leader's example take comes first."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="takes")
    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    clip = models.ForeignKey(Clip, on_delete=models.CASCADE, related_name="takes")
    is_example = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_example", "submitted_at"]
        constraints = [
            models.UniqueConstraint("challenge", "author", name="take_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.challenge}"


class Review(models.Model):
    take = models.ForeignKey(Take, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    comment = models.TextField(blank=True)
    understood = models.TextField(blank=True)  # teach-back: what the reviewer understood
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint("take", "reviewer", name="review_once")]

    def __str__(self) -> str:
        return f"{self.reviewer} on {self.take}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint("review", "criterion", name="score_once")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Reminder(models.Model):
    """A reminder sent to a participant who had not submitted; sent once."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint("challenge", "user", name="reminder_once")]

    def __str__(self) -> str:
        return f"Reminded {self.user} of {self.challenge}"
