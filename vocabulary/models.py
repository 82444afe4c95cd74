from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Organisation, User


class TermStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class Term(models.Model):
    """A sales tactic in the organisation's shared vocabulary.

    A proposal for the team's own word for an existing term is a Term with `alias_of` set;
    approving it adds the word to that term's aliases.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=90)
    definition = models.TextField(blank=True)
    example = models.TextField(blank=True)
    aliases = models.JSONField(default=list, blank=True)  # the team's own words for it
    alias_of = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="alias_proposals"
    )
    status = models.CharField(
        max_length=10, choices=TermStatus.choices, default=TermStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                "slug",
                condition=models.Q(status="approved", alias_of__isnull=True),
                name="term_unique_approved_slug",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def names(self) -> list[str]:
        """Every spelling that counts as this term: its name first, then the team's words."""
        return [self.name, *self.aliases]
