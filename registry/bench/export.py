"""Bulk exports at each size: time, bytes and peak memory of one streamed download.

``python -m registry.bench.export --size 1k --size 100k`` (after ``make bench`` has seeded
those sizes) downloads each export path through Django's test client with DEBUG off, in a
process of its own per path, reading the stream chunk by chunk as a client would, and prints
rows, megabytes, seconds and how much the process's peak resident memory grew during the
download (``ru_maxrss``; the process has already answered a one-row export, so imports and
caches are not counted). Memory that stays flat from 1k to 1M rows is the point.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

from . import databases

PATHS = [
    "/api/models/export.csv",
    "/api/models/export.jsonl",
    "/api/models/export.csv?ordering=-released_on",
    "/api/releases/export.csv",
    "/api/dump.jsonl",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def measure(path: str) -> dict:
    """One download in this process (the child)."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    warm = client.get("/api/models/export.csv?q=no-such-model-anywhere", secure=True)
    b"".join(warm.streaming_content)
    before = peak_rss_mb()
    started = time.perf_counter()
    response = client.get(path, secure=True)
    size = rows = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    header = 1 if ".csv" in path else 0
    return {
        "path": path,
        "status": response.status_code,
        "rows": rows - header,
        "mb": size / 1e6,
        "seconds": seconds,
        "rss_growth_mb": peak_rss_mb() - before,
        "rss_peak_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", action="append", choices=databases.SIZES, default=None)
    parser.add_argument("--path", action="append", default=None)
    parser.add_argument(
        "--database-prefix",
        default="omr_bench_",
        help="Database name before the size (default omr_bench_: make bench's databases).",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return
    print(f"{'size':>5} {'path':<46} {'rows':>9} {'MB':>8} {'s':>7} {'RSS +MB':>8}")
    for size in args.size or ["1k", "100k"]:
        env = {
            **os.environ,
            "DATABASE_URL": f"{databases.server_url()}/{args.database_prefix}{size}",
            "DJANGO_SETTINGS_MODULE": "registry.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        for path in args.path or PATHS:
            child = [sys.executable, "-m", "registry.bench.export", "--child", path]
            output = subprocess.run(child, env=env, check=True, capture_output=True, text=True)
            result = json.loads(output.stdout.strip().splitlines()[-1])
            print(
                f"{size:>5} {path:<46} {result['rows']:>9} {result['mb']:>8.1f} "
                f"{result['seconds']:>7.1f} {result['rss_growth_mb']:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
