"""Translations know when they are outdated (issue 19, step 3).

Editing an offer's German text marks the other languages' texts "outdated" — in the staff
editor, the file import, the providers' check-in and the German translation review, through the
one rule :func:`kiosk.domain.texts.mark_outdated` — unless the edit is called minor; a text
changed in the same save stays as saved; every status change is in the audit log. Visitors see
an outdated text as a draft, the coverage report counts it, and the exchange formats carry it.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import shutil
import sqlite3

import pytest

from kiosk.admin import checkin
from kiosk.admin.importing import apply_import, plan_import
from kiosk.admin.offers import OfferEditing
from kiosk.cli import main
from kiosk.cli.common import EXIT_DATA
from kiosk.cli.translations import build_report, report_document
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.models import TextStatus
from kiosk.domain.texts import for_visitors, mark_outdated, text_for
from kiosk.domain.verification import DueReason, due_for_verification
from kiosk.i18n import load_catalogue
from kiosk.labels import fallback_note
from kiosk.visitor import VisitorCatalogue
from tests.unit.test_checkin import CARITAS, EXPORTED, csv_table, excel_csv, fill

NOW = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)
OFFER = "msa-caritas-prohlis"
NEW_GERMAN = "Beratung für Migrantinnen und Migranten in Prohlis, auch zu Schule und Arbeit."


def statuses(conn: sqlite3.Connection, offer_id: str = OFFER) -> dict[str, TextStatus]:
    offer = OfferRepository(conn).get(offer_id)
    return {lang: text.status for lang, text in offer.texts.items()}


def status_entries(conn: sqlite3.Connection, offer_id: str = OFFER) -> dict[str, tuple]:
    """The newest audit entry of each text status of the offer: (actor, old, new)."""
    found: dict[str, tuple] = {}
    for e in AuditRepository(conn).recent(1000, offer_id):  # newest first
        if e.field.endswith(".status"):
            found.setdefault(e.field, (e.actor, e.old, e.new))
    return found


def set_status(conn: sqlite3.Connection, lang: str, status: TextStatus, offer_id=OFFER) -> None:
    """Give one text a status directly (as staff would in the editor, without other changes)."""
    editing = OfferEditing(conn, lambda: NOW)
    form = editing.form_for(offer_id)
    form.texts[lang]["status"] = status.value
    assert editing.save(form, original_id=offer_id).ok


# -- the rule --------------------------------------------------------------------------------
def test_german_edit_marks_every_other_existing_text_outdated_and_logs_it(conn):
    set_status(conn, "ar", TextStatus.REVIEWED)
    before = statuses(conn)
    editing = OfferEditing(conn, lambda: NOW)
    form = editing.form_for(OFFER)
    form.texts["de"]["summary"] = NEW_GERMAN
    result = editing.save(form, original_id=OFFER)
    assert result.ok
    after = statuses(conn)
    assert after["de"] is TextStatus.MACHINE, "the German text keeps its own status"
    others = set(before) - {"de"}
    assert len(others) == 16
    assert {after[lang] for lang in others} == {TextStatus.OUTDATED}
    assert after["ar"] is TextStatus.OUTDATED, "a reviewed translation becomes outdated too"
    entries = status_entries(conn)
    assert entries["texts.ar.status"] == ("staff", "reviewed", "outdated")
    assert entries["texts.uk.status"] == ("staff", "machine", "outdated")
    assert "texts.de.status" not in entries
    assert {c.field for c in result.changes} == {
        "texts.de.summary",
        *(f"texts.{lang}.status" for lang in others),
    }


def test_a_minor_edit_keeps_every_status(conn):
    before = statuses(conn)
    editing = OfferEditing(conn, lambda: NOW)
    form = editing.form_for(OFFER)
    form.texts["de"]["summary"] = form.texts["de"]["summary"] + " "  # nothing but a blank
    assert editing.save(form, original_id=OFFER).changes == []
    form.texts["de"]["summary"] = NEW_GERMAN
    result = editing.save(form, original_id=OFFER, minor_edit=True)
    assert [c.field for c in result.changes] == ["texts.de.summary"]
    assert statuses(conn) == before
    assert status_entries(conn) == {}


def test_a_text_edited_in_the_same_save_stays_as_saved(conn):
    editing = OfferEditing(conn, lambda: NOW)
    form = editing.form_for(OFFER)
    form.texts["de"]["description"] = NEW_GERMAN
    form.texts["en"]["summary"] = "Counselling for migrants in Prohlis, also on school and work."
    form.texts["uk"]["status"] = TextStatus.REVIEWED.value  # checked against the new German
    assert editing.save(form, original_id=OFFER).ok
    after = statuses(conn)
    assert after["en"] is TextStatus.MACHINE, "its words changed in this save"
    assert after["uk"] is TextStatus.REVIEWED, "its status was set in this save"
    assert after["ar"] is TextStatus.OUTDATED


def test_only_texts_that_exist_are_marked_and_a_status_change_of_german_marks_none(conn):
    offer = OfferRepository(conn).get(OFFER)
    missing = dataclasses.replace(offer.texts["ti"], summary="", status=TextStatus.MISSING)
    old = dataclasses.replace(offer, texts={**offer.texts, "ti": missing})
    reviewed_de = dataclasses.replace(old.texts["de"], status=TextStatus.REVIEWED)
    only_status = dataclasses.replace(old, texts={**old.texts, "de": reviewed_de})
    assert mark_outdated(old, only_status) == only_status
    edited_de = dataclasses.replace(old.texts["de"], summary=NEW_GERMAN)
    edited = dataclasses.replace(old, texts={**old.texts, "de": edited_de})
    marked = mark_outdated(old, edited)
    assert marked.texts["ti"].status is TextStatus.MISSING
    assert marked.texts["en"].status is TextStatus.OUTDATED
    assert mark_outdated(None, edited) == edited, "a new offer has nothing to be outdated"
    assert mark_outdated(old, edited, minor_edit=True) == edited


# -- every writing path ------------------------------------------------------------------------
def test_the_file_import_marks_outdated_already_in_its_plan_unless_minor(conn):
    offer = OfferRepository(conn).get(OFFER)
    edited = dataclasses.replace(
        offer,
        texts={**offer.texts, "de": dataclasses.replace(offer.texts["de"], summary=NEW_GERMAN)},
    )
    plan = plan_import(conn, [edited])
    (item,) = plan.changed
    assert "texts.fr.status" in {c.field for c in item.changes}, "the dry run shows it"
    minor = plan_import(conn, [edited], minor_edit=True)
    assert [c.field for c in minor.changed[0].changes] == ["texts.de.summary"]
    apply_import(conn, [edited], NOW)
    assert statuses(conn)["fr"] is TextStatus.OUTDATED
    assert status_entries(conn)["texts.fr.status"] == ("import", "machine", "outdated")


def test_the_cli_import_with_minor_edit_keeps_the_statuses(seed_db, tmp_path, capsys):
    target = tmp_path / "offers.json"
    assert main(["--db", str(seed_db), "export", "--format", "json", "--out", str(target)]) == 0
    document = json.loads(target.read_text("utf-8"))
    entry = next(o for o in document["offers"] if o["id"] == OFFER)
    entry["texts"]["de"]["summary"] = NEW_GERMAN
    target.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert main(["--db", str(seed_db), "import", str(target), "--minor-edit"]) == 0
    conn = open_database(seed_db)
    try:
        assert set(statuses(conn).values()) == {TextStatus.MACHINE}
    finally:
        conn.close()
    entry["texts"]["de"]["summary"] = NEW_GERMAN + " Ohne Termin."
    target.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert main(["--db", str(seed_db), "import", str(target), "--dry-run"]) == 0
    assert "texts.en.status" in capsys.readouterr().out
    assert main(["--db", str(seed_db), "import", str(target)]) == 0
    conn = open_database(seed_db)
    try:
        assert statuses(conn)["en"] is TextStatus.OUTDATED
    finally:
        conn.close()


def test_a_providers_german_correction_marks_the_translations_outdated(seed_db):
    conn = open_database(seed_db)
    try:
        rows = csv_table(checkin.sheet_to_csv(checkin.build_sheet(conn, CARITAS, EXPORTED)))
        english = "Advice for young migrants on school, training and work."
        fill(rows, "field", "jmd-caritas-dresden", NEW_GERMAN, "texts.de.summary")
        fill(rows, "field", "jmd-caritas-dresden", english, "texts.en.summary")
        plan = checkin.apply_checkin(conn, checkin.read_returned(excel_csv(rows)), NOW, NOW.date())
        assert plan.ok and plan.has_changes
        after = statuses(conn, "jmd-caritas-dresden")
        assert after["ar"] is TextStatus.OUTDATED
        assert after["en"] is TextStatus.MACHINE, "corrected by the provider in the same sheet"
        entries = status_entries(conn, "jmd-caritas-dresden")
        assert entries["texts.ar.status"] == (f"provider: {CARITAS}", "machine", "outdated")
        assert statuses(conn, "mbe-caritas") == {
            lang: TextStatus.MACHINE for lang in statuses(conn, "mbe-caritas")
        }, "an offer whose German text the provider left alone keeps its statuses"
    finally:
        conn.close()


# -- visitors, staff lists, the report ---------------------------------------------------------
def test_visitors_see_an_outdated_text_as_a_draft_with_the_fallback_note_where_it_applies(conn):
    set_status(conn, "uk", TextStatus.OUTDATED)
    offer = VisitorCatalogue(conn).offer(OFFER)
    assert offer.texts["uk"].status is TextStatus.OUTDATED
    assert for_visitors(TextStatus.OUTDATED) is TextStatus.MACHINE

    def seen(o, lang):
        shown = text_for(o, lang)
        return shown.text, fallback_note(load_catalogue(lang), shown)

    def as_draft(o, lang):
        draft = dataclasses.replace(o.texts[lang], status=TextStatus.MACHINE)
        return dataclasses.replace(o, texts={**o.texts, lang: draft})

    text, note = seen(offer, "uk")
    assert text == offer.texts["uk"] and note == "", "shown in its language, no note"
    assert seen(as_draft(offer, "uk"), "uk")[1] == note
    # No Tigrinya text and an outdated English one: English is shown, with the note.
    texts = {k: v for k, v in offer.texts.items() if k != "ti"}
    texts["en"] = dataclasses.replace(texts["en"], status=TextStatus.OUTDATED)
    fallback = dataclasses.replace(offer, texts=texts)
    text, note = seen(fallback, "ti")
    assert text.lang == "en" and note
    assert seen(as_draft(fallback, "en"), "ti") == (
        texts["en"].__class__(
            "en", text.summary, text.description, text.audience, TextStatus.MACHINE
        ),
        note,
    )


def test_an_outdated_translation_puts_the_active_offer_on_the_to_verify_list(conn):
    set_status(conn, "ar", TextStatus.OUTDATED)
    set_status(conn, "ru", TextStatus.OUTDATED)
    offers = OfferRepository(conn).all()
    today = NOW.date()
    due = {d.offer.id: d for d in due_for_verification(offers, today, 1200, ["de", "ar", "ru"])}
    assert DueReason.OUTDATED_TEXTS in due[OFFER].reasons
    assert due[OFFER].outdated_texts == ("ar", "ru")
    assert not any(DueReason.OUTDATED_TEXTS in d.reasons for k, d in due.items() if k != OFFER)


def test_the_coverage_report_counts_outdated_texts_per_language(seed_db, capsys):
    conn = open_database(seed_db)
    try:
        set_status(conn, "ar", TextStatus.OUTDATED)
        set_status(conn, "ar", TextStatus.OUTDATED, "mbe-caritas")
        set_status(conn, "uk", TextStatus.REVIEWED)
        active = OfferRepository(conn).all(active_only=True)
    finally:
        conn.close()
    reports = {r.code: r for r in build_report([("ar", "العربية"), ("uk", "Українська")], active)}
    assert reports["ar"].count("outdated") == 2
    assert reports["ar"].count("machine") == len(active) - 2
    assert reports["uk"].count("reviewed") == 1 and reports["uk"].count("outdated") == 0

    assert main(["--db", str(seed_db), "translations", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["active_offers"] == len(active)
    by_code = {entry["code"]: entry for entry in document["languages"]}
    assert by_code["ar"]["offer_texts"] == {
        "missing": 0,
        "machine": len(active) - 2,
        "outdated": 2,
        "reviewed": 0,
    }
    assert by_code["ar"]["offer_ids"]["outdated"] == ["mbe-caritas", OFFER]
    assert document == report_document(
        build_report(
            [(e["code"], e["name"]) for e in document["languages"] if e["enabled"]], active
        ),
        len(active),
        document["ui_strings"],
    )

    assert main(["--db", str(seed_db), "translations"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "outdated" in lines[1]
    ar = next(line for line in lines if line.startswith("ar "))
    assert ar.split()[-4:] == ["0", str(len(active) - 2), "2", "0"]


# -- the exchange formats ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "json", "hsds"])
def test_the_status_outdated_goes_out_and_comes_back(seed_db, tmp_path, capsys, fmt):
    conn = open_database(seed_db)
    try:
        set_status(conn, "fa", TextStatus.OUTDATED)
    finally:
        conn.close()
    target = tmp_path / f"offers.{fmt}"
    assert main(["--db", str(seed_db), "export", "--format", fmt, "--out", str(target)]) == 0
    assert "outdated" in target.read_text("utf-8-sig")
    capsys.readouterr()
    assert main(["--db", str(seed_db), "import", str(target)]) == 0
    assert "Nothing to change." in capsys.readouterr().out


def test_a_csv_can_set_a_text_outdated_and_a_wrong_status_names_all_four(seed_db, tmp_path, capsys):
    target = tmp_path / "offers.csv"
    assert main(["--db", str(seed_db), "export", "--out", str(target)]) == 0
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline=""), delimiter=";"))
    head = rows[0]
    lang, status, oid = head.index("text_lang"), head.index("text_status"), head.index("id")
    row = next(r for r in rows[1:] if r[oid] == OFFER and r[lang] == "vi")
    row[status] = "outdated"

    def write(path):
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=";").writerows(rows)
        path.write_text("\ufeff" + buffer.getvalue(), "utf-8")
        return str(path)

    assert main(["--db", str(seed_db), "import", write(tmp_path / "set.csv")]) == 0
    conn = open_database(seed_db)
    try:
        assert statuses(conn)["vi"] is TextStatus.OUTDATED
    finally:
        conn.close()
    row[status] = "stale"
    capsys.readouterr()
    assert main(["--db", str(seed_db), "import", write(tmp_path / "bad.csv")]) == EXIT_DATA
    assert "use missing, machine, outdated or reviewed" in capsys.readouterr().err


def test_a_release_keeps_the_status_the_centre_published(seed_db, tmp_path):
    """The centre's status wins: a release that changes a German text and keeps a translation
    "machine" applies as it is (the kiosk marks nothing itself), and "outdated" travels."""
    from kiosk.content.release import build_release
    from kiosk.content.store import apply_release
    from kiosk.db.repository import transaction

    central_db = tmp_path / "central.db"
    shutil.copy(seed_db, central_db)
    central = open_database(central_db)
    try:
        offer = OfferRepository(central).get(OFFER)
        de = dataclasses.replace(offer.texts["de"], summary=NEW_GERMAN)
        uk = dataclasses.replace(offer.texts["uk"], status=TextStatus.OUTDATED)
        with transaction(central):
            OfferRepository(central).save(
                dataclasses.replace(offer, texts={**offer.texts, "de": de, "uk": uk})
            )
        raw = build_release(central, version=1, published=NOW)
    finally:
        central.close()
    kiosk = open_database(seed_db)
    try:
        apply_release(kiosk, raw, now=NOW, source="test")
        after = statuses(kiosk)
        assert OfferRepository(kiosk).get(OFFER).texts["de"].summary == NEW_GERMAN
        assert after["uk"] is TextStatus.OUTDATED, "outdated travels in a release"
        assert after["en"] is TextStatus.MACHINE, "the centre's status, not re-marked"
    finally:
        kiosk.close()


def test_migration_8_keeps_every_text_and_then_accepts_outdated(seed_db, tmp_path):
    from kiosk.db import connection

    old = connection.connect(tmp_path / "v7.db")
    try:
        for migration in connection.migrations()[:7]:
            for statement in connection._statements(migration.sql):
                old.execute(statement)
        old.execute("PRAGMA user_version = 7")
        old.execute("ATTACH DATABASE ? AS src", (str(seed_db),))
        old.execute("INSERT INTO offer SELECT * FROM src.offer")
        old.execute("INSERT INTO offer_text SELECT * FROM src.offer_text")
        rows = old.execute("SELECT * FROM offer_text ORDER BY offer_id, lang").fetchall()
        with pytest.raises(sqlite3.IntegrityError):
            old.execute("UPDATE offer_text SET status = 'outdated' WHERE lang = 'en'")
        old.execute("DETACH DATABASE src")
        assert connection.migrate(old) == connection.latest_version()
        assert old.execute("SELECT * FROM offer_text ORDER BY offer_id, lang").fetchall() == rows
        old.execute("UPDATE offer_text SET status = 'outdated' WHERE lang = 'en'")
        with pytest.raises(sqlite3.IntegrityError):
            old.execute("UPDATE offer_text SET status = 'stale' WHERE lang = 'en'")
        assert old.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        old.close()
