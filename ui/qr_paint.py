"""The dark modules of a QR symbol as one QPainterPath, for the screen and for paper alike.

Painting one path at whole-pixel coordinates keeps the symbol crisp: no hairline seams between
neighbouring modules, and nothing in it depends on the layout direction (it is never mirrored).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainterPath, QRegion

from kiosk.qr import QrMatrix


def qr_path(matrix: QrMatrix, module: int, origin: QPoint) -> QPainterPath:
    """The dark modules as one path; ``origin`` is the symbol's top-left corner (inside the
    quiet zone) and ``module`` the side of one module, both in whole device units.

    One path filled at once leaves no hairline seams between neighbouring modules.
    """
    region = QRegion()
    x0, y0 = origin.x(), origin.y()
    for r, row in enumerate(matrix.rows):
        start = None
        for c, dark in enumerate((*row, False)):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                region = region.united(
                    QRect(x0 + start * module, y0 + r * module, (c - start) * module, module)
                )
                start = None
    path = QPainterPath()
    path.addRegion(region)
    return path
