"""The providers' check-in: a sheet out (XLSX/CSV), filled in as a provider would, back in.

The import must show the diff, report a malformed row with its row number and field and then
change nothing at all, set ``verified_on`` for confirmed and corrected offers, write the audit
log with the provider as its source, refuse a foreign or broken file, and never overwrite what
staff changed after the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest

from kiosk.admin import checkin
from kiosk.admin.offers import OfferEditing
from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.seeding import logical_dump
from kiosk.db.staff_repository import AuditRepository

CARITAS = "Caritasverband für Dresden e.V."
EXPORTED = dt.date(2026, 11, 2)
RETURNED = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
NEW_PHONE = "+49 351 4984700"
NEW_DESCRIPTION = "Beratung zu Schule, Ausbildung und Beruf.\nAuch zu Aufenthalt; ohne Termin."


# -- helpers -----------------------------------------------------------------------------------
def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def csv_table(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def excel_csv(rows: list[list[str]]) -> bytes:
    """As Excel saves "CSV UTF-8" in a German locale: BOM, ``;``, CRLF, quoted multiline."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerows(
        rows
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def find(rows: list[list[str]], what: str, offer_id: str, key: str = "") -> int:
    """The index of a row by its technical cell."""
    prefix = f"wwc1|{what}|{offer_id}" + (f"|{key}|" if key else "")
    matches = [i for i, r in enumerate(rows) if r[5] == prefix or (key and r[5].startswith(prefix))]
    assert len(matches) == 1, (what, offer_id, key)
    return matches[0]


def fill(rows, what, offer_id, value, key=""):
    rows[find(rows, what, offer_id, key)][checkin.CORRECTION] = value


def offer(conn: sqlite3.Connection, offer_id: str):
    return OfferRepository(conn).get(offer_id)


def provider_entries(conn: sqlite3.Connection):
    return [e for e in AuditRepository(conn).recent(500) if e.actor == f"provider: {CARITAS}"]


@pytest.fixture
def db(seed_db: Path) -> Path:
    return seed_db


@pytest.fixture
def sheet_csv(db: Path) -> bytes:
    conn = open_database(db)
    try:
        return checkin.sheet_to_csv(checkin.build_sheet(conn, CARITAS, EXPORTED))
    finally:
        conn.close()


def import_plan(db: Path, data: bytes, today: dt.date = RETURNED) -> checkin.CheckinPlan:
    conn = open_database(db)
    try:
        return checkin.plan_checkin(conn, checkin.read_returned(data), today)
    finally:
        conn.close()


def apply(db: Path, data: bytes) -> checkin.CheckinPlan:
    conn = open_database(db)
    try:
        return checkin.apply_checkin(conn, checkin.read_returned(data), NOW, RETURNED)
    finally:
        conn.close()


def filled_by_provider(sheet: bytes, *, malformed: bool) -> list[list[str]]:
    """What Caritas sends back: a new phone and a multi-line description for the JMD Dresden,
    a tick for the MBE, hours in German spelling for Prohlis, Freital unanswered; with
    ``malformed`` also an e-mail address that is not one."""
    rows = csv_table(sheet)
    fill(rows, "field", "jmd-caritas-dresden", NEW_PHONE, "phone")
    fill(rows, "field", "jmd-caritas-dresden", NEW_DESCRIPTION, "texts.de.description")
    fill(rows, "ok", "mbe-caritas", "x")
    fill(rows, "field", "msa-caritas-prohlis", "9.00–12.00 Uhr", "hours_mon")
    fill(rows, "remark", "msa-caritas-prohlis", "Neue Räume ab März")
    if malformed:
        fill(rows, "field", "mbe-caritas", "beratung(at)caritas", "email")
    return rows


