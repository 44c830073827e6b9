"""SQLite's planner statistics: refreshed after migrate, seed and seed_synthetic, and by
``PRAGMA optimize`` as connections close, so the planner picks the index a query needs."""

import sqlite3

import pytest
from django.core.management import call_command
from django.db import connection

from registry.models import AIModel
from registry.models.timeline import license_event_columns

pytestmark = [pytest.mark.sqlite_only, pytest.mark.django_db]

# What ANALYZE wrote for 100,000 synthetic models, 500 companies and 299,455 events
# (seed_synthetic --models 100000 --seed 1): the statistics the pages were slow with.
STATS_100K = [
    ("registry_aimodel", "aimodel_company_access", "100000 200 34"),
    ("registry_aimodel", "aimodel_company_name_id", "100000 200 1 1"),
    ("registry_aimodel", "aimodel_company_released_id", "100000 200 2 1"),
    ("registry_aimodel", "aimodel_license_name_id", "100000 9091 1 1"),
    ("registry_aimodel", "aimodel_license_released_id", "100000 9091 6 1"),
    ("registry_aimodel", "aimodel_name_id_idx", "100000 2 1"),
    ("registry_aimodel", "aimodel_openness_id", "100000 100000 1"),
    ("registry_aimodel", "aimodel_parameters_id_idx", "100000 9091 1"),
    ("registry_aimodel", "aimodel_released_id", "100000 40 1"),
    ("registry_aimodel", "registry_aimodel_base_model_id_14d042ef", "100000 6"),
    ("registry_aimodel", "sqlite_autoindex_registry_aimodel_1", "100000 1"),
    ("registry_aimodel", "sqlite_autoindex_registry_aimodel_2", "100000 1 1"),
    ("registry_company", "registry_co_country_a15908_idx", "500 42 1"),
    ("registry_company", "sqlite_autoindex_registry_company_1", "500 1"),
    ("registry_company", "sqlite_autoindex_registry_company_2", "500 1"),
    ("registry_releaseevent", "registry_releaseevent_company_id_4293dc86", "299455 599"),
    ("registry_releaseevent", "registry_releaseevent_license_id_bd93ed7f", "299455 27224"),
    ("registry_releaseevent", "registry_releaseevent_model_id_f7f10616", "299455 3"),
    ("registry_releaseevent", "registry_releaseevent_partner_id_b455241b", "299455 299455"),
    ("registry_releaseevent", "releaseevent_company_date_id", "299455 599 3 1"),
    ("registry_releaseevent", "releaseevent_date_id", "299455 95 1"),
    ("registry_releaseevent", "releaseevent_model_date_id", "299455 3 1 1"),
    ("registry_releaseevent", "releaseevent_status_date_id", "299455 149728 95 1"),
    ("registry_releaseevent", "releaseevent_title_id", "299455 2 1"),
    ("registry_releaseevent", "sqlite_autoindex_registry_releaseevent_1", "299455 1"),
]


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


def load_statistics(rows) -> None:
    """Planner statistics as given, without the rows (SQLite's "manual control of query
    plans using the sqlite_stat tables"): the plans of 100,000 models in an empty table."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # creates sqlite_stat1
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.executemany("INSERT INTO sqlite_stat1 VALUES (%s, %s, %s)", rows)
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads them again


@pytest.mark.parametrize(
    "view,ordering,table",
    [
        ("ReleaseEventListView", None, "registry_releaseevent"),
        ("AIModelListView", "-released_on", "registry_aimodel"),
    ],
)
def test_with_statistics_sorted_list_pages_start_from_their_own_rows(view, ordering, table):
    """A page sorted in an order no index gives whole is the first rows of a sort: joined
    to the small companies table, SQLite with statistics read and sorted every row
    (/releases/ 3.7 s, /models/?ordering=-released_on 0.44 s at 100,000 models;
    registry.models.base.with_companies_for_a_sorted_page)."""
    from registry.views import lists
    from registry.views.base import stable_order

    load_statistics(STATS_100K)
    queryset = getattr(lists, view).queryset.all()
    queryset = queryset.order_by(ordering) if ordering else queryset
    used = plan(stable_order(queryset)[:25])
    assert used.startswith(f"SCAN {table}"), used


def test_seed_leaves_statistics():
    call_command("seed", article_only=True, verbosity=0)
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
