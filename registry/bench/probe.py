"""The Django side of the benchmark, run once per size in its own process:
``DATABASE_URL=... python -m registry.bench.probe [--explain]`` prints JSON.

It picks the endpoints' parameters from the data (the largest company, a rare search term,
a cursor 90% of the way through the list), and requests each endpoint once through Django's
test client to count the SQL queries it runs, which needs no change to the app under test.
"""

import base64
import json
import math
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from registry.models import AIModel  # noqa: E402
from registry.synthetic import vocab  # noqa: E402

BROAD_TERM = "llama"
HTML_PAGE_SIZE = 25
HTML_COUNT_CAP = 10_000


def scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def rare_term() -> str:
    """The publisher handle of the first synthetic model that has one ("zorvex")."""
    families = {family for family, *_ in vocab.FAMILIES}
    for name in AIModel.objects.order_by("id").values_list("name", flat=True)[:500]:
        first = name.split("-")[0].lower()
        if first not in families:
            return first
    raise RuntimeError("No model name with a publisher handle")


def deep_cursor(client: Client, total: int) -> str:
    """A cursor for the page 90% of the way through the default (name) order.

    Made by taking page 1's ``next`` cursor and putting in the boundary values of a deeper
    row, so it is exactly what a client following ``next`` links would eventually send.
    """
    first = client.get("/api/models/").json()
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    if payload["o"] != ["name", "id"]:
        raise RuntimeError(f"Unexpected default order {payload['o']}")
    name, pk = scalar(
        "SELECT name, id FROM registry_aimodel ORDER BY name, id OFFSET %s LIMIT 1",
        [int(total * 0.9)],
    )
    payload["v"] = [name, pk]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def endpoints(client: Client) -> dict[str, str]:
    total = AIModel.objects.count()
    company = scalar(
        "SELECT c.slug FROM registry_company c JOIN registry_aimodel m ON m.company_id = c.id "
        "GROUP BY c.slug ORDER BY count(*) DESC, c.slug LIMIT 1"
    )[0]
    detail = scalar("SELECT slug FROM registry_aimodel ORDER BY id OFFSET %s LIMIT 1", [total // 2])
    last_page = math.ceil(min(total, HTML_COUNT_CAP) / HTML_PAGE_SIZE)
    html = {
        "HTML list": "/models/",
        "HTML deep page": f"/models/?page={last_page}",
    }
    if client.get("/models/").status_code == 404:  # the public pages are not in this version
        html = {}
    return {
        "API list": "/api/models/",
        "API filtered": (
            f"/api/models/?company={company}&license={vocab.PREFIX}apache-2-0&ordering=-released_on"
        ),
        "API search, selective": f"/api/models/?q={rare_term()}",
        "API search, broad": f"/api/models/?q={BROAD_TERM}",
        "API detail": f"/api/models/{detail[0]}/",
        "API deep page": f"/api/models/?cursor={deep_cursor(client, total)}",
        **html,
    }


def main_statement(queries) -> str | None:
    """The statement that reads the models (the one worth an EXPLAIN)."""
    for query in queries:
        sql = query["sql"]
        if sql.startswith("SELECT") and 'FROM "registry_aimodel"' in sql and "LIMIT" in sql:
            return sql
    return None


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    client = Client(headers={"X-Forwarded-Proto": "https"})
    paths = endpoints(client)
    report = {"endpoints": paths, "queries": {}, "explain": {}}
    for name, path in paths.items():
        client.get(path)  # warm caches so the plan below is a steady-state one
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        report["queries"][name] = len(captured.captured_queries)
        statement = main_statement(captured.captured_queries)
        if "--explain" in sys.argv and statement:
            report["explain"][name] = {"sql": statement, "plan": explain(statement)}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
