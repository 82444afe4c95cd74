"""How long until Roundtable answers healthy: first start (empty data folder) and second start.

Run: .venv/bin/python bench/startup.py
Measures `manage.py start` (what bin/run execs once the virtual environment is ready): migrate,
demo data, web server and worker, until /health/ reports the worker alive. Prints seconds.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(port: int) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/", headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=1) as response:  # noqa: S310 - localhost
            return json.load(response)["status"] == "ok"
    except OSError:
        return False


def time_start(data_dir: str) -> float:
    port = _port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env |= {"ROUNDTABLE_DATA_DIR": data_dir, "ROUNDTABLE_PORT": str(port)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "start"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = started + 120
        while not _healthy(port):
            if time.perf_counter() > deadline or process.poll() is not None:
                raise SystemExit("Roundtable did not become healthy")
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        first = time_start(data_dir)
        second = [time_start(data_dir) for _ in range(3)]
    print(f"first start (migrate + demo + web + worker healthy): {first:.2f} s")
    print(f"second start, best of 3:                              {min(second):.2f} s")
    print(f"second start, worst of 3:                             {max(second):.2f} s")


if __name__ == "__main__":
    main()
