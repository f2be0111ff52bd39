"""Turning an offer into the lines a visitor reads, in the current language.

Shared by the offer cards and the detail screen so both say the same thing the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.domain.hours import opening_status
from kiosk.domain.matching import speaks
from kiosk.domain.models import DayStatus, Offer
from kiosk.domain.texts import text_for
from kiosk.i18n import Catalogue
from kiosk.labels import kind_label, offer_age_label, opening_label


@dataclass(frozen=True)
class OfferView:
    """Everything shown about one offer, already translated and formatted."""

    name: str
    kind: str
    summary: str
    description: str
    audience: str
    ages: str
    opening: str
    access: str
    languages: str
    speaks_visitor_language: bool
    fallback_note: str


def languages_line(cat: Catalogue, offer: Offer) -> str:
    if not offer.languages:
        return cat._("Languages spoken: not known yet")
    names = ", ".join(cat.language_name(code) for code in offer.languages)
    return cat._("Languages spoken: {languages}", languages=names)


def access_line(cat: Catalogue, offer: Offer) -> str:
    if offer.appointment_only or (offer.hours is not None and not offer.hours.has_walk_in):
        return cat._("Appointment needed")
    if offer.hours is not None and offer.hours.has_walk_in:
        return cat._("Walk in during opening hours, no appointment needed")
    return cat._("Please contact them first")


def present(cat: Catalogue, offer: Offer, now: dt.datetime) -> OfferView:
    shown = text_for(offer, cat.code)
    text = shown.text
    note = ""
    if shown.is_fallback and text is not None:
        note = cat._(
            "This text is not yet available in your language. It is shown in {language}.",
            language=cat.language_name(text.lang),
        )
    return OfferView(
        name=cat.isolate(offer.name) if cat.is_rtl else offer.name,
        kind=kind_label(cat, offer.kind),
        summary=text.summary if text else "",
        description=text.description if text else "",
        audience=text.audience if text else "",
        ages=offer_age_label(cat, offer.min_age, offer.max_age),
        opening=opening_label(cat, opening_status(offer, now), now),
        access=access_line(cat, offer),
        languages=languages_line(cat, offer),
        speaks_visitor_language=speaks(offer, cat.code),
        fallback_note=note,
    )


def weekly_hours_lines(cat: Catalogue, offer: Offer) -> list[tuple[str, str]]:
    """(weekday, hours) rows for the detail screen; empty when the hours are not known."""
    if offer.hours is None:
        return []
    rows = []
    for index, day in enumerate(offer.hours.days):
        if day.status is DayStatus.OPEN:
            value = ", ".join(
                cat._("{start} – {end}", start=cat.time(s.start), end=cat.time(s.end))
                for s in day.slots
            )
        elif day.status is DayStatus.APPOINTMENT:
            value = cat._("by appointment")
        else:
            value = cat._("closed")
        rows.append((cat.weekday(index), value))
    return rows
