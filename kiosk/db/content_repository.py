"""SQL for central content: the content tables as a release sees them, the kept releases and
the follower's state.

Like :mod:`kiosk.db.repository`, the class takes an open connection, returns plain values (rows
as tuples, times as the ISO text stored) and writes inside the caller's transaction
(:func:`kiosk.db.repository.transaction`); :mod:`kiosk.content.store` turns the rows into its
dataclasses.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator

_INFO_COLUMNS = "version, published, applied_at, digest, source"


@contextlib.contextmanager
def read_together(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Reads in one read transaction, so that they belong together; inside a transaction the
    caller already holds, that one is used. Ends with ``COMMIT`` also after an exception."""
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        yield conn
    finally:
        if own:
            conn.execute("COMMIT")


class ContentReleaseRepository:
    """The content tables as releases read and replace them, the kept releases (slots
    ``current`` and ``previous``) and the follower's row in ``content_follow``."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    # -- the content tables ------------------------------------------------------------------
    def languages(self) -> list[tuple[str, str, int]]:
        """(code, endonym, enabled) in display order."""
        return list(
            self._conn.execute(
                "SELECT code, endonym, enabled FROM language ORDER BY position, code"
            )
        )

    def language_names(self) -> list[tuple[str, str]]:
        """(code, endonym) in display order."""
        return [(code, endonym) for code, endonym, _enabled in self.languages()]

    def language_choices(self) -> dict[str, int]:
        """Whether each language is shown on this kiosk (code → enabled)."""
        return dict(self._conn.execute("SELECT code, enabled FROM language"))

    def age_bands(self) -> list[tuple[str, int, int]]:
        """(id, min_age, max_age) in display order."""
        return list(
            self._conn.execute("SELECT id, min_age, max_age FROM age_band ORDER BY position, id")
        )

    def needs(self) -> list[tuple[str, str]]:
        """(id, icon) in display order."""
        return list(self._conn.execute("SELECT id, icon FROM need ORDER BY position, id"))

    def replace_languages(self, rows: list[tuple[str, str, int, int]]) -> None:
        """The language list becomes ``rows``: (code, endonym, position, enabled)."""
        self._conn.execute("DELETE FROM language")
        self._conn.executemany(
            "INSERT INTO language (code, endonym, position, enabled) VALUES (?, ?, ?, ?)", rows
        )

    def replace_age_bands(self, rows: list[tuple[str, int, int, int]]) -> None:
        """The age bands become ``rows``: (id, min_age, max_age, position)."""
        self._conn.execute("DELETE FROM age_band")
        self._conn.executemany(
            "INSERT INTO age_band (id, min_age, max_age, position) VALUES (?, ?, ?, ?)", rows
        )

    def upsert_needs(self, rows: list[tuple[str, str, int]]) -> None:
        """Add or update the needs in ``rows``: (id, icon, position); others stay."""
        self._conn.executemany(
            "INSERT INTO need (id, icon, position) VALUES (?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET icon = excluded.icon, position = excluded.position",
            rows,
        )

    def delete_offers(self, offer_ids: Iterable[str]) -> None:
        """Delete these offers (their texts, needs, languages and hours go with them)."""
        self._conn.executemany("DELETE FROM offer WHERE id = ?", [(i,) for i in offer_ids])

    def delete_needs_except(self, kept: set[str]) -> None:
        """Delete every need whose id is not in ``kept`` (no offer may refer to it any more)."""
        gone = [
            (need_id,)
            for (need_id,) in self._conn.execute("SELECT id FROM need")
            if need_id not in kept
        ]
        self._conn.executemany("DELETE FROM need WHERE id = ?", gone)

    # -- the kept releases -------------------------------------------------------------------
    def current(self) -> tuple | None:
        """(version, published, applied_at, digest, source) of the release the content tables
        hold; ``None`` when there is none."""
        return self._slot("current", _INFO_COLUMNS)

    def previous(self) -> tuple | None:
        """(version, published, applied_at, digest, source) of the content kept for a
        rollback; ``None`` when nothing is kept."""
        return self._slot("previous", _INFO_COLUMNS)

    def previous_with_body(self) -> tuple | None:
        """:meth:`previous` with the kept release document (bytes) as a sixth value."""
        return self._slot("previous", f"{_INFO_COLUMNS}, body")

    def _slot(self, slot: str, columns: str) -> tuple | None:
        return self._conn.execute(
            f"SELECT {columns} FROM content_release WHERE slot = ?", (slot,)
        ).fetchone()

    def write_slot(
        self,
        slot: str,
        version: int,
        published: str,
        applied_at: str,
        digest: str,
        source: str,
        body: bytes | None,
    ) -> None:
        """Store a release in ``slot`` (``current`` or ``previous``), replacing what was there."""
        self._conn.execute(
            "INSERT INTO content_release "
            "(slot, version, published, applied_at, digest, source, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(slot) DO UPDATE SET "
            "version = excluded.version, "
            "published = excluded.published, applied_at = excluded.applied_at, "
            "digest = excluded.digest, source = excluded.source, body = excluded.body",
            (slot, version, published, applied_at, digest, source, body),
        )

    def delete_previous(self) -> None:
        """Forget the content kept for a rollback."""
        self._conn.execute("DELETE FROM content_release WHERE slot = 'previous'")

    # -- the follower's state ----------------------------------------------------------------
    def pinned_version(self) -> int:
        """The newest release staff rolled back on this kiosk (0: none)."""
        row = self._conn.execute(
            "SELECT pinned_version FROM content_follow WHERE id = 1"
        ).fetchone()
        return row[0] if row else 0

    def pin(self, version: int) -> None:
        """Refuse releases up to ``version`` from now on (a higher pin already set stays)."""
        self._conn.execute(
            "UPDATE content_follow SET pinned_version = max(pinned_version, ?) WHERE id = 1",
            (version,),
        )

    def record_check(self, at: str, ok: bool, message: str, expires: str | None) -> None:
        """Note one check for a release at ``at``; ``expires`` ``None`` keeps the one stored."""
        self._conn.execute(
            "UPDATE content_follow SET last_attempt = ?, last_ok = ?, message = ?, "
            "last_success = CASE WHEN ? THEN ? ELSE last_success END, "
            "expires = coalesce(?, expires) WHERE id = 1",
            (at, int(ok), message, int(ok), at, expires),
        )

    def last_check(self) -> tuple | None:
        """(last_attempt, last_ok, last_success, expires, message); ``None`` without the row."""
        return self._conn.execute(
            "SELECT last_attempt, last_ok, last_success, expires, message FROM content_follow "
            "WHERE id = 1"
        ).fetchone()

    def url(self) -> str | None:
        """The content URL this kiosk follows (``None``: a standalone kiosk)."""
        row = self._conn.execute("SELECT url FROM content_follow WHERE id = 1").fetchone()
        return row[0] if row else None

    def set_url(self, url: str | None) -> None:
        """Follow ``url`` from now on (``None``: stop following)."""
        self._conn.execute("UPDATE content_follow SET url = ? WHERE id = 1", (url,))

    def knows_releases(self) -> bool:
        """Whether the database has the follower's table (a database not yet migrated to know
        about releases has not)."""
        tables = {
            row[0]
            for row in self._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        return "content_follow" in tables
