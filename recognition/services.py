"""Every write about kudos, stories and notifications."""

import json
import urllib.request
from urllib.parse import urlparse

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Appreciation, Team, User
from accounts.timezones import local_time
from coaching.models import KpiTarget, KpiValue
from language.feedback import abstract_or_none
from recognition.models import (
    Kudos,
    KudosFor,
    Notification,
    NotificationKind,
    NotificationSettings,
    Reaction,
    SlackHook,
    Story,
    StoryComment,
)
from recognition.selectors import meeting_agenda
from recognition.tasks import post_to_slack
from roundtable.errors import AbstractFeedback, RoundtableError
from roundtable.links import absolute_url
from roundtable.parsing import one_line

HINTS = {
    Appreciation.WORDS: "Words: say exactly what they did and what it changed, in public or in "
    "a note they can keep.",
    Appreciation.QUALITY_TIME: "Time: offer a coffee or 20 minutes of your time on their deal.",
    Appreciation.ACTS_OF_SERVICE: "Service: take something off their plate, like prepping a "
    "call or a proposal.",
    Appreciation.TANGIBLE_GIFTS: "A small thing: a book, a coffee voucher, something they'd "
    "pick themselves.",
}


def hint_for(person: User) -> str:
    """How this person likes to be appreciated, and what fits (Chapman & White)."""
    if not person.appreciation:
        return "They have not said how they like to be appreciated: specific words never hurt."
    hint = HINTS.get(person.appreciation, "")
    note = f" In their words: “{person.appreciation_note}”." if person.appreciation_note else ""
    return f"{person.get_appreciation_display()}. {hint}{note}"


def notify(
    *, users, text: str, url: str = "", kind: str = NotificationKind.OTHER
) -> list[Notification]:
    """A word in each person's bell (and their morning digest), unless they switched this kind
    of word off. Returns the notifications made."""
    people = {u.id: u for u in users if u is not None}
    muted = {
        row.user_id
        for row in NotificationSettings.objects.filter(user_id__in=people).only("user", "muted")
        if kind in (row.muted or [])
    }
    return Notification.objects.bulk_create(
        [
            Notification(user=u, kind=kind, text=text[:300], url=url[:300])
            for uid, u in people.items()
            if uid not in muted
        ]
    )


def kudos_give(
    *,
    giver: User,
    recipients: list[User],
    message: str,
    for_kind: str,
    clip=None,
    story=None,
    contribution=None,
    kpi_value=None,
    nudge: bool = False,
) -> Kudos:
    """Recognise one or several teammates for something named; never oneself."""
    recipients = [r for r in recipients if r.organisation_id == giver.organisation_id]
    if any(r.id == giver.id for r in recipients):
        raise RoundtableError("Kudos are for others: take yourself off the list.", field="to")
    if not recipients:
        raise RoundtableError("Pick who the kudos are for.", field="to")
    message = message.strip()
    if not message:
        raise RoundtableError("Say what they did and what it changed.", field="message")
    if for_kind not in KudosFor.values:
        raise RoundtableError("Say what the kudos are for.", field="for_kind")
    links = {
        KudosFor.CLIP: ("clip", clip),
        KudosFor.STORY: ("story", story),
        KudosFor.ADVICE: ("contribution", contribution),
        KudosFor.KPI: ("kpi_value", kpi_value),
    }
    if for_kind in links and links[for_kind][1] is None:
        field, _ = links[for_kind]
        what = {"contribution": "advice", "kpi_value": "achievement"}.get(field, field)
        raise RoundtableError(f"Pick the {what} the kudos are for.", field=field)
    if for_kind == KudosFor.KPI and kpi_value.person_id not in {r.id for r in recipients}:
        raise RoundtableError(
            f"Kudos for this achievement include {kpi_value.person.full_name}.", field="to"
        )
    makers = _makers(for_kind=for_kind, clip=clip, story=story, contribution=contribution)
    strangers = [r.full_name for r in recipients if makers is not None and r.id not in makers]
    if strangers:
        what = {KudosFor.CLIP: "clip", KudosFor.STORY: "story"}.get(for_kind, "advice")
        raise RoundtableError(
            f"{', '.join(strangers)} did not make this {what}: thank those who did, or pick "
            "“Something else”.",
            field="to",
        )
    verdict = abstract_or_none(message) if nudge and for_kind != KudosFor.KPI else None
    if verdict is not None:  # "Thanks" says little: which moment, what it did
        raise AbstractFeedback(verdict, field="message")
    with transaction.atomic():
        kudos = Kudos.objects.create(
            organisation_id=giver.organisation_id,
            giver=giver,
            message=message,
            for_kind=for_kind,
            clip=clip if for_kind == KudosFor.CLIP else None,
            story=story if for_kind == KudosFor.STORY else None,
            contribution=contribution if for_kind == KudosFor.ADVICE else None,
            kpi_value=kpi_value if for_kind == KudosFor.KPI else None,
        )
        kudos.recipients.set(recipients)
        notify(
            users=recipients,
            text=f"{giver.full_name} gave you kudos: {message}",
            url=reverse("kudos_home"),
            kind=NotificationKind.KUDOS,
        )
        names = ", ".join(r.full_name for r in recipients)
        slack_announce(
            teams=Team.objects.filter(memberships__user__in=recipients).distinct(),
            text=f":clap: {giver.full_name} → {names}: {message}",
        )
    return kudos


