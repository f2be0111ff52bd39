"""Completeness and staleness at a glance: per offer what a visitor needs and is missing, how old
it is, a score per offer and per provider; sortable, as plain text, CSV or HTML.

A score staff can explain: each item below is worth some points; an item that does not apply to
an offer (an online service has no street address) is left out, and the score is the share of
the points that apply, 0–100.

=============  ======  ==========================================================================
item           points  full points when …
=============  ======  ==========================================================================
reach          20      an office: a street address with postcode (10 without the postcode);
                       an online service: a web address (or at least a phone or e-mail)
phone          10      an office has a phone number to ask or book (not for online services)
hours          15      opening hours are known, or the offer is by appointment only (not for
                       online services, which one writes to at any time)
languages      10      the languages the counsellors speak are listed
texts          20      a text in every language the kiosk offers: a reviewed text counts fully,
                       a machine draft or an outdated text half, a missing one nothing
coordinates    10      an offer with a street address has its map position (only then applies)
checked        15      checked within ``verify_after_months`` (the same rule as the "to verify"
                       list, :func:`kiosk.domain.verification.is_outdated`)
=============  ======  ==========================================================================

A provider's score is the mean of its offers' scores (active offers unless inactive ones are
asked for). Nothing here prints or imports Qt; the CLI and the desk editor format the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kiosk.admin.csv_format import DELIMITER, neutralise
from kiosk.admin.settings import load_configuration
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository
from kiosk.domain.models import Offer, OfferKind, TextStatus
from kiosk.domain.verification import is_outdated, lacks_coordinates
from kiosk.i18n import N_


class Item(StrEnum):
    """What a visitor needs to know about an offer (one part of the score)."""

    REACH = "reach"
    PHONE = "phone"
    HOURS = "hours"
    LANGUAGES = "languages"
    TEXTS = "texts"
    COORDINATES = "coordinates"
    CHECKED = "checked"


#: Points per item (they add up to 100 when every item applies).
WEIGHTS: dict[Item, int] = {
    Item.REACH: 20,
    Item.PHONE: 10,
    Item.HOURS: 15,
    Item.LANGUAGES: 10,
    Item.TEXTS: 20,
    Item.COORDINATES: 10,
    Item.CHECKED: 15,
}

ITEM_LABELS = {
    # TRANSLATORS: completeness report column: how a visitor gets to or reaches the offer
    Item.REACH: N_("Address or way to reach"),
    Item.PHONE: N_("Phone"),
    Item.HOURS: N_("Opening hours"),
    # TRANSLATORS: completeness report column: languages the counsellors speak
    Item.LANGUAGES: N_("Languages spoken"),
    # TRANSLATORS: completeness report column: the offer's texts in the kiosk's languages
    Item.TEXTS: N_("Texts"),
    # TRANSLATORS: completeness report column: latitude and longitude for the map
    Item.COORDINATES: N_("Map position"),
    # TRANSLATORS: completeness report column: checked recently enough
    Item.CHECKED: N_("Checked"),
}


def n_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction (the ``n_:1,2`` keyword, as ``Catalogue.n_``);
    it is counted and translated where it is shown (:meth:`Gap.text`)."""
    return singular, plural


