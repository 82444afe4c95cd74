"""Every write to the shared vocabulary."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.access import managed_team_ids
from accounts.models import Organisation, User
from roundtable.errors import RoundtableError
from vocabulary.defaults import DEFAULT_TERMS
from vocabulary.models import Term, TermStatus


def term_defaults_create(*, organisation: Organisation) -> None:
    """Give a new organisation the starting glossary (once: an edited glossary is kept)."""
    if Term.objects.filter(organisation=organisation).exists():
        return
    Term.objects.bulk_create(
        [
            Term(
                organisation=organisation,
                name=name,
                slug=slugify(name),
                definition=definition,
                example=example,
                status=TermStatus.APPROVED,
            )
            for name, definition, example in DEFAULT_TERMS
        ]
    )


def _taken(organisation_id: int, name: str, *, exclude_id: int | None = None) -> Term | None:
    """The approved term that already uses this name or alias, if any."""
    wanted = name.strip().lower()
    for term in Term.objects.filter(
        organisation_id=organisation_id, status=TermStatus.APPROVED, alias_of__isnull=True
    ).exclude(id=exclude_id):
        if wanted in (n.lower() for n in term.names) or slugify(name) == term.slug:
            return term
    return None


def term_propose(
    *,
    user: User,
    name: str,
    definition: str = "",
    example: str = "",
    alias_of: Term | None = None,
) -> Term:
    """Propose a term (or, with `alias_of`, the team's own word for a term).

    A manager's or admin's proposal is approved at once: they are the ones who approve.
    """
    name = " ".join(name.split())
    if not name:
        raise RoundtableError("Write the term first.", field="name")
    if len(name) > 80:
        raise RoundtableError("Keep the term under 80 characters.", field="name")
    if alias_of is None and not definition.strip():
        raise RoundtableError(
            "Say what it means in a sentence, so everyone uses it the same way.",
            field="definition",
        )
    existing = _taken(user.organisation_id, name)
    if existing is not None:
        raise RoundtableError(
            f"“{name}” is already in the vocabulary as “{existing.name}”.", field="name"
        )
    term = Term.objects.create(
        organisation_id=user.organisation_id,
        name=name,
        slug=_slug(name),
        definition=definition.strip(),
        example=example.strip(),
        alias_of=alias_of,
        proposed_by=user,
    )
    if managed_team_ids(user=user):
        term = term_decide(term=term, user=user, approve=True)
    return term


RESERVED_SLUGS = {"propose", "proposals"}


def _slug(name: str) -> str:
    slug = slugify(name)[:80] or "term"
    return f"{slug}-term" if slug in RESERVED_SLUGS else slug


def term_decide(*, term: Term, user: User, approve: bool) -> Term:
    """Approve or decline a proposal; an approved alias joins its term's aliases."""
    with transaction.atomic():
        status = TermStatus.APPROVED if approve else TermStatus.DECLINED
        if approve and term.alias_of_id is None and _taken(term.organisation_id, term.name):
            raise RoundtableError(f"“{term.name}” is already in the vocabulary.")
        claimed = Term.objects.filter(id=term.id, status=TermStatus.PROPOSED).update(
            status=status, decided_by=user, decided_at=timezone.now()
        )
        if claimed != 1:
            raise RoundtableError("Someone already decided on this proposal.")
        if approve and term.alias_of_id:
            target = Term.objects.select_for_update().get(id=term.alias_of_id)
            if term.name.lower() not in (n.lower() for n in target.names):
                target.aliases = [*target.aliases, term.name]
                target.save(update_fields=["aliases"])
    term.refresh_from_db()
    return term


def term_update(*, term: Term, name: str, definition: str, example: str, aliases: str) -> Term:
    name = " ".join(name.split())
    if not name:
        raise RoundtableError("A term needs a name.", field="name")
    if not definition.strip():
        raise RoundtableError("Say what it means in a sentence.", field="definition")
    existing = _taken(term.organisation_id, name, exclude_id=term.id)
    if existing is not None:
        raise RoundtableError(f"“{name}” is already used by “{existing.name}”.", field="name")
    words = []
    for alias in aliases.split(","):
        alias = " ".join(alias.split())
        if alias and alias.lower() != name.lower() and alias.lower() not in map(str.lower, words):
            words.append(alias)
    term.name, term.definition, term.example, term.aliases = (
        name,
        definition.strip(),
        example.strip(),
        words,
    )
    term.save(update_fields=["name", "definition", "example", "aliases"])
    return term
