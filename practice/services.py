"""Every write about challenges, teach-backs, takes and reviews."""

from datetime import datetime, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.access import managed_team_ids
from accounts.models import Membership, Team, User
from accounts.timezones import spoken
from language.feedback import classify_feedback
from library.models import Clip, ClipState
from meetings.models import Meeting, Role
from meetings.services import meeting_create
from meetings.signals import meeting_live
from practice.access import may_change_challenge
from practice.models import (
    Challenge,
    ChallengeKind,
    Criterion,
    Reminder,
    Review,
    ReviewerMode,
    Score,
    Take,
)
from practice.rubric import parse_rubric
from practice.signals import (
    challenge_assigned,
    challenge_due_soon,
    practice_planned,
    take_featured,
    take_reviewed,
)
from roundtable.errors import AbstractFeedback, RoundtableError
from roundtable.links import absolute_url
from roundtable.parsing import one_line

TEACHBACK_RUBRIC = (
    "Clear: I could follow it, 2\nAccurate: it matches our definition, 2\nA real example, 1"
)
REMIND_BEFORE = timedelta(hours=24)


def challenge_create(
    *,
    actor: User,
    team: Team,
    kind: str,
    title: str,
    prompt: str,
    rubric: str,
    due_at: datetime,
    participants: list[User],
    reviewer_mode: str,
    reviewers: list[User] = (),
    blind: bool = True,
    situation=None,
    term=None,
    prompt_clip: Clip | None = None,
    top_score: int = 4,
) -> Challenge:
    """A manager posts a challenge (or a teach-back of a vocabulary term) to their team."""
    if team.id not in managed_team_ids(user=actor):
        raise RoundtableError("Only the team's manager or an organisation admin posts challenges.")
    title = " ".join(title.split())
    if kind == ChallengeKind.TEACHBACK:
        if term is None:
            raise RoundtableError("Pick the term to teach back.", field="term")
        title = title or f"Teach back: {term.name}"
        prompt = prompt or (
            f"In two minutes and your own words, explain “{term.name}” to a new colleague, with "
            "an example from one of your deals."
        )
        rubric = rubric.strip() or TEACHBACK_RUBRIC
    if not title:
        raise RoundtableError("Give the challenge a title.", field="title")
    if not prompt.strip() and prompt_clip is None:
        raise RoundtableError("Write the prompt or pick a recorded one.", field="prompt")
    try:
        criteria = parse_rubric(rubric)
    except ValueError as error:
        raise RoundtableError(str(error), field="rubric") from error
    if due_at <= timezone.now():
        raise RoundtableError("Pick a due date in the future.", field="due_at")
    members = set(Membership.objects.filter(team=team).values_list("user_id", flat=True))
    chosen = [p for p in participants if p.id in members]
    if not chosen:
        raise RoundtableError("Pick at least one participant from the team.", field="participants")
    if reviewer_mode == ReviewerMode.NAMED and not reviewers:
        raise RoundtableError(
            "Name the peers who review, or let all participants review.", field="reviewers"
        )
    with transaction.atomic():
        challenge = Challenge.objects.create(
            organisation_id=team.organisation_id,
            team=team,
            kind=kind,
            title=title[:200],
            prompt=prompt.strip(),
            prompt_clip=prompt_clip,
            situation=situation,
            term=term,
            due_at=due_at,
            top_score=top_score,
            blind=blind,
            reviewer_mode=reviewer_mode,
            created_by=actor,
        )
        challenge.participants.set(chosen)
        challenge.reviewers.set([r for r in reviewers if r.id in members])
        Criterion.objects.bulk_create(
            Criterion(challenge=challenge, name=name, weight=weight, position=i)
            for i, (name, weight) in enumerate(criteria)
        )
        challenge_assigned.send(sender=Challenge, challenge=challenge, actor=actor)
    return challenge


