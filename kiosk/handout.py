"""What a printed handout says about one offer — data only; ``ui/printing.py`` draws it.

A handout has one part in the visitor's language and one in German, so the counter staff and the
counselling office can read it too (a German visitor gets the German part once). Each part carries
its own direction, headings and lines, already translated and formatted through a
:class:`~kiosk.i18n.Catalogue`; offer texts follow the usual fallback (chosen language → English →
German) and the part says so when a fallback is printed. The opening state ("open now") is left
out on purpose: paper outlives the moment. The QR codes are the ones the detail screen shows
(:attr:`kiosk.qr.OfferCodes.shown`: a contact card only when it holds a phone or an e-mail, else
the website; a map pin at known coordinates, else an address search), each captioned for what it
holds (:func:`qr_caption`) in every language of the handout.

Information older than the kiosk's ``verify_after_months`` carries a note in each part (from
when it is, and what to do: call first, or ask at the counter), the same rule as on screen. Each
part is headed with the language's own name as the visitor's language button shows it (the
``language`` table's endonyms: "Leichte Sprache", not the CLDR name of German).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from kiosk.domain.models import DayStatus, Offer
from kiosk.domain.texts import text_for
from kiosk.i18n import Catalogue, load_catalogue
from kiosk.labels import (
    access_line,
    address_lines,
    checked_line,
    contact_lines,
    fallback_note,
    kind_label,
    languages_line,
    offer_age_label,
    outdated_note,
    weekly_hours_lines,
)
from kiosk.qr import CodeKind, OfferCode, offer_codes

#: The second language of every handout.
STAFF_LANGUAGE = "de"


@dataclass(frozen=True, slots=True)
class HandoutSection:
    """A heading with its paragraphs (one line per weekday in the opening hours)."""

    key: str  # about, audience, where, hours, contact, languages, more
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HandoutPart:
    """Everything printed in one language, in reading order."""

    lang: str
    rtl: bool
    brand: str  # "Wegweiser Dresden", the kiosk's name
    language_name: str  # the language's own name: "العربية", "Deutsch", "Leichte Sprache"
    kind: str  # "Youth migration service – Caritas …"
    fallback_note: str  # empty unless the offer text is printed in another language
    outdated: str  # empty unless the information is old: "Information from 2011 … call first"
    sections: tuple[HandoutSection, ...]
    captions: tuple[str, ...]  # under each QR code of the handout, in the same order
    checked: str  # "Information last checked on …"
    printed: str  # "Printed on … at …"


@dataclass(frozen=True, slots=True)
class Handout:
    """One offer on paper: its official name, the QR codes and the language parts."""

    offer_id: str
    name: str  # German official name, printed as it is on the door
    codes: tuple[OfferCode, ...]  # reach (contact card or website) first, then the map
    printed_on: dt.date
    location: str
    parts: tuple[HandoutPart, ...]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(part.lang for part in self.parts)

    @property
    def payloads(self) -> tuple[str, ...]:
        return tuple(code.payload for code in self.codes)

    @property
    def vcard(self) -> str | None:
        """The contact card on the handout, if it has one."""
        return next((c.payload for c in self.codes if c.kind is CodeKind.CONTACT), None)


def _printed_line(cat: Catalogue, day: dt.date, location: str) -> str:
    if location:
        # TRANSLATORS: footer of a printed handout; {place} is the kiosk's location, e.g.
        # "Bürgerbüro Altstadt"
        return cat._("Printed on {date} at {place}.", date=cat.date(day), place=location)
    # TRANSLATORS: footer of a printed handout
    return cat._("Printed on {date}.", date=cat.date(day))


def _hours_lines(cat: Catalogue, offer: Offer) -> list[str]:
    if offer.hours is None:
        return [cat._("Opening hours not known – please ask"), access_line(cat, offer)]
    # Paper is short: closed days are summed up in one line when any day is not closed.
    closed = [day.status is DayStatus.CLOSED for day in offer.hours.days]
    lines = [access_line(cat, offer)]
    for (day, hours), is_closed in zip(weekly_hours_lines(cat, offer), closed, strict=True):
        if is_closed and not all(closed):
            continue
        # TRANSLATORS: one line of the opening hours on a printed handout, e.g.
        # "Monday: 14:00 – 16:00"
        lines.append(cat._("{weekday}: {hours}", weekday=day, hours=hours))
    if any(closed) and not all(closed):
        # TRANSLATORS: on a printed handout, after the days with opening hours
        lines.append(cat._("Closed on all other days."))
    return lines


def own_name(cat: Catalogue, names: Mapping[str, str]) -> str:
    """The language's own name: its endonym from ``names`` (the kiosk's language table), else
    CLDR's name of the language in itself."""
    return names.get(cat.code) or cat.language_name(cat.code)


