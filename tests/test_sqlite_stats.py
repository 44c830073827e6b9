"""SQLite's planner statistics: refreshed after migrate, seed and seed_synthetic, and by
``PRAGMA optimize`` as connections close, so the planner picks the index a query needs."""

import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection

from registry.models import AIModel
from registry.models.timeline import license_event_columns

pytestmark = [pytest.mark.sqlite_only, pytest.mark.django_db]


def analyzed_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return set()
        cursor.execute("SELECT tbl FROM sqlite_stat1")
        return {row[0] for row in cursor.fetchall()}


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_seed_synthetic_leaves_statistics_and_the_license_history_uses_the_model_index():
    """The API model list reads the license-setting events of its page's models: without
    statistics SQLite walked the (status, date, id) index over every event instead. (At a
    few hundred models the two plans cost about the same; at a thousand the statistics tell.)"""
    call_command("seed_synthetic", "--models", "1000", verbosity=0)
    assert {"registry_aimodel", "registry_releaseevent"} <= analyzed_tables()
    page = list(AIModel.objects.order_by("name").values_list("pk", flat=True)[:25])
    used = plan(license_event_columns().filter(model_id__in=page))
    assert "releaseevent_status_date_id" not in used, used
    assert "model" in used.split("INDEX", 1)[1], used


def test_with_statistics_the_releases_page_walks_the_date_index(client):
    """Sorted by date then title, the page is the first rows of a sort: joined to the
    companies, SQLite with statistics read and sorted every event (ReleaseEventQuerySet.
    for_list_page)."""
    from registry.views.base import stable_order
    from registry.views.lists import ReleaseEventListView

    call_command("seed_synthetic", "--models", "1000", verbosity=0)
    assert client.get("/releases/").status_code == 200
    used = plan(stable_order(ReleaseEventListView.queryset.all())[:25])
    assert used.startswith("SCAN registry_releaseevent USING INDEX releaseevent_date_id"), used


def test_seed_leaves_statistics():
    call_command("seed", verbosity=0)
    assert {"registry_aimodel", "registry_company", "registry_license"} <= analyzed_tables()


def test_a_closing_connection_analyzes_tables_its_queries_found_unanalyzed(tmp_path):
    """``PRAGMA optimize`` as the registry's SQLite backend closes a connection."""
    from registry.sqlite.base import DatabaseWrapper

    path = tmp_path / "grown.sqlite3"
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": str(path), "TEST": {}})
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, kind INTEGER)")
        cursor.execute("CREATE INDEX item_kind ON item (kind)")
        cursor.executemany("INSERT INTO item (kind) VALUES (?)", [(i % 7,) for i in range(2000)])
        cursor.execute("SELECT count(*) FROM item WHERE kind = 3")
    wrapper.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall() == [
            ("item", "item_kind")
        ]
