"""``kiosk-admin translations``: how complete and how trustworthy every kiosk language is.

For each language it reports

* **UI strings**: how many messages of ``translations/messages.pot`` the language's catalogue
  translates (every plural form filled in, not marked fuzzy), and the catalogue's review status
  from ``translations/review-status.json`` (``draft`` = written by the developers, not yet
  checked by a native speaker; ``reviewed`` = signed off, with reviewer and date);
* **offer texts**: for every *active* offer in the database, whether the text in that language
  is ``reviewed`` (checked by a person responsible), ``machine`` (drafted, not reviewed),
  ``outdated`` (written for an earlier German text; visitors see it as a draft) or ``missing``
  (the kiosk then shows the English or German text with a note).

``--json`` prints the same report as one JSON document (for scripts and dashboards).

``--min PERCENT`` turns the report into a check: the command exits with 1 when the UI-string
coverage of any language *enabled for visitors* is below PERCENT, and 0 otherwise.

Two subcommands let native speakers review a language (see :mod:`kiosk.admin.translation_review`):
``translations review-sheet --lang ar --out F.csv`` writes a sheet with every UI string and offer
text of the language; ``translations review-import F.csv --reviewer NAME [--dry-run]`` checks the
returned sheet completely, shows what would change, and writes the corrections into the ``.po``
file and the database and the review into ``translations/review-status.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kiosk.admin import translation_review as review
from kiosk.admin.access import utc_now
from kiosk.admin.offers import local_today, validation_context
from kiosk.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, opened
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository
from kiosk.domain.models import Offer, TextStatus
from kiosk.i18n import (
    PSEUDO_LOCALE,
    SOURCE_LANGUAGE,
    TRANSLATIONS_DIR,
    catalogue_codes,
    catalogue_path,
    cldr_tag,
    load_catalogue,
)

REVIEW_FILE = "review-status.json"


@dataclass(frozen=True)
class Review:
    """Whether a native speaker has signed off a UI catalogue."""

    status: str = "unknown"
    reviewer: str = ""
    date: str = ""


@dataclass
class LanguageReport:
    """Coverage of one language: UI strings and the texts of the active offers."""

    code: str
    name: str
    enabled: bool
    ui_translated: int
    ui_total: int
    review: Review
    offer_texts: dict[str, list[str]] = field(default_factory=dict)  # status → offer ids

    @property
    def ui_percent(self) -> float:
        return 100.0 * self.ui_translated / self.ui_total if self.ui_total else 100.0

    def count(self, status: str) -> int:
        return len(self.offer_texts.get(status, []))


def _key(message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings) and not message.fuzzy


def read_template(directory: Path = TRANSLATIONS_DIR) -> Catalog:
    with (directory / "messages.pot").open("rb") as fp:
        return read_po(fp)


def ui_coverage(code: str, template: Catalog, directory: Path = TRANSLATIONS_DIR) -> int:
    """How many template messages the language's catalogue translates (0 without one)."""
    path = catalogue_path(code, directory)
    if not path.exists():
        return 0
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=cldr_tag(code))
    done = {_key(m) for m in catalog if m.id and _translated(m)}
    return sum(1 for m in template if m.id and _key(m) in done)


def read_reviews(directory: Path = TRANSLATIONS_DIR) -> dict[str, Review]:
    """The review status of every UI catalogue, from ``translations/review-status.json``."""
    path = directory / REVIEW_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))
    return {
        code: Review(
            str(entry.get("status") or "unknown"),
            str(entry.get("reviewer") or ""),
            str(entry.get("date") or ""),
        )
        for code, entry in data.get("languages", {}).items()
    }


#: The offer-text statuses a report counts, in the order of the columns.
OFFER_TEXT_STATES = tuple(s.value for s in TextStatus)


def offer_text_status(offer: Offer, code: str) -> str:
    """``reviewed``, ``machine``, ``outdated`` or ``missing`` for the offer's own text in
    ``code``."""
    text = offer.texts.get(code)
    if text is None or text.status is TextStatus.MISSING or not text.summary.strip():
        return TextStatus.MISSING.value
    return text.status.value


