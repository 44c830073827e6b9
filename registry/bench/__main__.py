"""``python -m registry.bench``: the registry against the raw-SQL limit, per size and endpoint.

For each size (1k, 100k, 1M models by default; ``--sizes`` or ``BENCH_SIZES`` to choose) it
prepares a PostgreSQL database (seeded once, reused later), starts the registry and the bare
baseline (registry/bench/baseline.py) under gunicorn with the same worker count, checks that
both answer every endpoint with the same JSON, then loads each endpoint with wrk on loopback,
alternating app and baseline: with ``--connections`` clients for throughput, and with one
client for latency (requests that never wait behind one another). It prints the table and
writes it to docs/performance.md.
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from . import databases, loadgen, report
from .servers import ROOT, gunicorn


def arguments():
    parser = argparse.ArgumentParser(prog="python -m registry.bench", description=__doc__)
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1k,100k,1m"))
    parser.add_argument(
        "--duration", type=float, default=float(os.environ.get("BENCH_DURATION", "8"))
    )
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "2")))
    parser.add_argument("--connections", type=int, default=8)
    # registry/gunicorn.conf.py's default: 2 x cores + 1.
    parser.add_argument("--workers", type=int, default=min(2 * (os.cpu_count() or 1) + 1, 9))
    parser.add_argument("--reseed", action="store_true", help="Seed the databases again.")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    options = parser.parse_args()
    options.sizes = [size.strip().lower() for size in options.sizes.split(",") if size.strip()]
    unknown = [size for size in options.sizes if size not in databases.SIZES]
    if unknown:
        parser.error(f"unknown size {unknown}; choose from {', '.join(databases.SIZES)}")
    options.sizes.sort(key=databases.SIZES.get)
    return options


def app_env(label: str) -> dict:
    return {
        "DATABASE_URL": databases.database_url(label),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_LOG_LEVEL": "WARNING",
        # Production settings (HTTPS redirect, HSTS, secure cookies) stay on: requests come
        # as from a TLS-terminating proxy, with X-Forwarded-Proto (loadgen.HEADERS).
        "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
        "API_THROTTLE_ANON": "off",
        "API_THROTTLE_USER": "off",
    }


def collect_static(env: dict) -> None:
    """DEBUG off serves static files from the collectstatic manifest: write it first."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def probe(label: str, explain: bool) -> dict:
    command = [sys.executable, "-m", "registry.bench.probe"] + (["--explain"] if explain else [])
    completed = subprocess.run(
        command, cwd=ROOT, env={**os.environ, **app_env(label)}, capture_output=True, text=True
    )
    if completed.returncode:
        raise RuntimeError(f"The probe failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout)


def fetch(url: str):
    request = urllib.request.Request(url, headers=loadgen.HEADERS)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read().decode()


def check_same(name: str, app_url: str, raw_url: str, path: str) -> int:
    """Both servers answer ``path`` alike; returns the baseline's query count."""
    _, app_body = fetch(app_url + path)
    headers, raw_body = fetch(raw_url + path)
    if path.startswith("/api/"):
        app_origin, raw_origin = (url.replace("http://", "https://") for url in (app_url, raw_url))
        app_json = json.loads(app_body.replace(app_origin, "ORIGIN"))
        raw_json = json.loads(raw_body.replace(raw_origin, "ORIGIN"))
        if app_json != raw_json:
            raise RuntimeError(f"{name}: the baseline's JSON differs from the app's for {path}")
    else:
        for result in json.loads(raw_body)["results"]:
            escaped = result["name"].replace("&", "&amp;").replace("'", "&#x27;")
            if escaped not in app_body:
                raise RuntimeError(f"{name}: {result['name']} missing from the app's {path}")
    return int(headers["X-Queries"])


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> None:
    # Stopped with SIGTERM, still stop the servers (their context managers' finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    options = arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    settings = {
        "date": datetime.date.today().isoformat(),
        "connections": options.connections,
        "duration": options.duration,
        "rounds": options.rounds,
        "workers": options.workers,
        "load_before": load_average(),
    }
    collect_static(app_env(options.sizes[0]))
    rows, seeding, probes = [], {}, {}
    logs = ROOT / "bench-logs"
    logs.mkdir(exist_ok=True)
    for label in options.sizes:
        print(f"== {label}: preparing the database", flush=True)
        seeding[label] = databases.prepare(label, options.reseed)
        probes[label] = probe(label, explain=label == options.sizes[-1])
        env = app_env(label)
        raw_env = {"BENCH_DATABASE_URL": env["DATABASE_URL"]}
        with (
            gunicorn("registry.wsgi:application", env, options.workers, logs / "app.log") as app,
            gunicorn(
                "registry.bench.baseline:application", raw_env, options.workers, logs / "raw.log"
            ) as raw,
        ):
            for name, path in probes[label]["endpoints"].items():
                row = report.Row(label, name, path, app_queries=probes[label]["queries"][name])
                row.raw_queries = check_same(name, app, raw, path)
                for url in (app + path, raw + path):  # warm up: caches, connections
                    loadgen.run(url, 2, options.connections)
                for _ in range(options.rounds):
                    row.app.append(loadgen.run(app + path, options.duration, options.connections))
                    row.raw.append(loadgen.run(raw + path, options.duration, options.connections))
                    row.app_alone.append(loadgen.run(app + path, options.duration, 1))
                    row.raw_alone.append(loadgen.run(raw + path, options.duration, 1))
                failed = [r for r in row.app + row.raw + row.app_alone + row.raw_alone if r.failed]
                if failed:
                    raise RuntimeError(f"{label} {name}: errors under load, see {logs}")
                rows.append(row)
                print(
                    f"   {name:24s} app {row.app_value('requests_per_second'):7.0f}/s "
                    f"raw {row.raw_value('requests_per_second'):7.0f}/s "
                    f"ratio {row.ratio:.2f}",
                    flush=True,
                )
    settings["load_after"] = load_average()
    print()
    print(report.table(rows))
    print()
    print("\n".join(report.verdicts(rows, options.sizes)))
    if not options.no_write:
        with databases.admin_connection() as admin:
            version = admin.execute("SELECT version()").fetchone()[0]
        section = report.markdown(rows, options.sizes, seeding, probes, version, settings)
        report.write(options.output, section)
        print(f"\nWritten to {options.output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
