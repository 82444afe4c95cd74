"""Every write about KPIs, targets and values."""

import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.access import manageable_people
from accounts.models import Organisation, Team, User
from coaching import kpi_import, patterns, solution
from coaching.access import team_coached
from coaching.models import (
    DEFAULT_SKILLS,
    ApiToken,
    CoachingType,
    DevGoal,
    ImportMapping,
    Kpi,
    KpiTarget,
    KpiValue,
    ManagerRating,
    Observation,
    OneOnOne,
    OneOnOneDraft,
    SelfAssessment,
    Skill,
    SolutionChart,
)
from coaching.numbers import FORMATS
from coaching.periods import parse_period
from coaching.signals import kpi_values_saved, one_on_one_draft_held, one_on_one_written
from language.feedback import abstract_or_none
from meetings.models import Contribution, ContributionKind, Meeting, Role
from meetings.services import (
    action_create,
    broadcast,
    meeting_create,
    meeting_record_written,
)
from meetings.signals import meeting_live
from protocols.definitions import COACHING_PROTOCOLS
from roundtable.errors import AbstractFeedback, RoundtableError


def kpi_save(*, organisation: Organisation, kpi: Kpi | None = None, **values) -> Kpi:
    name = " ".join(values.get("name", "").split())
    if not name:
        raise RoundtableError("Name the KPI.", field="name")
    clash = Kpi.objects.filter(organisation=organisation, name__iexact=name)
    if kpi is not None:
        clash = clash.exclude(id=kpi.id)
    if clash.exists():
        raise RoundtableError(f"There is already a KPI called “{name}”.", field="name")
    kpi = kpi or Kpi(organisation=organisation)
    kpi.name = name
    for key in ("unit", "period", "direction", "kind", "combine"):
        setattr(kpi, key, values[key])
    kpi.save()
    return kpi


def target_set(
    *, kpi: Kpi, period: str, value: float, person: User | None = None, team: Team | None = None
) -> KpiTarget:
    if (person is None) == (team is None):
        raise RoundtableError("A target is for one rep or one team.")
    try:
        start = parse_period(period, kpi.period)
    except ValueError as error:
        raise RoundtableError(str(error), field="period") from error
    target, _ = KpiTarget.objects.update_or_create(
        kpi=kpi, person=person, team=team, period_start=start, defaults={"value": value}
    )
    if person is not None:  # a target moved: recognition follows (given or withdrawn)
        ids = list(
            KpiValue.objects.filter(kpi=kpi, person=person, period_start=start).values_list(
                "id", flat=True
            )
        )
        if ids:
            kpi_values_saved.send(sender=KpiValue, value_ids=ids)
    return target


def lookups(organisation: Organisation, *, importer: User | None = None) -> kpi_import.Lookups:
    """People by email (only those the importer may manage; an API token, the organisation's,
    manages everyone), KPIs by lower-case name, and how the organisation writes numbers."""
    everyone = User.objects.filter(organisation=organisation)
    allowed = manageable_people(user=importer) if importer is not None else everyone
    allowed_ids = set(allowed.values_list("id", flat=True))
    people, outside = {}, set()
    for pk, email, name in everyone.values_list("id", "email", "full_name"):
        if pk in allowed_ids:
            people[email.lower()] = (pk, name)
        else:
            outside.add(email.lower())
    kpis = {
        lower: (pk, name, period)
        for pk, name, period, lower in Kpi.objects.filter(organisation=organisation)
        .annotate(lower=Lower("name"))
        .values_list("id", "name", "period", "lower")
    }
    return kpi_import.Lookups(
        people=people,
        kpis=kpis,
        outside=frozenset(outside),
        number_format=organisation.number_format,
        day_first=organisation.day_first,
    )


@dataclass
class Preview:
    """What an import would change: each row new, replacing a value (old -> new) or the same."""

    parsed: kpi_import.Parsed
    new: list = field(default_factory=list)
    replaced: list = field(default_factory=list)  # (row, old value, who set it)
    unchanged: list = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.new) + len(self.replaced)

    @property
    def jumps(self) -> list:
        """Replacements ten times larger or smaller than the value they replace: a unit or a
        thousands separator read wrong more often than a real change. Shown, never refused."""
        return [
            (row, old, who)
            for row, old, who in self.replaced
            if old and row.value and not 0.1 < row.value / old < 10
        ]