# What is missing, as staff read it (gettext sources with {placeholders}; a pair of them is a
# plural message whose count is ``{n}``).
# TRANSLATORS: completeness report: an office offer without a street address
GAP_NO_ADDRESS = N_("no street address")
# TRANSLATORS: completeness report: the street address lacks its postcode
GAP_NO_POSTCODE = N_("address without postcode")
# TRANSLATORS: an online service without a web address, phone or e-mail
GAP_NO_ONLINE_CONTACT = N_("no web address, phone or e-mail")
# TRANSLATORS: an online service without a web address (reached only by phone or e-mail)
GAP_NO_WEB = N_("no web address")
# TRANSLATORS: completeness report: an office offer without a phone number
GAP_NO_PHONE = N_("no phone number")
# TRANSLATORS: completeness report: the offer's opening hours are unknown
GAP_NO_HOURS = N_("opening hours not known")
# TRANSLATORS: completeness report: the languages the counsellors speak are not listed
GAP_NO_LANGUAGES = N_("languages spoken not listed")
# TRANSLATORS: {n} kiosk languages have no text for this offer, {languages} their codes
GAP_TEXTS_MISSING = n_(
    "no text in {n} language: {languages}", "no text in {n} languages: {languages}"
)
# TRANSLATORS: {n} texts are machine drafts, not reviewed by a person
GAP_TEXTS_MACHINE = n_("{n} text only machine-translated", "{n} texts only machine-translated")
# TRANSLATORS: {n} texts were not updated after the German text changed
GAP_TEXTS_OUTDATED = n_("{n} text outdated", "{n} texts outdated")
GAP_NO_COORDINATES = N_("no map position (latitude and longitude)")
GAP_NEVER_CHECKED = N_("never checked")
# TRANSLATORS: the last check is older than the "verify after" setting allows
GAP_OUTDATED = N_("last checked more than {months} months ago")


@dataclass(frozen=True, slots=True)
class Gap:
    """Something missing: ``message`` is a gettext source, ``values`` its placeholders.

    A counted gap ("3 texts outdated") has ``plural`` as well, and ``n``, the count: it is
    rendered through ``ngettext`` (``Catalogue.n_``), so each language uses its own plural
    forms (Arabic six, Russian three, Chinese one) instead of an English "(s)"."""

    item: Item
    message: str
    values: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    n: int | None = None

    def __post_init__(self) -> None:
        if (self.plural is None) != (self.n is None):
            raise ValueError("a plural gap needs both its plural message and its count n")

    @classmethod
    def counted(cls, item: Item, messages: tuple[str, str], n: int, **values: object) -> Gap:
        """A gap with a count: ``messages`` is (singular, plural), as :func:`n_` marks them."""
        singular, plural = messages
        return cls(item, singular, tuple(values.items()), plural, n)

    def text(
        self,
        translate: Callable[..., str] | None = None,
        plural: Callable[..., str] | None = None,
    ) -> str:
        """The gap in a language or, without ``translate``, in English.

        ``translate`` is ``Catalogue._`` and ``plural`` its ``n_`` (taken from the catalogue
        ``translate`` is bound to when not given); a counted gap goes through ``plural``."""
        values = dict(self.values)
        if self.plural is None:
            if translate is not None:
                return translate(self.message, **values)
            return self.message.format(**values) if values else self.message
        if plural is None and translate is not None:
            plural = getattr(getattr(translate, "__self__", None), "n_", None)
            if plural is None:
                raise TypeError("a counted gap needs the catalogue's n_ as plural=")
        if plural is not None:
            return plural(self.message, self.plural, self.n, **values)
        # English, as the CLI writes it: one → singular, everything else → plural.
        return (self.message if self.n == 1 else self.plural).format(n=self.n, **values)


@dataclass(frozen=True, slots=True)
class ItemScore:
    """Points of one item: ``earned`` of ``weight``; ``applies`` False leaves it out."""

    item: Item
    weight: int
    earned: float
    applies: bool = True

    @property
    def complete(self) -> bool:
        return not self.applies or self.earned >= self.weight


@dataclass(frozen=True, slots=True)
class TextCoverage:
    """An offer's texts in the kiosk's languages (codes, in the kiosk's order)."""

    reviewed: tuple[str, ...] = ()
    machine: tuple[str, ...] = ()
    outdated: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def languages(self) -> int:
        return len(self.reviewed) + len(self.machine) + len(self.outdated) + len(self.missing)

    def status_of(self, code: str) -> str:
        """``reviewed``, ``machine``, ``outdated`` or ``missing`` (as TextStatus values)."""
        for status in ("reviewed", "machine", "outdated"):
            if code in getattr(self, status):
                return status
        return "missing"