def challenge_edit(
    *,
    challenge: Challenge,
    actor: User,
    title: str,
    prompt: str,
    due_at: datetime,
    reviewer_mode: str,
    reviewers: list[User] = (),
) -> Challenge:
    """Who set the challenge, or the team's manager, mends its title, prompt, due date and who
    reviews (named peers are the ones asked to review).

    A due date left as it was (to the minute) is kept; a new one must be in the future and gets
    its own reminder. A closed challenge is not changed any more. Written under the challenge's
    row lock, so a close at the same moment is either before (refused) or after (kept).
    """
    if not may_change_challenge(user=actor, challenge=challenge):
        raise RoundtableError("Only who set this challenge or the team's manager can change it.")
    title = " ".join(title.split())
    if not title:
        raise RoundtableError("Give the challenge a title.", field="title")
    prompt = prompt.strip()
    if not prompt and challenge.prompt_clip_id is None:
        raise RoundtableError("Write the prompt.", field="prompt")
    members = set(
        Membership.objects.filter(team_id=challenge.team_id).values_list("user_id", flat=True)
    )
    named = [r for r in reviewers if r.id in members]
    if reviewer_mode not in ReviewerMode.values:
        raise RoundtableError("Choose who reviews.", field="reviewer_mode")
    if reviewer_mode == ReviewerMode.NAMED and not named:
        raise RoundtableError(
            "Name the peers who review, or let all participants review.", field="reviewers"
        )
    with transaction.atomic():
        current = Challenge.objects.select_for_update().get(id=challenge.id)
        if current.closed_at is not None:
            raise RoundtableError("This challenge is closed: it cannot be changed any more.")
        moved = _to_the_minute(due_at) != _to_the_minute(current.due_at)
        if moved and due_at <= timezone.now():
            raise RoundtableError("Pick a due date in the future.", field="due_at")
        if moved:
            current.due_at = due_at
            Reminder.objects.filter(challenge=current).delete()  # reminded again before it
        current.title, current.prompt, current.reviewer_mode = title[:200], prompt, reviewer_mode
        current.save(update_fields=["title", "prompt", "due_at", "reviewer_mode"])
        current.reviewers.set(named)
    return current


def _to_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def challenge_close(*, challenge: Challenge, actor: User) -> Challenge:
    """Who set the challenge, or the team's manager, closes it: it takes no new take and leaves
    everyone's "takes due"; its takes and reviews stay. Claimed under the row lock take_submit
    also holds: of two closing it at once, one closes it and the other is told."""
    if not may_change_challenge(user=actor, challenge=challenge):
        raise RoundtableError("Only who set this challenge or the team's manager can close it.")
    with transaction.atomic():
        current = (
            Challenge.objects.select_for_update()
            .filter(id=challenge.id, closed_at__isnull=True)
            .first()
        )
        if current is None:
            raise RoundtableError("This challenge is already closed.")
        # Timed once the lock is held: a take that got in first was sent before this.
        current.closed_at = timezone.now()
        current.save(update_fields=["closed_at"])
    return current


def take_submit(*, challenge: Challenge, author: User, clip: Clip) -> Take:
    """Attach one of the author's clips as their take (once); the manager's is the example.
    Not to a closed challenge: the challenge's row is locked while the take is written, so a
    take and a close at the same moment never leave a take sent after the close."""
    if clip.author_id != author.id:
        raise RoundtableError("Submit a clip you recorded yourself.")
    if clip.state == ClipState.FAILED:
        raise RoundtableError("That clip could not be processed; record it again.")
    is_manager = challenge.team_id in managed_team_ids(user=author)
    if not is_manager and not challenge.participants.filter(id=author.id).exists():
        raise RoundtableError("You are not a participant in this challenge.")
    try:
        with transaction.atomic():
            still_open = list(
                Challenge.objects.select_for_update()
                .filter(id=challenge.id, closed_at__isnull=True)
                .values_list("id", flat=True)
            )
            if not still_open:
                raise RoundtableError("This challenge is closed: it takes no new takes.")
            take = Take.objects.create(
                challenge=challenge,
                author=author,
                clip=clip,
                is_example=is_manager and not challenge.participants.filter(id=author.id).exists(),
            )
    except IntegrityError as error:
        raise RoundtableError("You already submitted a take to this challenge.") from error
    if clip.situation_id is None and challenge.situation_id:
        Clip.objects.filter(id=clip.id).update(situation_id=challenge.situation_id)
    return take


