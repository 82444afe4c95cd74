"""Recognition hears what happens in the apps below it (their signals) and answers: kudos for
credited advice, clips and targets met, and a word in the bell (and the morning digest) for
each step of the weekly loop. Connected in RecognitionConfig.ready()."""

from django.urls import reverse
from django.utils import timezone

from accounts.models import TeamRole, User
from accounts.timezones import local_date, spoken
from codev.models import CaseStatus
from meetings.services import present_ids
from recognition.models import NotificationKind
from recognition.services import credit_recognise, kpi_recognise, notify, slack_announce
from roundtable.links import absolute_url


def _when(moment, person: User) -> str:
    """A date and time as the person reads it: in their time zone."""
    return spoken(moment, person.time_zone)


def spoken_date(day, person: User, today=None) -> str:
    """ "Fri 4 Dec", with the year when it is not this one (in the person's time zone)."""
    text = f"{day:%a} {day.day} {day:%b}"
    this_year = (today or local_date(timezone.now(), person.time_zone)).year
    return text if day.year == this_year else f"{text} {day.year}"


def _team_when(moment, person: User | None) -> str:
    """A date and time for a whole team's channel: in the zone of who set it, named."""
    zone = (person.time_zone if person else "") or "UTC"
    return f"{spoken(moment, zone)} ({zone})"


def _slack(team_id: int, text: str, name: str, *args) -> None:
    """A step of the week in the team's Slack channel, when the team asked for them: that it
    happens and who takes part, with a link; never what a case or a conversation says."""
    slack_announce(teams=[team_id], text=f"{text} {absolute_url(name, *args)}", step=True)


def on_action_created(*, action, **kwargs) -> None:
    credit_recognise(action=action)
    said_by = action.contribution.author if action.contribution_id else None
    if said_by is not None and said_by.id != action.owner_id:
        # Someone else put it in the plan: its owner hears it is theirs, and by when.
        notify(
            users=[action.owner],
            text=f"{said_by.full_name} gave you an action in “{action.meeting.title}”: "
            f"“{action.what}”, by {spoken_date(action.due_on, action.owner)}.",
            url=reverse("meeting_live", args=[action.meeting_id]),
            kind=NotificationKind.COMMITMENT,
        )


def on_kpi_values_saved(*, value_ids, **kwargs) -> None:
    kpi_recognise(value_ids=value_ids)  # a target met is recognised automatically


def on_comment_added(*, comment, url, **kwargs) -> None:
    clip = comment.clip
    notify(
        users=[clip.author],
        text=f"{comment.author.full_name} commented on “{clip.title}”: {comment.text}",
        url=url,
        kind=NotificationKind.FEEDBACK,
    )


def on_take_featured(*, challenge, take, actor, **kwargs) -> None:
    notify(
        users=[take.author],
        text=f"{actor.full_name} picked your take on “{challenge.title}” as what good looks like.",
        url=reverse("challenge_detail", args=[challenge.id]),
        kind=NotificationKind.KUDOS,
    )


def on_case_submitted(*, case, **kwargs) -> None:
    managers = User.objects.filter(
        memberships__team_id=case.team_id, memberships__role=TeamRole.MANAGER, is_active=True
    ).exclude(id=case.author_id)
    notify(
        users=list(managers),
        text=f"{case.author.full_name} brought a case to {case.team.name}: “{case.title}”. "
        "It waits for your triage.",
        url=reverse("team_triage", args=[case.team_id]),
        kind=NotificationKind.CASE,
    )
    _slack(
        case.team_id,
        f"{case.author.full_name} brought a new case to {case.team.name}: it waits for triage.",
        "team_cases",
        case.team_id,
    )


NEXT_STEP = {
    CaseStatus.CODEV: "It goes to a co-development session, where the team works on it with you.",
    CaseStatus.COACHING: "{actor} takes it up with you in a 1:1: it is drafted and waits on "
    "their coaching page.",
    CaseStatus.CHALLENGE: "It becomes a challenge, so the whole team practises it.",
    CaseStatus.DECLINED: "It will not be worked on as it stands.",
}


