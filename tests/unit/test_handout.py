"""What a handout says: the visitor's language and German, fallbacks marked, no open state."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kiosk.handout import build_handout
from kiosk.i18n import load_catalogue
from kiosk.labels import outdated_note
from kiosk.qr import CodeKind, offer_codes
from tests.handout_helpers import handout_options

PRINTED = dt.date(2026, 3, 12)
#: Eastern Arabic and Persian digits → ASCII, to find a year in any of the catalogues.
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


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


def test_old_information_is_marked_on_paper_in_every_part(catalogue):
    offer = dataclasses.replace(
        catalogue.offer("jmd-caritas-dresden"), verified_on=dt.date(2011, 1, 1)
    )
    handout = build_handout(offer, "ar", PRINTED, **handout_options(catalogue, months=6))
    for part in handout.parts:
        cat = load_catalogue(part.lang)
        assert part.outdated == outdated_note(cat, offer, PRINTED, 6)
        assert "2011" in part.outdated.translate(ARABIC_DIGITS), part.lang


def test_recent_information_has_no_note_and_the_setting_decides(catalogue):
    checked = dt.date(2025, 3, 1)
    offer = dataclasses.replace(catalogue.offer("msa-caritas-prohlis"), verified_on=checked)
    soon_after = checked + dt.timedelta(days=40)
    fresh = build_handout(offer, "de", soon_after, **handout_options(catalogue, months=6))
    assert fresh.parts[0].outdated == ""
    much_later = dt.date(checked.year + 1, checked.month, checked.day)
    old = build_handout(offer, "de", much_later, **handout_options(catalogue, months=6))
    assert old.parts[0].outdated
    lenient = build_handout(offer, "de", much_later, **handout_options(catalogue, months=24))
    assert lenient.parts[0].outdated == "", "24 months allowed: a year-old check is not old"


def test_never_checked_information_says_so_on_paper(catalogue):
    offer = dataclasses.replace(catalogue.offer("mbe-caritas"), verified_on=None)
    (de,) = build_handout(offer, "de", PRINTED, **handout_options(catalogue)).parts
    cat = load_catalogue("de")
    assert de.outdated == outdated_note(cat, offer, PRINTED, 6)
    assert de.outdated and "20" not in de.outdated


def test_each_part_is_headed_with_its_own_language_in_all_languages(catalogue):
    """The heading of each column names the language it is written in, as the visitor's
    language button does: Leichte Sprache is not headed "Deutsch", Dari not "Persian"."""
    languages = catalogue.languages()
    assert len(languages) == 17
    names = {lang.code: lang.endonym for lang in languages}
    offer = catalogue.offer("msa-caritas-prohlis")
    for lang in languages:
        parts = build_handout(offer, lang.code, PRINTED, **handout_options(catalogue)).parts
        assert parts[0].lang == lang.code
        assert parts[0].language_name == lang.endonym, lang.code
        if lang.code == "de":
            assert len(parts) == 1
        else:
            assert parts[1].lang == "de" and parts[1].language_name == names["de"]
            assert parts[0].language_name != parts[1].language_name, lang.code
    headings = {
        code: build_handout(offer, code, PRINTED, **handout_options(catalogue))
        .parts[0]
        .language_name
        for code in ("de-x-ls", "fa", "fa-AF", "zh-Hans")
    }
    assert headings["de-x-ls"] == "Leichte Sprache"
    assert headings["fa"] != headings["fa-AF"], "Persian and Dari are two headings"
