from django_tasks import task

from accounts import services
from accounts.models import Invitation


@task()
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.filter(id=invitation_id)
        .select_related("organisation", "invited_by", "team")
        .first()
    )
    if invitation is not None:
        services.invitation_email_send(invitation=invitation)
