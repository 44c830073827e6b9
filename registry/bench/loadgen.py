"""Runs wrk against a loopback URL and reads its report."""

import re
import subprocess
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx responses plus socket errors

    @property
    def failed(self) -> bool:
        return self.requests == 0 or self.errors > self.requests // 100


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse(output: str) -> Result:
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"(\d+) requests in", output)
    if not (rps and p50 and p99 and total):
        raise RuntimeError(f"Unexpected wrk output:\n{output}")
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        # Read errors are the sync worker closing each connection after its response.
        errors += int(sockets.group(1)) + int(sockets.group(3)) + int(sockets.group(4))
    return Result(
        float(rps.group(1)),
        milliseconds(p50.group(1)),
        milliseconds(p99.group(1)),
        int(total.group(1)),
        errors,
    )


# As from a TLS-terminating proxy: the app's production HTTPS settings stay on.
HEADERS = {"X-Forwarded-Proto": "https"}


def run(url: str, seconds: float, connections: int, threads: int = 1) -> Result:
    """Load ``url`` for ``seconds``; only loopback URLs are accepted."""
    if not re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost)(:\d+)?/", url):
        raise ValueError(f"The benchmark only loads servers on this machine, not {url}")
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        "--latency",
        *(f"--header={name}: {value}" for name, value in HEADERS.items()),
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse(completed.stdout)
