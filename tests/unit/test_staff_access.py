"""The staff PIN: salted scrypt hash, growing lockout that survives restarts, never in clear."""

from __future__ import annotations

import datetime as dt
import io
import logging
import time

import pytest

from kiosk.admin.access import MAX_TRIES, AccessState, StaffAccess, lock_duration
from kiosk.admin.pin import (
    DEFAULT_PARAMS,
    PinFormatError,
    ScryptParams,
    check_pin_format,
    hash_pin,
    pin_matches,
)
from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.db.staff_repository import AuditRepository

CHEAP = ScryptParams(n=16, r=1, p=1)  # tests only; the kiosk uses DEFAULT_PARAMS
START = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)
PIN = "428913"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: dt.datetime = START):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def access(conn, clock) -> StaffAccess:
    staff = StaffAccess(conn, clock, CHEAP)
    staff.set_pin(PIN)
    return staff


def test_pin_format():
    for good in ("123456", "000000000000"):
        check_pin_format(good)
    for bad in ("12345", "1234567890123", "12345a", "١٢٣٤٥٦", " 123456", ""):
        with pytest.raises(PinFormatError):
            check_pin_format(bad)


def test_hash_is_salted_and_verifies_in_constant_time():
    first, second = hash_pin(PIN, START, CHEAP), hash_pin(PIN, START, CHEAP)
    assert first.salt != second.salt and first.digest != second.digest
    assert pin_matches(PIN, first) and pin_matches(PIN, second)
    assert not pin_matches("428914", first)
    assert not pin_matches("", first)
    assert PIN.encode() not in first.digest + first.salt + first.scheme.encode()


def test_default_cost_is_high_and_measured():
    assert DEFAULT_PARAMS.scheme == "scrypt$n=65536$r=8$p=1$len=32"
    began = time.perf_counter()
    stored = hash_pin(PIN, START)
    took = time.perf_counter() - began
    assert pin_matches(PIN, stored)
    assert took > 0.02, "the default scrypt cost must not be trivial"


def test_tampered_parameters_are_refused():
    stored = hash_pin(PIN, START, CHEAP)
    for scheme in ("scrypt$n=3$r=1$p=1$len=32", "scrypt$n=4194304$r=8$p=1$len=32", "md5"):
        tampered = type(stored)(scheme, stored.salt, stored.digest, stored.set_at)
        assert not pin_matches(PIN, tampered)


def test_right_pin_opens(access):
    assert access.verify(PIN).state is AccessState.GRANTED


def test_no_pin_keeps_staff_mode_closed(conn, clock):
    staff = StaffAccess(conn, clock, CHEAP)
    assert not staff.has_pin()
    assert staff.verify("123456").state is AccessState.NO_PIN


def test_five_wrong_pins_lock_with_a_growing_delay(access, clock):
    for attempt in range(1, MAX_TRIES):
        result = access.verify("000000")
        assert result.state is AccessState.WRONG
        assert result.tries_left == MAX_TRIES - attempt
    locked = access.verify("000000")
    assert locked.state is AccessState.LOCKED
    assert locked.locked_until == START + dt.timedelta(seconds=30)
    # While locked even the right PIN is not checked.
    assert access.verify(PIN).state is AccessState.LOCKED
    clock.advance(seconds=31)
    assert access.locked_until() is None
    again = access.verify("111111")
    assert again.state is AccessState.LOCKED
    assert again.locked_until - clock.now == dt.timedelta(seconds=60)
    assert lock_duration(7) == dt.timedelta(seconds=120)
    assert lock_duration(40) == dt.timedelta(hours=1)
    clock.advance(seconds=61)
    assert access.verify(PIN).state is AccessState.GRANTED
    assert access.tries_left() == MAX_TRIES


def test_lockout_survives_a_restart(seed_db, clock):
    conn = open_database(seed_db)
    staff = StaffAccess(conn, clock, CHEAP)
    staff.set_pin(PIN)
    for _ in range(MAX_TRIES):
        staff.verify("999999")
    conn.close()
    reopened = open_database(seed_db)
    restarted = StaffAccess(reopened, clock, CHEAP)
    assert restarted.verify(PIN).state is AccessState.LOCKED
    clock.advance(minutes=1)
    assert restarted.verify(PIN).state is AccessState.GRANTED
    reopened.close()


def test_a_clock_set_back_does_not_lock_forever(access, clock):
    for _ in range(MAX_TRIES):
        access.verify("000000")
    clock.now = START - dt.timedelta(days=30)
    until = access.locked_until()
    assert until is not None and until - clock.now <= dt.timedelta(hours=1)


def _files(path):
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


def test_set_pin_command_never_shows_or_stores_the_pin(seed_db, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setattr("sys.stdin", io.StringIO(PIN + "\n"))
    assert main(["--db", str(seed_db), "set-pin", "--pin-stdin"]) == 0
    conn = open_database(seed_db)
    assert StaffAccess(conn).verify(PIN).state is AccessState.GRANTED
    entries = AuditRepository(conn).recent()
    conn.close()
    assert entries[0].field == "staff_pin" and PIN not in entries[0].old + entries[0].new
    out = capsys.readouterr()
    exported = []
    for fmt in ("csv", "json"):
        assert main(["--db", str(seed_db), "export", "--format", fmt]) == 0
        exported.append(capsys.readouterr().out)
    assert main(["--db", str(seed_db), "backup", str(seed_db.with_name("copy.db"))]) == 0
    for text in (out.out, out.err, caplog.text, *exported):
        assert PIN not in text
    for blob in (_files(seed_db), seed_db.with_name("copy.db").read_bytes()):
        assert PIN.encode() not in blob
        assert PIN.encode("utf-16-le") not in blob


def test_set_pin_refuses_bad_input(seed_db, monkeypatch, capsys):
    for typed in ("12345\n", "abcdef\n", "\n"):
        monkeypatch.setattr("sys.stdin", io.StringIO(typed))
        assert main(["--db", str(seed_db), "set-pin", "--pin-stdin"]) == 2
    answers = iter(["123456", "654321"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["--db", str(seed_db), "set-pin"]) == 2
    assert "differ" in capsys.readouterr().err
    answers = iter(["123456", "123456"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["--db", str(seed_db), "set-pin"]) == 0
