"""``kiosk-admin`` commands for staff access and data quality: set-pin, check.

``set-pin`` asks for the PIN twice without echo (or reads one line with ``--pin-stdin``) and
stores only its salted hash. ``check`` lists the offers to verify again and exits 1 when there
are any, so it can run from cron or CI.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk.admin.access import StaffAccess, utc_now
from kiosk.admin.offers import local_today
from kiosk.admin.pin import PIN_MAX_DIGITS, PIN_MIN_DIGITS, PinFormatError, check_pin_format
from kiosk.admin.verification import offers_to_verify
from kiosk.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, opened
from kiosk.domain.verification import reason_text


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
    with opened(args) as conn:
        due, months = offers_to_verify(conn, local_today(utc_now))
    if not due:
        print(f"Nothing to verify: every offer was checked within {months} months.")
        return EXIT_OK
    print(f"{len(due)} offer(s) to verify (not checked for {months} months or unreachable):")
    for item in due:
        checked = item.offer.verified_on.isoformat() if item.offer.verified_on else "never"
        state = "active" if item.offer.active else "inactive"
        reasons = "; ".join(reason_text(r, months) for r in item.reasons)
        if item.missing_texts:
            reasons += f" ({', '.join(item.missing_texts)})"
        print(f"  {checked:10}  {item.offer.id:36} {state:8}  {reasons}")
    return EXIT_DATA


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
    )
    check.set_defaults(func=_check)
