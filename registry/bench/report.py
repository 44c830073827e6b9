"""The benchmark's table, its verdict on the targets, and docs/performance.md."""

import os
import platform
import re
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .loadgen import Result

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
# (endpoint, target ratio of app to raw throughput at the largest size)
RATIO_TARGETS = [("API list", 0.5), ("HTML list", 0.3)]
STEADY_P50 = ["API list", "API filtered", "API deep page", "API detail"]
SEARCH_P99_MS = 50


@dataclass
class Row:
    size: str
    endpoint: str
    path: str
    app: list[Result] = field(default_factory=list)
    raw: list[Result] = field(default_factory=list)
    app_queries: int | None = None
    raw_queries: int | None = None
    # One client at a time: how long a request takes when it does not queue behind others.
    app_alone: list[Result] = field(default_factory=list)
    raw_alone: list[Result] = field(default_factory=list)

    @staticmethod
    def median(results: list[Result], attribute: str) -> float:
        return statistics.median(getattr(result, attribute) for result in results)

    def app_value(self, attribute: str) -> float:
        return self.median(self.app, attribute)

    def raw_value(self, attribute: str) -> float:
        return self.median(self.raw, attribute)

    def alone(self, attribute: str, raw: bool = False) -> float:
        """Median of ``attribute`` over the one-client runs (the loaded runs if none)."""
        results = (self.raw_alone or self.raw) if raw else (self.app_alone or self.app)
        return self.median(results, attribute)

    @property
    def ratio(self) -> float:
        return self.app_value("requests_per_second") / self.raw_value("requests_per_second")


def table(rows: list[Row]) -> str:
    header = (
        "| Size | Endpoint | App req/s | Raw req/s | App/raw | App p50 / p99 ms, loaded "
        "| App p50 / p99 ms, one client | Raw p50 / p99 ms, one client | Queries app/raw |"
    )
    lines = [header, "|" + "---|" * 9]
    for row in rows:
        lines.append(
            f"| {row.size} | {row.endpoint} "
            f"| {row.app_value('requests_per_second'):,.0f} "
            f"| {row.raw_value('requests_per_second'):,.0f} | {row.ratio:.2f}x "
            f"| {row.app_value('p50_ms'):.1f} / {row.app_value('p99_ms'):.1f} "
            f"| {row.alone('p50_ms'):.1f} / {row.alone('p99_ms'):.1f} "
            f"| {row.alone('p50_ms', raw=True):.1f} / {row.alone('p99_ms', raw=True):.1f} "
            f"| {row.app_queries} / {row.raw_queries} |"
        )
    return "\n".join(lines)


def verdicts(rows: list[Row], sizes: list[str]) -> list[str]:
    """One line per target: met or not, with the numbers."""
    by = {(row.size, row.endpoint): row for row in rows}
    smallest, largest = sizes[0], sizes[-1]
    lines = []

    def mark(ok: bool) -> str:
        return "met" if ok else "NOT met"

    for endpoint, target in RATIO_TARGETS:
        row = by.get((largest, endpoint))
        if row:
            lines.append(
                f"- {endpoint} throughput at {largest}: {row.ratio:.2f}x the raw baseline "
                f"(target {target}x): {mark(row.ratio >= target)}"
            )
    if smallest != largest:
        for endpoint in STEADY_P50:
            small, large = by.get((smallest, endpoint)), by.get((largest, endpoint))
            if small and large:
                growth = large.alone("p50_ms") / small.alone("p50_ms")
                lines.append(
                    f"- {endpoint} p50 (one client) at {largest} is {growth:.2f}x its p50 at "
                    f"{smallest} (target at most 1.2x): {mark(growth <= 1.2)}"
                )
    row = by.get((largest, "API search, selective"))
    if row:
        p99 = row.alone("p99_ms")
        lines.append(
            f"- Selective search p99 (one client) at {largest}: {p99:.1f} ms "
            f"(target under {SEARCH_P99_MS} ms): {mark(p99 < SEARCH_P99_MS)}; "
            f"under load ({row.app_value('p99_ms'):.1f} ms) it is mostly queueing"
        )
    endpoints = dict.fromkeys(row.endpoint for row in rows)
    varying = [
        endpoint
        for endpoint in endpoints
        if len({row.app_queries for row in rows if row.endpoint == endpoint}) > 1
    ]
    if len(sizes) > 1:
        detail = f" (varies: {', '.join(varying)})" if varying else ""
        lines.append(f"- Queries per request constant across sizes: {mark(not varying)}{detail}")
    return lines


def command_output(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (result.stdout or result.stderr).strip().splitlines()[0]


def machine(postgres_version: str, settings: dict) -> list[str]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1) if found else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kilobytes = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f"{kilobytes / 1024 / 1024:.0f} GiB"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; memory {memory}; {platform.platform()}",
        f"- Python {platform.python_version()}; {postgres_version.split(' on ')[0]} "
        "(default server configuration, same machine)",
        f"- {command_output(['wrk', '--version'])}",
        f"- Load generator: wrk, {settings['connections']} connections, 1 thread, "
        f"{settings['duration']} s per run, {settings['rounds']} runs per server and endpoint, "
        "app and baseline alternating; medians shown. Each round also runs both with one "
        "connection (one client, so no request waits behind another) for the latency columns",
        f"- Servers: gunicorn with registry/gunicorn.conf.py, {settings['workers']} sync workers "
        "each, no worker recycling; app with DEBUG off and production HTTPS settings "
        "(requests carry X-Forwarded-Proto: https), API throttling off (it would answer 429)",
        f"- Load average before / after: {settings['load_before']} / {settings['load_after']}",
    ]


def markdown(rows, sizes, seeding: dict, probes: dict, postgres_version, settings) -> str:
    parts = [
        START,
        f"Run on {settings['date']} with `python -m registry.bench --sizes {','.join(sizes)}`.",
        "",
        "**Machine**",
        "",
        *machine(postgres_version, settings),
        "",
        "**Data** (`seed_synthetic --seed 1`, one database per size)",
        "",
        *(f"- {size}: {note}" for size, note in seeding.items()),
        "",
        "**Endpoints** (parameters picked from each database)",
        "",
        *(
            f"- {size} {name}: `{path}`"
            for size, probe in probes.items()
            for name, path in probe["endpoints"].items()
            if size == sizes[-1]
        ),
        "",
        "**Results**",
        "",
        table(rows),
        "",
        "**Targets**",
        "",
        *verdicts(rows, sizes),
        "",
    ]
    explained = probes[sizes[-1]].get("explain", {})
    if explained:
        parts += [
            f"**Query plans at {sizes[-1]}** (`EXPLAIN ANALYZE` of each list's main query)",
            "",
        ]
        for name, item in explained.items():
            sql = re.sub(r"^SELECT .*? FROM ", "SELECT <columns> FROM ", item["sql"], count=1)
            parts += [f"{name}:", "", "```sql", sql, "```", "", "```", item["plan"], "```", ""]
    parts.append(END)
    return "\n".join(parts)


def write(path: Path, section: str) -> None:
    """Replace the generated section of ``path``, keeping the hand-written text around it."""
    text = path.read_text() if path.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1] if END in rest else ""
    path.write_text(before + section + after)