@dataclass(frozen=True, slots=True)
class OfferCompleteness:
    """One offer: its item scores, what is missing, how old its last check is."""

    offer: Offer
    items: tuple[ItemScore, ...]
    gaps: tuple[Gap, ...]
    texts: TextCoverage
    #: days since ``verified_on`` (None: never checked)
    age_days: int | None
    #: not checked within the ``verify_after_months`` setting (or never)
    outdated: bool

    @property
    def score(self) -> int:
        """Share of the applicable points earned, 0–100 (rounded half up)."""
        possible = sum(s.weight for s in self.items if s.applies)
        earned = sum(s.earned for s in self.items if s.applies)
        return int(earned * 100 / possible + 0.5) if possible else 100

    def item(self, item: Item) -> ItemScore:
        return next(s for s in self.items if s.item is item)

    @property
    def missing(self) -> tuple[Item, ...]:
        """The items not complete, in the order of :data:`WEIGHTS`."""
        return tuple(s.item for s in self.items if not s.complete)


@dataclass(frozen=True, slots=True)
class ProviderCompleteness:
    """A provider's offers and their mean score."""

    provider: str
    offers: tuple[OfferCompleteness, ...]

    @property
    def score(self) -> int:
        if not self.offers:
            return 100
        return int(sum(o.score for o in self.offers) / len(self.offers) + 0.5)

    @property
    def oldest_check(self) -> dt.date | None:
        """The oldest ``verified_on`` (None when one of them was never checked)."""
        dates = [o.offer.verified_on for o in self.offers]
        return None if None in dates else min(dates)

    @property
    def outdated(self) -> int:
        return sum(o.outdated for o in self.offers)


class SortKey(StrEnum):
    """How the report is ordered."""

    SCORE = "score"  # lowest score first: most to do first
    AGE = "age"  # never checked first, then oldest check first
    PROVIDER = "provider"  # by provider, then offer name
    NAME = "name"  # by offer name


@dataclass(frozen=True, slots=True)
class CompletenessReport:
    """The whole report: offers, providers, and what it was measured against."""

    today: dt.date
    months: int
    languages: tuple[str, ...]
    offers: tuple[OfferCompleteness, ...]

    @property
    def providers(self) -> tuple[ProviderCompleteness, ...]:
        """Providers, lowest score first (ties by name)."""
        return provider_scores(self.offers)

    def sorted(self, by: SortKey | str = SortKey.SCORE) -> list[OfferCompleteness]:
        return sort_offers(self.offers, by)

    def count(self, item: Item) -> int:
        """How many offers are incomplete in ``item``."""
        return sum(item in o.missing for o in self.offers)

    @property
    def score(self) -> int:
        """The mean score of all offers in the report."""
        if not self.offers:
            return 100
        return int(sum(o.score for o in self.offers) / len(self.offers) + 0.5)


# -- measuring ---------------------------------------------------------------------------------
def text_coverage(offer: Offer, languages: Iterable[str]) -> TextCoverage:
    """Which of the kiosk ``languages`` an offer has a reviewed, machine, outdated or no text
    in. A text whose summary is empty, or whose status is missing, is missing; a status other
    than reviewed or outdated (a machine draft) counts as machine."""
    found: dict[str, list[str]] = {"reviewed": [], "machine": [], "outdated": [], "missing": []}
    for code in languages:
        text = offer.texts.get(code)
        if text is None or not (text.summary or "").strip() or text.status is TextStatus.MISSING:
            found["missing"].append(code)
        elif text.status is TextStatus.REVIEWED:
            found["reviewed"].append(code)
        elif str(text.status) == "outdated":  # TextStatus.OUTDATED (issue 19, step 3)
            found["outdated"].append(code)
        else:
            found["machine"].append(code)
    return TextCoverage(**{k: tuple(v) for k, v in found.items()})


def _is_online(offer: Offer) -> bool:
    return offer.kind is OfferKind.ONLINE_SERVICE


