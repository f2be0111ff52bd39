"""Drawing a handout on paper with QPainter: A4 (PDF or printer) and an 80 mm receipt roll.

The content comes from :mod:`kiosk.handout`; this module only lays it out. Text goes through
:class:`QTextDocument` with the bundled Noto fonts, so Arabic, Persian and Pashto are shaped and
Ethiopic renders; every paragraph gets its own direction (a right-to-left part reads from the
right — also a paragraph in its language that starts with a Latin name — an English fallback text
inside it from the left). Old information gets a framed, bold note at the top of each language
part, not the small grey footer line. QR codes are drawn in absolute device
coordinates — never mirrored — with whole device pixels per module, at least
:data:`MIN_MODULE_MM` per module and the 4-module quiet zone.

The layout works in the paint device's own pixels: it is computed first (the receipt's length
depends on it), then painted. A4 content that does not fit flows on to a second page, breaking
only between sections.

Printing at the kiosk goes through a :class:`HandoutPrinter`: :class:`QtPrinterBackend` prints
silently to a CUPS queue (never a dialog), :class:`PdfBackend` writes a file. A
:class:`BackgroundPrint` runs a job on a worker thread so the screen never waits for the spooler.
"""

from __future__ import annotations

import html
import logging
import math
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMarginsF, QObject, QPoint, QRect, QSizeF, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from kiosk.handout import Handout, HandoutPart, HandoutSection
from kiosk.i18n import FSI, LRI, PDI
from kiosk.printer_status import (
    LPOPTIONS_TIMEOUT_S,
    PrinterCondition,
    PrinterHealth,
    PrinterState,
    PrinterStatus,
    cancel_job,
    printer_status,
    queue_jobs,
    wait_for_job,
)
from kiosk.qr import QUIET_ZONE, ErrorCorrection, QrMatrix, qr_matrix
from kiosk.visitor import KioskSettings
from ui.fonts import BASE_FAMILY, FALLBACK_FAMILIES, load_bundled_fonts
from ui.qr_paint import qr_path

log = logging.getLogger(__name__)

MM_PER_INCH = 25.4
#: Smallest QR module on paper (a phone reads 0.5 mm from about 15 cm).
MIN_MODULE_MM = 0.5
#: Resolution of PDF files; high enough that 0.5 mm is a whole number of device pixels (24).
PDF_DPI = 1200
RLI = "\u2067"
ARABIC_LINE_HEIGHT_PERCENT = 80
TEXT = "#1a1a1a"
SECONDARY = "#4a4a4a"
RULE = QColor("#4a4a4a")
RULE_DARK = QColor(TEXT)


class PaperFormat(StrEnum):
    """What the handout is printed on."""

    A4 = "a4"
    RECEIPT = "receipt"  # 80 mm roll, 72 mm printable, as long as needed


@dataclass(frozen=True)
class PageStyle:
    """Measures of one paper format, in millimetres and points."""

    width_mm: float
    height_mm: float | None  # None: a roll, the page is as long as its content
    margin_mm: float
    title_pt: float
    heading_pt: float
    body_pt: float
    small_pt: float
    qr_box_mm: float  # each QR symbol (with quiet zone) at least this wide
    gap_mm: float
    qr_side_by_side: bool
    tail_mm: float = 0.0  # blank paper after the content (to tear off a roll)


STYLES = {
    PaperFormat.A4: PageStyle(
        width_mm=210,
        height_mm=297,
        margin_mm=12,
        title_pt=16,
        heading_pt=10,
        body_pt=9,
        small_pt=7.5,
        qr_box_mm=42,
        gap_mm=2.4,
        qr_side_by_side=True,
    ),
    PaperFormat.RECEIPT: PageStyle(
        width_mm=72,
        height_mm=None,
        margin_mm=2,
        title_pt=11,
        heading_pt=9,
        body_pt=8.5,
        small_pt=7.5,
        qr_box_mm=44,
        gap_mm=2.5,
        qr_side_by_side=False,
        tail_mm=8,
    ),
}


def paper_format(value: str) -> PaperFormat:
    """The paper format named in a setting; A4 for anything unknown (logged)."""
    try:
        return PaperFormat(value.strip().lower())
    except ValueError:
        log.warning("unknown printer paper %r; using A4", value)
        return PaperFormat.A4


