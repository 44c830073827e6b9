"""One PostgreSQL database per size, seeded once and reused by later runs."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from .servers import ROOT

SIZES = {"1k": 1_000, "100k": 100_000, "1m": 1_000_000}
SEED = 1


def server_url() -> str:
    """Where the benchmark databases live (a server, no database name)."""
    return os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def database_name(label: str) -> str:
    return f"omr_bench_{label}"


def database_url(label: str) -> str:
    return f"{server_url()}/{database_name(label)}"


def admin_connection():
    return psycopg.connect(f"{server_url()}/postgres", autocommit=True)


def manage(label: str, *args: str, quiet: bool = False, url: str | None = None) -> None:
    env = {**os.environ, "DATABASE_URL": url or database_url(label), "DJANGO_DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def seeded_models(label: str) -> int | None:
    """Synthetic models in the size's database, or None when it does not exist."""
    with admin_connection() as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database_name(label)]
        ).fetchone()
    if not exists:
        return None
    with psycopg.connect(database_url(label)) as connection:
        try:
            return connection.execute(
                "SELECT count(*) FROM registry_aimodel WHERE slug LIKE 'syn-%%'"
            ).fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return 0


def seed_note(label: str) -> str:
    with admin_connection() as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [database_name(label)],
        ).fetchone()
    return (row and row[0]) or "seeded by an earlier run"


def prepare(label: str, reseed: bool = False) -> str:
    """Create, migrate and seed the size's database unless it already holds that many models.

    Returns how long seeding took (recorded as the database's comment, so reruns can say it).
    """
    name = database_name(label)
    if not re.fullmatch(r"omr_bench_[a-z0-9]+", name):
        raise ValueError(name)
    models = SIZES[label]
    if not reseed and seeded_models(label) == models:
        try:
            # New migrations (indexes) still apply to a database seeded by an earlier run.
            manage(label, "migrate", "--no-input", quiet=True)
        except subprocess.CalledProcessError:
            print(f"{name}: its migrations no longer apply; seeding it again", flush=True)
            reseed = True
    else:
        reseed = True
    if reseed:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        manage(label, "migrate", "--no-input", quiet=True)
        started = time.monotonic()
        manage(label, "seed_synthetic", "--models", str(models), "--seed", str(SEED))
        note = f"seeded {models:,} models in {time.monotonic() - started:.0f} s"
        with admin_connection() as admin:
            admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{note}'")
    return seed_note(label)


def seed_sqlite(path: str, models: int) -> str:
    """The URL of a SQLite file holding ``models`` synthetic models, seeding it if it is new.

    Migrated on every run, as the PostgreSQL databases are (new indexes, the cache table)."""
    url = f"sqlite:///{Path(path).resolve()}"
    new = not Path(path).exists()
    manage(path, "migrate", "--no-input", quiet=True, url=url)
    if new:
        manage(path, "seed_synthetic", "--models", str(models), "--seed", str(SEED), url=url)
    return url
