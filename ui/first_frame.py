"""Running the rest of the start-up once the kiosk's first frame is on screen."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterFirstFrame(QObject):
    """Calls ``then`` once ``window`` has painted its first frame, or after ``fallback_ms``
    should no paint come (a window that is never exposed). The visitor sees the start screen
    at once; the rest of the kiosk is built while they walk up to it. Owned by the window."""

    def __init__(self, window: QWidget, then: Callable[[], None], fallback_ms: int = 1500):
        super().__init__()
        self._window = window
        self._then = then
        self._done = False
        #: When the first frame was on screen (``time.time()`` at the turn of the loop after
        #: the window's first paint), or None: before, or the fallback ran ``then`` instead.
        self.frame_at: float | None = None
        self._painted = False
        self.setObjectName("after_first_frame")
        self.setParent(window)
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # (getattr: while Python shuts down, this object's attributes may already be gone)
        if event.type() == QEvent.Type.Paint and watched is getattr(self, "_window", None):
            # The frame is flushed after this paint event; go on at the next turn of the loop.
            self._window.removeEventFilter(self)
            self._painted = True
            QTimer.singleShot(0, self, self.fire)
        return False

    def fire(self) -> None:
        if self._done:
            return
        self._done = True
        if self._painted:
            self.frame_at = time.time()
        self._window.removeEventFilter(self)
        self._then()

    @property
    def painted(self) -> bool:
        """Whether a paint came before ``then`` ran (False: the fallback ran it)."""
        return self.frame_at is not None
