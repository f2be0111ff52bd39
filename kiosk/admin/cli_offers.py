"""``kiosk-admin`` commands about the offers themselves: build-db, list, match."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.admin.common import EXIT_OK, EXIT_USAGE, opened
from kiosk.db.repository import CatalogueRepository, OfferRepository
from kiosk.db.seeding import DEFAULT_DB, build_database
from kiosk.domain.matching import match_offers


def _build_db(args: argparse.Namespace) -> int:
    target = build_database(Path(args.out))
    print(f"Built {target} from the seed.")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        for offer in OfferRepository(conn).all():
            state = "active  " if offer.active else "inactive"
            checked = offer.verified_on.isoformat() if offer.verified_on else "to verify"
            print(f"{offer.id:36} {state} {checked:10} {offer.name}")
    return EXIT_OK


def _match(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        bands = {b.id: b for b in CatalogueRepository(conn).age_bands()}
        if args.age not in bands:
            print(f"Unknown age band {args.age!r}; known: {', '.join(bands)}", file=sys.stderr)
            return EXIT_USAGE
        offers = OfferRepository(conn).all(active_only=True)
        for m in match_offers(offers, args.lang, bands[args.age], args.need):
            marker = "*" if m.speaks_language else " "
            print(f"{marker} {m.offer.id:36} {m.offer.name}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    build = sub.add_parser("build-db", help="rebuild a database from kiosk/db/seed/*.json")
    build.add_argument("--out", default=str(DEFAULT_DB), help="where to write (default: data.db)")
    build.set_defaults(func=_build_db, uses_db=False)

    listing = sub.add_parser("list", help="list all offers with their state")
    listing.set_defaults(func=_list)

    match = sub.add_parser("match", help="show the offers a visitor would see")
    match.add_argument("--lang", required=True, help="visitor language, e.g. ar")
    match.add_argument("--age", required=True, help="age band id, e.g. 27-plus")
    match.add_argument("--need", default=None, help="need id, e.g. papers (default: any)")
    match.set_defaults(func=_match)
