"""Start-up on the deployed path: the kiosk's own user, a root-owned install, empty, read-only
and full databases and data directories. Each case runs the real start-up code
(:func:`kiosk.runtime.open_live_database`) in a subprocess as an unprivileged user."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from kiosk import SHIPPED_DATABASE
from kiosk.runtime import Fault, open_live_database
from tests.unit.deployed import (
    fill_disk,
    give_to_user,
    reachable_scratch,
    root_owned_install,
    run_as_user,
    small_disk,
)

START = """
import json, sys
from pathlib import Path
from kiosk.runtime import open_live_database
data = Path({data!r})
result = open_live_database(data / "kiosk.db", data / "backups", Path({shipped!r}), **{extra})
offers = None
if result.usable:
    offers = result.conn.execute("SELECT count(*) FROM offer").fetchone()[0]
    result.conn.execute("BEGIN IMMEDIATE")
    result.conn.execute("UPDATE setting SET value = value")
    result.conn.execute("COMMIT")
    result.conn.close()
print(json.dumps({{"usable": result.usable, "problem": result.problem, "fault": result.fault,
                   "restored_from": str(result.restored_from or ""), "offers": offers}}))
"""


def start_as_user(base, data, shipped, **extra):
    code = START.format(data=str(data), shipped=str(shipped), extra=repr(extra))
    return run_as_user(code, base / "home")


@pytest.fixture
def base():
    with reachable_scratch() as folder:
        yield folder


@pytest.fixture
def install(base):
    """The repository's data.db in a root-owned 0755 folder, 0644 (as /opt/wegweiser)."""
    return root_owned_install(base / "opt" / "wegweiser", SHIPPED_DATABASE)


@pytest.fixture
def data_dir(base):
    folder = base / "home" / "data"
    folder.mkdir(parents=True)
    give_to_user(base / "home", folder)
    return folder


def _listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_first_start_from_a_root_owned_install(base, install, data_dir):
    before = install.read_bytes()
    outcome = start_as_user(base, data_dir, install)
    assert outcome["usable"], outcome
    assert outcome["problem"] == "" and outcome["restored_from"] == ""
    assert outcome["offers"] > 10
    assert install.read_bytes() == before, "the shipped file is never written"
    assert _listing(install.parent) == ["data.db"], "no -wal/-shm beside the shipped file"


def test_first_start_leaves_nothing_beside_a_writable_shipped_file(base, data_dir):
    folder = base / "writable"
    folder.mkdir()
    shipped = folder / "data.db"
    shutil.copyfile(SHIPPED_DATABASE, shipped)
    give_to_user(folder, shipped)
    assert start_as_user(base, data_dir, shipped)["usable"]
    assert _listing(folder) == ["data.db"]


@pytest.mark.parametrize("content", [b"", "no-schema", "no-offers", "no-languages"])
def test_an_empty_database_falls_back_to_the_newest_backup(base, data_dir, install, content):
    backups = data_dir / "backups"
    backups.mkdir()
    shutil.copyfile(SHIPPED_DATABASE, backups / "kiosk-2026-11-20.db")
    live = data_dir / "kiosk.db"
    _make_empty(live, content)
    give_to_user(backups, backups / "kiosk-2026-11-20.db", live)
    outcome = start_as_user(base, data_dir, install)
    assert outcome["usable"], outcome
    assert outcome["restored_from"].endswith("kiosk-2026-11-20.db")
    assert "empty" in outcome["problem"] or "not a Wegweiser" in outcome["problem"]
    assert str(live) in outcome["problem"]
    assert outcome["offers"] > 10
    assert any(name.startswith("kiosk.db.faulty-") for name in _listing(data_dir)), "kept"