def _reach(offer: Offer) -> tuple[float, Gap | None]:
    weight, contact = WEIGHTS[Item.REACH], offer.contact
    if _is_online(offer):
        if contact.web:
            return weight, None
        if contact.phone or contact.email:
            return weight / 2, Gap(Item.REACH, GAP_NO_WEB)
        return 0, Gap(Item.REACH, GAP_NO_ONLINE_CONTACT)
    if not offer.address.is_known:
        return 0, Gap(Item.REACH, GAP_NO_ADDRESS)
    if not offer.address.postcode:
        return weight / 2, Gap(Item.REACH, GAP_NO_POSTCODE)
    return weight, None


def assess_offer(
    offer: Offer, today: dt.date, months: int, languages: Sequence[str]
) -> OfferCompleteness:
    """Score one offer against the kiosk ``languages`` and the ``months`` a check stays
    valid (the ``verify_after_months`` setting)."""
    online = _is_online(offer)
    scores: list[ItemScore] = []
    gaps: list[Gap] = []

    def add(item: Item, earned: float, gap: Gap | None = None, applies: bool = True) -> None:
        scores.append(ItemScore(item, WEIGHTS[item], earned if applies else 0, applies))
        if gap is not None and applies:
            gaps.append(gap)

    earned, gap = _reach(offer)
    add(Item.REACH, earned, gap)

    has_phone = bool(offer.contact.phone)
    add(
        Item.PHONE,
        WEIGHTS[Item.PHONE] * has_phone,
        None if has_phone else Gap(Item.PHONE, GAP_NO_PHONE),
        not online,  # an online service is reached through its website
    )

    hours_known = offer.hours is not None or offer.appointment_only
    add(
        Item.HOURS,
        WEIGHTS[Item.HOURS] * hours_known,
        None if hours_known else Gap(Item.HOURS, GAP_NO_HOURS),
        not online,
    )

    listed = bool(offer.languages)
    add(
        Item.LANGUAGES,
        WEIGHTS[Item.LANGUAGES] * listed,
        None if listed else Gap(Item.LANGUAGES, GAP_NO_LANGUAGES),
    )

    coverage = text_coverage(offer, languages)
    total = coverage.languages
    if total:
        share = len(coverage.reviewed) + (len(coverage.machine) + len(coverage.outdated)) / 2
        add(Item.TEXTS, WEIGHTS[Item.TEXTS] * share / total)
    else:
        add(Item.TEXTS, 0, applies=False)
    if coverage.missing:
        missing = coverage.missing
        gaps.append(
            Gap.counted(Item.TEXTS, GAP_TEXTS_MISSING, len(missing), languages=", ".join(missing))
        )
    if coverage.outdated:
        gaps.append(Gap.counted(Item.TEXTS, GAP_TEXTS_OUTDATED, len(coverage.outdated)))
    if coverage.machine:
        gaps.append(Gap.counted(Item.TEXTS, GAP_TEXTS_MACHINE, len(coverage.machine)))

    with_address = offer.address.is_known and not online
    positioned = not lacks_coordinates(offer)
    add(
        Item.COORDINATES,
        WEIGHTS[Item.COORDINATES] * positioned,
        None if positioned else Gap(Item.COORDINATES, GAP_NO_COORDINATES),
        with_address,
    )

    outdated = is_outdated(offer, today, months)
    if offer.verified_on is None:
        check_gap: Gap | None = Gap(Item.CHECKED, GAP_NEVER_CHECKED)
    elif outdated:
        check_gap = Gap(Item.CHECKED, GAP_OUTDATED, (("months", months),))
    else:
        check_gap = None
    add(Item.CHECKED, 0 if outdated else WEIGHTS[Item.CHECKED], check_gap)

    age = None if offer.verified_on is None else max(0, (today - offer.verified_on).days)
    order = list(WEIGHTS)
    gaps.sort(key=lambda g: order.index(g.item))
    return OfferCompleteness(offer, tuple(scores), tuple(gaps), coverage, age, outdated)


