"""Review sheets: native speakers check a language's UI strings and offer texts in a spreadsheet.

``kiosk-admin translations review-sheet`` writes one CSV file per language (UTF-8 with a byte
order mark, so Excel and LibreOffice show Arabic or Chinese right). One row per item:

* ``ui`` rows: every message of ``translations/<dir>/LC_MESSAGES/messages.po``, each plural form
  in a row of its own (the context column says for which numbers the form is used);
* ``offer`` rows: summary, description and audience of every *active* offer in that language
  (the German text as the source; for German itself the English one).

The reviewer writes a better text into ``correction`` (and may explain it in ``comment``); an
empty correction means "the current text is fine". ``review-import`` reads the sheet back,
checks all of it first and changes nothing at all when anything is wrong: an unknown or
duplicated id, a sheet of another language, a correction whose ``{placeholders}`` differ from
the source's, characters that cannot be shown honestly, a broken CSV, or a row whose current
text changed since the sheet was written (the correction would overwrite a newer text).

What an import records:

* a corrected UI string replaces the ``msgstr`` (the file keeps the format ``make messages``
  writes, so Poedit and Weblate keep working on it), and the catalogue is compiled at once;
* an offer text of which every row was in the sheet gets the status ``reviewed`` (with or without
  corrections); a text only partly in the sheet gets its corrections but keeps its status. Each
  changed field is written to the audit log, as the offer editor does;
* ``translations/review-status.json`` gets a review entry for the language: reviewer, date, rows
  reviewed and corrected. The catalogue itself becomes ``reviewed`` (status, reviewer, date, and
  the ``Language-Team`` header of the ``.po``) only when the sheet covered *every* UI string of
  the language, none left empty. A partial sheet (rows deleted) counts only for the rows in it.

Rows removed from the sheet are simply not reviewed. Nothing here imports Qt.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gettext
import io
import json
import os
import sqlite3
import string
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from kiosk import PROJECT_ROOT
from kiosk.admin.offers import audit_entries
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import transaction
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.changes import FieldChange
from kiosk.domain.models import Offer, OfferText, TextStatus
from kiosk.domain.offer_form import offer_changes, offer_to_form
from kiosk.domain.texts import mark_outdated
from kiosk.domain.validation import (
    ValidationContext,
    is_right_to_left,
    parse_offer_form,
    shown,
    text_problems,
)
from kiosk.i18n import (
    PSEUDO_LOCALE,
    START_SCREEN_TABLE,
    TRANSLATIONS_DIR,
    catalogue_codes,
    catalogue_path,
    cldr_tag,
    format_start_screen_table,
    load_catalogue,
    parse_start_screen_table,
    start_screen_texts_of,
)

UI, OFFER = "ui", "offer"
COLUMNS = (
    "id",
    "kind",
    "lang",
    "source",
    "german",
    "context",
    "where",
    "current",
    "correction",
    "comment",
)
REQUIRED_COLUMNS = ("id", "kind", "lang", "current", "correction")
OFFER_TEXT_FIELDS = ("summary", "description", "audience")
_FIELD_HINTS = {
    "summary": "summary: the short text on the result card and at the top of the details",
    "description": "description: the longer text in the details and on the handout",
    "audience": "audience: who the offer is for, in the details",
}
#: As scripts/update_catalogues.py writes the catalogues.
PO_WIDTH = 100
REVIEW_FILE = "review-status.json"
#: A sheet of all UI strings and offer texts is about 1 MB; anything far larger is no sheet.
MAX_SHEET_BYTES = 20_000_000
REVIEW_ACTOR = "review"
_BABEL_KEYWORDS = {"_": None, "n_": (1, 2), "p_": ((1, "c"), 2), "N_": None}


class SheetError(Exception):
    """The sheet cannot be read at all (not UTF-8, broken CSV, columns missing)."""


# -- what a sheet holds --------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One line of a review sheet."""

    id: str
    kind: str
    lang: str
    source: str = ""
    german: str = ""
    context: str = ""
    where: str = ""
    current: str = ""
    correction: str = ""
    comment: str = ""
    # Not in the sheet: what the row stands for.
    key: tuple[str | None, str] | None = None  # UI: (msgctxt, msgid)
    form: int | None = None  # UI: the plural form
    placeholders: frozenset[str] = frozenset()  # UI: the {names} the source has
    plural: bool = False
    offer_id: str = ""
    field: str = ""

    def cells(self) -> list[str]:
        return [getattr(self, name) for name in COLUMNS]


