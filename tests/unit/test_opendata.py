"""Open formats: HSDS 3 out and in, schema.org JSON-LD out (kiosk/opendata)."""

from __future__ import annotations

import copy
import json
import uuid
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.seeding import logical_dump
from kiosk.domain.models import DayStatus, OfferKind
from kiosk.opendata.hsds import EXTENSION, SCHEMA_FILE, TAXONOMY, schema_problems


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def snapshot(db: Path) -> tuple[bytes, bytes | None]:
    wal = db.with_name(db.name + "-wal")
    return db.read_bytes(), wal.read_bytes() if wal.exists() else None


def offers(db: Path):
    conn = open_database(db)
    try:
        return {o.id: o for o in OfferRepository(conn).all()}
    finally:
        conn.close()


def export(capsys, db: Path, tmp_path: Path, fmt: str):
    target = tmp_path / f"offers.{fmt}.json"
    code, _, err = run(capsys, "--db", str(db), "export", "--format", fmt, "--out", str(target))
    assert code == 0, err
    return json.loads(target.read_text("utf-8"))


def official_validator():
    """The schema file as shipped, read independently of the module under test."""
    schema = json.loads(files("kiosk.opendata").joinpath(SCHEMA_FILE).read_text("utf-8"))
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def write(tmp_path: Path, document) -> Path:
    path = tmp_path / "foreign.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return path


def refused(capsys, db: Path, path: Path, *fragments: str) -> str:
    before = snapshot(db)
    code, out, err = run(capsys, "--db", str(db), "import", str(path))
    assert code == 1, (out, err)
    assert "nothing was changed" in err
    for fragment in fragments:
        assert fragment in err, err
    assert snapshot(db) == before
    return err


def _id() -> str:
    return str(uuid.uuid4())


def foreign_service(**more) -> dict:
    """A service as another directory might publish it: no Wegweiser extension."""
    return {
        "id": _id(),
        "name": "Beratung für Zugewanderte",
        "description": "Beratung zu Aufenthalt und Arbeit. Termine nach Absprache.",
        "status": "active",
        "phones": [{"id": _id(), "number": "+49 351 1234567"}, {"id": _id(), "number": "110"}],
        "organization": {"id": _id(), "name": "Ein Verein e.V.", "description": ""},
        **more,
    }


def kind_attribute(code: str = "kind:association") -> dict:
    return {
        "id": _id(),
        "taxonomy_term": {
            "id": _id(),
            "code": code,
            "name": "x",
            "description": "x",
            "taxonomy": TAXONOMY,
        },
    }


# -- HSDS export ------------------------------------------------------------------------------
def test_hsds_export_of_the_shipped_data_follows_the_official_schema(seed_db, tmp_path, capsys):
    document = export(capsys, seed_db, tmp_path, "hsds")
    assert isinstance(document, list) and len(document) == len(offers(seed_db))
    validator = official_validator()
    for service in document:
        errors = [e.message for e in validator.iter_errors(service)]
        assert errors == [], (service["name"], errors)
    assert schema_problems(document) == []


def test_a_broken_hsds_document_does_not_pass(seed_db, tmp_path, capsys):
    document = export(capsys, seed_db, tmp_path, "hsds")
    broken = copy.deepcopy(document)
    del broken[0]["status"]
    broken[1]["id"] = "not-a-uuid"
    broken[2]["minimum_age"] = "twelve"
    messages = [str(p) for p in schema_problems(broken)]
    assert any("offer 1" in m and "'status' is a required property" in m for m in messages)
    assert any("offer 2" in m and "uuid" in m for m in messages)
    assert any("offer 3" in m and "minimum_age" in m for m in messages)
    assert list(official_validator().iter_errors(broken[0]))


