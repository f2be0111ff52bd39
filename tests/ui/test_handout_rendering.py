"""What a reader sees on a printed handout: old information marked at the top of each part, each
column headed with its own language, right-to-left paragraphs starting at the right edge and
Chinese full-width punctuation keeping its full cell. Written as PDF the way the kiosk writes it,
read back with QtPdf (text, positions, rendered pixels) and checked against the layout."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest
from PySide6.QtGui import QColor, QFont, QImage, QTextLayout

from kiosk.handout import build_handout
from kiosk.i18n import load_catalogue
from kiosk.labels import outdated_note
from tests.handout_helpers import handout_options
from tests.ui.handover_helpers import PdfFile
from ui.fonts import FONTS_DIR
from ui.printing import STYLES, HandoutLayout, PaperFormat, write_pdf

PRINTED = dt.date(2026, 3, 12)
RETRIEVE_ALL = QTextLayout.GlyphRunRetrievalFlag.RetrieveAll
#: Full-width punctuation whose ink sits in part of its cell (the rest of the cell is space).
CJK_PUNCTUATION = "。、，：；！？"


@pytest.fixture
def write(qapp, catalogue, tmp_path):
    def make(offer, lang: str, paper: PaperFormat, months: int = 6):
        handout = build_handout(
            offer, lang, PRINTED, "Bürgerbüro Prohlis", **handout_options(catalogue, months)
        )
        path = tmp_path / f"{offer.id}-{lang}-{paper}.pdf"
        return handout, write_pdf(handout, paper, path), PdfFile(path)

    return make


def _flat(text: str) -> str:
    for mark in "\u2066\u2067\u2068\u2069":
        text = text.replace(mark, "")
    return " ".join(text.split())


def _dark(image: QImage, x: int, y: int) -> bool:
    """Ink at a pixel (QtPdf leaves unpainted paper transparent)."""
    colour = QColor.fromRgba(image.pixel(x, y))
    return colour.alpha() > 128 and colour.lightness() < 128


def _old(catalogue, offer_id: str = "jmd-caritas-dresden"):
    return dataclasses.replace(catalogue.offer(offer_id), verified_on=dt.date(2011, 1, 1))


# -- old information ------------------------------------------------------------------------
@pytest.mark.parametrize("paper", list(PaperFormat))
def test_old_information_is_a_framed_bold_note_at_the_top_of_each_part(write, catalogue, paper):
    offer = _old(catalogue)
    handout, layout, pdf = write(offer, "ar", paper)
    text = _flat(pdf.text())
    image = pdf.render(dpi=150)
    scale = 150 / layout.dpi
    for part in handout.parts:
        note = outdated_note(load_catalogue(part.lang), offer, PRINTED, 6)
        assert note and part.outdated == note
        kinds = [p.block.kind for p in layout.placements if p.block.lang == part.lang]
        assert kinds[:3] == ["banner", "outdated", "section"], "right under the language's name"
        (placement,) = layout.placements_of("outdated", part.lang)
        doc = placement.block.doc
        fmt = doc.begin().begin().fragment().charFormat()
        assert fmt.fontWeight() >= QFont.Weight.Bold, "bold, not small grey"
        assert fmt.fontPointSize() >= STYLES[paper].heading_pt
        assert QColor(fmt.foreground().color()).lightness() < 60
        if part.lang == "de":
            assert _flat(note) in text
        # The frame is drawn: dark pixels along its top edge, across the column.
        y = round((placement.y + 1) * scale)
        xs = range(
            round(placement.x * scale) + 3, round((placement.x + placement.block.width) * scale) - 3
        )
        dark = sum(_dark(image, x, y) for x in xs)
        assert dark > 0.95 * len(xs), part.lang


def test_recently_checked_information_has_no_note(write, catalogue):
    offer = dataclasses.replace(catalogue.offer("msa-caritas-prohlis"), verified_on=PRINTED)
    handout, layout, _ = write(offer, "ar", PaperFormat.A4)
    assert not layout.placements_of("outdated")
    assert all(part.outdated == "" for part in handout.parts)


# -- column headings -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["de-x-ls", "fa-AF", "fa", "zh-Hans", "ti"])
def test_each_column_is_headed_with_the_language_it_is_written_in(write, catalogue, lang):
    names = {language.code: language.endonym for language in catalogue.languages()}
    handout, layout, pdf = write(catalogue.offer("msa-caritas-prohlis"), lang, PaperFormat.A4)
    visitor, german = handout.parts
    assert (visitor.language_name, german.language_name) == (names[lang], names["de"])
    for part in handout.parts:
        (banner,) = layout.placements_of("banner", part.lang)
        assert banner.block.doc.begin().text() == part.language_name
        left, right = pdf.find(part.language_name)
        column = (banner.x / layout.dpi * 72, (banner.x + banner.block.width) / layout.dpi * 72)
        assert column[0] - 2 <= left and right <= column[1] + 2, part.lang


# -- right-to-left ---------------------------------------------------------------------------
def _rtl_languages(catalogue) -> list[str]:
    return [lang.code for lang in catalogue.languages() if load_catalogue(lang.code).is_rtl]


def test_the_right_to_left_languages_are_known(catalogue):
    assert {"ar", "fa", "fa-AF", "ps"} <= set(_rtl_languages(catalogue))


@pytest.mark.parametrize("paper", list(PaperFormat))
def test_right_to_left_paragraphs_start_at_the_right_edge_in_every_offer(write, catalogue, paper):
    """Every paragraph with right-to-left letters — also one that starts with a Latin name such
    as "Ausländerrat Dresden (شورای خارجیان …)" — reads from the right and each of its lines
    starts at the column's right edge."""
    tolerance = 0.5  # mm: the overhang of marks and the rounding of the layout
    checked = 0
    for lang in _rtl_languages(catalogue):
        for match in catalogue.results(lang, None, None):
            _, layout, _ = write(match.offer, lang, paper)
            for placement in layout.placements:
                if placement.block.lang != lang or placement.block.kind not in (
                    "section",
                    "banner",
                ):
                    continue
                doc = placement.block.doc
                width = doc.textWidth()
                block = doc.begin()
                while block.isValid():
                    text = block.text()
                    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
                        assert block.textDirection().name == "RightToLeft", (lang, text[:40])
                        lines = block.layout()
                        for index in range(lines.lineCount()):
                            right = lines.lineAt(index).naturalTextRect().right()
                            assert layout.mm(abs(width - right)) < tolerance, (lang, text[:40])
                            checked += 1
                    block = block.next()
    assert checked > 100