def build_report(
    enabled: list[tuple[str, str]],
    offers: list[Offer],
    directory: Path = TRANSLATIONS_DIR,
) -> list[LanguageReport]:
    """One report per language: the enabled ones (in kiosk order), then the other catalogues."""
    template = read_template(directory)
    total = sum(1 for m in template if m.id)
    reviews = read_reviews(directory)
    enabled_codes = [code for code, _ in enabled]
    others = sorted(
        {*catalogue_codes(directory), *(lang for o in offers for lang in o.texts)}
        - {*enabled_codes, PSEUDO_LOCALE}
    )
    english = load_catalogue(SOURCE_LANGUAGE)
    reports = []
    for code, name in [*enabled, *((c, english.language_name(c)) for c in others)]:
        translated = total if code == SOURCE_LANGUAGE else ui_coverage(code, template, directory)
        report = LanguageReport(
            code, name, code in enabled_codes, translated, total, reviews.get(code, Review())
        )
        for offer in offers:
            report.offer_texts.setdefault(offer_text_status(offer, code), []).append(offer.id)
        reports.append(report)
    return reports


def _print_report(reports: list[LanguageReport], offers: int, total: int) -> None:
    print(f"UI strings: {total} messages in translations/messages.pot. Active offers: {offers}.")
    print(
        f"{'code':9} {'language':22} {'on':3} {'UI strings':>10} {'%':>6}  {'review':9} "
        f"{'offer texts: reviewed':>21} {'machine':>7} {'outdated':>8} {'missing':>7}"
    )
    for r in reports:
        review = r.review.status
        if r.review.status == "reviewed" and r.review.reviewer:
            review += f" ({r.review.reviewer}, {r.review.date})"
        print(
            f"{r.code:9} {r.name[:22]:22} {'yes' if r.enabled else 'no':3} "
            f"{r.ui_translated:>4}/{r.ui_total:<5} {r.ui_percent:6.1f}  {review:9} "
            f"{r.count('reviewed'):>21} {r.count('machine'):>7} {r.count('outdated'):>8} "
            f"{r.count('missing'):>7}"
        )


def report_document(reports: list[LanguageReport], offers: int, total: int) -> dict:
    """The report as JSON data: per language the UI coverage, the review and the counts (and
    ids) of the active offers' texts by status."""
    return {
        "ui_strings": total,
        "active_offers": offers,
        "languages": [
            {
                "code": r.code,
                "name": r.name,
                "enabled": r.enabled,
                "ui_translated": r.ui_translated,
                "ui_total": r.ui_total,
                "ui_percent": round(r.ui_percent, 1),
                "review": {
                    "status": r.review.status,
                    "reviewer": r.review.reviewer,
                    "date": r.review.date,
                },
                "offer_texts": {state: r.count(state) for state in OFFER_TEXT_STATES},
                "offer_ids": {
                    state: sorted(r.offer_texts.get(state, [])) for state in OFFER_TEXT_STATES
                },
            }
            for r in reports
        ],
    }


def _translations(args: argparse.Namespace) -> int:
    if args.min is not None and not 0 <= args.min <= 100:
        print("kiosk-admin translations: --min must be between 0 and 100", file=sys.stderr)
        return EXIT_USAGE
    with opened(args) as conn:
        enabled = [
            (lang.code, lang.endonym) for lang in CatalogueRepository(conn).enabled_languages()
        ]
        offers = OfferRepository(conn).all(active_only=True)
    reports = build_report(enabled, offers)
    total = reports[0].ui_total if reports else 0
    if args.json:
        document = report_document(reports, len(offers), total)
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        _print_report(reports, len(offers), total)
    if args.min is None:
        return EXIT_OK
    below = [r for r in reports if r.enabled and r.ui_percent < args.min]
    for r in below:
        print(
            f"below {args.min:g} %: {r.code} translates {r.ui_translated} of {r.ui_total} "
            "UI strings (run `make messages`, then fill in its .po file)",
            file=sys.stderr,
        )
    return EXIT_DATA if below else EXIT_OK


