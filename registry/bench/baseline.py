"""The raw-SQL limit: a bare WSGI app (psycopg 3 + orjson, no Django) serving the benchmark's
endpoints with the SQL the registry runs for them and the same JSON shapes.

Only what the benchmark requests is implemented: the model list (``company``, ``license``,
``q``, ``ordering`` of ``name`` or ``-released_on``, ``cursor``), a model by slug, and the
HTML model list's queries (answered as JSON: the limit a template could approach). Each
statement is the one Django emits, down to its joins, column lists (``table.*`` is every
column, as Django selects every field), ORDER BY and LIMIT. Like Django it binds parameters
on the client (``ClientCursor``), so neither side gets server-side prepared statements.

Run: ``BENCH_DATABASE_URL=postgres://... gunicorn registry.bench.baseline:application``.
"""

import base64
import json
import os
from urllib.parse import parse_qs, urlencode

import orjson
import psycopg

OPEN_WEIGHTS = {"open-unrestricted", "open-restricted", "open-noncommercial"}
PAGE_SIZE = 25
HTML_COUNT_CAP = 10_000
COMPANY_MATCHES = 1000
FROM_MODELS = (
    'FROM "registry_aimodel" m INNER JOIN "registry_company" c ON (m."company_id" = c."id") '
    '{license_join} JOIN "registry_license" l ON (m."license_id" = l."id") '
    'LEFT OUTER JOIN "registry_aimodel" b ON (m."base_model_id" = b."id") '
    'LEFT OUTER JOIN "registry_opennessassessment" o ON (m."id" = o."model_id") '
    'LEFT OUTER JOIN "registry_source" os ON (o."open_source_claim_source_id" = os."id")'
)
# The joined tables' columns: every one (None) for one model, as with_related() selects them;
# on a list only those an item shows, as AIModel.objects.for_api_list() selects them.
MODEL_TABLES = (
    ("m", "registry_aimodel", None),
    ("c", "registry_company", ["id", "slug", "name", "country"]),
    (
        "l",
        "registry_license",
        [
            "id",
            "slug",
            "name",
            "spdx_id",
            "url",
            "category",
            "osi_approved",
            "commercial_use",
            "mau_limit",
            "excluded_territories",
            "attribution_required",
            "acceptable_use_policy_url",
        ],
    ),
    ("b", "registry_aimodel", ["id", "slug"]),
    ("o", "registry_opennessassessment", None),
    ("os", "registry_source", ["id", "url"]),
)


def select_models(listing: bool) -> tuple[str, list[tuple]]:
    """The model query's SELECT list, and the (table, columns) parts its rows split into."""
    columns, parts = [], []
    for alias, table, shown in MODEL_TABLES:
        names = shown if listing else None
        columns.append(
            f"{alias}.*" if names is None else ", ".join(f'{alias}."{n}"' for n in names)
        )
        parts.append((table, names))
    return ", ".join(columns), parts


LICENSE_EVENT_KINDS = ("release", "open-sourcing", "license-change")
ORDERS = {
    # ordering parameter -> (ORDER BY, key columns, descending, nullable column)
    "name": ('m."name" ASC, m."id" ASC', ["name", "id"], False, None),
    # The API reads known dates as one index range and rows without a date after them.
    "-released_on": (
        'm."released_on" DESC, m."id" DESC',
        ["-released_on", "id"],
        True,
        "released_on",
    ),
}


class Database:
    """One connection per worker process, opened on first use (after gunicorn forks)."""

    def __init__(self, url: str):
        self.url, self.connection, self.columns, self.queries = url, None, {}, 0

    def cursor(self):
        if self.connection is None or self.connection.closed:
            self.connection = psycopg.connect(
                self.url, autocommit=True, cursor_factory=psycopg.ClientCursor
            )
            self.connection.execute("SET TIME ZONE 'UTC'")
        return self.connection.cursor()

    def all(self, sql: str, params=()) -> list[tuple]:
        self.queries += 1
        with self.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def all_columns(self, table: str) -> list[str]:
        """Every column of ``table`` in order: what ``t.*`` selects."""
        if table not in self.columns:
            with self.cursor() as cursor:
                cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
                self.columns[table] = [column.name for column in cursor.description]
        return self.columns[table]

    def split(self, row: tuple, parts: list[tuple]) -> list[dict | None]:
        """``row`` cut into a dict per ``(table, columns)`` part (columns None: ``t.*``), or
        None where an outer join found no row."""
        found, start = [], 0
        for table, columns in parts:
            names = columns or self.all_columns(table)
            values = row[start : start + len(names)]
            start += len(names)
            found.append(None if values[0] is None else dict(zip(names, values, strict=True)))
        return found


db = Database(os.environ.get("BENCH_DATABASE_URL", ""))


