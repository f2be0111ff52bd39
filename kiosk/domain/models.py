"""Dataclasses describing offers (what a visitor chooses from is in :mod:`kiosk.domain.choices`).

They are plain, immutable values: the database layer builds them, the matching rules and the
UI read them. Nothing here knows about SQL or Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class OfferKind(StrEnum):
    """What sort of service an offer is; decides its pictogram and its label."""

    MBE = "mbe"
    JMD = "jmd"
    ASSOCIATION = "association"
    REFUGEE_SOCIAL_WORK = "refugee_social_work"
    SELF_ORGANISATION = "self_organisation"
    INTEGRATION_COURSE = "integration_course"
    CITY_OFFICE = "city_office"
    ONLINE_SERVICE = "online_service"


class DayStatus(StrEnum):
    """How an offer can be visited on one weekday."""

    OPEN = "open"
    APPOINTMENT = "appointment"
    CLOSED = "closed"


class TextStatus(StrEnum):
    """How far an offer text in one language can be trusted."""

    MISSING = "missing"
    MACHINE = "machine"  # drafted (by a machine or a developer), not reviewed yet
    # written for an earlier German text: the German text changed since (see
    # :func:`kiosk.domain.texts.mark_outdated`); visitors see it as they see a draft
    OUTDATED = "outdated"
    REVIEWED = "reviewed"


@dataclass(frozen=True, slots=True)
class TimeSlot:
    """A span of time within one day, start inclusive, end exclusive."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"time slot ends before it starts: {self.start}–{self.end}")

    def contains(self, moment: dt.time) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True, slots=True)
class DayHours:
    """Opening of one weekday (0 = Monday): open in slots, by appointment, or closed."""

    status: DayStatus
    slots: tuple[TimeSlot, ...] = ()

    def __post_init__(self) -> None:
        if self.status is DayStatus.OPEN and not self.slots:
            raise ValueError("an open day needs at least one time slot")
        if self.status is not DayStatus.OPEN and self.slots:
            raise ValueError("only an open day has time slots")


CLOSED_DAY = DayHours(DayStatus.CLOSED)


@dataclass(frozen=True, slots=True)
class HoursException:
    """A dated deviation from the weekly hours (a closure, special hours)."""

    date: dt.date
    hours: DayHours
    note: str = ""


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """The regular week of an offer plus dated exceptions.

    ``days`` has exactly seven entries, Monday first.
    """

    days: tuple[DayHours, ...]
    exceptions: tuple[HoursException, ...] = ()

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError("weekly hours need seven days")

    def for_date(self, day: dt.date) -> DayHours:
        for exception in self.exceptions:
            if exception.date == day:
                return exception.hours
        return self.days[day.weekday()]

    @property
    def has_walk_in(self) -> bool:
        return any(d.status is DayStatus.OPEN for d in self.days)


@dataclass(frozen=True, slots=True)
class OfferText:
    """What an offer does and for whom, in one language."""

    lang: str
    summary: str
    description: str = ""
    audience: str = ""
    status: TextStatus = TextStatus.MACHINE


@dataclass(frozen=True, slots=True)
class Address:
    """Where an offer is; every part may be unknown (empty)."""

    street: str = ""
    postcode: str = ""
    city: str = ""
    district: str = ""
    lat: float | None = None
    lon: float | None = None
    stop: str = ""  # nearest tram or bus stop

    @property
    def is_known(self) -> bool:
        return bool(self.street)

    def one_line(self) -> str:
        place = " ".join(p for p in (self.postcode, self.city) if p)
        return ", ".join(p for p in (self.street, place) if p)


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach an offer; empty strings mean unknown."""

    phone: str = ""
    email: str = ""
    web: str = ""


@dataclass(frozen=True, slots=True)
class Offer:
    """One counselling or support offer as stored in the database."""

    id: str
    kind: OfferKind
    provider: str
    name: str
    texts: dict[str, OfferText]
    min_age: int | None = None
    max_age: int | None = None
    needs: frozenset[str] = frozenset()
    languages: tuple[str, ...] = ()  # languages spoken by the counsellors (ISO 639 codes)
    address: Address = field(default_factory=Address)
    contact: Contact = field(default_factory=Contact)
    hours: WeeklyHours | None = None  # None: not known
    appointment_only: bool = False
    accessibility: str = ""
    source: str = ""
    verified_on: dt.date | None = None
    active: bool = True
    staff_note: str = ""

    @property
    def has_age_rule(self) -> bool:
        return self.min_age is not None or self.max_age is not None

    @property
    def is_reachable(self) -> bool:
        """True when a visitor has at least one way to reach the offer."""
        c = self.contact
        return bool(c.phone or c.email or c.web or self.address.is_known)
