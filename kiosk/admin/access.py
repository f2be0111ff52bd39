"""Who may enter staff mode: the PIN check with a lockout that grows and survives restarts.

After :data:`MAX_TRIES` wrong PINs in a row the pad is locked for :data:`FIRST_LOCK`; every
further wrong PIN doubles the lock, up to :data:`LONGEST_LOCK`. A right PIN clears the count.
The state lives in the database, so switching the kiosk off and on does not reset it. The clock
is injected so tests never wait.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.admin.pin import DEFAULT_PARAMS, ScryptParams, hash_pin, pin_matches
from kiosk.db.repository import transaction
from kiosk.db.staff_repository import AuditRepository, LockoutState, PinRepository
from kiosk.domain.changes import AuditEntry

log = logging.getLogger(__name__)

MAX_TRIES = 5
FIRST_LOCK = dt.timedelta(seconds=30)
LONGEST_LOCK = dt.timedelta(hours=1)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AccessState(StrEnum):
    GRANTED = "granted"
    WRONG = "wrong"  # ``tries_left`` more before the pad locks
    LOCKED = "locked"  # ``locked_until`` says when the next try is possible
    NO_PIN = "no_pin"  # staff mode is closed until a PIN is set with kiosk-admin set-pin
    #: The database cannot be written (read-only, disk full): a try could not be counted, so
    #: none is made (the lockout must never be bypassed); staff mode stays closed.
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class AccessResult:
    state: AccessState
    tries_left: int = 0
    locked_until: dt.datetime | None = None


def lock_duration(failures: int) -> dt.timedelta:
    """How long the pad stays locked after ``failures`` wrong PINs in a row (0 below 5)."""
    if failures < MAX_TRIES:
        return dt.timedelta(0)
    return min(FIRST_LOCK * 2 ** (failures - MAX_TRIES), LONGEST_LOCK)


class StaffAccess:
    """Checks the staff PIN and keeps the lockout state."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        clock: Callable[[], dt.datetime] = utc_now,
        params: ScryptParams = DEFAULT_PARAMS,
    ):
        self._conn = conn
        self._clock = clock
        self._params = params
        self._pins = PinRepository(conn)

    def has_pin(self) -> bool:
        return self._pins.get() is not None

    def set_pin(self, pin: str, actor: str = "kiosk-admin") -> None:
        """Store a new PIN (hashed) and clear the lockout; the audit log notes the change only."""
        now = self._clock()
        stored = hash_pin(pin, now, self._params)
        had_pin = self.has_pin()
        with transaction(self._conn):
            self._pins.set(stored)
            self._pins.set_lockout(LockoutState())
            AuditRepository(self._conn).add(
                [AuditEntry(now, actor, None, "staff_pin", "", "changed" if had_pin else "set")]
            )
        log.info("staff PIN %s", "changed" if had_pin else "set")

    def locked_until(self) -> dt.datetime | None:
        """When the pad opens again; None when it is not locked now."""
        state = self._pins.lockout()
        if state.locked_until is None:
            return None
        now = self._clock()
        # A clock set back must not lock staff out for longer than the longest lock.
        until = min(state.locked_until, now + LONGEST_LOCK)
        return until if until > now else None

    def tries_left(self) -> int:
        return max(0, MAX_TRIES - self._pins.lockout().failures)

    def verify(self, pin: str) -> AccessResult:
        """Check ``pin``. The try is counted as a wrong one *before* the PIN is checked and
        cleared when it was right: a try that cannot be counted is not made."""
        try:
            stored = self._pins.get()
            if stored is None:
                return AccessResult(AccessState.NO_PIN)
            until = self.locked_until()
            if until is not None:
                return AccessResult(AccessState.LOCKED, locked_until=until)
            now = self._clock()
            failures = self._pins.lockout().failures + 1
            lock = lock_duration(failures)
            locked_until = now + lock if lock else None
            with transaction(self._conn):
                self._pins.set_lockout(LockoutState(failures, locked_until))
        except sqlite3.Error as error:
            log.error("staff PIN not checked: the try cannot be counted (%s)", error)
            return AccessResult(AccessState.UNAVAILABLE)
        if pin_matches(pin, stored):
            try:
                with transaction(self._conn):
                    self._pins.set_lockout(LockoutState())
            except sqlite3.Error as error:  # the right PIN; the count stays until next time
                log.error("could not clear the count of wrong staff PINs (%s)", error)
            log.info("staff mode opened with the PIN")
            return AccessResult(AccessState.GRANTED)
        if locked_until is not None:
            log.warning("wrong staff PIN (%d in a row); pad locked for %s", failures, lock)
            return AccessResult(AccessState.LOCKED, locked_until=locked_until)
        log.info("wrong staff PIN (%d in a row)", failures)
        return AccessResult(AccessState.WRONG, tries_left=MAX_TRIES - failures)