# -- the sheet ---------------------------------------------------------------------------------
def test_the_sheet_holds_every_offer_of_the_provider_with_its_fields_in_german_and_english(
    db, sheet_csv
):
    rows = csv_table(sheet_csv)
    # CRLF ends every record; a line break inside a quoted cell stays LF, as Excel writes it
    assert sheet_csv.count(b"\r\n") == len(rows) and sheet_csv.endswith(b"\r\n")
    assert all(len(r) == 6 for r in rows)
    assert rows[0][5].startswith(f"wwc1|sheet|{checkin.SHEET_FORMAT}|2026-11-02|{CARITAS}")
    offers = [r[5].split("|")[2] for r in rows if r[5].startswith("wwc1|offer|")]
    assert offers == [
        "jmd-caritas-dresden",
        "jmd-caritas-freital",
        "mbe-caritas",
        "msa-caritas-prohlis",
    ]
    phone = rows[find(rows, "field", "jmd-caritas-dresden", "phone")]
    assert phone[:2] == ["Telefon", "Phone"]
    # written '+49 … so a spreadsheet keeps it text; the import takes the apostrophe off again
    assert phone[2] == "'+49 351 4984746"
    # The MBE's district is not known: marked missing, in German and English.
    district = rows[find(rows, "field", "mbe-caritas", "district")]
    assert district[:3] == ["Stadtteil", "District", checkin.MISSING]
    assert "fehlt – bitte ergänzen" in district[2]
    # Freital has no opening hours at all: every weekday is marked.
    for day in ("hours_mon", "hours_sun"):
        assert rows[find(rows, "field", "jmd-caritas-freital", day)][2] == checkin.MISSING
    assert rows[find(rows, "field", "mbe-caritas", "hours_sun")][2] != checkin.MISSING
    # The last check is shown; the internal note and the map position are not asked.
    assert rows[find(rows, "info", "jmd-caritas-freital")][2] == "01.01.2011"
    keys = {r[5].split("|")[3] for r in rows if r[5].startswith("wwc1|field|")}
    assert "staff_note" not in keys and "lat" not in keys and "texts.de.summary" in keys
    assert any(checkin.CONTACT_PLACEHOLDER in r for r in rows)


def test_the_contact_given_at_export_is_printed(db):
    conn = open_database(db)
    try:
        sheet = checkin.build_sheet(conn, CARITAS, EXPORTED, contact="Integrationsbüro, Raum 1")
    finally:
        conn.close()
    rows = csv_table(checkin.sheet_to_csv(sheet))
    assert ["Bitte zurück an", "Please return to", "Integrationsbüro, Raum 1"] == rows[3][:3]


def test_an_unknown_provider_names_the_close_ones(db, capsys):
    conn = open_database(db)
    try:
        with pytest.raises(checkin.UnknownProviderError) as caught:
            checkin.build_sheet(conn, "Caritas", EXPORTED)
    finally:
        conn.close()
    assert CARITAS in caught.value.close and CARITAS in caught.value.known
    code, _, err = run(
        capsys, "--db", str(db), "checkin", "export", "--provider", "caritas", "--out", "x.csv"
    )
    assert code == 2 and "did you mean" in err and f"4  {CARITAS}" in err
    code, out, _ = run(capsys, "--db", str(db), "checkin", "export", "--list-providers")
    assert code == 0 and f"4  {CARITAS}" in out


# -- the round trip ----------------------------------------------------------------------------
def test_a_malformed_row_is_reported_and_nothing_is_applied(db, sheet_csv):
    rows = filled_by_provider(sheet_csv, malformed=True)
    before = logical_dump(db)
    plan = apply(db, excel_csv(rows))
    assert not plan.ok and not plan.outcomes
    (problem,) = plan.problems
    assert problem.row == find(rows, "field", "mbe-caritas", "email") + 1  # spreadsheet row
    assert problem.offer_id == "mbe-caritas" and "email" in problem.field
    assert f"row {problem.row} (mbe-caritas), field E-mail (email)" in str(problem)
    assert logical_dump(db) == before  # not even the valid corrections


def test_the_cli_shows_the_malformed_row_and_changes_nothing(db, sheet_csv, tmp_path, capsys):
    returned = tmp_path / "caritas.csv"
    returned.write_bytes(excel_csv(filled_by_provider(sheet_csv, malformed=True)))
    before = logical_dump(db)
    code, out, err = run(capsys, "--db", str(db), "checkin", "import", str(returned))
    assert code == 1 and "nothing was changed" in err and "field E-mail (email)" in err
    assert out == "" and logical_dump(db) == before


def test_a_filled_in_sheet_is_applied_with_verified_on_and_audit(db, sheet_csv, tmp_path, capsys):
    rows = filled_by_provider(sheet_csv, malformed=False)
    returned = tmp_path / "caritas.csv"
    returned.write_bytes(excel_csv(rows))
    before = logical_dump(db)
    # The diff first, with --dry-run only that.
    code, out, _ = run(capsys, "--db", str(db), "checkin", "import", str(returned), "--dry-run")
    assert code == 0 and "Dry run: nothing was changed." in out
    assert f"phone: “+49 351 4984746” → “{NEW_PHONE}”" in out
    assert "hours_mon: " in out and "→ “09:00-12:00”" in out  # "9.00–12.00 Uhr" as typed
    assert "remark from the provider: “Neue Räume ab März”" in out
    assert "jmd-caritas-freital" in out and "no answer" in out
    assert logical_dump(db) == before

    plan = apply(db, excel_csv(rows))
    assert plan.ok and plan.has_changes and not plan.conflicts
    conn = open_database(db)
    try:
        jmd = offer(conn, "jmd-caritas-dresden")
        assert jmd.contact.phone == NEW_PHONE
        assert jmd.texts["de"].description == NEW_DESCRIPTION  # line break kept
        assert jmd.verified_on == RETURNED  # corrected: the provider went through it
        assert offer(conn, "mbe-caritas").verified_on == RETURNED  # ticked
        prohlis = offer(conn, "msa-caritas-prohlis")
        assert prohlis.hours.days[0].slots[0].start == dt.time(9)
        assert offer(conn, "jmd-caritas-freital").verified_on == dt.date(2011, 1, 1)
        entries = provider_entries(conn)
        changed = {(e.offer_id, e.field) for e in entries}
        assert ("jmd-caritas-dresden", "phone") in changed
        assert ("jmd-caritas-dresden", "texts.de.description") in changed
        assert ("mbe-caritas", "verified_on") in changed
        assert ("mbe-caritas", "phone") not in changed
        assert not any(e.offer_id == "jmd-caritas-freital" for e in entries)
        assert all(e.at == NOW for e in entries)
    finally:
        conn.close()
    # Importing the same sheet again changes nothing more.
    assert not apply(db, excel_csv(rows)).has_changes


