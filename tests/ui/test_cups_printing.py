"""Printing through a real CUPS: the kiosk's QPrinter path into a private cupsd with an IPP
Everywhere queue (ippeveprinter), and what visitors and staff see when the printer cannot print.

The document is checked where it arrived — at the printer, after cupsd's filters and its ipp
backend: its text with ``pdftotext`` (offer name and texts in the visitor's language and in
German), its QR codes by rasterising it with ``pdftoppm`` and decoding with zxing-cpp.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.admin.desk import StaffDesk
from kiosk.handout import build_handout
from kiosk.i18n import load_catalogue
from kiosk.printer_status import PrinterProblem
from kiosk.stats import UsageEvent, UsageRecorder
from kiosk.usage_reports import usage_report
from tests.conftest import MONDAY_AFTERNOON
from tests.handout_helpers import handout_options
from tests.ui.conftest import SLOW, Visitor
from tests.ui.cups_fixture import (  # noqa: F401 (the fixtures cups and cups_server)
    PrivateCups,
    cups_fixture,
    cups_server_fixture,
)
from tests.ui.handover_helpers import check_vcard_matches, decode
from ui.printing import BackgroundPrint, QtPrinterBackend
from ui.screens.staff.dashboard import UsageDashboardScreen
from ui.screens.staff.printer_panel import problem_text

OFFER = "msa-caritas-prohlis"
SETTINGS = SLOW._replace(print_notice_ms=50, location="Bürgerbüro Prohlis")
JOB_TIMEOUT_S = 10.0


def _normalised(text: str) -> str:
    """Text as pdftotext gives it, comparable: presentation forms → letters, no bidi marks."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u0651]", "", text)
    return " ".join(text.split())


def _arabic_runs(text: str) -> list[str]:
    """The runs of Arabic words in a mixed line (Latin names inside it are laid out apart)."""
    runs, run = [], []
    for word in _normalised(text).split():
        if any(unicodedata.bidirectional(c) == "AL" for c in word):
            run.append(word)
        elif run:
            runs.append(" ".join(run))
            run = []
    if run:
        runs.append(" ".join(run))
    return runs


def pdf_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return _normalised(result.stdout)


def pdf_codes(path: Path, out: Path) -> list[str]:
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(path), str(out)], check=True
    )
    return decode(QImage(f"{out}.png"))


def check_document(path: Path, offer, handout, tmp_path: Path) -> None:
    text = pdf_text(path)
    german = offer.texts["de"]
    assert _normalised(offer.name) in text, "the official (German) name"
    assert _normalised(german.summary) in text
    visitor_part = handout.parts[0]
    for piece in (
        visitor_part.language_name,
        *_arabic_runs(visitor_part.kind),
        *_arabic_runs(offer.texts["ar"].summary),
    ):
        assert _normalised(piece) in text, piece
    codes = pdf_codes(path, tmp_path / path.stem)
    assert sorted(codes) == sorted(handout.payloads)
    check_vcard_matches(handout.vcard, offer)


def test_a_handout_goes_through_cups_to_the_printer(cups: PrivateCups, qapp, catalogue, tmp_path):
    offer = catalogue.offer(OFFER)
    handout = build_handout(
        offer, "ar", MONDAY_AFTERNOON.date(), "Bürgerbüro Prohlis", **handout_options(catalogue)
    )
    backend = QtPrinterBackend(cups.queue, job_timeout_s=JOB_TIMEOUT_S)
    backend.print_handout(handout)  # returns when the job has left the queue
    (document,) = cups.documents()
    check_document(document, offer, handout, tmp_path)
    assert cups.run("lpstat", "-W", "not-completed", "-o", cups.queue).stdout.strip() == ""
    assert cups.run("lpstat", "-W", "completed", "-o", cups.queue).stdout.strip()
    assert backend.health.current().problem is PrinterProblem.NONE
    info = subprocess.run(["pdfinfo", str(document)], capture_output=True, text=True).stdout
    assert "A4" in info, "A4 paper, despite the printer's unprintable border"


@pytest.fixture
def make_kiosk(make_window, conn):
    def make(printer):
        return make_window(
            SETTINGS, printer=printer, usage=UsageRecorder(conn, lambda: MONDAY_AFTERNOON)
        )

    return make


def open_detail(qtbot, window, lang: str) -> Visitor:
    visitor = Visitor(qtbot, window)
    assert OFFER in visitor.results_for(lang, "27-plus")
    visitor.tap(f"offer_{OFFER}")
    visitor.on("detail")
    return visitor


def _counted(conn, event: UsageEvent) -> int:
    day = MONDAY_AFTERNOON.date()
    return usage_report(conn, "offer", day, day).total(event)


def test_the_print_button_prints_through_cups(
    cups: PrivateCups, qtbot, make_kiosk, conn, catalogue, tmp_path
):
    window = make_kiosk(QtPrinterBackend(cups.queue, job_timeout_s=JOB_TIMEOUT_S))
    visitor = open_detail(qtbot, window, "ar")
    with qtbot.waitSignal(window.detail.printed, timeout=JOB_TIMEOUT_S * 1000 + 5000):
        visitor.tap("detail_print")
    (document,) = cups.documents()
    offer = catalogue.offer(OFFER)
    handout = build_handout(
        offer, "ar", MONDAY_AFTERNOON.date(), SETTINGS.location, **handout_options(catalogue)
    )
    check_document(document, offer, handout, tmp_path)
    assert _counted(conn, UsageEvent.HANDOUT_PRINTED) == 1
    assert _counted(conn, UsageEvent.HANDOUT_FAILED) == 0