class PrintError(Exception):
    """A handout could not be printed (no printer, printer not found or not ready, …)."""


# -- fonts and text ---------------------------------------------------------------------------
_font_lock = threading.Lock()
_fonts_checked = False


#: Every family a handout is set in: the base font and each script's fallback.
HANDOUT_FAMILIES = (BASE_FAMILY, *FALLBACK_FAMILIES)


def ensure_fonts() -> None:
    """Register the bundled Noto fonts unless every family a handout uses is there already
    (the kiosk loads them at start; ``kiosk-admin handout`` does not).

    Each family is checked, not one of them: a machine with Debian's fonts-noto-core has
    "Noto Sans Arabic" but no "Noto Sans CJK SC" or Ethiopic, and a handout drawn there without
    the bundled fonts had Chinese and Tigrinya from whatever fallback fontconfig chose (or none).
    """
    global _fonts_checked
    with _font_lock:
        if _fonts_checked:  # once per process: a family that never appears must not make
            return  # every handout register the fonts again
        _fonts_checked = True
        present = set(QFontDatabase.families())
        missing = [family for family in HANDOUT_FAMILIES if family not in present]
        if missing:
            log.info("loading the bundled fonts (missing here: %s)", ", ".join(missing))
            load_bundled_fonts()


def _font(points: float) -> QFont:
    font = QFont(BASE_FAMILY)
    font.setFamilies([BASE_FAMILY, *FALLBACK_FAMILIES])
    font.setPointSizeF(points)
    return font


def is_rtl_text(text: str, default: bool) -> bool:
    """Direction of a paragraph from its first strong character (UAX #9 P2/P3): text inside
    isolates is skipped; ``default`` when there is no strong character."""
    depth = 0
    for char in text:
        if char in (LRI, RLI, FSI):
            depth += 1
        elif char == PDI:
            depth = max(0, depth - 1)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return False
            if kind in ("R", "AL"):
                return True
    return default


def paragraph_is_rtl(text: str, part_rtl: bool) -> bool:
    """Direction of a paragraph in a part whose language reads ``part_rtl``.

    In a right-to-left part, any right-to-left letter makes the paragraph right-to-left: it is
    written in the part's language, even when it starts with a Latin name ("Ausländerrat
    Dresden یک انجمن است"), so it starts at the right edge. Otherwise the first strong
    character decides (an English fallback text reads from the left).
    """
    if part_rtl and any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return True
    return is_rtl_text(text, part_rtl)


def _uses_arabic_script(text: str) -> bool:
    return any(unicodedata.bidirectional(char) == "AL" for char in text)


def _paragraph(
    text: str,
    rtl: bool,
    *,
    size: float,
    bold: bool = False,
    colour: str = TEXT,
    align: str = "",
    italic: bool = False,
) -> str:
    """One paragraph of HTML with its own direction (and alignment following it)."""
    direction = "rtl" if paragraph_is_rtl(text, rtl) else "ltr"
    style = f"font-size:{size}pt;color:{colour};"
    if _uses_arabic_script(text):
        # Noto Sans Arabic's own line spacing is 2.1 em; 80 % of it still clears the marks.
        style += f"line-height:{ARABIC_LINE_HEIGHT_PERCENT}%;"
    if bold:
        style += "font-weight:bold;"
    if italic and not _uses_arabic_script(text):  # Arabic script has no true italic
        style += "font-style:italic;"
    attributes = f' dir="{direction}"' + (f' align="{align}"' if align else "")
    body = html.escape(text).replace("\n", "<br/>")
    return f'<p{attributes} style="{style}margin-top:0;margin-bottom:2pt;">{body}</p>'


# -- layout -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class QrSymbol:
    """A QR code on paper: its payload and matrix, the module size and where the symbol (with
    its quiet zone) starts, in device pixels relative to its block."""

    payload: str
    matrix: QrMatrix
    module: int
    x: int
    y: int

    @property
    def side(self) -> int:
        return self.module * self.matrix.size_with_quiet_zone


