"""Validation in the core: every problem named by its field, shared by editor and import."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from importlib import resources

import pytest

from kiosk.db.seeding import load_seed_offers
from kiosk.domain.choices import Language
from kiosk.domain.configuration import ConfigurationForm, parse_configuration
from kiosk.domain.offer_form import ExceptionForm, OfferForm, offer_to_form
from kiosk.domain.validation import (
    ValidationContext,
    age_band_id,
    is_known_language,
    parse_age_bands,
    parse_offer_form,
)
from kiosk.domain.verification import DueReason, due_for_verification, months_before

TODAY = dt.date(2026, 11, 23)
NEEDS = frozenset(
    {"papers", "language", "work", "education", "asylum", "family", "housing", "community"}
)
KIOSK_LANGUAGES = frozenset(
    entry["code"]
    for entry in json.loads(
        resources.files("kiosk.db").joinpath("seed", "catalogue.json").read_text("utf-8")
    )["languages"]
)
CTX = ValidationContext(text_languages=KIOSK_LANGUAGES, need_ids=NEEDS, today=TODAY)


def seed_form(offer_id: str = "msa-caritas-prohlis") -> OfferForm:
    offer = next(o for o in load_seed_offers() if o.id == offer_id)
    return offer_to_form(offer)


def problems_of(form: OfferForm) -> dict[str, str]:
    offer, found = parse_offer_form(form, CTX)
    assert offer is None and found
    return {p.field: p.text() for p in found}


def problems_at(form: OfferForm) -> dict[tuple, str]:
    """The problems by their structured path, e.g. ``("exceptions", 2, "date")``."""
    offer, found = parse_offer_form(form, CTX)
    assert offer is None and found
    return {p.path: p.text() for p in found}


def test_every_seed_offer_is_valid_and_survives_the_form_round_trip():
    for offer in load_seed_offers():
        back, found = parse_offer_form(offer_to_form(offer), CTX)
        assert found == [], (offer.id, [str(p) for p in found])
        assert back == offer


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("phone", "12", "phone number"),
        ("phone", "+49 351 12", "phone number"),
        ("email", "not-mail", "e-mail"),
        ("email", "a@b", "e-mail"),
        ("web", "ftp://example.org", "https://"),
        ("web", "javascript:alert(1)", "https://"),
        ("web", "https://exa mple.org", "https://"),
        ("min_age", "-1", "whole number"),
        ("min_age", "131", "whole number"),
        ("max_age", "zwölf", "whole number"),
        ("postcode", "1234", "five digits"),
        ("lat", "91", "-90"),
        ("lon", "nan", "-180"),
        ("verified_on", "2026-02-30", "YYYY-MM-DD"),
        ("verified_on", "2027-01-01", "future"),
        ("hours_mon", "25:00-12:00", "time span"),
        ("hours_mon", "12:00-09:00", "ends before"),
        ("hours_mon", "09:00-12:00, 11:00-13:00", "overlap"),
        ("hours_mon", "open", "opening times"),
        ("kind", "bakery", "Unknown kind"),
        ("needs", "papers, swimming", "swimming"),
        ("languages", "de, zz-qq-x", "zz-qq-x"),
        ("name", "x" * 201, "Too long"),
        ("street", "Hauptstraße\t1", "control characters"),
        ("id", "MBE caritas", "small letters"),
        ("source", "somewhere", "“staff”"),
        ("appointment_only", "vielleicht", "yes"),
    ],
)
def test_a_bad_value_is_named_by_its_field(field, value, fragment):
    form = seed_form()
    form.fields[field] = value
    found = problems_of(form)
    assert field in found, found
    assert fragment in found[field]


def test_age_range_must_not_be_reversed():
    form = seed_form("jmd-caritas-dresden")
    form.fields.update(min_age="26", max_age="12")
    assert "highest age" in problems_of(form)["max_age"]


def test_active_offer_needs_source_date_and_a_way_to_reach_it():
    form = seed_form()
    for key in ("source", "verified_on", "phone", "email", "web", "street"):
        form.fields[key] = ""
    found = problems_of(form)
    assert {"source", "verified_on", "active"} <= set(found)
    form.fields["active"] = "no"
    assert parse_offer_form(form, CTX)[1] == []


def test_texts_need_a_known_language_status_and_summary():
    form = seed_form()
    form.texts["xx"] = {"status": "reviewed", "summary": "Hi", "description": "", "audience": ""}
    form.texts["en"]["status"] = "perfect"
    form.texts["de"]["summary"] = ""
    found = problems_at(form)
    assert "Unknown language" in found[("texts", "xx")]
    assert "missing, machine, outdated or reviewed" in found[("texts", "en", "status")]
    assert "summary" in found[("texts", "de", "summary")]
    form.texts["ar"] = {"status": "machine", "summary": "x" * 301}
    assert "Too long" in problems_at(form)[("texts", "ar", "summary")]


def test_weekly_hours_are_all_or_nothing_and_exceptions_need_them():
    form = seed_form()
    form.fields["hours_tue"] = ""
    assert "every weekday" in problems_of(form)["hours_tue"]
    form = seed_form("auslaenderbehoerde-dresden")  # hours not known
    form.exceptions = [ExceptionForm("2026-12-24", "closed", "", "Heiligabend")]
    assert "weekly hours" in problems_of(form)["exceptions"]


def test_exceptions_are_checked_one_by_one():
    form = seed_form()
    form.exceptions = [
        ExceptionForm("2026-12-24", "closed", "", "Heiligabend"),
        ExceptionForm("2026-12-24", "closed", "", "twice"),
        ExceptionForm("2026-12-31", "open", "", ""),
        ExceptionForm("", "appointment", "", ""),
        ExceptionForm("2027-01-02", "sometimes", "", ""),
    ]
    found = problems_at(form)
    assert "twice" in found[("exceptions", 1, "date")]
    assert "opening times" in found[("exceptions", 2, "slots")]
    assert "missing" in found[("exceptions", 3, "date")]
    assert "open, by appointment or closed" in found[("exceptions", 4, "status")]
    form.exceptions[0].note = "x" * 201
    assert "Too long" in problems_at(form)[("exceptions", 0, "note")]


def test_sql_looking_text_is_just_text():
    form = seed_form()
    form.fields["name"] = "'); DROP TABLE offer;--"
    offer, found = parse_offer_form(form, CTX)
    assert found == [] and offer.name == "'); DROP TABLE offer;--"


def test_language_codes():
    assert is_known_language("ar")
    assert is_known_language("fa-AF")
    assert is_known_language("kmr", {"kmr"})
    assert not is_known_language("xx")
    assert not is_known_language("'); DROP")


def test_age_bands_get_ids_and_must_not_overlap():
    bands, found = parse_age_bands([("", "11"), ("12", "17"), ("18", "26"), ("27", "")])
    assert found == []
    assert [b.id for b in bands] == ["under-12", "12-17", "18-26", "27-plus"]
    assert age_band_id(None, 11) == "under-12"
    _, found = parse_age_bands([("", "20"), ("18", "")])
    assert found[0].field == "age_bands.1.min"
    _, found = parse_age_bands([("30", "20")])
    assert found[0].field == "age_bands.0.max"
    _, found = parse_age_bands([])
    assert found[0].field == "age_bands"


def test_configuration_needs_a_language_and_sane_numbers():
    form = ConfigurationForm(
        languages=[(Language("de", "Deutsch"), False)],
        age_bands=[("", "")],
        idle_timeout_seconds="5",
        staff_idle_timeout_seconds="abc",
        verify_after_months="0",
        location="x" * 101,
    )
    config, found = parse_configuration(form)
    assert config is None
    assert {p.field for p in found} == {
        "languages",
        "age_bands.0.max",
        "idle_timeout_seconds",
        "staff_idle_timeout_seconds",
        "verify_after_months",
        "kiosk_location",
    }


def test_months_before_keeps_the_day_or_the_month_end():
    assert months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 3, 15), 6) == dt.date(2025, 9, 15)


def test_due_offers_oldest_first_with_reasons():
    offers = {o.id: o for o in load_seed_offers()}
    due = due_for_verification(offers.values(), TODAY, 6)
    ids = [d.offer.id for d in due]
    never = [d for d in due if d.offer.verified_on is None]
    assert due[: len(never)] == never, "never checked comes first"
    dated = [d.offer.verified_on for d in due if d.offer.verified_on]
    assert dated == sorted(dated)
    reasons = {d.offer.id: d.reasons for d in due}
    assert DueReason.UNREACHABLE in reasons["dvsi-dresden"]
    assert "msa-caritas-prohlis" in ids
    checked = offers["msa-caritas-prohlis"].verified_on  # two months after its last check
    placed = offers["msa-caritas-prohlis"]  # (with a map position, else it is due for that)
    placed = dataclasses.replace(
        placed, address=dataclasses.replace(placed.address, lat=51.04707, lon=13.7592301)
    )
    fresh = due_for_verification([placed], checked + dt.timedelta(60), 6)
    assert fresh == []
