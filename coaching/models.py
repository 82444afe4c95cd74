import hashlib

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Organisation, Team, User
from coaching import solution


class Period(models.TextChoices):
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class KpiKind(models.TextChoices):
    LEADING = "leading", "Leading (activity: calls, meetings, pipeline)"
    LAGGING = "lagging", "Lagging (result: revenue, quota, win rate)"


class Kpi(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=80)
    unit = models.CharField(max_length=20, blank=True)
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.MONTH)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    kind = models.CharField(max_length=10, choices=KpiKind.choices, default=KpiKind.LEADING)
    # A team's value: the members' values added up (calls) or averaged (win rate).
    combine = models.CharField(
        max_length=10, choices=[("sum", "Add up"), ("average", "Average")], default="sum"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="kpi_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def met(self, value: float, target: float) -> bool:
        return value >= target if self.direction == Direction.HIGHER else value <= target


class KpiTarget(models.Model):
    """A target for one rep or one team in one period."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="targets")
    person = models.ForeignKey(User, on_delete=models.CASCADE, null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    period_start = models.DateField()
    value = models.FloatField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, team__isnull=True)
                | Q(person__isnull=True, team__isnull=False),
                name="kpi_target_person_or_team",
            ),
            models.UniqueConstraint(
                "kpi",
                "person",
                "period_start",
                name="kpi_target_person_once",
                condition=Q(person__isnull=False),
            ),
            models.UniqueConstraint(
                "kpi",
                "team",
                "period_start",
                name="kpi_target_team_once",
                condition=Q(team__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} target {self.value}"


class KpiValue(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="values")
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="kpi_values")
    period_start = models.DateField()
    value = models.FloatField()
    source = models.CharField(max_length=10, default="csv")  # csv, api, form
    # Where it came from, shown on the value: who set it, when, from which file or token.
    set_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_detail = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint("kpi", "person", "period_start", name="kpi_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.kpi} {self.period_start}: {self.value}"


class ImportMapping(models.Model):
    """A file layout the organisation imports again and again: which column holds the email,
    the period, and which KPI each value column feeds (coaching.kpi_import.Mapping)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=80)
    mapping = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="import_mapping_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A token for the KPI JSON endpoint (a CRM sync); only its hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=80)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class CoachingType(models.TextChoices):
    DEVELOPMENTAL = "developmental", "Developmental: a skill to grow"
    STRATEGIC = "strategic", "Strategic: market, account planning, goals, resources"
    TACTICAL = "tactical", "Tactical: an upcoming key meeting, or a call review with a clip"
    OPPORTUNISTIC = "opportunistic", "Opportunistic: right after something observed"


class Mode(models.TextChoices):
    LIVE = "live", "Live (in the room or on a call)"
    WRITTEN = "written", "Written"


class OneOnOne(models.Model):
    """A coaching conversation between a coach and a rep, run on a protocol (GROW, SLED...)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coaching_given")
    rep = models.ForeignKey(User, on_delete=models.CASCADE, related_name="coaching_received")
    protocol_key = models.CharField(max_length=30)
    coaching_type = models.CharField(max_length=15, choices=CoachingType.choices)
    topic = models.CharField(max_length=200)
    clip = models.ForeignKey(
        "library.Clip", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.LIVE)
    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="one_on_one"
    )
    # A written 1:1 (or field coaching logged afterwards) says how long the conversation was;
    # empty: the protocol's planned length.
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.coach} with {self.rep}: {self.topic}"

    @property
    def minutes(self) -> float:
        """Length of the conversation, from the live run or the protocol's plan if written."""
        meeting = self.meeting
        if self.mode == Mode.LIVE and meeting.started_at and meeting.ended_at:
            return (meeting.ended_at - meeting.started_at).total_seconds() / 60
        if self.duration_minutes:
            return float(self.duration_minutes)
        return sum(p.minutes for p in meeting.protocol.phases)


class OneOnOneDraft(models.Model):
    """A 1:1 a manager decided on (a case triaged to individual coaching) that waits on their
    coaching page until they hold it live or write it up."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    rep = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    protocol_key = models.CharField(max_length=30)
    coaching_type = models.CharField(max_length=15, choices=CoachingType.choices)
    topic = models.CharField(max_length=200)
    situation = models.TextField(blank=True)  # shown above the clock when it is held
    origin = models.CharField(max_length=200, blank=True)  # what it came from, in words
    origin_url = models.CharField(max_length=200, blank=True)
    one = models.OneToOneField(
        OneOnOne, on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )
    dropped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Drafted 1:1 with {self.rep}: {self.topic}"


class SolutionChart(models.Model):
    """A gap walked through the solution chart; the recommendation and the coach's choice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    rep = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(Kpi, on_delete=models.SET_NULL, null=True, blank=True)
    gap = models.CharField(max_length=300)
    answers = models.JSONField(default=dict)
    recommended = models.CharField(max_length=15)
    chosen = models.CharField(max_length=15)
    created_at = models.DateTimeField(default=timezone.now)
    # The 1:1 it was walked in ("explore options"), when it was.
    one_on_one = models.ForeignKey(
        "coaching.OneOnOne",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solution_charts",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.gap}: {self.chosen}"

    @property
    def recommended_text(self) -> str:
        return solution.OPTIONS.get(self.recommended, self.recommended)

    @property
    def answers_said(self) -> str:
        """The answers in the chart's order: "Worth solving: yes · Knows: no"."""
        return " · ".join(
            f"{solution.SHORT.get(key, key)}: {'yes' if self.answers[key] else 'no'}"
            for key, _ in solution.QUESTIONS
            if key in (self.answers or {})
        )

    @property
    def chosen_text(self) -> str:
        return solution.OPTIONS.get(self.chosen, self.chosen)


DEFAULT_SKILLS = [
    "Discovery questions",
    "Listening",
    "Objection handling",
    "Pricing conversations",
    "Storytelling",
    "Closing",
    "Account planning",
    "Forecasting",
]


class Skill(models.Model):
    """A selling skill the team grows; self-assessments and observations point at one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="skills")
    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint("organisation", Lower("name"), name="skill_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """What a manager saw: the situation, the behaviour, the skill; optionally a clip moment."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    manager = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    rep = models.ForeignKey(User, on_delete=models.CASCADE, related_name="observations")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="observations")
    situation = models.CharField(max_length=300)
    behaviour = models.TextField()
    clip = models.ForeignKey(
        "library.Clip", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.skill}: {self.behaviour[:40]}"


class ManagerRating(models.Model):
    """A coach's own rating of a rep's skill (1-5), beside the rep's self-rating."""

    rep = models.ForeignKey(User, on_delete=models.CASCADE, related_name="manager_ratings")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    manager = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("rep", "skill", "manager", name="manager_rating_once"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5), name="manager_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manager} rates {self.rep} {self.skill}: {self.level}"


class SelfAssessment(models.Model):
    rep = models.ForeignKey(User, on_delete=models.CASCADE, related_name="self_assessments")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()  # 1 (just starting) to 5 (could teach it)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("rep", "skill", name="self_assessment_once"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="level_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.rep} {self.skill}: {self.level}"


class DevGoal(models.Model):
    """A goal in the rep's development plan; the rep owns it, the manager may suggest one."""

    rep = models.ForeignKey(User, on_delete=models.CASCADE, related_name="dev_goals")
    text = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    added_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done", "due_on", "id"]

    def __str__(self) -> str:
        return self.text
