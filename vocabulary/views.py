from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.access import team_work_managed_ids
from roundtable.errors import RoundtableError
from roundtable.hooks import Hook
from vocabulary import selectors, services
from vocabulary.access import access_term, access_term_proposal, may_approve_terms
from vocabulary.forms import AliasForm, TermEditForm, TermForm
from vocabulary.models import TermStatus

# What apps above add to a term's page: the clips that use it (library), the team's best
# explanations of it (practice's featured teach-back takes).
term_page = Hook("term page")


def _home(request: HttpRequest, form: TermForm, status: int = 200) -> HttpResponse:
    approver = may_approve_terms(user=request.user)
    query = request.GET.get("q", "")
    return render(
        request,
        "vocabulary/home.html",
        {
            "terms": selectors.terms_matching(
                organisation_id=request.user.organisation_id, query=query
            ),
            "query": query,
            "proposals": selectors.proposals_for(user=request.user, approver=approver),
            "approver": approver,
            "form": form,
        },
        status=status,
    )


@login_required
def vocabulary_home(request: HttpRequest) -> HttpResponse:
    """The organisation's glossary, the open proposals, and a form to propose a term."""
    return _home(request, TermForm())


@login_required
@require_POST
def term_propose(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST)
    if form.is_valid():
        try:
            term = services.term_propose(user=request.user, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            if term.status == TermStatus.APPROVED:
                messages.success(request, f"“{term.name}” is now in the vocabulary.")
                return redirect("term_detail", slug=term.slug)
            messages.success(request, f"Thanks: “{term.name}” goes to a manager for approval.")
            return redirect("vocabulary_home")
    return _home(request, form, status=400)


def _detail(request, term, *, alias_form=None, edit_form=None, status=200) -> HttpResponse:
    approver = may_approve_terms(user=request.user)
    return render(
        request,
        "vocabulary/term.html",
        {
            "term": term,
            "explanations": [],
            "clips": [],
            **term_page.collect(user=request.user, term=term),
            "teach_team_id": min(team_work_managed_ids(user=request.user), default=None),
            "approver": approver,
            "alias_form": alias_form or AliasForm(),
            "edit_form": edit_form
            or TermEditForm(
                initial={
                    "name": term.name,
                    "definition": term.definition,
                    "example": term.example,
                    "aliases": ", ".join(term.aliases),
                }
            ),
            "editing": edit_form is not None,
        },
        status=status,
    )


@login_required
def term_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A term: definition, example, the team's words for it, and clips that use it."""
    return _detail(request, access_term(user=request.user, slug=slug))


@login_required
@require_POST
def term_alias(request: HttpRequest, slug: str) -> HttpResponse:
    term = access_term(user=request.user, slug=slug)
    form = AliasForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.term_propose(
                user=request.user, name=form.cleaned_data["name"], alias_of=term
            )
        except RoundtableError as error:
            form.add_error("name", error.message)
        else:
            if proposal.status == TermStatus.APPROVED:
                messages.success(request, f"“{proposal.name}” now means {term.name}.")
            else:
                messages.success(
                    request, f"Thanks: “{proposal.name}” goes to a manager for approval."
                )
            return redirect("term_detail", slug=term.slug)
    return _detail(request, term, alias_form=form, status=400)


@login_required
@require_POST
def term_edit(request: HttpRequest, slug: str) -> HttpResponse:
    term = access_term(user=request.user, slug=slug, write=True)
    form = TermEditForm(request.POST)
    if form.is_valid():
        try:
            services.term_update(term=term, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Saved.")
            return redirect("term_detail", slug=term.slug)
    return _detail(request, term, edit_form=form, status=400)


@login_required
@require_POST
def proposal_decide(request: HttpRequest, term_id: int) -> HttpResponse:
    proposal = access_term_proposal(user=request.user, term_id=term_id, decide=True)
    approve = request.POST.get("decision") == "approve"
    try:
        proposal = services.term_decide(term=proposal, user=request.user, approve=approve)
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        if approve and proposal.alias_of_id:
            messages.success(request, f"“{proposal.name}” now means {proposal.alias_of.name}.")
        elif approve:
            messages.success(request, f"“{proposal.name}” is now in the vocabulary.")
        else:
            messages.success(request, f"“{proposal.name}” was declined.")
    return redirect("vocabulary_home")
