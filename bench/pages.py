"""Main pages at the size of a real sales organisation, under load, against a bare-page floor.

Run: .venv/bin/python bench/pages.py [--people 500] [--seconds 60] [--users 50] [--pages ...]

1. A fresh PostgreSQL database `roundtable_bench_pages` on ROUNDTABLE_TEST_DATABASE_URL's server
   holds two organisations built through the project's models and services: the size the issue
   names (500 people in 40 teams, 10,000 clips, 2,000 cases, 300 past sessions, 5,000 kudos, a
   year of KPI values) and a tenth of it.
2. Each page is requested in-process by the same persona in both organisations: the query
   counts must be equal (they are printed with the HTML size at each size) and one request is
   profiled (SQL time against the rest: templates and Python).
3. `uvicorn --workers 2` serves the large organisation (connections not kept between requests),
   with the floor: a signed-in bare Django page on the same stack (/bench/floor/, only when
   ROUNDTABLE_BENCH=1). For each page, `--users` signed-in people (closed loop, each on their own
   keep-alive connection) request it for `--seconds`; the floor runs first, in the same way.
   Prints p50/p95/max, requests per second and the p95 ratio to the floor's.
"""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE = "roundtable_bench_pages"
SALES = [
    "pricing",
    "budget",
    "champion",
    "procurement",
    "security",
    "discovery",
    "demo",
    "pilot",
    "renewal",
    "discount",
    "contract",
    "objection",
    "competitor",
    "timeline",
    "stakeholder",
    "roadmap",
    "integration",
    "forecast",
]
FIRST = [
    "Ana",
    "Ben",
    "Cleo",
    "Dev",
    "Eli",
    "Fay",
    "Gus",
    "Hana",
    "Ivo",
    "Jo",
    "Kai",
    "Lea",
    "Max",
    "Noa",
    "Oli",
    "Pia",
    "Raj",
    "Sam",
    "Tia",
    "Uma",
]
STATUSES = ["submitted", "submitted", "codev", "coaching", "declined"]
STAGE_OF = {"draft": "draft", "submitted": "new"} | dict.fromkeys(STATUSES[2:], "triaged")
LAST = [
    "Abbott",
    "Brooks",
    "Chen",
    "Diaz",
    "Evans",
    "Fox",
    "Garcia",
    "Hale",
    "Ito",
    "Jones",
    "Khan",
    "Lopez",
    "Moss",
    "Nguyen",
    "Ortiz",
]


def database_url(name: str = DATABASE) -> str:
    base = os.environ.get(
        "ROUNDTABLE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/roundtable"
    )
    return base.rsplit("/", 1)[0] + "/" + name


def fresh_database(name: str = DATABASE) -> str:
    """An empty database `name` on ROUNDTABLE_TEST_DATABASE_URL's server (dropped first, with
    the sessions a pool may still hold on it); returns its URL."""
    import psycopg

    server = database_url(name).rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