def _paper_out(cups: PrivateCups) -> None:
    cups.set_reasons("media-empty-error")


def _jam(cups: PrivateCups) -> None:
    cups.set_reasons("media-jam-error")


def _offline(cups: PrivateCups) -> None:
    cups.set_reasons("offline-report")


def _stopped(cups: PrivateCups) -> None:
    cups.run("cupsdisable", "-r", "Wartung", cups.queue)


def _rejecting(cups: PrivateCups) -> None:
    cups.run("cupsreject", "-r", "Wartung", cups.queue)


STATES = {
    "paper-out": (_paper_out, PrinterProblem.PAPER_OUT, "media-empty-error"),
    "jam": (_jam, PrinterProblem.JAM, "media-jam-error"),
    "offline": (_offline, PrinterProblem.OFFLINE, "offline-report"),
    "stopped": (_stopped, PrinterProblem.STOPPED, "paused"),
    "rejecting": (_rejecting, PrinterProblem.REJECTING, ""),
}


@pytest.mark.parametrize("state", list(STATES))
def test_a_printer_that_cannot_print_is_told_at_once_and_shown_to_staff(
    cups: PrivateCups, qtbot, make_kiosk, conn, state, metrics
):
    make_state, problem, reason = STATES[state]
    make_state(cups)
    backend = QtPrinterBackend(cups.queue, job_timeout_s=JOB_TIMEOUT_S)
    window = make_kiosk(backend)
    visitor = open_detail(qtbot, window, "ar")
    cat = load_catalogue("ar")
    message = cat._("Printing is not possible right now. Please scan the QR code.")
    started = time.perf_counter()
    visitor.tap("detail_print")
    assert time.perf_counter() - started < 0.5, "the tap returns at once"
    qtbot.waitUntil(lambda: visitor.sees(message), timeout=2000)
    assert time.perf_counter() - started < 2, "told at once, not after a job timeout"
    assert window.detail.qr_contact.isVisible() and window.detail.print_button.isEnabled()
    assert cups.documents() == [], "nothing was sent"
    assert _counted(conn, UsageEvent.HANDOUT_FAILED) == 1
    assert _counted(conn, UsageEvent.HANDOUT_PRINTED) == 0

    seen = backend.health.current()
    assert seen.problem is problem
    if reason:
        assert reason in seen.reasons
    # Staff see the state, the reason and since when.
    dashboard = UsageDashboardScreen(StaffDesk(conn), window._localizer, metrics, printer=backend)
    qtbot.addWidget(dashboard)
    dashboard.show()
    panel = dashboard.printer_panel
    qtbot.waitUntil(lambda: not panel.watcher.checking, timeout=3000)
    staff = window._localizer.catalogue
    assert panel.isVisible()
    assert panel.state.text().startswith(problem_text(staff, problem))
    assert cups.queue in panel.state.text()
    if reason:
        assert reason in panel.reasons.text()
    assert staff.datetime(seen.since) in panel.since.text()
    assert backend.health.current().since == seen.since, "the first sighting stays"
    assert dashboard.failed.text() == staff._(
        "Print requests without a sheet (no printer, paper out, jam …): {failed}", failed=1
    )


def test_a_stuck_job_is_withdrawn_and_the_visitor_pointed_to_the_codes(
    cups: PrivateCups, qtbot, make_kiosk, conn
):
    cups.behave("hang")  # the printer takes the job and never finishes it
    backend = QtPrinterBackend(cups.queue, job_timeout_s=1.5)
    window = make_kiosk(backend)
    visitor = open_detail(qtbot, window, "de")
    cat = load_catalogue("de")
    visitor.tap("detail_print")
    assert visitor.sees(cat._("Printing… please take your sheet."))
    message = cat._("Printing is not possible right now. Please scan the QR code.")
    qtbot.waitUntil(lambda: visitor.sees(message), timeout=8000)
    condition = backend.health.current()
    assert condition.problem is PrinterProblem.JOB_STUCK
    assert "withdrawn" in condition.detail
    pending = cups.run("lpstat", "-W", "not-completed", "-o", cups.queue).stdout
    assert pending.strip() == "", "no sheet comes out later for the next visitor"
    assert _counted(conn, UsageEvent.HANDOUT_FAILED) == 1


class _HangingPrinter:
    """A print system that never answers (cupsd hanging): only the deadline can help."""

    is_configured = True
    deadline_s = 0.3

    def __init__(self):
        self.release = threading.Event()

    def print_handout(self, handout) -> None:
        self.release.wait(10)


def test_a_print_system_that_never_answers_fails_at_the_deadline(qtbot, qapp, catalogue, caplog):
    runner = BackgroundPrint()
    printer = _HangingPrinter()
    handout = build_handout(
        catalogue.offer(OFFER), "de", dt.date(2026, 3, 12), "", **handout_options(catalogue)
    )
    with qtbot.waitSignal(runner.finished, timeout=2000) as blocker:
        runner.start(printer, handout)
    assert blocker.args[1] is False and "in time" in blocker.args[2]
    assert not runner.busy
    with qtbot.assertNotEmitted(runner.finished), caplog.at_level("INFO", "ui.printing"):
        printer.release.set()  # its late answer changes nothing
        qtbot.waitUntil(lambda: "answered after its deadline" in caplog.text, timeout=2000)
    assert not runner.busy
