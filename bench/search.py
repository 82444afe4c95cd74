"""Search latency over 100,000 generated transcripts, on SQLite FTS5 and PostgreSQL.

Run: .venv/bin/python bench/search.py [--clips 100000] [--queries 300]
Each engine runs in its own process on a fresh database (SQLite in a temporary folder;
PostgreSQL in a database `roundtable_bench_search` on ROUNDTABLE_TEST_DATABASE_URL's server).
Times library.search.search() within the clips the person may watch (access.visible_clips), the
query the library page runs, for one- and two-word queries; prints p50/p95/max in milliseconds.
Two installations: one organisation that sees everything, and 100 organisations sharing the
clips, where the person sees the 1,000 of their own team (--tenants). Two corpora: "sales" (36
sales terms and 48 common words, so every query term is in about half the documents: a worst
case) and "zipf" (5,000 words with
Zipf-distributed frequencies like speech; queries use words past the 200 most frequent).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SALES = [
    "pricing",
    "budget",
    "champion",
    "procurement",
    "compliance",
    "security",
    "discovery",
    "demo",
    "pilot",
    "renewal",
    "discount",
    "contract",
    "legal",
    "objection",
    "competitor",
    "timeline",
    "stakeholder",
    "roadmap",
    "integration",
    "onboarding",
    "forecast",
    "quota",
    "pipeline",
    "negotiation",
    "approval",
    "signature",
    "invoice",
    "SOC2",
    "audit",
    "migration",
    "analytics",
    "dashboard",
    "latency",
    "uptime",
    "support",
    "training",
    "rollout",
    "expansion",
    "churn",
]
COMMON = [
    "we",
    "they",
    "said",
    "asked",
    "about",
    "the",
    "customer",
    "call",
    "meeting",
    "week",
    "team",
    "really",
    "think",
    "maybe",
    "next",
    "because",
    "price",
    "value",
    "time",
    "money",
    "people",
    "process",
    "question",
    "answer",
    "email",
    "follow",
    "plan",
    "told",
    "showed",
    "wanted",
    "needed",
    "worried",
    "happy",
    "sure",
    "right",
    "today",
    "tomorrow",
    "later",
    "first",
    "second",
    "last",
]


def transcript(rng: random.Random) -> str:
    words = [rng.choice(COMMON) if rng.random() < 0.8 else rng.choice(SALES) for _ in range(150)]
    return " ".join(words)


class Zipf:
    """Speech-like text: 5,000 distinct words whose frequencies follow Zipf's law."""

    def __init__(self, rng: random.Random, size: int = 5000) -> None:
        self.rng = rng
        syllables = ["ka", "lo", "mi", "ra", "ne", "to", "su", "pe", "di", "va", "zo", "qui"]
        words = set(SALES + COMMON)
        while len(words) < size:
            words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
        ordered = COMMON + [w for w in sorted(words) if w not in COMMON]
        self.words = ordered[:size]
        self.weights = [1 / (rank + 1) for rank in range(size)]

    def transcript(self) -> str:
        return " ".join(self.rng.choices(self.words, weights=self.weights, k=150))

    def query_word(self) -> str:
        # Words people search for: past the most frequent few hundred, like product terms.
        return self.words[self.rng.randint(200, 3000)]


def _drop(admin) -> None:
    """Drop the bench database, ending the sessions a connection pool may still hold on it."""
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = 'roundtable_bench_search' AND pid <> pg_backend_pid()"
    )
    admin.execute("DROP DATABASE IF EXISTS roundtable_bench_search")