def may_review(
    *,
    take: Take,
    user: User,
    participants: set[int] | None = None,
    reviewers: set[int] | None = None,
    answered: bool | None = None,
) -> bool:
    """Never one's own take; the manager always; then named peers or all participants.

    Pages listing many takes pass the participant and reviewer ids they already have.
    """
    challenge = take.challenge
    if take.author_id == user.id:
        return False
    if challenge.team_id in managed_team_ids(user=user):
        return True
    if participants is None:
        participants = set(challenge.participants.values_list("id", flat=True))
    if challenge.blind_now and user.id in participants:
        if answered is None:
            answered = challenge.takes.filter(author=user).exists()
        if not answered:
            return False  # a blind challenge: answer first, then see and review the others
    if challenge.reviewer_mode == ReviewerMode.NAMED:
        if reviewers is None:
            reviewers = set(challenge.reviewers.values_list("id", flat=True))
        return user.id in reviewers
    if challenge.reviewer_mode == ReviewerMode.PEERS:
        return user.id in participants
    return False


def review_save(
    *,
    take: Take,
    reviewer: User,
    scores: dict[int, int],
    comment: str,
    understood: str = "",
    post_anyway: bool = False,
) -> Review:
    """Score every criterion (partial credit, 0 to the top score) and say what you saw.

    Abstract feedback raises AbstractFeedback with a concrete alternative unless the reviewer
    chose to post it anyway. A second review by the same person replaces the first.
    """
    challenge = take.challenge
    if not may_review(take=take, user=reviewer):
        raise RoundtableError("You are not a reviewer of this take.")
    criteria = list(challenge.criteria.all())
    missing = [c.name for c in criteria if c.id not in scores]
    if missing:
        raise RoundtableError(f"Score every criterion: {', '.join(missing)}.", field="scores")
    if any(not 0 <= scores[c.id] <= challenge.top_score for c in criteria):
        raise RoundtableError(f"Scores go from 0 to {challenge.top_score}.", field="scores")
    comment = comment.strip()
    if comment and not post_anyway:
        verdict = classify_feedback(comment)
        if verdict.needs_nudge:
            raise AbstractFeedback(verdict, field="comment")
    with transaction.atomic():
        review, _ = Review.objects.update_or_create(
            take=take,
            reviewer=reviewer,
            defaults={"comment": comment, "understood": understood.strip()},
        )
        review.scores.all().delete()
        Score.objects.bulk_create(
            Score(review=review, criterion=c, value=scores[c.id]) for c in criteria
        )
        take_reviewed.send(sender=Review, review=review, take=take, reviewer=reviewer)
    return review


def challenge_feature(*, challenge: Challenge, actor: User, take: Take) -> Challenge:
    """The manager picks the best take: it becomes what good looks like; its author hears so."""
    if challenge.team_id not in managed_team_ids(user=actor):
        raise RoundtableError("Only the team's manager features a take.")
    if take.challenge_id != challenge.id:
        raise RoundtableError("That take belongs to another challenge.")
    with transaction.atomic():
        challenge.featured_take = take
        challenge.save(update_fields=["featured_take"])
        Clip.objects.filter(id=take.clip_id).update(featured_at=timezone.now())
        if take.author_id != actor.id:
            author_email = take.author.email
            take_featured.send(sender=Challenge, challenge=challenge, take=take, actor=actor)
            link = absolute_url("challenge_detail", challenge.id)
            transaction.on_commit(
                lambda: send_mail(
                    subject=one_line(f"Your take is what good looks like: {challenge.title}"),
                    message=(
                        f"{actor.full_name} picked your take on “{challenge.title}” as the "
                        f"team's example of what good looks like. It now leads the playbook"
                        f"{' for ' + challenge.situation.name if challenge.situation else ''}."
                        f"\n\n{link}\n"
                    ),
                    from_email=None,
                    recipient_list=[author_email],
                )
            )
    return challenge


def reminders_send(*, now: datetime | None = None) -> int:
    """Email participants who have not submitted when a due date is less than a day away.

    Each person is reminded once per challenge. Returns how many reminders went out.
    """
    now = now or timezone.now()
    sent = 0
    due_soon = Challenge.objects.filter(
        due_at__gt=now, due_at__lte=now + REMIND_BEFORE, closed_at__isnull=True
    )
    for challenge in due_soon.prefetch_related("participants"):
        submitted = set(challenge.takes.values_list("author_id", flat=True))
        reminded = set(
            Reminder.objects.filter(challenge=challenge).values_list("user_id", flat=True)
        )
        link = absolute_url("challenge_detail", challenge.id)
        for person in challenge.participants.all():
            if person.id in submitted or person.id in reminded or not person.is_active:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(challenge=challenge, user=person)
            except IntegrityError:
                continue  # another worker got there first
            send_mail(
                subject=one_line(f"Due soon: {challenge.title}"),
                message=(
                    f"Your take on “{challenge.title}” is due "
                    f"{spoken(challenge.due_at, person.time_zone)}. Two minutes on "
                    f"your phone is enough.\n\n{link}\n"
                ),
                from_email=None,
                recipient_list=[person.email],
            )
            challenge_due_soon.send(sender=Challenge, challenge=challenge, person=person)
            sent += 1
    return sent