def released(day, precision) -> str:
    if day is None:
        return ""
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())


def model_json(origin, m, c, lic, base, assessment, claim_source, related):
    if assessment is not None:
        raise NotImplementedError("the synthetic data has no openness assessments")
    api = f"{origin}/api"
    return {
        "slug": m["slug"],
        "name": m["name"],
        "company": {
            "slug": c["slug"],
            "name": c["name"],
            "country": c["country"],
            "url": f"{api}/companies/{c['slug']}/",
        },
        "license": None
        if lic is None
        else {
            "slug": lic["slug"],
            "name": lic["name"],
            "spdx_id": lic["spdx_id"],
            "category": lic["category"],
            "osi_approved": lic["osi_approved"],
            "commercial_use": lic["commercial_use"],
            "mau_limit": lic["mau_limit"],
            "excluded_territories": [t for t in lic["excluded_territories"].split(",") if t],
            "attribution_required": lic["attribution_required"],
            "acceptable_use_policy_url": lic["acceptable_use_policy_url"],
            "text_url": lic["url"],
            "url": f"{api}/licenses/{lic['slug']}/",
        },
        "base_model": base["slug"] if base else None,
        "modality": m["modality"],
        "kind": m["kind"],
        "access": m["access"],
        "has_open_weights": m["access"] in OPEN_WEIGHTS,
        "released_on": m["released_on"],
        "released_on_precision": m["released_on_precision"],
        "released": released(m["released_on"], m["released_on_precision"]),
        "parameters": m["parameters"],
        "active_parameters": m["active_parameters"],
        "homepage_url": m["homepage_url"],
        "repository_url": m["repository_url"],
        "weights_url": m["weights_url"],
        "description": m["description"],
        "url": f"{api}/models/{m['slug']}/",
        "html_url": f"{origin}/models/{m['slug']}/",
        "releases_url": f"{api}/releases/?model={m['slug']}",
        "sources": related["sources"].get(m["id"], []),
        "openness": None,
        "license_history": related["history"].get(m["id"], []) or default_history(m, lic),
        "license_as_of": None,
        "created_at": m["created_at"],
        "updated_at": m["updated_at"],
    }


def sources_of(ids: list[int]) -> dict[int, list]:
    """The page's citations with their sources: the columns the API shows (citation_rows())."""
    rows = db.all(
        'SELECT a."model_id" AS "model_id", a."claim" AS "claim", a."value" AS "value", '
        'a."quote" AS "quote", a."updated_at" AS "updated_at", s."title" AS "source__title", '
        's."url" AS "source__url", s."publisher" AS "source__publisher", '
        's."published_on" AS "source__published_on", s."updated_at" AS "source__updated_at" '
        'FROM "registry_aimodelcitation" a INNER JOIN "registry_source" s '
        'ON (a."source_id" = s."id") '
        f'WHERE a."model_id" IN ({in_list(ids)}) ORDER BY 6 ASC, 2 ASC',
        ids,
    )
    found: dict[int, list] = {}
    for model_id, claim, value, quote, _, title, url, publisher, published_on, _ in rows:
        found.setdefault(model_id, []).append(
            {
                "title": title,
                "url": url,
                "publisher": publisher,
                "published_on": published_on,
                "claim": claim,
                "value": value,
                "quote": quote,
            }
        )
    return found


