"""kiosk-admin export/import: Excel-safe CSV and JSON, all-or-nothing imports, clear messages.

Every broken file must be rejected with a message naming row and column, and leave the database
file byte for byte as it was (the ``-wal`` file too: absent before, absent after).
"""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
from pathlib import Path

import pytest

from kiosk.admin.csv_format import CSV_COLUMNS, FORMULA_STARTS, neutralise, unneutralise
from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.seeding import logical_dump
from kiosk.db.staff_repository import AuditRepository

SEED_JSON = Path(__file__).resolve().parents[2] / "kiosk" / "db" / "seed" / "offers.json"
#: How many offers the seed (and so a fresh seed database) holds.
SEED_COUNT = len(json.loads(SEED_JSON.read_text("utf-8"))["offers"])


# -- helpers ---------------------------------------------------------------------------------
def snapshot(db: Path) -> tuple[bytes, bytes | None]:
    wal = db.with_name(db.name + "-wal")
    return db.read_bytes(), wal.read_bytes() if wal.exists() else None


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def export_rows(db: Path, tmp_path: Path, capsys) -> list[list[str]]:
    target = tmp_path / "export.csv"
    code, _, _ = run(capsys, "--db", str(db), "export", "--out", str(target))
    assert code == 0
    return list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline=""), delimiter=";"))


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    return path


def column(rows: list[list[str]], name: str) -> int:
    return rows[0].index(name)


def row_of(rows: list[list[str]], offer_id: str, lang: str = "de") -> int:
    id_col, lang_col = column(rows, "id"), column(rows, "text_lang")
    return next(i for i, r in enumerate(rows) if r[id_col] == offer_id and r[lang_col] == lang)


def rejected(capsys, db: Path, file: Path, *fragments: str) -> str:
    before = snapshot(db)
    code, out, err = run(capsys, "--db", str(db), "import", str(file))
    assert code == 1, (out, err)
    assert "nothing was changed" in err
    for fragment in fragments:
        assert fragment in err, err
    assert snapshot(db) == before, "a rejected import changed the database file"
    return err