def _when_valid(when: datetime | None) -> datetime | None:
    """A time planned ahead must be ahead; none means now."""
    if when is not None and when < timezone.now():
        raise RoundtableError(
            "Choose a time to come, or leave it empty to start now.", field="when"
        )
    return when


def _open_or_plan(meeting: Meeting, actor: User, when: datetime | None) -> Meeting:
    """Live now: everyone invited hears it is live. Planned: each hears their part and when."""
    if when is None:
        meeting_live.send(sender=Meeting, meeting=meeting, actor=actor)
    else:
        practice_planned.send(sender=Meeting, meeting=meeting, actor=actor)
    return meeting


def roleplay_start(
    *,
    actor: User,
    team: Team,
    situation: str,
    persona: str,
    objection: str,
    buyer: User,
    sellers: list[User],
    observers: list[User] = (),
    when: datetime | None = None,
):
    """Open a live role-play now, or plan it for `when`: the leader (who sets it up) plays
    first, then the chosen sellers in turn, each turn followed by a timed feedback round; the
    buyer plays the scenario card; the chosen observers watch and give feedback."""

    if team.id not in managed_team_ids(user=actor):
        raise RoundtableError("Only the team's manager or an organisation admin runs a role-play.")
    if not objection.strip():
        raise RoundtableError("Write the objection the buyer will raise.", field="objection")
    when = _when_valid(when)
    members = set(Membership.objects.filter(team=team).values_list("user_id", flat=True))
    if buyer.id not in members or buyer.id == actor.id:
        raise RoundtableError("Pick a teammate to play the buyer.", field="buyer")
    order = [actor] + [s for s in sellers if s.id not in (actor.id, buyer.id) and s.id in members]
    taken = {p.id for p in order} | {buyer.id}
    watching = [o for o in observers if o.id in members and o.id not in taken]
    brief = "\n".join(
        line
        for line in (
            f"Situation: {situation.strip()}" if situation.strip() else "",
            f"The buyer: {persona.strip()}" if persona.strip() else "",
            f"The objection to raise: {objection.strip()}",
        )
        if line
    )
    meeting = meeting_create(
        team=team,
        protocol_key="roleplay",
        title=f"Role-play: {objection.strip()[:80]}",
        facilitator=actor,
        roles={Role.SELLER: order, Role.BUYER: [buyer], Role.OBSERVER: watching},
        brief=brief,
        scheduled_at=when,
    )
    return _open_or_plan(meeting, actor, when)


def dealclinic_start(
    *,
    actor: User,
    team: Team,
    owner: User,
    deal: str,
    peers: list[User] = (),
    when: datetime | None = None,
):
    """Open a live deal clinic on one deal now, or plan it for `when`: the owner presents, the
    chosen peers question and advise, the owner commits; the commitments become action items
    that come back."""

    if team.id not in managed_team_ids(user=actor):
        raise RoundtableError("Only the team's manager or an organisation admin runs a clinic.")
    if not deal.strip():
        raise RoundtableError("Name the deal in a line: account, stage, amount.", field="deal")
    when = _when_valid(when)
    members = set(Membership.objects.filter(team=team).values_list("user_id", flat=True))
    if owner.id not in members:
        raise RoundtableError("Pick the deal's owner from the team.", field="owner")
    chosen = [p for p in peers if p.id in members and p.id not in (owner.id, actor.id)]
    if not chosen:
        raise RoundtableError("Choose at least one peer to question and advise.", field="peers")
    meeting = meeting_create(
        team=team,
        protocol_key="deal_clinic",
        title=f"Deal clinic: {deal.strip()[:120]}",
        facilitator=actor,
        roles={Role.CLIENT: [owner], Role.CONSULTANT: sorted(chosen, key=lambda p: p.full_name)},
        brief=f"The deal: {deal.strip()}\nOwner: {owner.full_name}",
        scheduled_at=when,
    )
    return _open_or_plan(meeting, actor, when)