# -- review sheets ---------------------------------------------------------------------------
#: Problems printed at most (a sheet of garbage can have very many).
MAX_PRINTED_PROBLEMS = 200


def _fail(message: str, code: int = EXIT_DATA) -> int:
    print(f"kiosk-admin translations: {message}", file=sys.stderr)
    return code


def _review_sheet(args: argparse.Namespace) -> int:
    directory = Path(args.translations_dir)
    known = review.reviewable_languages(directory)
    if args.lang not in known:
        hint = ""
        if args.lang.replace("_", "-") in known:
            hint = f" (the kiosk code is {args.lang.replace('_', '-')})"
        return _fail(f"unknown language “{args.lang}”{hint}; known: {', '.join(known)}", EXIT_USAGE)
    out = Path(args.out)
    if not out.parent.is_dir():
        return _fail(f"the folder {out.parent} does not exist", EXIT_USAGE)
    with opened(args) as conn:
        offers = OfferRepository(conn).all(active_only=True)
    rows = review.sheet_rows(args.lang, offers, directory, review.source_locations())
    review.write_sheet(rows, out)
    ui = sum(1 for row in rows if row.kind == review.UI)
    print(
        f"Wrote {out}: {ui} UI string row(s) and {len(rows) - ui} offer text row(s) in "
        f"“{args.lang}”. Write corrections into the column “correction” (leave it empty where "
        "the text is right), keep the file as CSV UTF-8, then run: kiosk-admin translations "
        f"review-import {out} --reviewer NAME",
        file=sys.stderr,
    )
    return EXIT_OK


def _shown(text: str, limit: int = 200) -> str:
    flat = text.replace("\n", " ⏎ ")
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def _print_review_plan(plan: review.ReviewPlan) -> None:
    for change in plan.ui_changes:
        print(f"  ui     {change.id}:")
        print(f"           {_shown(change.old)} → {_shown(change.new)}")
    signed_only = []  # texts reviewed as they are: only their status changes
    for update in plan.offer_updates:
        if all(change.field.endswith(".status") for change in update.changes):
            signed_only.append(update)
            continue
        print(f"  offer  {update.offer.id}:")
        for change in update.changes:
            print(f"           {change.field}: {_shown(change.old)} → {_shown(change.new)}")
    if signed_only:
        transitions = sorted({f"{c.old} → {c.new}" for u in signed_only for c in u.changes})
        print(
            f"  offer  status {', '.join(transitions)} (text as it is) for {len(signed_only)} "
            "offer(s): " + ", ".join(u.offer.id for u in signed_only)
        )
    print(
        f"Language {plan.code}: {plan.ui_reviewed} of {plan.ui_total} UI string row(s) reviewed, "
        f"{len(plan.ui_changes)} corrected; {plan.offer_reviewed} of {plan.offer_total} offer "
        f"text row(s) reviewed, {plan.offer_corrected} corrected."
    )
    if plan.complete:
        print("Every UI string of the language is reviewed: the catalogue becomes “reviewed”.")
    else:
        print("Not every UI string is in the sheet as reviewed: the catalogue keeps its status.")


