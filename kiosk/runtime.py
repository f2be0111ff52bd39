"""Where a deployed kiosk keeps its files, and how it finds a usable database at start-up.

The shipped ``data.db`` is only the starting point: a kiosk works on its own copy in the
platform's data directory, with backups beside it. When that copy is missing, damaged, read-only
or from a newer version, start-up falls back to the newest good backup (or, on a first start, to
the shipped data) and says so; the faulty file is kept aside for staff, never deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.db.connection import DatabaseError, open_database

log = logging.getLogger(__name__)

APP_NAME = "wegweiser"
APP_AUTHOR = "dresden"


@dataclass(frozen=True)
class KioskPaths:
    """Folders of one installation (all created on demand)."""

    data_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> KioskPaths:
        import platformdirs

        return cls(
            Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
            Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
        )

    @property
    def database(self) -> Path:
        return self.data_dir / "kiosk.db"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / "kiosk.lock"


@dataclass
class StartupDatabase:
    """The outcome of opening the database at start-up."""

    conn: sqlite3.Connection | None
    path: Path
    problem: str = ""  # what was wrong with the live database ("" when nothing)
    restored_from: Path | None = None  # the backup or shipped file used instead

    @property
    def usable(self) -> bool:
        return self.conn is not None


def check_database_file(path: Path) -> str:
    """ "" when ``path`` is a sound kiosk database this code can use, else the reason."""
    from kiosk.admin.backup import check_backup_file

    try:
        check_backup_file(path)  # the same checks as before a restore
    except DatabaseError as error:
        return str(error)
    return ""


def _copy_database(source: Path, target: Path) -> None:
    """Copy a database consistently (SQLite backup API), replacing ``target`` atomically."""
    tmp = target.with_name(f".{target.name}.restoring")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.replace(tmp, target)


def _set_aside(path: Path) -> Path | None:
    if not path.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.faulty-{stamp}")
    os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        extra = Path(f"{path}{suffix}")
        if extra.exists():
            os.replace(extra, Path(f"{aside}{suffix}"))
    return aside


def backups_newest_first(backups: Path) -> list[Path]:
    if not backups.is_dir():
        return []
    return sorted(backups.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)


def open_live_database(path: Path, backups: Path, shipped: Path | None) -> StartupDatabase:
    """Open the kiosk's database, falling back to a good backup or the shipped data."""
    first_start = not path.exists()
    try:
        if first_start:
            raise DatabaseError(f"The database {path} does not exist.")
        return StartupDatabase(open_database(path, backup_dir=backups), path)
    except DatabaseError as error:
        problem = str(error)
    except sqlite3.Error as error:  # e.g. read-only file while switching to WAL
        problem = f"The database {path} cannot be used: {error}"
    if not first_start:
        log.error("live database unusable: %s", problem)
    candidates = backups_newest_first(backups)
    if first_start and shipped is not None:
        candidates = [*candidates, shipped] if candidates else [shipped]
    for candidate in candidates:
        reason = check_database_file(candidate)
        if reason:
            log.warning("not using %s: %s", candidate, reason)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            aside = _set_aside(path)
            if aside:
                log.error("kept the faulty database as %s", aside)
            _copy_database(candidate, path)
            conn = open_database(path, backup_dir=backups)
        except (OSError, sqlite3.Error, DatabaseError) as error:
            log.error("restoring from %s failed: %s", candidate, error)
            continue
        if first_start and candidate == shipped and not backups_newest_first(backups):
            return StartupDatabase(conn, path)  # an ordinary first start
        return StartupDatabase(conn, path, problem, candidate)
    return StartupDatabase(None, path, problem)
