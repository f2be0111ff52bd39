"""Anonymous usage statistics: what the kiosk counts, and the reports built from the counts.

Counting never stores who did something: an event adds one to the counter of its hour and of
its combination of language, age band, need and offer. There is no visitor or session id and
no time finer than the hour. Hours older than the retention period are folded into monthly
totals. The same numbers feed the staff dashboard and ``kiosk-admin stats``.

The answers to "Did this help?" on an offer's detail screen (:meth:`UsageRecorder.record_feedback`)
are counted for the offer and the hour alone: not with the language, age band or need of the visit
(with so few answers per hour those could point to a person), and nothing else is asked.
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
    FEEDBACK_HELPED = "feedback_helped"  # "Did this help?" answered yes on an offer's screen
    FEEDBACK_NOT_HELPED = "feedback_not_helped"  # … answered no
    SESSION_ENDED_HOME = "session_ended_home"
    SESSION_ENDED_TIMEOUT = "session_ended_timeout"


DIMENSIONS = tuple(DIMENSION_COLUMNS)
ALL_NEEDS = "*"  # need chosen: "show all offers"
#: The event of each answer to "Did this help?".
FEEDBACK_EVENTS = {True: UsageEvent.FEEDBACK_HELPED, False: UsageEvent.FEEDBACK_NOT_HELPED}
#: Fewer answers than this give no share of "yes" (two answers make 0 %, 50 % or 100 %).
MIN_ANSWERS_FOR_SHARE = 5


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

    def record_feedback(self, offer_id: str, helped: bool) -> None:
        """Count one answer to "Did this help?" for an offer: yes (``helped``) or no.

        Only the offer and the hour are kept — no language, age band, need or anything else of
        the visit. An answer without an offer id is not counted (logged).
        """
        if not offer_id:
            log.warning("an answer to 'Did this help?' came without an offer; not counted")
            return
        self.record(FEEDBACK_EVENTS[bool(helped)], offer_id=offer_id)

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


@dataclass(frozen=True, slots=True)
class OfferFeedback:
    """The answers to "Did this help?" on one offer in a period."""

    offer_id: str
    helped: int
    not_helped: int

    @property
    def answers(self) -> int:
        return self.helped + self.not_helped

    @property
    def share(self) -> float | None:
        """The share of "yes" (0…1), or None below :data:`MIN_ANSWERS_FOR_SHARE` answers."""
        if self.answers < MIN_ANSWERS_FOR_SHARE:
            return None
        return self.helped / self.answers


def offer_feedback(report: UsageReport) -> list[OfferFeedback]:
    """Per offer with at least one answer, most answers first (then by id), from a report
    grouped by offer."""
    if report.by != "offer":
        raise ValueError("the answers per offer need a report grouped by offer")
    rows = [
        OfferFeedback(
            offer_id,
            counts.get(UsageEvent.FEEDBACK_HELPED.value, 0),
            counts.get(UsageEvent.FEEDBACK_NOT_HELPED.value, 0),
        )
        for offer_id, counts in report.rows()
        if offer_id
    ]
    rows = [row for row in rows if row.answers]
    rows.sort(key=lambda row: (-row.answers, row.offer_id))
    return rows


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
