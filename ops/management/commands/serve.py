import ctypes
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops.services import data_folder_make_private
from roundtable.env import env_int, env_str

RESTART_DELAYS = [1, 2, 5, 10, 30]  # seconds before restarting a worker that keeps crashing
STEADY_SECONDS = 60  # a worker that ran this long before crashing starts again after 1 s
STOP_TIMEOUT = 15  # seconds a child has to stop on SIGTERM before it is killed


class Command(BaseCommand):
    help = (
        "Run the web server (uvicorn, ASGI) and the background worker together until Ctrl-C; "
        "a worker that crashes is restarted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=env_str("ROUNDTABLE_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("ROUNDTABLE_PORT", 8000))

    def handle(self, *, host: str, port: int, **options):
        """Steps: check the port is free, make the data folder private, catch SIGINT and SIGTERM,
        start both processes, then supervise: restart a crashed worker after a growing delay,
        stop everything when the web server ends or a signal comes."""
        _check_port_free(host, port)
        data_folder_make_private()  # and the children inherit the umask
        stopping = {"signal": None}

        def on_signal(signum, frame):
            stopping["signal"] = signum

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        env = {
            **os.environ,
            "ROUNDTABLE_SITE_URL": env_str("ROUNDTABLE_SITE_URL") or _url(host, port),
        }
        manage = str(settings.BASE_DIR / "manage.py")
        web = _spawn(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "roundtable.asgi:application",
                "--host",
                host,
                "--port",
                str(port),
                "--no-server-header",
                "--lifespan",
                "off",
                # Open WebSockets must not hold a stop for ever.
                "--timeout-graceful-shutdown",
                "5",
            ],
            env,
        )
        worker_command = [sys.executable, manage, "worker"]
        worker, worker_started = _spawn(worker_command, env), time.monotonic()
        self.stdout.write(
            f"Web server and worker started (pids {web.pid}, {worker.pid}). "
            "Press Ctrl-C to stop both."
        )
        crashes, restart_at = 0, None
        while stopping["signal"] is None:
            if web.poll() is not None:
                self.stderr.write(
                    f"The web server stopped ({_exit(web.returncode)}); stopping the worker. "
                    "See the messages above for why, then start Roundtable again."
                )
                _stop_all([worker] if worker else [])
                sys.exit(1)
            if worker is not None and worker.poll() is not None:
                if time.monotonic() - worker_started >= STEADY_SECONDS:
                    crashes = 0
                delay = RESTART_DELAYS[min(crashes, len(RESTART_DELAYS) - 1)]
                crashes += 1
                self.stderr.write(
                    f"The worker stopped ({_exit(worker.returncode)}); restarting it in {delay} s."
                )
                worker, restart_at = None, time.monotonic() + delay
            if worker is None and time.monotonic() >= restart_at:
                worker, worker_started = _spawn(worker_command, env), time.monotonic()
                self.stderr.write(f"Worker restarted (pid {worker.pid}).")
            time.sleep(0.2)
        _stop_all([web] + ([worker] if worker else []))
        self.stdout.write("Roundtable stopped.")


def _spawn(command: list[str], env: dict) -> subprocess.Popen:
    # Own session: Ctrl-C in the terminal reaches only this launcher, which stops the children
    # in order.
    return subprocess.Popen(
        command,
        env=env,
        cwd=settings.BASE_DIR,
        start_new_session=True,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - only calls prctl
    )


def _exit(returncode: int) -> str:
    if returncode < 0:
        return f"exit code {returncode}, killed by {signal.Signals(-returncode).name}"
    return f"exit code {returncode}"


def _die_with_parent() -> None:
    """In the child: get SIGTERM if this launcher dies, even by SIGKILL (Linux only)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - display only
    return f"http://{shown}:{port}"


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            raise CommandError(
                f"Port {port} on {host} is already in use (another Roundtable?). Stop it, or start "
                f"on another port: ROUNDTABLE_PORT={port + 1} bin/run"
            ) from None


def _stop_all(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to each child, wait up to STOP_TIMEOUT for all of them, then SIGKILL the rest."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