def _makers(*, for_kind: str, clip, story, contribution) -> set[int] | None:
    """Who made what kudos are for (None: anyone may be thanked, as for "something else")."""
    if for_kind == KudosFor.CLIP:
        return {clip.author_id}
    if for_kind == KudosFor.STORY:
        return {story.author_id, *story.credited.values_list("id", flat=True)}
    if for_kind == KudosFor.ADVICE:
        return {contribution.author_id}
    return None


def _period_words(start, period: str) -> str:
    """ "November 2026", "Q4 2026", "the week of 16 Nov 2026" """
    if period == "month":
        return f"{start:%B %Y}"
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return f"the week of {start.day} {start:%b %Y}"


def kpi_recognise(*, value_ids: list[int]) -> int:
    """Recognition follows the data: a value that meets the rep's target for its period gets
    its automatic kudos (once, naming the period); a value corrected below target loses it,
    with its word in the bell, and the person is told why. Returns the kudos given."""

    created = 0
    values = KpiValue.objects.filter(id__in=value_ids).select_related("kpi", "person")
    targets = {
        (t.kpi_id, t.person_id, t.period_start): t.value
        for t in KpiTarget.objects.filter(
            person_id__in={v.person_id for v in values}, kpi_id__in={v.kpi_id for v in values}
        )
    }
    given = {
        k.kpi_value_id: k
        for k in Kudos.objects.filter(kpi_value_id__in=value_ids, for_kind=KudosFor.KPI)
    }
    for value in values:
        target = targets.get((value.kpi_id, value.person_id, value.period_start))
        met = target is not None and value.kpi.met(value.value, target)
        kudos = given.get(value.id)
        when = _period_words(value.period_start, value.kpi.period)
        if kudos is not None and not met:
            with transaction.atomic():
                Notification.objects.filter(
                    user=value.person, text=f"Target met: {kudos.message}"[:300]
                ).delete()
                kudos.delete()  # its line in the feed, the agenda and the boards goes with it
                notify(
                    users=[value.person],
                    text=f"Corrected: {value.kpi.name}, {when}, is now {value.value:g}"
                    + (f" against a target of {target:g}" if target is not None else "")
                    + ". The “target met” recognition is withdrawn.",
                    url=reverse("person_kpis", args=[value.person_id]),
                    kind=NotificationKind.KUDOS,
                )
            continue
        if not met or kudos is not None:
            continue
        kind = "result" if value.kpi.kind == "lagging" else "activity target"
        with transaction.atomic():
            kudos = Kudos.objects.create(
                organisation_id=value.kpi.organisation_id,
                message=(
                    f"{value.kpi.name}, {when}: {value.value:g} against a target of "
                    f"{target:g} — {kind} met."
                ),
                for_kind=KudosFor.KPI,
                kpi_value=value,
            )
            kudos.recipients.set([value.person])
            notify(
                users=[value.person],
                text=f"Target met: {kudos.message}",
                url=reverse("kudos_home"),
                kind=NotificationKind.KUDOS,
            )
        created += 1
    return created


