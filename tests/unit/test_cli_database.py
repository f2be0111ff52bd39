"""Which database kiosk-admin works on: the kiosk's own, never a write to the shipped data.db,
and always said on stderr."""

from __future__ import annotations

import io
import shutil

import pytest

import kiosk.cli.common as common
from kiosk import SHIPPED_DATABASE
from kiosk.cli import main
from kiosk.db.connection import connect
from kiosk.db.staff_repository import PinRepository
from tests.unit.deployed import reachable_scratch, root_owned_install, run_as_user

PIN = "428913"


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    folder = tmp_path / "opt"
    folder.mkdir()
    copy = folder / "data.db"
    shutil.copyfile(SHIPPED_DATABASE, copy)
    monkeypatch.setattr(common, "SHIPPED_DATABASE", copy)
    return copy


@pytest.fixture
def live(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    return tmp_path / "share" / "wegweiser" / "kiosk.db"


def _has_pin(path) -> bool:
    conn = connect(path, readonly=True)
    try:
        return PinRepository(conn).get() is not None
    finally:
        conn.close()


def test_before_the_first_start_reading_uses_the_shipped_file_read_only(shipped, live, capsys):
    before = shipped.read_bytes()
    assert main(["list"]) == 0
    captured = capsys.readouterr()
    assert "mbe-" in captured.out
    assert f"database {shipped}" in captured.err and "read only" in captured.err
    assert shipped.read_bytes() == before
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["data.db"]
    assert not live.exists()


def test_set_pin_before_the_first_start_creates_the_kiosks_database(
    shipped, live, capsys, monkeypatch
):
    before = shipped.read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["set-pin", "--pin-stdin"]) == 0
    err = capsys.readouterr().err
    assert f"database {live}" in err and "created now" in err
    assert PIN not in err
    assert _has_pin(live)
    assert shipped.read_bytes() == before, "the shipped file is never written"
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["data.db"]

    assert main(["list"]) == 0  # from now on: the kiosk's own database
    assert f"database {live} (the kiosk's own database)" in capsys.readouterr().err


def test_set_pin_on_the_shipped_file_is_refused(shipped, live, capsys, monkeypatch):
    before = shipped.read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["--db", str(shipped), "set-pin", "--pin-stdin"]) == 2
    assert "never changed" in capsys.readouterr().err
    assert shipped.read_bytes() == before
    assert main(["--db", str(shipped), "import", str(shipped)]) == 2


def test_an_explicit_database_is_named_too(seed_db, capsys):
    assert main(["--db", str(seed_db), "list"]) == 0
    assert f"kiosk-admin: database {seed_db}" in capsys.readouterr().err


READ_ONLY_SET_PIN = """
import io, json, sys
from kiosk.cli import main
sys.stdin = io.StringIO({pin!r} + "\\n")
print(json.dumps({{"code": main(["--db", {db!r}, "set-pin", "--pin-stdin"])}}))
"""


def test_set_pin_on_a_read_only_database_says_which_file_and_changes_nothing():
    with reachable_scratch() as base:
        folder = base / "data"
        folder.mkdir()
        db = folder / "kiosk.db"
        shutil.copyfile(SHIPPED_DATABASE, db)
        db.chmod(0o444)
        before = db.read_bytes()
        outcome = run_as_user(READ_ONLY_SET_PIN.format(pin=PIN, db=str(db)), base / "home")
        assert outcome["code"] == 1, outcome
        assert f"kiosk-admin: The database {db} is read-only" in outcome["stderr"]
        assert "Traceback" not in outcome["stderr"] and PIN not in outcome["stderr"]
        assert db.read_bytes() == before


SET_PIN = """
import io, json, sys
from pathlib import Path
import kiosk.cli.common as common
from kiosk.cli import main
common.SHIPPED_DATABASE = Path({shipped!r})
sys.stdin = io.StringIO({pin!r} + "\\n")
code = main(["set-pin", "--pin-stdin"])
from kiosk.runtime import KioskPaths, open_live_database
paths = KioskPaths.default()
start = open_live_database(paths.database, paths.backups, Path({shipped!r}))
from kiosk.db.staff_repository import PinRepository
print(json.dumps({{"code": code, "db": str(paths.database), "usable": start.usable,
                   "restored": str(start.restored_from or ""),
                   "pin": PinRepository(start.conn).get() is not None}}))
"""


def test_set_pin_as_the_kiosk_user_from_a_root_owned_install():
    """Step 4 of deploy/ANLEITUNG.md before the first start, then the first start."""
    with reachable_scratch() as base:
        install = root_owned_install(base / "opt" / "wegweiser", SHIPPED_DATABASE)
        before = install.read_bytes()
        home = base / "home"
        outcome = run_as_user(SET_PIN.format(shipped=str(install), pin=PIN), home)
        assert outcome["code"] == 0, outcome
        assert outcome["db"] == str(home / ".local" / "share" / "wegweiser" / "kiosk.db")
        assert f"database {outcome['db']}" in outcome["stderr"]
        assert outcome["usable"] and outcome["restored"] == ""
        assert outcome["pin"], "the kiosk starts on the database that has the PIN"
        assert install.read_bytes() == before
        assert sorted(p.name for p in install.parent.iterdir()) == ["data.db"]
