"""``kiosk-admin`` commands about the offers themselves: build-db, list, match."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kiosk.cli.common import EXIT_OK, EXIT_USAGE, opened
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.seeding import DEFAULT_DB, build_database
from kiosk.domain.matching import Match, nobody_speaks, offices_all_closed, online_help_wanted
from kiosk.domain.ranking import LanguageFit, When
from kiosk.visitor import VisitorCatalogue


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


_FIT_WORDS = {
    LanguageFit.SPEAKS: "speaks",
    LanguageFit.RELATED: "related",
    LanguageFit.GENERAL: "en/de",
    LanguageFit.UNKNOWN: "unknown",
}
_WHEN_WORDS = {When.SOON: "soon", When.LATER: "later", When.UNSURE: "unsure"}


def _moment(text: str | None) -> dt.datetime:
    """``--at 2026-12-07T18:30`` (local time, as the kiosk's clock); now without it."""
    if text is None:
        return dt.datetime.now().replace(second=0, microsecond=0)
    moment = dt.datetime.fromisoformat(text)  # ValueError: a usage error
    return (
        moment.replace(tzinfo=None)
        if moment.tzinfo is None
        else moment.astimezone().replace(tzinfo=None)
    )


def _reasons(match: Match) -> str:
    facts = match.facts
    return " ".join(
        (
            f"language={_FIT_WORDS[facts.language]}",
            f"reachable={'yes' if facts.reachable else 'no'}",
            f"open={_WHEN_WORDS[facts.when]}",
            f"outdated={'yes' if facts.outdated else 'no'}",
            f"hint={facts.hint.value}",
        )
    )


def _match(args: argparse.Namespace) -> int:
    """The offers a visitor would see, in their order, with why each stands where it does.

    One line per offer: ``*`` when it speaks the visitor's language, its id, the reasons
    (language, reachable, open, outdated, hint) and its name. Then ``note:`` lines for what
    the results screen says besides (no one speaks the language, nothing matches) and
    ``online:`` lines for the online counselling it would show as a QR code.
    """
    try:
        now = _moment(args.at)
    except ValueError:
        print(f"Not a moment: {args.at!r}; e.g. --at 2026-12-07T18:30", file=sys.stderr)
        return EXIT_USAGE
    with opened(args) as conn:
        catalogue = VisitorCatalogue(conn)
        bands = {b.id: b for b in catalogue.age_bands()}
        if args.age not in bands:
            print(f"Unknown age band {args.age!r}; known: {', '.join(bands)}", file=sys.stderr)
            return EXIT_USAGE
        settings = catalogue.current_settings()
        need = args.need or "any need"
        print(
            f"{args.lang}, {args.age}, {need}, at {now.isoformat(' ', 'minutes')}"
            f" (outdated after {settings.verify_after_months} months"
            + (
                f", hidden after {settings.hide_outdated_after_months})"
                if settings.hide_outdated_after_months
                else ")"
            ),
            file=sys.stderr,
        )
        matches = catalogue.results(args.lang, args.age, args.need, now)
        for m in matches:
            marker = "*" if m.speaks_language else " "
            print(f"{marker} {m.offer.id:36} {_reasons(m)}  {m.offer.name}")
        if not matches:
            print("note: nothing matches; ways forward: all offers for this age, general offers")
        elif nobody_speaks(matches):
            print(f"note: no offer lists {args.lang}")
        if matches and offices_all_closed(matches, now):
            print("note: every matching office is closed now")
        if online_help_wanted(matches, now):
            for offer in catalogue.online_services(args.age):
                print(f"online: {offer.id} {offer.contact.web}")
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
    match.add_argument(
        "--at",
        default=None,
        help="the moment asked about, local time, e.g. 2026-12-07T18:30 (default: now)",
    )
    match.set_defaults(func=_match)
