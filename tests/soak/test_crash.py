"""SIGKILL in the middle of an import or a staff save: never a damaged or half-changed database.

Each run copies the database, starts a writer in a child process, kills it after a random number
of SQL statements and then checks ``integrity_check`` and that the offers are either exactly as
before or exactly as after. ``--kill-runs`` sets the number of kills per kind (full run: 50).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import PROJECT_ROOT
from kiosk.cli import main as admin

OFFER_TABLES = (
    "offer",
    "offer_text",
    "offer_need",
    "offer_language",
    "offer_day",
    "offer_slot",
    "offer_exception",
)


def offers_state(db: Path) -> tuple:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [
            tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall())
            for table in OFFER_TABLES
        ]
        return (*tables, conn.execute("SELECT count(*) FROM audit_log").fetchone())
    finally:
        conn.close()


def child(*args: str) -> list[str]:
    return [sys.executable, "-m", "tests.soak.crash_child", *args]


def run_to_end(command: list[str]) -> int:
    """Run the writer completely; returns how many SQL statements it ran."""
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.count("SQL")


def kill_after(command: list[str], statements: int) -> None:
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    seen = 0
    for line in process.stdout:
        if line.startswith("SQL"):
            seen += 1
            if seen >= statements:
                os.kill(process.pid, signal.SIGKILL)
                break
    process.wait(timeout=60)
    process.stdout.close()


@pytest.fixture
def changed_export(seed_db, tmp_path, capsys) -> Path:
    """The seed's offers exported as JSON, with every active offer changed."""
    assert (
        admin(
            [
                "--db",
                str(seed_db),
                "export",
                "--format",
                "json",
                "--out",
                str(tmp_path / "all.json"),
            ]
        )
        == 0
    )
    data = json.loads((tmp_path / "all.json").read_text("utf-8"))
    offers = data["offers"] if isinstance(data, dict) else data
    for offer in offers:
        offer["staff_note"] = (offer.get("staff_note") or "") + " Geprüft im Crash-Test."
        if offer.get("phone"):
            offer["phone"] = "+49 351 4884000"
    path = tmp_path / "changed.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    capsys.readouterr()
    return path


@pytest.mark.parametrize("kind", ["import", "save"])
def test_killed_writer_leaves_old_or_new_data(kind, seed_db, changed_export, tmp_path, request):
    runs = request.config.getoption("--kill-runs")
    rng = random.Random(request.config.getoption("--soak-seed"))
    extra = [str(changed_export)] if kind == "import" else []

    before = offers_state(seed_db)
    complete = tmp_path / "complete.db"
    shutil.copyfile(seed_db, complete)
    total = run_to_end(child(kind, str(complete), *extra))
    after = offers_state(complete)
    assert after != before, "the writer must change something"

    outcomes = {"old": 0, "new": 0}
    for index in range(runs):
        db = tmp_path / f"run{index}.db"
        shutil.copyfile(seed_db, db)
        # Mostly inside the transaction; now and then after it (the writer then finishes).
        kill_after(child(kind, str(db), *extra), rng.randint(1, total + total // 8))
        state = offers_state(db)  # integrity_check inside
        assert state in (before, after), f"run {index}: half-applied change"
        outcomes["old" if state == before else "new"] += 1
    print(
        f"\ncrash ({kind}): {runs} runs killed after 1–{total + total // 8} of {total} "
        f"statements → {outcomes}"
    )
