import zoneinfo

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.access import (
    access_invitation,
    access_person,
    access_team,
    in_organisation,
    managed_team_ids,
    require_manager,
    require_org_admin,
)
from accounts.forms import (
    AcceptInvitationForm,
    AddMemberForm,
    InvitationForm,
    MembershipForm,
    OrgRoleForm,
    PrivacyForm,
    ProfileForm,
    ResetRequestForm,
    RoleForm,
    TeamForm,
)
from accounts.models import Team, TeamRole, User
from roundtable import generations, throttle
from roundtable.errors import RoundtableError
from roundtable.hooks import Hook
from roundtable.htmx import is_htmx
from roundtable.pickers import SEARCH_LIMIT, found_context

# Sections that apps above accounts add to each person's home (meetings: live now).
home_sections = Hook("home")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.organisation_id is None:
        return render(request, "accounts/home_operator.html")
    context = generations.cached(
        f"home:{user.id}:{this_minute()}",
        tables=generations.project_tables(),
        compute=lambda: _home(user),
    )
    return render(request, "accounts/home.html", context)


def this_minute() -> int:
    return int(timezone.now().timestamp() // 60)


def _home(user: User) -> dict:
    """What the home shows, read from the project's own tables (cases, sessions, meetings,
    commitments, practice, 1:1s, kudos, people and teams): kept by `home` until one of them is
    written to, and read again each minute for what it says about time (due, starting soon)."""
    context = {
        # What apps above add to the home: live rooms to join, ... (each names its template).
        "sections": home_sections.gather(user=user),
        "my_teams": selectors.teams_for_home(user=user),
        "managed_teams": [],
        "admin_counts": None,
    }
    manages = managed_team_ids(user=user)
    if manages and not user.is_org_admin:
        context["managed_teams"] = selectors.managed_teams(user=user)
    if user.is_org_admin:
        context["admin_teams"] = selectors.teams_for_admin(organisation_id=user.organisation_id)
        context["admin_counts"] = {
            "people": in_organisation(User, user=user).filter(is_active=True).count(),
            "pending": sum(1 for i in selectors.invitations_for(user=user) if i.is_open),
        }
    return context


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    person = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=User.objects.get(id=person.id))
        if form.is_valid():
            try:
                services.profile_update(
                    person=person,
                    values=form.cleaned_data,
                    photo=form.cleaned_data.get("photo"),
                    remove_photo=form.cleaned_data.get("remove_photo", False),
                )
            except RoundtableError as error:
                error.show_on(form)
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("profile")
    else:
        form = ProfileForm(instance=person)
    return render(request, "accounts/profile.html", {"form": form, "person": person})


@login_required
def person_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    person = access_person(user=request.user, person_id=user_id)
    person = selectors.person_with_memberships(person_id=person.id)
    local_time = timezone.localtime(timezone=_zone(person.time_zone))
    return render(request, "accounts/person.html", {"person": person, "local_time": local_time})


def _zone(name: str):

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