def run_engine(
    engine: str, clips: int, queries: int, corpus: str, tenants: int = 1, keep: bool = False
) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["ROUNDTABLE_DATA_DIR"] = data_dir
        os.environ.pop("REDIS_URL", None)
        if engine == "postgres":
            import psycopg

            base = os.environ.get(
                "ROUNDTABLE_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/roundtable"
            )
            server = base.rsplit("/", 1)[0]
            with psycopg.connect(server + "/postgres", autocommit=True) as admin:
                _drop(admin)
                admin.execute("CREATE DATABASE roundtable_bench_search")
            os.environ["DATABASE_URL"] = server + "/roundtable_bench_search"
        else:
            os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roundtable.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction

        from accounts.models import Membership, Organisation, Team, User
        from library import search
        from library.access import visible_clips
        from library.models import Clip

        call_command("migrate", verbosity=0)
        homes = []
        for n in range(tenants):
            org = Organisation.objects.create(name=f"Bench {n}", slug=f"bench-{n}")
            team = Team.objects.create(organisation=org, name="Bench")
            author = User.objects.create_user(f"b{n}@b.test", "x", full_name="B", organisation=org)
            Membership.objects.create(team=team, user=author, role="rep")
            homes.append((org, team, author))
        user = homes[0][2]
        rng = random.Random(7)
        zipf = Zipf(rng) if corpus == "zipf" else None
        make = zipf.transcript if zipf else (lambda: transcript(rng))
        pick = zipf.query_word if zipf else (lambda: rng.choice(SALES))
        started = time.perf_counter()
        batch = 5000
        for first in range(0, clips, batch):
            rows = Clip.objects.bulk_create(
                [
                    Clip(
                        organisation=homes[n % tenants][0],
                        team=homes[n % tenants][1],
                        author=homes[n % tenants][2],
                        title=f"Clip {n} {rng.choice(SALES)} {rng.choice(SALES)}",
                        state="ready",
                        original="x.webm",
                        tags=[rng.choice(SALES)],
                    )
                    for n in range(first, min(first + batch, clips))
                ]
            )
            with transaction.atomic():
                search.index_clips(
                    [(c.id, c.organisation_id, c.title, c.tags, make()) for c in rows]
                )
        if engine == "postgres":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # all tables, as autovacuum would after a load
        loaded = time.perf_counter() - started
        samples = []
        hits = []
        for n in range(queries):
            query = f"{pick()} {pick()}" if n % 2 else pick()
            t0 = time.perf_counter()
            watchable = visible_clips(user=User.objects.get(id=user.id)).filter(state="ready")
            found = search.search(
                query, organisation_id=user.organisation_id, within=watchable, limit=50
            )
            samples.append((time.perf_counter() - t0) * 1000)
            hits.append(len(found))
        samples.sort()
        p95 = samples[int(0.95 * (len(samples) - 1))]
        sees = visible_clips(user=user).count()
        print(
            f"{engine:<9} {corpus:<6} {clips} transcripts, {tenants} org(s), sees {sees} "
            f"(loaded in {loaded:.0f} s): "
            f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms, "
            f"max {samples[-1]:.1f} ms; {statistics.mean(hits):.0f} hits per query (top 50)"
        )
        if engine == "postgres" and not keep:
            connection.close()
            import psycopg

            with psycopg.connect(server + "/postgres", autocommit=True) as admin:
                _drop(admin)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--engine", choices=["sqlite", "postgres"])
    parser.add_argument("--corpus", choices=["sales", "zipf"], default="")
    parser.add_argument("--tenants", type=int, default=0, help="organisations (default: 1 and 100)")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    if args.engine:
        run_engine(
            args.engine,
            args.clips,
            args.queries,
            args.corpus or "sales",
            args.tenants or 1,
            args.keep,
        )
        return
    for tenants, corpus, engine in product(
        [args.tenants] if args.tenants else [1, 100], ("sales", "zipf"), ("sqlite", "postgres")
    ):
        command = [sys.executable, __file__, "--engine", engine, "--corpus", corpus]
        command += ["--clips", str(args.clips), "--queries", str(args.queries)]
        subprocess.run([*command, "--tenants", str(tenants)], check=True)


if __name__ == "__main__":
    main()
