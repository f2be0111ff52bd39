"""Opening state of an offer at a moment: open now, opens later, next opening, or unknown.

Public holidays in Saxony count as closed days (the ``holidays`` package knows them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from kiosk.domain.models import DayHours, DayStatus, Offer

_LOOKAHEAD_DAYS = 14


class OpenState(StrEnum):
    OPEN_NOW = "open_now"  # open; ``until`` says when it closes
    OPENS_LATER = "opens_later"  # closed now; ``at`` is the next opening (today or later)
    APPOINTMENT_ONLY = "appointment_only"  # no walk-in hours, appointments only
    CLOSED_FOR_NOW = "closed_for_now"  # hours known, but no opening within two weeks
    UNKNOWN = "unknown"  # hours not known


@dataclass(frozen=True, slots=True)
class OpeningStatus:
    """Answer to "can I go there now?" for one offer at one moment."""

    state: OpenState
    until: dt.datetime | None = None
    at: dt.datetime | None = None


@lru_cache(maxsize=8)
def _saxony_holidays(year: int):  # -> holidays.HolidayBase
    import holidays  # ~75 ms to import: loaded on first use, or by load_holidays after start

    return holidays.country_holidays("DE", subdiv="SN", years=year)


def load_holidays(today: dt.date) -> None:
    """Load this year's and next year's holidays ahead of the first visitor's question."""
    _saxony_holidays(today.year)
    _saxony_holidays(today.year + 1)


def is_public_holiday(day: dt.date) -> bool:
    return day in _saxony_holidays(day.year)


def hours_on(offer: Offer, day: dt.date) -> DayHours | None:
    """The hours that apply on a date, with exceptions and Saxony's holidays; None if unknown."""
    if offer.hours is None:
        return None
    for exception in offer.hours.exceptions:
        if exception.date == day:
            return exception.hours
    if is_public_holiday(day):
        return DayHours(DayStatus.CLOSED)
    return offer.hours.days[day.weekday()]


def opening_status(offer: Offer, now: dt.datetime) -> OpeningStatus:
    """Whether the offer is open at ``now`` (naive local time) and when it next opens."""
    if offer.hours is None:
        if offer.appointment_only:
            return OpeningStatus(OpenState.APPOINTMENT_ONLY)
        return OpeningStatus(OpenState.UNKNOWN)
    if not offer.hours.has_walk_in:
        return OpeningStatus(OpenState.APPOINTMENT_ONLY)
    for offset in range(_LOOKAHEAD_DAYS + 1):
        day = now.date() + dt.timedelta(days=offset)
        hours = hours_on(offer, day)
        if hours is None or hours.status is not DayStatus.OPEN:
            continue
        for slot in hours.slots:
            start = dt.datetime.combine(day, slot.start)
            end = dt.datetime.combine(day, slot.end)
            if offset == 0 and start <= now < end:
                return OpeningStatus(OpenState.OPEN_NOW, until=end)
            if start > now:
                return OpeningStatus(OpenState.OPENS_LATER, at=start)
    return OpeningStatus(OpenState.CLOSED_FOR_NOW)