def reviewable_languages(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """Kiosk codes of the catalogues a sheet can be written for (not the pseudo-locale)."""
    return [code for code in catalogue_codes(directory) if code != PSEUDO_LOCALE]


def ui_id(context: str | None, msgid: str, form: int | None = None) -> str:
    """The stable key of a UI string in a sheet: msgctxt and msgid (and the plural form)."""
    base = f"{context} | {msgid}" if context else msgid
    return base if form is None else f"{base} [form {form}]"


def offer_row_id(offer_id: str, name: str) -> str:
    return f"offer:{offer_id}:{name}"


def fields_of(text: str) -> list[str]:
    """The ``{names}`` of a format string, in order (raises ValueError when it is broken)."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def _placeholders(text: str) -> frozenset[str]:
    try:
        return frozenset(fields_of(text))
    except ValueError:
        return frozenset()


def read_catalogue(code: str, directory: Path = TRANSLATIONS_DIR) -> Catalog:
    with catalogue_path(code, directory).open("rb") as fp:
        return read_po(fp, locale=cldr_tag(code))


def _singular(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def _plural_samples(catalog: Catalog) -> dict[int, list[int]]:
    """For every plural form, the first numbers that use it."""
    choose = gettext.c2py(catalog.plural_expr)
    samples: dict[int, list[int]] = {}
    for n in range(0, 1000):
        samples.setdefault(choose(n), []).append(n)
    return samples


def _numbers(values: list[int]) -> str:
    return ", ".join(str(n) for n in values[:6]) + (", …" if len(values) > 6 else "")


def source_locations(root: Path = PROJECT_ROOT) -> dict[tuple[str | None, str], list[str]]:
    """Where each UI string is in the source (file:line), extracted as ``make messages`` does
    (the catalogues themselves are written without locations); empty when that fails."""
    from babel.messages.extract import extract_from_dir

    found: dict[tuple[str | None, str], list[str]] = {}
    try:
        for filename, line, message, _comments, context in extract_from_dir(
            str(root),
            method_map=[("kiosk/**.py", "python"), ("ui/**.py", "python")],
            keywords=_BABEL_KEYWORDS,
            comment_tags=("TRANSLATORS:",),
        ):
            msgid = message if isinstance(message, str) else message[0]
            found.setdefault((context, msgid), []).append(f"{filename}:{line}")
    except (OSError, SyntaxError, ValueError):
        return {}
    return found


def ui_rows(
    code: str,
    directory: Path = TRANSLATIONS_DIR,
    locations: dict[tuple[str | None, str], list[str]] | None = None,
) -> list[Row]:
    """One row per message (per plural form) of the language's catalogue, in catalogue order."""
    catalog = read_catalogue(code, directory)
    german: Catalog | None = None
    if code != "de" and catalogue_path("de", directory).exists():
        german = read_catalogue("de", directory)
    samples = _plural_samples(catalog)
    german_form = gettext.c2py(german.plural_expr) if german is not None else None
    rows = []
    for message in catalog:
        if not message.id:
            continue
        msgid = _singular(message)
        key = (message.context, msgid)
        notes = [" ".join(message.auto_comments)] if message.auto_comments else []
        if message.context:
            notes.append(f"msgctxt: {message.context}")
        if message.fuzzy:
            notes.append("marked fuzzy: the translation may not fit the source")
        where = "; ".join((locations or {}).get(key, ()))
        de = german.get(msgid, message.context) if german is not None else None
        if not message.pluralizable:
            rows.append(
                Row(
                    ui_id(message.context, msgid),
                    UI,
                    code,
                    source=msgid,
                    german=de.string if de is not None and isinstance(de.string, str) else "",
                    context="\n".join(notes),
                    where=where,
                    current=message.string or "",
                    key=key,
                    placeholders=_placeholders(msgid),
                )
            )
            continue
        plural = message.id[1]
        allowed = _placeholders(msgid) | _placeholders(plural)
        strings = (_strings(message) + [""] * catalog.num_plurals)[: catalog.num_plurals]
        for form, current in enumerate(strings):
            numbers = samples.get(form, [])
            hint = f"plural form {form} of {catalog.num_plurals}, used for n = {_numbers(numbers)}"
            de_text = ""
            if de is not None and german_form is not None and numbers:
                de_strings = _strings(de)
                index = german_form(numbers[0])
                de_text = de_strings[index] if index < len(de_strings) else ""
            rows.append(
                Row(
                    ui_id(message.context, msgid, form),
                    UI,
                    code,
                    source=f"{msgid}\n{plural}",
                    german=de_text,
                    context="\n".join([*notes, hint]),
                    where=where,
                    current=current,
                    key=key,
                    form=form,
                    placeholders=allowed,
                    plural=True,
                )
            )
    return rows


def offer_rows(code: str, offers: Iterable[Offer]) -> list[Row]:
    """Summary, description and audience of each offer in the language (where there is a text
    to review or a German one to translate), offers by id."""
    rows = []
    source_lang = "en" if code == "de" else "de"
    for offer in sorted(offers, key=lambda o: o.id):
        text, source = offer.texts.get(code), offer.texts.get(source_lang)
        status = text.status.value if text is not None else TextStatus.MISSING.value
        where = offer.name + (f" ({offer.provider})" if offer.provider else "")
        for name in OFFER_TEXT_FIELDS:
            current = getattr(text, name) if text is not None else ""
            original = getattr(source, name) if source is not None else ""
            if not current and not original:
                continue
            rows.append(
                Row(
                    offer_row_id(offer.id, name),
                    OFFER,
                    code,
                    source=original,
                    context=f"offer text, {_FIELD_HINTS[name]}; status now: {status}",
                    where=where,
                    current=current,
                    offer_id=offer.id,
                    field=name,
                )
            )
    return rows


def sheet_rows(
    code: str,
    offers: Iterable[Offer],
    directory: Path = TRANSLATIONS_DIR,
    locations: dict[tuple[str | None, str], list[str]] | None = None,
) -> list[Row]:
    """Everything a reviewer of the language checks: UI strings, then offer texts."""
    return [*ui_rows(code, directory, locations), *offer_rows(code, offers)]


# -- writing and reading the file ----------------------------------------------------------------
@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[io.BufferedWriter]:
    """A file written completely or not at all: a temporary file beside it, then a rename."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def sheet_bytes(rows: Iterable[Row]) -> bytes:
    """The CSV of a sheet: UTF-8 with BOM, comma-separated, CRLF, every cell quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row.cells())
    return buffer.getvalue().encode("utf-8-sig")


