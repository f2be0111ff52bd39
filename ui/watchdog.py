"""Heartbeat to systemd from the Qt event loop: if the loop freezes, systemd restarts us."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from kiosk.sd_notify import notify, watchdog_interval_ms


class SystemdWatchdog(QObject):
    """Sends READY=1 once and WATCHDOG=1 periodically while the event loop runs."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._beat)
        interval = watchdog_interval_ms()
        if interval:
            self._timer.start(interval)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def ready(self, status: str = "") -> None:
        notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def _beat(self) -> None:
        notify("WATCHDOG=1")