def values_check(
    *, importer: User | None, organisation: Organisation, records: list[dict], mapping
) -> Preview:
    """Every row read and checked through the mapping, and compared with what is stored:
    nothing is saved. Only people the importer may manage are accepted (a token: everyone)."""
    found = lookups(organisation, importer=importer)
    parsed = kpi_import.check(
        records,
        people=found.people,
        kpis=found.kpis,
        outside=found.outside,
        mapping=mapping,
        number_format=found.number_format,
        day_first=found.day_first,
    )
    preview = Preview(parsed=parsed)
    if not parsed.rows:
        return preview
    stored = {
        (v.person_id, v.kpi_id, v.period_start): v
        for v in KpiValue.objects.filter(
            person_id__in={r.person_id for r in parsed.rows},
            kpi_id__in={r.kpi_id for r in parsed.rows},
            period_start__in={r.period_start for r in parsed.rows},
        ).select_related("set_by")
    }
    for row in parsed.rows:
        old = stored.get((row.person_id, row.kpi_id, row.period_start))
        if old is None:
            preview.new.append(row)
        elif abs(old.value - row.value) < 1e-9:
            preview.unchanged.append(row)
        else:
            preview.replaced.append((row, old.value, old.set_by.full_name if old.set_by else ""))
    return preview


def values_check_csv(*, importer: User, data: bytes, mapping=None) -> kpi_import.Parsed:
    """A file's rows checked (the plain layout unless a mapping says otherwise)."""
    return values_preview_csv(importer=importer, data=data, mapping=mapping)[0].parsed


def values_preview_csv(*, importer: User, data: bytes, mapping=None) -> tuple[Preview, list[str]]:
    """The preview of a file (its columns too, to map them); nothing saved."""
    headers, records, problems = kpi_import.read_table(data)
    if problems:
        parsed = kpi_import.Parsed(
            rejected=[kpi_import.Rejected(line, {}, reason) for line, reason in problems],
            headers=headers,
        )
        return Preview(parsed=parsed), headers
    mapping = mapping or kpi_import.PLAIN
    problem = mapping.problem(headers)
    if problem:
        parsed = kpi_import.Parsed(rejected=[kpi_import.Rejected(1, {}, problem)], headers=headers)
        return Preview(parsed=parsed), headers
    preview = values_check(
        importer=importer, organisation=importer.organisation, records=records, mapping=mapping
    )
    preview.parsed.headers = headers
    return preview, headers


def values_import(
    *,
    parsed: kpi_import.Parsed,
    source: str,
    set_by: User | None = None,
    detail: str = "",
    valid_only: bool = False,
) -> int:
    """Save the checked values, each with who set it, when and from where. All or nothing
    unless `valid_only`: then the valid rows go in and the others stay out. A value that is
    already the same keeps its history. Returns the number of values saved."""
    if not parsed.rows or (parsed.errors and not valid_only):
        raise RoundtableError("Nothing was imported: fix the rows listed and try again.")
    now = timezone.now()
    with transaction.atomic():
        ids = []
        stored = {
            (v.person_id, v.kpi_id, v.period_start): v
            for v in KpiValue.objects.select_for_update().filter(
                person_id__in={r.person_id for r in parsed.rows},
                kpi_id__in={r.kpi_id for r in parsed.rows},
                period_start__in={r.period_start for r in parsed.rows},
            )
        }
        for row in parsed.rows:
            old = stored.get((row.person_id, row.kpi_id, row.period_start))
            if old is not None and abs(old.value - row.value) < 1e-9:
                continue
            value, _ = KpiValue.objects.update_or_create(
                kpi_id=row.kpi_id,
                person_id=row.person_id,
                period_start=row.period_start,
                defaults={
                    "value": row.value,
                    "source": source,
                    "set_by": set_by,
                    "source_detail": detail[:200],
                    "updated_at": now,
                },
            )
            ids.append(value.id)
        if ids:
            kpi_values_saved.send(sender=KpiValue, value_ids=ids)
    return len(ids)


def import_mappings(*, organisation: Organisation) -> list[tuple[str, str, kpi_import.Mapping]]:
    """(key, name, mapping): the organisation's saved layouts first, then the known exports."""
    saved = [
        (f"saved:{m.id}", m.name, kpi_import.Mapping.from_dict(m.mapping))
        for m in ImportMapping.objects.filter(organisation=organisation)
    ]
    return saved + [(p.key, p.name, p.mapping) for p in kpi_import.PRESETS]


