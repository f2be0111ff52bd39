"""``kiosk-admin`` commands for staff access and data quality: set-pin, check.

``set-pin`` asks for the PIN twice without echo (or reads one line with ``--pin-stdin``) and
stores only its salted hash. ``check`` lists the offers to verify again and exits 1 when there
are any, so it can run from cron or CI. ``check --completeness`` prints what each offer is missing
and its score (text, CSV or HTML; exit 1 only below ``--min-score``); ``check --links`` tries
every web address and validates phones and e-mails (desk side, with network; exit 1 when anything
is broken).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kiosk.admin import completeness, links
from kiosk.admin.access import StaffAccess, utc_now
from kiosk.admin.offers import local_today
from kiosk.admin.pin import PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinFormatError, check_pin_format
from kiosk.admin.verification import offers_to_verify
from kiosk.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError, opened
from kiosk.db.offer_repository import OfferRepository
from kiosk.domain.verification import DueReason, reason_text


def _read_pin(args: argparse.Namespace) -> str | None:
    if args.pin_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(f"New staff PIN ({PIN_MIN_DIGITS}–{PIN_MAX_DIGITS} digits): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        print("The two PINs differ; nothing was changed.", file=sys.stderr)
        return None
    return first


def _set_pin(args: argparse.Namespace) -> int:
    pin = _read_pin(args)
    if pin is None:
        return EXIT_USAGE
    try:
        check_pin_format(pin)
    except PinFormatError as error:
        print(f"{error} Nothing was changed.", file=sys.stderr)
        return EXIT_USAGE
    with opened(args) as conn:
        StaffAccess(conn).set_pin(pin, actor="kiosk-admin")
    print(
        "The staff PIN is set. Staff mode opens with a long press on the bottom-left corner "
        "of the kiosk screen."
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    if args.completeness or args.links:
        if args.links and args.format == "html":
            raise UsageError("--links prints text or csv (--format text|csv).")
        if args.out is not None and args.completeness and args.links:
            raise UsageError("--out takes one report: use --completeness or --links with it.")
        codes = []
        if args.completeness:
            codes.append(_check_completeness(args))
        if args.links:
            codes.append(_check_links(args))
        return max(codes)
    return _check_verification(args)


def _check_verification(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        due, months = offers_to_verify(conn, local_today(utc_now))
    if not due:
        print(f"Nothing to verify: every offer was checked within {months} months.")
        return EXIT_OK
    print(f"{len(due)} offer(s) to verify (not checked for {months} months or unreachable):")
    for item in due:
        checked = item.offer.verified_on.isoformat() if item.offer.verified_on else "never"
        state = "active" if item.offer.active else "inactive"
        languages = {
            DueReason.MISSING_TEXTS: item.missing_texts,
            DueReason.OUTDATED_TEXTS: item.outdated_texts,
        }
        reasons = "; ".join(
            reason_text(r, months) + (f" ({', '.join(languages[r])})" if languages.get(r) else "")
            for r in item.reasons
        )
        print(f"  {checked:10}  {item.offer.id:36} {state:8}  {reasons}")
    return EXIT_DATA


def _write(args: argparse.Namespace, data: str | bytes) -> None:
    """To ``--out`` (never over an existing file) or standard output."""
    if args.out is None and isinstance(data, str):
        sys.stdout.write(data)
        return
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if args.out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return
    try:
        with open(args.out, "xb") as handle:
            handle.write(raw)
    except FileExistsError:
        raise UsageError(f"{args.out} exists already; name a new file.") from None
    print(f"Written to {args.out}.", file=sys.stderr)


def _check_completeness(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        report = completeness.completeness_report(
            conn, local_today(utc_now), include_inactive=args.inactive
        )
    form = args.format
    if form == "csv":
        _write(args, completeness.to_csv(report, args.sort))
    elif form == "html":
        _write(args, completeness.to_html(report, args.sort))
    else:
        _write(args, completeness.to_text(report, args.sort))
    if args.min_score is not None:
        low = [o for o in report.offers if o.score < args.min_score]
        if low:
            print(f"{len(low)} offer(s) score below {args.min_score}.", file=sys.stderr)
            return EXIT_DATA
    return EXIT_OK


def _check_links(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        offers = [
            o for o in OfferRepository(conn).all() if args.inactive or o.active
        ]  # read before any request: no database held open while the network is asked
    report = links.check_offers(
        offers,
        sources=args.sources,
        timeout_s=args.timeout,
        overall_s=args.overall,
        workers=args.workers,
    )
    if args.format == "csv":
        _write(args, links.links_to_csv(report))
    else:
        _write(args, links.links_to_text(report))
    return EXIT_DATA if report.has_problems else EXIT_OK


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 3600 seconds")
    return value


def _workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 16:
        raise argparse.ArgumentTypeError("must be a whole number from 1 to 16")
    return int(text)


def _score(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 100:
        raise argparse.ArgumentTypeError("must be a whole number from 0 to 100")
    return int(text)


def register(sub: argparse._SubParsersAction) -> None:
    set_pin = sub.add_parser(
        "set-pin", help="set the staff PIN (6–12 digits; asked twice, never shown)"
    )
    set_pin.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the PIN from the first line of standard input (for scripts)",
    )
    set_pin.set_defaults(func=_set_pin, writes=True)

    check = sub.add_parser(
        "check",
        help="list offers to verify (too old or unreachable); exit 1 when there are any",
        description="Without options: the offers to verify again (exit 1 when there are any). "
        "--completeness: what each active offer is missing and its score, per provider too. "
        "--links: every web address tried, phones and e-mails validated (needs the network; "
        "exit 1 when anything is broken).",
    )
    check.add_argument(
        "--completeness",
        action="store_true",
        help="what each offer is missing (address, phone, hours, languages, texts, map "
        "position, last check) and a score 0–100 per offer and provider",
    )
    check.add_argument(
        "--sort",
        choices=[k.value for k in completeness.SortKey],
        default=completeness.SortKey.SCORE.value,
        help="order of the completeness report: score (lowest first, default), age (oldest "
        "check first), provider, name",
    )
    check.add_argument(
        "--min-score",
        type=_score,
        default=None,
        metavar="N",
        help="with --completeness: exit 1 when an offer scores below N",
    )
    check.add_argument(
        "--links",
        action="store_true",
        help="try every web address (HEAD, else GET; redirects followed) and validate phones "
        "and e-mails; exit 1 when anything is broken",
    )
    check.add_argument(
        "--sources",
        action="store_true",
        help="with --links: also try each offer's source address",
    )
    check.add_argument(
        "--timeout",
        type=_positive,
        default=links.DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"with --links: per request (default {links.DEFAULT_TIMEOUT_S:g})",
    )
    check.add_argument(
        "--overall",
        type=_positive,
        default=links.DEFAULT_OVERALL_S,
        metavar="SECONDS",
        help=f"with --links: the whole check at most (default {links.DEFAULT_OVERALL_S:g})",
    )
    check.add_argument(
        "--workers",
        type=_workers,
        default=links.DEFAULT_WORKERS,
        metavar="N",
        help=f"with --links: requests at once (default {links.DEFAULT_WORKERS})",
    )
    check.add_argument(
        "--inactive",
        action="store_true",
        help="with --completeness or --links: inactive offers too",
    )
    check.add_argument(
        "--format",
        choices=("text", "csv", "html"),
        default="text",
        help="report format: text (default), csv (for Excel: UTF-8 with BOM, ';') or html "
        "(completeness only)",
    )
    check.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the report to FILE (a new file) instead of standard output",
    )
    check.set_defaults(func=_check)
