"""Text that cannot be shown honestly is refused — in the editor, the JSON and CSV import and the
seed — with a message naming field and character; what is stored is normalised (NFC).

The import cases go through ``kiosk-admin import`` and check the exit code, the message with its
row/column or field path and that the database file is byte for byte unchanged.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kiosk.admin.json_format import read_json
from kiosk.admin.offers import OfferEditing
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.seeding import SeedError, _refuse_repeated_keys, logical_dump
from kiosk.domain.models import Contact
from kiosk.domain.validation import email_problem, parse_offer_form, shown, url_problem
from kiosk.qr import escape_text, uri_value, vcard
from tests.unit.test_import_export import (
    SEED_JSON,
    column,
    export_rows,
    rejected,
    row_of,
    run,
    write_rows,
)
from tests.unit.test_validation import CTX, seed_form

INVISIBLE = "invisible character"
NOT_SHOWN = "not a character that can be shown"
CONTROL = "control characters"


def problems_of(form) -> dict[str, str]:
    """Every message per field (a field may have several problems), joined."""
    offer, found = parse_offer_form(form, CTX)
    assert offer is None and found
    messages: dict[str, list[str]] = {}
    for p in found:
        messages.setdefault(p.field, []).append(p.text())
    return {key: " / ".join(value) for key, value in messages.items()}


# -- the validators --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        # bidi embeddings, overrides, isolates: they reverse what visitors, paper and CLI show
        *[("name", f"Caritas {chr(c)}Beratung", f"U+{c:04X}") for c in range(0x202A, 0x202F)],
        *[("provider", f"Caritas {chr(c)}e.V.", f"U+{c:04X}") for c in range(0x2066, 0x206A)],
        ("street", "Hauptstraße\u200e 1", INVISIBLE),  # LRM: not needed in a German street
        ("street", "Hauptstraße\u200f 1", "position 12"),
        ("name", "Cari\u200btas", INVISIBLE),  # zero-width space
        ("name", "Cari\u2060tas", INVISIBLE),  # word joiner
        ("name", "Cari\ufefftas", INVISIBLE),  # zero-width no-break space
        ("name", "Cari\u00adtas", INVISIBLE),  # soft hyphen outside the long texts
        ("name", "Beratung\U000e0041", INVISIBLE),  # tag characters
        ("name", "\u200c", INVISIBLE),  # a joiner alone is not a name
        ("name", "\u3164\u3164", INVISIBLE),  # Hangul filler: looks empty
        ("name", "\u2800", INVISIBLE),  # Braille blank
        ("name", "\ud800", NOT_SHOWN),  # lone surrogate
        ("name", "Beratung \ue000", NOT_SHOWN),  # private use
        ("name", "Beratung \u0378", NOT_SHOWN),  # unassigned
        ("name", "Beratung \ufffe", NOT_SHOWN),  # non-character
        ("name", "Bera\x00tung", CONTROL),
        ("name", "Bera\x85tung", CONTROL),  # C1 (NEL)
        ("name", "Bera\x9btung", CONTROL),  # C1 (CSI)
        ("name", "Beratung\u2028zwei", CONTROL),  # line separator in a one-line field
        ("street", "Hauptstraße 1\u2029", CONTROL),
        ("phone", "+49 351\u202e 4886009", INVISIBLE),
        ("email", "info\u200b@caritas-dresden.de", INVISIBLE),
        ("needs", "papers\u202e", INVISIBLE),
        ("hours_mon", "09:00-12:00\u2066", INVISIBLE),
        ("name", "Z" + "\u0301" * 7, "accents or marks"),  # NFC takes one: Ź
        ("name", "   ", "Required"),
        ("name", "\u3000\u00a0", "Required"),  # wide and no-break spaces only
        ("hours_mon", "09:00-12:00, " * 100, "Too long"),
        ("needs", "papers, " * 100, "Too long"),
        ("min_age", "9" * 5000, "whole number"),
        ("lat", "9" * 5000, "-90"),
    ],
)
def test_text_that_cannot_be_shown_honestly_is_refused(field, value, fragment):
    form = seed_form()
    form.fields[field] = value
    found = problems_of(form)
    assert field in found, found
    assert fragment in found[field], found[field]


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("https://host@other-host/", "“@” before the host"),
        ("https://www.caritas-dresden.de@evil.example/", "“@” before the host"),
        ("https://user:pw@caritas-dresden.de/", "“@” before the host"),
        ("https://caritas-dresden.de:99999/", "port 99999"),
        ("https://caritas-dresden.de:0/", "port 0"),
        ("https://caritas-dresden.de:65536/", "port 65536"),
        ("https://caritas-dresden.de:http/", "https://"),
        ("javascript:alert(1)", "https://"),
        ("JavaScript://caritas-dresden.de/%0Aalert(1)", "https://"),
        ("data:text/html,<script>alert(1)</script>", "https://"),
        ("file:///etc/passwd", "https://"),
        ("https://evil.example\\@caritas-dresden.de/", "https://"),
        ("https://caritas..dresden.de/", "https://"),
        ("https://-caritas.de/", "https://"),
        ("https://%63aritas.de/", "https://"),
        ("https://\u0441aritas-dresden.de/", "punycode"),  # Cyrillic с: mixed scripts
        ("https://caritas-dresden.de\u3002evil.example/", "punycode"),  # ideographic full stop
        ("https://\uff43aritas.de/", "punycode"),  # fullwidth c: IDNA would change it
        ("https://stra\u00dfe.de/", "punycode"),  # IDNA 2003 would make it strasse.de
        ("https://xn--zz.de/", "punycode"),  # not valid punycode
    ],
)
def test_web_addresses_that_hide_where_they_go_are_refused(value, fragment):
    for field in ("web", "source"):
        form = seed_form()
        form.fields[field] = value
        found = problems_of(form)
        assert field in found, (field, found)
        expected = "“staff”" if fragment == "https://" and field == "source" else fragment
        assert expected in found[field], found[field]


@pytest.mark.parametrize(
    "value",
    [
        "https://www.caritas-dresden.de/",
        "HTTPS://WWW.Caritas-Dresden.DE/x?a=1&b=2#c",
        "https://caritas-dresden.de:8443/",
        "https://müller.de/",
        "https://xn--mller-kva.de/",
        "https://пример.рф/",
        "https://例え.テスト/",
        "http://192.168.0.10/",
    ],
)
def test_honest_web_addresses_pass(value):
    assert url_problem("web", value) is None


def test_e_mail_domains_follow_the_same_host_rules():
    assert email_problem("email", "info@müller.de") is None
    assert "punycode" in email_problem("email", "info@c\u0430ritas.de").text()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fa", "مشاوره\u200cی مهاجرت"),  # ZWNJ inside a Persian word
        ("ar", "اتصل على \u200e+49 351 123\u200f."),  # LRM/RLM in a right-to-left text
        ("ar", "مرحبا\u061c 2"),  # ARABIC LETTER MARK
        ("de", "Migrations\u00adberatung"),  # soft hyphen in a long text
        ("de", "Familie 👨\u200d👩\u200d👧 willkommen ❤\ufe0f"),  # emoji sequences
    ],
)
def test_what_some_languages_need_is_allowed_where_it_is_needed(lang, text):
    form = seed_form("mbe-caritas")
    form.texts.setdefault(lang, {"status": "machine", "description": "", "audience": ""})
    form.texts[lang]["summary"] = text
    offer, found = parse_offer_form(form, CTX)
    assert found == [], [str(p) for p in found]
    assert offer.texts[lang].summary == text


def test_direction_marks_are_refused_in_left_to_right_texts():
    form = seed_form("mbe-caritas")
    form.texts["de"]["summary"] = "Beratung\u200f für alle"
    assert INVISIBLE in problems_of(form)["texts.de.summary"]


def test_text_is_stored_in_nfc_with_one_kind_of_line_break():
    form = seed_form("mbe-caritas")
    form.fields["name"] = "Beratung fu\u0308r Migranten"  # u + combining diaeresis
    form.texts["de"]["description"] = "eins\r\nzwei\rdrei\u2028vier\u2029fünf\x85sechs"
    offer, found = parse_offer_form(form, CTX)
    assert found == []
    assert offer.name == "Beratung für Migranten"
    assert offer.texts["de"].description == "eins\nzwei\ndrei\nvier\nfünf\nsechs"


def test_messages_never_echo_what_they_refuse():
    form = seed_form()
    form.fields["needs"] = "papers, \u202eevil"
    form.fields["kind"] = "mbe\u2066"
    found = parse_offer_form(form, CTX)[1]
    for p in found:
        text = p.text()
        assert "\u202e" not in text and "\u2066" not in text, text
    assert any("<U+202E>evil" in p.text() for p in found)
    assert shown("a\u202eb\n" + "x" * 300, 10) == "a<U+202E>b<U+000A>xxxxxx…"


def test_the_staff_editor_refuses_the_same_and_writes_nothing(conn, seed_db):
    editing = OfferEditing(conn)
    form = editing.form_for("mbe-caritas")
    form.fields["name"] = "\u202eBeratung"
    form.fields["web"] = "https://caritas-dresden.de@evil.example/"
    before = logical_dump(seed_db)
    result = editing.save(form, original_id="mbe-caritas")
    assert not result.ok
    assert {p.field for p in result.problems} == {"name", "web"}
    assert logical_dump(seed_db) == before


# -- kiosk-admin import ----------------------------------------------------------------------
def _seed_document() -> dict:
    return json.loads(SEED_JSON.read_text("utf-8"))


def test_a_lone_surrogate_in_json_is_refused_not_a_traceback(seed_db, tmp_path, capsys):
    document = _seed_document()
    document["offers"][0]["name"] = "\ud800Beratung"
    file = tmp_path / "surrogate.json"
    file.write_text(json.dumps(document), "ascii")  # json.dumps writes it as \ud800
    assert "\\ud800" in file.read_text("ascii")
    rejected(capsys, seed_db, file, "offer 1 (", "field name: Contains U+D800 at position 1")


def test_a_surrogate_pair_in_json_is_one_character(seed_db, tmp_path, capsys):
    document = _seed_document()
    document["offers"][1]["texts"]["de"]["summary"] += " \U0001f600"
    file = tmp_path / "pair.json"
    file.write_text(json.dumps(document), "ascii")
    code, _, err = run(capsys, "--db", str(seed_db), "import", str(file))
    assert code == 0, err
    conn = open_database(seed_db)
    offer = OfferRepository(conn).get(document["offers"][1]["id"])
    conn.close()
    assert offer.texts["de"].summary.endswith(" \U0001f600")


def test_bidi_controls_in_json_are_refused_with_their_field(seed_db, tmp_path, capsys):
    document = _seed_document()
    document["offers"][2]["provider"] = "\u202eCaritas"
    document["offers"][2]["street"] = "Hauptstraße \u2067 1"
    document["offers"][2]["texts"]["en"]["summary"] = "Help \u202d here"
    offer_id = document["offers"][2]["id"]
    file = tmp_path / "bidi.json"
    file.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    err = rejected(
        capsys,
        seed_db,
        file,
        f"offer 3 ({offer_id}), field provider: Contains the invisible character U+202E",
        "field street: Contains the invisible character U+2067 at position 13",
        "field texts.en.summary: Contains the invisible character U+202D",
    )
    assert not any(ch in err for ch in "\u202e\u2067\u202d")


def test_duplicate_json_keys_are_refused_with_their_place(seed_db, tmp_path, capsys):
    text = SEED_JSON.read_text("utf-8")
    first = json.loads(text)["offers"][0]
    text = text.replace('"name": ', '"name": "Erster Name",\n      "name": ', 1)
    text = text.replace('"summary": ', '"summary": "eins", "summary": ', 1)
    text = text.replace('{\n  "offers"', '{\n  "offers": [],\n  "offers"', 1)
    file = tmp_path / "dup.json"
    file.write_text(text, "utf-8")
    rejected(
        capsys,
        seed_db,
        file,
        f"offer 1 ({first['id']}), field name: the key “name” appears more than once",
        f"field texts.{next(iter(first['texts']))}.summary: the key “summary” appears",
        "the key “offers” appears more than once in the same object; JSON readers disagree",
    )


def test_repeated_keys_are_found_at_any_depth():
    text = (
        '{"offers": [{"id": "a", "kind": "mbe", "name": "x", "texts": {},'
        ' "hours": {"mon": {"status": "closed", "status": "open"}},'
        ' "exceptions": [{"date": "2026-12-24", "note": "a", "note": "b"}]}]}'
    )
    _, found = read_json(text)
    columns = {p.column for p in found if "more than once" in p.message}
    assert columns == {"hours.mon.status", "exceptions[0].note"}


def test_huge_numbers_in_json_are_refused_not_a_traceback(seed_db, tmp_path, capsys):
    document = _seed_document()
    document["offers"][0]["lat"] = 10**400
    document["offers"][0]["min_age"] = 10**300
    file = tmp_path / "huge.json"
    file.write_text(json.dumps(document), "utf-8")
    rejected(capsys, seed_db, file, "field lat: must be a number", "field min_age: An age")


def test_hostile_keys_are_shown_escaped(seed_db, tmp_path, capsys):
    document = _seed_document()
    document["offers"][0]["\u202efax"] = "1"
    document["offers"][0]["texts"]["x\u2066"] = {"summary": "s", "status": "machine"}
    file = tmp_path / "keys.json"
    file.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    err = rejected(capsys, seed_db, file, "field <U+202E>fax: unknown field", "x<U+2066>")
    assert "\u202e" not in err and "\u2066" not in err


def test_hostile_text_in_csv_is_refused_by_row_and_column(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    for row in rows[1:]:
        if row[column(rows, "id")] == "mbe-caritas":
            row[column(rows, "street")] = "Hauptstraße\u202e 1"
            row[column(rows, "web")] = "https://caritas.de:99999/"
    rows[row_of(rows, "mbe-caritas", "en")][column(rows, "summary")] = "a\x0bb"  # VT
    first = min(i for i, r in enumerate(rows) if r[0] == "mbe-caritas") + 1
    rejected(
        capsys,
        seed_db,
        write_rows(tmp_path / "hostile.csv", rows),
        f"row {first} (mbe-caritas), column street: Contains the invisible character U+202E",
        "column web: The port 99999 is not possible",
        f"row {row_of(rows, 'mbe-caritas', 'en') + 1} (mbe-caritas), column summary: Contains "
        "control characters",
    )


def test_nul_bytes_deep_in_a_csv_are_refused(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rows[-1][column(rows, "description")] = "Beratung\x00"
    file = write_rows(tmp_path / "nul.csv", rows)
    assert file.read_bytes().index(b"\x00") > 4096
    rejected(capsys, seed_db, file, f"row {len(rows)}", "column description", CONTROL)


def test_a_hostile_csv_header_is_shown_escaped(seed_db, tmp_path, capsys):
    rows = export_rows(seed_db, tmp_path, capsys)
    rows[0][column(rows, "phone")] = "ph\u202eone"
    err = rejected(
        capsys, seed_db, write_rows(tmp_path / "h.csv", rows), "unknown column “ph<U+202E>one”"
    )
    assert "\u202e" not in err


def test_invalid_utf8_in_the_middle_names_the_byte_offset(seed_db, tmp_path, capsys):
    data = SEED_JSON.read_bytes()
    offset = data.index(b"Beratung")
    file = tmp_path / "broken.json"
    file.write_bytes(data[:offset] + b"\xed\xa0\x80" + data[offset:])  # a surrogate, UTF-8'd
    line = data.count(b"\n", 0, offset) + 1
    rejected(capsys, seed_db, file, f"byte 0xED at byte offset {offset}", f"line {line}")


def test_text_not_in_nfc_is_stored_in_nfc_and_imports_again_unchanged(seed_db, tmp_path, capsys):
    document = _seed_document()
    offer_id = document["offers"][0]["id"]
    document["offers"][0]["name"] = "Beratung fu\u0308r Zugewanderte"
    file = tmp_path / "nfd.json"
    file.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert run(capsys, "--db", str(seed_db), "import", str(file))[0] == 0
    conn = open_database(seed_db)
    assert OfferRepository(conn).get(offer_id).name == "Beratung für Zugewanderte"
    conn.close()
    code, out, _ = run(capsys, "--db", str(seed_db), "import", str(file))
    assert code == 0 and "Nothing to change." in out


# -- the seed and the contact card -----------------------------------------------------------
def test_the_seed_refuses_repeated_keys():
    with pytest.raises(SeedError, match="name"):
        json.loads('{"name": "a", "name": "b"}', object_pairs_hook=_refuse_repeated_keys)


def test_the_vcard_never_carries_raw_line_breaks_or_direction_controls():
    hostile = "Beratung\u2028FN:Evil\u2029\x85\x0b\x0c\u202e\u2066\x00\ud800 Ende"
    text = escape_text(hostile)
    assert text == "Beratung\\nFN:Evil\\n\\n\\n\\n Ende"
    assert uri_value("https://a.de/\u202e\u2028x\x00") == "https://a.de/%E2%80%AEx%00"
    form = seed_form("mbe-caritas")
    offer, _ = parse_offer_form(form, CTX)
    contact = Contact(phone="0351 4984712", web="https://a.de/\u2028x")
    card = vcard(replace(offer, name=hostile, contact=contact))
    for ch in "\u2028\u2029\x85\x0b\x0c\u202e\u2066\x00\ud800":
        assert ch not in card
    assert "\n" not in card.replace("\r\n", "")
    card.encode("utf-8")
