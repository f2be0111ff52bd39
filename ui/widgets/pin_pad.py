"""A touch PIN pad: ten big digit keys, delete and OK; the PIN shows only as dots.

The pad keeps the typed digits only until OK (or cancel, or :meth:`clear`) and never writes
them anywhere: ``pin_entered`` hands the PIN to whoever checks it. Digits keep the telephone
order 1-2-3 left to right in every language, like a phone's keypad.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.admin.pin import PIN_MAX_DIGITS, PIN_MIN_DIGITS
from ui.localizer import Localizer
from ui.theme import Metrics

DOT = "●"
KEY_MM = 22  # side of a key; well above the 15 mm minimum for touch


class PinPadWidget(QWidget):
    """Digit keys 0–9, delete and OK; emits ``pin_entered`` with the digits on OK."""

    pin_entered = Signal(str)

    def __init__(self, localizer: Localizer, metrics: Metrics, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pin_pad")
        self._localizer = localizer
        self._digits: list[str] = []
        self._locked = False
        column = QVBoxLayout(self)
        column.setSpacing(metrics.gap)
        column.setContentsMargins(0, 0, 0, 0)
        self.display = QLabel(self)
        self.display.setObjectName("pin_display")
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(metrics.touch_primary)
        self.display.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        column.addWidget(self.display)
        keys = QWidget(self)
        keys.setObjectName("pin_keys")
        # A keypad is not mirrored in right-to-left languages (as on a phone).
        keys.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        grid = QGridLayout(keys)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(metrics.gap)
        size = metrics.mm(KEY_MM)
        self.digit_buttons: list[QPushButton] = []
        for index, digit in enumerate("1234567890"):
            button = QPushButton(digit, keys)
            button.setObjectName(f"pin_digit_{digit}")
            button.setProperty("pin", True)
            button.setFixedSize(size, size)
            button.setAccessibleName(digit)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, d=digit: self._add(d))
            row, col = (3, 1) if digit == "0" else divmod(index, 3)
            grid.addWidget(button, row, col)
            self.digit_buttons.append(button)
        self.delete = QPushButton("⌫", keys)
        self.delete.setObjectName("pin_delete")
        self.ok = QPushButton(keys)
        self.ok.setObjectName("pin_ok")
        self.ok.setProperty("primary", True)
        for button in (self.delete, self.ok):
            button.setProperty("pin", True)
            button.setFixedSize(size, size)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.delete.clicked.connect(self._remove)
        self.ok.clicked.connect(self._submit)
        grid.addWidget(self.delete, 3, 0)
        grid.addWidget(self.ok, 3, 2)
        column.addWidget(keys, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.retranslate()
        self._refresh()

    # -- state -----------------------------------------------------------------------------
    def clear(self) -> None:
        self._digits.clear()
        self._refresh()

    def set_locked(self, locked: bool) -> None:
        """A locked pad takes no digits (while the lockout runs)."""
        self._locked = locked
        if locked:
            self._digits.clear()
        self._refresh()

    def _add(self, digit: str) -> None:
        if not self._locked and len(self._digits) < PIN_MAX_DIGITS:
            self._digits.append(digit)
            self._refresh()

    def _remove(self) -> None:
        if self._digits:
            self._digits.pop()
            self._refresh()

    def _submit(self) -> None:
        if self._locked or len(self._digits) < PIN_MIN_DIGITS:
            return
        pin = "".join(self._digits)
        self._digits.clear()
        self._refresh()
        self.pin_entered.emit(pin)

    def _refresh(self) -> None:
        self.display.setText(" ".join(DOT * len(self._digits)) or " ")
        for button in self.digit_buttons:
            button.setEnabled(not self._locked and len(self._digits) < PIN_MAX_DIGITS)
        self.delete.setEnabled(not self._locked and bool(self._digits))
        self.ok.setEnabled(not self._locked and len(self._digits) >= PIN_MIN_DIGITS)
        cat = self._localizer.catalogue
        self.display.setAccessibleName(
            cat.n_("{n} digit entered", "{n} digits entered", len(self._digits))
        )

    # -- language and keyboard -------------------------------------------------------------
    def retranslate(self) -> None:
        cat = self._localizer.catalogue
        # TRANSLATORS: the OK key of the staff PIN pad
        self.ok.setText(cat._("OK"))
        self.ok.setAccessibleName(cat._("Confirm the PIN"))
        self.delete.setAccessibleName(cat._("Delete the last digit"))
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and text.isascii():
            self._add(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self._remove()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._submit()
        else:
            super().keyPressEvent(event)
