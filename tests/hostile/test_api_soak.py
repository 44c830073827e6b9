"""The soak script's verdict (the run itself is `make soak`: a minute, not part of the suite)."""

import runpy
from pathlib import Path

SOAK = runpy.run_path(str(Path(__file__).resolve().parents[2] / "scripts" / "soak.py"))


def test_the_soak_report_counts_acknowledged_writes_and_flags_lost_ones():
    outcomes = {"soak-0-0": 201, "soak-0-1": 201, "soak-0-2": "RemoteDisconnected", "soak-1-0": 409}
    table, lost = SOAK["report"](outcomes, {"soak-0-0", "soak-0-2"}, [11, 12], 5, 2, 2)
    assert lost == ["soak-0-1"]
    assert "writes attempted                   4" in table
    assert "acknowledged (2xx)                 2" in table
    assert "found afterwards                   1" in table
    assert "saved without an answer            1" in table
    assert "error: 409                         1" in table
    assert "error: RemoteDisconnected          1" in table
    assert "LOST: soak-0-1" in table


def test_nothing_lost_is_a_clean_table():
    table, lost = SOAK["report"]({"soak-0-0": 201}, {"soak-0-0"}, [], 1, 1, 1)
    assert lost == [] and "LOST" not in table
