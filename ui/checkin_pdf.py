"""The providers' check-in sheet as a printable A4 PDF, drawn with Qt.

    kiosk-admin checkin export --provider "Caritasverband für Dresden e.V." --out caritas.pdf

The sheet's content comes from :mod:`kiosk.admin.checkin` (the same fields, values, missing
marks and notes as the XLSX/CSV sheet); this module only lays it out: a header that says in
German and English what to do and whom to send it back to, then one table per offer (a new
page for each) with the field (German, English below), the current value, an empty column for
corrections and the "still correct" row; each page has a footer with the provider, the page
and the sheet's format, each offer its id and the digest of the values shown. Text is set with
:class:`QTextDocument` in the bundled Noto fonts (:func:`ui.printing.ensure_fonts`), so umlauts
and every script come out right; the document is paginated by Qt; a long row goes on
to the next page under the repeated column titles.

Drawing needs Qt, so ``kiosk-admin`` gets ``.pdf`` for ``checkin export`` from here
(:func:`register`, added by :mod:`ui.admin_cli`); Qt is imported only when a PDF is written.
"""

from __future__ import annotations

import argparse
import html
from pathlib import Path

from kiosk.admin.checkin import MISSING, SHEET_FORMAT, Sheet, SheetOffer, checked_text
from kiosk.cli.checkin import enable_pdf

#: Resolution of the PDF (text is vector; this sets the layout's unit).
PDF_DPI = 300
MARGIN_MM = 14
FOOTER_MM = 10
A4_MM = (210, 297)


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br/>")


def _label(de: str, en: str) -> str:
    return f'<b>{_e(de)}</b><br/><span style="color:#555555;">{_e(en)}</span>'


def header_html(sheet: Sheet) -> str:
    return (
        '<p style="font-size:15pt;font-weight:bold;margin-bottom:2pt;">'
        "Wegweiser Dresden – Angaben prüfen</p>"
        '<p style="font-size:11pt;color:#555555;margin-top:0;">Check your entries</p>'
        '<table cellspacing="0" cellpadding="2" width="100%">'
        f"<tr><td width='28%'>{_label('Träger', 'Provider')}</td>"
        f"<td><b>{_e(sheet.provider)}</b></td></tr>"
        f"<tr><td>{_label('Stand vom', 'Exported on')}</td>"
        f"<td>{_e(sheet.exported_on.strftime('%d.%m.%Y'))}</td></tr>"
        f"<tr><td>{_label('Bitte zurück an', 'Please return to')}</td>"
        f"<td><b>{_e(sheet.contact_text)}</b></td></tr>"
        "</table>"
        f'<p style="margin-top:6pt;">{_e(sheet.intro_de)}</p>'
        f'<p style="color:#333333;">{_e(sheet.intro_en)}</p>'
    )


