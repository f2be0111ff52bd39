"""Review sheets for native speakers: sheet → corrections → import, on copies of the catalogues
and of the seed database (never the project's files)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.admin import translation_review as review
from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.domain.models import TextStatus
from kiosk.domain.validation import ValidationContext
from kiosk.i18n import (
    START_SCREEN_TABLE,
    TRANSLATIONS_DIR,
    catalogue_dir_name,
    catalogue_path,
    load_catalogue,
)

LANGUAGES = ("ar", "de", "en", "fa-AF")
#: A message with placeholders, and one with plural forms (Arabic has six).
TOO_LONG = "Too long: {length} characters, at most {limit} are allowed."
OFFER = "auslaenderbehoerde-dresden"


@pytest.fixture
def translations(tmp_path: Path) -> Path:
    """A copy of the catalogues of a few languages, with the review status and the template."""
    target = tmp_path / "translations"
    target.mkdir()
    for name in ("messages.pot", review.REVIEW_FILE, START_SCREEN_TABLE):
        shutil.copyfile(TRANSLATIONS_DIR / name, target / name)
    for code in LANGUAGES:
        folder = catalogue_dir_name(code)
        shutil.copytree(
            TRANSLATIONS_DIR / folder,
            target / folder,
            ignore=shutil.ignore_patterns("*.mo"),
        )
    return target


def _run(*argv: str) -> int:
    return main(list(argv))


def _sheet(seed_db: Path, translations: Path, out: Path, lang: str = "ar") -> int:
    return _run(
        "--db", str(seed_db), "translations", "review-sheet", "--lang", lang,
        "--out", str(out), "--translations-dir", str(translations),
    )  # fmt: skip


def _import(seed_db: Path, translations: Path, sheet: Path, *extra: str) -> int:
    return _run(
        "--db", str(seed_db), "translations", "review-import", str(sheet),
        "--reviewer", "Amal Haddad", "--translations-dir", str(translations), *extra,
    )  # fmt: skip


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fp:
        return list(csv.DictReader(fp))


def _write(path: Path, rows: list[dict[str, str]], **options) -> None:
    """As a spreadsheet saves it: UTF-8 with BOM, quotes only where needed (or as asked)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), **options)
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def _correct(rows: list[dict[str, str]], ident: str, text: str) -> dict[str, str]:
    (row,) = [r for r in rows if r["id"] == ident]
    row["correction"] = text
    return row


def _state(seed_db: Path, translations: Path) -> tuple:
    """Everything an import may change: the catalogue files, the review file, the database."""
    files = {
        str(p.relative_to(translations)): p.read_bytes()
        for p in sorted(translations.rglob("*"))
        if p.is_file()
    }
    conn = sqlite3.connect(seed_db)
    try:
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    return files, dump


def _catalogue(translations: Path, code: str = "ar"):
    with catalogue_path(code, translations).open("rb") as fp:
        return read_po(fp, locale=code)


def _offer_text(seed_db: Path, offer_id: str, lang: str = "ar"):
    conn = open_database(seed_db)
    try:
        return OfferRepository(conn).get(offer_id).texts[lang]
    finally:
        conn.close()


def _audit(seed_db: Path) -> list[tuple]:
    conn = sqlite3.connect(seed_db)
    try:
        return conn.execute(
            "SELECT actor, offer_id, field, old_value, new_value FROM audit_log"
        ).fetchall()
    finally:
        conn.close()


