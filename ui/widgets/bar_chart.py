"""A plain horizontal bar chart painted with QPainter: a label, a bar and the exact number.

Readable at a glance from a metre away and in right-to-left layouts (bars grow from the leading
edge); numbers are always written next to the bars, so nothing depends on colour alone. A row
may carry a note written there instead of the bare number ("yes 7 · no 3 · 70 %").
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import Palette


class BarChartWidget(QWidget):
    """Rows of (label, value); the longest bar is the largest value."""

    def __init__(self, object_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._rows: list[tuple[str, int]] = []
        self._notes: list[str] = []
        self._empty_text = ""
        self._palette = Palette()

    def set_rows(
        self, rows: list[tuple[str, int]], empty_text: str = "", notes: list[str] | None = None
    ) -> None:
        """The rows; ``notes`` (one per row) are written beside the bars instead of the values."""
        self._rows = list(rows)
        self._notes = list(notes) if notes is not None else [str(v) for _, v in self._rows]
        if len(self._notes) != len(self._rows):
            raise ValueError("one note per row")
        self._empty_text = empty_text
        self.setAccessibleDescription(
            "; ".join(
                f"{label}: {note}" for (label, _), note in zip(self._rows, self._notes, strict=True)
            )
            or empty_text
        )
        self.updateGeometry()
        self.update()

    def rows(self) -> list[tuple[str, int]]:
        return list(self._rows)

    def notes(self) -> list[str]:
        """What is written beside each bar."""
        return list(self._notes)

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 14

    def sizeHint(self) -> QSize:
        return QSize(600, max(1, len(self._rows)) * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(300, self.sizeHint().height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        width = self.width()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        text = QColor(self._palette.text)
        if not self._rows:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
            return
        label_width = min(width // 3, max(metrics.horizontalAdvance(r[0]) for r in self._rows) + 16)
        number_width = max(metrics.horizontalAdvance(note) for note in self._notes) + 16
        bar_space = max(10, width - label_width - number_width)
        largest = max(value for _, value in self._rows) or 1
        row_h = self._row_height()
        for index, ((label, value), note) in enumerate(zip(self._rows, self._notes, strict=True)):
            top = 4 + index * row_h
            bar = bar_space * value / largest
            if rtl:
                label_rect = QRectF(width - label_width, top, label_width - 8, row_h)
                bar_rect = QRectF(width - label_width - bar, top + 5, bar, row_h - 10)
                number_rect = QRectF(bar_rect.left() - number_width, top, number_width - 6, row_h)
                label_align = Qt.AlignmentFlag.AlignRight
                number_align = Qt.AlignmentFlag.AlignRight
            else:
                label_rect = QRectF(0, top, label_width - 8, row_h)
                bar_rect = QRectF(label_width, top + 5, bar, row_h - 10)
                number_rect = QRectF(bar_rect.right() + 6, top, number_width, row_h)
                label_align = Qt.AlignmentFlag.AlignLeft
                number_align = Qt.AlignmentFlag.AlignLeft
            painter.setPen(text)
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_rect.width()))
            painter.drawText(label_rect, label_align | Qt.AlignmentFlag.AlignVCenter, elided)
            painter.fillRect(bar_rect, QColor(self._palette.accent))
            painter.drawText(number_rect, number_align | Qt.AlignmentFlag.AlignVCenter, note)
