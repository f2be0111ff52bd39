"""Opening state: open now, next opening, appointments, holidays, unknown hours."""

from __future__ import annotations

import datetime as dt

from kiosk.domain.hours import OpenState, is_public_holiday, opening_status
from kiosk.domain.models import (
    CLOSED_DAY,
    Contact,
    DayHours,
    DayStatus,
    HoursException,
    Offer,
    OfferKind,
    TimeSlot,
    WeeklyHours,
)


def t(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def open_day(*spans: tuple[str, str]) -> DayHours:
    return DayHours(DayStatus.OPEN, tuple(TimeSlot(t(a), t(b)) for a, b in spans))


# Mon 14–16, Tue 9:30–11:30, Thu 13–16 (the Caritas MSA pattern)
WEEK = WeeklyHours(
    (
        open_day(("14:00", "16:00")),
        open_day(("09:30", "11:30")),
        CLOSED_DAY,
        open_day(("13:00", "16:00")),
        CLOSED_DAY,
        CLOSED_DAY,
        CLOSED_DAY,
    )
)


def offer(hours: WeeklyHours | None, appointment_only: bool = False) -> Offer:
    return Offer(
        id="o",
        kind=OfferKind.ASSOCIATION,
        provider="p",
        name="n",
        texts={},
        contact=Contact(phone="+49 351 1"),
        hours=hours,
        appointment_only=appointment_only,
    )


def test_open_now_until_end_of_slot():
    status = opening_status(offer(WEEK), dt.datetime(2026, 11, 23, 15, 0))  # Monday
    assert status.state is OpenState.OPEN_NOW
    assert status.until == dt.datetime(2026, 11, 23, 16, 0)


def test_slot_end_is_exclusive():
    status = opening_status(offer(WEEK), dt.datetime(2026, 11, 23, 16, 0))
    assert status.state is OpenState.OPENS_LATER
    assert status.at == dt.datetime(2026, 11, 24, 9, 30)


def test_opens_later_today():
    status = opening_status(offer(WEEK), dt.datetime(2026, 11, 23, 8, 0))
    assert status.state is OpenState.OPENS_LATER
    assert status.at == dt.datetime(2026, 11, 23, 14, 0)


def test_next_opening_skips_closed_days_across_the_weekend():
    status = opening_status(offer(WEEK), dt.datetime(2026, 11, 27, 10, 0))  # Friday
    assert status.at == dt.datetime(2026, 11, 30, 14, 0)


def test_saxony_public_holidays_close_the_offer():
    # Buß- und Bettag (Wednesday 18 Nov 2026) is a holiday only in Saxony.
    assert is_public_holiday(dt.date(2026, 11, 18))
    monday_christmas = dt.date(2028, 12, 25)
    assert monday_christmas.weekday() == 0 and is_public_holiday(monday_christmas)
    status = opening_status(offer(WEEK), dt.datetime(2028, 12, 25, 14, 30))
    assert status.state is OpenState.OPENS_LATER
    assert status.at == dt.datetime(2028, 12, 28, 13, 0)  # 26th is a holiday too (Tuesday)


def test_dated_exception_overrides_the_week():
    closed_monday = HoursException(dt.date(2026, 11, 23), CLOSED_DAY, "team day")
    week = WeeklyHours(WEEK.days, (closed_monday,))
    status = opening_status(offer(week), dt.datetime(2026, 11, 23, 15, 0))
    assert status.state is OpenState.OPENS_LATER
    assert status.at == dt.datetime(2026, 11, 24, 9, 30)


def test_unknown_hours_and_appointment_only():
    assert opening_status(offer(None), dt.datetime(2026, 11, 23, 15)).state is OpenState.UNKNOWN
    assert (
        opening_status(offer(None, appointment_only=True), dt.datetime(2026, 11, 23, 15)).state
        is OpenState.APPOINTMENT_ONLY
    )
    by_appointment = WeeklyHours(tuple([DayHours(DayStatus.APPOINTMENT)] * 5 + [CLOSED_DAY] * 2))
    assert (
        opening_status(offer(by_appointment), dt.datetime(2026, 11, 23, 15)).state
        is OpenState.APPOINTMENT_ONLY
    )


def test_hours_that_never_open_within_two_weeks():
    closed = WeeklyHours(tuple([CLOSED_DAY] * 6 + [open_day(("10:00", "11:00"))]))
    exceptions = tuple(
        HoursException(dt.date(2026, 11, 29) + dt.timedelta(weeks=w), CLOSED_DAY) for w in range(3)
    )
    status = opening_status(offer(WeeklyHours(closed.days, exceptions)), dt.datetime(2026, 11, 23))
    assert status.state is OpenState.CLOSED_FOR_NOW
