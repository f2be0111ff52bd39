"""The deployment as documented: the kiosk through deploy/cage-kiosk.sh under Cage (see
tests/deploy/cage_check.py; also ``make deploy-check``). Skips where Cage and its helpers are
not installed, but never under CI=true: there a missing tool is a failure."""

from __future__ import annotations

import os

import pytest

from tests.deploy import cage_check


def test_the_kiosk_runs_under_cage_as_deployed(tmp_path):
    missing = cage_check.missing_tools()
    if missing and os.environ.get("CI") != "true":
        pytest.skip("needs " + ", ".join(missing) + " (make system-deps)")
    results = cage_check.run(tmp_path / "screenshots", log=print)
    assert results["journey"][-1] == "nav_home → attract"
    assert results["watchdog_gap_while_blocked_s"] >= 2.5
    assert results["start_screen"]["black_border_share"] == 0