def on_case_triaged(*, case, actor, **kwargs) -> None:
    if case.author_id == actor.id:
        return
    text = (
        f"{actor.full_name} triaged your case “{case.title}”: "
        f"{case.get_status_display().lower()}. "
        + NEXT_STEP.get(case.status, "").format(actor=actor.full_name)
    )
    if case.triage_reason:
        text += f" Why: {case.triage_reason}"
    notify(
        users=[case.author],
        text=text,
        url=reverse("case_detail", args=[case.id]),
        kind=NotificationKind.CASE,
    )


def on_case_followed_up(*, case, actor, **kwargs) -> None:
    """The outcome of a worked case reaches the team's managers (and the author, when a
    manager recorded it)."""
    managers = list(
        User.objects.filter(
            memberships__team_id=case.team_id, memberships__role=TeamRole.MANAGER, is_active=True
        ).exclude(id=actor.id)
    )
    people = managers + ([case.author] if case.author_id != actor.id else [])
    text = f"{case.author.full_name}'s case “{case.title}”: {case.get_outcome_display().lower()}."
    if case.outcome_note:
        text += f" {case.outcome_note}"
    notify(
        users=people,
        text=text,
        url=reverse("case_detail", args=[case.id]),
        kind=NotificationKind.CASE,
    )


def on_session_scheduled(*, session, **kwargs) -> None:
    presenter = session.presenter.full_name if session.presenter else "A presenter to be decided"
    about = f" on “{session.case.title}”" if session.case else ""
    url = reverse("session_detail", args=[session.id])
    members = User.objects.filter(memberships__team_id=session.team_id, is_active=True)
    for person in members:
        notify(
            users=[person],
            text=f"Co-development session {_when(session.scheduled_at, person)}: "
            f"{'you present' if person.id == session.presenter_id else presenter + ' presents'}"
            f"{about}.",
            url=url,
            kind=NotificationKind.SESSION,
        )
    _slack(
        session.team_id,
        f"Co-development session planned for "
        f"{_team_when(session.scheduled_at, session.facilitator)}: {presenter} presents.",
        "session_detail",
        session.id,
    )


def on_session_changed(*, session, actor, change, before=None, **kwargs) -> None:
    url = reverse("session_detail", args=[session.id])
    presenter = session.presenter.full_name if session.presenter else "someone to be decided"
    for person in User.objects.filter(memberships__team_id=session.team_id, is_active=True):
        if person.id == actor.id:
            continue
        if change == "moved":
            text = (
                f"{actor.full_name} moved the co-development session of "
                f"{_when(before, person)} to {_when(session.scheduled_at, person)}."
            )
        elif change == "cancelled":
            text = (
                f"{actor.full_name} cancelled the co-development session of "
                f"{_when(session.scheduled_at, person)}."
            )
        elif change == "closed":
            text = (
                f"{actor.full_name} closed the session opened by mistake: it is planned for "
                f"{_when(session.scheduled_at, person)}, nothing to join now."
            )
        else:
            who = "you present" if person.id == session.presenter_id else f"{presenter} presents"
            text = f"Co-development session {_when(session.scheduled_at, person)}: now {who}."
        notify(users=[person], text=text, url=url, kind=NotificationKind.SESSION)
    when = _team_when(session.scheduled_at, actor)
    team_text = {
        "moved": f"The co-development session of {_team_when(before, actor) if before else ''} "
        f"moves to {when}.",
        "cancelled": f"The co-development session of {when} is cancelled.",
        "closed": f"The co-development session opened by mistake is closed: it is on {when}.",
    }.get(change, f"Co-development session {when}: now {presenter} presents.")
    _slack(session.team_id, team_text, "session_detail", session.id)


