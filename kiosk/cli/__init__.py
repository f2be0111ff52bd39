"""``kiosk-admin``: the staff command line. Works on a server without a display.

Each group of commands lives in a module of this package with a ``register(subparsers)``
function; this module only assembles them. The commands only parse and print: the use cases
they call are in :mod:`kiosk.admin`. Exit codes: 0 ok, 1 data problem, 2 usage error.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from kiosk.cli import checkin, content, data, fleet, offers, staff, stats, translations
from kiosk.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError, choose_database
from kiosk.db.connection import DatabaseError
from kiosk.db.seeding import SeedError


class CommandGroup(Protocol):
    """A module (or object) that adds its subcommands to ``kiosk-admin``."""

    def register(self, sub: argparse._SubParsersAction) -> None: ...


COMMAND_GROUPS = (offers, staff, data, translations, stats, content, fleet, checkin)


def build_parser(extra_groups: Sequence[CommandGroup] = ()) -> argparse.ArgumentParser:
    """The parser with every command group; ``extra_groups`` come from outside the core (the
    ``handout`` command lives in ``ui/`` because it draws with Qt)."""
    parser = argparse.ArgumentParser(prog="kiosk-admin", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: the kiosk's own database in its data directory; before "
        "the kiosk's first start, the shipped data.db, read only)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for group in (*COMMAND_GROUPS, *extra_groups):
        group.register(sub)
    return parser


def main(argv: list[str] | None = None, extra_groups: Sequence[CommandGroup] = ()) -> int:
    parser = build_parser(extra_groups)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    try:
        if getattr(args, "uses_db", True):
            choose_database(args)
        return args.func(args)
    except UsageError as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_USAGE
    except sqlite3.Error as error:  # e.g. read-only or full: say which file
        print(f"kiosk-admin: {args.db}: {error}", file=sys.stderr)
        return EXIT_DATA
    except (DatabaseError, SeedError, OSError) as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_DATA
