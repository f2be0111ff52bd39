"""Opening the kiosk database safely and bringing its schema up to date.

Every connection has foreign keys on and WAL journaling; migrations are numbered ``.sql`` files
in ``migrations/``, each applied in one transaction, with ``PRAGMA user_version`` recording the
last one. A database written by a newer version of the kiosk is refused, and before migrating an
existing database a copy is made with SQLite's backup API.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from functools import cache
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

_SQLITE_READONLY = 8  # primary result code of every "attempt to write a readonly database"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class DatabaseError(Exception):
    """The database cannot be used; the message is meant for staff."""


class Migration(NamedTuple):
    """One numbered migration script. (A named tuple, not a dataclass: this module is imported
    before the start screen's first frame, and a frozen dataclass costs ~1 ms to make.)"""

    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """All migrations shipped with the code, in order (read once: they come with the code)."""
    found = []
    for entry in (Path(__file__).parent / "migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration numbers have a gap before {migration.name}")
    return tuple(found)


def latest_version() -> int:
    return len(migrations())


def readonly_uri(path: Path | str, *, immutable: bool = False) -> str:
    """The URI that opens ``path`` without ever writing it or creating files beside it.

    ``immutable`` tells SQLite the file cannot change while it is open (no locks, no ``-shm``):
    right for the shipped ``data.db`` in a root-owned folder and for finished backups, wrong
    for a database another process may be writing. With a ``-wal`` file beside ``path`` it is
    ignored, since SQLite would then not read what that file holds.
    """
    path = Path(path).resolve()
    uri = f"{path.as_uri()}?mode=ro"
    if immutable and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def connect(
    path: Path | str, *, readonly: bool = False, wal: bool = True, immutable: bool = False
) -> sqlite3.Connection:
    """A connection with the kiosk's settings; explicit transactions (``BEGIN`` … ``COMMIT``).

    ``wal=False`` leaves the file's journal mode alone (for checks before any change).
    ``readonly`` opens the file so that nothing is ever written (see :func:`readonly_uri`).
    """
    path = Path(path)
    try:
        if readonly:
            conn = sqlite3.connect(
                readonly_uri(path, immutable=immutable), uri=True, isolation_level=None
            )
        else:
            conn = sqlite3.connect(path, isolation_level=None)
        foreign_keys_on(conn)
        conn.execute("PRAGMA busy_timeout = 5000")
        if not readonly and wal:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as error:
        raise DatabaseError(f"The database {path} cannot be opened: {error}") from error
    return conn


def foreign_keys_on(conn: sqlite3.Connection) -> None:
    """Turn on foreign key checks (:func:`connect` does this for the files it opens; a copy in
    memory needs it too)."""
    conn.execute("PRAGMA foreign_keys = ON")


def quick_check(conn: sqlite3.Connection) -> str:
    """SQLite's quick check of the database: ``"ok"`` or the first problem found."""
    return conn.execute("PRAGMA quick_check").fetchone()[0]


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def data_version(conn: sqlite3.Connection) -> int:
    """A number that changes when *another* connection (kiosk-admin, a restore) commits to the
    database; this connection's own writes leave it as it is."""
    return conn.execute("PRAGMA data_version").fetchone()[0]


def backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy a live database consistently with SQLite's online backup API, as one
    self-contained file (rollback journal: nothing beside it once it is closed)."""
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def try_write(conn: sqlite3.Connection) -> None:
    """Write to the database inside a transaction that is rolled back (the file stays as it
    was); raises :class:`sqlite3.Error` when the write would fail (read-only, disk full)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE _write_probe (x)")
    finally:
        conn.execute("ROLLBACK")


class ContentCounts(NamedTuple):
    """What a database holds for visitors, to tell a kiosk database from an empty one (a named
    tuple for the same reason as :class:`Migration`)."""

    tables: frozenset[str]
    offers: int
    enabled_languages: int


#: The tables without which a file is no kiosk database (checked at start and before a restore).
REQUIRED_TABLES = frozenset({"offer", "offer_text", "language", "age_band", "need", "setting"})


def content_counts(conn: sqlite3.Connection, required: frozenset[str]) -> ContentCounts:
    """The tables, and (when every ``required`` table exists) the offers and enabled
    languages; raises :class:`sqlite3.DatabaseError` for a file that cannot be read."""
    tables = frozenset(row[0] for row in conn.execute("SELECT name FROM sqlite_master"))
    if not required <= tables:
        return ContentCounts(tables, 0, 0)
    offers = conn.execute("SELECT count(*) FROM offer").fetchone()[0]
    languages = conn.execute("SELECT count(*) FROM language WHERE enabled = 1").fetchone()[0]
    return ContentCounts(tables, offers, languages)


def migrate(conn: sqlite3.Connection, *, backup_dir: Path | None = None) -> int:
    """Apply the missing migrations; returns the version reached.

    Raises :class:`DatabaseError` when the database is newer than this code.
    """
    current = schema_version(conn)
    pending = [m for m in migrations() if m.version > current]
    latest = latest_version()
    if current > latest:
        raise DatabaseError(
            f"The database has schema version {current}, but this kiosk only knows up to "
            f"{latest}. Install the newer kiosk version or restore an older backup."
        )
    if pending and current > 0 and backup_dir is not None:
        backup_dir.mkdir(parents=True, exist_ok=True)
        target = backup_dir / f"before-migration-v{current}.db"
        backup_to(conn, target)
        log.info("backed up database to %s before migrating", target)
    for migration in pending:
        try:
            conn.execute("BEGIN IMMEDIATE")
            # executescript would commit on its own; run statement by statement instead.
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            conn.execute("ROLLBACK")
            raise DatabaseError(f"Migration {migration.name} failed: {error}") from error
        log.info("applied migration %s", migration.name)
    return latest


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (comments removed)."""
    lines = [line for line in script.splitlines() if not line.lstrip().startswith("--")]
    statements, buffer = [], ""
    for line in lines:
        buffer += line + "\n"
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        raise DatabaseError("a migration ends with an incomplete statement")
    return statements


def open_database(
    path: Path | str,
    *,
    create: bool = False,
    backup_dir: Path | None = None,
    require_schema: bool = False,
) -> sqlite3.Connection:
    """Open, check and migrate the database at ``path``.

    Nothing is written before the file has passed its checks: a damaged database or one from a
    newer kiosk is refused unchanged. A missing file is an error unless ``create`` is set.
    With ``require_schema`` an existing file without the kiosk's schema (zero bytes, or
    ``user_version`` 0) is refused as empty instead of being migrated into an empty kiosk.
    """
    path = Path(path)
    if not create and not path.is_file():
        raise DatabaseError(f"The database {path} does not exist.")
    if require_schema and path.is_file() and path.stat().st_size == 0:
        raise DatabaseError(f"The database {path} is empty (0 bytes).")
    conn = connect(path, wal=False)
    try:
        result = quick_check(conn)
        if result != "ok":
            raise DatabaseError(f"The database {path} is damaged: {result}")
        version = schema_version(conn)
        if require_schema and version == 0:
            raise DatabaseError(f"The database {path} is empty: it has no kiosk tables.")
        if version > latest_version():
            raise DatabaseError(
                f"The database has schema version {version}, but this kiosk only knows up to "
                f"{latest_version()}. Install the newer kiosk version or restore an older backup."
            )
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn, backup_dir=backup_dir)
    except sqlite3.DatabaseError as error:
        conn.close()
        if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_READONLY:
            raise DatabaseError(f"The database {path} is read-only: {error}") from error
        raise DatabaseError(f"The database {path} cannot be read: {error}") from error
    except DatabaseError:
        conn.close()
        raise
    return conn
