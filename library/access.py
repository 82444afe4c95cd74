"""Who may watch or change clips and uploads.

Apps above the library hide clips of their own from some people (practice: other people's takes
in a blind challenge until you submit yours); they register a rule with `hide_clips`, so the
library never imports them and every list, search and count of clips honours the rule.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.access import id_or_404, organisation_id_of, team_member_ids
from accounts.models import User
from library.models import Clip, ClipState, Comment, Upload, Visibility

# Feedback can be mended (a typo, a wrong word) for a while; after that it stands as posted.
COMMENT_CHANGE_MINUTES = 15

HIDDEN_CLIP_RULES: list[Callable[[User], QuerySet]] = []


def hide_clips(rule: Callable[[User], QuerySet]) -> Callable[[User], QuerySet]:
    """Register a rule giving the clip ids (a `values("clip_id")` queryset) hidden from a
    person; used as a decorator in an app's access module, loaded by its AppConfig.ready()."""
    HIDDEN_CLIP_RULES.append(rule)
    return rule


def visible_clips(*, user: User):
    """Every clip this person may watch: the organisation's shared clips, their teams' clips and
    their own, minus what the registered rules hide from them (other people's takes in blind
    challenges they have not answered yet)."""
    clips = Clip.objects.filter(organisation_id=organisation_id_of(user)).filter(
        Q(visibility=Visibility.ORGANISATION)
        | Q(team_id__in=team_member_ids(user=user))
        | Q(author=user)
    )
    for rule in HIDDEN_CLIP_RULES:
        clips = clips.exclude(id__in=rule(user))
    return clips


def creditable_clips(*, owner: User, writer: User | None = None):
    """Ready clips an action plan of `owner` may credit: those the owner (and the writer) may
    watch."""
    clips = visible_clips(user=owner).filter(state=ClipState.READY)
    if writer is not None and writer.id != owner.id:
        clips = clips.filter(id__in=visible_clips(user=writer).values("id"))
    return clips


def access_clip(*, user: User, clip_id: int, write: bool = False):
    """A clip is seen by its team, or by the whole organisation when shared so; its author
    edits it (title, tags, who can watch, the transcript) and deletes it, nobody else."""
    clip = (
        visible_clips(user=user)
        .select_related("author", "team", "situation")
        .filter(id=id_or_404(clip_id))
        .first()
    )
    if clip is None:
        raise Http404("No such clip")
    if write and clip.author_id != user.id:
        raise PermissionDenied("Only the author can change this clip.")
    return clip


def access_comment(*, user: User, comment_id: int, write: bool = False) -> Comment:
    """Feedback is seen where its clip is; only its author changes it, and only for a while
    after posting (`changeable_comments`)."""
    comment = (
        Comment.objects.select_related("clip__author", "clip__team", "clip__situation")
        .filter(id=id_or_404(comment_id), clip__in=visible_clips(user=user))
        .first()
    )
    if comment is None:
        raise Http404("No such comment")
    if write and comment.author_id != user.id:
        raise PermissionDenied("Only its author can change this feedback.")
    return comment


def _comment_change_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(minutes=COMMENT_CHANGE_MINUTES)


def comment_changeable(*, comment: Comment, user: User, now: datetime | None = None) -> bool:
    """Whether this person may still edit or delete this comment (the page's buttons)."""
    return comment.author_id == user.id and comment.created_at > _comment_change_since(now)


def changeable_comments(*, user: User):
    """The comments this person may still edit or delete: their own, posted in the last
    COMMENT_CHANGE_MINUTES. Services change a comment through this queryset, so the window is
    checked in the same statement that writes."""
    return Comment.objects.filter(author=user, created_at__gt=_comment_change_since())


def access_upload(*, user: User, upload_id: int):
    """An upload in progress belongs to the person sending it, and to nobody else."""

    organisation_id_of(user)
    upload = Upload.objects.filter(id=id_or_404(upload_id), user=user).first()
    if upload is None:
        raise Http404("No such upload")
    return upload