def write_sheet(rows: Iterable[Row], path: Path) -> None:
    data = sheet_bytes(rows)
    with _atomic(path) as fp:
        fp.write(data)


@dataclass(frozen=True)
class SheetLine:
    """A row as read back: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


def _delimiter(first_line: str) -> str:
    """Comma as written; a spreadsheet set to German may save with semicolons or tabs."""
    for candidate in (",", ";", "\t"):
        names = {cell.strip().strip('"').lower() for cell in first_line.split(candidate)}
        if {"id", "correction"} <= names:
            return candidate
    return ","


def read_sheet(data: bytes) -> list[SheetLine]:
    """The rows of a sheet; raises :class:`SheetError` when the file is no readable sheet."""
    if len(data) > MAX_SHEET_BYTES:
        raise SheetError(f"The file has {len(data)} bytes; a review sheet has far fewer.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SheetError(
            f"The file is not UTF-8 (byte {error.start + 1}). Save it as “CSV UTF-8” "
            "(Excel) or with the character set “Unicode (UTF-8)” (LibreOffice)."
        ) from None
    if "\x00" in text:
        raise SheetError("The file contains NUL characters; it is no CSV file.")
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]), strict=True
    )
    try:
        header = next(reader, None)
        if not header:
            raise SheetError("The file is empty.")
        names = [cell.strip().lower() for cell in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in names]
        if missing:
            raise SheetError(
                "Column(s) missing in the first line: " + ", ".join(missing) + ". A review "
                "sheet starts with the line: " + ",".join(COLUMNS)
            )
        doubled = sorted({name for name in names if name and names.count(name) > 1})
        if doubled:
            raise SheetError("Column(s) twice in the first line: " + ", ".join(doubled))
        lines = []
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(names) and any(c.strip() for c in cells[len(names) :]):
                raise SheetError(
                    f"Line {line} has {len(cells)} cells, the first line names {len(names)} "
                    "columns (a cell with a comma or a quote mark that lost its quotes?)."
                )
            values = dict(zip(names, cells, strict=False))
            lines.append(SheetLine(line, {k: v for k, v in values.items() if k}))
    except csv.Error as error:
        raise SheetError(f"Broken CSV at line {reader.line_num}: {error}.") from None
    if not lines:
        raise SheetError("The sheet has no rows below its first line.")
    return lines


# -- checking a returned sheet -------------------------------------------------------------------
def _normalised(text: str) -> str:
    """A cell as a spreadsheet may give it back: any line break as \\n, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _same(a: str, b: str) -> bool:
    return _normalised(a).strip() == _normalised(b).strip()


