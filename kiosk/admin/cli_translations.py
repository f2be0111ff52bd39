"""``kiosk-admin translations``: how complete and how trustworthy every kiosk language is.

For each language it reports

* **UI strings**: how many messages of ``translations/messages.pot`` the language's catalogue
  translates (every plural form filled in, not marked fuzzy), and the catalogue's review status
  from ``translations/review-status.json`` (``draft`` = written by the developers, not yet
  checked by a native speaker; ``reviewed`` = signed off, with reviewer and date);
* **offer texts**: for every *active* offer in the database, whether the text in that language
  is ``reviewed`` (checked by a person responsible), ``machine`` (drafted, not reviewed) or
  ``missing`` (the kiosk then shows the English or German text with a note).

``--min PERCENT`` turns the report into a check: the command exits with 1 when the UI-string
coverage of any language *enabled for visitors* is below PERCENT, and 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from kiosk.admin.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, opened
from kiosk.db.repository import CatalogueRepository, OfferRepository
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
REVIEW_STATES = ("draft", "reviewed")


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


def offer_text_status(offer: Offer, code: str) -> str:
    """``reviewed``, ``machine`` or ``missing`` for the offer's own text in ``code``."""
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
        f"{'offer texts: reviewed':>21} {'machine':>7} {'missing':>7}"
    )
    for r in reports:
        review = r.review.status
        if r.review.status == "reviewed" and r.review.reviewer:
            review += f" ({r.review.reviewer}, {r.review.date})"
        print(
            f"{r.code:9} {r.name[:22]:22} {'yes' if r.enabled else 'no':3} "
            f"{r.ui_translated:>4}/{r.ui_total:<5} {r.ui_percent:6.1f}  {review:9} "
            f"{r.count('reviewed'):>21} {r.count('machine'):>7} {r.count('missing'):>7}"
        )


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
    _print_report(reports, len(offers), reports[0].ui_total if reports else 0)
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


def register(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser(
        "translations",
        help="coverage and review status of every language (UI strings and offer texts)",
        description=(
            "For every language: UI strings translated (of translations/messages.pot; a message "
            "counts when all its plural forms are filled in and it is not fuzzy), the review "
            "status of the catalogue (translations/review-status.json), and the texts of the "
            "active offers by status: reviewed, machine (drafted, not reviewed) or missing."
        ),
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
