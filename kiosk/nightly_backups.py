"""Automatic daily backups of the live database, with rotation.

A backup is a consistent copy made with SQLite's backup API (safe while the kiosk runs),
checked with ``integrity_check`` before it counts, named ``kiosk-YYYY-MM-DD.db``; only the
newest ``keep`` daily backups are kept. Start-up falls back to these copies when needed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from pathlib import Path

from kiosk.admin.backup_restore import write_backup

log = logging.getLogger(__name__)

_DAILY = re.compile(r"^kiosk-(\d{4}-\d{2}-\d{2})\.db$")


def daily_backups(folder: Path) -> list[tuple[dt.date, Path]]:
    """The daily backups in ``folder``, newest first."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _DAILY.match(path.name)
            if match:
                found.append((dt.date.fromisoformat(match.group(1)), path))
    return sorted(found, reverse=True)


def backup_due(folder: Path, now: dt.datetime, hour: int) -> bool:
    """True when today's backup is missing and the backup hour has come."""
    if now.hour < hour:
        return False
    return not any(day == now.date() for day, _ in daily_backups(folder))


def make_daily_backup(conn: sqlite3.Connection, folder: Path, today: dt.date, keep: int) -> Path:
    """Write today's backup (replacing an earlier one of today) and prune old ones."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"kiosk-{today.isoformat()}.db"
    tmp = folder / f".{target.name}.partial"
    tmp.unlink(missing_ok=True)
    try:
        write_backup(conn, tmp)  # the same checked copy as `kiosk-admin backup`
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, target)
    for _, old in daily_backups(folder)[max(1, keep) :]:
        old.unlink(missing_ok=True)
        log.info("removed old backup %s", old.name)
    log.info("daily backup written: %s", target)
    return target
