"""SQL for staff mode: the PIN hash, the lockout state, the audit log and the language list.

Like :mod:`kiosk.db.repository`, these classes take an open connection, return plain values and
write inside the caller's transaction (:func:`kiosk.db.repository.transaction`). The PIN itself
never reaches this module: only its salted hash does.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.domain.changes import AuditEntry
from kiosk.domain.choices import Language


@dataclass(frozen=True, slots=True)
class StoredPin:
    """The salted hash of the staff PIN and how it was made."""

    scheme: str  # e.g. "scrypt$n=65536$r=8$p=1$len=32"
    salt: bytes
    digest: bytes
    set_at: dt.datetime


@dataclass(frozen=True, slots=True)
class LockoutState:
    """Wrong tries in a row and until when the PIN pad is locked."""

    failures: int = 0
    locked_until: dt.datetime | None = None


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class PinRepository:
    """The one staff PIN hash and the lockout state."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def get(self) -> StoredPin | None:
        row = self._conn.execute(
            "SELECT scheme, salt, digest, set_at FROM staff_pin WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        scheme, salt, digest, set_at = row
        return StoredPin(scheme, bytes(salt), bytes(digest), _moment(set_at))

    def set(self, pin: StoredPin) -> None:
        self._conn.execute(
            "INSERT INTO staff_pin (id, scheme, salt, digest, set_at) VALUES (1, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET scheme = excluded.scheme, salt = excluded.salt, "
            "digest = excluded.digest, set_at = excluded.set_at",
            (pin.scheme, pin.salt, pin.digest, _iso(pin.set_at)),
        )

    def lockout(self) -> LockoutState:
        row = self._conn.execute(
            "SELECT failures, locked_until FROM pin_lockout WHERE id = 1"
        ).fetchone()
        if row is None:
            return LockoutState()
        return LockoutState(row[0], _moment(row[1]))

    def set_lockout(self, state: LockoutState) -> None:
        until = _iso(state.locked_until) if state.locked_until else None
        self._conn.execute(
            "INSERT INTO pin_lockout (id, failures, locked_until) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, "
            "locked_until = excluded.locked_until",
            (state.failures, until),
        )


class AuditRepository:
    """The append-only log of changes made by staff, imports and restores."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def add(self, entries: Iterable[AuditEntry]) -> None:
        self._conn.executemany(
            "INSERT INTO audit_log (at, actor, offer_id, field, old_value, new_value) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(_iso(e.at), e.actor, e.offer_id, e.field, e.old, e.new) for e in entries],
        )

    def recent(self, limit: int = 200, offer_id: str | None = None) -> list[AuditEntry]:
        """Newest first."""
        where, params = "", []
        if offer_id is not None:
            where, params = " WHERE offer_id = ?", [offer_id]
        rows = self._conn.execute(
            "SELECT at, actor, offer_id, field, old_value, new_value FROM audit_log"
            f"{where} ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
        return [
            AuditEntry(_moment(at), actor, offer, field, old, new)
            for at, actor, offer, field, old, new in rows
        ]

    def count(self) -> int:
        return self._conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


class LanguageListRepository:
    """Every language the kiosk knows, enabled or not, in display order (for the settings)."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def all(self) -> list[tuple[Language, bool]]:
        rows = self._conn.execute(
            "SELECT code, endonym, enabled FROM language ORDER BY position, code"
        )
        return [(Language(code, endonym), bool(enabled)) for code, endonym, enabled in rows]

    def codes(self) -> set[str]:
        return {row[0] for row in self._conn.execute("SELECT code FROM language")}
