import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from roundtable.env import env_int, env_str


class Command(BaseCommand):
    help = "Run the web server (uvicorn, ASGI) and the background worker together until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=env_str("ROUNDTABLE_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("ROUNDTABLE_PORT", 8000))

    def handle(self, *, host: str, port: int, **options):
        """Steps: check the port is free, start both processes, wait; stop both on a signal or
        when either one ends."""
        _check_port_free(host, port)
        env = {
            **os.environ,
            "ROUNDTABLE_SITE_URL": env_str("ROUNDTABLE_SITE_URL") or _url(host, port),
        }
        manage = str(settings.BASE_DIR / "manage.py")
        commands = {
            "web": [
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
            ],
            "worker": [sys.executable, manage, "worker"],
        }
        processes = {
            name: subprocess.Popen(
                command,
                env=env,
                cwd=settings.BASE_DIR,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # noqa: PLW1509 - only calls prctl
            )
            for name, command in commands.items()
        }
        stopping = {"signal": None}

        def on_signal(signum, frame):
            stopping["signal"] = signum

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        self.stdout.write(
            f"Web server and worker started (pids {processes['web'].pid}, "
            f"{processes['worker'].pid}). Press Ctrl-C to stop both."
        )
        exited = None
        while stopping["signal"] is None and exited is None:
            for name, process in processes.items():
                if process.poll() is not None:
                    exited = name
            time.sleep(0.2)
        if exited:
            self.stderr.write(
                f"The {exited} process stopped (exit {processes[exited].returncode}); "
                "stopping the other one."
            )
        _stop_all(processes.values())
        self.stdout.write("Roundtable stopped.")
        if exited:
            sys.exit(1)


def _die_with_parent() -> None:
    """In the child: get SIGTERM if this launcher dies, even by SIGKILL (Linux only)."""
    if sys.platform.startswith("linux"):
        import ctypes

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


def _stop_all(processes) -> None:
    processes = list(processes)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