def test_the_cli_applies_in_one_go(db, sheet_csv, tmp_path, capsys):
    returned = tmp_path / "caritas.csv"
    returned.write_bytes(excel_csv(filled_by_provider(sheet_csv, malformed=False)))
    code, out, _ = run(capsys, "--db", str(db), "checkin", "import", str(returned))
    assert code == 0 and f"Applied (audit: provider: {CARITAS})" in out
    assert "2 offer(s) corrected, 3 marked as checked today." in out
    conn = open_database(db)
    try:
        assert offer(conn, "jmd-caritas-dresden").contact.phone == NEW_PHONE
    finally:
        conn.close()


# -- staff changed something after the export ---------------------------------------------------
def staff_edit(db: Path, offer_id: str, **values: str) -> None:
    conn = open_database(db)
    try:
        editing = OfferEditing(conn)
        form = editing.form_for(offer_id)
        form.fields.update(values)
        assert editing.save(form, original_id=offer_id).ok
    finally:
        conn.close()


def test_a_staff_edit_after_the_export_is_kept_and_the_conflict_reported(db, sheet_csv, capsys):
    rows = csv_table(sheet_csv)
    fill(rows, "field", "jmd-caritas-dresden", NEW_PHONE, "phone")  # staff changed it too
    fill(rows, "field", "jmd-caritas-dresden", "Johannstadt", "district")
    fill(rows, "ok", "mbe-caritas", "x")  # staff changed its access note, the provider ticked
    staff_edit(db, "jmd-caritas-dresden", phone="+49 351 1111111")
    staff_edit(db, "mbe-caritas", accessibility="Eingang mit Rampe")
    plan = apply(db, excel_csv(rows))
    assert plan.ok
    (conflict,) = plan.conflicts
    assert (conflict.offer_id, conflict.key) == ("jmd-caritas-dresden", "phone")
    assert conflict.now == "+49 351 1111111" and conflict.wanted == NEW_PHONE
    assert f"row {find(rows, 'field', 'jmd-caritas-dresden', 'phone') + 1}" in str(conflict)
    conn = open_database(db)
    try:
        jmd = offer(conn, "jmd-caritas-dresden")
        assert jmd.contact.phone == "+49 351 1111111"  # the staff's value stays
        assert jmd.address.district == "Johannstadt"  # the other correction is applied
        assert jmd.verified_on != RETURNED  # the provider did not see the current phone
        mbe = offer(conn, "mbe-caritas")
        assert mbe.accessibility == "Eingang mit Rampe"  # the sheet's old value is no correction
        assert mbe.verified_on != RETURNED
    finally:
        conn.close()
    by_id = {o.offer_id: o for o in plan.outcomes}
    assert by_id["mbe-caritas"].changed_since == ["Accessibility"]


# -- foreign and broken files ------------------------------------------------------------------
def test_an_offer_export_is_refused_as_foreign(db, tmp_path, capsys):
    export = tmp_path / "all.csv"
    assert run(capsys, "--db", str(db), "export", "--out", str(export))[0] == 0
    before = logical_dump(db)
    code, _, err = run(capsys, "--db", str(db), "checkin", "import", str(export))
    assert code == 1 and "not a check-in sheet" in err and "kiosk-admin import" in err
    assert logical_dump(db) == before


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a check-in sheet"),
        ("Träger;x\n".encode("cp1252"), "not UTF-8"),
        (b"PK\x03\x04 truncated", "not a readable Excel workbook"),
        (b"\xff\xfe" + "x".encode("utf-16-le"), "UTF-16"),
    ],
)
def test_a_broken_file_says_why(db, data, reason):
    plan = import_plan(db, data)
    assert not plan.ok and reason in str(plan.problems[0])


