"""Steady across processes: a mixed load on the shape a company deploys, with faults midway.

Run: .venv/bin/python bench/soak.py [--seconds 300] [--people 50] [--screens 30] [--uploads 10]

PostgreSQL (a fresh `roundtable_bench_soak` on ROUNDTABLE_TEST_DATABASE_URL's server), Redis
(database 12), S3-compatible storage (moto's server, in this process), two web processes
(uvicorn, ports A and B) and two workers (`manage.py worker`). For `--seconds`:
- `--people` signed-in people browse the main pages, each on their own connection, half on A
  and half on B; as a load balancer would, a request refused by a stopped process goes to the
  other one (a request that was in flight on the killed process is counted as failed);
- `--uploads` clips with espeak-ng speech are uploaded through the resumable protocol (chunks,
  then the details), spread over the first two thirds, and processed by the workers (S3);
- a live co-development session has `--screens` WebSocket screens (half on each web process,
  reconnecting when their process goes, as the browser's live.js does) while the facilitator
  moves it on every 5 s;
- every 20 s a KPI import goes through the JSON API.
Midway, web process B and worker 2 are killed (SIGKILL) and started again 3 s later.

Prints requests and errors per kind (only requests in flight on the killed process may fail),
p95 per kind, uploads lost, clips not ready at the end, and screens that did not catch up with
the session's last state.
"""

import argparse
import asyncio
import http.client
import json
import logging
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from pages import build, cookies_for, fresh_database, uvicorn  # noqa: E402 - bench/ on the path

DATABASE = "roundtable_bench_soak"
REDIS_URL = "redis://127.0.0.1:6379/12"
BUCKET = "roundtable-soak"
SPEECH = "We asked about the budget owner first, then booked the demo for next Tuesday. "


