"""``kiosk-admin``: the staff command line. Works on a server without a display.

Exit codes: 0 ok, 1 data problem, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.db.connection import DatabaseError, open_database
from kiosk.db.repository import CatalogueRepository, OfferRepository
from kiosk.db.seeding import DEFAULT_DB, SeedError, build_database
from kiosk.domain.matching import match_offers

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def _cmd_build_db(args: argparse.Namespace) -> int:
    target = build_database(Path(args.out))
    print(f"Built {target} from the seed.")
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    conn = open_database(args.db)
    try:
        for offer in OfferRepository(conn).all():
            state = "active  " if offer.active else "inactive"
            checked = offer.verified_on.isoformat() if offer.verified_on else "to verify"
            print(f"{offer.id:36} {state} {checked:10} {offer.name}")
    finally:
        conn.close()
    return EXIT_OK


def _cmd_match(args: argparse.Namespace) -> int:
    conn = open_database(args.db)
    try:
        bands = {b.id: b for b in CatalogueRepository(conn).age_bands()}
        if args.age not in bands:
            print(f"Unknown age band {args.age!r}; known: {', '.join(bands)}", file=sys.stderr)
            return EXIT_USAGE
        matches = match_offers(
            OfferRepository(conn).all(active_only=True), args.lang, bands[args.age], args.need
        )
        for m in matches:
            marker = "*" if m.speaks_language else " "
            print(f"{marker} {m.offer.id:36} {m.offer.name}")
    finally:
        conn.close()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk-admin", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help="database file (default: the shipped data.db)"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build-db", help="rebuild a database from kiosk/db/seed/*.json")
    build.add_argument("--out", default=str(DEFAULT_DB), help="where to write (default: data.db)")
    build.set_defaults(func=_cmd_build_db)

    listing = sub.add_parser("list", help="list all offers with their state")
    listing.set_defaults(func=_cmd_list)

    match = sub.add_parser("match", help="show the offers a visitor would see")
    match.add_argument("--lang", required=True, help="visitor language, e.g. ar")
    match.add_argument("--age", required=True, help="age band id, e.g. 27-plus")
    match.add_argument("--need", default=None, help="need id, e.g. papers (default: any)")
    match.set_defaults(func=_cmd_match)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code else EXIT_OK
    try:
        return args.func(args)
    except (DatabaseError, SeedError, OSError) as error:
        print(f"kiosk-admin: {error}", file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