_FORBIDDEN_IN_UI = frozenset({"Cc", "Cs", "Co", "Cn"})
#: Embeddings and overrides reorder text invisibly (isolates, used in the catalogues, do not).
_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")


def _ui_text_problem(text: str) -> str | None:
    for index, ch in enumerate(text):
        if ch == "\n":
            continue
        if unicodedata.category(ch) in _FORBIDDEN_IN_UI or ch in _OVERRIDES:
            return (
                f"contains U+{ord(ch):04X} at position {index + 1}, a character that cannot be "
                "shown or that reorders text invisibly; remove it"
            )
    return None


def placeholder_problem(row: Row, correction: str) -> str | None:
    """Why a correction's ``{placeholders}`` do not fit the source, or None."""
    try:
        found = fields_of(correction)
    except ValueError:
        return (
            "the correction has a “{” or “}” without its partner; placeholders are written "
            "{name}, exactly as in the source"
        )
    names = set(found)
    expected = set(row.placeholders)
    unknown = sorted(names - expected)
    # A plural form may leave out the number itself ("one offer"), never anything else.
    lost = sorted(expected - names - ({"n"} if row.plural else set()))
    if not unknown and not lost:
        return None
    parts = []
    if unknown:
        parts.append("unknown " + ", ".join("{" + n + "}" for n in unknown))
    if lost:
        parts.append("missing " + ", ".join("{" + n + "}" for n in lost))
    wanted = ", ".join("{" + n + "}" for n in sorted(expected)) or "none"
    return (
        f"placeholders differ from the source ({'; '.join(parts)}); the source has: {wanted}. "
        "Keep each {…} exactly as in the source (the kiosk fills it in)"
    )


@dataclass(frozen=True)
class UiChange:
    id: str
    key: tuple[str | None, str]
    form: int | None
    old: str
    new: str


@dataclass(frozen=True)
class OfferUpdate:
    """An offer with its reviewed text and what that changes (for the diff and the audit)."""

    offer: Offer
    changes: list[FieldChange]


@dataclass
class ReviewPlan:
    """What importing a sheet would do; ``problems`` non-empty means it must do nothing."""

    code: str = ""
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ui_changes: list[UiChange] = field(default_factory=list)
    offer_updates: list[OfferUpdate] = field(default_factory=list)
    ui_reviewed: int = 0  # UI rows looked at (as they are or corrected)
    ui_total: int = 0  # UI rows of the language's catalogue
    offer_reviewed: int = 0
    offer_corrected: int = 0
    offer_total: int = 0
    complete: bool = False  # every UI string of the language reviewed, none empty

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return bool(self.ui_changes or self.offer_updates)