def on_meeting_live(*, meeting, actor, **kwargs) -> None:
    if meeting.protocol_key == "codev":
        kind = NotificationKind.SESSION
    elif meeting.private:
        kind = NotificationKind.COACHING
    else:
        kind = NotificationKind.PRACTICE
    here = present_ids(meeting)  # those already in the room need no word
    others = [
        p.user
        for p in meeting.participants.select_related("user")
        if p.user_id != actor.id and p.user_id not in here
    ]
    notify(
        users=others,
        text=f"{actor.full_name} opened “{meeting.title}”: it is live, join now.",
        url=reverse("meeting_live", args=[meeting.id]),
        kind=kind,
    )
    if not meeting.private:
        what = {"codev": "The co-development session", "roleplay": "A role-play"}.get(
            meeting.protocol_key, "A deal clinic"
        )
        _slack(meeting.team_id, f"{what} is live now: join.", "meeting_live", meeting.id)


def on_one_on_one_written(*, one, **kwargs) -> None:
    notify(
        users=[one.rep],
        text=f"{one.coach.full_name} wrote up your 1:1: “{one.topic}”. "
        "Your action items are in it.",
        url=reverse("one_on_one_detail", args=[one.id]),
        kind=NotificationKind.COACHING,
    )


def on_challenge_assigned(*, challenge, actor, **kwargs) -> None:
    what = challenge.get_kind_display().lower()
    url = reverse("challenge_detail", args=[challenge.id])
    for person in challenge.participants.exclude(id=actor.id):
        notify(
            users=[person],
            text=f"{actor.full_name} set you a {what}: “{challenge.title}”, "
            f"due {_when(challenge.due_at, person)}.",
            url=url,
            kind=NotificationKind.PRACTICE,
        )
    _slack(
        challenge.team_id,
        f"{actor.full_name} set the team a {what}: “{challenge.title}”, due "
        f"{_team_when(challenge.due_at, actor)}.",
        "challenge_detail",
        challenge.id,
    )


def on_commitment_due(*, action, overdue, today, **kwargs) -> None:
    due = spoken_date(action.due_on, action.owner, today)
    text = (
        f"Overdue since {due}: “{action.what}”. Mark it done, or say what is in the way."
        if overdue
        else f"Due tomorrow: “{action.what}”."
    )
    notify(
        users=[action.owner],
        text=text,
        url=reverse("meeting_live", args=[action.meeting_id]),
        kind=NotificationKind.COMMITMENT,
    )


def on_challenge_due_soon(*, challenge, person, **kwargs) -> None:
    notify(
        users=[person],
        text=f"Your take on “{challenge.title}” is due {_when(challenge.due_at, person)}. "
        "Two minutes on your phone is enough.",
        url=reverse("challenge_detail", args=[challenge.id]),
        kind=NotificationKind.PRACTICE,
    )


def on_take_reviewed(*, take, reviewer, **kwargs) -> None:
    if take.author_id == reviewer.id:
        return
    notify(
        users=[take.author],
        text=f"{reviewer.full_name} reviewed your take on “{take.challenge.title}”.",
        url=reverse("challenge_detail", args=[take.challenge_id]) + f"#take-{take.id}",
        kind=NotificationKind.FEEDBACK,
    )


PLANNED_PART = {
    "seller": "you take a turn",
    "buyer": "you play the buyer",
    "observer": "you watch and give feedback",
    "client": "it is your deal",
    "consultant": "you question and advise",
}


def on_practice_planned(*, meeting, actor, **kwargs) -> None:
    """A role-play or deal clinic planned ahead: each person invited hears when and their part."""
    what = "role-play" if meeting.protocol_key == "roleplay" else "deal clinic"
    url = reverse("practice_record", args=[meeting.id])
    for participant in meeting.participants.select_related("user"):
        person = participant.user
        if person.id == actor.id:
            continue
        notify(
            users=[person],
            text=f"{actor.full_name} invited you to a {what} {_when(meeting.scheduled_at, person)}"
            f": {PLANNED_PART.get(participant.role, 'you take part')}.",
            url=url,
            kind=NotificationKind.PRACTICE,
        )
    _slack(
        meeting.team_id,
        f"A {what} is planned for {_team_when(meeting.scheduled_at, actor)}.",
        "practice_record",
        meeting.id,
    )
