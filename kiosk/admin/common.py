"""What every ``kiosk-admin`` command shares: exit codes and opening the database."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
from collections.abc import Iterator

from kiosk.db.connection import open_database

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


@contextlib.contextmanager
def opened(args: argparse.Namespace) -> Iterator[sqlite3.Connection]:
    """The database named by ``--db``, checked and migrated, closed afterwards."""
    conn = open_database(args.db)
    try:
        yield conn
    finally:
        conn.close()