def credit_recognise(*, action) -> Kudos | None:
    """Automatic kudos when an action plan credits a colleague's advice or clip."""
    if action.credited_contribution is not None:
        recipient, for_kind, what = action.credited_contribution.author, KudosFor.ADVICE, "advice"
    elif action.credited_clip is not None:
        recipient, for_kind, what = action.credited_clip.author, KudosFor.CLIP, "clip"
    else:
        return None
    if recipient.id == action.owner_id:
        return None
    owner = action.owner
    with transaction.atomic():
        kudos = Kudos.objects.create(
            organisation_id=owner.organisation_id,
            giver=owner,
            # Kudos are read across teams and in the meeting agenda: the action itself (from a
            # team session or a private 1:1) stays where it was written; the link says what for.
            message=f"Credited your {what} in their action plan.",
            for_kind=for_kind,
            contribution=action.credited_contribution,
            clip=action.credited_clip,
            action=action,
        )
        kudos.recipients.set([recipient])
        notify(
            users=[recipient],
            text=f"{owner.full_name} credited your {what} in their action plan.",
            url=reverse("kudos_home"),
            kind=NotificationKind.KUDOS,
        )
    return kudos


def story_post(
    *,
    author: User,
    team: Team,
    kind: str,
    title: str,
    body: str,
    learned: str = "",
    visibility: str = "team",
    credited: list[User] = (),
    for_team_meeting: bool = False,
) -> Story:
    if not title.strip():
        raise RoundtableError("Give the story a title.", field="title")
    if not body.strip():
        raise RoundtableError("Tell what happened.", field="body")
    if not team.memberships.filter(user=author).exists():
        raise RoundtableError("Post to a team you are in.", field="team")
    with transaction.atomic():
        story = Story.objects.create(
            organisation_id=author.organisation_id,
            team=team,
            author=author,
            kind=kind,
            title=title.strip()[:160],
            body=body.strip(),
            learned=learned.strip(),
            visibility=visibility,
            for_team_meeting=for_team_meeting,
        )
        helpers = [c for c in credited if c.id != author.id]
        story.credited.set(helpers)
        label = "War story" if kind == "war" else "Success story"
        slack_announce(
            teams=[team],
            text=f"{label} from {author.full_name}: {story.title} "
            + absolute_url("story_detail", story.id),
        )
        if helpers:
            notify(
                users=helpers,
                text=f"{author.full_name} credited your help in “{story.title}”.",
                url=reverse("story_detail", args=[story.id]),
                kind=NotificationKind.KUDOS,
            )
    return story


def story_react(*, story: Story, user: User, on: bool) -> int:
    if on:
        try:
            with transaction.atomic():
                Reaction.objects.create(story=story, user=user)
        except IntegrityError:
            pass
    else:
        Reaction.objects.filter(story=story, user=user).delete()
    return story.reactions.count()


def story_comment(*, story: Story, author: User, text: str) -> StoryComment:
    text = text.strip()
    if not text:
        raise RoundtableError("Write something first.", field="text")
    comment = StoryComment.objects.create(story=story, author=author, text=text)
    if story.author_id != author.id:
        notify(
            users=[story.author],
            text=f"{author.full_name} commented on “{story.title}”.",
            url=reverse("story_detail", args=[story.id]),
            kind=NotificationKind.FEEDBACK,
        )
    return comment


def story_for_meeting(*, story: Story, on: bool) -> None:
    story.for_team_meeting = on
    story.save(update_fields=["for_team_meeting"])


