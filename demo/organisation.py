"""The demo organisation loaded on first start, so the app is alive from the first sign-in."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts import services
from accounts.models import Appreciation, Organisation, OrgRole, TeamRole, User
from coaching import services as coaching
from coaching.periods import MONTH, period_start, previous_start
from codev import services as codev
from recognition import services as recognition

DEMO_SLUG = "harbor-analytics"
DEMO_PASSWORD = "roundtable-demo"  # noqa: S105 - printed at start-up on purpose
OPERATOR_EMAIL = "ops@roundtable.local"

ADMIN = ("Priya Raman", "Head of Sales Enablement", "America/New_York", Appreciation.QUALITY_TIME)

TEAMS = [
    {
        "name": "Enterprise East",
        "description": "Enterprise accounts, US East Coast and Canada",
        "manager": (
            "Marcus Bell",
            "Regional Sales Manager",
            "America/New_York",
            Appreciation.WORDS,
        ),
        "reps": [
            ("Dana Whitfield", "Senior Account Executive", "America/New_York", Appreciation.WORDS),
            ("Luis Ortega", "Account Executive", "America/Chicago", Appreciation.ACTS_OF_SERVICE),
            ("Aisha Khan", "Account Executive", "America/Toronto", Appreciation.QUALITY_TIME),
            ("Tom Becker", "Account Executive", "America/New_York", Appreciation.TANGIBLE_GIFTS),
            (
                "Grace Liu",
                "Sales Development Representative",
                "America/New_York",
                Appreciation.WORDS,
            ),
            ("Sam Okafor", "Sales Development Representative", "America/Chicago", ""),
        ],
    },
    {
        "name": "Mid-Market EMEA",
        "description": "Mid-market accounts across Europe",
        "manager": (
            "Sofia Lindqvist",
            "Sales Manager, EMEA",
            "Europe/Stockholm",
            Appreciation.ACTS_OF_SERVICE,
        ),
        "reps": [
            ("Hugo Martin", "Senior Account Executive", "Europe/Paris", Appreciation.QUALITY_TIME),
            ("Emma Schulz", "Account Executive", "Europe/Berlin", Appreciation.WORDS),
            ("Oliver Byrne", "Account Executive", "Europe/Dublin", Appreciation.TANGIBLE_GIFTS),
            ("Lucía Fernández", "Account Executive", "Europe/Madrid", Appreciation.WORDS),
            (
                "Noor de Vries",
                "Sales Development Representative",
                "Europe/Amsterdam",
                Appreciation.ACTS_OF_SERVICE,
            ),
            ("James Carter", "Sales Development Representative", "Europe/London", ""),
        ],
    },
]


def _email(full_name: str) -> str:
    first, last = full_name.lower().split(" ", 1)
    ascii_last = last.replace(" ", "").replace("í", "i").replace("á", "a")
    return f"{first}.{ascii_last}@harbor.example"


def demo_logins() -> list[tuple[str, str]]:
    first_team, second_team = TEAMS
    return [
        ("Admin (enablement)", _email(ADMIN[0])),
        (f"Manager, {first_team['name']}", _email(first_team["manager"][0])),
        (f"Rep, {first_team['name']}", _email(first_team["reps"][0][0])),
        (f"Manager, {second_team['name']}", _email(second_team["manager"][0])),
        (f"Rep, {second_team['name']}", _email(second_team["reps"][0][0])),
        ("Operator (Django admin /admin/)", OPERATOR_EMAIL),
    ]


def _person(organisation: Organisation, spec: tuple, org_role: str = OrgRole.MEMBER) -> User:
    full_name, title, time_zone, appreciation = spec
    return User.objects.create_user(
        _email(full_name),
        DEMO_PASSWORD,
        full_name=full_name,
        title=title,
        time_zone=time_zone,
        appreciation=appreciation,
        organisation=organisation,
        org_role=org_role,
    )


def demo_load() -> bool:
    """Create the demo organisation unless it exists. Returns True when it created it."""
    if Organisation.objects.filter(slug=DEMO_SLUG).exists():
        return False
    with transaction.atomic():
        organisation = services.organisation_create(name="Harbor Analytics", slug=DEMO_SLUG)
        _person(organisation, ADMIN, OrgRole.ADMIN)
        for spec in TEAMS:
            team = services.team_create(
                organisation=organisation, name=spec["name"], description=spec["description"]
            )
            manager = _person(organisation, spec["manager"])
            services.membership_set(team=team, person=manager, role=TeamRole.MANAGER)
            for rep_spec in spec["reps"]:
                rep = _person(organisation, rep_spec)
                services.membership_set(team=team, person=rep, role=TeamRole.REP)
        _demo_codev(organisation)
        _demo_results(organisation)
        _demo_recognition(organisation)
        _demo_coaching(organisation)
        if not User.objects.filter(email=OPERATOR_EMAIL).exists():
            User.objects.create_superuser(OPERATOR_EMAIL, DEMO_PASSWORD, full_name="Operator")
    return True


def _demo_codev(organisation: Organisation) -> None:
    """Two cases and a planned session in the first team, so co-development is alive too."""

    team = organisation.teams.get(name=TEAMS[0]["name"])
    members = {m.user.full_name: m.user for m in team.memberships.select_related("user")}
    stalled = codev.case_save(
        author=members["Dana Whitfield"],
        team=team,
        submit=True,
        values={
            "title": "CFO goes silent after the pricing call",
            "account": "Northwind Foods",
            "people": "Karen Holt, CFO\nRaj Patel, IT director (our champion)",
            "their_words": "Karen: 'We like it, but not this fiscal year.' She left the call early;"
            " Raj stayed and apologised.",
            "tried": "A 10% discount and a phased rollout; two follow-up emails.",
            "blocked": "No reply for three weeks; the budget freeze starts next month.",
            "timeframe": "present",
            "recurring": True,
            "is_real": True,
            "helps_team": True,
            "common_problem": True,
        },
    )
    for name in ["Luis Ortega", "Aisha Khan", "Tom Becker"]:
        codev.case_me_too(case=stalled, user=members[name], on=True)
    codev.case_save(
        author=members["Grace Liu"],
        team=team,
        submit=True,
        values={
            "title": "Prospects hang up when I mention the demo",
            "their_words": "'Just send me something by email.'",
            "tried": "Shorter opener; asking for 15 minutes instead of 30.",
            "blocked": "Two meetings booked from 60 calls this week.",
            "timeframe": "present",
            "is_real": True,
            "helps_team": True,
        },
    )
    codev.case_triage(actor=members["Marcus Bell"], case=stalled, decision="codev")
    next_week = timezone.now() + timedelta(days=7)
    codev.session_schedule(
        team=team,
        scheduled_at=next_week.replace(hour=15, minute=0, second=0, microsecond=0),
        presenter=members["Dana Whitfield"],
        facilitator=members["Marcus Bell"],
        case=stalled,
    )


def _demo_recognition(organisation: Organisation) -> None:
    """A war story, a success story crediting a colleague, and kudos: co-opetition is alive."""

    team = organisation.teams.get(name=TEAMS[0]["name"])
    members = {m.user.full_name: m.user for m in team.memberships.select_related("user")}
    war = recognition.story_post(
        author=members["Luis Ortega"],
        team=team,
        kind="war",
        title="Lost Coastal Freight at procurement",
        body="Six weeks of demos with the ops team, then procurement ran a three-vendor bake-off "
        "on price alone. We never met the CFO.",
        learned="Multi-thread before the proposal: the economic buyer hears our value from us, "
        "not from a spreadsheet.",
        for_team_meeting=True,
    )
    recognition.story_post(
        author=members["Aisha Khan"],
        team=team,
        kind="success",
        title="Pinecrest renewed early, with two more sites",
        body="I ran Dana's quarterly value review with their COO: the hours saved, in their own "
        "numbers. They asked for the expansion quote themselves.",
        learned="Bring their numbers, not ours.",
        credited=[members["Dana Whitfield"]],
        for_team_meeting=True,
    )
    recognition.kudos_give(
        giver=members["Tom Becker"],
        recipients=[members["Luis Ortega"]],
        message="Sharing the Coastal Freight loss made me book a CFO meeting on my own deal.",
        for_kind="story",
        story=war,
    )


def _demo_results(organisation: Organisation) -> None:
    """Two KPIs with targets and values for last month and this one, for every rep: Results,
    ROAM and the leaderboard have numbers, and targets met are recognised automatically."""

    meetings = coaching.kpi_save(
        organisation=organisation,
        name="Meetings booked",
        unit="meetings",
        period="month",
        direction="higher",
        kind="leading",
        combine="sum",
    )
    revenue = coaching.kpi_save(
        organisation=organisation,
        name="Revenue",
        unit="k$",
        period="month",
        direction="higher",
        kind="lagging",
        combine="sum",
    )
    this_month = period_start(timezone.localdate(), MONTH)
    last_month = previous_start(this_month, MONTH)
    reps = User.objects.filter(organisation=organisation, memberships__role=TeamRole.REP).order_by(
        "full_name"
    )
    rows = ["email,kpi,period,value"]
    for n, rep in enumerate(reps):
        for period, month in ((last_month, 0), (this_month, 1)):
            coaching.target_set(kpi=meetings, period=period.isoformat(), value=12, person=rep)
            coaching.target_set(kpi=revenue, period=period.isoformat(), value=80, person=rep)
            # Spread around the targets; this month some climb and a few slip.
            booked = 7 + (n * 5) % 9 + month * ((n * 3) % 7 - 2)
            won = 50 + (n * 17) % 45 + month * ((n * 11) % 30 - 8)
            rows.append(f"{rep.email},Meetings booked,{period},{booked}")
            rows.append(f"{rep.email},Revenue,{period},{won}")
    admin = User.objects.get(organisation=organisation, org_role=OrgRole.ADMIN)
    parsed = coaching.values_check_csv(importer=admin, data="\n".join(rows).encode())
    coaching.values_import(parsed=parsed, source="csv")


# Self-ratings and the manager's, 1-5, on the first four default skills: Discovery questions,
# Listening, Objection handling, Pricing conversations.
RATINGS = {
    "Dana Whitfield": ((4, 4), (5, 4), (4, 3), (3, 3)),
    "Luis Ortega": ((3, 3), (4, 4), (3, 2), (4, 3)),
    "Aisha Khan": ((4, 4), (4, 5), (3, 3), (3, 3)),
    "Tom Becker": ((3, 2), (3, 3), (4, 3), (2, 2)),
    "Grace Liu": ((3, 2), (4, 3), (2, 2), (3, 3)),
    "Sam Okafor": ((4, 3), (3, 3), (3, 2), (2, 3)),
}


def _demo_coaching(organisation: Organisation) -> None:
    """Marcus's coaching of the last weeks: ratings beside the reps' own, observations that make
    a pattern for Grace, and written 1:1s (a GROW with Dana, a SLED with Tom that walked his
    revenue gap through the solution chart): the heatmap, the plans, coaching time week by week
    and a new 1:1's phases have something to show."""

    team = organisation.teams.get(name=TEAMS[0]["name"])
    members = {m.user.full_name: m.user for m in team.memberships.select_related("user")}
    marcus = members["Marcus Bell"]
    skills = list(coaching.skills_for(organisation=organisation)[:4])
    for name, pairs in RATINGS.items():
        coaching.self_assess(
            rep=members[name], levels={s.id: own for s, (own, _) in zip(skills, pairs, strict=True)}
        )
        coaching.manager_rate(
            manager=marcus,
            rep=members[name],
            levels={s.id: his for s, (_, his) in zip(skills, pairs, strict=True)},
        )
    now = timezone.now()
    for days_ago, situation, behaviour in (
        (12, "Cold call to Alder Logistics", "Asked two yes/no questions, then pitched the demo."),
        (4, "Discovery call with Brightwater", "Moved to pricing before asking who decides."),
    ):
        observation, _, _ = coaching.observation_log(
            manager=marcus,
            rep=members["Grace Liu"],
            skill=skills[0],
            situation=situation,
            behaviour=behaviour,
        )
        type(observation).objects.filter(id=observation.id).update(
            created_at=now - timedelta(days=days_ago)
        )
    grow = coaching.one_on_one_start(
        coach=marcus,
        rep=members["Dana Whitfield"],
        protocol_key="grow",
        coaching_type="strategic",
        topic="Northwind: reach the CFO again",
        mode="written",
        duration_minutes=40,
        written={
            "goal": "A meeting with Karen Holt before the budget freeze.",
            "reality": "Three weeks of silence; Raj is still with us.",
            "options": "Raj sets up a 20-minute call on the freeze; a one-page ROI in her numbers.",
        },
        actions=[
            {
                "what": "Ask Raj to set up 20 minutes with Karen on the budget freeze",
                "due_on": (now + timedelta(days=5)).date(),
                "success": "A date in Karen's calendar",
            }
        ],
    )
    sled = coaching.one_on_one_start(
        coach=marcus,
        rep=members["Tom Becker"],
        protocol_key="sled",
        coaching_type="performance",
        topic="Revenue below target",
        mode="written",
        duration_minutes=35,
        written={
            "lead_analysis": "Revenue short; meetings booked close to target: the calls, not "
            "their number.",
            "explore": "Tom has closed mid-size deals before; proposals go out before the "
            "budget is confirmed.",
        },
        chart={
            "gap": "Revenue short of 80 k$",
            "answers": {
                "worth": True,
                "knows": True,
                "could": True,
                "obstacles": False,
                "upside_down": False,
            },
            "chosen": "",
            "kpi": None,
        },
    )
    for one, days_ago in ((grow, 9), (sled, 2)):
        type(one).objects.filter(id=one.id).update(created_at=now - timedelta(days=days_ago))
