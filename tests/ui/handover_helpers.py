"""Shared by the QR and handout tests: decoding images with zxing-cpp, reading PDFs with QtPdf,
and printers that stand in for the real one at the boundary."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import vobject
import zxingcpp
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from kiosk.domain.models import Offer
from kiosk.handout import Handout
from ui.printing import PrintError

POINTS_PER_MM = 72 / 25.4


def decode(image: QImage) -> list[str]:
    """Every QR code zxing-cpp finds in the image, top to bottom."""
    if image.isNull():
        return []
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    results = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    return [
        r.text
        for r in sorted(results, key=lambda r: (r.position.top_left.y, r.position.top_left.x))
    ]


def check_vcard_matches(text: str, offer: Offer) -> None:
    """A valid vCard 3.0 whose phone, e-mail and address are those in the database."""
    card = vobject.readOne(text)
    assert card.version.value == "3.0"
    assert card.fn.value == offer.name
    contact, address = offer.contact, offer.address
    if contact.phone:
        assert card.tel.value == "+" + re.sub(r"\D", "", contact.phone)
    else:
        assert "tel" not in card.contents
    if contact.email:
        assert card.email.value == contact.email
    if address.is_known:
        assert card.adr.value.street == address.street
        assert card.adr.value.city == address.city
        assert card.adr.value.code == address.postcode


class PdfFile:
    """A PDF opened with QtPdf: page sizes, text and rendered pages."""

    def __init__(self, path: Path):
        self.document = QPdfDocument()
        error = self.document.load(str(path))
        assert error == QPdfDocument.Error.None_, error

    @property
    def pages(self) -> int:
        return self.document.pageCount()

    def size_mm(self, page: int = 0) -> tuple[float, float]:
        size = self.document.pagePointSize(page)
        return size.width() / POINTS_PER_MM, size.height() / POINTS_PER_MM

    def text(self, page: int = 0) -> str:
        return self.document.getAllText(page).text()

    def render(self, page: int = 0, dpi: int = 150) -> QImage:
        size = self.document.pagePointSize(page)
        pixels = QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))
        return self.document.render(page, pixels)

    def find(self, needle: str, page: int = 0) -> tuple[float, float]:
        """Left and right edge (points) of the first occurrence of ``needle`` on the page."""
        text = self.text(page)
        index = text.find(needle)
        assert index >= 0, f"{needle!r} not in the page text"
        selection = self.document.getSelectionAtIndex(page, index, len(needle))
        xs = [point.x() for polygon in selection.bounds() for point in polygon]
        return min(xs), max(xs)


class FailingPrinter:
    """A configured printer that never gets a sheet out (paper out)."""

    is_configured = True

    def configure(self, printer_name: str, paper=None) -> None:
        """(Settings never change its paper.)"""

    def print_handout(self, handout: Handout) -> None:
        raise PrintError("media-empty-error")


class HeldPrinter:
    """A printer whose job finishes only when the test says so."""

    is_configured = True

    def __init__(self):
        self.release = threading.Event()
        self.printed: list[Handout] = []

    def configure(self, printer_name: str, paper=None) -> None:
        """(Settings never change it.)"""

    def print_handout(self, handout: Handout) -> None:
        assert self.release.wait(10), "the test never released the print job"
        self.printed.append(handout)
