"""``kiosk-admin`` commands that move data in and out: export, import, backup, restore.

``import`` reads and checks the whole file before it opens a write transaction; with any
problem it lists them all (row and column) and leaves the database file exactly as it was.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from kiosk.admin.access import utc_now
from kiosk.admin.backup_restore import check_backup_file, restore_backup, write_backup
from kiosk.admin.csv_format import offers_to_csv
from kiosk.admin.importing import (
    MAX_IMPORT_BYTES,
    ImportPlan,
    apply_import,
    plan_import,
    read_offers,
)
from kiosk.admin.json_format import offers_to_json
from kiosk.admin.offers import local_today, validation_context
from kiosk.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, opened
from kiosk.content.store import is_managed, managed_url
from kiosk.db.connection import (
    DatabaseError,
    connect,
    latest_version,
    migrate,
    open_database,
    quick_check,
    schema_version,
)
from kiosk.db.content_repository import ContentReleaseRepository
from kiosk.db.offer_repository import OfferRepository
from kiosk.opendata.hsds import HsdsError, offers_to_hsds
from kiosk.opendata.jsonld import offers_to_jsonld

#: Problems printed at most (a file of garbage can have very many).
MAX_PRINTED_PROBLEMS = 1000


def _short(value: str, limit: int = 70) -> str:
    flat = value.replace("\n", " ⏎ ")
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


# -- export ----------------------------------------------------------------------------------
#: How each export format is written; ``hsds`` and ``jsonld`` are the open formats.
_WRITERS = {
    "csv": offers_to_csv,
    "json": offers_to_json,
    "hsds": offers_to_hsds,
    "jsonld": offers_to_jsonld,
}


def _export(args: argparse.Namespace) -> int:
    fmt = args.format
    if fmt is None:
        out = (args.out or "").lower()
        fmt = "jsonld" if out.endswith(".jsonld") else "json" if out.endswith(".json") else "csv"
    with opened(args) as conn:
        offers = OfferRepository(conn).all()
    try:
        data = _WRITERS[fmt](offers)
    except HsdsError as error:
        print(f"kiosk-admin: nothing was written: {error}", file=sys.stderr)
        return EXIT_DATA
    if args.out in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(args.out).write_bytes(data)
        print(f"Exported {len(offers)} offers as {fmt.upper()} to {args.out}.", file=sys.stderr)
    return EXIT_OK


# -- import ----------------------------------------------------------------------------------
def _print_plan(plan: ImportPlan) -> None:
    for item in plan.new:
        print(f"  new      {item.offer.id}: {item.offer.name}")
    for item in plan.changed:
        print(f"  changed  {item.offer.id}:")
        for change in item.changes:
            print(f"             {change.field}: {_short(change.old)} → {_short(change.new)}")
    if plan.unchanged:
        print(f"  unchanged: {len(plan.unchanged)} offer(s)")
    if plan.not_in_file:
        print(
            f"  not in the file (left as they are): {len(plan.not_in_file)} offer(s): "
            + ", ".join(plan.not_in_file)
        )


def _follows_central_content(conn: sqlite3.Connection) -> bool:
    """Whether the database (possibly not yet migrated to know about releases) follows one."""
    return ContentReleaseRepository(conn).knows_releases() and is_managed(conn)


def _import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        print(f"kiosk-admin: {source} does not exist or is not a file.", file=sys.stderr)
        return EXIT_USAGE
    size = source.stat().st_size
    if size > MAX_IMPORT_BYTES:
        print(
            f"{source}: the file is too large ({size // 2**20} MB; at most "
            f"{MAX_IMPORT_BYTES // 2**20} MB are read); nothing was changed.",
            file=sys.stderr,
        )
        return EXIT_DATA
    data = source.read_bytes()
    db = Path(args.db)
    if not db.is_file():
        raise DatabaseError(f"The database {db} does not exist.")
    # Read-only checks on a connection that leaves the journal mode alone: a rejected file
    # must leave the database file byte for byte as it was.
    conn = connect(db, wal=False)
    try:
        try:
            if quick_check(conn) != "ok":
                raise DatabaseError(f"The database {db} is damaged; restore a backup first.")
            version = schema_version(conn)
        except sqlite3.DatabaseError as error:
            raise DatabaseError(f"The database {db} cannot be read: {error}") from error
        if version > latest_version() or version < 1:
            raise DatabaseError(f"The database {db} has an unknown schema version {version}.")
        if not args.dry_run and _follows_central_content(conn):
            print(
                f"{db} takes its offers from the central content releases "
                f"({managed_url(conn)}): an import here would be overwritten by the next "
                "release. Import into the central database and publish, or leave the central "
                "content first (kiosk-admin content enrol --leave). Nothing was changed.",
                file=sys.stderr,
            )
            return EXIT_DATA
        now = utc_now()
        result = read_offers(data, validation_context(conn, local_today(utc_now)))
        if result.problems:
            count = len(result.problems)
            print(f"{source}: {count} problem(s) found; nothing was changed.", file=sys.stderr)
            for item in result.problems[:MAX_PRINTED_PROBLEMS]:
                print(f"  {item}", file=sys.stderr)
            if count > MAX_PRINTED_PROBLEMS:
                print(f"  … and {count - MAX_PRINTED_PROBLEMS} more.", file=sys.stderr)
            return EXIT_DATA
        plan = plan_import(conn, result.offers, result.kept, minor_edit=args.minor_edit)
        print(f"{source}: {len(result.offers)} offer(s) read ({result.format.upper()}), all valid.")
        if result.notes:
            print(f"  not taken over from the file ({len(result.notes)}):")
            for item in result.notes[:MAX_PRINTED_PROBLEMS]:
                print(f"    {item}")
        if result.kept:
            print(f"  kept as the database has them: {', '.join(result.kept)}")
        _print_plan(plan)
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return EXIT_OK
        if not plan.has_changes:
            print("Nothing to change.")
            return EXIT_OK
        if version < latest_version():
            migrate(conn)
        plan = apply_import(conn, result.offers, now, result.kept, minor_edit=args.minor_edit)
        print(f"Imported: {len(plan.new)} new, {len(plan.changed)} changed offer(s).")
        return EXIT_OK
    finally:
        conn.close()


# -- backup and restore ----------------------------------------------------------------------
def _backup(args: argparse.Namespace) -> int:
    target = Path(args.out)
    if target.exists():
        print(f"kiosk-admin: {target} exists already; choose a new file name.", file=sys.stderr)
        return EXIT_USAGE
    with opened(args) as conn:
        write_backup(conn, target)
    print(f"Backed up {args.db} to {target}.")
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        print(f"kiosk-admin: {source} does not exist or is not a file.", file=sys.stderr)
        return EXIT_USAGE
    version = check_backup_file(source)  # before anything else is touched
    db = Path(args.db)
    conn = open_database(db, create=True)
    try:
        safety = restore_backup(conn, source, db.parent / "backups", utc_now())
    finally:
        conn.close()
    print(f"Restored {db} from {source} (schema version {version}).")
    print(f"The database as it was before is kept in {safety}.")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export",
        help="write all offers as CSV for Excel (default), JSON (seed shape), Open Referral "
        "HSDS 3 JSON or schema.org JSON-LD (active offers, for a website)",
    )
    export.add_argument(
        "--format",
        choices=tuple(_WRITERS),
        help="default: from --out (.json, .jsonld), else csv",
    )
    export.add_argument("--out", default=None, help="file to write (default: standard output)")
    export.set_defaults(func=_export)

    imp = sub.add_parser(
        "import",
        help="check a CSV, JSON or HSDS file completely, then apply it in one transaction",
    )
    imp.add_argument(
        "file", help="a file written by export (or edited in Excel), or HSDS JSON of a directory"
    )
    imp.add_argument("--dry-run", action="store_true", help="check and show, change nothing")
    imp.add_argument(
        "--minor-edit",
        action="store_true",
        help="changed German texts are typo fixes: the other languages keep their status "
        "(otherwise the translations a German change leaves behind become “outdated”)",
    )
    imp.set_defaults(func=_import, writes=True)

    backup = sub.add_parser("backup", help="copy the database safely (SQLite backup API)")
    backup.add_argument("out", help="new file to write")
    backup.set_defaults(func=_backup)

    restore = sub.add_parser(
        "restore", help="replace the database with a checked backup (the current one is kept)"
    )
    restore.add_argument("file", help="a backup written by kiosk-admin backup")
    restore.set_defaults(func=_restore, writes=True)
