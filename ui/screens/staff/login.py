"""The door to staff mode: the PIN pad, its lockout countdown, or the note that no PIN is set."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout

from kiosk.admin.access import AccessState
from kiosk.admin.desk import StaffDesk
from ui.screens.base import Screen, make_label
from ui.screens.staff.common import make_button
from ui.widgets.pin_pad import PinPadWidget

LOCK_TICK_MS = 250


class StaffLoginScreen(Screen):
    """Asks for the PIN; emits ``granted`` on the right one, ``cancelled`` on "Back"."""

    screen_name = "staff_login"
    granted = Signal()
    cancelled = Signal()

    def __init__(self, desk: StaffDesk, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._desk = desk
        self._message_source: tuple[str, dict] | None = None
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = make_label("pin_message", "subtitle", self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.message)
        self.closed_note = make_label("staff_closed_note", "notice", self)
        self.closed_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(self.closed_note)
        self.pad = PinPadWidget(self._localizer, self._metrics, self)
        self.pad.pin_entered.connect(self._on_pin_entered)
        self._layout.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignHCenter)
        self._layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.cancel = make_button("pin_cancel", self._metrics, self, on_click=self.cancelled.emit)
        row.addWidget(self.cancel)
        row.addStretch(1)
        self._layout.addLayout(row)
        self._tick = QTimer(self)
        self._tick.setInterval(LOCK_TICK_MS)
        self._tick.timeout.connect(self._refresh_lock)
        self.retranslate()

    def open(self) -> None:
        """Show a fresh pad (or the closed note when no PIN exists)."""
        self.pad.clear()
        has_pin = self._desk.access.has_pin()
        self.pad.setVisible(has_pin)
        self.closed_note.setVisible(not has_pin)
        self._message_source = None
        self._refresh_lock()
        if has_pin:
            self.pad.setFocus()

    def close_pad(self) -> None:
        self.pad.clear()
        self._tick.stop()

    def _on_pin_entered(self, pin: str) -> None:
        result = self._desk.access.verify(pin)
        del pin
        if result.state is AccessState.GRANTED:
            self._message_source = None
            self._tick.stop()
            self.granted.emit()
        elif result.state is AccessState.WRONG:
            self._message_source = ("wrong", {"n": result.tries_left})
            self._show_message()
        elif result.state is AccessState.NO_PIN:
            self.open()
        elif result.state is AccessState.UNAVAILABLE:
            self.pad.clear()
            self._message_source = ("unavailable", {})
            self._show_message()
            return
        self._refresh_lock()

    def _refresh_lock(self) -> None:
        if not self.isVisible() and self._tick.isActive():
            self._tick.stop()  # staff mode closed meanwhile; open() checks again
            return
        until = self._desk.access.locked_until()
        if until is None:
            self._tick.stop()
            self.pad.set_locked(False)
            if self._message_source and self._message_source[0] == "locked":
                self._message_source = None
        else:
            seconds = max(1, math.ceil((until - self._desk.now()).total_seconds()))
            self.pad.set_locked(True)
            self._message_source = ("locked", {"seconds": seconds})
            if not self._tick.isActive():
                self._tick.start()
        self._show_message()

    def _show_message(self) -> None:
        cat = self.cat
        kind = self._message_source[0] if self._message_source else ""
        values = self._message_source[1] if self._message_source else {}
        if kind == "wrong":
            text = cat.n_(
                "Wrong PIN. {n} more try before the pad locks.",
                "Wrong PIN. {n} more tries before the pad locks.",
                values["n"],
            )
        elif kind == "locked":
            text = cat.n_(
                "Too many wrong PINs. The pad is locked for {n} more second.",
                "Too many wrong PINs. The pad is locked for {n} more seconds.",
                values["seconds"],
            )
        elif kind == "unavailable":
            text = cat._(
                "Staff mode cannot open: the kiosk cannot save to its database (read-only or "
                "disk full), so PIN tries cannot be counted. Please tell the IT service."
            )
        else:
            text = cat._("Enter the staff PIN ({low}–{high} digits) and tap OK.", low=6, high=12)
        self.message.setText(text)

    def retranslate(self) -> None:
        cat = self.cat
        # TRANSLATORS: title of the screen that asks staff for their PIN
        self.title.setText(cat._("Staff mode"))
        self.closed_note.setText(
            cat._("Staff mode is closed until a PIN is set with kiosk-admin set-pin")
        )
        self.cancel.setText(cat._("Back to the kiosk"))
        self._show_message()
