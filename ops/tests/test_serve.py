"""The run command's heart: web server and worker start together, a crashed worker is
restarted, and Ctrl-C or SIGTERM stops both."""

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import clean_env

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _health(port: int) -> dict | None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/health/", headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - localhost
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)
    except OSError:
        return None


@pytest.fixture
def sqlite_env(tmp_path) -> dict:
    env = clean_env(ROUNDTABLE_DATA_DIR=str(tmp_path), ROUNDTABLE_WORKER_HEARTBEAT_SECONDS="1")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    return env


def _serve_until_healthy(env: dict) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    health = None
    for _ in range(150):
        health = _health(port)
        if health and health["worker"]["status"] == "ok":
            break
        time.sleep(0.2)
    assert health is not None and health["status"] == "ok", health
    return process, port


def _children_gone(port: int) -> bool:
    for _ in range(50):
        web = subprocess.run(["pgrep", "-f", f"--port {port}"], capture_output=True, text=True)
        if web.stdout.strip() == "" and _health(port) is None:
            return True
        time.sleep(0.2)
    return False


def test_serve_runs_web_and_worker_and_ctrl_c_stops_both(sqlite_env):
    process, port = _serve_until_healthy(sqlite_env)
    try:
        [worker] = _children(process, "manage.py worker")
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "Roundtable stopped." in output
    assert _children_gone(port) and _gone(worker)


def _children(launcher: subprocess.Popen, pattern: str) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(launcher.pid), "-f", pattern], capture_output=True, text=True
    )
    return [int(pid) for pid in found.stdout.split()]


def _gone(pid: int) -> bool:
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_a_crashed_worker_is_restarted_and_sigterm_stops_web_and_worker(sqlite_env):
    process, port = _serve_until_healthy(sqlite_env)
    try:
        [web] = _children(process, "uvicorn")
        [first_worker] = _children(process, "manage.py worker")
        os.kill(first_worker, signal.SIGKILL)
        for _ in range(150):
            workers = _children(process, "manage.py worker")
            if workers and workers != [first_worker]:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("no new worker was started")
        [second_worker] = workers
        assert _health(port) is not None  # the web server kept answering
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert "The worker stopped (exit code -9, killed by SIGKILL); restarting it" in output
    assert process.returncode == 0 and "Roundtable stopped." in output
    assert _gone(web) and _gone(second_worker)
    assert _children_gone(port)


def test_a_crashed_web_server_stops_everything_and_says_so(sqlite_env):
    process, port = _serve_until_healthy(sqlite_env)
    try:
        [web] = _children(process, "uvicorn")
        [worker] = _children(process, "manage.py worker")
        os.kill(web, signal.SIGKILL)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 1
    assert "The web server stopped (exit code -9, killed by SIGKILL); stopping the worker" in output
    assert _gone(worker)


def test_killing_the_launcher_takes_web_and_worker_down_with_it(sqlite_env):
    process, port = _serve_until_healthy(sqlite_env)
    worker_pids = subprocess.run(
        ["pgrep", "-P", str(process.pid), "-f", "manage.py worker"], capture_output=True, text=True
    ).stdout.split()
    assert len(worker_pids) == 1
    process.kill()
    process.wait(timeout=10)
    assert _children_gone(port)
    for _ in range(50):
        if subprocess.run(["kill", "-0", worker_pids[0]], capture_output=True).returncode != 0:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the worker outlived its launcher")


def test_serve_on_a_busy_port_says_how_to_pick_another(sqlite_env):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "manage.py", "serve", "--port", str(port)],
            cwd=ROOT,
            env=sqlite_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert f"ROUNDTABLE_PORT={port + 1}" in result.stderr


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _mode_once_it_exists(path, port, seconds=15):
    """SQLite removes its write-ahead log when the last connection closes: ask the server for
    its health (a query) until the log it opens is there."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        _health(port)
        try:
            return _mode(path)
        except FileNotFoundError:
            time.sleep(0.02)
    raise AssertionError(f"{path.name} never appeared while serving")


def test_serving_keeps_the_data_folder_to_its_user(sqlite_env, tmp_path):
    # As an installation made before this rule: readable by everyone.
    database, key = tmp_path / "roundtable.sqlite3", tmp_path / "secret_key"
    tmp_path.chmod(0o755)
    database.chmod(0o644)
    key.chmod(0o644)
    process, port = _serve_until_healthy(sqlite_env)
    try:
        assert _mode(tmp_path) == 0o700
        assert _mode(key) == 0o600 and _mode(database) == 0o600
        # Files created while serving (by the web server and worker) are private too.
        assert _mode_once_it_exists(tmp_path / "roundtable.sqlite3-wal", port) == 0o600
        assert _mode(tmp_path / "tmp") == 0o700
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
