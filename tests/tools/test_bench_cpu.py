"""The floor benchmark's CPU accounting (registry/bench/cpu.py) and its budget arithmetic."""

import os
import subprocess
import sys

from registry.bench import cpu, floor

# A child whose command line looks like a gunicorn serving "cpu-test-app": it burns CPU.
BUSY = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass"


def test_processes_reads_each_process_cpu_time():
    mine = cpu.processes()[os.getpid()]
    sum(range(3_000_000))
    assert cpu.processes()[os.getpid()][2] > mine[2]
    assert "python" in mine[1] or "pytest" in mine[1]


def test_meter_counts_the_servers_processes_and_no_others():
    meter = cpu.Meter("cpu-test-app", "omr_bench_test")
    meter.start()
    children = [
        subprocess.Popen([sys.executable, "-c", BUSY + "\ninput()", marker], stdin=subprocess.PIPE)
        for marker in ("gunicorn cpu-test-app", "gunicorn other-app")
    ]
    try:
        # Both burn 0.4 s of CPU, then wait for a line, still running when the meter stops.
        while any(cpu.processes()[child.pid][2] < 0.39 for child in children):
            pass
        spent = meter.stop()
    finally:
        for child in children:
            child.communicate(b"\n")
    assert 0.35 <= spent["server"] < 0.7  # the server's process only, counted from its start
    assert spent["postgres"] >= 0


def test_postgres_means_the_benchmark_databases_client_backends():
    member = cpu.groups("app", "omr_bench_1m")["postgres"]
    assert member("postgres", "postgres: 15/main: postgres omr_bench_1m 127.0.0.1(39462) idle")
    assert not member("postgres", "postgres: 15/main: autovacuum worker omr_bench_1m")
    assert not member("postgres", "postgres: 15/main: postgres omr_bench_1k 127.0.0.1(1) idle")
    assert not member("postgres", "postgres: 15/main: checkpointer ")


def test_per_request_ms():
    assert cpu.per_request_ms({"server": 2.0, "postgres": 1.0}, 1000) == {
        "server": 2.0,
        "postgres": 1.0,
    }
    assert cpu.per_request_ms(None, 1000) is None
    assert cpu.per_request_ms({"server": 1.0}, 0) is None


def test_budget_is_what_the_app_workers_may_spend_at_the_target():
    runs = {
        "app": [{"server": 8.0, "postgres": 3.3}],
        "floor": [{"server": 5.0, "postgres": 3.3}],
        "raw": [{"server": 1.5, "postgres": 3.0}, {"server": 1.5, "postgres": 3.0}],
    }
    text = floor.cpu_table("1m", {name: runs for name in floor.ENDPOINTS})
    api, html = text.splitlines()[2:]
    # The baseline costs 4.5 ms a request; at 0.5x the app may cost 9.0, 3.3 of it PostgreSQL's.
    assert "| 8.00 + 3.30 | 5.00 + 3.30 | 1.50 + 3.00 | 0.5x | 5.70 (now 8.00) |" in api
    # At 0.3x: 15.0 ms in all, 11.70 for the workers.
    assert "| 0.3x | 11.70 (now 8.00) |" in html


def test_budget_table_says_when_nothing_was_measured():
    runs = {"app": [None], "floor": [None], "raw": [None]}
    assert "not measured" in floor.cpu_table("1m", {name: runs for name in floor.ENDPOINTS})