# -- the round trip ------------------------------------------------------------------------------
def test_round_trip_dry_run_then_import(seed_db, translations, tmp_path, capsys):
    sheet = tmp_path / "ar.csv"
    assert _sheet(seed_db, translations, sheet) == 0
    data = sheet.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so spreadsheets read UTF-8"
    rows = _read(sheet)
    assert list(rows[0]) == list(review.COLUMNS)
    assert {r["lang"] for r in rows} == {"ar"}
    too_long = next(r for r in rows if r["id"] == TOO_LONG)
    assert too_long["kind"] == "ui" and too_long["german"].startswith("Zu lang")
    assert "kiosk/domain/validation.py" in too_long["where"]
    assert "{length}" in too_long["current"]
    forms = [r for r in rows if r["id"].startswith("{n} offer [form ")]
    assert len(forms) == 6, "one row per Arabic plural form"
    assert "n = 2" in forms[2]["context"]
    summary_id = f"offer:{OFFER}:summary"
    summary = next(r for r in rows if r["id"] == summary_id)
    assert summary["kind"] == "offer" and summary["source"].startswith("Amt für Aufenthaltstitel")
    assert summary["where"].startswith("Ausländerbehörde Dresden")
    assert all(not r["correction"] and not r["comment"] for r in rows)

    new_ui = "النص طويل جدًا: {length} حرفًا، والحد الأقصى {limit}."
    new_summary = "دائرة الأجانب (Ausländerbehörde) – بموعد مسبق فقط"
    _correct(rows, TOO_LONG, new_ui)["comment"] = "أوضح"
    _correct(rows, summary_id, new_summary)
    _write(sheet, rows)
    old_po = _catalogue(translations)
    old_text = _offer_text(seed_db, OFFER)
    capsys.readouterr()

    before = _state(seed_db, translations)
    assert _import(seed_db, translations, sheet, "--dry-run") == 0
    out = capsys.readouterr().out
    assert _state(seed_db, translations) == before, "a dry run changes nothing"
    assert TOO_LONG in out and new_ui in out and old_po.get(TOO_LONG).string in out
    assert "texts.ar.summary" in out and new_summary in out
    assert "texts.ar.status" in out and "reviewed" in out
    assert "Dry run: nothing was changed." in out

    assert _import(seed_db, translations, sheet) == 0
    new_po = _catalogue(translations)
    assert new_po.get(TOO_LONG).string == new_ui
    for message in old_po:
        if message.id and message.id != TOO_LONG:
            now = new_po.get(message.id, message.context)
            assert now.string == message.string, f"{message.id!r} changed"
    load_catalogue.cache_clear()
    compiled = load_catalogue("ar", translations)
    assert compiled._(TOO_LONG, length=600, limit=500) == new_ui.format(length=600, limit=500)
    assert (catalogue_path("ar", translations).with_suffix(".mo")).exists()

    text = _offer_text(seed_db, OFFER)
    assert text.summary == new_summary
    assert (text.description, text.audience) == (old_text.description, old_text.audience)
    assert text.status is TextStatus.REVIEWED, "every row of the text was in the sheet"
    assert _offer_text(seed_db, OFFER, "fa").status is old_text.status, "other languages stay"
    entries = list(_audit(seed_db))
    assert ("review: Amal Haddad", OFFER, "texts.ar.summary", old_text.summary, new_summary) in [
        tuple(e) for e in entries
    ]

    status = json.loads((translations / review.REVIEW_FILE).read_text("utf-8"))["languages"]
    ar = status["ar"]
    assert ar["status"] == "reviewed" and ar["reviewer"] == "Amal Haddad"
    dt.date.fromisoformat(ar["date"])
    (entry,) = ar["reviews"]
    assert entry["ui_strings_corrected"] == 1 and entry["offer_texts_corrected"] == 1
    assert entry["complete"] is True
    assert (
        entry["ui_strings_reviewed"]
        == entry["ui_strings_total"]
        == sum(1 for r in rows if r["kind"] == "ui")
    )
    assert status["fa-AF"]["status"] == "draft", "other languages keep their status"
    assert "reviewed by Amal Haddad" in new_po.language_team