def test_a_sheet_of_another_format_version_is_refused(sheet_csv, db):
    rows = csv_table(sheet_csv)
    rows[0][5] = rows[0][5].replace(checkin.SHEET_FORMAT, "wegweiser-checkin/9")
    plan = import_plan(db, excel_csv(rows))
    assert not plan.ok and "wegweiser-checkin/9" in str(plan.problems[0])


def test_a_changed_technical_cell_or_a_bad_tick_is_a_malformed_row(db, sheet_csv):
    rows = csv_table(sheet_csv)
    at = find(rows, "field", "jmd-caritas-dresden", "phone")
    rows[at][5] = "wwc1|field|jmd-caritas-dresden|telefon|0"
    fill(rows, "ok", "mbe-caritas", "vielleicht")
    fill(rows, "field", "jmd-caritas-freital", "Neustadt", "district")
    before = logical_dump(db)
    plan = apply(db, excel_csv(rows))
    assert sorted(p.row for p in plan.problems) == sorted(
        [at + 1, find(rows, "ok", "mbe-caritas") + 1]
    )
    assert logical_dump(db) == before


# -- Excel's ways --------------------------------------------------------------------------------
def test_excel_style_csv_with_quoted_multiline_cells_round_trips(db, sheet_csv):
    rows = csv_table(sheet_csv)
    fill(rows, "field", "mbe-caritas", NEW_DESCRIPTION, "texts.de.description")
    # Re-saved as Excel does in an English locale: "," between cells, cells quoted.
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=",", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    assert f'"{NEW_DESCRIPTION}"' in buffer.getvalue()
    plan = import_plan(db, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    assert plan.ok
    (outcome,) = [o for o in plan.outcomes if o.corrections]
    (change,) = outcome.corrections
    assert (outcome.offer_id, change.field, change.new) == (
        "mbe-caritas",
        "texts.de.description",
        NEW_DESCRIPTION,
    )
    # The unchanged sheet, re-saved the same way, changes nothing.
    plain = io.StringIO(newline="")
    csv.writer(plain, delimiter=",", quoting=csv.QUOTE_ALL).writerows(csv_table(sheet_csv))
    assert not import_plan(db, plain.getvalue().encode("utf-8")).has_changes


def test_an_xlsx_sheet_filled_in_excel_round_trips(db, tmp_path, capsys):
    from openpyxl import load_workbook

    target = tmp_path / "caritas.xlsx"
    code, _, _ = run(
        capsys, "--db", str(db), "checkin", "export", "--provider", CARITAS, "--out", str(target)
    )
    assert code == 0
    book = load_workbook(target)
    ws = book["Check-in"]
    assert ws.column_dimensions["F"].hidden and ws.protection.sheet
    by_tag = {ws.cell(r, 6).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 6).value}
    phone_row = next(r for t, r in by_tag.items() if t.startswith("wwc1|field|mbe-caritas|phone|"))
    age_row = next(r for t, r in by_tag.items() if t.startswith("wwc1|field|mbe-caritas|max_age|"))
    assert not ws.cell(phone_row, 4).protection.locked and ws.cell(phone_row, 3).protection.locked
    ws.cell(phone_row, 4).value = "+49 351 4984747"
    ws.cell(age_row, 4).value = 65  # a number, as Excel stores a typed number
    ws.cell(by_tag["wwc1|ok|jmd-caritas-freital"], 4).value = "X"
    book.save(target)
    code, out, _ = run(capsys, "--db", str(db), "checkin", "import", str(target))
    assert code == 0 and "(XLSX)" in out and "max_age: “” → “65”" in out
    conn = open_database(db)
    try:
        assert offer(conn, "mbe-caritas").contact.phone == "+49 351 4984747"
        assert offer(conn, "mbe-caritas").max_age == 65
        assert offer(conn, "jmd-caritas-freital").verified_on not in (None, dt.date(2011, 1, 1))
    finally:
        conn.close()


def test_clearing_a_value_and_yes_no_in_german(db, sheet_csv):
    rows = csv_table(sheet_csv)
    fill(rows, "field", "jmd-caritas-dresden", "löschen", "email")
    fill(rows, "field", "jmd-caritas-dresden", "ja", "appointment_only")
    fill(rows, "field", "jmd-caritas-dresden", "geschlossen", "hours_fri")
    plan = import_plan(db, excel_csv(rows))
    assert plan.ok
    (outcome,) = [o for o in plan.outcomes if o.offer_id == "jmd-caritas-dresden"]
    changes = {c.field: c.new for c in outcome.corrections}
    assert changes == {"email": "", "appointment_only": "yes", "hours_fri": "closed"}