def offer_html(offer: SheetOffer, number: int, total: int, *, first: bool) -> str:
    page_break = "" if first else "page-break-before:always;"
    head = (  # repeated at the top of every page the table runs on to
        '<thead><tr style="background-color:#dde8f3;">'
        f"<th width='27%' align='left'>{_label('Feld', 'Field')}</th>"
        f"<th width='40%' align='left'>{_label('Aktueller Wert', 'Current value')}</th>"
        f"<th width='33%' align='left'>{_label('Ihre Korrektur', 'Your correction')}</th>"
        "</tr></thead>"
    )
    rows = [
        f"<tr><td>{_label('Zuletzt geprüft', 'Last checked')}</td>"
        f"<td>{_e(checked_text(offer.verified_on))}</td>"
        '<td style="background-color:#eeeeee;"></td></tr>',
        f"<tr><td>{_label('Stimmt noch? (x)', 'Still correct? (x)')}</td>"
        "<td>x eintragen, wenn alles stimmt<br/>"
        '<span style="color:#555555;">put an x if everything is right</span></td>'
        "<td>&nbsp;<br/>&nbsp;</td></tr>",
    ]
    previous = ""
    for item in offer.fields:
        if item.missing:
            value = f'<span style="background-color:#fff2cc;"><b>{_e(MISSING)}</b></span>'
        else:
            value = _e(item.shown)
        note = "<br/>".join(_e(n) for n in (item.note_de, item.note_en) if n)
        note, previous = ("" if note == previous else note), note  # once for seven weekdays
        if note:
            value += f'<br/><span style="font-size:7pt;color:#555555;">{note}</span>'
        rows.append(
            f"<tr><td>{_label(item.label_de, item.label_en)}</td><td>{value}</td>"
            "<td>&nbsp;<br/>&nbsp;</td></tr>"
        )
    rows.append(
        f"<tr><td>{_label('Anmerkungen', 'Remarks')}</td>"
        '<td><span style="color:#555555;">alles andere, z. B. Schließtage<br/>'
        "anything else, e.g. closing days</span></td>"
        "<td>&nbsp;<br/>&nbsp;<br/>&nbsp;<br/>&nbsp;</td></tr>"
    )
    return (
        f'<p style="{page_break}font-size:12pt;font-weight:bold;margin-top:8pt;'
        f'margin-bottom:0;">Angebot {number} von {total} / Offer {number} of {total}: '
        f"{_e(offer.name)}</p>"
        f'<p style="font-size:7pt;color:#555555;margin-top:0;">Kennung / Id: '
        f"{_e(offer.offer_id)} · {SHEET_FORMAT} · {offer.digest}</p>"
        '<table border="1" cellspacing="0" cellpadding="3" width="100%" '
        'style="border-color:#666666;border-style:solid;">' + head + "".join(rows) + "</table>"
    )


def sheet_html(sheet: Sheet) -> str:
    """The whole sheet as the HTML that :func:`write_sheet_pdf` paginates."""
    total = len(sheet.offers)
    parts = [header_html(sheet)]
    parts += [
        offer_html(offer, number, total, first=number == 1)
        for number, offer in enumerate(sheet.offers, start=1)
    ]
    return "<html><body style='font-size:9pt;'>" + "".join(parts) + "</body></html>"


def write_sheet_pdf(sheet: Sheet, path: Path | str) -> int:
    """Write the sheet as an A4 PDF; returns the number of pages."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (
        QColor,
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    from ui.printing import PrintError, _font, ensure_fonts

    app = QGuiApplication.instance() or QGuiApplication(["kiosk-admin", "-platform", "offscreen"])
    ensure_fonts()
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setCreator("Wegweiser Dresden")
    writer.setTitle(f"Wegweiser Dresden – Angaben prüfen – {sheet.provider}")
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )
    if not writer.setPageLayout(layout):
        raise PrintError("the A4 page cannot be set")

    def px(mm: float) -> float:
        return mm * PDF_DPI / 25.4

    width, height = px(A4_MM[0] - 2 * MARGIN_MM), px(A4_MM[1] - 2 * MARGIN_MM - FOOTER_MM)
    doc = QTextDocument()
    doc.setUseDesignMetrics(True)
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(_font(9))
    doc.setDocumentMargin(0)
    doc.setHtml(sheet_html(sheet))
    doc.setPageSize(QSizeF(width, height))
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise PrintError(f"{path} cannot be opened for painting")
    try:
        painter.setFont(_font(7))
        for page in range(pages):
            if page and not writer.newPage():
                raise PrintError("no new page")
            painter.save()
            painter.translate(px(MARGIN_MM), px(MARGIN_MM) - page * height)
            doc.drawContents(painter, QRectF(0, page * height, width, height))
            painter.restore()
            footer = QRectF(px(MARGIN_MM), px(A4_MM[1] - MARGIN_MM - FOOTER_MM / 2), width, px(5))
            painter.setPen(QColor("#555555"))
            painter.drawText(
                footer,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"Wegweiser Dresden · {sheet.provider} · "
                f"Stand {sheet.exported_on.strftime('%d.%m.%Y')} · {SHEET_FORMAT}",
            )
            painter.drawText(
                footer,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"Seite {page + 1} von {pages} / page {page + 1} of {pages}",
            )
    finally:
        painter.end()
    del writer  # closes the file
    del app
    return pages


def register(sub: argparse._SubParsersAction) -> None:
    """``kiosk-admin checkin export --out FILE.pdf`` draws with :func:`write_sheet_pdf`."""
    enable_pdf(sub, write_sheet_pdf)