@login_required
def person_photo(request: HttpRequest, user_id: int) -> FileResponse:
    person = access_person(user=request.user, person_id=user_id)
    if not person.photo:
        raise Http404("No photo")
    response = FileResponse(person.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def team_detail(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access_team(user=request.user, team_id=team_id)
    team = selectors.team_with_members(team_id=team.id)
    members = list(team.memberships.all())
    return render(
        request,
        "accounts/team.html",
        {
            "team": team,
            "managers": [m for m in members if m.role == TeamRole.MANAGER],
            "reps": [m for m in members if m.role == TeamRole.REP],
            "can_manage": team.id in managed_team_ids(user=request.user),
        },
    )


def _invitable_teams(user: User) -> QuerySet[Team]:
    return Team.objects.filter(id__in=managed_team_ids(user=user)).order_by("name")


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    require_manager(user=request.user)
    invitations = selectors.invitations_for(user=request.user)
    return render(request, "accounts/invitations.html", {"invitations": invitations})


@login_required
def invitation_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_manager(user=user)
    teams = _invitable_teams(user)
    form_kwargs = {"teams": teams, "allow_all_roles": user.is_org_admin}
    if request.method == "POST":
        form = InvitationForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    actor=user,
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    team=form.cleaned_data["team"],
                    role=form.cleaned_data["role"],
                )
            except RoundtableError as error:
                error.show_on(form)
            else:
                messages.success(
                    request,
                    f"Invitation sent to {invitation.email}. They can also use the link below.",
                )
                return redirect(f"{reverse('invitation_list')}?new={invitation.id}")
    else:
        initial = {"team": request.GET.get("team")} if request.GET.get("team") else {}
        form = InvitationForm(initial=initial, **form_kwargs)
    return render(request, "accounts/invitation_new.html", {"form": form})


def _invitation_action(request: HttpRequest, invitation_id: int, action) -> HttpResponse:
    invitation = access_invitation(user=request.user, invitation_id=invitation_id, write=True)
    try:
        invitation = action(invitation=invitation)
    except RoundtableError as error:
        messages.error(request, error.message)
    if is_htmx(request):
        return render(request, "accounts/_invitation_row.html", {"invitation": invitation})
    return redirect("invitation_list")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_action(request, invitation_id, services.invitation_revoke)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    return _invitation_action(request, invitation_id, services.invitation_resend)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    address = throttle.client_address(request)
    if throttle.blocked(limit=throttle.INVITATION_ADDRESS, subject=address):
        message = (
            "Too many invitation links that do not work came from here. Wait "
            f"{throttle.INVITATION_ADDRESS.minutes} minutes, then open the link from the email "
            "again, or ask your manager to send a new one."
        )
        return render(request, "accounts/invitation_closed.html", {"message": message}, status=429)
    try:
        invitation = services.invitation_for_token(token=token)
    except RoundtableError as error:
        throttle.hit(limit=throttle.INVITATION_ADDRESS, subject=address)
        return render(
            request, "accounts/invitation_closed.html", {"message": error.message}, status=404
        )
    if request.method == "POST" and not request.user.is_authenticated:
        form = AcceptInvitationForm(request.POST, email=invitation.email)
        if form.is_valid():
            try:
                person = services.invitation_accept(
                    token=token,
                    full_name=form.cleaned_data["full_name"],
                    password=form.cleaned_data["password1"],
                )
            except RoundtableError as error:
                error.show_on(form)
            else:
                login(request, person, backend="accounts.backends.EmailBackend")
                messages.success(
                    request, f"Welcome to {invitation.organisation}, {person.first_name}."
                )
                return redirect("home")
    else:
        form = AcceptInvitationForm(
            initial={"full_name": invitation.full_name}, email=invitation.email
        )
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@login_required
def manage_teams(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_org_admin(user=user)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                organisation=user.organisation,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, f"Team “{team.name}” created. Now add people to it.")
            return redirect("manage_team", team_id=team.id)
    teams = selectors.teams_for_admin(organisation_id=user.organisation_id)
    return render(request, "accounts/manage_teams.html", {"teams": teams, "form": form})


@login_required
def manage_privacy(request: HttpRequest) -> HttpResponse:
    """An admin decides who beyond a team sees its confidential material, and 1:1 records."""
    user = request.user
    require_org_admin(user=user)
    organisation = user.organisation
    form = PrivacyForm(
        request.POST or None,
        initial={
            "admins_see_team_work": organisation.admins_see_team_work,
            "admins_see_coaching": organisation.admins_see_coaching,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.organisation_privacy_update(organisation=organisation, **form.cleaned_data)
        messages.success(request, "Privacy settings saved.")
        return redirect("manage_privacy")
    return render(request, "accounts/manage_privacy.html", {"form": form})


def _team_page(request, team, *, team_form=None, add_form=None, status=200) -> HttpResponse:
    outsiders = (
        in_organisation(User, user=request.user)
        .filter(is_active=True)
        .exclude(memberships__team=team)
    )
    return render(
        request,
        "accounts/manage_team.html",
        {
            "team": selectors.team_with_members(team_id=team.id),
            "team_form": team_form
            or TeamForm(initial={"name": team.name, "description": team.description}),
            "add_form": add_form or AddMemberForm(people=outsiders),
            "roles": TeamRole.choices,
        },
        status=status,
    )


def _admin_team(request, team_id: int):
    require_org_admin(user=request.user)
    return access_team(user=request.user, team_id=team_id, write=True)


@login_required
def manage_team(request: HttpRequest, team_id: int) -> HttpResponse:
    """An admin renames a team (this page's form) and decides who is in it (the actions below)."""
    team = _admin_team(request, team_id)
    if request.method != "POST":
        return _team_page(request, team)
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            services.team_update(team=team, **form.cleaned_data)
        except RoundtableError as error:
            error.show_on(form)
        else:
            messages.success(request, "Team saved.")
            return redirect("manage_team", team_id=team.id)
    return _team_page(request, team, team_form=form)


@login_required
@require_POST
def manage_team_add(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _admin_team(request, team_id)
    outsiders = in_organisation(User, user=request.user).exclude(memberships__team=team)
    form = AddMemberForm(request.POST, people=outsiders.filter(is_active=True))
    if form.is_valid() and _join(request, form, team, form.cleaned_data["person"]):
        return redirect("manage_team", team_id=team.id)
    return _team_page(request, team, add_form=form)


@login_required
@require_POST
def manage_team_role(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _admin_team(request, team_id)
    person = access_person(user=request.user, person_id=request.POST.get("person"))
    _membership_change(request, team, person, remove=False)
    return redirect("manage_team", team_id=team.id)


@login_required
@require_POST
def manage_team_remove(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _admin_team(request, team_id)
    person = access_person(user=request.user, person_id=request.POST.get("person"))
    _membership_change(request, team, person, remove=True)
    return redirect("manage_team", team_id=team.id)


def _join(request, form, team, person) -> bool:
    """Put the person in the team with the form's role; a refusal goes onto the form."""
    try:
        services.membership_set(team=team, person=person, role=form.cleaned_data["role"])
    except RoundtableError as error:
        error.show_on(form)
        return False
    messages.success(request, f"{person} joined {team}.")
    return True


def _membership_change(request, team, person, *, remove: bool) -> None:
    """A row action of the team and person pages: change the person's role in the team (the
    posted `role`), or take them out of it; the outcome is said in a message."""
    form = RoleForm(request.POST)
    try:
        if remove:
            services.membership_remove(team=team, person=person)
        elif form.is_valid():
            services.membership_set(team=team, person=person, role=form.cleaned_data["role"])
        else:
            raise RoundtableError("Choose rep or manager.")
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        role = form.cleaned_data.get("role") if not remove else None
        messages.success(
            request, f"{person} left {team}." if remove else f"{person} is now {role} in {team}."
        )


@login_required
def manage_people(request: HttpRequest) -> HttpResponse:
    user = request.user
    require_org_admin(user=user)
    query = request.GET.get("q", "").strip()
    people = selectors.people_for_admin(organisation_id=user.organisation_id, query=query)
    return render(request, "accounts/manage_people.html", {"people": people, "query": query})


def _person_page(request, person, *, role_form=None, team_form=None) -> HttpResponse:
    teams = in_organisation(Team, user=request.user).exclude(memberships__user=person)
    return render(
        request,
        "accounts/manage_person.html",
        {
            "person": selectors.person_with_memberships(person_id=person.id),
            "role_form": role_form or OrgRoleForm(initial={"org_role": person.org_role}),
            "team_form": team_form or MembershipForm(teams=teams),
            "roles": TeamRole.choices,
        },
    )


def _admin_person(request, user_id: int) -> User:
    require_org_admin(user=request.user)
    return access_person(user=request.user, person_id=user_id, write=True)


@login_required
def manage_person(request: HttpRequest, user_id: int) -> HttpResponse:
    """An admin changes a person's organisation role (this page's form), their teams and team
    roles, or switches them off (the actions below)."""
    person = _admin_person(request, user_id)
    if request.method != "POST":
        return _person_page(request, person)
    form = OrgRoleForm(request.POST)
    if form.is_valid():
        try:
            services.person_set_org_role(person=person, role=form.cleaned_data["org_role"])
        except RoundtableError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{person} is now {person.get_org_role_display().lower()}.")
            return redirect("manage_person", user_id=person.id)
    return _person_page(request, person, role_form=form)


@login_required
@require_POST
def manage_person_team_add(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _admin_person(request, user_id)
    teams = in_organisation(Team, user=request.user).exclude(memberships__user=person)
    form = MembershipForm(request.POST, teams=teams)
    if form.is_valid() and _join(request, form, form.cleaned_data["team"], person):
        return redirect("manage_person", user_id=person.id)
    return _person_page(request, person, team_form=form)


@login_required
@require_POST
def manage_person_team_role(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _admin_person(request, user_id)
    team = access_team(user=request.user, team_id=request.POST.get("team"), write=True)
    _membership_change(request, team, person, remove=False)
    return redirect("manage_person", user_id=person.id)


@login_required
@require_POST
def manage_person_team_remove(request: HttpRequest, user_id: int) -> HttpResponse:
    person = _admin_person(request, user_id)
    team = access_team(user=request.user, team_id=request.POST.get("team"), write=True)
    _membership_change(request, team, person, remove=True)
    return redirect("manage_person", user_id=person.id)


def _set_active(request, user_id: int, *, active: bool) -> HttpResponse:
    person = _admin_person(request, user_id)
    try:
        services.person_set_active(actor=request.user, person=person, active=active)
    except RoundtableError as error:
        messages.error(request, error.message)
    else:
        state = "can sign in again" if person.is_active else "can no longer sign in"
        messages.success(request, f"{person} {state}.")
    return redirect("manage_person", user_id=person.id)


@login_required
@require_POST
def manage_person_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@login_required
@require_POST
def manage_person_reactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)


class ResetRequestView(auth_views.PasswordResetView):
    """Django's reset request, with the request handed to the form for its limits."""

    form_class = ResetRequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@login_required
def people_pick(request: HttpRequest) -> HttpResponse:
    """Colleagues whose name holds what was typed, for a people picker (roundtable.pickers):
    the organisation's active people, the person asking left out."""
    query = request.GET.get("q", "").strip()[:60]
    found = []
    if query:
        found = (
            in_organisation(User, user=request.user)
            .filter(is_active=True, full_name__icontains=query)
            .exclude(id=request.user.id)
            .order_by("full_name")[:SEARCH_LIMIT]
        )
    context = found_context(request, found, label=lambda person: person.full_name)
    return render(request, "widgets/picker_found.html", context)
