"""Backups reproduce the data exactly: pg_dump/pg_restore, SQLite's backup API, and the
natural-key export through dumpdata/loaddata."""

import sqlite3
from contextlib import closing

import pytest
from django.apps import apps
from simple_history.models import HistoricalChanges

from registry.backup import NOT_EXPORTED
from tests.servers import app_env, manage, require_postgres, throwaway_database

# Rows of every kind, with history, a model derived from another (a self-reference that
# loaddata must resolve) and citations whose natural keys span three tables.
POPULATE = """
from django.contrib.auth.models import User
from tests import factories as f

editor = User.objects.create_user("backup-editor", "backup@example.org", "pw")
source = f.SourceFactory(slug="article")
company = f.CompanyFactory(slug="deepseek", name="DeepSeek")
base = f.AIModelFactory(slug="deepseek-v3", company=company)
derived = f.AIModelFactory(slug="deepseek-r1", company=company, base_model=base,
                           license=base.license, description="Reasoning \\u00e9\\u4e2d")
f.ReleaseEventFactory(slug="r1-release", company=company, model=derived)
derived.description += " (updated)"
derived._history_user = editor
derived.save()
for obj, model in [(company, "CompanyCitation"), (derived, "AIModelCitation")]:
    getattr(__import__("registry.models", fromlist=[model]), model).objects.create(
        **{model.removesuffix("Citation").lower().replace("aimodel", "model"): obj},
        source=source, claim="name", quote="Quoted sentence.")
"""


def populated(database_url: str, tmp_path) -> dict[str, str]:
    env = app_env(database_url)
    manage("migrate", "--no-input", env=env)
    manage("shell", "-c", POPULATE, env=env)
    return env


def sqlite_tables(path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as conn:
        names = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        ]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}


def postgres_tables(url: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(url) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        tables = {name: sorted(conn.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}
        sequences = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
    return {**tables, "(sequences)": sorted(sequences, key=repr)}


def registry_rows_by_natural_key(query) -> dict[str, list[tuple]]:
    """Each registry table (no history) with ids replaced by the slugs they point to."""
    result = {}
    for model in apps.get_app_config("registry").get_models():
        if issubclass(model, HistoricalChanges) or model._meta.label in NOT_EXPORTED:
            continue
        table = model._meta.db_table
        columns = []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.is_relation:
                target = field.related_model._meta.db_table
                columns.append(f'(SELECT slug FROM "{target}" WHERE id = t."{field.column}")')
            else:
                columns.append(f't."{field.column}"')
        result[table] = sorted(query(f'SELECT {", ".join(columns)} FROM "{table}" t'), key=repr)
    return result


def test_sqlite_backup_and_restore_reproduce_every_table(tmp_path):
    source = tmp_path / "live.sqlite3"
    env = populated(f"sqlite:///{source}", tmp_path)
    backup = tmp_path / "registry.sqlite3.bak"
    manage("backup", str(backup), env=env)

    restored = tmp_path / "restored.sqlite3"
    manage("restore", str(backup), "--no-input", env=app_env(f"sqlite:///{restored}"))

    before, after = sqlite_tables(source), sqlite_tables(restored)
    assert len(before["registry_aimodel"]) == 2
    assert len(before["registry_historicalaimodel"]) == 3
    assert len(before["registry_historicalaimodelcitation"]) == 1
    assert after == before


def test_natural_key_export_round_trip_reproduces_the_registry(tmp_path):
    source = tmp_path / "live.sqlite3"
    env = populated(f"sqlite:///{source}", tmp_path)
    export = tmp_path / "registry.xml"
    manage("backup", str(export), env=env)
    assert ' pk="' not in export.read_text()  # natural keys only: loads into any database

    target = tmp_path / "fresh.sqlite3"
    target_env = app_env(f"sqlite:///{target}")
    manage("migrate", "--no-input", env=target_env)
    manage("restore", str(export), "--no-input", env=target_env)
    # Loading twice changes nothing: rows are matched by natural key, not duplicated.
    manage("restore", str(export), "--no-input", env=target_env)

    def rows(path):
        with closing(sqlite3.connect(path)) as conn:
            return registry_rows_by_natural_key(lambda sql: conn.execute(sql).fetchall())

    before, after = rows(source), rows(target)
    assert len(before["registry_aimodelcitation"]) == 1
    assert after == before


def test_postgres_dump_and_restore_reproduce_every_table_and_sequence(tmp_path):
    admin_url = require_postgres()
    with (
        throwaway_database(admin_url, "backup_src") as source,
        throwaway_database(admin_url, "backup_dst") as target,
    ):
        env = populated(source, tmp_path)
        backup = tmp_path / "registry.dump"
        manage("backup", str(backup), env=env)
        assert backup.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format

        manage("restore", str(backup), "--no-input", env=app_env(target))
        before, after = postgres_tables(source), postgres_tables(target)
        assert len(before["registry_historicalaimodel"]) == 3
        assert after == before

        # The restored database takes new rows: sequences continue after the restored ids.
        manage(
            "shell",
            "-c",
            "from tests.factories import CompanyFactory; CompanyFactory(slug='after-restore')",
            env=app_env(target),
        )


@pytest.mark.parametrize("path", ["x.dump", "x.xml"])
def test_restore_asks_before_overwriting(path, tmp_path):
    import subprocess
    import sys

    from tests.servers import ROOT

    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / path)],
        cwd=ROOT,
        env=app_env(f"sqlite:///{tmp_path / 'db.sqlite3'}"),
        input="no\n",
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Restore cancelled" in result.stderr
