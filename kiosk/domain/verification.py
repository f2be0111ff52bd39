"""Which offers staff should check again: not verified for too long, no way to reach them, an
address without a map position (the map code then only searches for the address), or — for an
active offer — a visitor language without a text or with an outdated one (written for an
earlier German text: someone has to bring the translation up to date or confirm it)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain.models import Offer, TextStatus
from kiosk.i18n import N_


class DueReason(StrEnum):
    """Why an offer is on the "to verify" list."""

    NEVER_VERIFIED = "never_verified"
    OUTDATED = "outdated"
    UNREACHABLE = "unreachable"
    NO_COORDINATES = "no_coordinates"
    MISSING_TEXTS = "missing_texts"
    OUTDATED_TEXTS = "outdated_texts"


REASON_LABELS = {
    # TRANSLATORS: staff "to verify" list: the offer has no date of the last check
    DueReason.NEVER_VERIFIED: N_("never checked"),
    # TRANSLATORS: staff "to verify" list: the last check is older than the allowed months
    DueReason.OUTDATED: N_("last checked more than {months} months ago"),
    # TRANSLATORS: staff "to verify" list: no phone, e-mail, website or street address
    DueReason.UNREACHABLE: N_("no way to reach it"),
    # TRANSLATORS: staff "to verify" list: the offer has a street address but no latitude and
    # longitude, so its map QR code can only search for the address instead of showing a pin
    DueReason.NO_COORDINATES: N_("no map position (latitude and longitude)"),
    # TRANSLATORS: staff "to verify" list: an active offer has no text in some languages
    # visitors can choose; the kiosk shows them the English or German text with a note
    DueReason.MISSING_TEXTS: N_("no text in some visitor languages"),
    # TRANSLATORS: staff "to verify" list: the German text of an active offer changed after
    # some translations were written; they are marked outdated until someone updates them
    DueReason.OUTDATED_TEXTS: N_("translation outdated in some visitor languages"),
}


@dataclass(frozen=True, slots=True)
class DueOffer:
    """An offer to check again and why."""

    offer: Offer
    reasons: tuple[DueReason, ...]
    #: Visitor languages (kiosk codes) an active offer has no text in.
    missing_texts: tuple[str, ...] = ()
    #: Visitor languages (kiosk codes) whose text of an active offer is outdated.
    outdated_texts: tuple[str, ...] = ()


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_outdated(offer: Offer, today: dt.date, months: int) -> bool:
    """True when the offer's information was never checked or was last checked more than
    ``months`` months before ``today``: visitors are told so, and it ranks lower."""
    return offer.verified_on is None or offer.verified_on < months_before(today, months)


def lacks_coordinates(offer: Offer) -> bool:
    """An address is known but not where it is on a map."""
    address = offer.address
    return address.is_known and (address.lat is None or address.lon is None)


def missing_texts(offer: Offer, languages: Iterable[str]) -> tuple[str, ...]:
    """The ``languages`` (kiosk codes) an offer has no summary in."""
    return tuple(
        code
        for code in languages
        if (text := offer.texts.get(code)) is None or not (text.summary or "").strip()
    )


def outdated_texts(offer: Offer, languages: Iterable[str]) -> tuple[str, ...]:
    """The ``languages`` (kiosk codes) whose text of the offer is marked outdated."""
    return tuple(
        code
        for code in languages
        if (text := offer.texts.get(code)) is not None
        and text.status is TextStatus.OUTDATED
        and (text.summary or "").strip()
    )


def due_for_verification(
    offers: Iterable[Offer], today: dt.date, months: int, languages: Iterable[str] = ()
) -> list[DueOffer]:
    """Offers not verified within ``months`` months, unreachable, with an address but no
    map position, or active without a text (or with an outdated one) in one of the visitor
    ``languages``; oldest check first.

    Offers never checked come first; ties are broken by id so the list is stable.
    """
    limit = months_before(today, months)
    languages = tuple(languages)
    due = []
    for offer in offers:
        reasons = []
        if offer.verified_on is None:
            reasons.append(DueReason.NEVER_VERIFIED)
        elif offer.verified_on < limit:
            reasons.append(DueReason.OUTDATED)
        if not offer.is_reachable:
            reasons.append(DueReason.UNREACHABLE)
        if lacks_coordinates(offer):
            reasons.append(DueReason.NO_COORDINATES)
        missing = missing_texts(offer, languages) if offer.active else ()
        if missing:
            reasons.append(DueReason.MISSING_TEXTS)
        stale = outdated_texts(offer, languages) if offer.active else ()
        if stale:
            reasons.append(DueReason.OUTDATED_TEXTS)
        if reasons:
            due.append(DueOffer(offer, tuple(reasons), missing, stale))
    due.sort(key=lambda d: (d.offer.verified_on or dt.date.min, d.offer.id))
    return due


def reason_text(reason: DueReason, months: int, translate=None) -> str:
    """The reason in a language (``translate`` is ``Catalogue._``) or in English."""
    message = REASON_LABELS[reason]
    if translate is not None:
        return translate(message, months=months)
    return message.format(months=months)
