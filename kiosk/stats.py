"""Anonymous usage statistics: what the kiosk counts, and the reports built from the counts.

Counting never stores who did something: an event adds one to the counter of its hour and of
its combination of language, age band, need and offer. There is no visitor or session id and
no time finer than the hour. Hours older than the retention period are folded into monthly
totals. The same numbers feed the staff dashboard and ``kiosk-admin stats``.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.db.repository import SettingsRepository, transaction
from kiosk.db.usage_repository import DIMENSION_COLUMNS, UsageRepository

log = logging.getLogger(__name__)


class UsageEvent(StrEnum):
    SESSION_STARTED = "session_started"
    LANGUAGE_CHOSEN = "language_chosen"
    AGE_CHOSEN = "age_chosen"
    NEED_CHOSEN = "need_chosen"
    OFFER_VIEWED = "offer_viewed"
    QR_SHOWN = "qr_shown"
    HANDOUT_PRINTED = "handout_printed"
    HANDOUT_FAILED = "handout_failed"  # print tapped, no sheet came out (QR codes shown instead)
    READ_ALOUD_USED = "read_aloud_used"
    SESSION_ENDED_HOME = "session_ended_home"
    SESSION_ENDED_TIMEOUT = "session_ended_timeout"


DIMENSIONS = tuple(DIMENSION_COLUMNS)
ALL_NEEDS = "*"  # need chosen: "show all offers"


def hour_key(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H")


class UsageRecorder:
    """Counts events; a failure to count is logged and never disturbs the visitor."""

    def __init__(
        self, conn: sqlite3.Connection, clock: Callable[[], dt.datetime] = dt.datetime.now
    ):
        self._conn = conn
        self._clock = clock

    def record(
        self,
        event: UsageEvent,
        *,
        language: str = "",
        age_band: str = "",
        need: str = "",
        offer_id: str = "",
    ) -> None:
        try:
            with transaction(self._conn):
                UsageRepository(self._conn).add(
                    hour_key(self._clock()),
                    UsageEvent(event).value,
                    language,
                    age_band,
                    need,
                    offer_id,
                )
        except sqlite3.Error as error:
            log.error("usage event %s not counted: %s", event, error)

    def fold_old_hours(self, months: int | None = None) -> int:
        """Apply the retention setting: hours older than N months become monthly totals."""
        if months is None:
            value = SettingsRepository(self._conn).get("stats_retention_months", "24")
            months = int(value) if value and value.isdigit() else 24
        today = self._clock().date()
        year, month = today.year, today.month - months
        while month <= 0:
            month += 12
            year -= 1
        cutoff = f"{year:04d}-{month:02d}-01T00"
        try:
            with transaction(self._conn):
                return UsageRepository(self._conn).fold_before(cutoff)
        except sqlite3.Error as error:
            log.error("old usage hours not folded: %s", error)
            return 0


@dataclass
class UsageReport:
    """Counts per group value and event for a period (hourly data and monthly totals)."""

    by: str
    start: dt.date
    end: dt.date
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, group: object, event: str, count: int) -> None:
        row = self.counts.setdefault(str(group), {})
        row[event] = row.get(event, 0) + count

    def total(self, event: UsageEvent) -> int:
        return sum(row.get(event.value, 0) for row in self.counts.values())

    def rows(self) -> list[tuple[str, dict[str, int]]]:
        return sorted(self.counts.items())


def usage_report(conn: sqlite3.Connection, by: str, start: dt.date, end: dt.date) -> UsageReport:
    """Counts between two dates (inclusive), grouped by one dimension."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(DIMENSIONS)}")
    if end < start:
        raise ValueError("the end date is before the start date")
    report = UsageReport(by, start, end)
    repo = UsageRepository(conn)
    for group, event, count in repo.grouped(by, f"{start:%Y-%m-%d}T00", f"{end:%Y-%m-%d}T23"):
        report.add(group, event, count)
    # Months entirely inside the period also count their folded totals.
    first_month = start.replace(day=1)
    if start.day != 1:
        first_month = (first_month + dt.timedelta(days=32)).replace(day=1)
    next_month = (end.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last_month = end.replace(day=1) if end == next_month - dt.timedelta(days=1) else None
    if last_month is not None and first_month <= last_month:
        for group, event, count in repo.grouped_monthly(
            by, f"{first_month:%Y-%m}", f"{last_month:%Y-%m}"
        ):
            report.add(group, event, count)
    return report