def test_the_po_file_keeps_its_format(seed_db, translations, tmp_path):
    """Only the corrected msgstr and the header lines of the review differ (as Poedit would)."""
    sheet = tmp_path / "ar.csv"
    assert _sheet(seed_db, translations, sheet) == 0
    ui_rows = [r for r in _read(sheet) if r["kind"] == "ui"]
    corrected = [r for r in ui_rows if r["id"] == TOO_LONG]
    rows = [*corrected, *(r for r in ui_rows if r["id"] != TOO_LONG)][:40]  # a partial review
    _correct(rows, TOO_LONG, "طويل جدًا: {length} حرفًا؛ الحد الأقصى {limit}.")
    _write(sheet, rows, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    before = catalogue_path("ar", translations).read_text("utf-8").splitlines()
    assert _import(seed_db, translations, sheet) == 0
    after = catalogue_path("ar", translations).read_text("utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(before) == len(after)
    assert {a.split(":")[0] for a, _ in changed if a.startswith('"')} <= {
        '"PO-Revision-Date',
        '"Last-Translator',
    }
    assert sum(1 for a, _ in changed if a.startswith("msgstr")) == 1
    status = json.loads((translations / review.REVIEW_FILE).read_text("utf-8"))["languages"]
    assert status["ar"]["status"] == "draft", "a partial sheet does not sign the catalogue off"
    assert status["ar"]["reviews"][0]["ui_strings_reviewed"] == 40
    assert status["ar"]["reviews"][0]["complete"] is False


def test_a_text_partly_in_the_sheet_keeps_its_status(seed_db, translations, tmp_path):
    sheet = tmp_path / "ar.csv"
    assert _sheet(seed_db, translations, sheet) == 0
    rows = [r for r in _read(sheet) if r["id"] == f"offer:{OFFER}:audience"]
    _correct(rows, f"offer:{OFFER}:audience", "لكل من يحتاج إلى تصريح إقامة في Dresden.")
    _write(sheet, rows)
    old = _offer_text(seed_db, OFFER)
    assert _import(seed_db, translations, sheet) == 0
    text = _offer_text(seed_db, OFFER)
    assert text.audience == "لكل من يحتاج إلى تصريح إقامة في Dresden."
    assert text.status is old.status and text.summary == old.summary


# -- bad input: a clear message, nothing changed -------------------------------------------------
def _unknown_id(rows):
    rows[3]["id"] = rows[3]["id"] + " (edited)"
    rows[3]["correction"] = "نص"
    return rows, "unknown id"


def _lost_placeholder(rows):
    _correct(rows, TOO_LONG, "طويل جدًا: {length} حرفًا.")
    return rows, "missing {limit}"


def _renamed_placeholder(rows):
    _correct(rows, TOO_LONG, "طويل جدًا: {الطول} حرفًا، والحد الأقصى {limit}.")
    return rows, "unknown {الطول}"


def _broken_brace(rows):
    _correct(rows, TOO_LONG, "طويل جدًا: {length حرفًا، والحد الأقصى {limit}.")
    return rows, "without its partner"


def _other_language(rows):
    for row in rows:
        row["lang"] = "fa-AF"
    return rows, "do not match"


def _mixed_languages(rows):
    rows[5]["lang"] = "fa-AF"
    return rows, "mixes languages"


def _stale(rows):
    row = _correct(rows, TOO_LONG, "طويل جدًا: {length} حرفًا، والحد الأقصى {limit}.")
    row["current"] = "نص أقدم: {length} / {limit}"
    return rows, "changed since the sheet was written"


def _override(rows):
    _correct(rows, TOO_LONG, "\u202eطويل جدًا: {length} حرفًا، والحد الأقصى {limit}.")
    return rows, "U+202E"


def _inactive_offer(rows):
    row = _correct(rows, f"offer:{OFFER}:summary", "نص")
    row["id"] = "offer:no-such-office:summary"
    return rows, "no active offer"


def _offer_text_too_long(rows):
    _correct(rows, f"offer:{OFFER}:summary", "طويل " * 400)
    return rows, "Too long"


@pytest.mark.parametrize(
    "spoil",
    [
        _unknown_id,
        _lost_placeholder,
        _renamed_placeholder,
        _broken_brace,
        _mixed_languages,
        _other_language,
        _stale,
        _override,
        _inactive_offer,
        _offer_text_too_long,
    ],
)
def test_bad_rows_change_nothing(seed_db, translations, tmp_path, capsys, spoil):
    sheet = tmp_path / "ar.csv"
    assert _sheet(seed_db, translations, sheet) == 0
    rows, expected = spoil(_read(sheet))
    # A good correction beside the bad one must not be written either.
    _correct(rows, f"offer:{OFFER}:audience", "لكل من يحتاج إلى تصريح إقامة.")
    _write(sheet, rows)
    before = _state(seed_db, translations)
    capsys.readouterr()
    assert _import(seed_db, translations, sheet) == 1
    err = capsys.readouterr().err
    assert expected in err and "nothing was changed" in err
    assert "Traceback" not in err
    assert _state(seed_db, translations) == before


def test_a_sheet_of_another_language_is_refused(seed_db, translations, tmp_path, capsys):
    sheet = tmp_path / "ar.csv"
    assert _sheet(seed_db, translations, sheet) == 0
    before = _state(seed_db, translations)
    capsys.readouterr()
    assert _import(seed_db, translations, sheet, "--lang", "fa-AF") == 1
    assert "is for “ar”, not “fa-AF”" in capsys.readouterr().err
    rows, _ = _other_language(_read(sheet))
    _write(sheet, rows)
    assert _import(seed_db, translations, sheet) == 1
    assert "do not match the “fa-AF” catalogue" in capsys.readouterr().err
    assert _state(seed_db, translations) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'id,kind,lang,current,correction\r\n"x,ui,ar,a,b\r\n', "Broken CSV"),
        ("id,kind,lang,current,correction\r\nx,ui,ar,نص".encode("cp1256"), "not UTF-8"),
        (b"id;kind;lang;source\r\nx;ui;ar;y\r\n", "Column(s) missing"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (b"id,kind,lang,current,correction\r\nx\x00,ui,ar,a,b\r\n", "NUL"),
        (b"id,kind,lang,current,correction\r\n", "no rows"),
        (b"id,kind,lang,current,correction\r\nx,ui,ar,a,b,c,d\r\n", "has 7 cells"),
    ],
)
def test_a_broken_file_changes_nothing(seed_db, translations, tmp_path, capsys, content, expected):
    sheet = tmp_path / "broken.csv"
    sheet.write_bytes(content)
    before = _state(seed_db, translations)
    assert _import(seed_db, translations, sheet) == 1
    err = capsys.readouterr().err
    assert expected in err and "Nothing was changed" in err and "Traceback" not in err
    assert _state(seed_db, translations) == before


