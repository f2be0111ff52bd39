"""Reading and writing the reference lists and settings; with :mod:`kiosk.db.offer_repository`
(the offers) and :mod:`kiosk.db.usage_repository` the only places that know the SQL.

Repositories take an open connection and return the dataclasses of :mod:`kiosk.domain.choices`
and :mod:`kiosk.domain.models`. Writes are grouped by the caller in one transaction with
:func:`transaction`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from kiosk.domain.choices import AgeBand, Language, Need


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: commit when the block ends normally, roll back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


class CatalogueRepository:
    """Languages, age bands and needs: the lists the visitor chooses from."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def enabled_languages(self) -> list[Language]:
        rows = self._conn.execute(
            "SELECT code, endonym FROM language WHERE enabled = 1 ORDER BY position, code"
        )
        return [Language(code, endonym) for code, endonym in rows]

    def age_bands(self) -> list[AgeBand]:
        rows = self._conn.execute("SELECT id, min_age, max_age FROM age_band ORDER BY position")
        return [AgeBand(*row) for row in rows]

    def needs(self) -> list[Need]:
        rows = self._conn.execute("SELECT id, icon FROM need ORDER BY position, id")
        return [Need(*row) for row in rows]

    def replace_languages(self, languages: list[tuple[Language, bool]]) -> None:
        self._conn.execute("DELETE FROM language")
        self._conn.executemany(
            "INSERT INTO language (code, endonym, position, enabled) VALUES (?, ?, ?, ?)",
            [(lang.code, lang.endonym, i, int(on)) for i, (lang, on) in enumerate(languages)],
        )

    def replace_age_bands(self, bands: list[AgeBand]) -> None:
        self._conn.execute("DELETE FROM age_band")
        self._conn.executemany(
            "INSERT INTO age_band (id, min_age, max_age, position) VALUES (?, ?, ?, ?)",
            [(b.id, b.min_age, b.max_age, i) for i, b in enumerate(bands)],
        )

    def replace_needs(self, needs: list[Need]) -> None:
        self._conn.execute("DELETE FROM need")
        self._conn.executemany(
            "INSERT INTO need (id, icon, position) VALUES (?, ?, ?)",
            [(n.id, n.icon, i) for i, n in enumerate(needs)],
        )


class SettingsRepository:
    """Key/value settings of this kiosk (idle timeout, location name …)."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def get(self, key: str, default: str | None = None) -> str | None:
        row = self._conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
