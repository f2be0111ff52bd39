"""Housekeeping while the kiosk runs: the nightly backup, checked once an hour."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from kiosk.backups import backup_due, make_daily_backup
from kiosk.db.connection import DatabaseError

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
