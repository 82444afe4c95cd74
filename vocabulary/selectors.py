"""Reads for the vocabulary pages, and the glossary other apps use to find terms."""

from django.db.models import Q, QuerySet

from accounts.models import User
from language.glossary import count_terms
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
    from vocabulary.access import visible_proposals

    return visible_proposals(user=user).select_related("proposed_by", "alias_of")


def terms_matching(*, organisation_id: int, query: str) -> QuerySet[Term]:
    terms = terms_approved(organisation_id=organisation_id)
    query = query.strip()
    if query:
        terms = terms.filter(
            Q(name__icontains=query) | Q(definition__icontains=query) | Q(aliases__icontains=query)
        )
    return terms


def clips_using_term(*, user: User, term: Term, limit: int = 30) -> list:
    """Ready clips the person may watch whose title, tags or transcript use the term.

    Full-text search finds the candidates for each spelling; the exact phrase is then
    checked, so "cost of doing nothing" does not match a clip that says "cost" and "nothing".
    """
    from library import search
    from library.models import ClipState
    from library.selectors import clips_visible_to

    watchable = clips_visible_to(user=user).filter(state=ClipState.READY)
    candidates: list[int] = []
    for name in term.names:
        found = search.search(
            name, organisation_id=user.organisation_id, within=watchable, limit=limit * 4
        )
        for hit in found:
            if hit.clip_id not in candidates:
                candidates.append(hit.clip_id)
    if not candidates:
        return []
    clips = watchable.filter(id__in=candidates).select_related("author", "transcript")
    spellings = {term.slug: term.names}
    found = []
    for clip in clips:
        transcript = getattr(clip, "transcript", None)
        text = " ".join([clip.title, " ".join(clip.tags), transcript.text if transcript else ""])
        uses = count_terms(text, spellings).get(term.slug, 0)
        if uses:
            found.append((uses, clip))
    found.sort(key=lambda pair: (-pair[0], -pair[1].id))
    return [clip for _uses, clip in found[:limit]]


def best_explanations(*, user: User, term: Term) -> list:
    """Featured teach-back takes on this term from the person's teams, newest first."""
    from accounts.access import team_member_ids
    from practice.models import Challenge, ChallengeKind

    return list(
        Challenge.objects.filter(
            kind=ChallengeKind.TEACHBACK,
            term=term,
            featured_take__isnull=False,
            team_id__in=team_member_ids(user=user),
        )
        .select_related("featured_take__author", "featured_take__clip")
        .order_by("-due_at")[:3]
    )
