"""Map positions of offers: typed by staff (decimal comma too), checked for plausibility near
Dresden, carried by CSV and JSON imports, and offers with an address but no position named on
the "to verify" list. A position is never guessed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.seeding import load_seed_offers
from kiosk.domain.models import Address
from kiosk.domain.validation import parse_offer_form
from kiosk.domain.verification import (
    DueReason,
    due_for_verification,
    lacks_coordinates,
    reason_text,
)
from kiosk.i18n import load_catalogue
from tests.unit.test_import_export import column, export_rows, rejected, run, write_rows
from tests.unit.test_validation import CTX, problems_of, seed_form

OFFER = "msa-caritas-prohlis"
TODAY = dt.date(2026, 11, 23)


def with_position(lat: str, lon: str, offer_id: str = OFFER):
    form = seed_form(offer_id)
    form.fields.update(lat=lat, lon=lon)
    return form


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [
        ("51.04707", "13.7592301", (51.04707, 13.7592301)),
        ("51,04707", "13,7592301", (51.04707, 13.7592301)),  # as typed in German
        (" 51.0 ", "13.79", (51.0, 13.79)),
        ("", "", (None, None)),
    ],
)
def test_a_position_is_taken_in_decimal_degrees(lat, lon, expected):
    offer, found = parse_offer_form(with_position(lat, lon), CTX)
    assert found == [], [p.text() for p in found]
    assert (offer.address.lat, offer.address.lon) == expected


@pytest.mark.parametrize(
    ("lat", "lon", "field", "fragment"),
    [
        ("51.04707", "", "lon", "both latitude and longitude"),
        ("", "13.75", "lat", "both latitude and longitude"),
        ("13.7592301", "51.04707", "lat", "swapped"),
        ("48.137", "11.575", "lat", "not in or near Dresden"),  # Munich
        ("5.104707", "13.759", "lat", "not in or near Dresden"),  # a digit lost
        ("51°02'", "13.75", "lat", "decimal degrees"),
        ("51.0.4", "13.75", "lat", "decimal degrees"),
        ("1e1", "13.75", "lat", "decimal degrees"),
        ("91", "13.75", "lat", "-90"),
        ("51.05", "181", "lon", "-180"),
    ],
)
def test_an_implausible_position_is_refused_with_a_clear_message(lat, lon, field, fragment):
    form = with_position(lat, lon)
    found = problems_of(form)
    assert field in found, found
    assert fragment in found[field], found[field]
    assert parse_offer_form(form, CTX)[0] is None, "nothing is taken from a bad form"


def test_the_messages_are_translated_for_staff():
    de = load_catalogue("de")
    form = with_position("13.7592301", "51.04707")
    _, found = parse_offer_form(form, CTX)
    (swapped,) = [p for p in found if p.field == "lat"]
    assert swapped.text(de._) != swapped.text(), "a German message for German staff"


# -- the "to verify" list ------------------------------------------------------------------
def test_an_address_without_a_position_is_on_the_to_verify_list():
    offers = {o.id: o for o in load_seed_offers()}
    offer = offers[OFFER]
    fresh = dataclasses.replace(offer, verified_on=TODAY)
    placed = dataclasses.replace(
        fresh, address=dataclasses.replace(offer.address, lat=51.04707, lon=13.7592301)
    )
    unplaced = dataclasses.replace(
        fresh, address=dataclasses.replace(offer.address, lat=None, lon=None)
    )
    nowhere = dataclasses.replace(fresh, address=Address())
    assert due_for_verification([placed], TODAY, 6) == []
    (due,) = due_for_verification([unplaced], TODAY, 6)
    assert due.reasons == (DueReason.NO_COORDINATES,)
    assert not lacks_coordinates(nowhere), "no address: nothing to place on a map"
    de = load_catalogue("de")
    assert reason_text(DueReason.NO_COORDINATES, 6) == "no map position (latitude and longitude)"
    assert reason_text(DueReason.NO_COORDINATES, 6, de._) != reason_text(
        DueReason.NO_COORDINATES, 6
    )


def test_every_seed_offer_with_an_address_and_no_position_is_named():
    offers = load_seed_offers()
    due = {d.offer.id: d.reasons for d in due_for_verification(offers, TODAY, 6)}
    for offer in offers:
        if offer.address.is_known and offer.address.lat is None:
            assert DueReason.NO_COORDINATES in due.get(offer.id, ()), offer.id
        else:
            assert DueReason.NO_COORDINATES not in due.get(offer.id, ()), offer.id


# -- imports -------------------------------------------------------------------------------
def test_a_csv_import_takes_a_position_with_a_decimal_comma(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == OFFER:
            row[column(rows, "lat")], row[column(rows, "lon")] = "51,04707", "13,7592301"
    code, out, err = run(
        capsys, "--db", str(seed_db), "import", str(write_rows(tmp_path / "pos.csv", rows))
    )
    assert code == 0, (out, err)
    conn = open_database(seed_db)
    try:
        address = OfferRepository(conn).get(OFFER).address
    finally:
        conn.close()
    assert (address.lat, address.lon) == (51.04707, 13.7592301)
    # And out again, with a decimal point, the same numbers.
    again = export_rows(seed_db, tmp_path, capsys)
    row = next(r for r in again[1:] if r[column(again, "id")] == OFFER)
    assert (row[column(again, "lat")], row[column(again, "lon")]) == ("51.04707", "13.7592301")


def test_a_csv_import_with_half_a_position_changes_nothing(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == OFFER:
            row[column(rows, "lat")], row[column(rows, "lon")] = "51.04707", ""
    rejected(
        capsys,
        seed_db,
        write_rows(tmp_path / "half.csv", rows),
        f"({OFFER}), column lon: Give both latitude and longitude",
    )


def test_a_json_import_with_swapped_numbers_changes_nothing(seed_db, tmp_path, capsys):
    code, out, _ = run(capsys, "--db", str(seed_db), "export", "--format", "json")
    assert code == 0
    document = json.loads(out)
    target = tmp_path / "swapped.json"
    entry = next(o for o in document["offers"] if o["id"] == OFFER)
    entry["lat"], entry["lon"] = 13.7592301, 51.04707
    target.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    rejected(capsys, seed_db, target, "swapped")
