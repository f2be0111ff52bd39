"""The check-in sheet as a printable A4 PDF: every offer of the provider, what is missing
marked, umlauts as they are, drawn through ``kiosk-admin checkin export --out FILE.pdf``."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from kiosk.admin import checkin
from kiosk.db.connection import open_database
from ui import admin_cli
from ui.checkin_pdf import sheet_html, write_sheet_pdf

CARITAS = "Caritasverband für Dresden e.V."


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def page_size_pt(path: Path) -> str:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return next(line for line in result.stdout.splitlines() if line.startswith("Page size"))


def build(seed_db: Path, contact: str = "") -> checkin.Sheet:
    conn = open_database(seed_db)
    try:
        return checkin.build_sheet(conn, CARITAS, dt.date(2026, 11, 2), contact)
    finally:
        conn.close()


def test_the_pdf_names_every_offer_and_marks_what_is_missing(qapp, seed_db, tmp_path):
    sheet = build(seed_db, contact="Integrationsbüro der Stadt")
    target = tmp_path / "caritas.pdf"
    pages = write_sheet_pdf(sheet, target)
    assert pages >= len(sheet.offers)  # each offer starts on a page of its own
    text = pdf_text(target)
    for offer in sheet.offers:
        assert offer.name in text and offer.offer_id in text
    missing = len(list(checkin.iter_missing(sheet)))
    assert missing > 10 and text.count("fehlt – bitte ergänzen") == missing + 1  # + the intro
    assert "Straße und Hausnummer" in text and "Stimmt noch?" in text
    assert "Integrationsbüro der Stadt" in text and CARITAS in text
    assert f"Seite {pages} von {pages}" in text
    assert "595" in page_size_pt(target) and "842" in page_size_pt(target)  # A4 in points


def test_the_html_escapes_values_and_keeps_the_placeholder_without_contact(seed_db):
    sheet = build(seed_db)
    html = sheet_html(sheet)
    assert checkin.CONTACT_PLACEHOLDER in html
    assert html.count("page-break-before:always") == len(sheet.offers) - 1


def test_kiosk_admin_writes_the_pdf(qapp, seed_db, tmp_path, capsys):
    target = tmp_path / "sheet.pdf"
    code = admin_cli.main(
        ["--db", str(seed_db), "checkin", "export", "--provider", CARITAS, "--out", str(target)]
    )
    out = capsys.readouterr().out
    assert code == 0 and "pages)" in out and target.stat().st_size > 0
    assert "Jugendmigrationsdienst Dresden" in pdf_text(target)