def uvicorn(port: int, env: dict, *, workers: int = 1, log_level: str = "warning"):
    """A uvicorn server for the project on 127.0.0.1:`port` (not waited for)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "roundtable.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--lifespan",
            "off",
            "--no-access-log",
            "--log-level",
            log_level,
        ],
        cwd=ROOT,
        env=env,
    )


def build(slug: str, *, people: int, scale: float, rng: random.Random) -> dict:
    """One organisation: `people` in people/12.5 teams (a manager each), and clips, cases,
    sessions, kudos, notifications and KPI values in proportion (`scale` 1.0 is the issue's)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts import services as accounts
    from accounts.models import Membership, Team, TeamRole, User
    from coaching import services as coaching
    from coaching.models import KpiTarget, KpiValue, OneOnOne
    from coaching.periods import MONTH, period_start, previous_start
    from codev.models import Case, CodevSession
    from library import search
    from library.models import Clip, Comment, Helpful, Transcript
    from meetings.models import ActionItem, Contribution, Meeting, Participant
    from recognition.models import Kudos, Notification

    now = timezone.now()
    with transaction.atomic():
        org = accounts.organisation_create(name=f"Bench {slug}", slug=slug)
        teams = Team.objects.bulk_create(
            [
                Team(organisation=org, name=f"Team {n:02d}")
                for n in range(max(1, round(people / 12.5)))
            ]
        )
        password = make_password("bench")
        users = User.objects.bulk_create(
            [
                User(
                    email=f"p{n}@{slug}.test",
                    password=password,
                    full_name=f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {n}",
                    organisation=org,
                    time_zone="Europe/Paris",
                )
                for n in range(people)
            ]
        )
        managers = users[: len(teams)]
        reps = users[len(teams) :]
        Membership.objects.bulk_create(
            [
                Membership(team=t, user=m, role=TeamRole.MANAGER)
                for t, m in zip(teams, managers, strict=True)
            ]
            + [
                Membership(team=teams[n % len(teams)], user=r, role=TeamRole.REP)
                for n, r in enumerate(reps)
            ]
        )
        team_of = {r.id: teams[n % len(teams)] for n, r in enumerate(reps)}
        admin = users[-1]
        User.objects.filter(id=admin.id).update(org_role="admin")

        # A year of two KPIs for every rep, against targets.
        meetings_kpi = coaching.kpi_save(
            organisation=org,
            name="Meetings booked",
            unit="",
            period="month",
            direction="higher",
            kind="leading",
            combine="sum",
        )
        revenue = coaching.kpi_save(
            organisation=org,
            name="Revenue",
            unit="k$",
            period="month",
            direction="higher",
            kind="lagging",
            combine="sum",
        )
        month = period_start(now.date(), MONTH)
        months = []
        for _ in range(12):
            months.append(month)
            month = previous_start(month, MONTH)
        values, targets = [], []
        for rep in reps:
            for start in months:
                for kpi, target in ((meetings_kpi, 12), (revenue, 80)):
                    value = target * rng.uniform(0.6, 1.3)
                    values.append(
                        KpiValue(kpi=kpi, person=rep, period_start=start, value=round(value))
                    )
                    targets.append(KpiTarget(kpi=kpi, person=rep, period_start=start, value=target))
        KpiValue.objects.bulk_create(values, batch_size=5000)
        KpiTarget.objects.bulk_create(targets, batch_size=5000)

        # Clips, their search index, helpful votes; one with a transcript and comments.
        clips = []
        for n in range(int(10000 * scale)):
            author = rng.choice(reps)
            clips.append(
                Clip(
                    organisation=org,
                    team=team_of[author.id],
                    author=author,
                    title=f"{rng.choice(SALES).title()} call {n}: {rng.choice(SALES)}",
                    state="ready",
                    visibility=rng.choice(["team", "organisation", "organisation"]),
                    original="x.webm",
                    duration=rng.uniform(60, 150),
                    tags=[rng.choice(SALES)],
                    created_at=now - timedelta(minutes=n * 7),
                    ready_at=now - timedelta(minutes=n * 7),
                )
            )
        clips = Clip.objects.bulk_create(clips, batch_size=2000)
        search.index_clips(
            [(c.id, org.id, c.title, c.tags, " ".join(rng.choices(SALES, k=60))) for c in clips]
        )
        Helpful.objects.bulk_create(
            [
                Helpful(clip=c, user=u)
                for c, u in {(rng.choice(clips), rng.choice(users)) for _ in range(len(clips) * 2)}
            ],
            batch_size=5000,
        )
        watched = next(c for c in clips if c.visibility == "organisation")
        words = [
            {"start": i * 0.4, "end": i * 0.4 + 0.3, "text": rng.choice(SALES)} for i in range(300)
        ]
        Transcript.objects.create(
            clip=watched, words=words, text=" ".join(w["text"] for w in words)
        )
        Comment.objects.bulk_create(
            [
                Comment(clip=watched, author=rng.choice(reps), at_seconds=i * 5.0, text=f"Note {i}")
                for i in range(12)
            ]
        )

        # Cases in every state, 300 past sessions with their meetings and action plans.
        cases = Case.objects.bulk_create(
            [
                Case(
                    organisation=org,
                    team=team_of[author.id],
                    author=author,
                    title=f"Stuck at {rng.choice(SALES)} with account {n}",
                    account=f"Account {n}",
                    blocked="No answer for three weeks.",
                    status=status,
                    stage=STAGE_OF[status],
                    triage_reason="Not a team topic.",
                    submitted_at=now - timedelta(hours=n),
                )
                for n, author, status in (
                    (n, rng.choice(reps), rng.choice(STATUSES) if n % 5 else "draft")
                    for n in range(int(2000 * scale))
                )
            ],
            batch_size=2000,
        )
        sessions = []
        own = [c for c in cases if c.team_id == teams[0].id]  # the first: the measured one
        for n in range(int(300 * scale)):
            case = own[0] if n == 0 else cases[n]
            team = case.team
            manager = managers[teams.index(team)]
            when = now - timedelta(days=1 + n % 360, hours=n % 7)
            meeting = Meeting.objects.create(
                organisation=org,
                team=team,
                protocol_key="codev",
                title=f"Co-development: {case.title}",
                facilitator=manager,
                state={"status": "ended"},
                started_at=when,
                ended_at=when + timedelta(minutes=55),
                created_at=when,
            )
            mates = [r for r in reps if team_of[r.id] == team][:6]
            Participant.objects.bulk_create(
                [Participant(meeting=meeting, user=manager, role="facilitator")]
                + [Participant(meeting=meeting, user=case.author, role="client")]
                + [
                    Participant(meeting=meeting, user=m, role="consultant")
                    for m in mates
                    if m.id != case.author_id
                ]
            )
            Contribution.objects.bulk_create(
                [
                    Contribution(
                        meeting=meeting,
                        author=m,
                        kind="question",
                        phase_key="questions",
                        text=f"What does the {rng.choice(SALES)} owner need to see?",
                    )
                    for m in mates
                ]
            )
            ActionItem.objects.create(
                organisation=org,
                meeting=meeting,
                owner=case.author,
                what="Call the economic buyer",
                due_on=(when + timedelta(days=7)).date(),
                success="A meeting booked",
                status=rng.choice(["open", "done"]),
            )
            sessions.append(
                CodevSession(
                    organisation=org,
                    team=team,
                    scheduled_at=when,
                    presenter=case.author,
                    facilitator=manager,
                    case=case,
                    status="done",
                    meeting=meeting,
                )
            )
        sessions = CodevSession.objects.bulk_create(sessions)

        # Kudos between teammates, notifications for everyone's bell.
        kudos = Kudos.objects.bulk_create(
            [
                Kudos(
                    organisation=org,
                    giver=rng.choice(users),
                    message="Thanks for the intro to their CFO: it got us the second meeting.",
                    for_kind="other",
                    created_at=now - timedelta(hours=n),
                )
                for n in range(int(5000 * scale))
            ],
            batch_size=2000,
        )
        through = Kudos.recipients.through
        through.objects.bulk_create(
            [through(kudos_id=k.id, user_id=rng.choice(reps).id) for k in kudos], batch_size=5000
        )
        Notification.objects.bulk_create(
            [
                Notification(
                    user=u,
                    kind="kudos",
                    text=f"Something happened {n}",
                    url="/kudos/",
                    created_at=now - timedelta(hours=n),
                )
                for u in reps[:60]
                for n in range(30)
            ],
            batch_size=5000,
        )
        # A written 1:1 for the record page.
        one_meeting = Meeting.objects.create(
            organisation=org,
            team=teams[0],
            protocol_key="grow",
            title="GROW 1:1",
            facilitator=managers[0],
            private=True,
            state={"status": "written"},
            ended_at=now,
        )
        rep0 = next(r for r in reps if team_of[r.id] == teams[0])
        Participant.objects.bulk_create(
            [
                Participant(meeting=one_meeting, user=managers[0], role="facilitator"),
                Participant(meeting=one_meeting, user=rep0, role="client"),
            ]
        )
        one = OneOnOne.objects.create(
            organisation=org,
            coach=managers[0],
            rep=rep0,
            protocol_key="grow",
            coaching_type="developmental",
            topic="Discovery",
            mode="written",
            meeting=one_meeting,
        )
    team0_reps = [r for r in reps if team_of[r.id] == teams[0]]
    return {
        "org": org,
        "admin": User.objects.get(id=admin.id),
        "team": teams[0],
        "manager": managers[0],
        "managers": managers,
        "rep": rep0,
        "reps": reps,
        "team_reps": team0_reps,
        "clip": watched,
        "session": sessions[0],
        "one": one,
        "date": date.today(),
    }


def world(slug: str) -> dict:
    """The personas and objects of an organisation `build` made earlier (for --reuse)."""
    from accounts.models import Organisation, Team, User
    from coaching.models import OneOnOne
    from codev.models import CodevSession
    from library.models import Clip

    org = Organisation.objects.get(slug=slug)
    teams = list(Team.objects.filter(organisation=org).order_by("id"))
    users = list(User.objects.filter(organisation=org).order_by("id"))
    reps = users[len(teams) :]
    team0 = set(teams[0].memberships.values_list("user_id", flat=True))
    return {
        "org": org,
        "admin": users[-1],
        "team": teams[0],
        "manager": users[0],
        "managers": users[: len(teams)],
        "rep": OneOnOne.objects.get(organisation=org).rep,
        "reps": reps,
        "team_reps": [r for r in reps if r.id in team0],
        "clip": Clip.objects.get(organisation=org, transcript__isnull=False),
        "session": CodevSession.objects.filter(organisation=org).order_by("id").first(),
        "one": OneOnOne.objects.get(organisation=org),
        "date": date.today(),
    }


def pages(world: dict) -> dict[str, tuple[str, str]]:
    """Page name -> (URL, persona): "rep", "manager" or "admin"."""
    from django.urls import reverse

    return {
        "home (rep)": (reverse("home"), "rep"),
        "notifications": (reverse("notifications"), "rep"),
        "triage": (reverse("team_triage", args=[world["team"].id]), "manager"),
        "1:1 record": (reverse("one_on_one_detail", args=[world["one"].id]), "manager"),
        "team cases": (reverse("team_cases", args=[world["team"].id]), "manager"),
        "clip watch": (reverse("clip_detail", args=[world["clip"].id]), "rep"),
        "session record": (reverse("session_detail", args=[world["session"].id]), "manager"),
        "library list": (reverse("library_home"), "rep"),
        "library search": (reverse("library_home") + "?q=pricing+budget", "rep"),
        "leaderboard": (reverse("leaderboard"), "rep"),
        "coaching home": (reverse("coaching_home"), "manager"),
        "coaching (admin)": (reverse("coaching_home"), "admin"),
        "kudos": (reverse("kudos_home"), "rep"),
    }


def profile(worlds: dict[str, dict], names: list[str]) -> None:
    """Query counts at both sizes (they must be equal), HTML size, and where one request's
    time goes: SQL against the rest (templates and Python)."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    small, large = worlds["tenth"], worlds["full"]
    print(f"\n{'page':<16} {'queries':>13} {'HTML KB':>13} {'ms':>7} {'SQL ms':>7}")
    for name in names:
        url_small, persona = pages(small)[name]
        url_large, _ = pages(large)[name]
        counts, sizes = [], []
        for world, url in ((small, url_small), (large, url_large)):
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(world[persona])
            client.get(url)  # warm caches as a second visit would
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                took = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (name, response.status_code)
            counts.append(len(queries.captured_queries))
            sizes.append(len(response.content) / 1024)
            sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        reset_queries()
        same = "=" if counts[0] == counts[1] else "GROWS"
        print(
            f"{name:<16} {counts[0]:>5} {same:^5} {counts[1]:<3}"
            f" {sizes[0]:>5.0f} -> {sizes[1]:<4.0f} {took:>7.0f} {sql:>7.0f}"
        )


def cookies_for(users, count: int) -> list[str]:
    """Session cookies for up to `count` people (cycled when fewer), signed in once each."""
    from django.test import Client

    jar = []
    for user in users[:count]:
        client = Client()
        client.force_login(user)
        jar.append(client.cookies["sessionid"].value)
    return [jar[n % len(jar)] for n in range(count)]


def start_server(port: int, url: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env |= {"DATABASE_URL": url, "ROUNDTABLE_BENCH": "1", "ROUNDTABLE_DEBUG": "0"}
    process = uvicorn(port, env, workers=2)
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/health/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def load(port: int, path: str, cookies: list[str], seconds: float) -> dict:
    """Closed loop: each person requests the page again as soon as the last answer is in."""
    samples: list[float] = []
    errors = [0]
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def person(cookie: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            if ok:
                mine.append((time.perf_counter() - started) * 1000)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=person, args=(c,)) for c in cookies]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    samples.sort()
    if not samples:
        return {"p50": 0, "p95": 0, "max": 0, "rps": 0, "errors": errors[0]}
    return {
        "p50": statistics.median(samples),
        "p95": samples[int(0.95 * (len(samples) - 1))],
        "max": samples[-1],
        "rps": len(samples) / elapsed,
        "errors": errors[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--pages", nargs="*", help="page names (default: all)")
    parser.add_argument("--no-load", action="store_true", help="query counts and profile only")
    parser.add_argument(
        "--reuse", action="store_true", help="use the organisations an earlier run left in place"
    )
    args = parser.parse_args()

    url = database_url() if args.reuse else fresh_database()
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("ROUNDTABLE_DATA_DIR", tempfile.mkdtemp(prefix="roundtable-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if args.reuse:
        worlds = {"full": world("full"), "tenth": world("tenth")}
    else:
        rng = random.Random(11)
        started = time.perf_counter()
        scale = args.people / 500
        worlds = {
            "full": build("full", people=args.people, scale=scale, rng=rng),
            "tenth": build("tenth", people=args.people // 10, scale=scale / 10, rng=rng),
        }
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"built {args.people} and {args.people // 10} people with {int(10000 * scale)} and "
            f"{int(1000 * scale)} clips in {time.perf_counter() - started:.0f} s"
        )
    names = args.pages or list(pages(worlds["full"]))
    profile(worlds, names)
    if args.no_load:
        return
    full = worlds["full"]
    reps = full["team_reps"] + [r for r in full["reps"] if r not in full["team_reps"]]
    personas = {
        "rep": cookies_for(reps, args.users),
        "manager": cookies_for([full["manager"]], args.users),
        "admin": cookies_for([full["admin"]], args.users),
    }
    connection.close()
    port = 8790
    server = start_server(port, url)
    try:
        print(
            f"\n{args.users} signed-in people per page for {args.seconds:.0f} s, "
            "uvicorn --workers 2, PostgreSQL"
        )
        print(f"{'page':<16} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>7} {'/floor':>7}")
        floor = load(port, "/bench/floor/", personas["rep"], args.seconds)
        print(
            f"{'floor':<16} {floor['p50']:>8.0f} {floor['p95']:>8.0f} {floor['max']:>8.0f}"
            f" {floor['rps']:>7.1f} {1:>7.1f}"
        )
        for name in names:
            path, persona = pages(full)[name]
            result = load(port, path, personas[persona], args.seconds)
            errors = f" ({result['errors']} errors)" if result["errors"] else ""
            print(
                f"{name:<16} {result['p50']:>8.0f} {result['p95']:>8.0f} {result['max']:>8.0f}"
                f" {result['rps']:>7.1f} {result['p95'] / floor['p95']:>7.1f}{errors}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
