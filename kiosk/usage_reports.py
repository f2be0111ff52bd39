"""Reports built from the usage counts (:mod:`kiosk.stats`): per language, age band, need,
offer or hour, and the answers to "Did this help?" per offer. The staff dashboard, ``kiosk-admin
stats`` and the centre's fleet reports read them; the kiosk's start does not need them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

from kiosk.db.usage_repository import UsageRepository
from kiosk.stats import DIMENSIONS, UsageEvent

#: Fewer answers than this give no share of "yes" (two answers make 0 %, 50 % or 100 %).
MIN_ANSWERS_FOR_SHARE = 5


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
