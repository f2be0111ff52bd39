"""Handouts on paper: PDFs written the way the kiosk and ``kiosk-admin handout`` write them,
read back with QtPdf (text and positions) and rasterised for zxing-cpp."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QColor

from kiosk.handout import build_handout
from kiosk.i18n import load_catalogue
from kiosk.qr import QUIET_ZONE
from tests.handout_helpers import handout_options
from tests.ui.handover_helpers import POINTS_PER_MM, PdfFile, check_vcard_matches, decode
from ui.printing import MIN_MODULE_MM, STYLES, PaperFormat, is_rtl_text, write_pdf

OFFER = "msa-caritas-prohlis"
PRINTED = dt.date(2026, 3, 12)


@pytest.fixture
def handout_pdf(qapp, catalogue, tmp_path):
    def make(lang: str, paper: PaperFormat, offer_id: str = OFFER, offer=None):
        offer = offer or catalogue.offer(offer_id)
        handout = build_handout(
            offer, lang, PRINTED, "Bürgerbüro Prohlis", **handout_options(catalogue)
        )
        path = tmp_path / f"{offer.id}-{lang}-{paper}.pdf"
        layout = write_pdf(handout, paper, path)  # its speed is measured in make bench
        return offer, handout, layout, PdfFile(path)

    return make


def _normalised(text: str) -> str:
    for mark in "\u2066\u2067\u2068\u2069":
        text = text.replace(mark, "")
    return " ".join(text.split())


@pytest.mark.parametrize("paper", list(PaperFormat))
def test_handout_codes_decode_to_the_database(handout_pdf, paper):
    offer, handout, _, pdf = handout_pdf("ar", paper)
    found = decode(pdf.render(dpi=150))
    assert sorted(found) == sorted(handout.payloads)
    check_vcard_matches(handout.vcard, offer)


@pytest.mark.parametrize("paper", list(PaperFormat))
def test_paper_codes_are_big_crisp_and_never_mirrored(handout_pdf, paper):
    _, _, layout, pdf = handout_pdf("ar", paper)
    dpi = 300
    image = pdf.render(dpi=dpi)
    scale = dpi / layout.dpi
    symbols = layout.symbols()
    assert len(symbols) == 2
    for _, symbol, left, top in symbols:
        assert symbol.module / layout.dpi * 25.4 >= MIN_MODULE_MM - 1e-9
        matrix = symbol.matrix
        for r in range(matrix.size_with_quiet_zone):
            for c in range(matrix.size_with_quiet_zone):
                inside = all(QUIET_ZONE <= i < QUIET_ZONE + matrix.size for i in (r, c))
                dark = inside and matrix.is_dark(r - QUIET_ZONE, c - QUIET_ZONE)
                x = round((left + (c + 0.5) * symbol.module) * scale)
                y = round((top + (r + 0.5) * symbol.module) * scale)
                lightness = QColor(image.pixel(x, y)).lightness()
                assert (lightness < 100) if dark else (lightness > 200), (r, c)


def test_a4_has_the_german_part_and_fits_one_page(handout_pdf):
    offer, _, layout, pdf = handout_pdf("ar", PaperFormat.A4)
    assert pdf.pages == layout.pages == 1
    width, height = pdf.size_mm()
    assert (round(width), round(height)) == (210, 297)
    text = _normalised(pdf.text())
    de = load_catalogue("de")
    for expected in (
        de._("What they do"),
        offer.texts["de"].summary,
        de._("Information last checked on {date}.", date=de.date(offer.verified_on)),
        de._("Printed on {date} at {place}.", date=de.date(PRINTED), place="Bürgerbüro Prohlis"),
        "asyl@caritas-dresden.de",
    ):
        assert _normalised(expected) in text


def test_receipt_is_72_mm_wide_and_as_long_as_its_content(handout_pdf):
    _, _, layout, pdf = handout_pdf("ar", PaperFormat.RECEIPT)
    width, height = pdf.size_mm()
    assert width == pytest.approx(72, abs=0.3)
    assert height == pytest.approx(layout.page_height_mm, abs=1)
    assert pdf.pages == 1
    bottom = max(p.y + p.block.height for p in layout.placements)
    assert bottom <= layout.px(height - STYLES[PaperFormat.RECEIPT].margin_mm), "nothing clipped"


@pytest.mark.parametrize("paper", list(PaperFormat))
def test_arabic_part_reads_right_to_left(handout_pdf, paper):
    _, handout, layout, pdf = handout_pdf("ar", paper)
    style = STYLES[paper]
    (banner,) = layout.placements_of("banner", "ar")
    assert banner.block.doc.firstBlock().textDirection().name == "RightToLeft"
    right_edge = (banner.x + banner.block.width) / layout.dpi * 72
    left_edge = banner.x / layout.dpi * 72
    # The language's name is set against the right edge of its column ...
    name_left, name_right = pdf.find(handout.parts[0].language_name)
    assert name_right == pytest.approx(right_edge, abs=2)
    assert name_left > left_edge + 10
    # ... and German against the left edge of its own.
    (german,) = layout.placements_of("banner", "de")
    german_left, _ = pdf.find("Deutsch")
    assert german_left == pytest.approx(german.x / layout.dpi * 72, abs=2)
    if paper is PaperFormat.A4:
        assert banner.x > german.x, "the Arabic column is on the right, where reading starts"
    else:
        assert german_left == pytest.approx(style.margin_mm * POINTS_PER_MM, abs=2)


def test_german_visitor_gets_german_once(handout_pdf):
    _, handout, _, pdf = handout_pdf("de", PaperFormat.A4)
    assert handout.languages == ("de",)
    text = pdf.text()
    assert text.count(load_catalogue("de")._("What they do")) == 1


@pytest.mark.parametrize("lang", ["fa", "ps", "ti", "uk"])
def test_other_scripts_fit_and_their_codes_decode(handout_pdf, lang):
    _, handout, layout, pdf = handout_pdf(lang, PaperFormat.A4)
    assert handout.parts[0].rtl == (lang in ("fa", "ps"))
    assert sorted(decode(pdf.render(dpi=150))) == sorted(handout.payloads)
    page_width = layout.px(STYLES[PaperFormat.A4].width_mm)
    for placement in layout.placements:
        assert placement.x + placement.block.width <= page_width, placement.block.kind


def test_paragraph_direction_comes_from_the_first_strong_character():
    assert is_rtl_text("العربية", False)
    assert not is_rtl_text("Social work", True)
    assert is_rtl_text("\u2068Gamigstraße 22\u2069", True), "an isolate does not decide"
    assert not is_rtl_text("12:00", False)


def test_cli_writes_a_receipt_without_a_display(seed_db, tmp_path, qapp):
    from ui.admin_cli import main

    out = tmp_path / "receipt.pdf"
    db = ["--db", str(seed_db)]
    code = main([*db, "handout", OFFER, "--lang", "ar", "--format", "receipt", "--out", str(out)])
    assert code == 0
    pdf = PdfFile(out)
    assert pdf.size_mm()[0] == pytest.approx(72, abs=0.3)
    assert len(decode(pdf.render(dpi=150))) == 2
    assert main(["--db", str(seed_db), "handout", "no-such-offer", "--out", str(out)]) == 2
    assert main(["--db", str(seed_db), "handout", OFFER, "--lang", "xx", "--out", str(out)]) == 2


def test_kiosk_admin_loads_qt_only_for_the_handout_command(seed_db):
    probe = (
        "import sys\n"
        "from ui.admin_cli import main\n"
        f"assert main(['--db', {str(seed_db)!r}, 'list']) == 0\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was loaded'\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
