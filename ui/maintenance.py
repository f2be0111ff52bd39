"""Housekeeping while the kiosk runs: the nightly backup, checked once an hour, and changes
that ``kiosk-admin`` made to the database meanwhile, shown at the next start screen."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk.db.connection import DatabaseError, data_version
from kiosk.nightly_backups import backup_due, make_daily_backup

log = logging.getLogger(__name__)


class NightlyBackup(QObject):
    """Makes the day's backup after ``hour`` o'clock, keeping ``keep`` days."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        folder: Path,
        *,
        hour: int = 2,
        keep: int = 14,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        interval_ms: int = 3_600_000,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._conn, self._folder, self._hour, self._keep, self._clock = (
            conn,
            folder,
            hour,
            keep,
            clock,
        )
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.run_if_due)
        self._timer.start(interval_ms)

    def run_if_due(self) -> Path | None:
        now = self._clock()
        if not backup_due(self._folder, now, self._hour):
            return None
        try:
            return make_daily_backup(self._conn, self._folder, now.date(), self._keep)
        except (OSError, sqlite3.Error, DatabaseError) as error:  # disk full, read-only …
            log.error("nightly backup failed: %s", error)
            return None


class OutsideChanges(QObject):
    """Watches for what another program committed to the kiosk's database (``kiosk-admin
    import``, ``restore``, ``set-pin``…) and shows it: the visitor screens are read again when
    the start screen is showing and staff mode is closed, so a visitor never sees the data
    change under their finger. (Staff mode's own saves refresh at once; they do not count.)"""

    def __init__(self, conn: sqlite3.Connection, window, interval_ms: int = 5_000):
        super().__init__(window)
        self._conn = conn
        self._window = window
        self._version = data_version(conn)
        self._pending = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(interval_ms)
        window.session_reset.connect(self._apply_if_pending)

    @property
    def pending(self) -> bool:
        return self._pending

    def check(self) -> None:
        try:
            version = data_version(self._conn)
        except sqlite3.Error as error:  # the connection closed or the file is gone
            log.error("cannot check the database for changes: %s", error)
            self._timer.stop()
            return
        if version != self._version:
            self._version = version
            self._pending = True
            log.info("the database was changed by another program; refreshing when idle")
        self._apply_if_pending()

    def _apply_if_pending(self) -> None:
        window = self._window
        staff = window.staff_mode
        if not self._pending or window.current_screen() != "attract":
            return
        if staff is not None and staff.is_open():
            return
        self._pending = False
        try:
            window.refresh_from_data(apply_settings=True)
        except (sqlite3.Error, DatabaseError) as error:
            log.error("reading the changed database failed: %s", error)