def test_usage_errors(seed_db, translations, tmp_path, capsys):
    out = tmp_path / "x.csv"
    assert _sheet(seed_db, translations, out, lang="xx") == 2
    assert "unknown language “xx”" in capsys.readouterr().err
    assert _sheet(seed_db, translations, out, lang="fa_AF") == 2
    assert "the kiosk code is fa-AF" in capsys.readouterr().err
    assert not out.exists()
    assert _import(seed_db, translations, tmp_path / "missing.csv") == 2
    assert _run("--db", str(seed_db), "translations", "review-import", str(out)) == 2


# -- right to left, spreadsheets -----------------------------------------------------------------
def test_right_to_left_text_survives_the_csv(seed_db, translations, tmp_path):
    conn = open_database(seed_db)
    try:
        offers = OfferRepository(conn).all(active_only=True)
    finally:
        conn.close()
    rows = review.sheet_rows("ar", offers, translations)
    isolated = [r for r in rows if "\u2066" in r.current or "\u2069" in r.current]
    assert isolated, "the Arabic catalogue isolates codes and numbers"
    back = review.read_sheet(review.sheet_bytes(rows))
    assert [line.cells["current"] for line in back] == [r.current for r in rows]
    assert [line.cells["source"] for line in back] == [r.source for r in rows]

    # A correction with a Latin name, a number and a right-to-left mark inside it, saved by a
    # spreadsheet set to German (semicolons), goes into the catalogue unchanged.
    sheet = tmp_path / "ar.csv"
    assert _sheet(seed_db, translations, sheet) == 0
    lines = [r for r in _read(sheet) if r["id"] == TOO_LONG]
    correction = "نص طويل\u200f: {length} حرفًا (Dresden ‎2026)، الحد الأقصى {limit}."
    _correct(lines, TOO_LONG, correction)
    _write(sheet, lines, delimiter=";")
    assert _import(seed_db, translations, sheet) == 0
    assert _catalogue(translations).get(TOO_LONG).string == correction


def test_placeholders_of_plural_forms():
    row = review.Row(
        "{n} offer [form 1]", "ui", "ar", placeholders=frozenset({"n"}), plural=True, form=1
    )
    assert review.placeholder_problem(row, "عرض واحد") is None, "a form may leave out {n}"
    assert review.placeholder_problem(row, "{n} عرض") is None
    assert "unknown {count}" in review.placeholder_problem(row, "{count} عرض")
    single = review.Row("x", "ui", "ar", placeholders=frozenset({"n", "name"}))
    assert "missing {n}" in review.placeholder_problem(single, "{name}")


def test_plan_without_a_database(translations):
    """The module's own API: the CLI is one user of it."""
    rows = review.ui_rows("fa-AF", translations)
    lines = review.read_sheet(review.sheet_bytes(rows))
    ctx = ValidationContext(frozenset({"fa-AF", "de", "en"}), frozenset(), dt.date(2026, 12, 1))
    plan = review.plan_review(lines, [], ctx, translations)
    assert plan.ok and plan.code == "fa-AF" and not plan.has_changes
    assert plan.ui_reviewed == plan.ui_total == len(rows) and plan.complete
    assert not review.plan_review(lines, [], ctx, translations, expected_lang="ar").ok
