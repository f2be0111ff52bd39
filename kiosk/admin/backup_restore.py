"""Backups and restores with SQLite's online backup API (never by copying a live file).

A backup is one self-contained file (rollback journal, no ``-wal`` beside it), checked after
writing. A restore first checks the file — a SQLite database, ``PRAGMA integrity_check`` ok,
a Wegweiser schema not newer than this code — then backs up the current database, and only
then copies the file's pages into the live database, migrating it if it is older.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from kiosk.db.connection import (
    REQUIRED_TABLES,
    DatabaseError,
    connect,
    latest_version,
    migrate,
    schema_version,
)
from kiosk.db.repository import transaction
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.changes import AuditEntry

SQLITE_HEADER = b"SQLite format 3\x00"


def write_backup(conn: sqlite3.Connection, target: Path) -> Path:
    """Copy the live database to ``target`` (which must not exist) and check the copy."""
    target = Path(target)
    if target.exists():
        raise FileExistsError(f"{target} exists already; choose a new file name")
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
        result = dest.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dest.close()
    if result != "ok":
        raise DatabaseError(f"The backup {target} failed its check: {result}")
    return target


def check_backup_file(path: Path) -> int:
    """The schema version of a restorable backup; raises :class:`DatabaseError` otherwise."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseError(f"{path} does not exist or is not a file.")
    with path.open("rb") as fp:
        if fp.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise DatabaseError(f"{path} is not a SQLite database.")
    # Only read: the file may be the shipped data.db in a root-owned folder, or a backup that
    # must stay as it is (no -journal, -wal or -shm beside it).
    conn = connect(path, readonly=True, immutable=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise DatabaseError(f"{path} is damaged (integrity_check: {result}).")
        version = schema_version(conn)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"{path} cannot be read: {error}") from error
    finally:
        conn.close()
    if version < 1 or not REQUIRED_TABLES <= tables:
        raise DatabaseError(f"{path} is not a Wegweiser kiosk database.")
    if version > latest_version():
        raise DatabaseError(
            f"{path} has schema version {version}, but this kiosk only knows up to "
            f"{latest_version()}. Install the newer kiosk version to restore it."
        )
    return version


def restore_backup(
    conn: sqlite3.Connection, source: Path, safety_dir: Path, now: dt.datetime
) -> Path:
    """Replace the database behind ``conn`` with ``source``; returns the safety backup.

    Nothing is replaced unless the source passed :func:`check_backup_file` and the current
    database was backed up to ``safety_dir`` first.
    """
    check_backup_file(source)
    safety_dir.mkdir(parents=True, exist_ok=True)
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = safety_dir / f"before-restore-{stamp}.db"
    counter = 1
    while safety.exists():
        counter += 1
        safety = safety_dir / f"before-restore-{stamp}-{counter}.db"
    write_backup(conn, safety)
    src = connect(source, readonly=True, immutable=True)
    try:
        src.backup(conn)
    finally:
        src.close()
    migrate(conn)
    with transaction(conn):
        AuditRepository(conn).add(
            [AuditEntry(now, "restore", None, "database", "", f"restored from {Path(source).name}")]
        )
    return safety
