"""Reads for the vocabulary pages, and the glossary other apps use to find terms."""

from django.db.models import Q, QuerySet

from accounts.models import User
from vocabulary.access import visible_proposals
from vocabulary.models import Term, TermStatus


def terms_approved(*, organisation_id: int) -> QuerySet[Term]:
    return Term.objects.filter(
        organisation_id=organisation_id, status=TermStatus.APPROVED, alias_of__isnull=True
    )


def glossary_for(*, organisation_id: int) -> dict[str, list[str]]:
    """{slug: [name, aliases...]} for finding terms in transcripts; one query."""
    return {
        slug: [name, *aliases]
        for slug, name, aliases in terms_approved(organisation_id=organisation_id).values_list(
            "slug", "name", "aliases"
        )
    }


def proposals_for(*, user: User, approver: bool) -> QuerySet[Term]:
    """Open proposals: all of them for those who approve, else the person's own."""

    return visible_proposals(user=user).select_related("proposed_by", "alias_of")


def terms_matching(*, organisation_id: int, query: str) -> QuerySet[Term]:
    terms = terms_approved(organisation_id=organisation_id)
    query = query.strip()
    if query:
        terms = terms.filter(
            Q(name__icontains=query) | Q(definition__icontains=query) | Q(aliases__icontains=query)
        )
    return terms
