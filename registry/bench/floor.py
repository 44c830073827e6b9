"""``python -m registry.bench.floor``: the app, the Django floor and the raw baseline side by side.

For the two lists with throughput targets (the API model list and the HTML model list) it
serves three gunicorns with the same worker count: the registry, the Django floor
(registry/bench/floorapp.py: the same QuerySets and middleware, nothing of ours on top)
and the raw-SQL baseline. It first checks that the floor runs the app's SQL, statement for
statement, then loads each server in turn with wrk, as ``python -m registry.bench`` does,
and prints each one's throughput as a ratio of the raw baseline's. The floor's ratio is
the most the app could reach while it reads through Django's ORM.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys

from . import databases, loadgen
from .__main__ import app_env, collect_static, load_average
from .servers import ROOT, gunicorn

ENDPOINTS = {"API list": "/api/models/", "HTML list": "/models/"}
SERVERS = {
    "app": "registry.wsgi:application",
    "floor": "registry.bench.floorapp:application",
    "raw": "registry.bench.baseline:application",
}


def arguments():
    parser = argparse.ArgumentParser(prog="python -m registry.bench.floor", description=__doc__)
    parser.add_argument("--size", default="1m", choices=list(databases.SIZES))
    parser.add_argument("--duration", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 9))
    return parser.parse_args()


def check_sql(env: dict) -> dict:
    """Statements per endpoint, after checking the floor and the app run the same ones."""
    completed = subprocess.run(
        [sys.executable, "-m", "registry.bench.floorapp"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        raise RuntimeError(f"The SQL check failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def table(label: str, results: dict, queries: dict) -> str:
    def median(name, server, alone, attribute="requests_per_second"):
        return statistics.median(getattr(r, attribute) for r in results[name][server, alone])

    lines = [
        "| Size | Endpoint | Queries | App req/s | Floor req/s | Raw req/s "
        "| App/raw | Floor/raw | App/floor | p50 ms one client: app / floor / raw |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, path in ENDPOINTS.items():
        app, floor, raw = (median(name, server, False) for server in SERVERS)
        p50 = " / ".join(f"{median(name, server, True, 'p50_ms'):.1f}" for server in SERVERS)
        lines.append(
            f"| {label} | {name} | {queries[path]} | {app:.0f} | {floor:.0f} | {raw:.0f} "
            f"| {app / raw:.2f}x | {floor / raw:.2f}x | {app / floor:.2f}x | {p50} |"
        )
    return "\n".join(lines)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    options = arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    env = app_env(options.size)
    collect_static(env)
    print(f"== {options.size}: preparing the database", flush=True)
    databases.prepare(options.size)
    queries = check_sql(env)
    logs = ROOT / "bench-logs"
    logs.mkdir(exist_ok=True)
    env["BENCH_DATABASE_URL"] = env["DATABASE_URL"]
    load_before = load_average()
    results = {name: {} for name in ENDPOINTS}
    with (
        gunicorn(SERVERS["app"], env, options.workers, logs / "app.log") as app,
        gunicorn(SERVERS["floor"], env, options.workers, logs / "floor.log") as floor,
        gunicorn(SERVERS["raw"], env, options.workers, logs / "raw.log") as raw,
    ):
        bases = {"app": app, "floor": floor, "raw": raw}
        for name, path in ENDPOINTS.items():
            for base in bases.values():  # warm up: caches, connections
                loadgen.run(base + path, 2, options.connections)
            for _ in range(options.rounds):
                for alone in (False, True):
                    for server, base in bases.items():
                        connections = 1 if alone else options.connections
                        result = loadgen.run(base + path, options.duration, connections)
                        if result.failed:
                            raise RuntimeError(f"{server} {path}: errors under load, see {logs}")
                        results[name].setdefault((server, alone), []).append(result)
            print(f"   {name} done", flush=True)
    print()
    print(table(options.size, results, queries))
    print()
    print(
        f"{options.rounds} rounds of {options.duration:g} s, {options.connections} connections "
        f"(and one), {options.workers} workers each; load average {load_before} before, "
        f"{load_average()} after."
    )


if __name__ == "__main__":
    main()
