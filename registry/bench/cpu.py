"""CPU time per request, read from /proc: what each server and PostgreSQL spend on a request.

Throughput on a saturated two-core machine is the cores divided by the CPU time a request
costs everyone (the server's workers, PostgreSQL's backends, wrk). Measuring each part
during a load run says where a ratio is lost: in the server's Python or in the database.
Linux only; elsewhere ``Meter`` reads nothing and reports None.
"""

import os
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def processes() -> dict[int, tuple[str, str, float]]:
    """Every process as ``pid: (name, command line, CPU seconds so far)``."""
    found = {}
    for entry in PROC.glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # exited meanwhile
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        # utime and stime: fields 14 and 15 of proc(5), counted from the state (field 3).
        found[int(entry.name)] = (name, command, (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def groups(server: str, database: str) -> dict[str, object]:
    """Which processes count as what: the server's gunicorn (master and workers, whose
    command line names the WSGI app) and PostgreSQL's backends serving clients of
    ``database`` (``postgres: <user> <database> 127.0.0.1(port) idle``), not its autovacuum
    workers or background processes, whose work no request asked for."""
    return {
        "server": lambda name, command: "gunicorn" in command and server in command,
        "postgres": lambda name, command: (
            name == "postgres" and f" {database} " in command and "(" in command
        ),
    }


class Meter:
    """CPU seconds each group of processes spent between ``start()`` and ``stop()``.

    A process that exits in between loses its share: servers and PostgreSQL keep their
    processes for the length of a run.
    """

    def __init__(self, server: str, database: str):
        self.groups = groups(server, database)
        self.before: dict[int, tuple[str, str, float]] = {}

    def start(self) -> None:
        self.before = processes() if PROC.is_dir() else {}

    def stop(self) -> dict[str, float] | None:
        if not self.before:
            return None
        spent = dict.fromkeys(self.groups, 0.0)
        for pid, (name, command, seconds) in processes().items():
            earlier = self.before.get(pid)
            used = seconds - (earlier[2] if earlier and earlier[:2] == (name, command) else 0)
            for group, member in self.groups.items():
                if member(name, command):
                    spent[group] += used
        return spent


def per_request_ms(spent: dict[str, float] | None, requests: int) -> dict[str, float] | None:
    if spent is None or not requests:
        return None
    return {group: seconds * 1000 / requests for group, seconds in spent.items()}
