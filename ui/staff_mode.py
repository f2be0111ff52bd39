"""Staff mode inside the kiosk window: the hidden corner, the PIN, the staff layer, its idle time.

The :class:`StaffModeController` is created by :mod:`ui.window` when the kiosk has staff use
cases; it gets a function that makes the staff area on the first long press. It pauses the
visitor's idle timer while staff work, runs staff mode's own idle timer (staff mode leaves
itself and the kiosk starts over), and asks the navigator to show changed data at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, SignalInstance

from kiosk.visitor import KioskSettings
from ui.input_hub import InputHub
from ui.localizer import Localizer
from ui.theme import Metrics
from ui.widgets.staff_corner import StaffCornerWidget

if TYPE_CHECKING:
    from ui.screens.staff.area import StaffArea

log = logging.getLogger(__name__)


class StaffModeHost(Protocol):
    """What staff mode needs of the kiosk window (a QWidget): pause and resume the visitor's
    idle time, start over, show changed data, and pass on staff's request to quit."""

    quit_requested: SignalInstance

    def pause_idle(self) -> None: ...

    def resume_idle(self) -> None: ...

    def reset(self) -> None: ...

    def refresh_from_data(self, apply_settings: bool = False) -> KioskSettings: ...


CORNER_MM = 10  # inside the screens' margins, so no visitor control lies under it
_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class StaffModeController(QObject):
    """Opens staff mode after a long press and the PIN; closes it on request or when idle."""

    opened = Signal()
    closed = Signal()

    def __init__(
        self,
        window: StaffModeHost,
        make_area: Callable[[], StaffArea],
        localizer: Localizer,
        metrics: Metrics,
        settings: KioskSettings,
    ):
        """``make_area`` makes the staff area over ``window`` (on the first long press: the
        staff screens and use cases are not even imported before)."""
        super().__init__(window)
        self._window = window
        self._make_area = make_area
        self._localizer = localizer
        self.corner = StaffCornerWidget(settings.staff_gesture_ms, metrics.mm(CORNER_MM), window)
        self.corner.long_pressed.connect(self.open)
        self._area: StaffArea | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(settings.staff_idle_ms)
        self._idle.timeout.connect(self._on_idle)
        window.installEventFilter(self)
        localizer.language_changed.connect(self._retranslate)
        self._retranslate()

    @property
    def area(self) -> StaffArea:
        if self._area is None:
            area = self._make_area()
            area.left.connect(self.leave)
            area.offers_changed.connect(self._window.refresh_from_data)
            area.settings_changed.connect(self._on_settings_changed)
            area.quit_requested.connect(self._window.quit_requested)
            self._area = area
        return self._area

    def is_open(self) -> bool:
        return self._area is not None and self._area.isVisible()

    def open(self) -> None:
        """Show the PIN pad over the kiosk (after the long press)."""
        if self.is_open():
            return
        log.info("staff mode requested")
        self._window.pause_idle()
        self.area.open_login()
        self.area.setGeometry(self._window.rect())
        self.area.show()
        self.area.raise_()
        self.corner.hide()
        InputHub.of().watch(_ACTIVITY, self._on_activity, self)
        self._idle.start()
        self.opened.emit()

    def leave(self, *, start_over: bool = False) -> None:
        """Close staff mode; unsaved edits are dropped. ``start_over`` resets the kiosk too."""
        if not self.is_open():
            return
        InputHub.of().unwatch(self._on_activity)
        self._idle.stop()
        self.area.close_all()
        self.corner.show()
        self.corner.place()
        log.info("staff mode closed")
        self._window.resume_idle()
        if start_over:
            self._window.reset()
        self.closed.emit()

    def _on_idle(self) -> None:
        log.info("staff mode idle; closing it and starting the kiosk over")
        self.leave(start_over=True)

    def _on_settings_changed(self) -> None:
        self._window.refresh_from_data(apply_settings=True)

    def apply_settings(self, settings: KioskSettings) -> None:
        """Staff saved new settings: the hidden corner's hold time and staff mode's idle time."""
        self.corner.set_hold_ms(settings.staff_gesture_ms)
        self._idle.setInterval(settings.staff_idle_ms)

    def _retranslate(self, *_args) -> None:
        cat = self._localizer.catalogue
        self.corner.setAccessibleName(cat._("Staff access (hold for a few seconds)"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Resize and self.is_open():
            self.area.setGeometry(self._window.rect())
        return False

    def _on_activity(self, _watched: QObject, _event: QEvent) -> bool:
        if self._idle.isActive():
            self._idle.start()
        return False

    def shutdown(self) -> None:
        InputHub.of().unwatch(self._on_activity)
        self._window.removeEventFilter(self)
        self._idle.stop()