def test_hsds_export_carries_what_the_kiosk_knows_and_no_staff_note(seed_db, tmp_path, capsys):
    known = offers(seed_db)
    document = export(capsys, seed_db, tmp_path, "hsds")
    text = json.dumps(document, ensure_ascii=False)
    notes = [o.staff_note for o in known.values() if len(o.staff_note) > 20]
    assert notes and not any(note in text for note in notes)
    by_id = {s[EXTENSION]["fields"]["id"]: s for s in document}
    for offer_id, offer in known.items():
        service = by_id[offer_id]
        assert service["name"] == offer.name
        assert service["status"] == ("active" if offer.active else "inactive")
        assert service.get("assured_date") == (
            offer.verified_on.isoformat() if offer.verified_on else None
        )
        assert [lang["code"] for lang in service.get("languages", [])] == list(offer.languages)
        codes = {a["taxonomy_term"]["code"] for a in service["attributes"]}
        assert codes == {f"kind:{offer.kind.value}", *(f"need:{n}" for n in offer.needs)}
        if not offer.contact.phone:
            assert "phones" not in service  # empty stays absent
    hours = next(o for o in known.values() if o.hours and o.hours.has_walk_in)
    schedules = by_id[hours.id]["schedules"]
    monday = hours.hours.days[0]
    expected = [(f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in monday.slots]
    got = sorted(
        (s["opens_at"], s["closes_at"])
        for s in schedules
        if "MO" in s["byday"].split(",") and "opens_at" in s and "valid_from" not in s
    )
    assert got == expected


# -- HSDS import ------------------------------------------------------------------------------
def test_hsds_export_then_import_changes_nothing(seed_db, tmp_path, capsys):
    before = logical_dump(seed_db)
    target = tmp_path / "offers.hsds.json"
    run(capsys, "--db", str(seed_db), "export", "--format", "hsds", "--out", str(target))
    code, out, err = run(capsys, "--db", str(seed_db), "import", str(target))
    assert code == 0, err
    assert "(HSDS)" in out and "Nothing to change." in out
    assert "new " not in out and "changed " not in out
    assert logical_dump(seed_db) == before


def test_hsds_import_applies_a_change_and_keeps_the_staff_note(seed_db, tmp_path, capsys):
    known = offers(seed_db)
    target = next(o for o in known.values() if o.staff_note and o.contact.phone)
    document = export(capsys, seed_db, tmp_path, "hsds")
    service = next(s for s in document if s[EXTENSION]["fields"]["id"] == target.id)
    service["phones"][0]["number"] = "+49 351 9999999"
    code, out, err = run(capsys, "--db", str(seed_db), "import", str(write(tmp_path, document)))
    assert code == 0, err
    assert f"changed  {target.id}" in out and "Imported: 0 new, 1 changed" in out
    after = offers(seed_db)[target.id]
    assert after.contact.phone == "+49 351 9999999"
    assert after.staff_note == target.staff_note


def test_a_foreign_service_without_a_kind_is_refused_and_says_why(seed_db, tmp_path, capsys):
    err = refused(capsys, seed_db, write(tmp_path, [foreign_service()]), "kind")
    assert "Unknown kind of offer" in err


def test_a_foreign_service_is_taken_over_hidden_with_notes(seed_db, tmp_path, capsys):
    service = foreign_service(
        attributes=[kind_attribute()],
        schedules=[
            {
                "id": _id(),
                "freq": "WEEKLY",
                "byday": "TU,TH",
                "opens_at": "09:00:00",
                "closes_at": "12:00:00",
            },
        ],
    )
    code, out, err = run(capsys, "--db", str(seed_db), "import", str(write(tmp_path, [service])))
    assert code == 0, (out, err)
    assert "not taken over" in out and "one phone" in out
    new = [o for o in offers(seed_db).values() if o.name == "Beratung für Zugewanderte"]
    assert len(new) == 1
    offer = new[0]
    assert offer.active is False and offer.kind is OfferKind.ASSOCIATION
    assert offer.contact.phone == "+49 351 1234567"
    assert offer.texts["de"].summary == "Beratung zu Aufenthalt und Arbeit."
    assert offer.hours is not None
    assert offer.hours.days[1].status is DayStatus.OPEN
    assert offer.hours.days[0].status is DayStatus.CLOSED


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('[{"id": "x", ', "not valid JSON"),
        ("[1, 2]", '{"offers": [ … ]}'),
        ('[{"name": "no id, no status"}]', "does not follow HSDS 3.0.1"),
        ('[{"id": "1", "name": "x", "status": "active"}]', "uuid"),
        ('{"id": "x", "name": "y", "status": "open"}', "does not follow HSDS"),
        ('{"contents": [1]}', "does not follow HSDS"),
    ],
)
def test_malformed_hsds_is_refused_with_nothing_changed(
    seed_db, tmp_path, capsys, content, fragment
):
    path = tmp_path / "broken.json"
    path.write_text(content, "utf-8")
    refused(capsys, seed_db, path, fragment)


