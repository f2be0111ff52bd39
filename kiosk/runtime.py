"""Where a deployed kiosk keeps its files, and how it finds a usable database at start-up.

The shipped ``data.db`` is only the starting point: it is read, never written (it may lie in a
root-owned folder), and copied with SQLite's backup API into the kiosk's own database in the
platform's data directory, with backups beside it. When that copy is missing, damaged, empty,
read-only or from a newer version, start-up falls back to the newest good backup (or, when
there has never been any data, to the shipped data) and says so; the faulty file is kept aside
for staff, never deleted. A data directory the kiosk cannot write, or a full disk, is reported
as such (:class:`Fault`) so the kiosk can show staff what to fix.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import shutil
import sqlite3
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from kiosk.db.connection import (
    REQUIRED_TABLES,
    DatabaseError,
    backup_to,
    connect,
    content_counts,
    open_database,
    try_write,
)

log = logging.getLogger(__name__)

APP_NAME = "wegweiser"
APP_AUTHOR = "dresden"
#: Below this much free space the kiosk does not start on a disk: its journal, the nightly
#: backup and the usage counts would fail one after the other while visitors use it.
MIN_FREE_BYTES = 1 << 20


class KioskPaths(NamedTuple):
    """Folders of one installation (all created on demand). (A named tuple: made before the
    start screen's first frame, where a frozen dataclass costs ~1 ms.)"""

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


class Fault(StrEnum):
    """What staff have to fix when the kiosk cannot start (each has its own advice on screen)."""

    DATABASE = "database"  # missing, damaged, empty or newer database: restore a backup
    READ_ONLY = "read_only"  # the kiosk's user cannot write its data directory or database
    DISK_FULL = "disk_full"  # the disk holding the data directory is full


class StartupDatabase:
    """The outcome of opening the database at start-up. (A plain class, as the other objects
    made before the start screen's first frame: a dataclass costs ~1 ms to make.)"""

    __slots__ = ("conn", "fault", "path", "problem", "restored_from")

    def __init__(
        self,
        conn: sqlite3.Connection | None,
        path: Path,
        problem: str = "",  # what was wrong with the live database ("" when nothing)
        restored_from: Path | None = None,  # the backup or shipped file used instead
        fault: Fault = Fault.DATABASE,  # when not usable: what kind of problem ``problem`` is
    ):
        self.conn = conn
        self.path = path
        self.problem = problem
        self.restored_from = restored_from
        self.fault = fault

    def __repr__(self) -> str:
        return (
            f"StartupDatabase(path={self.path!r}, usable={self.usable}, "
            f"problem={self.problem!r}, restored_from={self.restored_from!r})"
        )

    @property
    def usable(self) -> bool:
        return self.conn is not None


class CannotWriteError(Exception):
    """The kiosk cannot write where it must; the message (for staff) names the path."""

    def __init__(self, fault: Fault, message: str):
        super().__init__(message)
        self.fault = fault


_READ_ONLY_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 10, 13, 14


def _free_text(folder: Path) -> str:
    try:
        return f"{shutil.disk_usage(folder).free // 1024} kB free"
    except OSError:
        return "no space left"


def write_problem(
    error: BaseException, path: Path, folder: Path | None = None
) -> CannotWriteError | None:
    """A :class:`CannotWriteError` naming ``path`` when ``error`` means read-only or disk full
    (``folder``: the folder whose disk counts; default: the one holding ``path``)."""
    folder = folder or path.parent
    code = None
    if isinstance(error, OSError):
        code = error.errno
        if code in _FULL_ERRNOS:
            return CannotWriteError(
                Fault.DISK_FULL, f"The disk holding {folder} is full ({_free_text(folder)})."
            )
        if code in _READ_ONLY_ERRNOS:
            return CannotWriteError(
                Fault.READ_ONLY, f"The kiosk cannot write {path} (read-only: {error.strerror})."
            )
        return None
    if isinstance(error, sqlite3.Error):
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        if code == _SQLITE_FULL:
            return CannotWriteError(
                Fault.DISK_FULL, f"The disk holding {folder} is full ({_free_text(folder)})."
            )
        if code == _SQLITE_READONLY:
            return CannotWriteError(
                Fault.READ_ONLY, f"The database {path} is read-only for the kiosk."
            )
        if code in (_SQLITE_CANTOPEN, _SQLITE_IOERR):
            return folder_problem(folder, min_free=0)
    return None


def folder_problem(folder: Path, min_free: int = MIN_FREE_BYTES) -> CannotWriteError | None:
    """None when the kiosk can write files in ``folder`` (created if missing) and the disk has
    ``min_free`` bytes to spare; else what is wrong, naming the folder."""
    probe = folder / f".write-probe-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with probe.open("wb") as fp:
            fp.write(b"\0" * 4096)
            fp.flush()
            os.fsync(fp.fileno())
        free = shutil.disk_usage(folder).free
    except OSError as error:
        return write_problem(error, folder, folder) or CannotWriteError(
            Fault.READ_ONLY, f"The kiosk cannot write in {folder}: {error}"
        )
    finally:
        try:
            probe.unlink(missing_ok=True)
        except OSError:
            pass
    if free < min_free:
        return CannotWriteError(
            Fault.DISK_FULL,
            f"The disk holding {folder} is full ({free // 1024} kB free, the kiosk needs "
            f"{min_free // 1024} kB).",
        )
    return None


def probe_write(conn: sqlite3.Connection, path: Path) -> None:
    """Raise :class:`CannotWriteError` unless a write to the database behind ``conn`` would work.

    The probe writes inside a transaction that is rolled back, so the file is left as it was.
    """
    try:
        try_write(conn)
    except sqlite3.Error as error:
        raise write_problem(error, path) or CannotWriteError(
            Fault.READ_ONLY, f"The kiosk cannot write the database {path}: {error}"
        ) from error


def content_problem(conn: sqlite3.Connection, path: Path) -> str:
    """ "" when the database holds what a kiosk needs to serve visitors, else the reason: an
    empty file becomes a schema through the migrations, but it still has nothing to show."""
    try:
        counts = content_counts(conn, REQUIRED_TABLES)
    except sqlite3.DatabaseError as error:
        return f"The database {path} cannot be read: {error}"
    if not REQUIRED_TABLES <= counts.tables:
        return f"The database {path} is not a Wegweiser kiosk database (tables missing)."
    if counts.offers == 0:
        return f"The database {path} is empty: it holds no offers."
    if counts.enabled_languages == 0:
        return f"The database {path} is empty: no language is enabled for visitors."
    return ""


def check_database_file(path: Path) -> str:
    """ "" when ``path`` is a sound kiosk database with data to serve, else the reason.

    The file is only read (never a ``-journal``, ``-wal`` or ``-shm`` beside it)."""
    from kiosk.admin.backup_restore import check_backup_file

    try:
        check_backup_file(path)  # the same checks as before a restore
    except DatabaseError as error:
        return str(error)
    try:
        conn = connect(path, readonly=True, immutable=True)
    except DatabaseError as error:
        return str(error)
    try:
        return content_problem(conn, path)
    finally:
        conn.close()


def _copy_database(source: Path, target: Path) -> None:
    """Copy a database consistently (SQLite backup API), replacing ``target`` atomically.

    ``source`` is opened read-only (immutable: nothing is written or created beside it); the
    copy is a self-contained file in rollback-journal mode."""
    tmp = target.with_name(f".{target.name}.restoring")
    tmp.unlink(missing_ok=True)
    src = connect(source, readonly=True, immutable=True)
    try:
        backup_to(src, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()


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


def _open_checked(path: Path, backups: Path) -> sqlite3.Connection:
    """The live database, opened and migrated, with data to serve and writable; else raises
    :class:`DatabaseError` (unusable or empty) or :class:`CannotWriteError`."""
    try:
        conn = open_database(path, backup_dir=backups, require_schema=True)
    except DatabaseError as error:
        # e.g. switching a read-only file to WAL: a write problem, not a damaged file
        cannot = write_problem(error.__cause__, path) if error.__cause__ else None
        if cannot is not None:
            raise cannot from error
        raise
    try:
        problem = content_problem(conn, path)
        if problem:
            raise DatabaseError(problem)
        probe_write(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _is_empty_problem(problem: str) -> bool:
    return " is empty" in problem


def open_live_database(
    path: Path, backups: Path, shipped: Path | None, *, min_free: int = MIN_FREE_BYTES
) -> StartupDatabase:
    """Open the kiosk's database, falling back to a good backup or the shipped data.

    Order: the data directory must be writable with ``min_free`` bytes to spare (else the
    kiosk cannot run: ``fault`` says why); then the live database must open, hold offers and
    languages, and take a write. A live database that is only read-only is copied to a new,
    writable file (its data is the newest); a damaged or empty one is replaced by the newest
    good backup. The shipped data is used on a first start, and also when an empty file is
    all there is (there was never any data to lose).
    """
    trouble = folder_problem(path.parent, min_free)
    if trouble is not None:
        log.error("kiosk cannot start: %s", trouble)
        return StartupDatabase(None, path, str(trouble), fault=trouble.fault)
    first_start = not path.exists()
    read_only_live = False
    try:
        if first_start:
            raise DatabaseError(f"The database {path} does not exist.")
        return StartupDatabase(_open_checked(path, backups), path)
    except CannotWriteError as error:
        if error.fault is Fault.DISK_FULL:  # a copy would not fit either
            log.error("kiosk cannot start: %s", error)
            return StartupDatabase(None, path, str(error), fault=error.fault)
        problem, read_only_live = str(error), True
    except DatabaseError as error:
        problem = str(error)
    except (sqlite3.Error, OSError) as error:
        cannot = write_problem(error, path)
        if cannot is not None and cannot.fault is Fault.DISK_FULL:
            log.error("kiosk cannot start: %s", cannot)
            return StartupDatabase(None, path, str(cannot), fault=cannot.fault)
        problem = str(cannot) if cannot else f"The database {path} cannot be used: {error}"
        read_only_live = cannot is not None
    if not first_start:
        log.error("live database unusable: %s", problem)
    empty = not first_start and _is_empty_problem(problem)
    candidates = backups_newest_first(backups)
    if (first_start or (empty and not candidates)) and shipped is not None:
        candidates = [*candidates, shipped]
    if read_only_live:
        candidates = [path, *candidates]  # a read-only database still holds the newest data
    set_aside = False
    for candidate in candidates:
        reason = check_database_file(candidate)
        if reason:
            log.warning("not using %s: %s", candidate, reason)
            continue
        source = candidate
        try:
            if not set_aside:
                aside = _set_aside(path)
                set_aside = True
                if aside:
                    log.error("kept the faulty database as %s", aside)
                    source = aside if candidate == path else candidate
            _copy_database(source, path)
            conn = _open_checked(path, backups)
        except (OSError, sqlite3.Error, DatabaseError, CannotWriteError) as error:
            log.error("restoring from %s failed: %s", source, error)
            cannot = error if isinstance(error, CannotWriteError) else write_problem(error, path)
            if cannot is not None:  # no other copy would fare better
                return StartupDatabase(None, path, str(cannot), fault=cannot.fault)
            continue
        if first_start and candidate == shipped and not backups_newest_first(backups):
            return StartupDatabase(conn, path)  # an ordinary first start
        return StartupDatabase(conn, path, problem, source)
    fault = Fault.READ_ONLY if read_only_live else Fault.DATABASE
    return StartupDatabase(None, path, problem, fault=fault)
