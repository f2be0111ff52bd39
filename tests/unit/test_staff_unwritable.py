"""The staff PIN on a database that cannot be written: no traceback, no try uncounted."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from kiosk.admin.access import AccessState, StaffAccess
from kiosk.admin.pin import ScryptParams
from kiosk.db.connection import connect

CHEAP = ScryptParams(n=16, r=1, p=1)
PIN = "428913"
NOW = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


@pytest.fixture
def read_only_access(conn, seed_db):
    StaffAccess(conn, lambda: NOW, CHEAP).set_pin(PIN)
    conn.close()
    # mode=ro: SQLite refuses every write, as for a read-only file (root ignores file modes)
    readonly = connect(seed_db, readonly=True)
    yield StaffAccess(readonly, lambda: NOW, CHEAP), seed_db
    readonly.close()


@pytest.mark.parametrize("pin", [PIN, "000000"])
def test_no_pin_is_checked_when_the_try_cannot_be_counted(read_only_access, pin, caplog):
    access, _ = read_only_access
    caplog.set_level(logging.DEBUG)
    for _ in range(8):  # more than the five tries before the lock
        result = access.verify(pin)
        assert result.state is AccessState.UNAVAILABLE
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"
    assert PIN not in caplog.text and "000000" not in caplog.text
    assert "cannot be counted" in caplog.text


def test_tries_made_before_are_still_counted_afterwards(read_only_access):
    access, path = read_only_access
    writable = connect(path)
    try:
        counted = StaffAccess(writable, lambda: NOW, CHEAP)
        for _ in range(4):
            assert counted.verify("000000").state is AccessState.WRONG
        assert access.verify("000000").state is AccessState.UNAVAILABLE
        assert counted.tries_left() == 1, "the refused try changed nothing"
        assert counted.verify(PIN).state is AccessState.GRANTED
        assert counted.tries_left() == 5
    finally:
        writable.close()