def in_list(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def openness_rows(table: str, ids: list[int]) -> None:
    """The assessment's dimension and component rows, prefetched as Django does."""
    db.all(
        f'SELECT t.* FROM "{table}" t INNER JOIN "registry_aimodel" m ON (t."model_id" = m."id") '
        f'WHERE t."model_id" IN ({in_list(ids)}) ORDER BY m."name" ASC, t."id" ASC',
        ids,
    )


def license_history(ids: list[int]) -> dict[int, list]:
    """AIModel.license_history() from the events that set a license or access level, read
    with the columns license_event_rows() selects."""
    kinds = ", ".join(f"'{kind}'" for kind in LICENSE_EVENT_KINDS)
    rows = db.all(
        'SELECT e."model_id" AS "model_id", e."date" AS "date", e."access" AS "access", '
        'e."license_id" AS "license_id", e."updated_at" AS "updated_at", '
        'l."slug" AS "license__slug", l."name" AS "license__name", '
        'l."spdx_id" AS "license__spdx_id" FROM "registry_releaseevent" e '
        'LEFT OUTER JOIN "registry_license" l ON (e."license_id" = l."id") '
        f'WHERE (e."kind" IN ({kinds}) AND e."status" = \'happened\' AND (e."license_id" IS NOT '
        'NULL OR (e."access" IS NOT NULL AND NOT (e."access" = \'\' AND e."access" IS NOT NULL))) '
        f'AND e."model_id" IN ({in_list(ids)})) ORDER BY 2 ASC, e."id" ASC',
        ids,
    )
    periods: dict[int, list] = {}
    state: dict[int, tuple] = {}
    for model, date, event_access, license_id, _, slug, name, spdx_id in rows:
        license_ref, access = state.get(model, (None, ""))
        if license_id is not None:
            license_ref = {"slug": slug, "name": name, "spdx_id": spdx_id}
        access = event_access or access
        state[model] = (license_ref, access)
        history = periods.setdefault(model, [])
        if history and history[-1]["start"] == date:
            history.pop()
        elif history:
            history[-1]["end"] = date
        history.append({"license": license_ref, "access": access, "start": date, "end": None})
    return periods


def default_history(m: dict, lic: dict | None) -> list:
    if lic is None and not m["access"]:
        return []
    ref = lic and {"slug": lic["slug"], "name": lic["name"], "spdx_id": lic["spdx_id"]}
    return [{"license": ref, "access": m["access"], "start": m["released_on"], "end": None}]


def models_json(origin: str, rows: list[tuple], parts: list[tuple]) -> list[dict]:
    split = [db.split(row, parts) for row in rows]
    ids = [m["id"] for m, *_ in split]
    related = {"sources": {}, "history": {}}
    # The app prefetches dimension and component rows through the assessment: none, no query.
    assessed = [parts[0]["id"] for parts in split if parts[4] is not None]
    if assessed:
        openness_rows("registry_dimensionstatus", assessed)
        openness_rows("registry_mofcomponent", assessed)
    if ids:
        related["history"] = license_history(ids)
        related["sources"] = sources_of(ids)
    return [model_json(origin, *parts, related) for parts in split]


def slug_id(table: str, slug: str):
    """The SlugFilter's lookup (the table's default ordering included, as Django adds it)."""
    rows = db.all(
        f'SELECT "id" FROM "{table}" WHERE "slug" = %s ORDER BY "name" ASC LIMIT 1', [slug]
    )
    return rows[0][0] if rows else None


def cursor_link(origin: str, path: str, query: dict, keys: list, values: list, back: bool):
    payload = {"o": keys, "v": values}
    if back:
        payload["r"] = 1
    raw = json.dumps(payload, default=str, separators=(",", ":")).encode()
    encoded = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    params = {**query, "cursor": [encoded]}
    return f"{origin}{path}?{urlencode(sorted(params.items()), doseq=True)}"


def model_list(origin: str, path: str, query: dict) -> dict:
    """GET /api/models/: the viewset's SQL (filters, keyset page, then citations)."""
    where, params = [], []
    if "company" in query:
        company = slug_id("registry_company", query["company"][0])
        where.append('m."company_id" = %s')
        params.append(company)
    if "license" in query:
        license_id = slug_id("registry_license", query["license"][0])
        where.append('m."license_id" = %s')
        params.append(license_id)
    if "q" in query:
        pattern = f"%{query['q'][0].strip()}%"
        companies = db.all(
            'SELECT "id" FROM "registry_company" WHERE UPPER("name"::text) LIKE UPPER(%s) LIMIT %s',
            [pattern, COMPANY_MATCHES + 1],
        )
        branches = ['UPPER(m."name"::text) LIKE UPPER(%s)']
        params.append(pattern)
        if companies:
            branches.append(f'm."company_id" IN ({", ".join(["%s"] * len(companies))})')
            params += [row[0] for row in companies]
        branches.append('UPPER(m."description"::text) LIKE UPPER(%s)')
        params.append(pattern)
        where.append(f"({' OR '.join(branches)})")
    order_by, keys, descending, nullable = ORDERS[query.get("ordering", ["name"])[0]]
    keys = [("-" + k.lstrip("-")) if descending else k for k in keys]
    cursor = query.get("cursor")
    if cursor and descending:
        raise NotImplementedError("cursors are implemented for the default order only")
    if cursor:
        raw = cursor[0]
        payload = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        name, pk = payload["v"]
        where.append('(m."name" >= %s AND (m."name" > %s OR (m."name" = %s AND m."id" > %s)))')
        params += [name, name, name, pk]
    license_join = "INNER" if "license" in query else "LEFT OUTER"
    columns, parts = select_models(listing=True)
    sql = f"SELECT {columns} {FROM_MODELS.format(license_join=license_join)}"
    known = [f'NOT (m."{nullable}" IS NULL)'] if nullable else []
    conditions = " AND ".join(where + known)
    rows = db.all(
        f"{sql}{' WHERE ' + conditions if conditions else ''} ORDER BY {order_by} "
        f"LIMIT {PAGE_SIZE + 1}",
        params,
    )
    if nullable and len(rows) <= PAGE_SIZE:
        raise NotImplementedError("the rows without a value come next: not benchmarked")
    page = rows[:PAGE_SIZE]
    results = models_json(origin, page, parts)

    def boundary(position: int) -> list:
        return [results[position]["released_on" if descending else "name"], page[position][0]]

    rest = {k: v for k, v in query.items() if k != "cursor"}
    next_link = previous_link = None
    if len(rows) > PAGE_SIZE:
        next_link = cursor_link(origin, path, rest, keys, boundary(-1), back=False)
    if cursor and page:
        previous_link = cursor_link(origin, path, rest, keys, boundary(0), back=True)
    return {"next": next_link, "previous": previous_link, "results": results}


def model_detail(origin: str, slug: str) -> dict | None:
    columns, parts = select_models(listing=False)
    sql = f"SELECT {columns} {FROM_MODELS.format(license_join='LEFT OUTER')}"
    rows = db.all(f'{sql} WHERE m."slug" = %s LIMIT 21', [slug])
    return models_json(origin, rows, parts)[0] if rows else None


HTML_FROM = (
    'FROM "registry_aimodel" m INNER JOIN "registry_company" c ON (m."company_id" = c."id") '
    'LEFT OUTER JOIN "registry_license" l ON (m."license_id" = l."id") '
    'LEFT OUTER JOIN "registry_opennessassessment" o ON (m."id" = o."model_id")'
)
HTML_ORDER = 'm."name" ASC NULLS LAST, m."id" ASC'
SELECT_LIMIT = 300


def html_model_list(origin: str, query: dict) -> dict:
    """GET /models/: the page's SQL (filter choices, capped count, one page), as JSON."""
    companies = db.all(
        'SELECT "slug", "name" FROM "registry_company" ORDER BY 2 ASC LIMIT %s', [SELECT_LIMIT + 1]
    )
    licenses = db.all('SELECT "slug", "name" FROM "registry_license" ORDER BY 2 ASC')
    counted = db.all(
        'SELECT COUNT(*) FROM (SELECT "id" AS "col1" FROM "registry_aimodel" LIMIT %s) subquery',
        [HTML_COUNT_CAP + 1],
    )[0][0]
    page = int(query.get("page", ["1"])[0])
    sql = f"SELECT m.*, c.*, l.*, o.* {HTML_FROM}"
    if page > 1:
        # The paginator picks the page's ids first, then joins 25 rows.
        offset = (page - 1) * PAGE_SIZE
        sql += (
            ' WHERE m."id" IN (SELECT u."id" AS "pk" FROM "registry_aimodel" u '
            f'ORDER BY u."name" ASC NULLS LAST, 1 ASC LIMIT {PAGE_SIZE} OFFSET {offset})'
            f" ORDER BY {HTML_ORDER}"
        )
    else:
        sql += f" ORDER BY {HTML_ORDER} LIMIT {PAGE_SIZE}"
    rows = db.all(sql)
    tables = ("registry_aimodel", "registry_company", "registry_license")
    results = []
    for row in rows:
        m, c, lic = db.split(row, [(table, None) for table in tables])
        results.append(
            {
                "name": m["name"],
                "slug": m["slug"],
                "kind": m["kind"],
                "company": c["name"],
                "country": c["country"],
                "license": lic and lic["name"],
                "access": m["access"],
                "modality": m["modality"],
                "parameters": m["parameters"],
                "released": released(m["released_on"], m["released_on_precision"]),
            }
        )
    return {
        "count": min(counted, HTML_COUNT_CAP),
        "capped": counted > HTML_COUNT_CAP,
        "companies": companies if len(companies) <= SELECT_LIMIT else [],
        "licenses": licenses,
        "results": results,
    }


def route(path: str, origin: str, query: dict):
    if path == "/api/models/":
        return model_list(origin, path, query)
    if path.startswith("/api/models/") and path.count("/") == 4:
        return model_detail(origin, path.split("/")[3])
    if path == "/models/":
        return html_model_list(origin, query)
    return None


def application(environ, start_response):
    db.queries = 0
    scheme = environ.get("HTTP_X_FORWARDED_PROTO", "http")
    origin = f"{scheme}://{environ.get('HTTP_HOST', 'localhost')}"
    query = parse_qs(environ.get("QUERY_STRING", ""))
    body = route(environ.get("PATH_INFO", "/"), origin, query)
    if body is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"detail":"Not found."}']
    payload = orjson.dumps(body, option=orjson.OPT_UTC_Z)
    headers = [
        ("Content-Type", "application/json"),
        ("Content-Length", str(len(payload))),
        ("X-Queries", str(db.queries)),
    ]
    start_response("200 OK", headers)
    return [payload]
