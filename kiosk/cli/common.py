"""What every ``kiosk-admin`` command shares: exit codes, which database, opening it.

Without ``--db`` the commands work on the kiosk's own database in its data directory (the
one the kiosk itself uses, :meth:`kiosk.runtime.KioskPaths.default`). Before the kiosk's
first start there is none: commands that only read use the shipped ``data.db`` (read only,
through a copy in memory), commands that write create the kiosk's database from it first,
exactly as the kiosk's first start would. The shipped ``data.db`` is never written; every
command says on stderr which file it works on.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

from kiosk import SHIPPED_DATABASE
from kiosk.db.connection import DatabaseError, connect, foreign_keys_on, migrate, open_database

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command cannot run as asked (exit 2); the message is meant for staff."""


def _is_shipped(path: Path) -> bool:
    try:
        return path.resolve() == SHIPPED_DATABASE.resolve()
    except OSError:
        return False


def writes(args: argparse.Namespace) -> bool:
    """Whether the command changes the database (``--dry-run`` never does)."""
    return bool(getattr(args, "writes", False)) and not getattr(args, "dry_run", False)


def choose_database(args: argparse.Namespace) -> None:
    """Set ``args.db`` (and ``args.db_shipped``) for the command and say on stderr which
    file it is; raises :class:`UsageError` for a write to the shipped data.db."""
    given = args.db is not None
    note = ""
    if not given:
        from kiosk.runtime import KioskPaths

        live = KioskPaths.default().database
        if live.exists():
            args.db, note = live, "the kiosk's own database"
        elif writes(args):
            _create_live_database(live)
            args.db, note = live, "the kiosk's own database, created now from the shipped data.db"
        else:
            args.db = SHIPPED_DATABASE
            note = f"the shipped data.db, read only: the kiosk has no database yet at {live}"
    args.db = Path(args.db)
    args.db_shipped = _is_shipped(args.db)
    if args.db_shipped and writes(args):
        raise UsageError(
            f"{args.db} is the shipped data.db, which is never changed. Leave out --db to "
            "work on the kiosk's own database (run as the kiosk's user), or name another file."
        )
    if args.db_shipped and not note:
        note = "the shipped data.db, read only"
    print(f"kiosk-admin: database {args.db}" + (f" ({note})" if note else ""), file=sys.stderr)
    if not given and os.geteuid() == 0:
        print(
            "kiosk-admin: running as root, so this is root's own kiosk database; for the "
            "kiosk's, run as its user: runuser -u kiosk -- kiosk-admin …",
            file=sys.stderr,
        )


def _create_live_database(live: Path) -> None:
    """The kiosk's database from the shipped data, as at the kiosk's first start."""
    from kiosk.runtime import open_live_database

    result = open_live_database(live, live.parent / "backups", SHIPPED_DATABASE)
    if not result.usable:
        raise DatabaseError(result.problem)
    result.conn.close()


@contextlib.contextmanager
def opened(args: argparse.Namespace) -> Iterator[sqlite3.Connection]:
    """The database chosen for the command, checked and migrated, closed afterwards.

    The shipped data.db is read into memory (and migrated there), never opened for writing.
    """
    if getattr(args, "db_shipped", False):
        conn = _in_memory_copy(Path(args.db))
    else:
        conn = open_database(args.db)
    try:
        yield conn
    finally:
        conn.close()


def _in_memory_copy(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise DatabaseError(f"The database {path} does not exist.")
    source = connect(path, readonly=True, immutable=True)
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        try:
            source.backup(memory)
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"The database {path} cannot be read: {error}") from error
    finally:
        source.close()
    foreign_keys_on(memory)
    migrate(memory)
    return memory