def provider_scores(offers: Iterable[OfferCompleteness]) -> tuple[ProviderCompleteness, ...]:
    """Offers grouped by provider; lowest mean score first, ties by name."""
    groups: dict[str, list[OfferCompleteness]] = {}
    for item in offers:
        groups.setdefault(item.offer.provider, []).append(item)
    providers = [
        ProviderCompleteness(name, tuple(sorted(items, key=_name_key)))
        for name, items in groups.items()
    ]
    providers.sort(key=lambda p: (p.score, p.provider.casefold()))
    return tuple(providers)


def _name_key(item: OfferCompleteness) -> tuple[str, str]:
    return (item.offer.name.casefold(), item.offer.id)


def sort_offers(
    offers: Iterable[OfferCompleteness], by: SortKey | str = SortKey.SCORE
) -> list[OfferCompleteness]:
    """``score``: lowest first; ``age``: never checked, then oldest check first; ``provider``:
    by provider then name; ``name``: by name. Ties are broken by name and id (stable)."""
    by = SortKey(by)
    keys: dict[SortKey, Callable[[OfferCompleteness], tuple]] = {
        SortKey.SCORE: lambda o: (o.score, *_name_key(o)),
        SortKey.AGE: lambda o: (o.offer.verified_on or dt.date.min, *_name_key(o)),
        SortKey.PROVIDER: lambda o: (o.offer.provider.casefold(), *_name_key(o)),
        SortKey.NAME: _name_key,
    }
    return sorted(offers, key=keys[by])


def completeness_report(
    conn: sqlite3.Connection, today: dt.date, *, include_inactive: bool = False
) -> CompletenessReport:
    """The report for the database: active offers (all with ``include_inactive``), measured
    against the kiosk's visitor languages and its ``verify_after_months`` setting."""
    months = load_configuration(conn).verify_after_months
    languages = tuple(lang.code for lang in CatalogueRepository(conn).enabled_languages())
    offers = [o for o in OfferRepository(conn).all() if include_inactive or o.active]
    measured = tuple(assess_offer(o, today, months, languages) for o in offers)
    return CompletenessReport(today, months, languages, measured)


# -- printable forms ---------------------------------------------------------------------------
def age_text(days: int | None) -> str:
    """``never``, ``3 days``, ``5 months``, ``9 years`` (English, for the CLI and CSV)."""
    if days is None:
        return "never"
    if days < 61:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 730:
        return f"{days * 12 // 365} months"
    return f"{days // 365} years"


def _points(score: ItemScore) -> str:
    if not score.applies:
        return "n/a"
    return f"{score.earned:g}/{score.weight}"


CSV_COLUMNS = (
    "id",
    "name",
    "provider",
    "kind",
    "active",
    "score",
    "verified_on",
    "age_days",
    "outdated",
    *(f"points_{item}" for item in WEIGHTS),
    "missing",
    "texts_reviewed",
    "texts_machine",
    "texts_outdated",
    "texts_missing",
)


