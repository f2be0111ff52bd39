"""Start-up with a missing, damaged, read-only or newer database: fall back, never crash."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from kiosk.db.connection import latest_version
from kiosk.runtime import open_live_database


@pytest.fixture
def layout(tmp_path, seed_db):
    live = tmp_path / "data" / "kiosk.db"
    backups = tmp_path / "data" / "backups"
    return live, backups, seed_db


def test_first_start_copies_the_shipped_database(layout):
    live, backups, shipped = layout
    result = open_live_database(live, backups, shipped)
    assert result.usable and result.problem == "" and result.restored_from is None
    assert result.conn.execute("SELECT count(*) FROM offer").fetchone()[0] > 10
    result.conn.close()


def test_damaged_database_falls_back_to_the_newest_good_backup(layout):
    live, backups, shipped = layout
    backups.mkdir(parents=True)
    old, new = backups / "old.db", backups / "new.db"
    shutil.copyfile(shipped, old)
    shutil.copyfile(shipped, new)
    os.utime(old, (1, 1))
    live.parent.mkdir(parents=True, exist_ok=True)
    live.write_bytes(b"garbage" * 500)
    result = open_live_database(live, backups, shipped)
    assert result.usable
    assert result.restored_from == new
    assert "cannot" in result.problem or "damaged" in result.problem
    assert any(p.name.startswith("kiosk.db.faulty-") for p in live.parent.iterdir()), "kept aside"
    result.conn.close()


def test_newer_database_without_backup_is_refused_and_left_alone(layout):
    live, backups, shipped = layout
    live.parent.mkdir(parents=True)
    raw = sqlite3.connect(live)
    raw.execute(f"PRAGMA user_version = {latest_version() + 5}")
    raw.close()
    before = live.read_bytes()
    result = open_live_database(live, backups, shipped)
    assert not result.usable
    assert "newer" in result.problem
    assert live.read_bytes() == before


def test_bad_backups_are_skipped(layout):
    live, backups, shipped = layout
    backups.mkdir(parents=True)
    (backups / "broken.db").write_bytes(b"nope" * 100)
    live.parent.mkdir(parents=True, exist_ok=True)
    live.write_bytes(b"garbage" * 500)
    result = open_live_database(live, backups, shipped)
    assert not result.usable  # not the first start: the shipped data is not silently used
