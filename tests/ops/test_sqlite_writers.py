"""SQLite under concurrent writers: no "database is locked" errors (WAL, busy timeout and
IMMEDIATE transactions in settings.DATABASES)."""

import json
import subprocess
import sys

from tests.servers import ROOT, app_env, manage

PROCESSES = 8
WRITES = 25


def test_concurrent_writers_never_see_database_is_locked(tmp_path):
    env = app_env(f"sqlite:///{tmp_path / 'shared.sqlite3'}")
    manage("migrate", "--no-input", env=env)
    result = subprocess.run(
        [sys.executable, "-m", "tests.sqlite_writers", str(PROCESSES), str(WRITES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["outcomes"] == {"ok": PROCESSES * WRITES}
    assert summary["companies"] == 1 + PROCESSES * WRITES
    # One history row per creation and per update of the shared row, all committed.
    assert summary["history"] == 1 + 2 * PROCESSES * WRITES
