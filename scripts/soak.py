"""Soak test: API writes while gunicorn workers are SIGKILLed; no acknowledged write may be lost.

    python scripts/soak.py [--seconds 45] [--workers 3] [--writers 6] [--kill-every 4]

Creates a throwaway PostgreSQL database (on OMR_POSTGRES_URL, default the local server),
migrates it, makes an Editor with a token and starts gunicorn as ``make serve`` does (DEBUG
off, the project's config). Writer threads POST new companies through the API while a killer
SIGKILLs a random worker every few seconds (the master starts a new one). Then it counts the
companies in the database: every write answered 2xx must be there. Prints a table and exits 1
if any acknowledged write is missing. The database is dropped at the end.
"""

import argparse
import collections
import contextlib
import http.client
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TOKEN_SCRIPT = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
user = User.objects.create_user("soak", is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
print(Token.objects.create(user=user).key)
"""


def postgres_sql(admin_url, *statements):
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@contextlib.contextmanager
def throwaway_database(admin_url, label="soak"):
    name = f"omr_tmp_{label}_{os.getpid()}_{secrets.token_hex(3)}"
    postgres_sql(admin_url, f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        postgres_sql(
            admin_url,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()",
            f'DROP DATABASE IF EXISTS "{name}"',
        )


def app_env(database_url, **extra):
    """A production process (DEBUG off) speaking plain HTTP on 127.0.0.1, throttling off."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DATABASE_URL=database_url,
        DJANGO_LOG_LEVEL="WARNING",
        API_THROTTLE_ANON="off",
        API_THROTTLE_USER="off",
    )
    env.update(extra)
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def prepare(env) -> str:
    """Migrates the database and returns the API token of a new Editor."""
    manage(env, "migrate", "--no-input")
    return manage(env, "shell", "-c", TOKEN_SCRIPT).strip().splitlines()[-1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_json(url, body, token, timeout=15):
    """(status, None) for any HTTP answer, (None, exception name) when there was none."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status, None
    except urllib.error.HTTPError as error:
        error.read()
        return error.code, None
    except (OSError, http.client.HTTPException) as error:  # URLError is an OSError
        reason = getattr(error, "reason", None)
        return None, type(reason if isinstance(reason, BaseException) else error).__name__


class Server:
    def __init__(self, env, workers, log_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(log_dir) / "gunicorn.log"
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
                "/dev/null",
                "--error-logfile",
                str(self.log),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_ready(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer:\n{self.log.read_text()}")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def soak(server, token, seconds, writers, kill_every, seed=None):
    """Runs writers and the killer; returns (attempted slugs, {slug: outcome}, kills)."""
    rng = random.Random(seed)
    stop = threading.Event()
    outcomes = {}
    lock = threading.Lock()
    kills = []

    def write(n):
        i = 0
        while not stop.is_set():
            slug = f"soak-{n}-{i}"
            i += 1
            body = {"slug": slug, "name": f"Soak {n}-{i}", "country": "FR"}
            status, error = post_json(server.url + "/api/companies/", body, token)
            with lock:
                outcomes[slug] = status if status is not None else error

    def kill():
        while not stop.wait(kill_every):
            pids = server.worker_pids()
            if pids:
                pid = rng.choice(pids)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                    kills.append(pid)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    threads.append(threading.Thread(target=kill))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return outcomes, kills


def stored_slugs(database_url):
    import psycopg

    with psycopg.connect(database_url) as conn:
        rows = conn.execute("SELECT slug FROM registry_company WHERE slug LIKE 'soak-%'")
        return {row[0] for row in rows}


def report(outcomes, stored, kills, seconds, workers, writers):
    acknowledged = {slug for slug, o in outcomes.items() if isinstance(o, int) and o < 300}
    lost = sorted(acknowledged - stored)
    unacknowledged_found = len(stored - acknowledged)
    failures = collections.Counter(
        str(o) for o in outcomes.values() if not (isinstance(o, int) and o < 300)
    )
    rows = [
        ("duration (s)", seconds),
        ("gunicorn workers / writer threads", f"{workers} / {writers}"),
        ("workers SIGKILLed", len(kills)),
        ("writes attempted", len(outcomes)),
        ("acknowledged (2xx)", len(acknowledged)),
        ("found afterwards", len(stored & acknowledged)),
        ("lost (acknowledged, missing)", len(lost)),
        ("saved without an answer", unacknowledged_found),
    ]
    rows += [(f"error: {name}", count) for name, count in sorted(failures.items())]
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    if lost:
        lines.append("LOST: " + ", ".join(lost[:20]))
    return "\n".join(lines), lost


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--kill-every", type=float, default=4)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--postgres-url", default=os.environ.get("OMR_POSTGRES_URL", DEFAULT_ADMIN_URL)
    )
    args = parser.parse_args(argv)

    import tempfile

    with (
        throwaway_database(args.postgres_url) as database_url,
        tempfile.TemporaryDirectory() as tmp,
    ):
        env = app_env(database_url)
        token = prepare(env)
        server = Server(env, args.workers, tmp)
        try:
            server.wait_ready()
            outcomes, kills = soak(server, token, args.seconds, args.writers, args.kill_every)
        finally:
            server.stop()
        table, lost = report(
            outcomes, stored_slugs(database_url), kills, args.seconds, args.workers, args.writers
        )
    print(table)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