def test_a_broken_extension_is_refused(seed_db, tmp_path, capsys):
    document = export(capsys, seed_db, tmp_path, "hsds")
    document[0][EXTENSION]["fields"]["staff_note"] = "smuggled in"
    refused(capsys, seed_db, write(tmp_path, document), f"{EXTENSION}.fields.staff_note", "unknown")


def test_the_kiosks_own_json_is_still_read_as_json(seed_db, tmp_path, capsys):
    target = tmp_path / "offers.json"
    run(capsys, "--db", str(seed_db), "export", "--out", str(target))
    code, out, _ = run(capsys, "--db", str(seed_db), "import", "--dry-run", str(target))
    assert code == 0 and "(JSON)" in out


# -- JSON-LD ----------------------------------------------------------------------------------
def test_jsonld_has_the_right_types_and_hours(seed_db, tmp_path, capsys):
    known = offers(seed_db)
    document = export(capsys, seed_db, tmp_path, "jsonld")
    assert document["@context"] == "https://schema.org"
    nodes = {n["identifier"]: n for n in document["@graph"]}
    assert set(nodes) == {i for i, o in known.items() if o.active}
    for offer_id, node in nodes.items():
        offer = known[offer_id]
        expected = "GovernmentService" if offer.kind is OfferKind.CITY_OFFICE else "Service"
        assert node["@type"] == expected
        assert node["areaServed"] == {"@type": "City", "name": "Dresden"}
        if offer.provider:
            assert node["provider"] == {"@type": "Organization", "name": offer.provider}
        if offer.languages:
            assert node["availableChannel"]["availableLanguage"] == list(offer.languages)
    offer = next(o for o in known.values() if o.active and o.hours and o.hours.has_walk_in)
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    expected = sorted(
        (f"https://schema.org/{days[i]}", f"{s.start:%H:%M}", f"{s.end:%H:%M}")
        for i, day in enumerate(offer.hours.days)
        for s in day.slots
    )
    got = sorted(
        (day, spec["opens"], spec["closes"])
        for spec in nodes[offer.id]["hoursAvailable"]
        if "validFrom" not in spec
        for day in spec["dayOfWeek"]
    )
    assert got == expected
    assert all(s["@type"] == "OpeningHoursSpecification" for s in nodes[offer.id]["hoursAvailable"])
    address = nodes[offer.id]["availableChannel"]["serviceLocation"]["address"]
    assert address["@type"] == "PostalAddress" and address["streetAddress"] == offer.address.street


def test_jsonld_leaves_unknown_hours_out(seed_db, tmp_path, capsys):
    known = offers(seed_db)
    document = export(capsys, seed_db, tmp_path, "jsonld")
    for node in document["@graph"]:
        if known[node["identifier"]].hours is None:
            assert "hoursAvailable" not in node


# -- command line ----------------------------------------------------------------------------
def test_cli_exit_codes(seed_db, tmp_path, capsys):
    out = tmp_path / "x.jsonld"
    assert run(capsys, "--db", str(seed_db), "export", "--out", str(out))[0] == 0
    assert "@graph" in json.loads(out.read_text("utf-8"))
    assert run(capsys, "--db", str(seed_db), "export", "--format", "xml")[0] == 2
    assert run(capsys, "--db", str(seed_db), "import", str(tmp_path / "missing.json"))[0] == 2


def test_an_export_that_breaks_the_schema_writes_nothing(seed_db, tmp_path, capsys, monkeypatch):
    from kiosk.opendata import hsds

    real = hsds.offer_to_service

    def broken(offer):
        service = real(offer)
        del service["status"]
        return service

    monkeypatch.setattr(hsds, "offer_to_service", broken)
    target = tmp_path / "out.json"
    code, _, err = run(
        capsys, "--db", str(seed_db), "export", "--format", "hsds", "--out", str(target)
    )
    assert code == 1 and "nothing was written" in err and "status" in err
    assert not target.exists()
