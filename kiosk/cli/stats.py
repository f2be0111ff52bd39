"""``kiosk-admin stats``: the anonymous usage counts for the city's reports (CSV or JSON).

Every event is a column, the answers to "Did this help?" too (``feedback_helped``,
``feedback_not_helped``); grouped by offer, a last column ``helped_share`` gives the share of yes
answers where there are enough of them (:data:`~kiosk.usage_reports.MIN_ANSWERS_FOR_SHARE`),
else stays empty.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys

from kiosk.cli.common import EXIT_OK, EXIT_USAGE, opened
from kiosk.fleet.central import FLEET_DIMENSIONS, fleet_usage_report
from kiosk.stats import DIMENSIONS, UsageEvent
from kiosk.usage_reports import MIN_ANSWERS_FOR_SHARE, OfferFeedback, usage_report

EVENTS = [event.value for event in UsageEvent]
SHARE = "helped_share"


def _share(key: str, counts: dict[str, int]) -> float | None:
    share = OfferFeedback(
        key,
        counts.get(UsageEvent.FEEDBACK_HELPED.value, 0),
        counts.get(UsageEvent.FEEDBACK_NOT_HELPED.value, 0),
    ).share
    return None if share is None else round(share, 3)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _stats(args: argparse.Namespace) -> int:
    if args.to < args.from_:
        print("kiosk-admin stats: --to is before --from", file=sys.stderr)
        return EXIT_USAGE
    if not args.fleet and (args.kiosk or args.office or args.by not in DIMENSIONS):
        print(
            "kiosk-admin stats: --kiosk, --office and --by kiosk|office need --fleet",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with opened(args) as conn:
        if args.fleet:
            report = fleet_usage_report(
                conn, args.by, args.from_, args.to, kiosk=args.kiosk, office=args.office
            )
        else:
            report = usage_report(conn, args.by, args.from_, args.to)
    shares = args.by == "offer"
    if args.format == "json":
        rows = []
        for key, counts in report.rows():
            row = {args.by: key, **{e: counts.get(e, 0) for e in EVENTS}}
            if shares:
                row[SHARE] = _share(key, counts)
            rows.append(row)
        payload = {
            "from": args.from_.isoformat(),
            "to": args.to.isoformat(),
            "by": args.by,
            "rows": rows,
        }
        if args.fleet:  # (the same shape, saying whose counts they are)
            payload["fleet"] = {"kiosk": args.kiosk, "office": args.office}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([args.by, *EVENTS, *([SHARE] if shares else [])])
        for key, counts in report.rows():
            share = _share(key, counts) if shares else None
            extra = [("" if share is None else f"{share:.3f}")] if shares else []
            writer.writerow([key, *(counts.get(e, 0) for e in EVENTS), *extra])
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    stats = sub.add_parser(
        "stats",
        help="anonymous usage counts per language, age band, need, offer, hour or weekday",
        description="Counts of each event (columns) per value of --by (rows), for the days "
        "from --from to --to inclusive. An empty value means 'not chosen'; need '*' means "
        "'show all offers'; weekday 0 is Sunday. With --fleet, the counts every kiosk sent to "
        "the centre (all kiosks, or --kiosk ID, or --office NAME; --by kiosk or office too). "
        "Hours older than the retention period only "
        "count in whole months. The answers to 'Did this help?' are counted per offer only "
        "(feedback_helped, feedback_not_helped); with --by offer the last column, helped_share, "
        f"is the share of yes answers from {MIN_ANSWERS_FOR_SHARE} answers on.",
    )
    stats.add_argument("--from", dest="from_", type=_date, required=True, metavar="DATE")
    stats.add_argument("--to", type=_date, required=True, metavar="DATE")
    stats.add_argument(
        "--by",
        choices=FLEET_DIMENSIONS,
        default="language",
        help="kiosk and office only with --fleet",
    )
    stats.add_argument("--format", choices=("csv", "json"), default="csv")
    stats.add_argument(
        "--fleet",
        action="store_true",
        help="on the central database: the counts all kiosks sent (kiosk-admin fleet import)",
    )
    whose = stats.add_mutually_exclusive_group()
    whose.add_argument("--kiosk", metavar="ID", help="with --fleet: one kiosk only")
    whose.add_argument("--office", metavar="NAME", help="with --fleet: one office's kiosks only")
    stats.set_defaults(func=_stats)
