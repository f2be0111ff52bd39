"""The hidden way into staff mode: hold the bottom-left corner of the screen for a few seconds.

An invisible square above every screen (the attract screen included) in a corner that the
screens leave empty (their margins). A tap there does nothing — it does not even reach the
screen below, so it cannot start a visitor session — and only a press held for
``hold_ms`` without leaving the square emits ``long_pressed``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget


class StaffCornerWidget(QWidget):
    """A transparent square pinned to the parent's bottom-left corner (in every direction)."""

    long_pressed = Signal()

    def __init__(self, hold_ms: int, size: int, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("staff_corner")
        self.setFixedSize(size, size)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(hold_ms)
        self._hold_ms = hold_ms
        self._hold.timeout.connect(self._on_held)
        parent.installEventFilter(self)
        self.place()
        # A child made after its window is on screen (the kiosk builds staff mode after the
        # first frame) stays hidden unless shown; no layout does it for this one.
        self.show()

    def set_hold_ms(self, hold_ms: int) -> None:
        """A new hold time, from the next press on. (Setting a running timer's interval
        restarts it: a settings refresh during a press — e.g. after kiosk-admin set-pin — made
        that press count from zero again, and the PIN pad never came.)"""
        self._hold_ms = hold_ms
        if not self._hold.isActive():
            self._hold.setInterval(hold_ms)

    def is_pressing(self) -> bool:
        """Whether a press is being timed right now."""
        return self._hold.isActive()

    def place(self) -> None:
        parent = self.parentWidget()
        self.move(0, parent.height() - self.height())
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.Show,
        ):
            self.place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._hold.start(self._hold_ms)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self.rect().contains(event.position().toPoint()):
            self._hold.stop()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._hold.stop()
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def hideEvent(self, event) -> None:
        self._hold.stop()
        super().hideEvent(event)

    def _on_held(self) -> None:
        self.long_pressed.emit()
