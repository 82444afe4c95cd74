from django.db.models import Q, QuerySet

from accounts.models import User
from library.models import Clip, ClipState, Visibility
from roundtable.access import team_member_ids


def clips_visible_to(*, user: User) -> QuerySet[Clip]:
    return Clip.objects.filter(organisation_id=user.organisation_id).filter(
        Q(visibility=Visibility.ORGANISATION)
        | Q(team_id__in=team_member_ids(user=user))
        | Q(author=user)
    )


def clips_for_library(*, user: User, query: str = "", situation_id: int | None = None):
    """Ready clips the person may watch, newest first, plus their own clips still in progress.

    Interim search: words in the title, tags or transcript (full-text search comes next).
    """
    clips = (
        clips_visible_to(user=user)
        .filter(Q(state=ClipState.READY) | Q(author=user))
        .select_related("author", "situation", "team")
    )
    if situation_id:
        clips = clips.filter(situation_id=situation_id)
    for word in query.split():
        clips = clips.filter(
            Q(title__icontains=word) | Q(tags__icontains=word) | Q(transcript__text__icontains=word)
        )
    return clips.order_by("-created_at")
