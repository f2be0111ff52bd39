"""A QR code on the screen: the module matrix painted crisply, with a caption below.

Every module is a whole number of device pixels (at least :data:`MIN_MODULE_PX`), the symbol has
its 4-module quiet zone on a white ground, and it is painted in absolute coordinates, so a
right-to-left layout never mirrors it.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.models import Offer
from kiosk.qr import QUIET_ZONE, CodeKind, QrMatrix, encode_screen_codes
from ui.qr_paint import qr_path
from ui.screens.base import make_label

log = logging.getLogger(__name__)

#: Smallest module on the kiosk screen, in device pixels.
MIN_MODULE_PX = 4
DARK = QColor("#000000")
LIGHT = QColor("#ffffff")


def encode_in_background(offers: Iterable[Offer]) -> threading.Thread:
    """Encode the QR codes of ``offers`` in a worker thread, so opening an offer only paints
    them (the encoder is pure Python: ~20-30 ms a code, too long for a tap)."""
    offers = list(offers)

    def run() -> None:
        try:
            count = encode_screen_codes(offers)
        except Exception:  # a bad payload shows up (and is logged) when the offer is opened
            log.exception("encoding the QR codes ahead failed")
            return
        log.info("%d QR codes encoded ahead", count)

    thread = threading.Thread(target=run, name="qr-encode-ahead", daemon=True)
    thread.start()
    return thread


class QrCanvas(QWidget):
    """Paints one QR symbol (with quiet zone) at an integer number of device pixels per module."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self._matrix: QrMatrix | None = None
        self._target_px = 0
        self._path_cache: tuple[tuple, QPainterPath] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_matrix(self, matrix: QrMatrix | None, target_px: int) -> None:
        """Show ``matrix`` about ``target_px`` logical pixels wide (never below the minimum)."""
        self._matrix = matrix
        self._target_px = target_px
        self._path_cache = None
        self.setFixedSize(self.sizeHint())
        self.update()

    def matrix(self) -> QrMatrix | None:
        return self._matrix

    def _dpr(self) -> float:
        return self.devicePixelRatioF() or 1.0

    def module_px(self) -> int:
        """Side of one module in device pixels."""
        if self._matrix is None:
            return MIN_MODULE_PX
        target_device = self._target_px * self._dpr()
        return max(MIN_MODULE_PX, int(target_device // self._matrix.size_with_quiet_zone))

    def symbol_rect(self) -> QRect:
        """Where the symbol with its quiet zone is painted (centred), in device pixels."""
        if self._matrix is None:
            return QRect()
        side = self.module_px() * self._matrix.size_with_quiet_zone
        width = math.floor(self.width() * self._dpr())
        height = math.floor(self.height() * self._dpr())
        return QRect(max(0, (width - side) // 2), max(0, (height - side) // 2), side, side)

    def sizeHint(self) -> QSize:
        """A square of the target size, or the symbol's own size when that is larger; codes
        of different sizes side by side thus keep their captions in line."""
        if self._matrix is None:
            return QSize(0, 0)
        symbol = math.ceil(self.module_px() * self._matrix.size_with_quiet_zone / self._dpr())
        side = max(symbol, self._target_px)
        return QSize(side, side)

    def paintEvent(self, event) -> None:
        if self._matrix is None:
            return
        painter = QPainter(self)
        dpr = self._dpr()
        painter.scale(1 / dpr, 1 / dpr)  # from here on: device pixels, never mirrored
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        rect = self.symbol_rect()
        module = self.module_px()
        key = (rect.x(), rect.y(), module, id(self._matrix))
        if self._path_cache is None or self._path_cache[0] != key:
            origin = QPoint(rect.x() + QUIET_ZONE * module, rect.y() + QUIET_ZONE * module)
            self._path_cache = (key, qr_path(self._matrix, module, origin))
        painter.fillRect(rect, LIGHT)
        painter.fillPath(self._path_cache[1], DARK)
        painter.end()


class QrWidget(QWidget):
    """A QR code with its caption in the visitor's language ("Scan for the map"), and what it
    holds (:class:`~kiosk.qr.CodeKind`: contact card, website, map pin or map search)."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        self.canvas = QrCanvas(f"{object_name}_code", self)
        column.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter)
        self.caption = make_label(f"{object_name}_caption", "", self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        column.addWidget(self.caption)
        self._payload: str | None = None
        self._kind: CodeKind | None = None

    def set_code(
        self,
        payload: str | None,
        matrix: QrMatrix | None,
        caption: str,
        target_px: int,
        kind: CodeKind | None = None,
    ) -> None:
        """Show a symbol with its caption; hidden when there is nothing to encode."""
        self._payload = payload
        self._kind = kind if matrix is not None else None
        self.canvas.set_matrix(matrix, target_px)
        self.caption.setText(caption)
        self.setAccessibleName(caption)
        self.canvas.setAccessibleName(caption)
        # A wrapping label inside nested layouts gets its height from a guessed width; fix the
        # width to the code's and reserve the height the caption really needs there.
        width = max(self.canvas.sizeHint().width(), target_px)
        self.caption.setFixedWidth(width)
        self.caption.setMinimumHeight(max(0, self.caption.heightForWidth(width)))
        self.setVisible(matrix is not None)

    def payload(self) -> str | None:
        """The text the symbol encodes (what a phone will read)."""
        return self._payload

    def kind(self) -> CodeKind | None:
        """What the symbol holds (None when none is shown)."""
        return self._kind
