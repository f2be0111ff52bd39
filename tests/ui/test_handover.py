"""The detail screen hands the offer over: QR codes a phone can read, and silent printing.

The codes are grabbed from the screen and decoded with zxing-cpp; printers are faked only at the
boundary (``HandoutPrinter``), everything else is the real window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog

from kiosk.handout import qr_caption
from kiosk.i18n import load_catalogue
from kiosk.qr import QUIET_ZONE
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.conftest import SLOW, Visitor
from tests.ui.handover_helpers import (
    FailingPrinter,
    HeldPrinter,
    PdfFile,
    check_vcard_matches,
    decode,
)
from ui.printing import PdfBackend, QtPrinterBackend

OFFER = "msa-caritas-prohlis"  # has phone, e-mail, web and an address
SETTINGS = SLOW._replace(print_notice_ms=50, location="Bürgerbüro Prohlis")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def make_kiosk(make_window):
    def make(printer=None, size=(1920, 1080), settings=SETTINGS):
        return make_window(settings, size, printer=printer)

    return make


def open_detail(qtbot, window, lang: str, offer_id: str = OFFER) -> Visitor:
    visitor = Visitor(qtbot, window)
    shown = visitor.results_for(lang, "27-plus")
    assert offer_id in shown
    visitor.tap(f"offer_{offer_id}")
    visitor.on("detail")
    return visitor


def screen_codes(window) -> tuple[list[str], list[str]]:
    detail = window.detail
    return decode(detail.qr_contact.canvas.grab().toImage()), decode(
        detail.qr_map.canvas.grab().toImage()
    )


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_screen_codes_decode_to_the_contact_and_the_map(qtbot, make_kiosk, catalogue, lang):
    window = make_kiosk()
    visitor = open_detail(qtbot, window, lang)
    offer = catalogue.offer(OFFER)
    contact, place = screen_codes(window)
    assert contact == [window.detail.codes().vcard]
    check_vcard_matches(contact[0], offer)
    assert place == [window.detail.codes().map_link]
    cat = load_catalogue(lang)
    if offer.address.lat is not None:  # a pin at the known position
        assert f"mlat={offer.address.lat:.6f}&mlon={offer.address.lon:.6f}" in place[0]
        assert visitor.sees(cat._("Scan for the map"))
    else:  # a search for the address, said so
        assert "openstreetmap.org/search" in place[0] and "Gamigstra%C3%9Fe%2022" in place[0]
        assert visitor.sees(cat._("Scan to search for the address on a map"))
    assert visitor.sees(cat._("Scan to save the contact"))
    assert window.detail.qr_contact.accessibleName() == cat._("Scan to save the contact")


def test_every_active_offer_shows_codes_that_decode(qtbot, make_kiosk, catalogue):
    window = make_kiosk()
    open_detail(qtbot, window, "de")
    for match in catalogue.results("de", None, None):
        offer = match.offer
        assert window.detail.show_offer(offer.id)
        codes = window.detail.codes()
        reach, place = screen_codes(window)
        assert window.detail.qr_contact.isVisibleTo(window) == bool(codes.reach), offer.id
        assert window.detail.qr_map.isVisibleTo(window) == bool(codes.map_link), offer.id
        if codes.reach:
            assert reach == [codes.reach.payload], offer.id
            assert window.detail.qr_contact.kind() is codes.reach.kind
        if codes.vcard:
            check_vcard_matches(reach[0], offer)
        if codes.map_link:
            assert place == [codes.map_link], offer.id


def test_code_is_crisp_with_quiet_zone_and_never_mirrored_in_rtl(qtbot, make_kiosk):
    window = make_kiosk()
    open_detail(qtbot, window, "ar")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    canvas = window.detail.qr_contact.canvas
    matrix = canvas.matrix()
    module = canvas.module_px()
    assert module >= 4 and canvas.devicePixelRatioF() == 1.0
    image = canvas.grab().toImage()
    rect = canvas.symbol_rect()
    dark, light = QColor("#000000"), QColor("#ffffff")
    for r in range(matrix.size_with_quiet_zone):
        for c in range(matrix.size_with_quiet_zone):
            inside = QUIET_ZONE <= r < QUIET_ZONE + matrix.size and (
                QUIET_ZONE <= c < QUIET_ZONE + matrix.size
            )
            expected = inside and matrix.is_dark(r - QUIET_ZONE, c - QUIET_ZONE)
            for dy, dx in ((0, 0), (module - 1, module - 1)):  # both corners: whole pixels
                x, y = rect.x() + c * module + dx, rect.y() + r * module + dy
                assert image.pixelColor(x, y) == (dark if expected else light), (r, c)
    # The same code, pixel for pixel, in a left-to-right language.
    window.detail.retranslate()
    rtl_image = canvas.grab().toImage()
    window.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    QApplication.processEvents()
    assert canvas.grab().toImage() == rtl_image


def test_captions_follow_a_language_change(qtbot, make_kiosk):
    window = make_kiosk()
    visitor = open_detail(qtbot, window, "de")
    de, ar = load_catalogue("de"), load_catalogue("ar")
    map_caption = window.detail.qr_map.caption.text()
    assert map_caption == qr_caption(de, window.detail.codes().map.kind)
    vcard = window.detail.codes().vcard
    visitor.tap("nav_language")
    visitor.on("language")
    visitor.tap("lang_ar")
    visitor.on("detail")
    qtbot.waitUntil(
        lambda: (
            window.detail.qr_map.caption.text() == qr_caption(ar, window.detail.codes().map.kind)
        ),
        timeout=2000,
    )
    assert window.detail.print_button.text().endswith(ar._("Print"))
    assert screen_codes(window)[0] == [vcard], "the card stays in German official form"


def test_codes_stand_beside_the_text_in_landscape_and_below_it_in_portrait(qtbot, make_kiosk):
    landscape = make_kiosk()
    open_detail(qtbot, landscape, "de")
    detail = landscape.detail
    assert detail.is_landscape()
    essentials = detail.essentials.geometry()
    assert detail.handover.geometry().left() >= essentials.right(), "beside the text"
    assert detail.handover.geometry().top() <= essentials.top()
    viewport = detail.scroll.viewport()
    print_at = detail.print_button.mapTo(viewport, detail.print_button.rect().bottomLeft())
    assert print_at.y() <= viewport.height(), "codes and print button seen at once"

    portrait = make_kiosk(size=(1080, 1920))
    open_detail(qtbot, portrait, "ar")
    detail = portrait.detail
    qtbot.waitUntil(lambda: not detail.is_landscape(), timeout=2000)
    assert detail.handover.geometry().top() >= detail.essentials.geometry().bottom()
    # One scroll area: the codes scroll with the text, none scrolls on its own.
    assert detail.handover.parentWidget() is detail.content
    detail.scroll.ensureWidgetVisible(detail.print_button)
    viewport = detail.scroll.viewport()
    bottom = detail.print_button.mapTo(viewport, detail.print_button.rect().bottomLeft())
    assert 0 <= bottom.y() <= viewport.height(), "the print button can be scrolled to"


def test_an_offer_without_phone_or_email_shows_its_website_honestly(qtbot, make_kiosk, catalogue):
    """No "save the contact" over a card that holds nobody to contact: the website code,
    captioned as such; a map search captioned as a search where no position is known."""
    window = make_kiosk()
    open_detail(qtbot, window, "de")
    de = load_catalogue("de")
    seen = set()
    for match in catalogue.results("de", None, None):
        offer = match.offer
        assert window.detail.show_offer(offer.id)
        codes = window.detail.codes()
        reach, place = screen_codes(window)
        caption = window.detail.qr_contact.caption.text()
        if offer.contact.phone or offer.contact.email:
            assert caption == de._("Scan to save the contact"), offer.id
            assert reach == [codes.vcard]
            seen.add("contact")
        elif offer.contact.web:
            assert codes.vcard is None and reach == [codes.web], offer.id
            assert caption == de._("Scan to open the website"), offer.id
            seen.add("web")
        else:
            assert not window.detail.qr_contact.isVisibleTo(window), offer.id
        if place:
            pin = offer.address.lat is not None
            expected = (
                de._("Scan for the map") if pin else de._("Scan to search for the address on a map")
            )
            assert window.detail.qr_map.caption.text() == expected, offer.id
            assert ("mlat=" in place[0]) == pin, offer.id
            seen.add("pin" if pin else "search")
    assert {"contact", "pin"} <= seen, seen


def test_printing_says_take_your_sheet_and_then_returns(qtbot, make_kiosk):
    printer = HeldPrinter()
    window = make_kiosk(printer)
    visitor = open_detail(qtbot, window, "ar")
    cat = load_catalogue("ar")
    visitor.tap("detail_print")
    # The job is still held by the printer: the screen answered at once.
    assert window.detail.print_status.isVisible()
    assert window.detail.print_status.text() == cat._("Printing… please take your sheet.")
    assert not window.detail.print_button.isEnabled()
    printer.release.set()
    qtbot.waitUntil(lambda: not window.detail.print_status.isVisible(), timeout=3000)
    assert window.detail.print_button.isEnabled()
    (handout,) = printer.printed
    assert handout.offer_id == OFFER and handout.languages == ("ar", "de")
    assert handout.location == "Bürgerbüro Prohlis"
    assert handout.printed_on == MONDAY_AFTERNOON.date()


def test_printing_to_a_pdf_backend_writes_a_readable_handout(qtbot, make_kiosk, tmp_path):
    backend = PdfBackend(tmp_path / "kiosk.pdf")
    window = make_kiosk(backend)
    visitor = open_detail(qtbot, window, "de")
    visitor.tap("detail_print")
    qtbot.waitUntil(lambda: bool(backend.printed), timeout=5000)
    pdf = PdfFile(backend.path)
    assert window.detail.codes().vcard in decode(pdf.render())


@pytest.mark.parametrize(
    "printer",
    [None, FailingPrinter(), QtPrinterBackend("no-such-queue")],
    ids=["no-printer", "paper-out", "unknown-queue"],
)
def test_when_printing_is_not_possible_the_screen_says_so_and_offers_the_codes(
    qtbot, make_kiosk, printer
):
    window = make_kiosk(printer)  # None: the settings name no printer
    visitor = open_detail(qtbot, window, "ar")
    cat = load_catalogue("ar")
    message = cat._("Printing is not possible right now. Please scan the QR code.")
    visitor.tap("detail_print")
    qtbot.waitUntil(lambda: visitor.sees(message), timeout=5000)
    assert window.detail.qr_contact.isVisible() and window.detail.qr_map.isVisible()
    assert screen_codes(window)[0] == [window.detail.codes().vcard]
    assert window.detail.print_button.isEnabled(), "the visitor may try again"
    visitor.tap("nav_back")
    visitor.on("results")
    visitor.tap(f"offer_{OFFER}")
    visitor.on("detail")
    assert not window.detail.print_status.isVisible(), "a new look starts clean"


def test_no_print_dialog_can_be_reached_from_the_visitor_screens(qtbot, make_kiosk, monkeypatch):
    from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrintPreviewDialog

    opened = []
    for dialog in (QPrintDialog, QPageSetupDialog, QPrintPreviewDialog):
        for method in ("exec", "open", "show"):
            monkeypatch.setattr(
                dialog, method, lambda *a, d=dialog, **k: opened.append(d.__name__) or 0
            )
    window = make_kiosk(FailingPrinter())
    visitor = open_detail(qtbot, window, "de")
    names = sorted(
        b.objectName()
        for b in window.findChildren(QAbstractButton)
        if b.isVisible() and b.isEnabled()
    )
    assert "detail_print" in names
    for name in names:
        if window.current_screen() != "detail" or not visitor.find(name).isVisible():
            window.reset()  # (an answer to "Did this help?" hides both answer buttons)
            visitor = open_detail(qtbot, window, "de")
        # (contrast may move a display mode behind the bar's Display panel)
        visitor.tap_mode(name) if name.startswith("nav_") else visitor.tap(name)
        QApplication.processEvents()
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
        assert not opened and not [d for d in dialogs if d.isVisible()], name
    # And no visitor-facing module even mentions one.
    visitor_modules = [
        *ROOT.joinpath("ui", "screens").glob("*.py"),
        *ROOT.joinpath("ui", "widgets").glob("*.py"),
        ROOT / "ui" / "printing.py",
        ROOT / "ui" / "navigator.py",
    ]
    for path in visitor_modules:
        text = path.read_text(encoding="utf-8")
        for dialog in ("QPrintDialog", "QPageSetupDialog", "QPrintPreviewDialog"):
            assert dialog not in text, f"{path.name} mentions {dialog}"
