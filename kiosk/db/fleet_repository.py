"""SQL for the fleet: the centre's registry of kiosks and their imported statistics, and a
kiosk's record of where it sends and what the centre confirmed.

Like :mod:`kiosk.db.repository`, these classes take an open connection, return plain values
(rows as tuples, days and times as the ISO text stored) and write inside the caller's
transaction (:func:`kiosk.db.repository.transaction`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from kiosk.db.usage_repository import DIMENSION_COLUMNS

#: The columns a fleet report groups by: the kiosk's own dimensions, the kiosk and its office.
_FLEET_COLUMNS = {"kiosk": "u.kiosk_id", "office": "COALESCE(k.office, '')"}


class CentralFleetRepository:
    """The central database: enrolled kiosks (``fleet_kiosk``), their hourly counts
    (``fleet_usage``) and which daily batch was imported (``fleet_import``)."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def enrol(self, kiosk_id: str, office: str, enrolled_at: str) -> None:
        """Register a kiosk for ``office`` (again: a revoked kiosk is enrolled anew)."""
        self._conn.execute(
            "INSERT INTO fleet_kiosk (kiosk_id, office, enrolled_at, revoked_at) "
            "VALUES (?, ?, ?, NULL) ON CONFLICT (kiosk_id) DO UPDATE SET "
            "office = excluded.office, enrolled_at = excluded.enrolled_at, revoked_at = NULL",
            (kiosk_id, office, enrolled_at),
        )

    def revoke(self, kiosk_id: str, revoked_at: str) -> None:
        """Mark a kiosk revoked at ``revoked_at`` (a kiosk revoked before keeps its time)."""
        self._conn.execute(
            "UPDATE fleet_kiosk SET revoked_at = ? WHERE kiosk_id = ? AND revoked_at IS NULL",
            (revoked_at, kiosk_id),
        )

    def kiosks(self) -> list[tuple[str, str, str, str | None]]:
        """(kiosk_id, office, enrolled_at, revoked_at) of every kiosk ever enrolled, by id."""
        return list(
            self._conn.execute(
                "SELECT kiosk_id, office, enrolled_at, revoked_at FROM fleet_kiosk "
                "ORDER BY kiosk_id"
            )
        )

    def offices(self) -> list[str]:
        """The offices with an enrolled kiosk, sorted."""
        return [
            row[0]
            for row in self._conn.execute("SELECT DISTINCT office FROM fleet_kiosk ORDER BY 1")
        ]

    def imported_digests(self) -> dict[tuple[str, str], str]:
        """(kiosk_id, day) → SHA-256 of the batch imported for it."""
        return {
            (kiosk, day): sha
            for kiosk, day, sha in self._conn.execute(
                "SELECT kiosk_id, day, sha256 FROM fleet_import"
            )
        }

    def replace_day(
        self, kiosk_id: str, day: str, rows: Sequence[tuple], sha256: str, imported_at: str
    ) -> None:
        """A kiosk's counts of ``day`` become ``rows`` (hour, event, language, age_band, need,
        offer_id, count), and the import of the batch with ``sha256`` is noted."""
        self._conn.execute(
            "DELETE FROM fleet_usage WHERE kiosk_id = ? AND day = ?",
            (kiosk_id, day),
        )
        self._conn.executemany(
            "INSERT INTO fleet_usage (kiosk_id, day, hour, event, language, age_band, "
            "need, offer_id, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(kiosk_id, day, *row) for row in rows],
        )
        self._conn.execute(
            "INSERT INTO fleet_import (kiosk_id, day, sha256, rows, imported_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kiosk_id, day) DO UPDATE SET "
            "sha256 = excluded.sha256, rows = excluded.rows, "
            "imported_at = excluded.imported_at",
            (kiosk_id, day, sha256, len(rows), imported_at),
        )

    def grouped(
        self,
        by: str,
        first_day: str,
        last_day: str,
        *,
        kiosk: str | None = None,
        office: str | None = None,
    ) -> Iterator[tuple]:
        """(group value, event, count) for days in [first_day, last_day], of one kiosk or one
        office when given; ``by`` is a usage dimension, ``kiosk`` or ``office``."""
        column = _FLEET_COLUMNS.get(by, DIMENSION_COLUMNS.get(by))
        where, params = ["u.day BETWEEN ? AND ?"], [first_day, last_day]
        if kiosk is not None:
            where.append("u.kiosk_id = ?")
            params.append(kiosk)
        if office is not None:
            where.append("k.office = ?")
            params.append(office)
        return self._conn.execute(
            f"SELECT {column} AS grp, u.event, SUM(u.count) FROM fleet_usage u "
            "LEFT JOIN fleet_kiosk k ON k.kiosk_id = u.kiosk_id "
            f"WHERE {' AND '.join(where)} GROUP BY grp, u.event ORDER BY grp, u.event",
            params,
        )


class FleetUploadRepository:
    """A kiosk's database: where it sends (``fleet_config``), which days the centre
    confirmed (``fleet_upload``) and the hourly counts it sends (``usage_hourly``)."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def config(self) -> tuple[str, str, str] | None:
        """(kiosk_id, url, credential_file); ``None`` when the kiosk sends nothing."""
        return self._conn.execute(
            "SELECT kiosk_id, url, credential_file FROM fleet_config WHERE id = 1"
        ).fetchone()

    def clear_config(self) -> None:
        """Forget where the kiosk sends."""
        self._conn.execute("DELETE FROM fleet_config")

    def add_config(self, url: str, kiosk_id: str, credential_file: str) -> None:
        """Store where the kiosk sends (after :meth:`clear_config`)."""
        self._conn.execute(
            "INSERT INTO fleet_config (id, url, kiosk_id, credential_file) VALUES (1, ?, ?, ?)",
            (url, kiosk_id, credential_file),
        )

    def confirmed_digests(self) -> dict[str, str]:
        """Day (``YYYY-MM-DD``) → digest of the batch the centre confirmed for it."""
        return dict(self._conn.execute("SELECT day, digest FROM fleet_upload"))

    def confirm(self, day: str, digest: str, rows: int, confirmed_at: str) -> None:
        """Note that the centre took the batch of ``day`` with ``digest`` (``rows`` rows)."""
        self._conn.execute(
            "INSERT INTO fleet_upload (day, digest, rows, confirmed_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (day) DO UPDATE SET digest = excluded.digest, rows = excluded.rows, "
            "confirmed_at = excluded.confirmed_at",
            (day, digest, rows, confirmed_at),
        )

    def usage_days(self, first_hour: str) -> list[str]:
        """The days (``YYYY-MM-DD``) with hourly rows from ``first_hour`` on, oldest first."""
        rows = self._conn.execute(
            "SELECT DISTINCT substr(hour, 1, 10) FROM usage_hourly WHERE hour >= ? ORDER BY 1",
            (first_hour,),
        )
        return [day for (day,) in rows]

    def hourly_rows(self, first_hour: str, last_hour: str) -> list[tuple]:
        """The ``usage_hourly`` rows (hour, event, language, age_band, need, offer_id, count)
        of the hours in [first_hour, last_hour], in a fixed order."""
        return self._conn.execute(
            "SELECT hour, event, language, age_band, need, offer_id, count FROM usage_hourly "
            "WHERE hour BETWEEN ? AND ? ORDER BY hour, event, language, age_band, need, offer_id",
            (first_hour, last_hour),
        ).fetchall()
