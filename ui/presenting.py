"""Turning an offer into the lines a visitor reads, in the current language.

Shared by the offer cards and the detail screen so both say the same thing the same way; the
line builders themselves live in :mod:`kiosk.labels`, where the printed handout uses them too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.domain.hours import opening_status
from kiosk.domain.matching import speaks
from kiosk.domain.models import Offer
from kiosk.domain.texts import text_for
from kiosk.i18n import Catalogue
from kiosk.labels import (
    access_line,
    fallback_note,
    kind_label,
    languages_line,
    offer_age_label,
    opening_label,
    weekly_hours_lines,
)

__all__ = ["OfferView", "access_line", "languages_line", "present", "weekly_hours_lines"]


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


def present(cat: Catalogue, offer: Offer, now: dt.datetime) -> OfferView:
    shown = text_for(offer, cat.code)
    text = shown.text
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
        fallback_note=fallback_note(cat, shown),
    )