def _where(line: SheetLine) -> str:
    ident = line.get("id")
    return f"line {line.line} (id “{shown(ident, 80)}”)" if ident else f"line {line.line}"


def sheet_language(
    lines: list[SheetLine], directory: Path = TRANSLATIONS_DIR, expected: str | None = None
) -> tuple[str, list[str]]:
    """The one language of a sheet, or the problems why there is none."""
    codes = sorted({line.get("lang").strip() for line in lines})
    known = reviewable_languages(directory)
    if "" in codes:
        blank = next(line for line in lines if not line.get("lang").strip())
        return "", [f"{_where(blank)}: the lang column is empty."]
    if len(codes) > 1:
        return "", [
            "The sheet mixes languages (" + ", ".join(codes) + "); a sheet holds one language."
        ]
    code = codes[0]
    if code not in known:
        return "", [f"Unknown language “{shown(code, 40)}”; known: {', '.join(known)}."]
    if expected is not None and code != expected:
        return "", [f"The sheet is for “{code}”, not “{expected}” (--lang)."]
    return code, []


def plan_review(
    lines: list[SheetLine],
    offers: list[Offer],
    ctx: ValidationContext,
    directory: Path = TRANSLATIONS_DIR,
    expected_lang: str | None = None,
) -> ReviewPlan:
    """Check a returned sheet against the catalogue and the active offers (reads only)."""
    plan = ReviewPlan(rows=len(lines))
    code, found = sheet_language(lines, directory, expected_lang)
    if found:
        plan.problems += found
        return plan
    plan.code = code
    expected = {row.id: row for row in sheet_rows(code, offers, directory)}
    plan.ui_total = sum(1 for row in expected.values() if row.kind == UI)
    plan.offer_total = len(expected) - plan.ui_total
    all_offers = {o.id: o for o in offers}
    seen: dict[str, int] = {}
    reviewed: set[str] = set()
    offer_corrections: dict[str, dict[str, str]] = {}
    rtl = is_right_to_left(code)
    stale_rows = 0
    for line in lines:
        ident = line.get("id")
        place = _where(line)
        if ident in seen:
            plan.problems.append(f"{place}: the same id as line {seen[ident]}.")
            continue
        seen[ident] = line.line
        row = expected.get(ident)
        if row is None:
            plan.problems.append(f"{place}: {_unknown_id(ident, code, all_offers)}")
            continue
        kind = line.get("kind").strip()
        if kind and kind != row.kind:
            plan.problems.append(
                f"{place}: kind “{shown(kind, 20)}”, but this is a {row.kind} row."
            )
            continue
        correction = _normalised(line.get("correction"))
        if row.kind == UI and not (row.source[:1].isspace() or row.source[-1:].isspace()):
            correction = correction.strip()
        elif row.kind == OFFER:
            correction = correction.strip()
        stale = not _same(line.get("current"), row.current)
        stale_rows += stale
        if correction and _same(correction, row.current):
            correction = ""  # the correction repeats the current text: reviewed as it is
        if correction:
            problem = (
                placeholder_problem(row, correction) or _ui_text_problem(correction)
                if row.kind == UI
                else _offer_text_problem(row, correction, rtl)
            )
            if problem:
                plan.problems.append(f"{place}: {problem}.")
                continue
            if stale:
                plan.problems.append(
                    f"{place}: the current text changed since the sheet was written; write a "
                    "new sheet and move the correction there (it would overwrite the newer text)."
                )
                continue
        elif stale:
            plan.notes.append(
                f"{place}: the current text changed since the sheet was written; not counted "
                "as reviewed."
            )
            continue
        elif not row.current:
            continue  # nothing there to review, nothing written
        reviewed.add(ident)
        if row.kind == UI:
            plan.ui_reviewed += 1
            if correction:
                plan.ui_changes.append(UiChange(ident, row.key, row.form, row.current, correction))
        else:
            plan.offer_reviewed += 1
            if correction:
                plan.offer_corrected += 1
                offer_corrections.setdefault(row.offer_id, {})[row.field] = correction
    if stale_rows > max(3, len(lines) // 2):
        plan.problems.append(
            f"The current texts of {stale_rows} of {len(lines)} rows do not match the “{code}” "
            "catalogue and offer texts: a sheet of another language, or a very old one? Write "
            "a new sheet."
        )
    if plan.problems:
        return plan
    plan.offer_updates, problems = _offer_updates(
        code, expected, reviewed, offer_corrections, all_offers, ctx
    )
    plan.problems += problems
    changed = {change.id: change.new for change in plan.ui_changes}
    plan.complete = all(
        ident in reviewed and (changed.get(ident) or row.current)
        for ident, row in expected.items()
        if row.kind == UI
    )
    return plan


def _unknown_id(ident: str, code: str, offers: dict[str, Offer]) -> str:
    if ident.startswith("offer:"):
        offer_id = ident.split(":")[1] if ident.count(":") >= 2 else ""
        if offer_id and offer_id not in offers:
            return (
                f"no active offer “{shown(offer_id, 60)}” (removed, switched off or renamed "
                "since the sheet was written?)."
            )
    return (
        f"unknown id: neither a UI string of the “{code}” catalogue nor an offer text; the id "
        "column must stay as the sheet was written (write a new sheet if the strings changed)."
    )


def _offer_text_problem(row: Row, correction: str, rtl: bool) -> str | None:
    found = text_problems(row.field, correction, kind=row.field, direction_marks=rtl)
    return found[0].text() if found else None


def _offer_updates(
    code: str,
    expected: dict[str, Row],
    reviewed: set[str],
    corrections: dict[str, dict[str, str]],
    offers: dict[str, Offer],
    ctx: ValidationContext,
) -> tuple[list[OfferUpdate], list[str]]:
    """The offers whose text in ``code`` gets corrections or the status ``reviewed``."""
    updates, problems = [], []
    rows_of: dict[str, list[str]] = {}
    for ident, row in expected.items():
        if row.kind == OFFER:
            rows_of.setdefault(row.offer_id, []).append(ident)
    for offer_id, idents in rows_of.items():
        looked_at = [ident for ident in idents if ident in reviewed]
        if not looked_at:
            continue
        offer = offers[offer_id]
        old = offer.texts.get(code)
        parts = {name: getattr(old, name) if old is not None else "" for name in OFFER_TEXT_FIELDS}
        parts.update(corrections.get(offer_id, {}))
        status = old.status if old is not None else TextStatus.MISSING
        if len(looked_at) == len(idents) and parts["summary"]:
            status = TextStatus.REVIEWED
        elif status is TextStatus.MISSING and parts["summary"]:
            status = TextStatus.MACHINE  # a first text, not yet all of it checked
        new_text = OfferText(
            code, parts["summary"], parts["description"], parts["audience"], status
        )
        if new_text == old:
            continue
        new_offer = replace(offer, texts={**offer.texts, code: new_text})
        form = offer_to_form(new_offer)
        checked, found = parse_offer_form(form, ctx)
        if found or checked is None:
            problems += [f"offer {offer_id}: {p}" for p in found]
            continue
        # A corrected German text leaves the other languages outdated (their status changes
        # are part of this update and its audit entries).
        checked = mark_outdated(offer, checked)
        changes = [
            c
            for c in offer_changes(offer, checked)
            if c.field.startswith(f"texts.{code}.") or c.field.endswith(".status")
        ]
        if changes:
            updates.append(OfferUpdate(checked, changes))
    return updates, problems


# -- applying it ---------------------------------------------------------------------------------
def _revised_catalogue(
    code: str, directory: Path, plan: ReviewPlan, reviewer: str, today: dt.date
) -> bytes:
    catalog = read_catalogue(code, directory)
    for change in plan.ui_changes:
        context, msgid = change.key
        message = catalog.get(msgid, context)
        if message is None:  # the plan was made from this very file a moment ago
            raise ValueError(f"{msgid!r} vanished from the catalogue")
        if change.form is None:
            message.string = change.new
        else:
            strings = (_strings(message) + [""] * catalog.num_plurals)[: catalog.num_plurals]
            strings[change.form] = change.new
            message.string = tuple(strings)
        message.flags.discard("fuzzy")
    if plan.ui_changes or plan.complete:
        catalog.revision_date = dt.datetime.now(dt.UTC)
        catalog.last_translator = f"{reviewer} (review {today.isoformat()})"
    if plan.complete:
        team = (catalog.language_team or "").split(" (not yet reviewed")[0].split(" (reviewed")[0]
        catalog.language_team = f"{team} (reviewed by {reviewer}, {today.isoformat()})".strip()
        catalog.header_comment = "\n".join(
            f"# Review status: reviewed by {reviewer} on {today.isoformat()}."
            if line.startswith("# Review status:")
            else line
            for line in catalog.header_comment.splitlines()
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH, no_location=True, ignore_obsolete=True)
    return buffer.getvalue()


def compile_language(code: str, directory: Path = TRANSLATIONS_DIR):
    """Compile one language: its ``.mo`` and its entry in the start screen's table (both
    written atomically; scripts/compile_catalogues.py does this for every language). Returns
    the catalogue read."""
    po = catalogue_path(code, directory)
    catalog = read_catalogue(code, directory)
    with _atomic(po.with_suffix(".mo")) as fp:
        write_mo(fp, catalog)
    load_catalogue.cache_clear()
    table_path = directory / START_SCREEN_TABLE
    table: dict[str, tuple[str, str, str]] = {}
    with contextlib.suppress(OSError, ValueError):
        table = parse_start_screen_table(table_path.read_text("utf-8"))
    table[code] = start_screen_texts_of(load_catalogue(code, directory))
    with _atomic(table_path) as fp:
        fp.write(format_start_screen_table(table).encode("utf-8"))
    return catalog


def record_review(
    code: str, plan: ReviewPlan, reviewer: str, today: dt.date, directory: Path = TRANSLATIONS_DIR
) -> dict:
    """Add the review to ``review-status.json`` (and sign the catalogue off when complete)."""
    path = directory / REVIEW_FILE
    data: dict = {}
    if path.exists():
        data = json.loads(path.read_text("utf-8"))
    languages = data.setdefault("languages", {})
    entry = languages.setdefault(code, {"status": "draft", "reviewer": None, "date": None})
    review = {
        "reviewer": reviewer,
        "date": today.isoformat(),
        "ui_strings_reviewed": plan.ui_reviewed,
        "ui_strings_corrected": len(plan.ui_changes),
        "ui_strings_total": plan.ui_total,
        "offer_texts_reviewed": plan.offer_reviewed,
        "offer_texts_corrected": plan.offer_corrected,
        "complete": plan.complete,
    }
    entry.setdefault("reviews", []).append(review)
    if plan.complete:
        entry.update(status="reviewed", reviewer=reviewer, date=today.isoformat())
    with _atomic(path) as fp:
        fp.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return entry


def apply_review(
    plan: ReviewPlan,
    conn: sqlite3.Connection,
    reviewer: str,
    now: dt.datetime,
    today: dt.date,
    directory: Path = TRANSLATIONS_DIR,
) -> None:
    """Write a checked plan: the catalogue (then compiled), the offer texts with their audit
    entries (one transaction), and the review record."""
    if not plan.ok:
        raise ValueError("a plan with problems is never applied")
    code = plan.code
    po = catalogue_path(code, directory)
    revised = _revised_catalogue(code, directory, plan, reviewer, today)
    po_changed = revised != po.read_bytes()
    # The new catalogue is on disk (beside the old one) before the database changes, and takes
    # the old one's place only once the offer texts are committed.
    with _atomic(po) if po_changed else contextlib.nullcontext() as staged:
        if staged is not None:
            staged.write(revised)
            staged.flush()
        if plan.offer_updates:
            with transaction(conn):
                offers, audit = OfferRepository(conn), AuditRepository(conn)
                actor = f"{REVIEW_ACTOR}: {reviewer}"
                for update in plan.offer_updates:
                    offers.save(update.offer)
                    audit.add(audit_entries(update.changes, update.offer.id, actor, now))
    if po_changed:
        compile_language(code, directory)
    record_review(code, plan, reviewer, today, directory)
