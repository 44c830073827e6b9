"""Backups of the registry's database: physical copies (``pg_dump`` custom format, SQLite's
online backup API) that keep everything including history, and a natural-key export of the
registry's own rows that loads into any database (``dumpdata``/``loaddata``).

The export is XML rather than JSON because Django's JSON encoder cuts timestamps to
milliseconds; the XML serializer keeps them exact, so a round trip reproduces every value.
"""

import os
import sqlite3
import subprocess
from contextlib import closing

from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connections
from simple_history.models import HistoricalChanges

# Readers' suggestions are the editors' inbox, not registry data: they have no natural key
# and hold contributors' e-mail addresses. The native backups keep them with everything else.
NOT_EXPORTED = ("registry.Suggestion",)


def registry_model_labels() -> list[str]:
    """The registry's rows without their history: history keys rows by id, which a
    natural-key export deliberately leaves out."""
    return [
        model._meta.label
        for model in apps.get_app_config("registry").get_models()
        if not issubclass(model, HistoricalChanges) and model._meta.label not in NOT_EXPORTED
    ]


def export_natural_keys(path: str) -> None:
    call_command(
        "dumpdata",
        *registry_model_labels(),
        natural_foreign=True,
        natural_primary=True,
        format="xml",
        indent=2,
        output=path,
        verbosity=0,
    )


def import_natural_keys(path: str) -> None:
    call_command("loaddata", path, verbosity=0)


def postgres_command(program: str, database: dict, *args: str) -> None:
    """Runs a PostgreSQL client with the connection in its environment, never in argv."""
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, variable in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    if database.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    result = subprocess.run([program, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(f"{program} failed: {result.stderr.strip()}")


def sqlite_copy(source_path, target_path) -> None:
    with closing(sqlite3.connect(source_path)) as source:
        with closing(sqlite3.connect(target_path)) as target:
            source.backup(target)


def backup_native(path: str, alias: str = "default") -> None:
    connection = connections[alias]
    if connection.vendor == "postgresql":
        postgres_command("pg_dump", connection.settings_dict, "--format=custom", f"--file={path}")
    elif connection.vendor == "sqlite":
        # The online backup API copies a consistent snapshot while the app keeps writing.
        sqlite_copy(connection.settings_dict["NAME"], path)
    else:
        raise CommandError(f"No native backup for {connection.vendor}; use an .xml export.")


def restore_native(path: str, alias: str = "default") -> None:
    connection = connections[alias]
    connection.close()
    if connection.vendor == "postgresql":
        postgres_command(
            "pg_restore",
            connection.settings_dict,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            path,
        )
    elif connection.vendor == "sqlite":
        sqlite_copy(path, connection.settings_dict["NAME"])
    else:
        raise CommandError(f"No native restore for {connection.vendor}; use an .xml export.")