class Record:
    """Every request's outcome, by kind, shared by the load threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.in_flight_lost: dict[str, int] = {}

    def ok(self, kind: str, ms: float) -> None:
        with self.lock:
            self.samples.setdefault(kind, []).append(ms)

    def failed(self, kind: str, *, killed: bool) -> None:
        with self.lock:
            bucket = self.in_flight_lost if killed else self.errors
            bucket[kind] = bucket.get(kind, 0) + 1


class Fleet:
    """The processes, and when web B was killed and back."""

    def __init__(self, env: dict, ports: tuple[int, int]) -> None:
        self.env, self.ports = env, ports
        self.web: dict[int, subprocess.Popen] = {}
        self.workers: list[subprocess.Popen] = []
        self.killed_at: float | None = None
        self.back_at: float | None = None

    def start_web(self, port: int) -> None:
        self.web[port] = uvicorn(port, self.env, log_level="critical")

    def start_worker(self, index: int) -> None:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "worker"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if index < len(self.workers):
            self.workers[index] = process
        else:
            self.workers.append(process)

    def wait_ready(self, port: int, timeout: float = 30) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/health/?format=json")
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"web process on {port} did not start")

    def fault(self) -> None:
        """Kill web B and worker 2 without warning, and start them again 3 s later."""
        port = self.ports[1]
        self.killed_at = time.perf_counter()
        self.web[port].send_signal(signal.SIGKILL)
        self.workers[1].send_signal(signal.SIGKILL)
        self.web[port].wait()
        self.workers[1].wait()
        time.sleep(3)
        self.start_web(port)
        self.start_worker(1)
        self.wait_ready(port)
        self.back_at = time.perf_counter()

    def stop(self) -> None:
        for process in [*self.web.values(), *self.workers]:
            process.terminate()
        for process in [*self.web.values(), *self.workers]:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def request(
    fleet: Fleet,
    record: Record,
    kind: str,
    port: int,
    method: str,
    path: str,
    *,
    cookie: str = "",
    body: bytes | None = None,
    headers: dict | None = None,
) -> tuple[int, bytes] | None:
    """One request as behind a load balancer: refused by a stopped process, it goes to the
    other one; cut while in flight on the killed process, it is counted as lost (not retried,
    as a browser's POST would not be)."""
    csrf = secrets.token_hex(16)
    sent = dict(headers or {})
    if cookie:
        sent["Cookie"] = f"sessionid={cookie}; csrftoken={csrf}"
        sent["X-CSRFToken"] = csrf
    for attempt in range(3):
        target = port if attempt == 0 else fleet.ports[0] if port == fleet.ports[1] else port
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", target, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
        except ConnectionRefusedError:
            time.sleep(0.05)
            continue  # the balancer tries the other process
        except (OSError, http.client.HTTPException):
            killed = fleet.killed_at is not None and started <= fleet.killed_at + 0.5
            record.failed(kind, killed=killed and target == fleet.ports[1])
            return None
        finally:
            connection.close()
        if response.status >= 500:
            record.failed(kind, killed=False)
            return response.status, data
        record.ok(kind, (time.perf_counter() - started) * 1000)
        return response.status, data
    record.failed(kind, killed=False)
    return None


def browse(fleet, record, stop, cookie, port, paths) -> None:
    rng = random.Random(port + len(cookie))
    while not stop.is_set():
        request(fleet, record, "page", port, "GET", rng.choice(paths), cookie=cookie)


def upload(fleet, record, cookie, port, source: Path, team_id: int) -> int | None:
    """The resumable protocol: create, append chunks (asking how much arrived after a cut),
    then the details. Returns the clip's id, or None when the upload was lost."""
    data = source.read_bytes()
    form = urllib.parse.urlencode(
        {"size": len(data), "filename": source.name, "type": "video/webm"}
    )
    answer = request(
        fleet,
        record,
        "upload",
        port,
        "POST",
        "/library/uploads/",
        cookie=cookie,
        body=form.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    if not answer or answer[0] != 200:
        return None
    info = json.loads(answer[1])
    upload_id, chunk, offset = info["id"], info["chunk"], 0
    for _ in range(200):
        if offset >= len(data):
            break
        answer = request(
            fleet,
            record,
            "upload",
            port,
            "PUT",
            f"/library/uploads/{upload_id}/?offset={offset}",
            cookie=cookie,
            body=data[offset : offset + chunk],
        )
        if answer and answer[0] == 200:
            offset = json.loads(answer[1])["received"]
            continue
        time.sleep(1)  # a cut: ask how much the server has, then go on from there
        answer = request(
            fleet, record, "upload", port, "GET", f"/library/uploads/{upload_id}/", cookie=cookie
        )
        if answer and answer[0] == 200:
            offset = json.loads(answer[1])["received"]
    details = urllib.parse.urlencode(
        {"title": f"Soak clip {upload_id}", "team": team_id, "visibility": "team"}
    )
    for _ in range(5):
        answer = request(
            fleet,
            record,
            "upload",
            port,
            "POST",
            f"/library/uploads/{upload_id}/finish/",
            cookie=cookie,
            body=details.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if answer and answer[0] == 200:
            return int(json.loads(answer[1])["url"].rstrip("/").rsplit("/", 1)[1])
        time.sleep(1)
    return None


async def screens(ports, meeting_id, cookie, count, stop, versions, trace) -> None:
    """`count` screens on the live session, reconnecting when their process goes away."""
    from websockets.asyncio.client import connect

    async def screen(index: int) -> None:
        port = ports[index % 2]
        while not stop.is_set():
            try:
                async with connect(
                    f"ws://127.0.0.1:{port}/ws/meetings/{meeting_id}/",
                    additional_headers={
                        "Cookie": f"sessionid={cookie}",
                        "Origin": f"http://127.0.0.1:{port}",
                    },
                    open_timeout=20,
                ) as socket:
                    trace[index]["connects"] += 1
                    async for raw in socket:
                        message = json.loads(raw)
                        trace[index]["messages"] += 1
                        if message.get("type") == "state":
                            versions[index] = max(versions[index], message["state"]["version"])
                        if stop.is_set():
                            return
            except Exception as error:  # noqa: BLE001 - a screen reconnects whatever happened
                trace[index]["error"] = repr(error)[:100]
                await asyncio.sleep(1)

    await asyncio.gather(*(screen(n) for n in range(count)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--screens", type=int, default=30)
    parser.add_argument("--uploads", type=int, default=10)
    args = parser.parse_args()

    import boto3
    import redis
    from moto.server import ThreadedMotoServer

    database_url = fresh_database(DATABASE)
    redis.Redis.from_url(REDIS_URL).flushdb()
    moto_port = 8799
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=moto_port)
    moto.start()
    s3 = f"http://127.0.0.1:{moto_port}"
    boto3.client(
        "s3",
        endpoint_url=s3,
        aws_access_key_id="soak",
        aws_secret_access_key="soak",  # noqa: S106 - moto
    ).create_bucket(Bucket=BUCKET)
    data_dir = tempfile.mkdtemp(prefix="roundtable-soak-")
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env |= {
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "ROUNDTABLE_DATA_DIR": data_dir,
        "ROUNDTABLE_S3_BUCKET": BUCKET,
        "ROUNDTABLE_S3_ENDPOINT_URL": s3,
        "ROUNDTABLE_S3_ACCESS_KEY": "soak",
        "ROUNDTABLE_S3_SECRET_KEY": "soak",
        "ROUNDTABLE_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "roundtable.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from coaching import services as coaching
    from codev import services as codev
    from library.models import Clip, ClipState
    from media.testing import make_clip

    call_command("migrate", verbosity=0)
    world = build("soak", people=max(args.people + 10, 60), scale=0.1, rng=random.Random(5))
    team, manager = world["team"], world["manager"]
    uploader = world["team_reps"][0]
    session = codev.session_schedule(
        team=team,
        scheduled_at=timezone.now() + timedelta(minutes=5),
        presenter=world["team_reps"][1],
        facilitator=manager,
    )
    meeting = codev.session_start(session=session, actor=manager)
    _token, secret = coaching.token_create(organisation=world["org"], name="soak", actor=manager)
    browsers = cookies_for(world["reps"], args.people)
    manager_cookie = cookies_for([manager], 1)[0]
    screen_cookie = cookies_for([world["team_reps"][2]], 1)[0]
    uploader_cookie = cookies_for([uploader], 1)[0]
    emails = [r.email for r in world["reps"][:20]]
    print("making the clips to upload (espeak-ng speech, 12 s each)...", flush=True)
    clips = []
    for n in range(args.uploads):
        path = Path(data_dir) / f"soak-{n}.webm"
        make_clip(path, text=SPEECH * 2, seconds=12)
        clips.append(path)
    connection.close()

    ports = (8791, 8792)
    fleet = Fleet(env, ports)
    for port in ports:
        fleet.start_web(port)
    fleet.start_worker(0)
    fleet.start_worker(1)
    for port in ports:
        fleet.wait_ready(port)
    record = Record()
    stop = threading.Event()
    paths = ["/", "/library/", "/kudos/", "/leaderboard/", "/notifications/", "/coaching/"]
    paths += ["/library/?q=pricing", f"/library/clips/{world['clip'].id}/"]
    threads = [
        threading.Thread(
            target=browse,
            args=(fleet, record, stop, cookie, ports[n % 2], paths),
            daemon=True,
        )
        for n, cookie in enumerate(browsers)
    ]
    uploaded: list[int | None] = []

    def uploads() -> None:
        gap = args.seconds * 2 / 3 / max(1, args.uploads)
        for n, path in enumerate(clips):
            uploaded.append(upload(fleet, record, uploader_cookie, ports[n % 2], path, team.id))
            time.sleep(gap)

    def imports() -> None:
        month = timezone.localdate().replace(day=1).isoformat()[:7]
        while not stop.wait(20):
            values = [
                {
                    "email": e,
                    "kpi": "Meetings booked",
                    "period": month,
                    "value": random.randint(5, 20),
                }
                for e in emails
            ]
            request(
                fleet,
                record,
                "kpi import",
                ports[0],
                "POST",
                "/api/kpi-values/",
                body=json.dumps({"values": values}).encode(),
                headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
            )

    still = threading.Event()  # the facilitator stops moving before the screens are checked

    def moves() -> None:
        kinds = ["start"] + ["advance", "back"] * 1000
        for kind in kinds:
            if still.wait(5):
                return
            request(
                fleet,
                record,
                "live move",
                ports[0],
                "POST",
                f"/meetings/{meeting.id}/move/",
                cookie=manager_cookie,
                body=urllib.parse.urlencode({"move": kind}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )

    versions = [0] * args.screens
    trace = [{"connects": 0, "messages": 0, "error": ""} for _ in range(args.screens)]
    loop = asyncio.new_event_loop()
    live = threading.Thread(
        target=lambda: loop.run_until_complete(
            screens(ports, meeting.id, screen_cookie, args.screens, stop, versions, trace)
        ),
        daemon=True,
    )
    threads += [
        threading.Thread(target=uploads, daemon=True),
        threading.Thread(target=imports, daemon=True),
        threading.Thread(target=moves, daemon=True),
        live,
    ]
    began = time.perf_counter()
    print(
        f"load: {args.people} people browsing, {args.uploads} uploads, {args.screens} screens, "
        f"KPI imports, for {args.seconds:.0f} s; faults at {args.seconds / 2:.0f} s",
        flush=True,
    )
    try:
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 2)
        fleet.fault()
        print(
            f"killed web B and worker 2 at {fleet.killed_at - began:.0f} s; "
            f"back after {fleet.back_at - fleet.killed_at:.1f} s",
            flush=True,
        )
        time.sleep(max(0.0, args.seconds - (time.perf_counter() - began)))
        still.set()
        time.sleep(6)  # let the last move reach every screen
        final = 0
        answer = request(
            fleet,
            record,
            "live move",
            ports[0],
            "GET",
            f"/meetings/{meeting.id}/state/",
            cookie=manager_cookie,
        )
        if answer and answer[0] == 200:
            final = json.loads(answer[1])["version"]
        stop.set()
        for thread in threads[: args.people]:
            thread.join(timeout=70)
        deadline = time.time() + 300  # the clips uploaded last finish processing
        ids = [i for i in uploaded if i]
        while time.time() < deadline:
            waiting = Clip.objects.filter(id__in=ids).exclude(
                state__in=[ClipState.READY, ClipState.FAILED]
            )
            if not waiting.exists():
                break
            time.sleep(2)
        connection.close()
        ready = Clip.objects.filter(id__in=ids, state=ClipState.READY).count()
        failed = list(
            Clip.objects.filter(id__in=ids, state=ClipState.FAILED).values_list(
                "failure", flat=True
            )
        )
    finally:
        stop.set()
        fleet.stop()
        moto.stop()

    print(f"\n{'kind':<12} {'requests':>9} {'errors':>7} {'lost in flight':>15} {'p95 ms':>8}")
    for kind in sorted(set(record.samples) | set(record.errors) | set(record.in_flight_lost)):
        samples = sorted(record.samples.get(kind, []))
        p95 = samples[int(0.95 * (len(samples) - 1))] if samples else 0
        total = len(samples) + record.errors.get(kind, 0) + record.in_flight_lost.get(kind, 0)
        print(
            f"{kind:<12} {total:>9} {record.errors.get(kind, 0):>7}"
            f" {record.in_flight_lost.get(kind, 0):>15} {p95:>8.0f}"
        )
    behind = sum(1 for v in versions if v < final)
    for side, port in enumerate(ports):
        mine = versions[side::2]
        print(f"screens on web {'AB'[side]} ({port}): versions {min(mine)} to {max(mine)}")
        if os.environ.get("SOAK_TRACE"):
            print(trace[side::2])
    print(f"uploads lost: {args.uploads - len(ids)} of {args.uploads}")
    print(
        f"clips not ready at the end: {len(ids) - ready}"
        + (f" (failed: {failed})" if failed else "")
    )
    print(f"live screens that did not catch up with version {final}: {behind} of {args.screens}")


if __name__ == "__main__":
    main()
