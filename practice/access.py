"""Who may see and run challenges, and see takes (blind challenges hide the others' takes)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.access import id_or_404, managed_team_ids, organisation_id_of, team_member_ids
from accounts.models import User
from library.access import hide_clips, visible_clips
from practice.models import Challenge, Take


@hide_clips
def blind_takes_hidden_from(user: User):
    """Clip ids of other people's takes in blind challenges this person has yet to answer.

    Until you submit your own take, the others' are hidden everywhere: library, search, term
    pages, the playbook, the challenge board and reviews, also after the due date (a take can
    still come late, so waiting must not reveal the others). The team's managers always see
    them; the leader's example take is meant to be seen. (For one challenge: Challenge.blind_now.)
    """

    return (
        Take.objects.filter(
            challenge__blind=True,
            challenge__participants=user,
            is_example=False,
        )
        .exclude(author=user)
        .exclude(challenge__team_id__in=managed_team_ids(user=user))
        .exclude(challenge__takes__author=user)
        .values("clip_id")
    )


def visible_challenges(*, user: User):
    """Challenges (and role-plays, teach-backs) of the teams whose work this person sees."""
    return Challenge.objects.filter(
        organisation_id=organisation_id_of(user), team_id__in=team_member_ids(user=user)
    )


def may_change_challenge(*, user: User, challenge: Challenge) -> bool:
    """Who set a challenge, and its team's managers (and admins), edit and close it."""
    return challenge.created_by_id == user.id or challenge.team_id in managed_team_ids(user=user)


def access_challenge(*, user: User, challenge_id: int, manage: bool = False, change: bool = False):
    """A challenge is seen by its team (and admins); its team's manager runs it; who set it
    or the manager changes it (`may_change_challenge`)."""

    organisation_id = organisation_id_of(user)
    challenge = (
        Challenge.objects.select_related("team", "situation", "term", "prompt_clip")
        .filter(id=id_or_404(challenge_id), organisation_id=organisation_id)
        .first()
    )
    if challenge is None or challenge.team_id not in team_member_ids(user=user):
        raise Http404("No such challenge")
    if manage and challenge.team_id not in managed_team_ids(user=user):
        raise PermissionDenied("Only the team's manager or an organisation admin can do this.")
    if change and not may_change_challenge(user=user, challenge=challenge):
        raise PermissionDenied("Only who set this challenge or the team's manager can change it.")
    return challenge


def access_take(*, user: User, take_id: int):
    """A take is seen where its challenge is, and where its clip is (blind challenges hide the
    others' takes until you submit yours); the practice rules decide who may review it."""

    take = (
        Take.objects.select_related("challenge", "clip", "author")
        .filter(id=id_or_404(take_id))
        .first()
    )
    if take is None or not visible_clips(user=user).filter(id=take.clip_id).exists():
        raise Http404("No such take")
    access_challenge(user=user, challenge_id=take.challenge_id)
    return take
