"""Every write about organisations, teams, people and invitations."""

import io
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import (
    Invitation,
    InviteRole,
    Membership,
    Organisation,
    OrgRole,
    Team,
    TeamRole,
    User,
)
from accounts.tasks import send_invitation_email
from roundtable.errors import RoundtableError
from roundtable.parsing import one_line

PHOTO_SIZE = 512


def organisation_create(*, name: str, slug: str) -> Organisation:
    return Organisation.objects.create(name=name, slug=slug)


def team_create(*, organisation: Organisation, name: str, description: str = "") -> Team:
    name = name.strip()
    if not name:
        raise RoundtableError("Give the team a name.", field="name")
    if Team.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise RoundtableError(f"There is already a team called “{name}”.", field="name")
    return Team.objects.create(
        organisation=organisation, name=name, description=description.strip()
    )


def team_update(*, team: Team, name: str, description: str) -> Team:
    name = name.strip()
    if not name:
        raise RoundtableError("Give the team a name.", field="name")
    clash = Team.objects.filter(organisation_id=team.organisation_id, name__iexact=name)
    if clash.exclude(id=team.id).exists():
        raise RoundtableError(f"There is already a team called “{name}”.", field="name")
    team.name, team.description = name, description.strip()
    team.save(update_fields=["name", "description"])
    return team


def membership_set(*, team: Team, person: User, role: str) -> Membership:
    """Put a person in a team with a role, or change their role there."""
    if person.organisation_id != team.organisation_id:
        raise RoundtableError("That person is not in this organisation.")
    if role not in TeamRole.values:
        raise RoundtableError("Choose rep or manager.", field="role")
    membership, created = Membership.objects.get_or_create(
        team=team, user=person, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, team: Team, person: User) -> None:
    Membership.objects.filter(team=team, user=person).delete()


def _other_active_admins(person: User) -> bool:
    return (
        User.objects.filter(
            organisation_id=person.organisation_id, org_role=OrgRole.ADMIN, is_active=True
        )
        .exclude(id=person.id)
        .exists()
    )


def person_set_org_role(*, person: User, role: str) -> User:
    if role not in OrgRole.values:
        raise RoundtableError("Choose member or admin.", field="org_role")
    demoting = person.org_role == OrgRole.ADMIN and role != OrgRole.ADMIN
    if demoting and not _other_active_admins(person):
        raise RoundtableError(
            "This is the organisation's last admin. Make someone else an admin first."
        )
    person.org_role = role
    person.save(update_fields=["org_role"])
    return person


def person_set_active(*, actor: User, person: User, active: bool) -> User:
    if not active:
        if person.id == actor.id:
            raise RoundtableError("You cannot deactivate your own account.")
        if person.org_role == OrgRole.ADMIN and not _other_active_admins(person):
            raise RoundtableError(
                "This is the organisation's last admin; it cannot be deactivated."
            )
    person.is_active = active
    person.save(update_fields=["is_active"])
    return person


def _photo_to_jpeg(upload: UploadedFile) -> ContentFile:
    """Check an uploaded photo really is an image, square-crop it and store a small JPEG."""
    if upload.size and upload.size > settings.PHOTO_MAX_BYTES:
        raise RoundtableError("That photo is over 5 MB. Choose a smaller one.", field="photo")
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image = ImageOps.fit(image, (PHOTO_SIZE, PHOTO_SIZE))
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise RoundtableError(
            "That file is not a photo we can read. Choose a JPEG, PNG or WebP image.",
            field="photo",
        ) from None
    return ContentFile(buffer.getvalue(), name="photo.jpg")


PROFILE_FIELDS = (
    "full_name",
    "title",
    "time_zone",
    "language",
    "appreciation",
    "appreciation_note",
)


def profile_update(
    *, person: User, values: dict, photo: UploadedFile | None = None, remove_photo: bool = False
) -> User:
    """Update a person's own profile.

    Steps: check the name, turn an uploaded photo into a small JPEG (refusing what is not an
    image), save the fields, then replace or remove the old photo file.
    """
    if not values.get("full_name", "").strip():
        raise RoundtableError("Tell your colleagues your name.", field="full_name")
    new_photo = _photo_to_jpeg(photo) if photo else None
    old_photo_name = person.photo.name if person.photo else ""
    for field in PROFILE_FIELDS:
        setattr(
            person, field, values.get(field, "").strip() if field != "time_zone" else values[field]
        )
    fields = list(PROFILE_FIELDS)
    if new_photo is not None:
        person.photo.save(new_photo.name, new_photo, save=False)
        fields.append("photo")
    elif remove_photo and old_photo_name:
        person.photo = ""
        fields.append("photo")
    person.save(update_fields=fields)
    if old_photo_name and "photo" in fields:
        person.photo.storage.delete(old_photo_name)
    return person


