"""``kiosk-admin fleet``: kiosks send their statistics and heartbeat; the centre enrols,
revokes, imports and lists them (the use cases are in :mod:`kiosk.fleet`).

On the centre: ``enrol``, ``revoke``, ``import`` and ``status`` work on the central database
(``--db``) and the files nginx uses. On a kiosk: ``send`` does one send, as the kiosk's timer
does; exit 0 all confirmed, 1 refused or not reached (with the reason), 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from kiosk.cli.common import EXIT_DATA, EXIT_OK, UsageError, opened
from kiosk.fleet.batches import PRINTER_STATES, check_kiosk_id
from kiosk.fleet.central import (
    FleetError,
    enrol,
    fleet_status,
    import_inbox,
    revoke,
)
from kiosk.fleet.upload import (
    DEFAULT_TIMEOUT_S,
    FleetConfig,
    configure,
    configured,
    send_pending,
)


def _kiosk_id(text: str) -> str:
    try:
        return check_kiosk_id(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _enrol(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        try:
            secret = enrol(args.htpasswd, args.kiosk, args.office, central_conn=conn)
        except FleetError as error:
            raise UsageError(str(error)) from None
    print(
        f"kiosk-admin: enrolled {args.kiosk} for {args.office} in {args.htpasswd}. The secret "
        "follows on stdout, once; it is stored nowhere else. On the kiosk, write it into its "
        "credential file, owned by the kiosk's user with mode 0600 "
        "(deploy/ANLEITUNG.md, 'Statistik und Kiosk-Status').",
        file=sys.stderr,
    )
    print(secret)
    return EXIT_OK


def _revoke(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        removed = revoke(args.htpasswd, args.kiosk, central_conn=conn)
    if removed:
        print(f"Revoked {args.kiosk}: its next upload is refused (HTTP 401).")
    else:
        print(f"{args.htpasswd} has no credential for {args.kiosk}; nothing to revoke.")
    return EXIT_OK


def _given_config(args: argparse.Namespace) -> FleetConfig | None:
    given = (args.url, args.kiosk, args.credentials)
    if not any(given):
        return None
    if not all(given):
        raise UsageError("give --url, --kiosk and --credentials together")
    try:
        return FleetConfig(args.kiosk, args.url, Path(args.credentials).absolute())
    except ValueError as error:
        raise UsageError(str(error)) from None


def _configure(args: argparse.Namespace) -> int:
    config = None if args.off else _given_config(args)
    if config is None and not args.off:
        raise UsageError("give --url, --kiosk and --credentials, or --off")
    with opened(args) as conn:
        configure(conn, config)
    if config is None:
        print("This kiosk sends no statistics or heartbeat any more.")
    else:
        print(
            f"This kiosk sends as {config.kiosk_id} to {config.base_url}, signing in with the "
            f"secret in {config.credential_file}."
        )
    return EXIT_OK


def _send(args: argparse.Namespace) -> int:
    given = _given_config(args)
    with opened(args) as conn:
        config = given or configured(conn)
        if config is None:
            raise UsageError(
                "this kiosk has no fleet configuration: give --url, --kiosk and --credentials "
                "or run kiosk-admin fleet configure first"
            )
        result = send_pending(
            conn,
            config,
            now=dt.datetime.now().astimezone(),
            printer_state=args.printer_state,
            timeout_s=args.timeout,
        )
    for day in result.days_sent:
        print(f"sent and confirmed: statistics of {day}")
    if result.ok:
        print("sent and confirmed: heartbeat")
        return EXIT_OK
    print(f"kiosk-admin fleet send: refused: {result.problem}", file=sys.stderr)
    if result.pending:
        print(f"{result.pending} day(s) wait for the next send.", file=sys.stderr)
    return EXIT_DATA


def _import(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        try:
            result = import_inbox(conn, args.inbox)
        except FleetError as error:
            raise UsageError(str(error)) from None
    for kiosk, day, rows in result.imported:
        print(f"imported {kiosk} {day}: {rows} row(s)")
    print(f"{len(result.imported)} batch(es) imported, {result.unchanged} unchanged.")
    for path, problem in result.problems:
        print(f"kiosk-admin fleet import: {path}: {problem} (not imported)", file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_DATA


def _when(moment: dt.datetime | None) -> str:
    return "—" if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _status(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        try:
            statuses = fleet_status(args.inbox, now=dt.datetime.now(dt.UTC), central_conn=conn)
        except FleetError as error:
            raise UsageError(str(error)) from None
    if args.json:
        json.dump([s.as_dict() for s in statuses], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    header = ("kiosk", "office", "last seen", "content", "content check", "printer", "state")
    rows = [
        (
            s.kiosk_id,
            s.office or "(not enrolled)",
            _when(s.last_seen),
            s.content_version or "—",
            _when(s.last_content_check),
            s.printer or "—",
            ("STALE: " + "; ".join(s.reasons)) if s.stale else "ok",
        )
        for s in statuses
    ]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header) - 1)]
    for row in (header, *rows):
        print(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[-1]
        )
    stale = sum(s.stale for s in statuses)
    print(f"{len(statuses)} kiosk(s), {stale} stale.")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    fleet = sub.add_parser(
        "fleet",
        help="kiosk statistics and status at the centre: enrol, revoke, send, import, status",
        description="Kiosks send their anonymous statistics and a heartbeat to the centre; the "
        "centre enrols and revokes kiosks, imports their statistics and lists their status.",
    )
    commands = fleet.add_subparsers(dest="fleet_command", required=True)

    def htpasswd_and_kiosk(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--htpasswd",
            type=Path,
            required=True,
            metavar="FILE",
            help="the htpasswd file nginx's auth_basic_user_file names",
        )
        parser.add_argument("--kiosk", type=_kiosk_id, required=True, metavar="ID")

    enrol_ = commands.add_parser(
        "enrol",
        help="give a kiosk a new credential (prints the secret once)",
        description="Enrol a kiosk for an office: a random secret, its salted hash in the "
        "htpasswd file, the kiosk and office in the central database (--db). The secret is "
        "printed once on stdout; put it into the kiosk's credential file (mode 0600).",
    )
    htpasswd_and_kiosk(enrol_)
    enrol_.add_argument("--office", required=True, metavar="NAME", help="the Bürgerbüro")
    enrol_.set_defaults(func=_enrol, writes=True)

    revoke_ = commands.add_parser("revoke", help="take a kiosk's credential away")
    htpasswd_and_kiosk(revoke_)
    revoke_.set_defaults(func=_revoke, writes=True)

    def where_to(parser: argparse.ArgumentParser, note: str) -> None:
        parser.add_argument("--url", help=f"the centre's base URL (https://…) {note}")
        parser.add_argument("--kiosk", type=_kiosk_id, metavar="ID", help=f"this kiosk's id {note}")
        parser.add_argument(
            "--credentials",
            metavar="FILE",
            help=f"the kiosk's credential file (owned by its user, mode 0600) {note}",
        )

    config = commands.add_parser(
        "configure",
        help="on a kiosk: where it sends its statistics and heartbeat (the kiosk's timer uses it)",
        description="Store the centre's URL, this kiosk's id and the path of its credential "
        "file in the kiosk database (the secret stays in the file); --off: send nothing.",
    )
    where_to(config, "")
    config.add_argument("--off", action="store_true", help="send nothing any more")
    config.set_defaults(func=_configure, writes=True)

    send = commands.add_parser(
        "send",
        help="on a kiosk: send unconfirmed statistics and the heartbeat once",
        description="Send the days the centre has not confirmed, then the heartbeat. Exit 0 "
        "when all were confirmed, 1 when refused or not reached (the reason on stderr; "
        "nothing unconfirmed is marked), 2 usage.",
    )
    where_to(send, "(default: as stored by fleet configure)")
    send.add_argument("--printer-state", choices=sorted(PRINTER_STATES), default="unknown")
    send.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S")
    send.set_defaults(func=_send, writes=True)

    import_ = commands.add_parser(
        "import",
        help="read every kiosk's statistics from the inbox into the central database",
        description="Each day's file replaces that kiosk's day (a resend counts once); a "
        "broken file is reported and changes nothing, the others are imported. Exit 1 when "
        "any file was broken.",
    )
    import_.add_argument("--inbox", type=Path, required=True, metavar="DIR")
    import_.set_defaults(func=_import, writes=True)

    status = commands.add_parser(
        "status",
        help="every kiosk: last seen, content version, printer, stale or not",
        description="Stale: no heartbeat for more than 2 hours, or no successful content "
        "check for more than a day.",
    )
    status.add_argument("--inbox", type=Path, required=True, metavar="DIR")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=_status)