def test_a_persian_paragraph_starting_with_a_latin_name_is_inked_from_the_right(write, catalogue):
    offer = catalogue.offer("auslaenderrat-dresden")
    handout, layout, pdf = write(offer, "fa-AF", PaperFormat.A4)
    about = next(s for s in handout.parts[0].sections if s.key == "about")
    starts_latin = [line for line in about.lines if unicodedata.bidirectional(line[0]) == "L"]
    if not starts_latin:
        pytest.skip("no Dari text of this offer starts with a Latin name any more")
    dpi = 150
    image = pdf.render(dpi=dpi)
    scale = dpi / layout.dpi
    (section,) = [
        p
        for p in layout.placements_of("section", "fa-AF")
        if p.block.doc.toPlainText().startswith(about.heading)
    ]
    right_edge = (section.x + section.block.width) * scale
    block = section.block.doc.begin()
    while block.isValid() and block.text() != starts_latin[0]:
        block = block.next()
    assert block.isValid()
    lines = block.layout()
    for index in range(lines.lineCount()):
        line = lines.lineAt(index)
        top = (section.y + lines.position().y() + line.y()) * scale
        ink = _ink_right(image, round(top), round(top + line.height() * scale), right_edge)
        assert ink is not None and right_edge - ink < layout.px(1.0) * scale, index


def _ink_right(image: QImage, top: int, bottom: int, limit: float) -> int | None:
    """The rightmost dark pixel column in a band, left of ``limit``."""
    for x in range(min(image.width() - 1, round(limit) + 2), 0, -1):
        if any(_dark(image, x, y) for y in range(top, bottom)):
            return x
    return None


# -- Chinese punctuation ---------------------------------------------------------------------
def _punctuation_cells(layout: HandoutLayout, lang: str):
    """(glyph origin x, advance, ink right, baseline y, em) of every full-width punctuation mark
    in the text of a part (its name, old-information note, sections, footer), in device pixels
    of the page, with the next glyph's origin."""
    for placement in layout.placements:
        if placement.block.lang != lang or placement.block.doc is None:
            continue
        doc = placement.block.doc
        dx, dy = placement.block.doc_offset
        block = doc.begin()
        while block.isValid():
            text, lines = block.text(), block.layout()
            origin = lines.position()
            for index in range(lines.lineCount()):
                glyphs = []
                for run in lines.lineAt(index).glyphRuns(-1, -1, RETRIEVE_ALL):
                    font = run.rawFont()
                    advances = font.advancesForGlyphIndexes(run.glyphIndexes())
                    for i, (glyph, where, pos) in enumerate(
                        zip(run.glyphIndexes(), run.stringIndexes(), run.positions(), strict=True)
                    ):
                        glyphs.append(
                            (
                                where,
                                pos,
                                advances[i].x(),
                                font.boundingRect(glyph),
                                font.pixelSize(),
                            )
                        )
                glyphs.sort(key=lambda g: g[0])
                for current, following in zip(glyphs, [*glyphs[1:], None], strict=True):
                    where, pos, advance, ink, em = current
                    if text[where] not in CJK_PUNCTUATION:
                        continue
                    x = placement.x + dx + origin.x() + pos.x()
                    y = placement.y + dy + origin.y() + pos.y()
                    after = (
                        None
                        if following is None
                        else placement.x + dx + origin.x() + following[1].x()
                    )
                    yield text[where], x, advance, x + ink.right(), y, em, after
            block = block.next()


