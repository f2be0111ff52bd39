"""``kiosk-admin stats``: the anonymous usage counts for the city's reports (CSV or JSON)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys

from kiosk.admin.common import EXIT_OK, EXIT_USAGE, opened
from kiosk.stats import DIMENSIONS, UsageEvent, usage_report

EVENTS = [event.value for event in UsageEvent]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _stats(args: argparse.Namespace) -> int:
    if args.to < args.from_:
        print("kiosk-admin stats: --to is before --from", file=sys.stderr)
        return EXIT_USAGE
    with opened(args) as conn:
        report = usage_report(conn, args.by, args.from_, args.to)
    if args.format == "json":
        payload = {
            "from": args.from_.isoformat(),
            "to": args.to.isoformat(),
            "by": args.by,
            "rows": [
                {args.by: key, **{e: counts.get(e, 0) for e in EVENTS}}
                for key, counts in report.rows()
            ],
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([args.by, *EVENTS])
        for key, counts in report.rows():
            writer.writerow([key, *(counts.get(e, 0) for e in EVENTS)])
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    stats = sub.add_parser(
        "stats",
        help="anonymous usage counts per language, age band, need, offer, hour or weekday",
        description="Counts of each event (columns) per value of --by (rows), for the days "
        "from --from to --to inclusive. An empty value means 'not chosen'; need '*' means "
        "'show all offers'; weekday 0 is Sunday. Hours older than the retention period only "
        "count in whole months.",
    )
    stats.add_argument("--from", dest="from_", type=_date, required=True, metavar="DATE")
    stats.add_argument("--to", type=_date, required=True, metavar="DATE")
    stats.add_argument("--by", choices=DIMENSIONS, default="language")
    stats.add_argument("--format", choices=("csv", "json"), default="csv")
    stats.set_defaults(func=_stats)