def agenda_send(*, team: Team, actor: User) -> int:
    """Email the generated agenda to the team's members; returns how many were sent."""

    agenda = meeting_agenda(team=team)
    link = absolute_url("meeting_agenda", team.id)
    text = render_to_string("recognition/agenda_email.txt", {**agenda, "link": link})
    emails = list(
        User.objects.filter(memberships__team=team, is_active=True).values_list("email", flat=True)
    )
    for email in emails:
        send_mail(
            subject=one_line(f"{team.name}: this week's sales meeting"),
            message=text,
            from_email=None,
            recipient_list=[email],
        )
    return len(emails)


SLACK_HOSTS = ("hooks.slack.com",)


def slack_hook_set(*, team: Team, url: str, steps: bool = True) -> None:
    """Save (or, with an empty url, remove) the team's Slack incoming webhook, and whether the
    week's steps go there too."""

    url = url.strip()
    if not url:
        SlackHook.objects.filter(team=team).delete()
        return
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in SLACK_HOSTS:
        raise RoundtableError(
            "Paste the incoming webhook address Slack gives you: https://hooks.slack.com/…",
            field="url",
        )
    SlackHook.objects.update_or_create(team=team, defaults={"url": url, "steps": steps})


def slack_announce(*, teams, text: str, step: bool = False) -> None:
    """Queue a Slack post for each of these teams that has a webhook (on commit). A `step` of
    the weekly loop goes only where the team asked for the week's steps."""

    hooks = SlackHook.objects.filter(team__in=teams)
    if step:
        hooks = hooks.filter(steps=True)
    for team_id in hooks.values_list("team_id", flat=True):
        transaction.on_commit(
            lambda team_id=team_id: post_to_slack.enqueue(team_id=team_id, text=text)
        )


def slack_post(*, team_id: int, text: str) -> None:
    """POST the text to the team's webhook (the worker runs this; Slack is outside)."""

    hook = SlackHook.objects.filter(team_id=team_id).first()
    if hook is None:
        return
    # The address was checked on save: https://hooks.slack.com only.
    request = urllib.request.Request(  # noqa: S310
        hook.url,
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - https only
        response.read()


DIGEST_HOUR = 8  # the digest goes in the morning, 8 to noon, in each person's time zone
DIGEST_UNTIL = 12  # missed by then (the worker was down, a first start at night): tomorrow


def digest_send(*, now=None) -> int:
    """Each morning, email each person who wants it what came in since their last digest and is
    still unread. Returns how many emails went."""

    now = now or timezone.now()
    sent = 0
    people = (
        # Both conditions on the same join: people with at least one unread notification.
        User.objects.filter(
            is_active=True, notifications__isnull=False, notifications__read_at__isnull=True
        )
        .distinct()
        .select_related("notification_settings")
    )
    for person in people:
        local = local_time(now, person.time_zone)
        if not DIGEST_HOUR <= local.hour < DIGEST_UNTIL:
            continue
        settings_row, _ = NotificationSettings.objects.get_or_create(user=person)
        if not settings_row.daily_digest or settings_row.last_digest_on == local.date():
            continue
        claimed = (
            NotificationSettings.objects.filter(id=settings_row.id)
            .exclude(last_digest_on=local.date())
            .update(last_digest_on=local.date(), last_digest_at=now)
        )
        if not claimed:
            continue  # another worker sent it
        unread = person.notifications.filter(read_at__isnull=True, created_at__lte=now)
        if settings_row.last_digest_at is not None:
            unread = unread.filter(created_at__gt=settings_row.last_digest_at)
        unread = list(unread[:30])
        if not unread:
            continue
        lines = "\n".join(f"- {n.text}" for n in unread)
        send_mail(
            subject=one_line(f"Roundtable: {len(unread)} new for you"),
            message=f"{lines}\n\nSee them all: {absolute_url('notifications')}\n"
            "Turn this email off on that page.",
            from_email=None,
            recipient_list=[person.email],
        )
        sent += 1
    return sent
