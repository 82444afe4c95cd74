import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from roundtable.links import absolute_url


class Organisation(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    clip_max_seconds = models.PositiveIntegerField("longest clip (seconds)", default=120)
    # Per person: uploads open at once, and the space their clips' originals may take.
    uploads_open_max = models.PositiveSmallIntegerField(default=3)
    storage_mb_per_person = models.PositiveIntegerField(default=5000)
    # Coaching notes are the coach's and the rep's; admins see them only if this says so.
    admins_see_coaching = models.BooleanField(default=False)
    # Team co-development material (cases, sessions, live rooms, team clips, stories and
    # challenges) is the team's; admins outside the team see it only if this says so.
    admins_see_team_work = models.BooleanField(default=True)
    # Managers should spend more than half their time coaching (1:1s, sessions, reviews).
    coaching_target_percent = models.PositiveSmallIntegerField(default=50)
    # Leaderboards: every rank, only the top N, or team totals only.
    leaderboard_mode = models.CharField(
        max_length=10,
        choices=[("ranks", "Every rank"), ("top", "Only the top N"), ("teams", "Team totals only")],
        default="ranks",
    )
    leaderboard_top_n = models.PositiveSmallIntegerField(default=5)
    # How the organisation's files write numbers (1,234.5 / 1.234,5 / 1 234,5 / 1'234.5) and
    # full dates (day first: 17/11/2026; else 11/17/2026): imports read them so, never guess.
    number_format = models.CharField(max_length=10, default="1,234.5")
    day_first = models.BooleanField("dates are written day first", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="team_name_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrgRole(models.TextChoices):
    MEMBER = "member", "Member"
    ADMIN = "admin", "Admin"


class TeamRole(models.TextChoices):
    REP = "rep", "Rep"
    MANAGER = "manager", "Manager"


class InviteRole(models.TextChoices):
    REP = "rep", "Rep"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"


class Appreciation(models.TextChoices):
    """Chapman & White's languages of appreciation at work (physical touch left out)."""

    WORDS = "words", "Words of affirmation"
    QUALITY_TIME = "quality_time", "Quality time"
    ACTS_OF_SERVICE = "acts_of_service", "Acts of service"
    TANGIBLE_GIFTS = "tangible_gifts", "Tangible gifts"


TIME_ZONE_CHOICES = [
    (name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())
]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("full_name", "Operator")
        return self.create_user(email, password, **fields)


def photo_path(instance: "User", filename: str) -> str:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return f"photos/{instance.organisation_id or 'ops'}/{instance.pk}-{stamp}.jpg"


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Operators (Django admin staff) may have no organisation; everyone else has one."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=120)
    title = models.CharField(max_length=120, blank=True)
    photo = models.ImageField(upload_to=photo_path, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    language = models.CharField(max_length=8, default="en")
    appreciation = models.CharField(
        "how I like to be appreciated", max_length=20, choices=Appreciation.choices, blank=True
    )
    appreciation_note = models.CharField("what that looks like for me", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="people"
    )
    org_role = models.CharField(max_length=10, choices=OrgRole.choices, default=OrgRole.MEMBER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_role__in=OrgRole.values), name="user_org_role_valid"
            ),
            models.CheckConstraint(
                condition=~Q(org_role=OrgRole.ADMIN) | Q(organisation__isnull=False),
                name="user_admin_has_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_org_admin(self) -> bool:
        return self.organisation_id is not None and self.org_role == OrgRole.ADMIN

    @property
    def first_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def time_zone_city(self) -> str:
        return self.time_zone.rsplit("/", 1)[-1].replace("_", " ")

    @property
    def avatar_hue(self) -> int:
        return ((self.pk or 0) * 47) % 360

    @property
    def initials(self) -> str:
        parts = [p for p in self.full_name.split() if p]
        return "".join(p[0] for p in parts[:2]).upper() or self.email[:1].upper()


class Membership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=TeamRole.choices, default=TeamRole.REP)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint("team", "user", name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=TeamRole.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=120, blank=True)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True)
    role = models.CharField(max_length=10, choices=InviteRole.choices)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    email_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=InviteRole.values), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(role=InviteRole.ADMIN) | Q(team__isnull=False),
                name="invitation_team_for_team_roles",
            ),
            models.UniqueConstraint(
                "organisation",
                "email",
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_open(self) -> bool:
        return self.status == "pending"

    @property
    def url(self) -> str:

        return absolute_url("invitation_accept", self.token)