@pytest.mark.parametrize("paper", list(PaperFormat))
def test_chinese_punctuation_keeps_its_full_width_cell(write, catalogue, paper):
    """。、，： take a whole em each, the next character starts after that cell, and the rest of
    the cell is blank paper on the printed page (nothing collapses onto the next character)."""
    dpi = 300
    seen = set()
    for offer_id in ("mbe-caritas", "auslaenderrat-dresden", "msa-caritas-prohlis"):
        _, layout, pdf = write(catalogue.offer(offer_id), "zh-Hans", paper)
        image = pdf.render(dpi=dpi)
        scale = dpi / layout.dpi
        for mark, x, advance, ink_right, baseline, em, after in _punctuation_cells(
            layout, "zh-Hans"
        ):
            seen.add(mark)
            assert advance == pytest.approx(em, rel=0.02), mark
            if after is not None:
                assert after - x == pytest.approx(em, rel=0.05), (offer_id, mark)
            # The blank part of the cell, between the mark's ink and the cell's end.
            left, right = (
                math.ceil((ink_right + 0.05 * em) * scale),
                math.floor((x + 0.95 * em) * scale),
            )
            assert right - left >= 2, mark
            top, bottom = (
                round((baseline - 0.85 * em) * scale),
                round((baseline + 0.1 * em) * scale),
            )
            inked = [
                (px, py)
                for px in range(left, right)
                for py in range(top, bottom)
                if _dark(image, px, py)
            ]
            assert not inked, (offer_id, mark, inked[:3])
    assert {"。", "，"} <= seen, "the texts have Chinese punctuation to check"


# -- fonts -----------------------------------------------------------------------------------
FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><dir>{system}</dir>
<cachedir>{cache}</cachedir></fontconfig>
"""


def test_kiosk_admin_draws_with_the_bundled_fonts_where_the_system_has_only_some(seed_db, tmp_path):
    """A machine with Debian's fonts-noto-core has Noto Sans Arabic but no Chinese or Ethiopic
    font: the handout must still be set in the bundled Noto fonts, not in fallbacks."""
    system = tmp_path / "system-fonts"
    system.mkdir()
    for path in FONTS_DIR.glob("NotoSansArabic-*.ttf"):
        shutil.copy(path, system / path.name)
    config = tmp_path / "fonts.conf"
    config.write_text(FONTCONFIG.format(system=system, cache=tmp_path / "cache"), "utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env["FONTCONFIG_FILE"] = str(config)
    for lang, family in (("zh-Hans", b"NotoSansCJKsc-Regular"), ("ti", b"NotoSansEthiopic")):
        out = tmp_path / f"{lang}.pdf"
        command = (
            "import sys\nfrom ui.admin_cli import main\n"
            f"sys.exit(main(['--db', {str(seed_db)!r}, 'handout', 'mbe-caritas', "
            f"'--lang', {lang!r}, '--out', {str(out)!r}]))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", command], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        fonts = set(re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", out.read_bytes()))
        assert any(family in name for name in fonts), (lang, fonts)
        assert any(b"NotoSans-Regular" in name for name in fonts), (lang, fonts)
        assert not any(b"DejaVu" in name for name in fonts), (lang, fonts)


def test_the_fonts_are_looked_for_once_not_for_every_handout(write, catalogue, monkeypatch):
    import ui.printing

    calls = []
    monkeypatch.setattr(ui.printing, "_fonts_checked", False)
    monkeypatch.setattr(ui.printing, "load_bundled_fonts", lambda: calls.append(1) or [])
    monkeypatch.setattr(ui.printing.QFontDatabase, "families", lambda: [])  # "nothing here"
    offer = catalogue.offer("mbe-caritas")
    for lang in ("zh-Hans", "ar", "ti"):
        write(offer, lang, PaperFormat.RECEIPT)
    assert calls == [1]


def test_every_family_a_handout_uses_is_registered(qapp):
    from PySide6.QtGui import QFontDatabase

    from ui.printing import HANDOUT_FAMILIES, ensure_fonts

    ensure_fonts()
    present = set(QFontDatabase.families())
    assert [family for family in HANDOUT_FAMILIES if family not in present] == []