def import_mapping_save(
    *, organisation: Organisation, name: str, mapping: kpi_import.Mapping, actor: User
) -> ImportMapping:
    """Keep a layout under a name (the same name again replaces it)."""
    name = " ".join(name.split())[:80]
    if not name:
        raise RoundtableError("Give the layout a name.", field="save_as")
    existing = ImportMapping.objects.filter(organisation=organisation, name__iexact=name).first()
    if existing is not None:
        existing.mapping = mapping.to_dict()
        existing.save(update_fields=["mapping"])
        return existing
    return ImportMapping.objects.create(
        organisation=organisation, name=name, mapping=mapping.to_dict(), created_by=actor
    )


def number_format_set(*, organisation: Organisation, number_format: str, day_first: bool) -> None:
    if number_format not in FORMATS:
        raise RoundtableError("Choose one of the formats listed.", field="number_format")
    organisation.number_format, organisation.day_first = number_format, day_first
    organisation.save(update_fields=["number_format", "day_first"])


def token_create(*, organisation: Organisation, name: str, actor: User) -> tuple[ApiToken, str]:
    """A new API token; the secret is shown once and only its hash is kept."""
    name = (" ".join(name.split()) or "KPI sync")[:80]
    secret = "rt_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name, digest=ApiToken.digest_of(secret), created_by=actor
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> None:
    token.delete()