def handout_part(
    cat: Catalogue,
    offer: Offer,
    printed_on: dt.date,
    location: str,
    *,
    verify_after_months: int,
    language_names: Mapping[str, str],
    codes: tuple[OfferCode, ...] = (),
) -> HandoutPart:
    """The part of a handout in the catalogue's language (``codes``: the handout's QR codes,
    captioned in this language)."""
    shown = text_for(offer, cat.code)
    text = shown.text
    provider = cat.isolate(offer.provider) if cat.is_rtl else offer.provider
    kind = kind_label(cat, offer.kind)
    if offer.provider and offer.provider != offer.name:
        kind = f"{kind} – {provider}"
    place = cat.isolate(location) if cat.is_rtl else location
    ages = offer_age_label(cat, offer.min_age, offer.max_age)
    sections = (
        HandoutSection(
            "about",
            cat._("What they do"),
            tuple(p for p in ((text.summary, text.description) if text else ()) if p),
        ),
        HandoutSection(
            "audience",
            cat._("For whom"),
            tuple(p for p in (text.audience if text else "", ages) if p),
        ),
        HandoutSection("where", cat._("Where"), tuple(address_lines(cat, offer.address))),
        HandoutSection("hours", cat._("Opening hours"), tuple(_hours_lines(cat, offer))),
        HandoutSection("contact", cat._("Contact"), tuple(contact_lines(cat, offer.contact))),
        HandoutSection("languages", cat._("Languages"), (languages_line(cat, offer),)),
        HandoutSection(
            "more", cat._("Good to know"), (offer.accessibility,) if offer.accessibility else ()
        ),
    )
    return HandoutPart(
        lang=cat.code,
        rtl=cat.is_rtl,
        brand=cat._("Wegweiser Dresden"),
        language_name=own_name(cat, language_names),
        kind=kind,
        fallback_note=fallback_note(cat, shown),
        outdated=outdated_note(cat, offer, printed_on, verify_after_months),
        sections=tuple(s for s in sections if s.lines),
        captions=tuple(qr_caption(cat, code.kind) for code in codes),
        checked=checked_line(cat, offer),
        printed=_printed_line(cat, printed_on, place),
    )


def qr_caption(cat: Catalogue, which: str) -> str:
    """What a phone does with a QR code, said honestly: ``which`` is a
    :class:`~kiosk.qr.CodeKind` value — "contact" (a card with a phone or an e-mail), "web"
    (the website), "map" (a marker at the place) or "map_search" (a search for the address)."""
    if which == "contact":
        # TRANSLATORS: under the QR code that holds the offer's contact card (vCard) with its
        # phone number or e-mail address
        return cat._("Scan to save the contact")
    if which == "web":
        # TRANSLATORS: under the QR code that opens the offer's website (no phone number or
        # e-mail address is known, so there is no contact card)
        return cat._("Scan to open the website")
    if which == "map_search":
        # TRANSLATORS: under the QR code that opens a map and searches for the offer's address
        # (the exact position is not known)
        return cat._("Scan to search for the address on a map")
    # TRANSLATORS: under the QR code that opens the offer's place on a map
    return cat._("Scan for the map")


def build_handout(
    offer: Offer,
    lang: str,
    printed_on: dt.date,
    location: str = "",
    *,
    verify_after_months: int,
    language_names: Mapping[str, str],
) -> Handout:
    """The handout of an offer for a visitor language: that language first, then German
    (German only once when the visitor reads German).

    ``verify_after_months`` is the kiosk's setting (:class:`~kiosk.visitor.KioskSettings`):
    older information is marked as old. ``language_names`` maps language codes to their
    endonyms (``{lang.code: lang.endonym for lang in catalogue.languages()}``) for the headings
    of the parts.
    """
    languages = [lang] if lang == STAFF_LANGUAGE else [lang, STAFF_LANGUAGE]
    codes = offer_codes(offer).shown
    parts = tuple(
        handout_part(
            load_catalogue(code),
            offer,
            printed_on,
            location,
            verify_after_months=verify_after_months,
            language_names=language_names,
            codes=codes,
        )
        for code in languages
    )
    return Handout(
        offer_id=offer.id,
        name=offer.name,
        codes=codes,
        printed_on=printed_on,
        location=location,
        parts=parts,
    )