def _enqueue_invitation_email(invitation: Invitation) -> None:

    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation_id=invitation.id))


def invitation_create(
    *, actor: User, email: str, role: str, team: Team | None, full_name: str = ""
) -> Invitation:
    """Invite someone by email to the actor's organisation, to a team with a role.

    Steps: normalise the email, refuse people who already have an account, replace an open
    invitation to the same address, save, then send the email through the worker.
    """
    email = email.strip().lower()
    organisation = actor.organisation
    if role not in InviteRole.values:
        raise RoundtableError("Choose a role: rep, manager or admin.", field="role")
    if role != InviteRole.ADMIN and team is None:
        raise RoundtableError("Choose the team they will join.", field="team")
    if team is not None and team.organisation_id != organisation.id:
        raise RoundtableError("Choose one of your organisation's teams.", field="team")
    existing = User.objects.filter(email=email).first()
    if existing is not None and existing.organisation_id == organisation.id:
        raise RoundtableError(
            f"{existing} already has an account here. Add them to a team from People.",
            field="email",
        )
    # An account in another organisation is not this organisation's business: the invitation
    # goes out as any other, and only the address's owner learns (by email) why it cannot be
    # used with that address.
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(
            organisation=organisation,
            email=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            full_name=full_name.strip(),
            team=team,
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=actor,
            expires_at=now + timedelta(days=settings.INVITATION_DAYS),
        )
        _enqueue_invitation_email(invitation)
    return invitation


def invitation_resend(*, invitation: Invitation) -> Invitation:
    if invitation.accepted_at or invitation.revoked_at:
        raise RoundtableError("This invitation is closed. Send a new one instead.")
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
    invitation.save(update_fields=["expires_at"])
    _enqueue_invitation_email(invitation)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> Invitation:
    claimed = Invitation.objects.filter(
        id=invitation.id, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if claimed != 1:
        raise RoundtableError("This invitation was already accepted or revoked.")
    invitation.refresh_from_db()
    return invitation


def invitation_email_send(*, invitation: Invitation) -> None:
    if not invitation.is_open:
        return
    taken = User.objects.filter(email=invitation.email).exclude(
        organisation_id=invitation.organisation_id
    )
    context = {"invitation": invitation, "url": invitation.url, "taken": taken.exists()}
    send_mail(
        subject=one_line(
            f"{invitation.invited_by or 'Your team'} invited you to {invitation.organisation} "
            "on Roundtable"
        ),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    Invitation.objects.filter(id=invitation.id).update(email_sent_at=timezone.now())


def invitation_for_token(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation", "team", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise RoundtableError(
            "This invitation link is not valid. Check you copied the whole link from the email."
        )
    status = invitation.status
    if status == "accepted":
        raise RoundtableError("This invitation was already used. Sign in with your email instead.")
    if status == "revoked":
        raise RoundtableError("This invitation was withdrawn. Ask your manager for a new one.")
    if status == "expired":
        raise RoundtableError("This invitation has expired. Ask your manager to send it again.")
    return invitation


def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """Create the invited person's account and put them in their team with their role.

    The invitation is claimed first so that one link makes one account, even when clicked twice.
    """
    invitation = invitation_for_token(token=token)
    if not full_name.strip():
        raise RoundtableError("Tell your colleagues your name.", field="full_name")
    now = timezone.now()
    try:
        with transaction.atomic():
            claimed = Invitation.objects.filter(
                id=invitation.id, accepted_at__isnull=True, revoked_at__isnull=True
            ).update(accepted_at=now)
            if claimed != 1:
                raise RoundtableError("This invitation was already used. Sign in instead.")
            person = User.objects.create_user(
                invitation.email,
                password,
                full_name=full_name.strip(),
                organisation=invitation.organisation,
                org_role=OrgRole.ADMIN if invitation.role == InviteRole.ADMIN else OrgRole.MEMBER,
                time_zone=invitation.invited_by.time_zone if invitation.invited_by else "UTC",
            )
            if invitation.team is not None:
                # An admin invited with a team runs that team.
                team_role = TeamRole.REP if invitation.role == InviteRole.REP else TeamRole.MANAGER
                Membership.objects.create(team=invitation.team, user=person, role=team_role)
            Invitation.objects.filter(id=invitation.id).update(accepted_by=person)
    except IntegrityError:
        raise RoundtableError(
            "An account with this email already exists. Sign in instead."
        ) from None
    return person


def organisation_privacy_update(
    *, organisation: Organisation, admins_see_team_work: bool, admins_see_coaching: bool
) -> Organisation:
    """Who beyond the team sees its co-development material, and beyond coach and rep a 1:1."""
    organisation.admins_see_team_work = admins_see_team_work
    organisation.admins_see_coaching = admins_see_coaching
    organisation.save(update_fields=["admins_see_team_work", "admins_see_coaching"])
    return organisation