# -- neutralising formulas -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+49 351 123",
        "-5",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "'=already",
        "''+twice",
        "'plain",
        "'",
        "",
        "normal",
        '=HYPERLINK("http://evil.example","click")',
    ],
)
def test_neutralise_is_exactly_undone(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert unneutralise(safe) == text


# -- export ----------------------------------------------------------------------------------
def test_csv_export_is_for_excel(seed_db, tmp_path, capsys):
    target = tmp_path / "offers.csv"
    assert run(capsys, "--db", str(seed_db), "export", "--out", str(target))[0] == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    conn = open_database(seed_db)
    offers = OfferRepository(conn).all()
    conn.close()
    assert len(rows) - 1 == sum(max(1, len(o.texts)) for o in offers), "a row per offer+language"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell
    phones = {r[column(rows, "phone")] for r in rows[1:]}
    assert "'+49 351 4886009" in phones


def test_json_export_has_the_seed_shape(seed_db, capsys):
    code, out, _ = run(capsys, "--db", str(seed_db), "export", "--format", "json")
    assert code == 0
    exported = {o["id"]: o for o in json.loads(out)["offers"]}
    seed = {o["id"]: o for o in json.loads(SEED_JSON.read_text("utf-8"))["offers"]}
    assert exported.keys() == seed.keys()
    for offer_id, offer in seed.items():
        assert list(exported[offer_id]) == list(offer), "same keys in the same order"
        for key, value in offer.items():
            if key in ("sources", "needs"):
                continue
            assert exported[offer_id][key] == value, (offer_id, key)


# -- round trips -----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_changes_nothing(seed_db, tmp_path, capsys, fmt):
    before = logical_dump(seed_db)
    target = tmp_path / f"offers.{fmt}"
    assert run(capsys, "--db", str(seed_db), "export", "--out", str(target))[0] == 0
    code, out, _ = run(capsys, "--db", str(seed_db), "import", str(target))
    assert code == 0
    assert (
        f"unchanged: {SEED_COUNT}" in out.replace("offer(s)", "").replace("  ", " ")
        or "unchanged" in out
    )
    assert "Nothing to change." in out
    assert logical_dump(seed_db) == before


def test_the_seed_file_itself_imports_without_changes(seed_db, capsys):
    before = logical_dump(seed_db)
    code, out, _ = run(capsys, "--db", str(seed_db), "import", str(SEED_JSON))
    assert code == 0 and "Nothing to change." in out
    assert logical_dump(seed_db) == before


def test_import_applies_changes_in_one_go_and_logs_them(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    phone = column(rows, "phone")
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[phone] = "'+49 351 4984700"  # as Excel keeps it: with the apostrophe
    rows[row_of(rows, "mbe-caritas", "en")][column(rows, "summary")] = "Changed summary"
    file = write_rows(tmp_path / "changed.csv", rows)

    before = logical_dump(seed_db)
    code, out, _ = run(capsys, "--db", str(seed_db), "import", str(file), "--dry-run")
    assert code == 0 and "phone" in out and "Dry run: nothing was changed." in out
    assert logical_dump(seed_db) == before

    code, out, _ = run(capsys, "--db", str(seed_db), "import", str(file))
    assert code == 0, out
    assert "changed  mbe-caritas" in out and "+49 351 4984700" in out
    conn = open_database(seed_db)
    offer = OfferRepository(conn).get("mbe-caritas")
    entries = AuditRepository(conn).recent(offer_id="mbe-caritas")
    conn.close()
    assert offer.contact.phone == "+49 351 4984700"
    assert offer.texts["en"].summary == "Changed summary"
    assert {(e.actor, e.field) for e in entries} == {
        ("import", "phone"),
        ("import", "texts.en.summary"),
    }


def test_a_new_offer_from_json(seed_db, tmp_path, capsys):
    document = {
        "offers": [
            {
                "id": "neu-beratung",
                "kind": "association",
                "provider": "Verein",
                "name": "Neue Beratung",
                "phone": "0351 1234567",
                "source": "staff",
                "verified_on": "2026-01-05",
                "active": True,
                "texts": {"de": {"summary": "Neu", "status": "reviewed"}},
            }
        ]
    }
    file = tmp_path / "new.json"
    file.write_text(json.dumps(document), "utf-8")
    code, out, _ = run(capsys, "--db", str(seed_db), "import", str(file))
    assert code == 0 and "new      neu-beratung" in out
    assert f"not in the file (left as they are): {SEED_COUNT}" in out
    conn = open_database(seed_db)
    assert OfferRepository(conn).get("neu-beratung").contact.phone == "0351 1234567"
    conn.close()


def test_sql_looking_text_is_stored_as_plain_text(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    evil = "'); DROP TABLE offer;--"
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "name")] = evil
    file = write_rows(tmp_path / "sql.csv", rows)
    assert run(capsys, "--db", str(seed_db), "import", str(file))[0] == 0
    conn = open_database(seed_db)
    assert OfferRepository(conn).get("mbe-caritas").name == evil
    assert len(OfferRepository(conn).all()) == SEED_COUNT
    conn.close()


def test_formulas_typed_in_excel_are_stored_as_text_and_exported_safely(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    formula = '=HYPERLINK("http://evil.example","Termin")'
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "staff_note")] = formula
    assert (
        run(capsys, "--db", str(seed_db), "import", str(write_rows(tmp_path / "f.csv", rows)))[0]
        == 0
    )
    again = export_rows(seed_db, tmp_path, capsys)
    notes = {r[column(again, "staff_note")] for r in again[1:]}
    assert "'" + formula in notes and formula not in notes


