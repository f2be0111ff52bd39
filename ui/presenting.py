"""Turning an offer into the lines a visitor reads, in the current language.

Shared by the offer cards and the detail screen so both say the same thing the same way; the
line builders themselves live in :mod:`kiosk.labels`, where the printed handout uses them too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.domain.hours import OpenState, opening_status
from kiosk.domain.models import Offer, OfferKind
from kiosk.domain.ranking import Hint
from kiosk.domain.settings import DEFAULT_VERIFY_AFTER_MONTHS
from kiosk.domain.texts import text_for
from kiosk.domain.verification import is_outdated
from kiosk.i18n import Catalogue
from kiosk.labels import (
    access_line,
    fallback_note,
    hint_line,
    is_online_any_time,
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
    fallback_note: str
    # Visitor language first: the headline is the summary in the visitor's language (the
    # German official name when there is no summary at all), the official name below it.
    headline: str = ""
    official_name: str = ""
    kind_id: OfferKind | None = None  # for the pictogram
    open_state: OpenState = OpenState.UNKNOWN  # for the open-state mark (with ``opening``)
    hint: str = ""  # what to do: call first, ask at the counter, old information


def present(
    cat: Catalogue,
    offer: Offer,
    now: dt.datetime,
    *,
    hint: Hint | None = None,
    verify_after_months: int = DEFAULT_VERIFY_AFTER_MONTHS,
) -> OfferView:
    """The offer's lines in ``cat``'s language at ``now``. ``hint``: the ranking's "what to
    do" (:attr:`kiosk.domain.matching.Match.hint`); without it, the outdated note if the
    information is old (``verify_after_months``)."""
    shown = text_for(offer, cat.code)
    text = shown.text
    status = opening_status(offer, now)
    if hint is None:
        outdated = is_outdated(offer, now.date(), verify_after_months)
        hint = Hint.OUTDATED if outdated else Hint.NONE
    name = cat.isolate(offer.name) if cat.is_rtl else offer.name
    summary = text.summary if text else ""
    opening, state = opening_label(cat, status, now), status.state
    if is_online_any_time(offer):
        # TRANSLATORS: opening state of an online counselling service (a website with a chat
        # or message form): a visitor can write at any hour; nothing is promised about replies
        opening, state = cat._("Online: you can write to them at any time"), OpenState.OPEN_NOW
    return OfferView(
        name=name,
        kind=kind_label(cat, offer.kind),
        summary=summary,
        description=text.description if text else "",
        audience=text.audience if text else "",
        ages=offer_age_label(cat, offer.min_age, offer.max_age),
        opening=opening,
        access=access_line(cat, offer),
        languages=languages_line(cat, offer),
        fallback_note=fallback_note(cat, shown),
        headline=summary or name,
        official_name=name if summary else "",
        kind_id=offer.kind,
        open_state=state,
        hint=hint_line(cat, offer, hint, now.date(), verify_after_months),
    )
