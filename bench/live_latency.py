"""Latency from the facilitator's "Next" to 30 connected screens receiving the new state.

Run: .venv/bin/python bench/live_latency.py [--clients 30] [--moves 20]
Three set-ups: one server with the in-memory channel layer; one server with Redis; two server
processes sharing Redis (the move goes to server A, half the screens are on server B).
Each move is an HTTP POST to /meetings/<id>/move/; the clock stops when a screen receives the
state whose version is the new one. Prints p50/p95/max in milliseconds per set-up.
"""

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("ROUNDTABLE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def prepare(data_dir: str) -> dict:
    """A fresh SQLite database with a team, a live meeting and signed-in sessions."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"ROUNDTABLE_DATA_DIR": data_dir}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    script = """
import json
from datetime import timedelta
from django.test import Client
from django.utils import timezone
from accounts import services as a
from accounts.models import TeamRole, User
from codev import services as c
org = a.organisation_create(name="Bench", slug="bench")
team = a.team_create(organisation=org, name="Bench team")
manager = User.objects.create_user("m@b.test", "x", full_name="Manager", organisation=org)
rep = User.objects.create_user("r@b.test", "x", full_name="Rep", organisation=org)
a.membership_set(team=team, person=manager, role=TeamRole.MANAGER)
a.membership_set(team=team, person=rep, role=TeamRole.REP)
session = c.session_schedule(team=team, scheduled_at=timezone.now() + timedelta(hours=1),
                             presenter=rep, facilitator=manager)
meeting = c.session_start(session=session, actor=manager)
cookies = {}
for name, user in (("manager", manager), ("rep", rep)):
    client = Client(); client.force_login(user); cookies[name] = client.cookies["sessionid"].value
print(json.dumps({"meeting": meeting.id, "cookies": cookies}))
"""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def start_server(data_dir: str, port: int, redis: bool) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"ROUNDTABLE_DATA_DIR": data_dir}
    if redis:
        env["REDIS_URL"] = REDIS_URL
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "roundtable.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def move(port: int, meeting: int, cookie: str, kind: str) -> None:
    csrf = secrets.token_hex(16)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/meetings/{meeting}/move/",
        data=urllib.parse.urlencode({"move": kind}).encode(),
        headers={"Cookie": f"sessionid={cookie}; csrftoken={csrf}", "X-CSRFToken": csrf},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert json.load(response)["ok"], kind


async def run(ports: list[int], setup: dict, clients: int, moves: int) -> list[float]:
    from websockets.asyncio.client import connect

    meeting, cookies = setup["meeting"], setup["cookies"]
    latest = {"version": 0}
    arrivals: dict[int, list[float]] = {}
    sockets = []
    for n in range(clients):
        port = ports[n % len(ports)]
        socket = await connect(
            f"ws://127.0.0.1:{port}/ws/meetings/{meeting}/",
            additional_headers={
                "Cookie": f"sessionid={cookies['rep']}",
                "Origin": f"http://127.0.0.1:{port}",
            },
        )
        sockets.append(socket)

    async def listen(socket):
        async for raw in socket:
            message = json.loads(raw)
            if message["type"] == "state":
                version = message["state"]["version"]
                arrivals.setdefault(version, []).append(time.perf_counter())
                latest["version"] = max(latest["version"], version)

    listeners = [asyncio.create_task(listen(s)) for s in sockets]
    await asyncio.sleep(1.5)  # let connection and presence news settle
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, move, ports[0], meeting, cookies["manager"], "start")
    await asyncio.sleep(0.5)
    samples: list[float] = []
    for n in range(moves):
        target = latest["version"] + 1
        kind = "advance" if n % 2 == 0 else "back"
        sent = time.perf_counter()
        await loop.run_in_executor(None, move, ports[0], meeting, cookies["manager"], kind)
        deadline = time.perf_counter() + 5
        while len(arrivals.get(target, [])) < clients and time.perf_counter() < deadline:
            await asyncio.sleep(0.002)
        got = arrivals.get(target, [])
        if len(got) < clients:
            raise SystemExit(f"only {len(got)} of {clients} screens got version {target}")
        samples += [(t - sent) * 1000 for t in got]
        await asyncio.sleep(0.1)
    for task in listeners:
        task.cancel()
    for socket in sockets:
        await socket.close()
    return samples


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()
    print(f"{args.clients} screens, {args.moves} moves each set-up (milliseconds, POST to arrival)")
    for label, redis, servers in [
        ("in-memory layer, 1 server", False, 1),
        ("Redis layer, 1 server", True, 1),
        ("Redis layer, 2 servers", True, 2),
    ]:
        with tempfile.TemporaryDirectory() as data_dir:
            setup = prepare(data_dir)
            ports = [18700 + i for i in range(servers)]
            processes = [start_server(data_dir, port, redis) for port in ports]
            try:
                samples = asyncio.run(run(ports, setup, args.clients, args.moves))
            finally:
                for process in processes:
                    process.terminate()
                    process.wait()
        print(
            f"{label:<28} p50 {statistics.median(samples):6.1f}  "
            f"p95 {percentile(samples, 95):6.1f}  max {max(samples):6.1f}  (n={len(samples)})"
        )


if __name__ == "__main__":
    main()
