"""``kiosk-admin checkin``: the providers' check-in sheet out, and the returned sheet back in.

    kiosk-admin checkin export --provider "Caritasverband für Dresden e.V." --out caritas.xlsx
    kiosk-admin checkin export --list-providers
    kiosk-admin checkin import caritas.xlsx [--dry-run]

The format comes from the file's extension: ``.xlsx`` (Excel workbook, the one to send),
``.csv`` (Excel's CSV) or ``.pdf`` (to print; drawing needs Qt, so ``kiosk-admin`` adds it from
``ui/checkin_pdf.py`` through :func:`enable_pdf`). The import shows the diff first, then applies
it in one transaction; any malformed row refuses the whole file. The use cases are in
:mod:`kiosk.admin.checkin`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.admin.access import utc_now
from kiosk.admin.checkin import (
    CheckinPlan,
    Sheet,
    UnknownProviderError,
    apply_checkin,
    build_sheet,
    iter_missing,
    plan_checkin,
    providers,
    read_returned,
    sheet_to_csv,
    sheet_to_xlsx,
)
from kiosk.admin.importing import MAX_IMPORT_BYTES
from kiosk.admin.offers import local_today
from kiosk.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, UsageError, opened

#: Draws a sheet as a PDF file and returns its page count (set by :func:`enable_pdf`).
PdfWriter = Callable[[Sheet, Path], int]
FORMATS = (".xlsx", ".csv", ".pdf")


def _short(value: str, limit: int = 70) -> str:
    flat = value.replace("\r\n", "\n").replace("\n", " ⏎ ")
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


# -- export ------------------------------------------------------------------------------------
def _list_providers(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        for name, count in providers(conn):
            print(f"{count:3}  {name}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    if args.list_providers:
        return _list_providers(args)
    if not args.provider or args.out is None:
        raise UsageError(
            "checkin export needs --provider NAME and --out FILE (or --list-providers)"
        )
    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"cannot tell the format from {args.out.name!r}: end the file name with "
            + ", ".join(FORMATS)
        )
    pdf_writer: PdfWriter | None = args.pdf_writer
    if suffix == ".pdf" and pdf_writer is None:
        raise UsageError("a PDF is drawn with Qt: run this as kiosk-admin (ui.admin_cli)")
    today = args.date or local_today(utc_now)
    with opened(args) as conn:
        try:
            sheet = build_sheet(conn, args.provider, today, args.contact or "")
        except UnknownProviderError as error:
            print(f"kiosk-admin: {error}", file=sys.stderr)
            print("The providers (exact names, with their number of offers):", file=sys.stderr)
            for name, count in providers(conn):
                print(f"  {count:3}  {name}", file=sys.stderr)
            return EXIT_USAGE
    if suffix == ".pdf":
        assert pdf_writer is not None
        pages = pdf_writer(sheet, args.out)
        what = f"{pages} page" + ("s" if pages != 1 else "")
    else:
        data = sheet_to_xlsx(sheet) if suffix == ".xlsx" else sheet_to_csv(sheet)
        args.out.write_bytes(data)
        what = suffix[1:].upper()
    missing = len(list(iter_missing(sheet)))
    print(
        f"Wrote {args.out} ({what}): {len(sheet.offers)} offer(s) of {sheet.provider}, "
        f"{missing} missing value(s) marked."
    )
    if not args.contact:
        print(
            "Note: no --contact given; the sheet asks the integration office to fill in "
            "whom to send it back to.",
            file=sys.stderr,
        )
    return EXIT_OK


# -- import ------------------------------------------------------------------------------------
def print_plan(plan: CheckinPlan) -> None:
    """The diff: per offer and field, old → new; what is marked checked; conflicts; remarks."""
    for outcome in plan.outcomes:
        print(f"  {outcome.offer_id}: {outcome.name}")
        for change in outcome.corrections:
            print(f"      {change.field}: {_short(change.old)} → {_short(change.new)}")
        if outcome.outdated:
            langs = ", ".join(c.field.split(".")[1] for c in outcome.outdated)
            print(f"      texts now outdated (the German text changed): {langs}")
        verified = next((c for c in outcome.changes if c.field == "verified_on"), None)
        why = "ticked still correct" if outcome.confirmed else "corrected by the provider"
        if verified is not None:
            print(f"      verified_on: {_short(verified.old)} → {_short(verified.new)} ({why})")
        elif outcome.verified:
            print("      checked today already")
        if (
            outcome.changed_since
            and not outcome.verified
            and (outcome.confirmed or outcome.corrections)
        ):
            print(
                "      not marked as checked: staff changed "
                + ", ".join(outcome.changed_since)
                + " after the export, so the provider saw older values"
            )
        for conflict in outcome.conflicts:
            print(f"      CONFLICT {conflict}")
        for note in outcome.notes:
            print(f"      note: {note}")
        if outcome.remark:
            print(f"      remark from the provider: {_short(outcome.remark, 300)}")
        if not (outcome.changes or outcome.conflicts or outcome.confirmed or outcome.remark):
            print("      no answer (neither ticked nor corrected)")


def _import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if not source.is_file():
        print(f"kiosk-admin: {source} does not exist or is not a file.", file=sys.stderr)
        return EXIT_USAGE
    if source.stat().st_size > MAX_IMPORT_BYTES:
        print(f"{source}: the file is too large; nothing was changed.", file=sys.stderr)
        return EXIT_DATA
    sheet = read_returned(source.read_bytes())
    today = local_today(utc_now)
    with opened(args) as conn:
        plan = plan_checkin(conn, sheet, today)
        if not plan.ok:
            print(
                f"{source}: {len(plan.problems)} problem(s) found; nothing was changed.",
                file=sys.stderr,
            )
            for item in plan.problems:
                print(f"  {item}", file=sys.stderr)
            return EXIT_DATA
        exported = sheet.exported_on.isoformat() if sheet.exported_on else "?"
        print(
            f"{source}: check-in sheet of {plan.provider} exported on {exported} "
            f"({sheet.format.upper()}), {len(plan.outcomes)} offer(s)."
        )
        print_plan(plan)
        conflicts = len(plan.conflicts)
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return EXIT_OK
        if not plan.has_changes:
            print("Nothing to change.")
            return EXIT_OK
        plan = apply_checkin(conn, sheet, utc_now(), today)
        if not plan.ok:  # the database changed between the look and the write
            print("The database changed meanwhile; nothing was changed. Import again.")
            return EXIT_DATA
    corrected = sum(1 for o in plan.outcomes if o.corrections)
    verified = sum(1 for o in plan.outcomes if o.verified)
    print(
        f"Applied (audit: {plan.actor}): {corrected} offer(s) corrected, "
        f"{verified} marked as checked today"
        + (f"; {conflicts} correction(s) not applied (conflicts above)." if conflicts else ".")
    )
    return EXIT_OK


# -- registration ------------------------------------------------------------------------------
def register(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser("checkin", help="providers check their own offers: sheet out, back in")
    commands = group.add_subparsers(dest="checkin_command", required=True)
    export = commands.add_parser(
        "export", help="write one provider's check-in sheet (.xlsx, .csv or .pdf)"
    )
    export.add_argument("--provider", help="the provider exactly as the offers name it")
    export.add_argument("--out", type=Path, help="file to write; its extension sets the format")
    export.add_argument(
        "--contact",
        default="",
        help="whom to send it back to (the integration office's address), printed on the sheet",
    )
    export.add_argument("--list-providers", action="store_true", help="list the providers and stop")
    export.add_argument("--date", type=_date, default=None, help="sheet date (default: today)")
    export.set_defaults(func=_export, pdf_writer=None)
    imp = commands.add_parser(
        "import", help="show what a returned sheet changes, then apply it in one transaction"
    )
    imp.add_argument("file", help="the returned sheet (.xlsx or .csv)")
    imp.add_argument("--dry-run", action="store_true", help="show the diff, change nothing")
    imp.set_defaults(func=_import, writes=True)
    group.set_defaults(_checkin_export=export)


def enable_pdf(sub: argparse._SubParsersAction, writer: PdfWriter) -> None:
    """Let ``checkin export`` write ``.pdf`` with ``writer`` (called by ``ui.admin_cli``'s
    group, after the core's groups are registered)."""
    group = sub.choices["checkin"]
    export = group.get_default("_checkin_export")
    export.set_defaults(pdf_writer=writer)