# -- broken files: rejected, named, nothing changed -----------------------------------------
def test_wrong_encoding_latin1(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    file = write_rows(tmp_path / "latin1.csv", rows, "cp1252")
    rejected(capsys, seed_db, file, "not UTF-8", "CSV UTF-8", "line ")


def test_wrong_encoding_utf16(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rejected(capsys, seed_db, write_rows(tmp_path / "u16.csv", rows, "utf-16"), "UTF-16")
    file = write_rows(tmp_path / "u16le.csv", rows, "utf-16-le")
    rejected(capsys, seed_db, file, "NUL bytes")


def test_missing_and_extra_columns(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    index = column(rows, "phone")
    missing = [r[:index] + r[index + 1 :] for r in rows]
    rejected(
        capsys,
        seed_db,
        write_rows(tmp_path / "missing.csv", missing),
        "row 1, column phone: this column is missing",
    )
    extra = [[*r, "x"] for r in rows]
    extra[0][-1] = "fax"
    rejected(capsys, seed_db, write_rows(tmp_path / "extra.csv", extra), "unknown column “fax”")


def test_rows_with_too_few_cells(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rows[3] = rows[3][:5]
    rejected(capsys, seed_db, write_rows(tmp_path / "short.csv", rows), "row 4: has 5 cells")


def test_bad_ages_name_row_and_column(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == "jmd-caritas-dresden":
            row[column(rows, "min_age")] = "'-5"
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "max_age")] = "200"
    first = next(i for i, r in enumerate(rows) if r[0] == "jmd-caritas-dresden") + 1
    rejected(
        capsys,
        seed_db,
        write_rows(tmp_path / "ages.csv", rows),
        f"row {first} (jmd-caritas-dresden), column min_age: An age must be a whole number",
        "column max_age",
    )


def test_ages_reversed(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == "jmd-caritas-dresden":
            row[column(rows, "min_age")], row[column(rows, "max_age")] = "26", "12"
    rejected(capsys, seed_db, write_rows(tmp_path / "rev.csv", rows), "highest age is lower")


def test_duplicate_ids(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rows.append(list(rows[1]))
    rejected(capsys, seed_db, write_rows(tmp_path / "dup.csv", rows), "duplicate", "text_lang")
    document = json.loads(SEED_JSON.read_text("utf-8"))
    document["offers"].append(document["offers"][0])
    file = tmp_path / "dup.json"
    file.write_text(json.dumps(document), "utf-8")
    rejected(
        capsys, seed_db, file, f"offer {SEED_COUNT + 1}", "duplicate id: offer 1 has the same id"
    )


def test_same_id_with_different_offer_columns(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rows[row_of(rows, "mbe-caritas", "en")][column(rows, "city")] = "Leipzig"
    rejected(capsys, seed_db, write_rows(tmp_path / "diff.csv", rows), "column city: differs")


def test_unknown_languages(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rows[row_of(rows, "mbe-caritas", "en")][column(rows, "text_lang")] = "xx"
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "languages")] = "de, klingonisch"
    rejected(
        capsys,
        seed_db,
        write_rows(tmp_path / "lang.csv", rows),
        "column text_lang: Unknown language “xx”",
        "column languages: Unknown language code(s): klingonisch",
    )


def test_unknown_need_and_kind(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "needs")] = "papers, swimming"
            row[column(rows, "kind")] = "bakery"
    rejected(capsys, seed_db, write_rows(tmp_path / "need.csv", rows), "swimming", "bakery")


def test_overlong_fields(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rows[row_of(rows, "mbe-caritas", "de")][column(rows, "summary")] = "lang " * 1000
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "name")] = "N" * 201
    rejected(
        capsys,
        seed_db,
        write_rows(tmp_path / "long.csv", rows),
        "column summary: Too long: 4999 characters, at most 300",
        "column name: Too long: 201 characters",
    )


def test_sql_looking_id_is_rejected(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "id")] = "x'); DROP TABLE offer;--"
    rejected(capsys, seed_db, write_rows(tmp_path / "sqlid.csv", rows), "column id")
    conn = sqlite3.connect(seed_db)
    assert conn.execute("SELECT count(*) FROM offer").fetchone()[0] == SEED_COUNT
    conn.close()


def test_bad_hours_phone_and_dates(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == "msa-caritas-prohlis":
            row[column(rows, "hours_mon")] = "14:00-26:00"
            row[column(rows, "phone")] = "12"
            row[column(rows, "verified_on")] = "31.12.2020"
            row[column(rows, "exceptions")] = "2026-12-24 sometimes | note"
    rejected(
        capsys,
        seed_db,
        write_rows(tmp_path / "hours.csv", rows),
        "column hours_mon",
        "column phone: Not a valid phone number",
        "column verified_on: Not a date",
        "column exceptions",
    )


def test_ten_megabytes_of_random_garbage(seed_db, tmp_path, capsys):
    file = tmp_path / "garbage.bin"
    file.write_bytes(random.Random(5).randbytes(10 * 1024 * 1024))
    rejected(capsys, seed_db, file, "not a text file")
    file.write_bytes(random.Random(6).randbytes(10 * 1024 * 1024).replace(b"\0", b"x"))
    rejected(capsys, seed_db, file, "not UTF-8")


def test_ten_megabytes_of_readable_garbage(seed_db, tmp_path, capsys):
    alphabet = b"abcdefghij;,\n\"'=+-@ xyz"
    table = bytes(alphabet[b % len(alphabet)] for b in range(256))
    file = tmp_path / "garbage.csv"
    file.write_bytes(random.Random(7).randbytes(10 * 1024 * 1024).translate(table))
    rejected(capsys, seed_db, file, "row 1")


def test_broken_json(seed_db, tmp_path, capsys):
    cases = {
        "trunc.json": ('{"offers": [{"id": "x"', "not valid JSON"),
        "nan.json": ('{"offers": [{"id": "x", "lat": NaN}]}', "not valid JSON"),
        "list.json": ("[1, 2, 3]", '{"offers": [ … ]}'),
        "types.json": (
            '{"offers": [{"id": "mbe-caritas", "kind": "mbe", "name": "x", "texts": {},'
            ' "min_age": "12", "active": "yes", "hours": {"mon": "9-12"}, "fax": 1}]}',
            "field min_age: must be a whole number",
        ),
    }
    for name, (text, fragment) in cases.items():
        file = tmp_path / name
        file.write_text(text, "utf-8")
        err = rejected(capsys, seed_db, file, fragment)
        if name == "types.json":
            assert "field active: must be true or false" in err
            assert "field hours.mon" in err and "field fax: unknown field" in err


def test_empty_and_huge_files(seed_db, tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    rejected(capsys, seed_db, empty, "empty")
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as fp:
        fp.truncate(21 * 1024 * 1024)
    before = snapshot(seed_db)
    code, _, err = run(capsys, "--db", str(seed_db), "import", str(huge))
    assert code == 1 and "too large" in err and snapshot(seed_db) == before


def test_usage_errors(seed_db, tmp_path, capsys):
    assert run(capsys, "--db", str(seed_db), "import", str(tmp_path / "nope.csv"))[0] == 2
    assert run(capsys, "--db", str(seed_db), "import")[0] == 2
    assert run(capsys, "--db", str(seed_db), "export", "--format", "xml")[0] == 2


def test_a_rejected_import_leaves_a_rollback_journal_database_alone(seed_db, tmp_path, capsys):
    """Reading for an import must not switch a database to WAL (that rewrites its header)."""
    conn = sqlite3.connect(seed_db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    rows = export_rows(seed_db, tmp_path, capsys)
    conn = sqlite3.connect(seed_db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    rows[1][column(rows, "min_age")] = "old"
    rejected(capsys, seed_db, write_rows(tmp_path / "bad.csv", rows), "column min_age")


def test_validation_problems_are_placed_by_their_path_in_both_formats():
    """A problem deep in an offer (an exception's date, a text's status, a weekday) names the
    place as the file spells it: ``exceptions[1].date`` in JSON, the column in CSV."""
    from kiosk.admin.csv_format import offers_to_csv
    from kiosk.admin.importing import read_offers
    from kiosk.admin.json_format import offers_to_json
    from kiosk.db.seeding import load_seed_offers
    from tests.unit.test_validation import CTX

    offer = next(o for o in load_seed_offers() if o.id == "msa-caritas-prohlis")
    document = json.loads(offers_to_json([offer]))
    entry = document["offers"][0]
    entry["exceptions"] = [
        {"date": "2026-12-24", "status": "closed"},
        {"date": "2026-12-32", "status": "closed"},
    ]
    entry["texts"]["en"]["status"] = "perfect"
    entry["hours"]["mon"] = {"status": "open", "slots": [["14:00", "26:00"]]}
    found = [str(p) for p in read_offers(json.dumps(document).encode(), CTX).problems]
    assert any(
        p.startswith("offer 1 (msa-caritas-prohlis), field exceptions[1].date: ") for p in found
    )
    assert any(
        p.startswith("offer 1 (msa-caritas-prohlis), field texts.en.status: ") for p in found
    )
    assert any(p.startswith("offer 1 (msa-caritas-prohlis), field hours.mon: ") for p in found)

    rows = list(csv.reader(io.StringIO(offers_to_csv([offer]).decode("utf-8-sig")), delimiter=";"))
    english = row_of(rows, "msa-caritas-prohlis", "en")
    rows[english][column(rows, "text_status")] = "perfect"
    rows[1][column(rows, "exceptions")] = "2026-12-32 closed"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    found = [str(p) for p in read_offers(buffer.getvalue().encode(), CTX).problems]
    assert f"row {english + 1} (msa-caritas-prohlis), column text_status: " in "\n".join(found)
    assert "row 2 (msa-caritas-prohlis), column exceptions: " in "\n".join(found)
