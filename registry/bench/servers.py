"""The two servers under test, each a gunicorn with the same worker count."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Nothing listens on 127.0.0.1:{port} after {timeout} s")


@contextmanager
def gunicorn(app: str, env: dict, workers: int, log: Path):
    """Serve the WSGI ``app`` on a free loopback port; yields its base URL.

    Both servers run with the production settings of registry/gunicorn.conf.py (sync
    workers, access log), except: the worker count is fixed, workers are not recycled
    (a restart mid-run would measure Django's start-up), and the log goes to ``log``.
    """
    port = free_port()
    server_env = {
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_ACCESS_LOG": str(log),
        "GUNICORN_ERROR_LOG": str(log),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "registry/gunicorn.conf.py", app]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **env, **server_env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
