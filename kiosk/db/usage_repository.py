"""SQL for the anonymous usage counters (hourly rows and monthly totals)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

DIMENSION_COLUMNS = {
    "language": "language",
    "age": "age_band",
    "need": "need",
    "offer": "offer_id",
    "hour": "CAST(substr(hour, 12, 2) AS INTEGER)",
    "weekday": "CAST(strftime('%w', substr(hour, 1, 10)) AS INTEGER)",  # 0 = Sunday
    "day": "substr(hour, 1, 10)",
}


class UsageRepository:
    """Adds to and reads the hourly counters."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    def add(
        self, hour: str, event: str, language: str, age_band: str, need: str, offer_id: str
    ) -> None:
        self._conn.execute(
            "INSERT INTO usage_hourly (hour, event, language, age_band, need, offer_id, count) "
            "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (hour, event, language, age_band, need, "
            "offer_id) DO UPDATE SET count = count + 1",
            (hour, event, language, age_band, need, offer_id),
        )

    def grouped(self, by: str, first_hour: str, last_hour: str) -> Iterator[tuple]:
        """(group value, event, count) for hours in [first_hour, last_hour]."""
        column = DIMENSION_COLUMNS[by]
        return self._conn.execute(
            f"SELECT {column} AS grp, event, SUM(count) FROM usage_hourly "
            "WHERE hour BETWEEN ? AND ? GROUP BY grp, event ORDER BY grp, event",
            (first_hour, last_hour),
        )

    def grouped_monthly(self, by: str, first_month: str, last_month: str) -> Iterator[tuple]:
        if by in ("hour", "weekday", "day"):
            return iter(())  # monthly totals no longer know hours or days
        column = DIMENSION_COLUMNS[by]
        return self._conn.execute(
            f"SELECT {column} AS grp, event, SUM(count) FROM usage_monthly "
            "WHERE month BETWEEN ? AND ? GROUP BY grp, event ORDER BY grp, event",
            (first_month, last_month),
        )

    def fold_before(self, first_kept_hour: str) -> int:
        """Move hourly rows older than ``first_kept_hour`` into monthly totals; rows moved."""
        self._conn.execute(
            "INSERT INTO usage_monthly (month, event, language, age_band, need, offer_id, count) "
            "SELECT substr(hour, 1, 7), event, language, age_band, need, offer_id, SUM(count) "
            "FROM usage_hourly WHERE hour < ? "
            "GROUP BY substr(hour, 1, 7), event, language, age_band, need, offer_id "
            "ON CONFLICT (month, event, language, age_band, need, offer_id) "
            "DO UPDATE SET count = count + excluded.count",
            (first_kept_hour,),
        )
        return self._conn.execute(
            "DELETE FROM usage_hourly WHERE hour < ?", (first_kept_hour,)
        ).rowcount