def _review_import(args: argparse.Namespace) -> int:
    directory = Path(args.translations_dir)
    reviewer = " ".join(args.reviewer.split())
    if not reviewer or len(reviewer) > 100 or not reviewer.isprintable():
        return _fail("--reviewer needs the reviewer's name (at most 100 characters)", EXIT_USAGE)
    source = Path(args.file)
    if not source.is_file():
        return _fail(f"{source} does not exist or is not a file", EXIT_USAGE)
    try:
        lines = review.read_sheet(source.read_bytes())
    except review.SheetError as error:
        return _fail(f"{source}: {error} Nothing was changed.")
    with opened(args) as conn:
        today = local_today(utc_now)
        offers = OfferRepository(conn).all(active_only=True)
        plan = review.plan_review(
            lines, offers, validation_context(conn, today), directory, args.lang
        )
        for note in plan.notes:
            print(f"  note: {note}", file=sys.stderr)
        if not plan.ok:
            count = len(plan.problems)
            print(f"{source}: {count} problem(s) found; nothing was changed.", file=sys.stderr)
            for item in plan.problems[:MAX_PRINTED_PROBLEMS]:
                print(f"  {item}", file=sys.stderr)
            if count > MAX_PRINTED_PROBLEMS:
                print(f"  … and {count - MAX_PRINTED_PROBLEMS} more.", file=sys.stderr)
            return EXIT_DATA
        print(f"{source}: {plan.rows} row(s) read, all valid.")
        _print_review_plan(plan)
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return EXIT_OK
        review.apply_review(plan, conn, reviewer, utc_now(), today, directory)
    print(
        f"Recorded the review by {reviewer} in {directory / review.REVIEW_FILE}"
        + (
            f"; {catalogue_path(plan.code, directory)} updated and compiled."
            if plan.ui_changes
            else "."
        )
    )
    if plan.code == "zh-Hans" and plan.ui_changes:
        print(
            "Chinese texts changed: regenerate the font subset (scripts/subset_cjk_font.py).",
            file=sys.stderr,
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "translations",
        help="coverage and review status of every language (UI strings and offer texts)",
        description=(
            "For every language: UI strings translated (of translations/messages.pot; a message "
            "counts when all its plural forms are filled in and it is not fuzzy), the review "
            "status of the catalogue (translations/review-status.json), and the texts of the "
            "active offers by status: reviewed, machine (drafted, not reviewed), outdated "
            "(written for an earlier German text) or missing."
        ),
    )
    command.add_argument(
        "--json", action="store_true", help="print the report as one JSON document"
    )
    command.add_argument(
        "--min",
        type=float,
        metavar="PERCENT",
        help=(
            "exit with 1 when the UI-string coverage of any language enabled for visitors is "
            "below PERCENT (0–100), else 0; offer texts do not count towards it"
        ),
    )
    command.set_defaults(func=_translations)

    steps = command.add_subparsers(
        dest="translations_command", metavar="{review-sheet,review-import}"
    )
    sheet = steps.add_parser(
        "review-sheet",
        help="write a CSV sheet for a native speaker to review one language",
        description=(
            "One row per UI string (each plural form apart) and per offer text (summary, "
            "description, audience of the active offers): id, kind, lang, source (English; for "
            "offer texts German), german, context (translators' note, plural form), where, "
            "current, and the empty columns correction and comment for the reviewer. UTF-8 "
            "with BOM, for Excel and LibreOffice."
        ),
    )
    sheet.add_argument("--lang", required=True, help="kiosk language code: ar, fa-AF, zh-Hans, …")
    sheet.add_argument("--out", required=True, help="the CSV file to write")
    sheet.set_defaults(func=_review_sheet)

    back = steps.add_parser(
        "review-import",
        help="check a returned review sheet, show the changes, write them and the review",
        description=(
            "Checks the whole sheet first (ids, language, placeholders, characters, texts changed "
            "since the sheet was written) and changes nothing when anything is wrong. An empty "
            "correction means the current text is right. Corrections go into the language's "
            ".po file (then compiled) and the offer texts in the database (audit log); an offer "
            "text whose every row was in the sheet becomes “reviewed”. The review (reviewer, "
            "date, counts) goes into translations/review-status.json; the catalogue becomes "
            "“reviewed” only when the sheet covered every UI string of the language."
        ),
    )
    back.add_argument("file", help="a sheet written by review-sheet")
    back.add_argument("--reviewer", required=True, help="name of the reviewer (or organisation)")
    back.add_argument("--lang", help="refuse the sheet unless it is of this language")
    back.add_argument("--dry-run", action="store_true", help="check and show, change nothing")
    back.set_defaults(func=_review_import, writes=True)

    for step in (sheet, back):
        step.add_argument(
            "--translations-dir",
            type=Path,
            default=TRANSLATIONS_DIR,
            help="the catalogues' folder (default: the project's translations/)",
        )
