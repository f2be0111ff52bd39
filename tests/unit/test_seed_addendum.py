"""The seed after the December 2026 addendum to the reference data: what was decided.

Each test names the addendum's section. The values are the decisions taken from the sources
(``shared/reference/dresden-offers-addendum-2026-12.md``); when the data changes on purpose,
change the expectation here together with the staff note that explains it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources

import pytest

from kiosk.db.seeding import load_seed_offers
from kiosk.domain.choices import AgeBand
from kiosk.domain.matching import match_offers
from kiosk.domain.models import OfferKind
from kiosk.domain.validation import normalise_text

#: A rectangle around Dresden and its neighbour Freital (where the JMD has a branch).
DRESDEN_LAT = (50.95, 51.20)
DRESDEN_LON = (13.55, 14.00)
#: What must never be published (addendum C11, C16): a counsellor's personal e-mail and the
#: closed DVSI's historic contact data.
NEVER_PUBLISHED = ("b.matthes", "viaa.dd@t-online.de", "4843803", "484 3803")
#: The languages every new or newly activated offer has a text in (the task's minimum).
REQUIRED_TEXTS = ("de", "en", "de-x-ls", "ar", "uk", "ru", "fa", "fa-AF", "tr", "ti", "zh-Hans")
#: New offers of addendum section E, with the date of the oldest source of what they show.
NEW_ACTIVE = {
    "rlc-dresden": dt.date(2020, 1, 1),  # e-mail 2020
    "psz-dresden": dt.date(2017, 1, 1),  # phone and e-mail 2017
    "gerede-refugees": dt.date(2016, 6, 21),
    "sowieso-frauen": dt.date(2017, 1, 1),
    "raa-opferberatung": dt.date(2017, 4, 12),
    "auslaenderrat-johannstadt": dt.date(2016, 1, 1),
    "cabana-oeiz": dt.date(2016, 6, 21),
    "dresden-concept-welcome": dt.date(2017, 1, 1),
}
NEW_INACTIVE = ("fsa-ukraine-afropa", "gdd-dresden")  # funding at risk (E5); no contact (E7)


@pytest.fixture(scope="module")
def offers():
    return {offer.id: offer for offer in load_seed_offers()}


def _raw_seed() -> str:
    return resources.files("kiosk.db").joinpath("seed", "offers.json").read_text("utf-8")


def _texts(offer) -> list[str]:
    return [f"{t.summary}\n{t.description}\n{t.audience}" for t in offer.texts.values()]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_seed_holds_its_text_as_it_is_stored():
    """The seed is read by the import's rules (``load_seed_offers``), which store text
    normalised; every text in the file already is (NFC, ``\\n`` line breaks, no white space
    around it), so the database holds the seed to the letter — nothing staff could not type."""
    entries = json.loads(_raw_seed())["offers"]
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries), "kept in id order"
    for text in _strings(entries):
        assert normalise_text(text, "description").strip() == text, ascii(text[:80])


def test_every_active_offer_is_reachable_dated_and_sourced(offers):
    for offer in offers.values():
        if offer.active:
            assert offer.is_reachable, offer.id
            assert offer.verified_on is not None and offer.verified_on <= dt.date.today(), offer.id
            assert offer.source.startswith(("http://", "https://")), offer.id
        else:
            assert offer.staff_note, f"{offer.id} is inactive without a note why"


def test_coordinates_lie_in_dresden(offers):
    placed = [o for o in offers.values() if o.address.lat is not None]
    assert placed, "the addendum gives coordinates; some offers have them"
    for offer in placed:
        assert DRESDEN_LAT[0] < offer.address.lat < DRESDEN_LAT[1], offer.id
        assert DRESDEN_LON[0] < offer.address.lon < DRESDEN_LON[1], offer.id
        assert offer.address.is_known, f"{offer.id}: a pin without an address"


def test_nothing_that_must_not_be_published_is_in_the_seed():
    raw = _raw_seed()
    for secret in NEVER_PUBLISHED:
        assert secret not in raw, secret


# -- B1, B2: the Ausländerbehörde and the Welcome Center moved to Lingnerallee 3 -------------
@pytest.mark.parametrize("offer_id", ["auslaenderbehoerde-dresden", "welcome-center-dresden"])
def test_moved_to_lingnerallee_with_the_conflict_named(offers, offer_id):
    offer = offers[offer_id]
    assert offer.active
    assert offer.address.street == "Lingnerallee 3, Eingang Nord"
    assert offer.address.postcode == "01069"
    assert (offer.address.lat, offer.address.lon) == (51.046976, 13.746673)
    assert "KONFLIKT" in offer.staff_note and "Theaterstraße" in offer.staff_note
    for text in _texts(offer):
        assert "Theaterstraße" not in text, "no text sends visitors to the old address"
    assert all("Lingnerallee 3" in t.description for t in offer.texts.values())
    # Dated by what a visitor acts on (address, phone, e-mail); a building's coordinates do not
    # age with the office in it.
    expected = {"auslaenderbehoerde-dresden": dt.date(2026, 7, 4)}
    assert offer.verified_on == expected.get(offer_id, dt.date(2017, 1, 1))


def test_the_welcome_centers_hours_of_an_old_address_are_not_shown(offers):
    """The 2017 hours were those at Schweriner Straße 1, two moves ago."""
    offer = offers["welcome-center-dresden"]
    assert offer.hours is None
    assert "Schweriner Straße 1" in offer.staff_note


def test_the_authoritys_unverified_hours_are_not_used(offers):
    """C1: the third party's "likely" hours are marked "Do not use"; the 2020 hotline hours
    are no longer in the texts either."""
    abh = offers["auslaenderbehoerde-dresden"]
    assert abh.hours is None
    assert abh.appointment_only
    for text in _texts(abh):
        assert not re.search(r"\b(8|9)\s*[–-]\s*1[12]\b", text), text


def test_welcome_center_keeps_its_sourced_contacts(offers):
    wc = offers["welcome-center-dresden"]
    assert wc.contact.phone == "+49 351 4886051"
    assert wc.contact.web == "https://welcome.dresden.de/"
    assert "2017" in wc.staff_note and "⚠️" in wc.staff_note


# -- B3: the commissioner's office: newer address and phone, postcode conflict ---------------
def test_integrationsbeauftragte_at_lingnerallee_with_postcode_conflict(offers):
    office = offers["integrationsbeauftragte-dresden"]
    assert office.address.street == "Lingnerallee 3"
    assert office.address.postcode == "01069"
    assert office.contact.phone == "+49 351 4882131"
    assert "01067" in office.staff_note and "01069" in office.staff_note
    assert "Dr.-Külz-Ring 19" in office.staff_note, "the old address is named as the conflict"
    assert office.address.lat is None, "the 2016 coordinates are those of the old address"
    assert office.hours is None, "hours are unknown (❓)"
    for text in _texts(office):
        assert "Külz" not in text


# -- B5, B6, B9: Flüchtlingsrat, BdV/LmDR MBE, Caritas MBE ------------------------------------
def test_fluechtlingsrat_asylum_counselling_at_dammweg_4(offers):
    rat = offers["fluechtlingsrat-sachsen"]
    assert (rat.address.street, rat.address.postcode) == ("Dammweg 4", "01097")
    assert rat.contact.phone == "+49 351 33221273"
    assert "Dammweg 15" in rat.staff_note, "the rejected house number is named"
    assert rat.verified_on.year == 2017


def test_bdv_mbe_moved_without_house_number_or_coordinates(offers):
    mbe = offers["mbe-bdv-lmdr"]
    assert mbe.active
    assert mbe.address.street == "Großenhainer Straße"
    assert not re.search(r"\d", mbe.address.street), "the house number is unknown"
    assert mbe.address.postcode == ""
    assert mbe.address.lat is None and mbe.address.lon is None, "Pfotenhauerstr. is superseded"
    assert "Pfotenhauer" in mbe.staff_note
    assert mbe.contact.email == "", "the only e-mail is a personal one"
    assert mbe.verified_on == dt.date(2022, 3, 14)


def test_caritas_mbe_at_canalettostrasse_marked_indirect(offers):
    mbe = offers["mbe-caritas"]
    assert mbe.address.street == "Canalettostraße 10"
    assert "indirekt" in mbe.staff_note
    assert mbe.address.lat is None, "Canalettostraße's coordinates stay unknown (F)"
    assert mbe.languages == (), "languages unknown (❓)"
    assert mbe.verified_on == dt.date(2017, 4, 12), "phone, e-mail and hours are from 2017"


# -- F: what stays unknown ----------------------------------------------------------------------
def test_awo_mbe_still_has_no_phone_hours_or_languages(offers):
    awo = offers["mbe-awo-prohlis"]
    assert awo.active and awo.is_reachable
    assert awo.address.street.startswith("Herzberger Straße 24/26")
    assert not (awo.contact.phone or awo.contact.email or awo.hours or awo.languages)


def test_other_unknowns_stay_empty(offers):
    assert offers["msa-afropa-klotzsche"].address.postcode == ""
    assert offers["msa-afropa-klotzsche"].hours is None
    assert offers["jmd-caritas-dresden"].address.lat is None
    assert offers["jugendamt-dresden-umf"].languages == ()
    sufw = offers["msa-sufw"]
    assert not (sufw.address.postcode or sufw.contact.phone or sufw.contact.email or sufw.hours)


def test_old_data_is_dated_by_its_oldest_source(offers):
    """Point 4 of the issue: hours last seen in 2017 make the offer show as 2017."""
    assert offers["jugendamt-dresden-umf"].verified_on == dt.date(2017, 3, 15)
    assert offers["jmd-caritas-dresden"].verified_on == dt.date(2017, 4, 12)
    assert offers["auslaenderrat-dresden"].verified_on == dt.date(2016, 11, 15)
    assert offers["msa-caritas-prohlis"].verified_on.year == 2013, "its languages are from 2013"


# -- B7, B8: closed organisations ----------------------------------------------------------------
def test_closed_organisations_stay_inactive_and_empty(offers):
    assert not offers["dsm-sachsen"].active
    dvsi = offers["dvsi-dresden"]
    assert not dvsi.active
    assert "31.12.2022" in dvsi.staff_note
    assert not (dvsi.contact.phone or dvsi.contact.email or dvsi.contact.web or dvsi.address.street)


# -- C17, C19, C20: SUFW and the online counselling ----------------------------------------------
def test_sufw_active_with_partial_data(offers):
    sufw = offers["msa-sufw"]
    assert sufw.active
    assert sufw.provider.startswith("Sächsisches Umschulungs- und Fortbildungswerk Dresden e.V.")
    assert sufw.address.street == "Amalie-Dietrich-Platz 9"
    assert sufw.contact.web.startswith("https://")
    assert sufw.verified_on == dt.date(2024, 9, 20)


def test_online_counselling_is_active_with_its_web_address(offers):
    jmd4you, mbeon = offers["jmd4you"], offers["mbeon"]
    assert jmd4you.active and jmd4you.kind is OfferKind.ONLINE_SERVICE
    assert jmd4you.contact.web == "https://www.jmd4you.de"
    assert (jmd4you.min_age, jmd4you.max_age) == (12, 26)
    assert jmd4you.languages == ("de", "tr"), "Russian is another site's (C19)"
    assert jmd4you.verified_on == dt.date(2017, 7, 19)
    assert mbeon.active and mbeon.kind is OfferKind.ONLINE_SERVICE
    assert mbeon.contact.web == "https://www.mbeon.de/"
    assert mbeon.min_age == 27 and mbeon.max_age is None
    assert mbeon.languages == (), "the list of languages is unknown"
    assert mbeon.verified_on is not None
    assert "SCHWACH" in mbeon.staff_note and "prüfen" in mbeon.staff_note


def test_online_counselling_fits_the_visitors_age(offers):
    young, adult = AgeBand("18-26", 18, 26), AgeBand("27-plus", 27, None)
    shown_young = {m.offer.id for m in match_offers(offers.values(), "ti", young, None)}
    shown_adult = {m.offer.id for m in match_offers(offers.values(), "ti", adult, None)}
    assert "jmd4you" in shown_young and "mbeon" not in shown_young
    assert "mbeon" in shown_adult and "jmd4you" not in shown_adult


# -- E: new offers -----------------------------------------------------------------------------
@pytest.mark.parametrize("offer_id", sorted(NEW_ACTIVE))
def test_new_offer_is_reachable_with_its_source_date(offers, offer_id):
    offer = offers[offer_id]
    assert offer.active and offer.is_reachable
    assert offer.verified_on == NEW_ACTIVE[offer_id]
    assert offer.staff_note.startswith("Neu (Addendum E")
    assert "⚠️" in offer.staff_note or "✅" in offer.staff_note
    missing = [lang for lang in REQUIRED_TEXTS if lang not in offer.texts]
    assert not missing, missing


@pytest.mark.parametrize("offer_id", ["jmd4you", "mbeon", "msa-sufw"])
def test_activated_offers_have_texts_for_the_visitors(offers, offer_id):
    missing = [lang for lang in REQUIRED_TEXTS if lang not in offers[offer_id].texts]
    assert not missing, missing


def test_new_offers_that_may_have_closed_or_have_no_contact_stay_inactive(offers):
    for offer_id in NEW_INACTIVE:
        assert not offers[offer_id].active, offer_id
    assert not offers["gdd-dresden"].is_reachable, "no contact is sourced (E7)"
    assert "Finanzierung" in offers["fsa-ukraine-afropa"].staff_note


def test_new_offers_use_the_existing_vocabulary(offers):
    """No new kind or need was invented (the schema stays as it is)."""
    catalogue = json.loads(
        resources.files("kiosk.db").joinpath("seed", "catalogue.json").read_text()
    )
    needs = {n["id"] for n in catalogue["needs"]}
    for offer in offers.values():
        assert offer.needs <= needs, offer.id
        assert isinstance(offer.kind, OfferKind), offer.id


def test_psz_has_no_street_because_its_address_is_unclear(offers):
    psz = offers["psz-dresden"]
    assert psz.address.street == ""
    assert "Friedrichstraße" in psz.staff_note and "Maxstrasse 5" in psz.staff_note
    assert "Schließung" in psz.staff_note


def test_the_same_street_in_every_language(offers):
    """Where the German text names the offer's street, every language names it the same way."""
    for offer in offers.values():
        street = offer.address.street
        if street and street in offer.texts["de"].description:
            for lang, text in offer.texts.items():
                assert street in text.description, (offer.id, lang)
