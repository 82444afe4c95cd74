"""Live screens hear when their person's access changes (signals from accounts, below)."""

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Membership, User
from meetings.services import access_changed


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        # Sent before the session is flushed: name it, so its screens close without asking.
        access_changed(user_id=user.id, signed_out_session=request.session.session_key or "")


@receiver(post_delete, sender=Membership)
def _left_team(sender, instance, **kwargs):
    access_changed(user_id=instance.user_id)


@receiver(post_save, sender=User)
def _deactivated(sender, instance, update_fields=None, **kwargs):
    if not instance.is_active:
        access_changed(user_id=instance.id)
