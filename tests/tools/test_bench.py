"""The benchmark's own parts: reading wrk, judging targets, writing the report."""

import pytest

from registry.bench import loadgen, report
from registry.bench.loadgen import Result

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/api/models/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.10ms    3.20ms  80.00ms   90.00%
    Req/Sec   660.00     40.00   700.00     80.00%
  Latency Distribution
     50%   11.52ms
     75%   13.00ms
     90%   15.00ms
     99%    1.20s
  3300 requests in 5.00s, 120.00MB read
  Socket errors: connect 0, read 3300, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:    660.12
Transfer/sec:     24.00MB
"""


def test_wrk_report_is_read_in_milliseconds():
    result = loadgen.parse(WRK_OUTPUT)
    assert result.requests_per_second == pytest.approx(660.12)
    assert result.p50_ms == pytest.approx(11.52)
    assert result.p99_ms == pytest.approx(1200)
    assert result.requests == 3300
    # Read errors are closed keep-alive connections; timeouts and non-2xx are failures.
    assert result.errors == 7
    assert not result.failed


def test_unexpected_wrk_output_is_an_error():
    with pytest.raises(RuntimeError, match="Unexpected wrk output"):
        loadgen.parse("wrk: command failed")


@pytest.mark.parametrize("url", ["http://10.0.0.5/api/", "http://example.org/", "https://1.1.1.1/"])
def test_load_goes_to_loopback_only(url):
    with pytest.raises(ValueError, match="only loads servers on this machine"):
        loadgen.run(url, 1, 1)


def result(rps, p50, p99=None):
    return Result(rps, p50, p99 if p99 is not None else p50 * 2, 1000, 0)


def row(size, endpoint, app, raw, queries=2, app_alone=None, raw_alone=None):
    return report.Row(
        size,
        endpoint,
        "/",
        [app],
        [raw],
        queries,
        queries,
        [app_alone] if app_alone else [],
        [raw_alone] if raw_alone else [],
    )


def test_verdicts_compare_ratios_latency_growth_and_query_counts():
    rows = [
        row("1k", "API list", result(500, 10), result(800, 5)),
        row("1m", "API list", result(450, 11), result(800, 6)),
        row("1k", "HTML list", result(100, 20), result(800, 5)),
        row("1m", "HTML list", result(100, 30), result(800, 6), queries=5),
        row("1m", "API search, selective", result(400, 10, 60), result(800, 5)),
    ]
    lines = "\n".join(report.verdicts(rows, ["1k", "1m"]))
    assert "API list throughput at 1m: 0.56x the raw baseline (target 0.5x): met" in lines
    assert "HTML list throughput at 1m: 0.12x the raw baseline (target 0.3x): NOT met" in lines
    assert "API list p50 (one client) at 1m is 1.10x its p50 at 1k (target at most 1.2x): met" in (
        lines
    )
    assert "Selective search p99 (one client) at 1m: 60.0 ms (target under 50 ms): NOT met" in (
        lines
    )
    assert "Queries per request constant across sizes: NOT met (varies: HTML list)" in lines
    assert (
        "| 1m | API list | 450 | 800 | 0.56x | 11.0 / 22.0 | 11.0 / 22.0 | 6.0 / 12.0 | 2 / 2 |"
        in (report.table(rows))
    )


def test_latency_targets_are_judged_on_the_one_client_runs():
    """Under load, latency is mostly queueing; the targets read the one-client runs."""
    rows = [
        row("1k", "API list", result(500, 10), result(800, 5), app_alone=result(90, 4)),
        row("1m", "API list", result(450, 40), result(800, 6), app_alone=result(85, 6)),
        row(
            "1m",
            "API search, selective",
            result(400, 20, 300),
            result(800, 5),
            app_alone=result(90, 8, 12),
            raw_alone=result(300, 2, 3),
        ),
    ]
    lines = "\n".join(report.verdicts(rows, ["1k", "1m"]))
    assert "API list p50 (one client) at 1m is 1.50x its p50 at 1k" in lines
    assert "NOT met" in lines.split("API list p50")[1].splitlines()[0]
    assert "Selective search p99 (one client) at 1m: 12.0 ms (target under 50 ms): met" in lines
    assert "under load (300.0 ms)" in lines
    table = report.table(rows)
    assert "| 1m | API search, selective | 400 | 800 | 0.50x | 20.0 / 300.0 | 8.0 / 12.0 " in table
    assert "| 2.0 / 3.0 | 2 / 2 |" in table


def test_report_replaces_only_its_own_section(tmp_path):
    path = tmp_path / "performance.md"
    path.write_text(f"# Title\n\nBefore.\n\n{report.START}\nold\n{report.END}\n\nAfter.\n")
    report.write(path, f"{report.START}\nnew\n{report.END}")
    expected = f"# Title\n\nBefore.\n\n{report.START}\nnew\n{report.END}\n\nAfter.\n"
    assert path.read_text() == expected