@dataclass
class Block:
    """A piece of the page that is laid out once and painted at a place (device pixels)."""

    kind: str  # header, qr, banner, outdated, section, footer
    lang: str  # language of the part it belongs to ("" for the header and the QR codes)
    width: int
    height: int
    paint: Callable[[QPainter, int, int], None]
    doc: QTextDocument | None = None
    keep_with_next: bool = False
    symbols: list[QrSymbol] = field(default_factory=list)
    doc_offset: tuple[int, int] = (0, 0)  # where ``doc`` is drawn inside the block


@dataclass
class Placement:
    """Where a block ended up: page (0-based) and top-left corner, in device pixels."""

    block: Block
    page: int
    x: int
    y: int


@dataclass
class HandoutLayout:
    """A handout laid out for one paper format on one paint device."""

    handout: Handout
    paper: PaperFormat
    dpi: float
    placements: list[Placement] = field(default_factory=list)
    pages: int = 1
    content_height: int = 0  # the length of the content in device pixels (the roll's length)

    def px(self, millimetres: float) -> int:
        return round(millimetres * self.dpi / MM_PER_INCH)

    def mm(self, pixels: float) -> float:
        return pixels * MM_PER_INCH / self.dpi

    @property
    def style(self) -> PageStyle:
        return STYLES[self.paper]

    @property
    def page_width_mm(self) -> float:
        return self.style.width_mm

    @property
    def page_height_mm(self) -> float:
        style = self.style
        if style.height_mm is not None:
            return style.height_mm
        return self.mm(self.content_height) + 2 * style.margin_mm + style.tail_mm

    def symbols(self) -> list[tuple[int, QrSymbol, int, int]]:
        """Every QR code as (page, symbol, left, top) with absolute device-pixel positions."""
        return [
            (p.page, symbol, p.x + symbol.x, p.y + symbol.y)
            for p in self.placements
            for symbol in p.block.symbols
        ]

    def placements_of(self, kind: str, lang: str | None = None) -> list[Placement]:
        return [
            p
            for p in self.placements
            if p.block.kind == kind and (lang is None or p.block.lang == lang)
        ]