def _make_empty(live, content):
    if isinstance(content, bytes):
        live.write_bytes(content)
        return
    if content == "no-schema":
        conn = sqlite3.connect(live)
        conn.execute("CREATE TABLE unrelated (x)")
        conn.close()
        return
    shutil.copyfile(SHIPPED_DATABASE, live)
    conn = sqlite3.connect(live)
    with conn:
        if content == "no-offers":
            for table in ("offer_text", "offer_need", "offer_language", "offer_slot"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM offer_day")
            conn.execute("DELETE FROM offer_exception")
            conn.execute("DELETE FROM offer")
        else:
            conn.execute("UPDATE language SET enabled = 0")
    conn.close()


def test_an_empty_database_without_backups_starts_from_the_shipped_data_and_says_so(
    base, data_dir, install
):
    live = data_dir / "kiosk.db"
    live.write_bytes(b"")
    give_to_user(live)
    outcome = start_as_user(base, data_dir, install)
    assert outcome["usable"] and outcome["offers"] > 10
    assert outcome["restored_from"] == str(install), "a notice tells staff"
    assert "0 bytes" in outcome["problem"]


def test_an_empty_database_with_only_bad_backups_is_out_of_order(base, data_dir, install):
    backups = data_dir / "backups"
    backups.mkdir()
    (backups / "kiosk-2026-11-20.db").write_bytes(b"")
    (data_dir / "kiosk.db").write_bytes(b"")
    give_to_user(backups, backups / "kiosk-2026-11-20.db", data_dir / "kiosk.db")
    outcome = start_as_user(base, data_dir, install)
    assert not outcome["usable"]
    assert outcome["fault"] == Fault.DATABASE and "0 bytes" in outcome["problem"]


def test_a_read_only_database_is_copied_to_a_writable_one(base, data_dir, install):
    live = data_dir / "kiosk.db"
    assert start_as_user(base, data_dir, install)["usable"]  # a first start
    os.chmod(live, 0o444)
    outcome = start_as_user(base, data_dir, install)
    assert outcome["usable"], outcome
    assert "read-only" in outcome["problem"] and str(live) in outcome["problem"]
    assert ".faulty-" in outcome["restored_from"], "its own data, kept aside"
    assert os.access(live, os.W_OK) or os.geteuid() == 0
    assert live.stat().st_mode & 0o200


def test_a_read_only_database_owned_by_root_is_copied_too(base, data_dir, install):
    live = data_dir / "kiosk.db"
    assert start_as_user(base, data_dir, install)["usable"]
    os.chown(live, 0, 0) if os.geteuid() == 0 else pytest.skip("needs root to chown")
    os.chmod(live, 0o644)
    outcome = start_as_user(base, data_dir, install)
    assert outcome["usable"] and "read-only" in outcome["problem"], outcome


def test_a_read_only_data_directory_is_reported_not_used(base, data_dir, install):
    assert start_as_user(base, data_dir, install)["usable"]
    os.chmod(data_dir, 0o555)
    try:
        outcome = start_as_user(base, data_dir, install)
    finally:
        os.chmod(data_dir, 0o755)
    assert not outcome["usable"]
    assert outcome["fault"] == Fault.READ_ONLY
    assert "read-only" in outcome["problem"] and str(data_dir) in outcome["problem"]


def test_a_data_directory_that_cannot_be_created_is_reported(base, install):
    parent = base / "home" / "locked"
    parent.mkdir(parents=True)
    give_to_user(base / "home")
    os.chmod(parent, 0o555)
    give_to_user(parent)
    outcome = start_as_user(base, parent / "wegweiser", install)
    assert not outcome["usable"] and outcome["fault"] == Fault.READ_ONLY, outcome
    assert str(parent / "wegweiser") in outcome["problem"]


def test_a_nearly_full_disk_is_reported_before_anything_is_written(base, install):
    with small_disk(base / "home" / "disk") as disk:
        outcome = start_as_user(base, disk, install)
        assert not outcome["usable"]
        assert outcome["fault"] == Fault.DISK_FULL, outcome
        assert "full" in outcome["problem"] and str(disk) in outcome["problem"]
        assert _listing(disk) == [], "nothing half-written is left"


def test_a_first_start_on_a_full_disk_is_reported(base, install):
    with small_disk(base / "home" / "disk") as disk:
        fill_disk(disk, leave=100_000)  # room for the probe, not for the copy
        outcome = start_as_user(base, disk, install, min_free=0)
        assert not outcome["usable"]
        assert outcome["fault"] == Fault.DISK_FULL, outcome
        assert "full" in outcome["problem"] and str(disk) in outcome["problem"]
        assert "kiosk.db" not in _listing(disk)


def test_a_completely_full_disk_with_a_good_database_is_reported(base, install):
    with small_disk(base / "home" / "disk") as disk:
        assert start_as_user(base, disk, install, min_free=0)["usable"]
        fill_disk(disk, leave=0)
        outcome = start_as_user(base, disk, install, min_free=0)
        assert not outcome["usable"]
        assert outcome["fault"] == Fault.DISK_FULL, outcome
        assert not any(".faulty-" in name for name in _listing(disk)), "the data stays"


def test_an_ordinary_start_still_needs_no_fallback(tmp_path, seed_db):
    data = tmp_path / "data"
    first = open_live_database(data / "kiosk.db", data / "backups", seed_db)
    first.conn.close()
    again = open_live_database(data / "kiosk.db", data / "backups", seed_db)
    assert again.usable and again.problem == "" and again.restored_from is None
    again.conn.close()
