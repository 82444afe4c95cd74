"""Who may read, propose and approve the organisation's coaching vocabulary."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import id_or_404, in_organisation, managed_team_ids, organisation_id_of
from accounts.models import User
from vocabulary.models import Term, TermStatus


def visible_proposals(*, user: User):
    """Open vocabulary proposals: all of them for those who approve, else the person's own."""

    proposals = in_organisation(Term, user=user).filter(status=TermStatus.PROPOSED)
    return proposals if may_approve_terms(user=user) else proposals.filter(proposed_by=user)


def may_approve_terms(*, user: User) -> bool:
    """Managers and org admins approve vocabulary proposals."""
    return bool(managed_team_ids(user=user))


def access_term(*, user: User, slug: str, write: bool = False):
    """Everyone in the organisation reads the vocabulary; managers and admins edit it."""

    organisation_id = organisation_id_of(user)
    term = Term.objects.filter(
        organisation_id=organisation_id,
        slug=slug,
        status=TermStatus.APPROVED,
        alias_of__isnull=True,
    ).first()
    if term is None:
        raise Http404("No such term")
    if write and not may_approve_terms(user=user):
        raise PermissionDenied("Only a manager or an organisation admin can edit the vocabulary.")
    return term


def access_term_proposal(*, user: User, term_id: int, decide: bool = False):
    """A proposal is seen by the person who made it and by those who approve; they decide."""

    organisation_id = organisation_id_of(user)
    term = Term.objects.filter(id=id_or_404(term_id), organisation_id=organisation_id).first()
    approver = may_approve_terms(user=user)
    if term is None or not (approver or term.proposed_by_id == user.id):
        raise Http404("No such proposal")
    if decide and not approver:
        raise PermissionDenied("Only a manager or an organisation admin can approve a term.")
    return term