def token_for(secret: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(digest=ApiToken.digest_of(secret))
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(id=token.id).update(last_used_at=timezone.now())
    return token


FEEDBACK_PHASES = {"review"}  # where a written 1:1's notes are feedback to the rep


def one_on_one_start(
    *,
    coach: User,
    rep: User,
    protocol_key: str,
    coaching_type: str,
    topic: str,
    mode: str = "live",
    clip=None,
    written: dict[str, str] | None = None,
    actions: list[dict] | None = None,
    draft: OneOnOneDraft | None = None,
    duration_minutes: int | None = None,
    nudge: bool = False,
    chart: dict | None = None,
):
    """Open a 1:1 (live: the runner starts; written: the notes and actions are saved at once).

    `chart` (written): a gap walked through the solution chart in "explore options", as
    `solution_record` takes it; recorded with the 1:1 or, when incomplete, nothing is.

    From a `draft` (decided at triage): its situation is the brief above the clock, and the
    draft is claimed, so two taps or two tabs hold it once.

    Private to the coach and the rep. Steps: check the pair, create the private meeting, and
    for a written 1:1 record each phase's note and the action items, then close it.
    """

    protocols = {p.key: p for p in COACHING_PROTOCOLS}
    if protocol_key not in protocols:
        raise RoundtableError(
            "Pick GROW, SLED, field training or field coaching.", field="protocol"
        )
    shared = team_coached(coach=coach, rep=rep)
    if shared is None:
        raise RoundtableError("You coach the reps of the teams you manage.", field="rep")
    topic = " ".join(topic.split())
    if not topic:
        raise RoundtableError("Say what the conversation is about.", field="topic")
    if duration_minutes is not None and not 1 <= duration_minutes <= 480:
        raise RoundtableError("Say how long it took: 1 to 480 minutes.", field="duration")
    protocol = protocols[protocol_key]
    with transaction.atomic():
        meeting = meeting_create(
            team=shared,
            protocol_key=protocol_key,
            title=f"{protocol.title} 1:1 with {rep.full_name}: {topic}"[:200],
            facilitator=coach,
            roles={Role.FACILITATOR: [coach], Role.CLIENT: [rep]},
        )
        brief = draft.situation if draft is not None else ""
        Meeting.objects.filter(id=meeting.id).update(private=True, brief=brief)
        meeting.private, meeting.brief = True, brief
        one = OneOnOne.objects.create(
            organisation_id=coach.organisation_id,
            coach=coach,
            rep=rep,
            protocol_key=protocol_key,
            coaching_type=coaching_type,
            topic=topic,
            clip=clip,
            mode=mode,
            meeting=meeting,
            duration_minutes=duration_minutes if mode == "written" else None,
        )
        if draft is not None:
            claimed = OneOnOneDraft.objects.filter(
                id=draft.id, coach=coach, one__isnull=True, dropped_at__isnull=True
            ).update(one=one)
            if not claimed:
                raise RoundtableError(
                    "This drafted 1:1 was already held or dropped: it is in your conversations."
                )
            draft.one = one
            one_on_one_draft_held.send(sender=OneOnOneDraft, draft=draft, one=one)
        if mode == "written":
            notes = {k: v.strip() for k, v in (written or {}).items() if v and v.strip()}
            for phase in protocol.phases:
                # The coach's feedback after watching the rep (a review phase): the one nudge.
                verdict = abstract_or_none(notes.get(phase.key, "")) if nudge else None
                if phase.key in FEEDBACK_PHASES and verdict is not None:
                    raise AbstractFeedback(verdict, field=f"note_{phase.key}", where=phase.title)
            for n, item in enumerate(actions or [], 1):
                rest = (item.get("success", "").strip(), item.get("due_on"), item.get("credit"))
                if not item.get("what", "").strip() and any(rest):
                    raise RoundtableError(f"Item {n}: say what the action is, or clear the item.")
            items = [a for a in actions or [] if a.get("what", "").strip()]
            if not notes and not items:
                raise RoundtableError("Write at least one phase's notes or an action item.")
            for phase in protocol.phases:
                if phase.key in notes:
                    Contribution.objects.create(
                        meeting=meeting,
                        author=coach,
                        kind=ContributionKind.NOTE,
                        phase_key=phase.key,
                        text=notes[phase.key],
                    )
            for n, item in enumerate(actions or [], 1):
                if not item.get("what", "").strip():
                    continue
                owner = rep if item.get("owner") != "coach" else coach
                try:
                    action_create(
                        meeting=meeting,
                        owner=owner,
                        what=item["what"],
                        due_on=item.get("due_on"),
                        success=item.get("success", ""),
                        credit=item.get("credit", ""),
                        writer=coach,
                    )
                except RoundtableError as error:  # say which item, as the form shows three
                    message = error.message[0].lower() + error.message[1:]
                    raise RoundtableError(f"Item {n}: {message}", field=error.field) from error
            if chart is not None:
                solution_record(coach=coach, rep=rep, **chart, one_on_one=one)
            meeting_record_written(meeting=meeting)
            one_on_one_written.send(sender=OneOnOne, one=one)
        else:
            meeting_live.send(sender=Meeting, meeting=meeting, actor=coach)
    return one


def one_on_one_draft(
    *,
    coach: User,
    rep: User,
    topic: str,
    situation: str = "",
    protocol_key: str = "grow",
    coaching_type: str = CoachingType.DEVELOPMENTAL,
    origin: str = "",
    origin_url: str = "",
) -> OneOnOneDraft:
    """A 1:1 decided now and held later: it waits on the coach's coaching page."""
    if team_coached(coach=coach, rep=rep) is None:
        raise RoundtableError("You coach the reps of the teams you manage.")
    return OneOnOneDraft.objects.create(
        organisation_id=coach.organisation_id,
        coach=coach,
        rep=rep,
        protocol_key=protocol_key,
        coaching_type=coaching_type,
        topic=" ".join(topic.split())[:200],
        situation=situation.strip(),
        origin=origin[:200],
        origin_url=origin_url[:200],
    )


def one_on_one_draft_drop(*, draft: OneOnOneDraft) -> None:
    """The coach decides not to hold it after all (claimed: it may be held meanwhile)."""
    claimed = OneOnOneDraft.objects.filter(
        id=draft.id, one__isnull=True, dropped_at__isnull=True
    ).update(dropped_at=timezone.now())
    if not claimed:
        raise RoundtableError("This drafted 1:1 was already held or dropped.")


def solution_record(
    *,
    coach: User,
    rep: User,
    gap: str,
    answers: dict[str, bool],
    chosen: str = "",
    kpi=None,
    one_on_one=None,
):
    """Record a gap's walk through the solution chart; the coach may choose another fix.
    `one_on_one`: the conversation it was walked in (its record shows it)."""

    if team_coached(coach=coach, rep=rep) is None:
        raise RoundtableError("You work through gaps with the reps of the teams you manage.")
    gap = " ".join(gap.split())
    if not gap:
        raise RoundtableError("Name the gap: what is short, against what.", field="gap")
    missing = solution.still_to_ask(answers)
    if missing is not None:
        raise RoundtableError(
            f"The chart needs one more answer before it recommends: "
            f"{solution.QUESTION_TEXT[missing]}",
            field=missing,
        )
    recommendation = solution.recommend(answers)
    chosen = chosen or recommendation.option
    if one_on_one is not None and one_on_one.mode == "live":
        broadcast(one_on_one.meeting_id)  # the rep's screen shows the gap worked through
    if chosen not in solution.OPTIONS:
        raise RoundtableError("Pick one of the fixes.", field="chosen")
    return SolutionChart.objects.create(
        organisation_id=coach.organisation_id,
        coach=coach,
        rep=rep,
        kpi=kpi,
        gap=gap[:300],
        answers=answers,
        recommended=recommendation.option,
        chosen=chosen,
        one_on_one=one_on_one,
    )


def skills_create_defaults(*, organisation: Organisation) -> None:
    """A new organisation starts from a sensible list of skills; the team edits it."""

    Skill.objects.bulk_create(
        [
            Skill(organisation=organisation, name=n, position=i)
            for i, n in enumerate(DEFAULT_SKILLS)
        ],
        ignore_conflicts=True,
    )


def skills_for(*, organisation: Organisation):

    return Skill.objects.filter(organisation=organisation)


def observation_log(
    *,
    manager: User,
    rep: User,
    skill,
    situation: str,
    behaviour: str,
    clip=None,
    at_seconds: float | None = None,
    nudge: bool = False,
):
    """Log what was seen; with `nudge` (typed in a form), checked for concreteness first.
    Returns the observation, how many on this skill in 90 days, and whether they now make a
    pattern (coaching.patterns: the one rule)."""

    if nudge and (verdict := abstract_or_none(behaviour)) is not None:
        raise AbstractFeedback(verdict, field="behaviour")
    if team_coached(coach=manager, rep=rep) is None:
        raise RoundtableError("You log observations for the reps of the teams you manage.")
    if not situation.strip():
        raise RoundtableError("Say where it happened (the call, the meeting).", field="situation")
    if not behaviour.strip():
        raise RoundtableError("Describe what you saw or heard.", field="behaviour")
    observation = Observation.objects.create(
        organisation_id=manager.organisation_id,
        manager=manager,
        rep=rep,
        skill=skill,
        situation=situation.strip()[:300],
        behaviour=behaviour.strip(),
        clip=clip,
        at_seconds=at_seconds,
    )
    now = timezone.now()
    seen = list(
        Observation.objects.filter(
            rep=rep, skill=skill, created_at__gte=now - patterns.window()
        ).values_list("created_at", "situation")
    )
    return observation, len(seen), patterns.is_pattern(seen, now)


def manager_rate(*, manager: User, rep: User, levels: dict[int, int]) -> int:
    """A coach rates the rep's skills (1-5) beside the rep's own ratings. Returns how many."""
    if team_coached(coach=manager, rep=rep) is None:
        raise RoundtableError("You rate the reps of the teams you manage.")
    skills = set(
        Skill.objects.filter(organisation_id=rep.organisation_id).values_list("id", flat=True)
    )
    saved = 0
    for skill_id, level in levels.items():
        if skill_id in skills and 1 <= level <= 5:
            ManagerRating.objects.update_or_create(
                rep=rep,
                skill_id=skill_id,
                manager=manager,
                defaults={"level": level, "updated_at": timezone.now()},
            )
            saved += 1
    return saved


def self_assess(*, rep: User, levels: dict[int, int]) -> int:
    """The rep rates themselves 1-5 on each skill (their own plan: only they change it)."""

    skills = set(
        Skill.objects.filter(organisation_id=rep.organisation_id).values_list("id", flat=True)
    )
    saved = 0
    for skill_id, level in levels.items():
        if skill_id in skills and 1 <= level <= 5:
            SelfAssessment.objects.update_or_create(
                rep=rep, skill_id=skill_id, defaults={"level": level, "updated_at": timezone.now()}
            )
            saved += 1
    return saved


def goal_add(*, rep: User, actor: User, text: str, due_on=None):

    text = " ".join(text.split())
    if not text:
        raise RoundtableError("Write the goal.", field="text")
    return DevGoal.objects.create(rep=rep, text=text[:300], due_on=due_on, added_by=actor)


def goal_done(*, goal, done: bool = True) -> None:
    goal.done = done
    goal.save(update_fields=["done"])
