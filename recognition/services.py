"""Every write about kudos, stories and notifications."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Appreciation, Team, User
from recognition.models import Kudos, KudosFor, Notification, Reaction, Story, StoryComment
from roundtable.errors import RoundtableError

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


def notify(*, users, text: str, url: str = "") -> None:
    Notification.objects.bulk_create(
        [Notification(user=u, text=text[:300], url=url[:300]) for u in users]
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
    links = {KudosFor.CLIP: clip, KudosFor.STORY: story, KudosFor.ADVICE: contribution}
    if for_kind in links and links[for_kind] is None:
        raise RoundtableError("Link the clip, story or advice the kudos are for.", field="link")
    if for_kind not in KudosFor.values or for_kind == KudosFor.KPI:
        raise RoundtableError("Say what the kudos are for.", field="for_kind")
    with transaction.atomic():
        kudos = Kudos.objects.create(
            organisation_id=giver.organisation_id,
            giver=giver,
            message=message,
            for_kind=for_kind,
            clip=clip if for_kind == KudosFor.CLIP else None,
            story=story if for_kind == KudosFor.STORY else None,
            contribution=contribution if for_kind == KudosFor.ADVICE else None,
        )
        kudos.recipients.set(recipients)
        notify(
            users=recipients,
            text=f"{giver.full_name} gave you kudos: {message}",
            url=reverse("kudos_home"),
        )
    return kudos


def kpi_recognise(*, value_ids: list[int]) -> int:
    """Automatic kudos for each value that meets the rep's target for that period (once)."""
    from coaching.models import KpiTarget, KpiValue

    created = 0
    values = KpiValue.objects.filter(id__in=value_ids).select_related("kpi", "person")
    targets = {
        (t.kpi_id, t.person_id, t.period_start): t.value
        for t in KpiTarget.objects.filter(
            person_id__in={v.person_id for v in values}, kpi_id__in={v.kpi_id for v in values}
        )
    }
    done = set(
        Kudos.objects.filter(kpi_value_id__in=value_ids).values_list("kpi_value_id", flat=True)
    )
    for value in values:
        target = targets.get((value.kpi_id, value.person_id, value.period_start))
        if target is None or value.id in done or not value.kpi.met(value.value, target):
            continue
        kind = "result" if value.kpi.kind == "lagging" else "activity target"
        with transaction.atomic():
            kudos = Kudos.objects.create(
                organisation_id=value.kpi.organisation_id,
                message=(
                    f"{value.kpi.name}: {value.value:g} against a target of {target:g} — "
                    f"{kind} met."
                ),
                for_kind=KudosFor.KPI,
                kpi_value=value,
            )
            kudos.recipients.set([value.person])
            notify(
                users=[value.person], text=f"Target met: {kudos.message}", url=reverse("kudos_home")
            )
        created += 1
    return created


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
        if helpers:
            notify(
                users=helpers,
                text=f"{author.full_name} credited your help in “{story.title}”.",
                url=reverse("story_detail", args=[story.id]),
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
        )
    return comment


def story_for_meeting(*, story: Story, on: bool) -> None:
    story.for_team_meeting = on
    story.save(update_fields=["for_team_meeting"])


def agenda_send(*, team: Team, actor: User) -> int:
    """Email the generated agenda to the team's members; returns how many were sent."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    from recognition.selectors import meeting_agenda

    agenda = meeting_agenda(team=team)
    link = settings.SITE_URL + reverse("meeting_agenda", args=[team.id])
    text = render_to_string("recognition/agenda_email.txt", {**agenda, "link": link})
    emails = list(
        User.objects.filter(memberships__team=team, is_active=True).values_list("email", flat=True)
    )
    for email in emails:
        send_mail(
            subject=f"{team.name}: this week's sales meeting",
            message=text,
            from_email=None,
            recipient_list=[email],
        )
    return len(emails)
