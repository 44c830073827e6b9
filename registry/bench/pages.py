"""Every page and API list at one size, one request at a time: which would be slow?

``python -m registry.bench.pages --size 1m`` (after ``make bench`` has seeded that size)
requests each path through Django's test client with DEBUG off, ``--repeat`` times, and
prints the median time, the queries and the slowest query's time. It has no baseline: it
finds pages that are slow in absolute terms, where ``make bench`` compares the hot model
endpoints with the raw-SQL limit. The first request of each path warms caches and is not
counted; the front page's summary cache is emptied before every request.

``--sqlite PATH`` measures a SQLite file instead, the database ``make run`` uses; a missing
file is migrated and seeded with the size's models first (about 2 minutes per 100k).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from . import databases

# {company}, {license}, {model}: picked from the database (the largest company, the most
# used license, a model in the middle of the table).
PATHS = [
    "/",
    "/models/",
    "/models/?q=llama",
    "/models/?ordering=-released_on",
    "/models/?ordering=openness",
    "/models/{model}/",
    "/companies/",
    "/companies/{company}/",
    "/licenses/",
    "/licenses/{license}/",
    "/releases/",
    "/releases/?q=llama",
    "/releases/feed/",
    "/openness/",
    "/compare/?models={model}",
    "/api/models/",
    "/api/models/?ordering=-openness",
    "/api/companies/",
    "/api/licenses/",
    "/api/releases/",
    "/api/releases/?q=llama",
    "/api/releases/?company={company}",
]


def measure(paths: list[str], repeat: int) -> None:
    """Runs inside the size's environment (see main)."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from registry.models import AIModel

    company, license = (
        AIModel.objects.values_list(field + "__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list(field + "__slug", flat=True)
        .first()
        for field in ("company", "license")
    )
    middle = AIModel.objects.count() // 2
    model = AIModel.objects.order_by("pk").values_list("slug", flat=True)[middle]
    client = Client(headers={"X-Forwarded-Proto": "https"})
    print("| Path | Status | Median ms | Queries | Slowest query ms |")
    print("|---|---|---|---|---|")
    for template in paths:
        path = template.format(company=company, license=license, model=model)
        times, slowest = [], 0.0
        for attempt in range(repeat + 1):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
            if attempt:  # the first request warms caches
                times.append(elapsed)
                slowest = max([slowest, *(float(q["time"]) * 1000 for q in queries)])
        print(
            f"| `{path}` | {response.status_code} | {statistics.median(times):,.1f} "
            f"| {len(queries)} | {slowest:,.1f} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m registry.bench.pages", description=__doc__)
    parser.add_argument("--size", default="1m", choices=list(databases.SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite", metavar="PATH", help="A SQLite file instead of PostgreSQL.")
    parser.add_argument("paths", nargs="*", help="Paths to request instead of the usual set.")
    options = parser.parse_args()
    if os.environ.get("REGISTRY_BENCH_PAGES_CHILD"):
        measure(options.paths or PATHS, options.repeat)
        return
    from .__main__ import app_env, collect_static

    env = {**os.environ, **app_env(options.size)}
    if options.sqlite:
        env["DATABASE_URL"] = databases.seed_sqlite(options.sqlite, databases.SIZES[options.size])
    elif databases.seeded_models(options.size) != databases.SIZES[options.size]:
        sys.exit(f"Seed {options.size} first: BENCH_SIZES={options.size} make bench")
    collect_static(env)
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "registry.settings",
        "REGISTRY_BENCH_PAGES_CHILD": "1",
    }
    sys.exit(
        subprocess.call([sys.executable, "-m", "registry.bench.pages", *sys.argv[1:]], env=env)
    )


if __name__ == "__main__":
    main()
