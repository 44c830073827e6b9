"""``python -m registry.bench.floor``: the app, the Django floor and the raw baseline side by side.

For the two lists with throughput targets (the API model list and the HTML model list) it
serves three gunicorns with the same worker count: the registry, the Django floor
(registry/bench/floorapp.py: the same QuerySets and middleware, nothing of ours on top)
and the raw-SQL baseline. It first checks that the floor runs the app's SQL, statement for
statement, then loads each server in turn with wrk, as ``python -m registry.bench`` does,
and prints each one's throughput as a ratio of the raw baseline's. The floor's ratio is
the most the app could reach while it reads through Django's ORM. During each loaded run it
also reads from /proc the CPU time the server's workers and PostgreSQL spent per request
(registry/bench/cpu.py), and from the baseline's the most the app's workers may spend for
the list to meet its target.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys

from . import cpu, databases, loadgen, report
from .__main__ import app_env, collect_static, load_average
from .servers import ROOT, gunicorn

ENDPOINTS = {"API list": "/api/models/", "HTML list": "/models/"}
TARGETS = dict(report.RATIO_TARGETS)  # throughput as a ratio of the baseline's
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


def cpu_table(label: str, spent: dict) -> str:
    """Median CPU ms per request of each server's workers and of PostgreSQL, under load, and
    the most the app's workers may spend for the app to reach its target ratio (the cores
    do the baseline's work ``1 / target`` times for each of the app's requests)."""

    def median(name, server, group):
        values = [run[group] for run in spent[name].get(server, []) if run is not None]
        return statistics.median(values) if values else None

    lines = [
        "| Size | Endpoint | CPU ms/request, workers + PostgreSQL: app | floor | raw "
        "| Target | App workers' budget at the target |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ENDPOINTS:
        cells = {}
        for server in SERVERS:
            worker, database = median(name, server, "server"), median(name, server, "postgres")
            cells[server] = (worker, database)
        if any(value is None for pair in cells.values() for value in pair):
            return "CPU time per request: not measured (no /proc on this system)."
        raw_total = sum(cells["raw"])
        budget = raw_total / TARGETS[name] - cells["app"][1]
        shown = " | ".join(f"{worker:.2f} + {database:.2f}" for worker, database in cells.values())
        lines.append(
            f"| {label} | {name} | {shown} | {TARGETS[name]}x | {budget:.2f} "
            f"(now {cells['app'][0]:.2f}) |"
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
    database = databases.database_name(options.size)
    queries = check_sql(env)
    logs = ROOT / "bench-logs"
    logs.mkdir(exist_ok=True)
    env["BENCH_DATABASE_URL"] = env["DATABASE_URL"]
    load_before = load_average()
    results = {name: {} for name in ENDPOINTS}
    spent = {name: {} for name in ENDPOINTS}
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
                        meter = cpu.Meter(SERVERS[server], database)
                        meter.start()
                        result = loadgen.run(base + path, options.duration, connections)
                        used = cpu.per_request_ms(meter.stop(), result.requests)
                        if result.failed:
                            raise RuntimeError(f"{server} {path}: errors under load, see {logs}")
                        results[name].setdefault((server, alone), []).append(result)
                        if not alone:
                            spent[name].setdefault(server, []).append(used)
            print(f"   {name} done", flush=True)
    print()
    print(table(options.size, results, queries))
    print()
    print(cpu_table(options.size, spent))
    print()
    print(
        f"{options.rounds} rounds of {options.duration:g} s, {options.connections} connections "
        f"(and one), {options.workers} workers each; load average {load_before} before, "
        f"{load_average()} after."
    )


if __name__ == "__main__":
    main()
