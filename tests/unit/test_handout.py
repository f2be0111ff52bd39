"""What a handout says: the visitor's language and German, fallbacks marked, no open state."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kiosk.handout import build_handout
from kiosk.i18n import load_catalogue
from kiosk.qr import CodeKind, offer_codes
from tests.handout_helpers import handout_options

PRINTED = dt.date(2026, 3, 12)


def _lines(part) -> list[str]:
    return [line for section in part.sections for line in section.lines]


def test_arabic_handout_has_an_arabic_part_then_a_german_one(catalogue):
    offer = catalogue.offer("msa-caritas-prohlis")
    handout = build_handout(
        offer, "ar", PRINTED, "Bürgerbüro Altstadt", **handout_options(catalogue)
    )
    assert handout.languages == ("ar", "de")
    ar, de = handout.parts
    assert ar.rtl and not de.rtl
    assert ar.language_name == "العربية" and de.language_name == "Deutsch"
    assert handout.name == offer.name, "the official German name, as on the door"
    cat = load_catalogue("ar")
    assert ar.sections[0].heading == cat._("What they do")
    assert handout.codes == offer_codes(offer).shown, "the codes the detail screen shows"
    assert "Bürgerbüro Altstadt" in ar.printed and "Bürgerbüro Altstadt" in de.printed
    assert cat.date(PRINTED) in ar.printed
    assert de.checked == load_catalogue("de")._(
        "Information last checked on {date}.", date=load_catalogue("de").date(offer.verified_on)
    )


def test_a_fallback_text_is_said_on_paper(catalogue):
    offer = catalogue.offer("msa-caritas-prohlis")
    texts = {lang: text for lang, text in offer.texts.items() if lang != "ar"}
    offer = dataclasses.replace(offer, texts=texts)  # no Arabic text: English is printed
    ar, de = build_handout(offer, "ar", PRINTED, **handout_options(catalogue)).parts
    assert ar.fallback_note, "the Arabic part says the text is shown in English"
    assert offer.texts["en"].summary in _lines(ar)
    assert not de.fallback_note
    assert offer.texts["de"].summary in _lines(de)


def test_german_visitor_gets_german_once(catalogue):
    handout = build_handout(
        catalogue.offer("msa-caritas-prohlis"), "de", PRINTED, **handout_options(catalogue)
    )
    assert handout.languages == ("de",)


def test_hours_on_paper_list_the_open_days_and_no_open_state(catalogue):
    offer = catalogue.offer("msa-caritas-prohlis")  # Mon 14–16, Tue 9:30–11:30, Thu 13–16
    de = build_handout(offer, "de", PRINTED, **handout_options(catalogue)).parts[0]
    cat = load_catalogue("de")
    hours = next(s for s in de.sections if s.key == "hours")
    monday = cat._(
        "{weekday}: {hours}",
        weekday=cat.weekday(0),
        hours=cat._("{start} – {end}", start="14:00", end="16:00"),
    )
    assert monday in hours.lines
    assert not any(cat.weekday(2) in line for line in hours.lines), "Wednesday is closed"
    assert cat._("Closed on all other days.") in hours.lines
    assert not any(line.startswith(cat._("Open now, until {time}", time="")) for line in _lines(de))


def test_unknown_hours_and_address_are_said_not_invented(catalogue):
    offer = next(
        m.offer for m in catalogue.results("de", None, None) if not m.offer.address.is_known
    )
    de = build_handout(offer, "de", PRINTED, **handout_options(catalogue)).parts[0]
    cat = load_catalogue("de")
    where = next(s for s in de.sections if s.key == "where")
    assert where.lines == (cat._("No address known – please use the contact details."),)
    codes = build_handout(offer, "de", PRINTED, **handout_options(catalogue)).codes
    assert not {code.kind for code in codes} & {CodeKind.MAP_PIN, CodeKind.MAP_SEARCH}


def test_without_a_location_the_footer_has_only_the_date(catalogue):
    de = build_handout(
        catalogue.offer("mbe-caritas"), "de", PRINTED, "", **handout_options(catalogue)
    ).parts[0]
    cat = load_catalogue("de")
    assert de.printed == cat._("Printed on {date}.", date=cat.date(PRINTED))
