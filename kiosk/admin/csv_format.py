"""The CSV exchange format for Excel: one row per offer and language, UTF-8 with BOM, ``;``.

Columns (in this order; an import accepts them in any order, but all of them and no others):

=================  =============================================================================
``id``             offer id: small letters, digits, hyphens (``mbe-caritas``)
``active``         ``yes`` (shown to visitors) or ``no``
``kind``           mbe, jmd, association, refugee_social_work, self_organisation,
                   integration_course, city_office, online_service
``provider``       who runs it
``name``           name of the offer
``min_age``        lowest age, empty for none (0–130); ``max_age`` likewise
``needs``          need ids, comma-separated: papers, language, work, education, asylum, family,
                   housing, community
``languages``      languages the counsellors speak, comma-separated codes (de, ar, fa-AF)
``street`` …       ``street``, ``postcode`` (five digits), ``city``, ``district``, ``lat``, ``lon``
                   (decimal degrees), ``stop`` (nearest tram/bus stop)
``phone`` …        ``phone`` (e.g. +49 351 1234567), ``email``, ``web`` (https://…)
``appointment_only`` ``yes`` or ``no``
``hours_mon`` …    ``hours_mon`` to ``hours_sun``: ``closed``, ``appointment`` or times such as
                   ``09:00-12:00, 13:00-15:00``; all seven empty = hours not known
``exceptions``     dated exceptions, one per line: ``2026-12-24 closed | Christmas Eve``
``accessibility``  step-free access etc.
``source``         where the data comes from: a web address or ``staff``
``verified_on``    date of the last check, YYYY-MM-DD
``staff_note``     internal note, never shown to visitors
``text_lang``      language of the texts in this row (de, en, ar …)
``text_status``    missing, machine (draft, not reviewed), outdated (written for an earlier
                   German text) or reviewed
``summary``        one line; ``description`` and ``audience`` may have line breaks
=================  =============================================================================

The offer columns repeat on every row of the same offer and must be equal there. A cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading
apostrophe so a spreadsheet shows it as text instead of running it as a formula; the import
removes exactly that apostrophe again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from kiosk.admin.import_problems import FormInFile, ImportProblem
from kiosk.domain.models import Offer
from kiosk.domain.offer_form import (
    OfferForm,
    exceptions_from_text,
    exceptions_to_text,
    offer_to_form,
)
from kiosk.domain.schema import DAY_NAMES, OFFER_NAMES, TEXT_FIELDS, TEXT_NAMES
from kiosk.domain.validation import FieldPath, shown

_AFTER_HOURS = OFFER_NAMES.index(DAY_NAMES[-1]) + 1
OFFER_COLUMNS = (*OFFER_NAMES[:_AFTER_HOURS], "exceptions", *OFFER_NAMES[_AFTER_HOURS:])
_TEXT_FIELD_COLUMN = {f.name: f.csv_column for f in TEXT_FIELDS}
TEXT_COLUMNS = ("text_lang", *_TEXT_FIELD_COLUMN.values())
CSV_COLUMNS = (*OFFER_COLUMNS, *TEXT_COLUMNS)
DELIMITER = ";"
BOM = "\ufeff"
#: A spreadsheet may treat a cell starting with one of these as a formula (or DDE payload).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_CELL = 100_000


# -- formula neutralisation ------------------------------------------------------------------
def _looks_like_formula(text: str) -> bool:
    rest = text.lstrip("'")
    return bool(rest) and rest.startswith(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """Prefix an apostrophe where a spreadsheet could run the cell as a formula.

    Cells that already start with apostrophes before such a character get one more, so
    :func:`unneutralise` is the exact inverse for every text.
    """
    return f"'{cell}" if _looks_like_formula(cell) else cell


def unneutralise(cell: str) -> str:
    """The inverse of :func:`neutralise`."""
    if cell.startswith("'") and _looks_like_formula(cell[1:]):
        return cell[1:]
    return cell


# -- export ----------------------------------------------------------------------------------
def offer_rows(offer: Offer) -> list[list[str]]:
    form = offer_to_form(offer)
    values = dict(form.fields, exceptions=exceptions_to_text(form.exceptions))
    common = [values[key] for key in OFFER_COLUMNS]
    if not form.texts:
        return [[*common, *("" for _ in TEXT_COLUMNS)]]
    rows = []
    for lang in sorted(form.texts):
        text = form.texts[lang]
        rows.append([*common, lang, *(text.get(name, "") for name in TEXT_NAMES)])
    return rows


def offers_to_csv(offers: Iterable[Offer]) -> bytes:
    """UTF-8 with BOM (Excel recognises it), ``;`` between cells, CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for offer in offers:
        for row in offer_rows(offer):
            writer.writerow([neutralise(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")


# -- import ----------------------------------------------------------------------------------
def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == DELIMITER))


def _header_problems(header: list[str]) -> list[ImportProblem]:
    found = []
    seen = set()
    for name in header:
        if name in seen:
            found.append(ImportProblem("this column appears twice", 1, shown(name, 40)))
        seen.add(name)
    for name in CSV_COLUMNS:
        if name not in seen:
            found.append(ImportProblem("this column is missing", 1, name))
    for name in header:
        if name not in CSV_COLUMNS:
            found.append(
                ImportProblem(
                    f"unknown column “{shown(name, 40)}”; the columns are: "
                    f"{', '.join(CSV_COLUMNS)}",
                    1,
                )
            )
    return found


class _OfferRows:
    """The rows of one offer while reading: where each part came from."""

    def __init__(self, row: int, cells: dict[str, str]):
        self.first_row = row
        self.cells = cells
        self.text_rows: dict[str, int] = {}
        self.texts: dict[str, dict[str, str]] = {}

    def locate(self, path: FieldPath) -> tuple[int | None, str | None]:
        head, *rest = path
        if head == "texts" and rest:
            lang, *part = rest
            row = self.text_rows.get(str(lang), self.first_row)
            if part:
                return row, _TEXT_FIELD_COLUMN.get(str(part[0]), str(part[0]))
            return row, "text_lang"
        if head == "exceptions":
            return self.first_row, "exceptions"
        return self.first_row, head if not rest and head in CSV_COLUMNS else None

    def form(self) -> OfferForm:
        fields = {key: self.cells[key] for key in OFFER_NAMES}
        return OfferForm(fields, self.texts, exceptions_from_text(self.cells["exceptions"]))


def read_csv(text: str) -> tuple[list[FormInFile], list[ImportProblem]]:
    """Offers (as unchecked forms) from CSV text; every structural problem with row and column."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    previous = csv.field_size_limit(_MAX_CELL)
    try:
        return _read_rows(reader)
    except csv.Error as error:
        return [], [
            ImportProblem(
                f"the file cannot be read as CSV ({error}); "
                f"cells may hold at most {_MAX_CELL} characters",
                reader.line_num,
                unit="line",
            )
        ]
    finally:
        csv.field_size_limit(previous)


def _read_rows(reader) -> tuple[list[FormInFile], list[ImportProblem]]:
    header = next(reader, None)
    if header is None:
        return [], [ImportProblem("the file is empty")]
    header = [name.strip() for name in header]
    found = _header_problems(header)
    if found:
        return [], found
    offers: dict[str, _OfferRows] = {}
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # spreadsheets like to add empty rows at the end
        if len(cells) != len(header):
            found.append(
                ImportProblem(
                    f"has {len(cells)} cells, but there are {len(header)} columns", row_number
                )
            )
            continue
        values = {name: unneutralise(cell) for name, cell in zip(header, cells, strict=True)}
        offer_id = values["id"].strip()
        if not offer_id:
            found.append(ImportProblem("the offer id is missing", row_number, "id"))
            continue
        entry = offers.get(offer_id)
        if entry is None:
            entry = offers[offer_id] = _OfferRows(row_number, values)
        else:
            for name in OFFER_COLUMNS:
                if values[name] != entry.cells[name]:
                    found.append(
                        ImportProblem(
                            f"differs from row {entry.first_row}, which has the same id; "
                            "an id may only repeat for texts in other languages, "
                            "with the same offer columns",
                            row_number,
                            name,
                        )
                    )
        lang = values["text_lang"].strip()
        text_values = {name: values[column] for name, column in _TEXT_FIELD_COLUMN.items()}
        if not lang:
            if any(v.strip() for v in text_values.values()) or entry.first_row != row_number:
                found.append(
                    ImportProblem("the language of the text is missing", row_number, "text_lang")
                )
            continue
        if lang in entry.text_rows:
            found.append(
                ImportProblem(
                    f"duplicate: offer “{shown(offer_id, 80)}” already has a “{shown(lang, 20)}” "
                    f"text in row "
                    f"{entry.text_rows[lang]}",
                    row_number,
                    "text_lang",
                )
            )
            continue
        entry.text_rows[lang] = row_number
        entry.texts[lang] = text_values
    return [FormInFile(e.form(), e.locate, e.first_row) for e in offers.values()], found
