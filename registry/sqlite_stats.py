"""SQLite's planner statistics, kept current as SQLite's documentation recommends.

SQLite picks an index from the row counts ``ANALYZE`` stores in ``sqlite_stat1``; without
them it guesses from the schema alone. At 100,000 synthetic models it guessed wrong for the
API model list: the page's license-history query walked the ``(status, date, id)`` index
over every event that happened instead of looking the page's models up by ``model_id``
(630-870 ms a page instead of 14 ms). So:

- ``analyze()`` after anything that changes many rows at once: ``migrate`` (registry/apps.py),
  ``seed``, ``seed_synthetic`` and the dataset imports;
- ``optimize()`` as each connection closes (registry/sqlite/base.py, which closes one per
  request): ``PRAGMA optimize`` re-analyzes only the tables whose statistics the
  connection's queries found missing or stale, usually none, so it costs next to nothing.

PostgreSQL needs neither: its autovacuum analyzes tables as they change.
"""


def analyze(connection) -> None:
    """Refresh the planner statistics of every table, on SQLite (a no-op elsewhere).

    Call it after loading or deleting many rows. Takes about a second per million rows."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def optimize(raw_connection) -> None:
    """``PRAGMA optimize`` on a DB-API sqlite3 connection about to be closed.

    Without ``analysis_limit``: a sampled ANALYZE (400 rows an index, as SQLite suggests for
    long-lived connections) counted 401 events per status where there are 150,000, and the
    planner kept the wrong index. A full one runs only when statistics are missing or a
    table grew 25-fold, about a second per 100,000 events."""
    raw_connection.execute("PRAGMA optimize")
