"""Who reads which kudos and stories, and who may mark a story for the team meeting."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from accounts.access import (
    id_or_404,
    managed_team_ids,
    organisation_id_of,
    team_member_ids,
    teammates,
)
from accounts.models import User
from recognition.models import Kudos, Story, Visibility


def stories_visible_q(*, user: User):

    return Q(organisation_id=organisation_id_of(user)) & (
        Q(visibility=Visibility.ORGANISATION) | Q(team_id__in=team_member_ids(user=user))
    )


def visible_kudos(*, user: User):
    """Kudos a person reads: those given or received by people they share a team with (and
    their own). Automatic and credit kudos never quote private text, so the feed can travel."""

    mates = teammates(user=user)
    # Received as a subquery on the recipients table: no join, so no DISTINCT over whole rows
    # (that sort was most of the kudos page's time at 5,000 kudos).
    received = Kudos.recipients.through.objects.filter(
        Q(user_id__in=mates) | Q(user_id=user.id)
    ).values("kudos_id")
    return Kudos.objects.filter(organisation_id=organisation_id_of(user)).filter(
        Q(id__in=received) | Q(giver_id__in=mates) | Q(giver_id=user.id)
    )


def access_story(*, user: User, story_id: int, write: bool = False):
    """A team story is its team's (the safe default); an organisation story is everyone's.
    Its author and the team's manager mark it for the team meeting."""

    story = (
        Story.objects.select_related("author", "team")
        .filter(stories_visible_q(user=user), id=id_or_404(story_id))
        .first()
    )
    if story is None:
        raise Http404("No such story")
    if write and story.author_id != user.id and story.team_id not in managed_team_ids(user=user):
        raise PermissionDenied("Only its author or the team's manager can do this.")
    return story
