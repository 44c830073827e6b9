"""Real processes for fault tests: throwaway PostgreSQL databases, manage.py, gunicorn.

Everything listens on 127.0.0.1 and every wait is bounded.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = secrets.token_urlsafe(60)


def postgres_admin_url() -> str:
    """A URL of the PostgreSQL server the suite may create databases on."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0] + "/postgres"
    return os.environ.get("OMR_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def require_postgres() -> str:
    """The server URL, or a skip (a failure under OMR_REQUIRE_POSTGRES=1) when absent."""
    import psycopg

    url = postgres_admin_url()
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL is not reachable at {url}: {exc}"
        if os.environ.get("OMR_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        print(reason)
        pytest.skip(reason)
    return url


def postgres_sql(admin_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def terminate_sql(name: str) -> str:
    return (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


@contextlib.contextmanager
def throwaway_database(admin_url: str, label: str):
    """Creates a database named for this test run and drops it afterwards; yields its URL."""
    name = f"omr_tmp_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    postgres_sql(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        postgres_sql(
            admin_url,
            f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true',
            terminate_sql(name),
            f'DROP DATABASE IF EXISTS "{name}"',
        )


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production process (DEBUG off) speaking plain HTTP locally."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DATABASE_URL=database_url,
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], timeout: int = 300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}"
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body=None, headers=None, timeout: float = 15):
    """(status, headers, text) of one request; HTTP errors are answers, not exceptions."""
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


class Gunicorn:
    """gunicorn with the project's config file, as ``make serve`` runs it."""

    def __init__(self, env: dict[str, str], workers: int, log_dir: Path, *extra_args: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.access_log = log_dir / "access.log"
        self.error_log = log_dir / "error.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "registry/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--access-logfile",
                str(self.access_log),
                "--error-logfile",
                str(self.error_log),
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_ready(self, attempts: int = 100) -> None:
        for _ in range(attempts):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.error_log.read_text()}")
            try:
                if http("GET", self.url + "/healthz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer:\n{self.error_log.read_text()}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log_dir: Path, workers: int = 2, *extra_args: str):
    server = Gunicorn(env, workers, log_dir, *extra_args)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def admin_session(base_url: str, username: str, password: str) -> str:
    """Logs in through the admin login form; returns the Cookie header of the session."""
    import re
    from http.cookies import SimpleCookie

    status, headers, body = http("GET", base_url + "/admin/login/")
    assert status == 200, body
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie"):
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = f"csrfmiddlewaretoken={token}&username={username}&password={password}".encode()
    cookie = f"csrftoken={cookies['csrftoken'].value}"
    request = urllib.request.Request(
        base_url + "/admin/login/?next=/admin/",
        data=form,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request, timeout=15)
        raise AssertionError("the admin login did not redirect")
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read().decode()
        for header in answer.headers.get_all("Set-Cookie"):
            cookies.load(header)
    return f"csrftoken={cookies['csrftoken'].value}; sessionid={cookies['sessionid'].value}"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
