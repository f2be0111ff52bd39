"""The shipped data.db: reproducible from the seed, and true to the reference data."""

from __future__ import annotations

import json
import re

import pytest

from kiosk import PROJECT_ROOT
from kiosk.db.seeding import DEFAULT_DB, build_database, load_seed_offers, logical_dump
from kiosk.domain.models import OfferKind

REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference"
REFERENCE = REFERENCE_DIR / "dresden-offers.md"
#: The sourced additions of December 2026 (moves, filled gaps, new offers).
ADDENDUM = REFERENCE_DIR / "dresden-offers-addendum-2026-12.md"


def test_committed_data_db_matches_the_seed(tmp_path):
    rebuilt = build_database(tmp_path / "rebuilt.db")
    assert logical_dump(DEFAULT_DB) == logical_dump(rebuilt), (
        "data.db is out of date: run `make data` and commit data.db"
    )


def _journal_header(path):
    """Bytes 18 and 19 of a SQLite header: 1/1 rollback journal, 2/2 WAL."""
    with open(path, "rb") as fp:
        header = fp.read(100)
    return header[18], header[19]


def test_committed_data_db_is_in_rollback_journal_mode(tmp_path):
    # In WAL mode the kiosk's user could not even read it from a root-owned /opt/wegweiser
    # ("attempt to write a readonly database"), and reading it would leave -wal/-shm beside it.
    assert _journal_header(DEFAULT_DB) == (1, 1), "run `make data` and commit data.db"
    assert _journal_header(build_database(tmp_path / "built.db")) == (1, 1)
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob("*-shm"))


def test_every_active_offer_has_source_date_and_a_way_to_reach_it():
    offers = load_seed_offers()
    assert len(offers) >= 15
    for offer in offers:
        if offer.active:
            assert offer.source.startswith(("http://", "https://")), offer.id
            assert offer.verified_on is not None, offer.id
            assert offer.is_reachable, offer.id
        else:
            assert offer.staff_note, f"{offer.id} is inactive without a note why"


def test_required_kinds_of_offer_are_present():
    kinds = {offer.kind for offer in load_seed_offers() if offer.active}
    assert {
        OfferKind.MBE,
        OfferKind.JMD,
        OfferKind.ASSOCIATION,
        OfferKind.REFUGEE_SOCIAL_WORK,
        OfferKind.INTEGRATION_COURSE,
        OfferKind.CITY_OFFICE,
    } <= kinds


def test_closed_organisations_are_never_offered():
    """DSM went insolvent in March 2024 and DVSI closed on 31.12.2022 (reference addendum B7,
    B8): visitors must not be sent there, and staff see why in the note. (The DSM was the only
    migrant self-organisation; its successor has no sourced contact yet.)"""
    offers = {offer.id: offer for offer in load_seed_offers()}
    for closed in ("dsm-sachsen", "dvsi-dresden"):
        assert not offers[closed].active, closed
        assert offers[closed].staff_note.startswith("Geschlossen:"), closed


def test_texts_in_german_and_english_for_every_offer():
    for offer in load_seed_offers():
        assert offer.texts["de"].summary and offer.texts["en"].summary, offer.id


def test_unknown_stays_empty():
    """What the reference marks unknown is not filled in: DVSI (closed; its historic data is
    not published), and the SUFW's postcode, phone, e-mail and hours (addendum C17, F)."""
    offers = {o.id: o for o in load_seed_offers()}
    dvsi = offers["dvsi-dresden"]
    assert not dvsi.active
    assert not (
        dvsi.contact.phone
        or dvsi.contact.email
        or dvsi.contact.web
        or dvsi.address.street
        or dvsi.hours
        or dvsi.languages
    )
    sufw = offers["msa-sufw"]
    assert not (sufw.contact.phone or sufw.contact.email or sufw.address.postcode or sufw.hours)
    for offer in offers.values():
        assert offer.address.stop == "", "no stops in the reference"


@pytest.mark.skipif(not ADDENDUM.exists(), reason="shared/reference is not beside the repo")
def test_every_coordinate_is_one_the_addendum_gives():
    """Coordinates come only from the sources (never geocoded or guessed): each pair as it
    stands in the addendum."""
    pairs = {
        (float(lat), float(lon))
        for lat, lon in re.findall(r"(\d{2}\.\d+), (\d{2}\.\d+)", ADDENDUM.read_text("utf-8"))
    }
    for offer in load_seed_offers():
        lat, lon = offer.address.lat, offer.address.lon
        assert (lat is None) == (lon is None), offer.id
        if lat is not None:
            assert (lat, lon) in pairs, f"{offer.id}: {lat}, {lon} not in the addendum"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.skipif(
    not (REFERENCE.exists() and ADDENDUM.exists()), reason="shared/reference is not beside the repo"
)
def test_every_contact_detail_appears_in_the_reference():
    reference = REFERENCE.read_text("utf-8") + "\n" + ADDENDUM.read_text("utf-8")
    reference_digits = _digits(reference.replace("+49", "0"))
    lower = reference.lower()
    for offer in load_seed_offers():
        c = offer.contact
        if c.phone:
            national = "0" + _digits(c.phone)[2:]  # +49 351 … → 0351…
            assert national in reference_digits, f"{offer.id}: phone {c.phone} not in reference"
        if c.email:
            assert c.email.lower() in lower, f"{offer.id}: e-mail {c.email} not in reference"
        if c.web:
            bare = re.sub(r"^https?://", "", c.web).rstrip("/").lower()
            assert bare in lower, f"{offer.id}: web {c.web} not in reference"
        if offer.address.postcode:
            assert offer.address.postcode in reference, f"{offer.id}: postcode not in reference"
        if offer.address.street:
            number = re.search(r"\d+", offer.address.street)
            name = re.sub(r"stra(ss|ß)e", "str", offer.address.street.split(" ")[0].lower())
            assert name[:8] in lower.replace("straße", "str").replace("strasse", "str"), offer.id
            if number:
                assert number.group() in reference, f"{offer.id}: house number not in reference"


def test_seed_entries_keep_their_dated_exceptions():
    """The seed is read by the import: what it reads of the hours is what the seed says."""
    from kiosk.admin.importing import read_offers
    from tests.unit.test_validation import CTX

    entry = {
        "id": "x",
        "kind": "association",
        "provider": "P",
        "name": "N",
        "web": "https://x.de",
        "source": "https://x.de",
        "verified_on": "2026-01-01",
        "active": True,
        "texts": {"de": {"summary": "s", "status": "machine"}},
        "hours": {"mon": {"status": "open", "slots": [["09:00", "12:00"]]}},
        "exceptions": [{"date": "2026-12-21", "status": "closed", "slots": [], "note": "Team"}],
    }
    result = read_offers(json.dumps({"offers": [entry]}).encode(), CTX)
    assert result.problems == []
    (offer,) = result.offers
    assert offer.hours.days[0].slots[0].start.hour == 9
    assert offer.hours.exceptions[0].note == "Team"
    assert offer.hours.for_date(offer.hours.exceptions[0].date).status.value == "closed"
