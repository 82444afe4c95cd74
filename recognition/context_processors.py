from recognition.models import Notification


def unread(request) -> dict:
    """The bell's count, on every page of a signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organisation_id is None:
        return {}
    # Read after the view ran: the notifications page has just marked them read.
    return {"nav_unread": Notification.objects.filter(user=user, read_at__isnull=True).count()}