class _Builder:
    """Turns handout data into blocks measured on a paint device."""

    def __init__(self, handout: Handout, paper: PaperFormat, device: QPagedPaintDevice):
        self.handout = handout
        self.style = STYLES[paper]
        self.device = device
        self.dpi = float(device.logicalDpiX())
        self.width = self.px(self.style.width_mm - 2 * self.style.margin_mm)
        self.gap = self.px(self.style.gap_mm)

    def px(self, millimetres: float) -> int:
        return round(millimetres * self.dpi / MM_PER_INCH)

    def document(self, html_text: str, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setUseDesignMetrics(True)
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDefaultFont(_font(self.style.body_pt))
        doc.setDocumentMargin(0)
        doc.setHtml(html_text)
        doc.setTextWidth(width)
        return doc

    def text_block(self, kind: str, lang: str, html_text: str, width: int) -> Block:
        doc = self.document(html_text, width)
        height = math.ceil(doc.size().height()) + self.gap

        def paint(painter: QPainter, x: int, y: int) -> None:
            painter.save()
            painter.translate(x, y)
            doc.drawContents(painter)
            painter.restore()

        return Block(kind, lang, width, height, paint, doc)

    # -- pieces --------------------------------------------------------------------------
    def header(self, width: int) -> Block:
        """The kiosk's name and the offer's German official name (aligned to the reading side
        of the visitor's language, though the name itself always reads left to right)."""
        s = self.style
        first = self.handout.parts[0]
        align = "right" if first.rtl else ""
        text = _paragraph(first.brand, first.rtl, size=s.small_pt, colour=SECONDARY)
        text += _paragraph(self.handout.name, False, size=s.title_pt, bold=True, align=align)
        return self.text_block("header", "", text, width)

    def banner(self, part: HandoutPart, width: int) -> Block:
        s = self.style
        rule, pad = max(1, self.px(0.3)), self.px(1.5)
        text = _paragraph(part.language_name, part.rtl, size=s.heading_pt + 1.5, bold=True)
        text += _paragraph(part.kind, part.rtl, size=s.body_pt, colour=SECONDARY)
        if part.fallback_note:
            text += _paragraph(part.fallback_note, part.rtl, size=s.body_pt, italic=True)
        doc = self.document(text, width)
        height = rule + pad + math.ceil(doc.size().height()) + self.gap

        def paint(painter: QPainter, x: int, y: int) -> None:
            painter.fillRect(QRect(x, y, width, rule), RULE)
            painter.save()
            painter.translate(x, y + rule + pad)
            doc.drawContents(painter)
            painter.restore()

        return Block(
            "banner",
            part.lang,
            width,
            height,
            paint,
            doc,
            keep_with_next=True,
            doc_offset=(0, rule + pad),
        )

    def outdated(self, part: HandoutPart, width: int) -> Block:
        """The note that the information is old, framed and bold at the top of the part: on
        paper it is read before anyone goes there (and no colour is needed to see it)."""
        s = self.style
        frame, pad = max(2, self.px(0.6)), self.px(1.8)
        text = _paragraph(part.outdated, part.rtl, size=s.heading_pt, bold=True)
        doc = self.document(text, width - 2 * (frame + pad))
        box = math.ceil(doc.size().height()) + 2 * (frame + pad)

        def paint(painter: QPainter, x: int, y: int) -> None:
            painter.fillRect(QRect(x, y, width, box), RULE_DARK)
            painter.fillRect(
                QRect(x + frame, y + frame, width - 2 * frame, box - 2 * frame), QColor("#ffffff")
            )
            painter.save()
            painter.translate(x + frame + pad, y + frame + pad)
            doc.drawContents(painter)
            painter.restore()

        inset = frame + pad
        return Block(
            "outdated",
            part.lang,
            width,
            box + self.gap,
            paint,
            doc,
            keep_with_next=True,
            doc_offset=(inset, inset),
        )

    def section(self, part: HandoutPart, section: HandoutSection, width: int) -> Block:
        s = self.style
        text = _paragraph(section.heading, part.rtl, size=s.heading_pt, bold=True)
        for line in section.lines:
            text += _paragraph(line, part.rtl, size=s.body_pt)
        return self.text_block("section", part.lang, text, width)

    def footer(self, part: HandoutPart, width: int) -> Block:
        s = self.style
        text = _paragraph(part.checked, part.rtl, size=s.small_pt, colour=SECONDARY)
        text += _paragraph(part.printed, part.rtl, size=s.small_pt, colour=SECONDARY)
        return self.text_block("footer", part.lang, text, width)

    def part_blocks(self, part: HandoutPart, width: int) -> list[Block]:
        blocks = [self.banner(part, width)]
        if part.outdated:
            blocks.append(self.outdated(part, width))
        blocks.extend(self.section(part, section, width) for section in part.sections)
        blocks.append(self.footer(part, width))
        return blocks

    def qr_codes(self) -> Block | None:
        """The codes with their captions in every language: side by side on A4 (the code that
        reaches the office on the reading side), one under the other on the roll."""
        s = self.style
        parts = self.handout.parts
        codes = [
            (code.payload, [part.captions[index] for part in parts])
            for index, code in enumerate(self.handout.codes)
        ]
        if not codes:
            return None
        matrices = [qr_matrix(payload, ErrorCorrection.PAPER) for payload, _ in codes]
        modules = [self.module_px(matrix) for matrix in matrices]
        sides = [
            m * matrix.size_with_quiet_zone for m, matrix in zip(modules, matrices, strict=True)
        ]
        side_by_side = s.qr_side_by_side and len(codes) == 2
        cell = max(*sides, self.px(s.qr_box_mm)) if s.qr_side_by_side else self.width
        caption_gap = self.px(1)
        docs = [
            self.document(
                "".join(
                    _paragraph(text, part.rtl, size=s.small_pt, align="center")
                    for text, part in zip(captions, parts, strict=True)
                ),
                cell,
            )
            for _, captions in codes
        ]
        heights = [
            side + caption_gap + math.ceil(doc.size().height())
            for side, doc in zip(sides, docs, strict=True)
        ]
        if side_by_side:
            lefts = [cell + self.gap, 0] if parts[0].rtl else [0, cell + self.gap]
            tops = [0, 0]
            total = max(heights) + self.gap
        else:
            lefts, tops, y = [0] * len(codes), [], 0
            for height in heights:
                tops.append(y)
                y += height + self.gap
            total = y
        symbols = [
            QrSymbol(payload, matrix, module, left + (cell - side) // 2, top)
            for (payload, _), matrix, module, side, left, top in zip(
                codes, matrices, modules, sides, lefts, tops, strict=True
            )
        ]

        def paint(painter: QPainter, x: int, y: int) -> None:
            for symbol, doc, left in zip(symbols, docs, lefts, strict=True):
                self.paint_symbol(painter, symbol.matrix, symbol.module, x + symbol.x, y + symbol.y)
                painter.save()
                painter.translate(x + left, y + symbol.y + symbol.side + caption_gap)
                doc.drawContents(painter)
                painter.restore()

        width = 2 * cell + self.gap if side_by_side else cell
        return Block("qr", "", width, total, paint, symbols=symbols)

    def module_px(self, matrix: QrMatrix) -> int:
        """Whole device pixels per module: at least MIN_MODULE_MM, filling the QR box."""
        smallest = math.ceil(MIN_MODULE_MM * self.dpi / MM_PER_INCH)
        filling = self.px(self.style.qr_box_mm) // matrix.size_with_quiet_zone
        widest = self.width // matrix.size_with_quiet_zone
        return max(smallest, min(filling, widest))

    @staticmethod
    def paint_symbol(painter: QPainter, matrix: QrMatrix, module: int, x: int, y: int) -> None:
        side = module * matrix.size_with_quiet_zone
        painter.fillRect(QRect(x, y, side, side), QColor("#ffffff"))
        origin = QPoint(x + QUIET_ZONE * module, y + QUIET_ZONE * module)
        painter.fillPath(qr_path(matrix, module, origin), QColor("#000000"))


class _Flow:
    """Stacks blocks down one column, starting a new page when the next one does not fit."""

    def __init__(self, x: int, top: int, page_top: int, page_bottom: int | None):
        self.x, self.y, self.page = x, top, 0
        self.page_top, self.page_bottom = page_top, page_bottom

    def place(self, blocks: list[Block], out: list[Placement]) -> None:
        for index, block in enumerate(blocks):
            needed = block.height
            if block.keep_with_next and index + 1 < len(blocks):
                needed += blocks[index + 1].height
            full = self.page_bottom is not None and self.y + needed > self.page_bottom
            if full and self.y > self.page_top:
                self.page, self.y = self.page + 1, self.page_top
            out.append(Placement(block, self.page, self.x, self.y))
            self.y += block.height


def layout_handout(
    handout: Handout, paper: PaperFormat, device: QPagedPaintDevice
) -> HandoutLayout:
    """Measure every block on ``device`` and place it.

    A4 with two languages has two columns under the name and the QR codes: the visitor's
    language on the reading side (right for a right-to-left language), German on the other.
    The roll has one column, the visitor's language first.
    """
    ensure_fonts()
    builder = _Builder(handout, paper, device)
    result = HandoutLayout(handout, paper, builder.dpi)
    style = builder.style
    margin = builder.px(style.margin_mm)
    bottom = None if style.height_mm is None else builder.px(style.height_mm) - margin
    parts = handout.parts
    qr = builder.qr_codes()
    head = _Flow(margin, margin, margin, bottom)
    if qr is not None and style.qr_side_by_side:
        # A4: the name on the reading side, the QR codes beside it.
        header = builder.header(builder.width - qr.width - builder.gap)
        rtl = parts[0].rtl
        header_x = margin + (qr.width + builder.gap if rtl else 0)
        qr_x = margin if rtl else margin + builder.width - qr.width
        result.placements.append(Placement(header, 0, header_x, margin))
        result.placements.append(Placement(qr, 0, qr_x, margin))
        head.y = margin + max(header.height, qr.height)
    else:
        head.place([builder.header(builder.width)], result.placements)
        if qr is not None:
            head.place([qr], result.placements)
    if style.height_mm is not None and len(parts) == 2:
        gutter = builder.px(2 * style.gap_mm)
        width = (builder.width - gutter) // 2
        order = [1, 0] if parts[0].rtl else [0, 1]  # column of each part, 0 = left
        flows = []
        for part, column in zip(parts, order, strict=True):
            flow = _Flow(margin + column * (width + gutter), head.y, margin, bottom)
            flow.page = head.page
            flow.place(builder.part_blocks(part, width), result.placements)
            flows.append(flow)
        end = max(flows, key=lambda f: (f.page, f.y))
    else:
        end = head
        for part in parts:
            end.place(builder.part_blocks(part, builder.width), result.placements)
    result.pages = end.page + 1
    result.content_height = end.y - margin
    return result


def paint_layout(layout: HandoutLayout, device: QPagedPaintDevice) -> None:
    """Paint a laid-out handout on a device whose page size is already set."""
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError("the printer or file cannot be opened for painting")
    try:
        for page in range(layout.pages):
            if page > 0 and not device.newPage():
                raise PrintError("the printer refused a new page")
            for placement in layout.placements:
                if placement.page == page:
                    placement.block.paint(painter, placement.x, placement.y)
    finally:
        painter.end()


def _page_size(layout: HandoutLayout) -> QPageSize:
    if layout.paper is PaperFormat.A4:
        return QPageSize(QPageSize.PageSizeId.A4)
    return QPageSize(
        QSizeF(layout.style.width_mm, math.ceil(layout.page_height_mm)),
        QPageSize.Unit.Millimeter,
        "Receipt 72 mm",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def render_handout(
    handout: Handout, paper: PaperFormat, device: QPagedPaintDevice
) -> HandoutLayout:
    """Lay out, size the page and paint: the whole job for a PDF writer or a printer."""
    layout = layout_handout(handout, paper, device)
    page = QPageLayout(
        _page_size(layout),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )
    if not page.isValid():
        raise PrintError(f"the page size {page.pageSize().name()!r} is not valid")
    if not device.setPageLayout(page):
        # A printer refuses margins below its own unprintable border (most A4 printers have
        # one). The handout keeps its own margins on the full page (QPrinter.setFullPage), so
        # take the paper size alone, with the printer's own minimum margins.
        size = page.pageSize()
        if not (
            device.setPageSize(size)
            and device.setPageOrientation(QPageLayout.Orientation.Portrait)
            and device.pageLayout().pageSize().isEquivalentTo(size)
        ):
            raise PrintError(f"the page size {size.name()!r} cannot be set")
    paint_layout(layout, device)
    return layout


def write_pdf(handout: Handout, paper: PaperFormat, path: Path | str) -> HandoutLayout:
    """Write the handout as a PDF file (works offscreen, needs only QtGui)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Wegweiser Dresden")
    writer.setTitle(handout.name)
    layout = render_handout(handout, paper, writer)
    del writer  # closes the file
    return layout


# -- printers ---------------------------------------------------------------------------------
class HandoutPrinter(Protocol):
    """Where a kiosk sends handouts. ``print_handout`` may block and runs off the GUI thread;
    it raises :class:`PrintError` when no sheet will come out."""

    @property
    def is_configured(self) -> bool: ...

    def print_handout(self, handout: Handout) -> None: ...

    def configure(self, printer_name: str, paper: PaperFormat = PaperFormat.A4) -> None:
        """Staff changed the printer settings (GUI thread)."""
        ...


class QtPrinterBackend:
    """Prints silently to a CUPS queue with QPrinter — no dialog, ever.

    A4 uses the printer's A4 paper; a receipt printer gets a custom 72 mm wide page exactly as
    long as the handout. Before each job it asks CUPS whether a sheet would come out (paper,
    jam, offline, queue stopped or rejecting: then it does not print); after it, it follows
    the job until it has left the queue. A job still there after ``job_timeout_s`` is stuck:
    it is withdrawn, so that no sheet comes out later for the next visitor. What it sees goes
    into :attr:`health` (for staff mode). Every call may block and belongs on a worker thread.
    """

    #: Seconds a job may take from the spooler to the tray.
    JOB_TIMEOUT_S = 45.0

    def __init__(
        self,
        printer_name: str,
        paper: PaperFormat = PaperFormat.A4,
        *,
        job_timeout_s: float = JOB_TIMEOUT_S,
        health: PrinterHealth | None = None,
    ):
        self.job_timeout_s = job_timeout_s
        self.health = health or PrinterHealth()
        self.configure(printer_name, paper)

    @classmethod
    def from_settings(cls, settings: KioskSettings) -> QtPrinterBackend:
        """The printer named in the kiosk settings (``printer``, ``printer_paper``)."""
        return cls(settings.printer, paper_format(settings.printer_paper))

    def configure(self, printer_name: str, paper: PaperFormat = PaperFormat.A4) -> None:
        """Switch to another queue or paper (staff changed the settings); GUI thread only."""
        self.printer_name = printer_name.strip()
        self.paper = paper

    @property
    def is_configured(self) -> bool:
        return bool(self.printer_name)

    @property
    def deadline_s(self) -> float:
        """The longest a whole :meth:`print_handout` can take (asking CUPS, spooling, the job)."""
        return self.job_timeout_s + 6 * LPOPTIONS_TIMEOUT_S + 10

    def check(self) -> PrinterCondition:
        """Ask CUPS now and remember what it said (worker thread: may take seconds)."""
        return self.health.observe(printer_status(self.printer_name))

    def print_handout(self, handout: Handout) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        name = self.printer_name
        if not name:
            self.health.observe(PrinterStatus(name, PrinterState.NOT_FOUND))
            raise PrintError("no printer configured")
        status = printer_status(name)
        self.health.observe(status)
        if not status.can_print:
            log.warning("not printing: %s", status.describe())
            raise PrintError(status.describe())
        if status.reasons:
            log.info("printing despite: %s", status.describe())
        info = QPrinterInfo.printerInfo(name)
        if info.isNull():
            log.warning("printer %r is not known to the print system", name)
            self.health.observe(PrinterStatus(name, PrinterState.NOT_FOUND))
            raise PrintError(f"printer {name!r} not found")
        before = queue_jobs(name)
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setFullPage(True)
        printer.setDocName(f"Wegweiser: {handout.name}")
        render_handout(handout, self.paper, printer)
        failed = printer.printerState() == QPrinter.PrinterState.Error
        del printer  # hands the document to CUPS (if it has not yet)
        if failed:
            self._failed(f"printer {name!r} reported an error")
        self._follow(name, before)
        log.info("handout %s (%s) printed on %s", handout.offer_id, self.paper, name)

    def _follow(self, name: str, before: set[int] | None) -> None:
        """Find the job QPrinter handed to CUPS and wait until it has left the queue."""
        if before is None:
            log.info("cannot follow the job on %r: CUPS does not list its jobs", name)
            return
        after = queue_jobs(name) or set()
        new = sorted(after - before)
        if not new:  # QPrinter does not say when CUPS refused the document
            status = printer_status(name)
            self.health.observe(status)
            self._failed(f"the print system did not take the job ({status.describe()})")
        job = new[-1]
        if not wait_for_job(name, job, self.job_timeout_s):
            cancelled = cancel_job(name, job)
            detail = f"job {name}-{job} did not finish within {self.job_timeout_s:g} s" + (
                "; withdrawn" if cancelled else "; could not be withdrawn"
            )
            log.warning("%s", detail)
            self.health.job_stuck(name, detail)
            raise PrintError(detail)
        # A job the printer gave up on leaves the queue too; CUPS then stops the queue or
        # reports the reason, which is what this last look is for.
        status = printer_status(name)
        if not status.can_print:
            self.health.observe(status)
            raise PrintError(f"job {name}-{job} ended, but {status.describe()}")
        self.health.job_printed(name)

    def _failed(self, detail: str) -> None:
        self.health.job_failed(self.printer_name, detail)
        raise PrintError(detail)


class PdfBackend:
    """Writes every handout to a PDF file — for tests and for trying the kiosk without paper."""

    def __init__(self, path: Path | str, paper: PaperFormat = PaperFormat.A4):
        self.path = Path(path)
        self.paper = paper
        self.printed: list[Handout] = []

    @property
    def is_configured(self) -> bool:
        return True

    def configure(self, printer_name: str, paper: PaperFormat = PaperFormat.A4) -> None:
        """The file stays where it is, on the paper it was made with (settings name queues)."""

    def print_handout(self, handout: Handout) -> None:
        write_pdf(handout, self.paper, self.path)
        self.printed.append(handout)


class BackgroundPrint(QObject):
    """Runs print jobs on worker threads and reports back on the GUI thread.

    The worker creates and destroys its own Qt paint objects (QPdfWriter/QPrinter, text
    documents), which Qt allows off the GUI thread; only the signals cross back. A job that
    has not answered within the printer's ``deadline_s`` (a print system that hangs) is
    reported as failed at that moment; its late answer is only logged.
    """

    finished = Signal(int, bool, str)  # job number, success, detail for the log
    _worker_done = Signal(int, bool, str)  # from the worker thread, queued to the GUI thread

    #: Deadline for printers that do not name one.
    DEADLINE_S = 90.0

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._job = 0
        self._pending: dict[int, QTimer] = {}  # jobs not yet reported, with their deadline
        self._worker_done.connect(self._on_worker_done)

    @property
    def busy(self) -> bool:
        """Whether a job has not been reported yet."""
        return bool(self._pending)

    def start(self, printer: HandoutPrinter, handout: Handout) -> int:
        """Start printing; returns the job number that :attr:`finished` will carry."""
        self._job += 1
        job = self._job
        deadline = QTimer(self)
        deadline.setSingleShot(True)
        deadline.timeout.connect(lambda j=job: self._on_deadline(j))
        deadline.start(round(1000 * getattr(printer, "deadline_s", self.DEADLINE_S)))
        self._pending[job] = deadline
        thread = threading.Thread(
            target=self._run, args=(job, printer, handout), name=f"print-{job}", daemon=True
        )
        thread.start()
        return job

    def _run(self, job: int, printer: HandoutPrinter, handout: Handout) -> None:
        started = time.perf_counter()
        try:
            printer.print_handout(handout)
        except PrintError as error:
            self._done(job, False, str(error))
        except Exception as error:  # a bug: log it with its traceback, tell the visitor
            log.exception("printing handout %s failed", handout.offer_id)
            self._done(job, False, repr(error))
        else:
            elapsed = time.perf_counter() - started
            self._done(job, True, f"printed in {elapsed:.2f} s")

    def _done(self, job: int, ok: bool, detail: str) -> None:
        try:
            self._worker_done.emit(job, ok, detail)  # queued to the GUI thread
        except RuntimeError:  # the window closed while the job ran: nobody to tell
            log.info("print job %d finished after its screen was gone: %s", job, detail)

    def _on_worker_done(self, job: int, ok: bool, detail: str) -> None:
        deadline = self._pending.pop(job, None)
        if deadline is None:
            log.info("print job %d answered after its deadline: %s", job, detail)
            return
        deadline.stop()
        deadline.deleteLater()
        self.finished.emit(job, ok, detail)

    def _on_deadline(self, job: int) -> None:
        deadline = self._pending.pop(job, None)
        if deadline is None:
            return
        deadline.deleteLater()
        log.warning("print job %d: no answer from the print system in time", job)
        self.finished.emit(job, False, "no answer from the print system in time")


class PrinterWatcher(QObject):
    """Asks CUPS about the kiosk's printer on a worker thread — never on the GUI thread — and
    reports what it found (a :class:`~kiosk.printer_status.PrinterCondition`) on the GUI
    thread. Only printers that keep a :class:`~kiosk.printer_status.PrinterHealth` (the CUPS
    backend) can be watched."""

    changed = Signal(object)  # PrinterCondition, or None when nothing is known yet
    _checked = Signal(object)

    def __init__(self, printer: HandoutPrinter | None, parent: QObject | None = None):
        super().__init__(parent)
        self._printer = printer
        self._checking = False
        self._checked.connect(self._on_checked)

    @property
    def watchable(self) -> bool:
        return isinstance(getattr(self._printer, "health", None), PrinterHealth)

    @property
    def checking(self) -> bool:
        return self._checking

    def condition(self) -> PrinterCondition | None:
        """What the kiosk last saw (from a check or a print job); no CUPS call."""
        return self._printer.health.current() if self.watchable else None

    def refresh(self) -> None:
        """Ask CUPS again, in the background; :attr:`changed` follows."""
        if not self.watchable or self._checking:
            return
        self._checking = True
        threading.Thread(target=self._check, name="printer-check", daemon=True).start()

    def _check(self) -> None:
        try:
            condition = self._printer.check()
        except Exception:  # a bug: log it; the panel keeps what it knew
            log.exception("checking the printer failed")
            condition = self.condition()
        try:
            self._checked.emit(condition)
        except RuntimeError:  # the staff screen is gone
            pass

    def _on_checked(self, condition: PrinterCondition | None) -> None:
        self._checking = False
        self.changed.emit(condition)