def to_csv(report: CompletenessReport, by: SortKey | str = SortKey.SCORE) -> bytes:
    """One row per offer, for Excel: UTF-8 with BOM, ``;`` (as the data export), cells that
    could run as a formula neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in report.sorted(by):
        offer = item.offer
        row = [
            offer.id,
            offer.name,
            offer.provider,
            str(offer.kind),
            "yes" if offer.active else "no",
            str(item.score),
            offer.verified_on.isoformat() if offer.verified_on else "",
            "" if item.age_days is None else str(item.age_days),
            "yes" if item.outdated else "no",
            *(_points(s) for s in item.items),
            " | ".join(g.text() for g in item.gaps),
            ",".join(item.texts.reviewed),
            ",".join(item.texts.machine),
            ",".join(item.texts.outdated),
            ",".join(item.texts.missing),
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _weights_line() -> str:
    return ", ".join(f"{item} {weight}" for item, weight in WEIGHTS.items())


def to_text(report: CompletenessReport, by: SortKey | str = SortKey.SCORE) -> str:
    """A plain-text report for the terminal or a printer (English, as kiosk-admin)."""
    lines = [
        f"Completeness of {len(report.offers)} offer(s) on {report.today.isoformat()}: "
        f"mean score {report.score}/100",
        f"Points: {_weights_line()}; items that do not apply are left out. "
        f"Checked means within {report.months} months. "
        f"Texts in {len(report.languages)} kiosk languages.",
        "",
        "Missing: "
        + ", ".join(f"{item} {report.count(item)}" for item in WEIGHTS if report.count(item)),
        "",
        f"Offers (sorted by {SortKey(by)}):",
    ]
    for item in report.sorted(by):
        offer = item.offer
        checked = offer.verified_on.isoformat() if offer.verified_on else "never"
        state = "" if offer.active else " (inactive)"
        lines.append(
            f"  {item.score:3}  {checked:10}  {age_text(item.age_days):>9}  {offer.id}{state}"
            f" — {offer.name} [{offer.provider}]"
        )
        for gap in item.gaps:
            lines.append(f"         - {gap.text()}")
    lines += ["", "Providers (lowest score first):"]
    for provider in report.providers:
        oldest = provider.oldest_check.isoformat() if provider.oldest_check else "never"
        lines.append(
            f"  {provider.score:3}  {len(provider.offers):2} offer(s), "
            f"{provider.outdated} to check, oldest check {oldest}  {provider.provider}"
        )
    return "\n".join(lines) + "\n"


def to_html(report: CompletenessReport, by: SortKey | str = SortKey.SCORE) -> str:
    """A self-contained HTML page (tables, print-friendly), escaped throughout."""
    esc = html.escape
    head = "".join(f"<th>{esc(ITEM_LABELS[i])} ({WEIGHTS[i]})</th>" for i in WEIGHTS)
    rows = []
    for item in report.sorted(by):
        offer = item.offer
        cells = "".join(
            f'<td class="{"ok" if s.complete else "gap"}">{esc(_points(s))}</td>'
            for s in item.items
        )
        gaps = "<br>".join(esc(g.text()) for g in item.gaps)
        checked = offer.verified_on.isoformat() if offer.verified_on else "never"
        rows.append(
            f"<tr><td><b>{esc(offer.name)}</b><br><small>{esc(offer.id)} · "
            f"{esc(offer.provider)}</small></td><td>{item.score}</td>"
            f"<td>{esc(checked)}<br><small>{esc(age_text(item.age_days))}</small></td>"
            f"{cells}<td>{gaps}</td></tr>"
        )
    providers = "".join(
        f"<tr><td>{esc(p.provider)}</td><td>{p.score}</td><td>{len(p.offers)}</td>"
        f"<td>{p.outdated}</td></tr>"
        for p in report.providers
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Completeness of the offers</title><style>"
        "body{font-family:sans-serif;font-size:10pt}table{border-collapse:collapse}"
        "td,th{border:1px solid #999;padding:2px 4px;vertical-align:top}"
        ".gap{background:#fde2e2}.ok{background:#e3f4e1}"
        "@media print{tr{page-break-inside:avoid}}</style></head><body>"
        f"<h1>Completeness of {len(report.offers)} offers, {report.today.isoformat()}</h1>"
        f"<p>Mean score {report.score}/100. Points: {esc(_weights_line())}; items that do not "
        f"apply are left out. Checked means within {report.months} months.</p>"
        f"<table><tr><th>Offer</th><th>Score</th><th>Checked</th>{head}<th>Missing</th></tr>"
        + "".join(rows)
        + "</table><h2>Providers</h2><table><tr><th>Provider</th><th>Score</th>"
        "<th>Offers</th><th>To check</th></tr>" + providers + "</table></body></html>\n"
    )
