"""The providers' check-in: a sheet per provider to confirm or correct their own offers, and its
import back.

A provider (Caritas, AWO, the JMD …) gets one sheet with every offer it runs: one block per
offer, one row per field with the value the kiosk shows now, what is missing marked ("fehlt –
bitte ergänzen"), an empty column for corrections, a "still correct" tick and a row for remarks.
Everything a provider reads is German with English beside it; the field labels are the ones
:mod:`kiosk.domain.schema` declares (German from the catalogue, English as the source).

1. :func:`build_sheet` reads one provider's offers into a :class:`Sheet` (no file format yet);
   :func:`sheet_rows` lays it out as a table that :func:`sheet_to_csv` (Excel's CSV: UTF-8
   with BOM, ``;``, CRLF, formulas neutralised) and :func:`sheet_to_xlsx` write, and that the
   printable PDF (``ui/checkin_pdf.py``) draws.
2. :func:`read_returned` reads the file that comes back (CSV or XLSX, told by its content).
   Each row carries a technical cell (``wwc1|field|<offer id>|<field>|<digest>``): the sheet's
   format version, the offer and field, and a digest of the value the provider was shown, so
   the import finds its rows wherever they moved, refuses a foreign file, and knows which
   values the provider saw.
3. :func:`plan_checkin` compares the corrections with the database (read only): the diff per
   offer and field, the malformed rows (with their row numbers), and the conflicts — a field
   staff changed after the export and the provider corrected too is reported, never applied.
   Every corrected offer goes through the editor's own validation (``parse_offer_form``).
4. :func:`apply_checkin` applies in one transaction, or — when any row of the file is
   malformed — writes nothing at all (the whole file is refused with every problem listed, so
   nothing is ever half-applied; fix the cells and import again).

An offer is marked checked today (``verified_on``) when the provider ticked "stimmt noch" or
sent corrections that were applied — either way the provider went through its block — unless
staff changed one of its fields after the export (the provider then confirmed values that are
no longer shown; this is reported). The audit log names the provider as the source:
``provider: <name>``. A corrected German text leaves the other languages' texts ``outdated``
(:func:`kiosk.domain.texts.mark_outdated`; a provider's sheet has no "minor edit").

Fields not on the sheet: ``id`` (in the technical cell), ``active`` and ``kind`` (the office
decides what visitors see and how it is classed), ``lat``/``lon`` (the office places the map
pin; a changed address is flagged so it does), ``source``, ``staff_note`` (internal) and
``verified_on`` (shown as "last checked", set by the import). The dated exceptions to the
hours are not asked either (they change too often for a yearly sheet); a provider can write
them under "remarks".
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from kiosk.admin.csv_format import BOM, DELIMITER, neutralise, unneutralise
from kiosk.admin.importing import decode
from kiosk.admin.offers import audit_entries, validation_context
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository, transaction
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.changes import FieldChange
from kiosk.domain.models import Offer, TextStatus
from kiosk.domain.offer_form import NO, YES, offer_changes, offer_to_form
from kiosk.domain.schema import DAY_NAMES, OFFER_FIELDS, TEXT_FIELDS, Field, Kind
from kiosk.domain.texts import mark_outdated
from kiosk.domain.validation import parse_offer_form, shown
from kiosk.i18n import load_catalogue
from kiosk.labels import need_label

#: The sheet's format; a later format gets a new number and the import says which it reads.
SHEET_FORMAT = "wegweiser-checkin/1"
#: Every technical cell starts with this.
TAG = "wwc1"
#: Offer fields the provider is not asked about (see the module docstring).
NOT_ON_SHEET = frozenset(
    {"id", "active", "kind", "lat", "lon", "source", "verified_on", "staff_note"}
)
#: The languages whose texts are on the sheet: German first, English beside it.
SHEET_TEXT_LANGUAGES = ("de", "en")
SHEET_TEXT_FIELDS = tuple(f for f in TEXT_FIELDS if f.name != "status")
#: Fields whose empty value means "no limit", not "missing".
EMPTY_IS_FINE = frozenset({"min_age", "max_age"})
#: What a provider writes to have a value removed.
CLEAR_WORDS = frozenset({"löschen", "loeschen", "delete", "leer", "(leer)", "entfernen"})
TICK_WORDS = frozenset({"x", "✓", "✔", "ja", "yes", "j", "y", "1", "ok", "true", "wahr"})
ADDRESS_KEYS = ("street", "postcode", "city")
#: The zipped parts of a returned workbook may unpack to at most this much.
MAX_XLSX_UNPACKED = 50 * 1024 * 1024

MISSING_DE, MISSING_EN = "fehlt – bitte ergänzen", "missing – please add"
MISSING = f"{MISSING_DE} / {MISSING_EN}"
COLUMN_TITLES = (
    "Feld",
    "Field",
    "Aktueller Wert\nCurrent value",
    "Ihre Korrektur\nYour correction",
    "Hinweis\nNote",
    "Technik – bitte nicht ändern\nTechnical – please do not change",
)
#: The columns of the table, by role; the import finds the correction column by its title.
LABEL_DE, LABEL_EN, VALUE, CORRECTION, NOTE, TECH = range(6)
_CORRECTION_TITLE = COLUMN_TITLES[CORRECTION].split("\n")[0]

INTRO_DE = (
    "Bitte prüfen Sie Ihre Angebote im „Wegweiser Dresden“, dem Info-Bildschirm für "
    "Zugewanderte in den Bürgerbüros. Zu jedem Angebot steht jede Angabe so, wie sie jetzt "
    "gezeigt wird. Ist eine Angabe falsch oder fehlt sie („fehlt – bitte ergänzen“), schreiben "
    "Sie die richtige Angabe in die Spalte „Ihre Korrektur“; soll sie weg, schreiben Sie "
    "„löschen“. Stimmt alles, schreiben Sie ein x in die Zeile „Stimmt noch“. Was sonst zu "
    "sagen ist, gehört in die Zeile „Anmerkungen“. Bitte ändern Sie die Spalten „Aktueller "
    "Wert“ und „Technik“ nicht und speichern Sie im selben Format."
)
INTRO_EN = (
    "Please check your offers in the “Wegweiser Dresden”, the information screen for "
    "immigrants in the city's citizens' offices. Each offer lists every detail as it is shown "
    "now. Where a detail is wrong or missing (“missing – please add”), write the right one in "
    "the column “Your correction”; to have it removed, write “delete”. If everything is right, "
    "put an x in the row “Still correct”. Anything else goes in the row “Remarks”. Please do "
    "not change the columns “Current value” and “Technical”, and save in the same format."
)
CONTACT_PLACEHOLDER = (
    "(vom Integrationsbüro einzutragen / to be filled in by the integration office)"
)


# -- the sheet ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SheetField:
    """One field of one offer as the provider sees it."""

    key: str  # form key: "phone", "hours_mon", "texts.de.summary"
    label_de: str
    label_en: str
    value: str  # the form's text (what the digest covers)
    shown: str  # how the sheet shows it ("ja", "geschlossen", …)
    missing: bool
    note_de: str
    note_en: str
    digest: str
    multiline: bool = False


@dataclass(frozen=True, slots=True)
class SheetOffer:
    offer_id: str
    name: str
    verified_on: dt.date | None
    fields: tuple[SheetField, ...]
    digest: str  # over every value on the sheet: did anything change since the export?

    @property
    def missing(self) -> tuple[SheetField, ...]:
        return tuple(f for f in self.fields if f.missing)


@dataclass(frozen=True, slots=True)
class Sheet:
    provider: str
    exported_on: dt.date
    contact: str  # whom to send it back to; empty: the placeholder is printed
    offers: tuple[SheetOffer, ...]
    intro_de: str = INTRO_DE
    intro_en: str = INTRO_EN

    @property
    def contact_text(self) -> str:
        return self.contact.strip() or CONTACT_PLACEHOLDER

    @property
    def tag(self) -> str:
        return "|".join((TAG, "sheet", SHEET_FORMAT, self.exported_on.isoformat(), self.provider))


class UnknownProviderError(LookupError):
    """No offer has this provider; ``known`` lists the providers there are."""

    def __init__(self, name: str, known: list[str], close: list[str]):
        self.name, self.known, self.close = name, known, close
        hint = f"; did you mean: {' | '.join(close)}" if close else ""
        super().__init__(f"no offer has the provider {name!r}{hint}")


def value_digest(offer_id: str, key: str, value: str) -> str:
    """A short digest of one exported value (which value the provider saw)."""
    data = "\x1f".join((offer_id, key, value)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def offer_digest(offer_id: str, values: Iterable[tuple[str, str]]) -> str:
    data = "\x1e".join(f"{k}\x1f{v}" for k, v in sorted(values))
    return hashlib.sha256(f"{offer_id}\x1e{data}".encode()).hexdigest()[:16]


def providers(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every provider named by an offer, with the number of its offers, sorted by name."""
    counts: dict[str, int] = {}
    for offer in OfferRepository(conn).all():
        if offer.provider.strip():
            counts[offer.provider] = counts.get(offer.provider, 0) + 1
    return sorted(counts.items(), key=lambda item: item[0].casefold())


def provider_offers(conn: sqlite3.Connection, provider: str) -> list[Offer]:
    """The offers of one provider (exact name), or :class:`UnknownProviderError`."""
    offers = [o for o in OfferRepository(conn).all() if o.provider == provider]
    if offers:
        return offers
    known = [name for name, _ in providers(conn)]
    wanted = provider.casefold().strip()
    close = [name for name in known if wanted and wanted in name.casefold()]
    raise UnknownProviderError(provider, known, close)


def sheet_keys() -> list[Field | tuple[str, Field]]:
    """The sheet's fields in order: offer fields, then (language, text field) pairs."""
    keys: list[Field | tuple[str, Field]] = [f for f in OFFER_FIELDS if f.name not in NOT_ON_SHEET]
    for lang in SHEET_TEXT_LANGUAGES:
        keys += [(lang, f) for f in SHEET_TEXT_FIELDS]
    return keys


class _Labels:
    """German and English labels, hints and shown values of the sheet's fields."""

    def __init__(self, needs: list[str]):
        self.de, self.en = load_catalogue("de"), load_catalogue("en")
        self.needs = needs

    def both(self, source: str) -> tuple[str, str]:
        return (self.de._(source), source) if source else ("", "")

    def label(self, spec: Field | tuple[str, Field]) -> tuple[str, str]:
        if isinstance(spec, tuple):
            lang, text_field = spec
            de, en = self.both(text_field.label)
            return (
                f"{de} ({self.de.language_name(lang)})",
                f"{en} ({self.en.language_name(lang)})",
            )
        if spec.kind is Kind.DAY:
            day = DAY_NAMES.index(spec.name)
            return (
                f"Öffnungszeiten {self.de.weekday(day)}",
                f"Opening hours {self.en.weekday(day)}",
            )
        if spec.kind is Kind.FLAG and spec.caption:
            return self.both(spec.caption)
        return self.both(spec.label)

    def note(self, spec: Field | tuple[str, Field]) -> tuple[str, str]:
        if isinstance(spec, tuple):
            return "", ""
        if spec.kind is Kind.DAY:
            return (
                "z. B. 09:00-12:00, 14:00-16:00; „geschlossen“; „Termin“ (nur nach Vereinbarung)",
                "e.g. 09:00-12:00, 14:00-16:00; “closed”; “appointment” (by appointment only)",
            )
        if spec.kind is Kind.FLAG:
            return "ja oder nein", "yes or no"
        if spec.kind is Kind.NEEDS:
            return (
                "Codes: " + ", ".join(f"{n} = {need_label(self.de, n)}" for n in self.needs),
                "codes: " + ", ".join(f"{n} = {need_label(self.en, n)}" for n in self.needs),
            )
        return self.both(spec.hint)

    def languages(self, codes: str) -> tuple[str, str]:
        names = [c.strip() for c in codes.split(",") if c.strip()]
        if not names:
            return "", ""
        return (
            "= " + ", ".join(self.de.language_name(c) for c in names),
            "= " + ", ".join(self.en.language_name(c) for c in names),
        )


def _shown(spec: Field | tuple[str, Field], value: str) -> str:
    if isinstance(spec, tuple):
        return value
    if spec.kind is Kind.FLAG:
        return {YES: "ja / yes", NO: "nein / no"}.get(value, value)
    if spec.kind is Kind.DAY:
        return {"closed": "geschlossen / closed", "appointment": "Termin / appointment"}.get(
            value, value
        )
    return value


def _key(spec: Field | tuple[str, Field]) -> str:
    if isinstance(spec, tuple):
        return f"texts.{spec[0]}.{spec[1].name}"
    return spec.name


def sheet_values(offer: Offer) -> dict[str, str]:
    """The values of an offer as the sheet holds them (form text per key)."""
    flat = offer_to_form(offer).flat()
    return {_key(spec): flat.get(_key(spec), "") for spec in sheet_keys()}


def sheet_offer(offer: Offer, labels: _Labels) -> SheetOffer:
    values = sheet_values(offer)
    fields = []
    all_hours_missing = not any(values[d] for d in DAY_NAMES)
    for spec in sheet_keys():
        key = _key(spec)
        value = values[key]
        note_de, note_en = labels.note(spec)
        if key == "languages" and value:
            note_de, note_en = labels.languages(value)
        missing = not value and key not in EMPTY_IS_FINE
        if key in DAY_NAMES and not all_hours_missing:
            missing = False  # hours are known; an empty day is read as "not known" for it
        if key in EMPTY_IS_FINE and not value:
            note_de, note_en = "leer: keine Grenze", "empty: no limit"
        label_de, label_en = labels.label(spec)
        text_spec = spec[1] if isinstance(spec, tuple) else spec
        fields.append(
            SheetField(
                key,
                label_de,
                label_en,
                value,
                _shown(spec, value),
                missing,
                note_de,
                note_en,
                value_digest(offer.id, key, value),
                text_spec.multiline,
            )
        )
    return SheetOffer(
        offer.id,
        offer.name,
        offer.verified_on,
        tuple(fields),
        offer_digest(offer.id, values.items()),
    )


def build_sheet(
    conn: sqlite3.Connection, provider: str, today: dt.date, contact: str = ""
) -> Sheet:
    """The check-in sheet of one provider (exact name, see :func:`providers`)."""
    offers = provider_offers(conn, provider)
    labels = _Labels([n.id for n in CatalogueRepository(conn).needs()])
    return Sheet(provider, today, contact, tuple(sheet_offer(o, labels) for o in offers))


# -- the table (CSV, XLSX) ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SheetRow:
    """One row of the table: ``kind`` says how it is styled and read back."""

    kind: str  # title, intro, columns, offer, info, ok, field, remark, blank
    cells: tuple[str, str, str, str, str, str]
    missing: bool = False
    multiline: bool = False


def _row(kind: str, *cells: str, missing: bool = False, multiline: bool = False) -> SheetRow:
    padded = (*cells, *("" for _ in range(6 - len(cells))))
    return SheetRow(kind, padded[:6], missing, multiline)  # type: ignore[arg-type]


def checked_text(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "nie / never"


def sheet_rows(sheet: Sheet) -> list[SheetRow]:
    """The sheet as a table of six columns (:data:`COLUMN_TITLES`)."""
    rows = [
        _row(
            "title",
            "Wegweiser Dresden – Angaben prüfen / Check your entries",
            "",
            "",
            "",
            "",
            sheet.tag,
        ),
        _row("intro", "Träger", "Provider", sheet.provider),
        _row("intro", "Stand vom", "Exported on", sheet.exported_on.strftime("%d.%m.%Y")),
        _row("intro", "Bitte zurück an", "Please return to", sheet.contact_text),
        _row(
            "intro",
            "So geht es",
            "What to do",
            sheet.intro_de,
            "",
            "",
            "",
        ),
        _row("intro", "", "", sheet.intro_en),
        _row("blank"),
        _row("columns", *COLUMN_TITLES[:TECH], f"{TAG}|columns"),
    ]
    total = len(sheet.offers)
    for number, offer in enumerate(sheet.offers, start=1):
        oid = offer.offer_id
        rows.append(
            _row(
                "offer",
                f"Angebot {number} von {total}",
                f"Offer {number} of {total}",
                offer.name,
                "",
                "",
                f"{TAG}|offer|{oid}|{offer.digest}",
            )
        )
        rows.append(
            _row(
                "info",
                "Zuletzt geprüft",
                "Last checked",
                checked_text(offer.verified_on),
                "",
                "",
                f"{TAG}|info|{oid}",
            )
        )
        rows.append(
            _row(
                "ok",
                "Stimmt noch? (x)",
                "Still correct? (x)",
                "",
                "",
                "x eintragen, wenn alles stimmt / put an x if everything is right",
                f"{TAG}|ok|{oid}",
            )
        )
        for item in offer.fields:
            note = "\n".join(p for p in (item.note_de, item.note_en) if p)
            rows.append(
                _row(
                    "field",
                    item.label_de,
                    item.label_en,
                    MISSING if item.missing else item.shown,
                    "",
                    note,
                    f"{TAG}|field|{oid}|{item.key}|{item.digest}",
                    missing=item.missing,
                    multiline=item.multiline,
                )
            )
        rows.append(
            _row(
                "remark",
                "Anmerkungen",
                "Remarks",
                "",
                "",
                "alles andere, z. B. Schließtage / anything else, e.g. closing days",
                f"{TAG}|remark|{oid}",
                multiline=True,
            )
        )
        rows.append(_row("blank"))
    return rows


def sheet_to_csv(sheet: Sheet) -> bytes:
    """Excel's CSV: UTF-8 with BOM, ``;`` between cells, CRLF, formula starts neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    for row in sheet_rows(sheet):
        writer.writerow([neutralise(cell) for cell in row.cells])
    return (BOM + buffer.getvalue()).encode("utf-8")


def sheet_to_xlsx(sheet: Sheet) -> bytes:
    """An Excel workbook: text cells, values locked, only the correction column open for
    typing, the technical column hidden, missing values highlighted."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    book = Workbook()
    ws = book.active
    ws.title = "Check-in"
    widths = (30, 30, 46, 46, 40, 12)
    for index, width in enumerate(widths):
        ws.column_dimensions["ABCDEF"[index]].width = width
    ws.column_dimensions["F"].hidden = True
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="888888")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    open_cell = Protection(locked=False)
    missing_fill = PatternFill("solid", fgColor="FFF2CC")
    correction_fill = PatternFill("solid", fgColor="FFFFFF")
    heading_fill = PatternFill("solid", fgColor="DDEBF7")
    for number, row in enumerate(sheet_rows(sheet), start=1):
        for column, value in enumerate(row.cells, start=1):
            cell = ws.cell(number, column, value if value else None)
            cell.number_format = "@"
            cell.alignment = wrap
        cells = [ws.cell(number, c) for c in range(1, 7)]
        if row.kind == "title":
            cells[0].font = Font(bold=True, size=14)
        elif row.kind == "intro":
            cells[0].font = cells[1].font = Font(bold=True)
            ws.merge_cells(start_row=number, start_column=3, end_row=number, end_column=5)
            if row.cells[VALUE] in (sheet.intro_de, sheet.intro_en):
                ws.row_dimensions[number].height = 95
        elif row.kind == "columns":
            for cell in cells[:5]:
                cell.font = Font(bold=True)
                cell.border = box
            ws.freeze_panes = ws.cell(number + 1, 1)
        elif row.kind == "offer":
            for cell in cells[:5]:
                cell.font = Font(bold=True, size=12)
                cell.fill = heading_fill
        elif row.kind in ("ok", "field", "remark", "info"):
            for cell in cells[:5]:
                cell.border = box
            if row.kind != "info":
                cells[CORRECTION].protection = open_cell
                cells[CORRECTION].fill = correction_fill
            if row.kind == "ok":
                cells[0].font = cells[1].font = Font(bold=True)
            if row.missing:
                cells[VALUE].fill = missing_fill
                cells[VALUE].font = Font(italic=True)
            if row.multiline or len(row.cells[VALUE]) > 60:
                lines = max(2, len(row.cells[VALUE]) // 50 + row.cells[VALUE].count("\n") + 1)
                ws.row_dimensions[number].height = min(15 * lines, 300)
    ws.protection.sheet = True  # no password: a hint to write in the right column, not a lock
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    ws.print_options.gridLines = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    book.properties.title = f"Wegweiser Dresden – {sheet.provider}"
    book.properties.subject = SHEET_FORMAT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading a returned sheet ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CheckinProblem:
    """Something wrong in the returned file; ``row`` is the spreadsheet's row number."""

    message: str
    row: int | None = None
    offer_id: str | None = None
    field: str | None = None  # the field's English label and key: "Phone (phone)"

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"row {self.row}" + (f" ({self.offer_id})" if self.offer_id else ""))
        if self.field:
            place.append(f"field {self.field}")
        return f"{', '.join(place)}: {self.message}" if place else self.message


@dataclass
class ReturnedField:
    key: str
    row: int
    seen: str  # the digest of the value the provider was shown
    correction: str


@dataclass
class ReturnedOffer:
    offer_id: str
    row: int
    digest: str
    confirmed: bool = False
    remark: str = ""
    fields: dict[str, ReturnedField] = field(default_factory=dict)


@dataclass
class ReturnedSheet:
    """What a returned file holds, or why it cannot be used (``problems``)."""

    format: str  # csv, xlsx or "" when not even that could be told
    provider: str = ""
    exported_on: dt.date | None = None
    offers: list[ReturnedOffer] = field(default_factory=list)
    problems: list[CheckinProblem] = field(default_factory=list)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(data: bytes) -> tuple[list[tuple[int, list[str]]] | None, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return None, "the file is not a readable Excel workbook (a damaged .xlsx?)"
    if unpacked > MAX_XLSX_UNPACKED:
        return (
            None,
            f"the workbook unpacks to {unpacked // 2**20} MB; a check-in sheet is far smaller",
        )
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        return None, f"the file is not a readable Excel workbook ({type(error).__name__})"
    for ws in book.worksheets:
        rows = [
            (cells[0].row, [_cell_text(c.value) for c in cells])
            for cells in ws.iter_rows()
            if cells
        ]
        if any(cell.startswith(f"{TAG}|sheet|") for _, cells in rows for cell in cells):
            return rows, ""
    return [], ""


def _csv_rows(text: str) -> tuple[list[tuple[int, list[str]]] | None, str]:
    """The rows of the first delimiter (``;`` as written, ``,`` or tab as a spreadsheet may
    save it) under which the sheet's own mark is found."""
    error_text = ""
    for delimiter in (";", ",", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            rows = [
                (number, [unneutralise(c) for c in cells])
                for number, cells in enumerate(reader, start=1)
            ]
        except csv.Error as error:
            error_text = f"the file cannot be read as CSV ({error}, line {reader.line_num})"
            continue
        if any(c.startswith(f"{TAG}|sheet|") for _, cells in rows for c in cells):
            return rows, ""
    return ([], "") if not error_text else (None, error_text)


def read_returned(data: bytes) -> ReturnedSheet:
    """Read a returned sheet (XLSX or CSV, told by its first bytes); every problem listed."""
    if data.startswith(b"PK\x03\x04"):
        kind = "xlsx"
        rows, why = _xlsx_rows(data)
    else:
        kind = "csv"
        text, found = decode(data)
        if text is None:
            return ReturnedSheet("", problems=[CheckinProblem(str(p)) for p in found])
        rows, why = _csv_rows(text)
    if rows is None:
        return ReturnedSheet("", problems=[CheckinProblem(why)])
    if not rows:
        return ReturnedSheet(
            kind,
            problems=[
                CheckinProblem(
                    f"this is not a check-in sheet of the Wegweiser (its mark “{TAG}|sheet|…” "
                    "is missing): only a file written by kiosk-admin checkin export can be "
                    "imported here (offer lists from kiosk-admin export go to kiosk-admin import)"
                )
            ],
        )
    return _read_table(kind, rows)


def _tag_of(cells: list[str]) -> tuple[int, str] | None:
    for index, cell in enumerate(cells):
        if cell.startswith(f"{TAG}|"):
            return index, cell.strip()
    return None


def _read_table(kind: str, rows: list[tuple[int, list[str]]]) -> ReturnedSheet:
    sheet = ReturnedSheet(kind)
    problems = sheet.problems
    correction_at: int | None = None
    offers: dict[str, ReturnedOffer] = {}
    keys = {_key(spec) for spec in sheet_keys()}
    for number, cells in rows:
        found = _tag_of(cells)
        if found is None:
            continue
        _, tag = found
        parts = tag.split("|")
        what = parts[1] if len(parts) > 1 else ""
        if what == "sheet":
            if len(parts) < 5 or parts[2] != SHEET_FORMAT:
                version = parts[2] if len(parts) > 2 else "?"
                problems.append(
                    CheckinProblem(
                        f"the sheet is in the format {shown(version, 40)!r}; this kiosk reads "
                        f"{SHEET_FORMAT} only (export a new sheet)",
                        number,
                    )
                )
                return sheet
            try:
                sheet.exported_on = dt.date.fromisoformat(parts[3])
            except ValueError:
                problems.append(CheckinProblem("the technical cell was changed", number))
            sheet.provider = "|".join(parts[4:])
            continue
        if what == "columns":
            titles = [c.split("\n")[0].strip() for c in cells]
            if _CORRECTION_TITLE in titles:
                correction_at = titles.index(_CORRECTION_TITLE)
            continue
        if correction_at is None:
            problems.append(
                CheckinProblem(
                    f"the column “{_CORRECTION_TITLE}” is missing or was renamed "
                    "(its title row must stay above the offers)",
                    number,
                )
            )
            return sheet
        offer_id = parts[2] if len(parts) > 2 else ""
        correction = cells[correction_at].strip() if correction_at < len(cells) else ""
        if what == "offer" and len(parts) == 4:
            if offer_id in offers:
                problems.append(
                    CheckinProblem("this offer appears twice in the sheet", number, offer_id)
                )
                continue
            offers[offer_id] = ReturnedOffer(offer_id, number, parts[3])
            continue
        entry = offers.get(offer_id)
        if entry is None or what not in ("info", "ok", "field", "remark"):
            problems.append(
                CheckinProblem(
                    f"the technical cell “{shown(tag, 80)}” was changed or the row moved out "
                    "of its offer's block; this row cannot be read",
                    number,
                    offer_id or None,
                )
            )
            continue
        if what == "ok":
            if correction and correction.casefold() not in TICK_WORDS:
                problems.append(
                    CheckinProblem(
                        f"“{shown(correction, 40)}” is not a tick: write x (still correct) "
                        "or leave the cell empty",
                        number,
                        offer_id,
                        "Still correct",
                    )
                )
            entry.confirmed = bool(correction) and correction.casefold() in TICK_WORDS
        elif what == "remark":
            entry.remark = correction
        elif what == "field":
            key = parts[3] if len(parts) == 5 else ""
            if key not in keys:
                problems.append(
                    CheckinProblem(
                        f"unknown field “{shown(key, 40)}” in the technical cell",
                        number,
                        offer_id,
                    )
                )
            elif key in entry.fields:
                problems.append(
                    CheckinProblem(
                        f"this field appears twice (also in row {entry.fields[key].row})",
                        number,
                        offer_id,
                        key,
                    )
                )
            else:
                entry.fields[key] = ReturnedField(key, number, parts[4], correction)
    if not sheet.provider and not problems:
        problems.append(CheckinProblem("the sheet's own technical row is missing"))
    sheet.offers = list(offers.values())
    if not sheet.offers and not problems:
        problems.append(CheckinProblem("the sheet holds no offers"))
    return sheet


# -- planning and applying ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Conflict:
    """A correction not applied: staff changed the field after the export."""

    offer_id: str
    key: str
    label: str
    row: int
    now: str
    wanted: str

    def __str__(self) -> str:
        return (
            f"row {self.row} ({self.offer_id}), field {self.label}: changed by staff since the "
            f"export (now “{shown(self.now, 60)}”); the provider's correction "
            f"“{shown(self.wanted, 60)}” was not applied — decide by hand"
        )


@dataclass
class OfferOutcome:
    """What the sheet does to one offer."""

    offer_id: str
    name: str
    changes: list[FieldChange] = field(default_factory=list)  # incl. verified_on
    confirmed: bool = False  # ticked "stimmt noch"
    verified: bool = False  # verified_on set today
    conflicts: list[Conflict] = field(default_factory=list)
    changed_since: list[str] = field(default_factory=list)  # labels staff changed after export
    remark: str = ""
    notes: list[str] = field(default_factory=list)
    offer: Offer | None = None  # the offer to save when there are changes

    @property
    def corrections(self) -> list[FieldChange]:
        """What the provider changed (not the date of the check, not the translations their
        German correction left outdated)."""
        return [c for c in self.changes if c.field != "verified_on" and c not in self.outdated]

    @property
    def outdated(self) -> list[FieldChange]:
        """The texts in other languages the provider's German correction left outdated."""
        return [
            c
            for c in self.changes
            if c.field.startswith("texts.")
            and c.field.endswith(".status")
            and c.new == TextStatus.OUTDATED.value
        ]


@dataclass
class CheckinPlan:
    provider: str
    problems: list[CheckinProblem] = field(default_factory=list)
    outcomes: list[OfferOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def has_changes(self) -> bool:
        return any(o.changes for o in self.outcomes)

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for o in self.outcomes for c in o.conflicts]

    @property
    def actor(self) -> str:
        return f"provider: {self.provider}"


def normalise_correction(key: str, text: str) -> str:
    """A provider's correction as form text: "löschen" empties, ja/nein and German day words
    become the form's words, "9.00–12.00 Uhr" becomes 09:00-12:00."""
    value = text.strip()
    if value.casefold() in CLEAR_WORDS:
        return ""
    spec = None if key.startswith("texts.") else next(f for f in OFFER_FIELDS if f.name == key)
    if spec is not None and spec.kind is Kind.FLAG:
        folded = value.casefold()
        if folded in ("ja", "yes", "j", "y", "x"):
            return YES
        if folded in ("nein", "no", "n"):
            return NO
    if spec is not None and spec.kind is Kind.DAY:
        folded = value.casefold()
        if folded in ("geschlossen", "zu", "closed", "geschlossen / closed"):
            return "closed"
        if folded in (
            "termin",
            "nach vereinbarung",
            "nur nach vereinbarung",
            "nur mit termin",
            "appointment",
            "termin / appointment",
        ):
            return "appointment"
        value = re.sub(r"\s*uhr\b", "", value, flags=re.IGNORECASE)
        value = re.sub(r"\b(\d{1,2})\.(\d{2})\b", r"\1:\2", value)
        value = re.sub(r"\s*[–—]\s*", "-", value)
        value = value.replace(";", ",")
    return value


def _set(form, key: str, value: str) -> None:
    if key.startswith("texts."):
        _, lang, name = key.split(".")
        text = form.texts.setdefault(
            lang,
            {"status": TextStatus.REVIEWED.value, "summary": "", "description": "", "audience": ""},
        )
        text[name] = value
        if text.get("status") == TextStatus.MISSING.value and value:
            text["status"] = TextStatus.REVIEWED.value  # written by a person, the provider
    else:
        form.fields[key] = value


def plan_checkin(conn: sqlite3.Connection, sheet: ReturnedSheet, today: dt.date) -> CheckinPlan:
    """What importing the returned sheet would do (reads only); problems stop everything."""
    plan = CheckinPlan(sheet.provider, list(sheet.problems))
    if plan.problems:
        return plan
    ctx = validation_context(conn, today)
    repo = OfferRepository(conn)
    english = {_key(spec): _english_label(spec) for spec in sheet_keys()}
    for returned in sheet.offers:
        current = repo.get(returned.offer_id)
        if current is None:
            plan.problems.append(
                CheckinProblem(
                    "no offer with this id any more (removed since the export?)",
                    returned.row,
                    returned.offer_id,
                )
            )
            continue
        outcome = OfferOutcome(current.id, current.name, remark=returned.remark)
        outcome.confirmed = returned.confirmed
        values = sheet_values(current)
        form = offer_to_form(current)
        rows: dict[str, int] = {}
        for key, item in returned.fields.items():
            staff_changed = value_digest(current.id, key, values[key]) != item.seen
            if staff_changed:
                outcome.changed_since.append(english[key])
            if not item.correction:
                continue
            wanted = normalise_correction(key, item.correction)
            if wanted == values[key]:
                continue
            if staff_changed:
                outcome.conflicts.append(
                    Conflict(current.id, key, english[key], item.row, values[key], wanted)
                )
                continue
            _set(form, key, wanted)
            rows[key] = item.row
        parsed, found = parse_offer_form(form, ctx)
        for p in found:
            key = _problem_key(p.path)
            plan.problems.append(
                CheckinProblem(
                    p.text(),
                    rows.get(key, returned.row),
                    current.id,
                    f"{english.get(key, key)} ({key})",
                )
            )
        if found or parsed is None:
            continue
        # A provider's correction of the German text leaves the other languages outdated
        # (their English correction in the same sheet stays as written).
        parsed = mark_outdated(current, parsed)
        changes = offer_changes(current, parsed)
        outcome.verified = (outcome.confirmed or bool(changes)) and not (
            outcome.conflicts or outcome.changed_since
        )
        if outcome.verified and parsed.verified_on != today:
            parsed = replace(parsed, verified_on=today)
            changes = offer_changes(current, parsed)
        if changes:
            outcome.offer = parsed
            outcome.changes = changes
        if any(c.field in ADDRESS_KEYS for c in changes):
            outcome.notes.append("the address changed: check the map position (lat, lon)")
        plan.outcomes.append(outcome)
    if plan.problems:
        plan.outcomes = []
    return plan


def _english_label(spec: Field | tuple[str, Field]) -> str:
    if isinstance(spec, tuple):
        return f"{spec[1].label} ({spec[0]})"
    if spec.kind is Kind.DAY:
        return f"Opening hours {spec.name.removeprefix('hours_')}"
    return spec.caption if spec.kind is Kind.FLAG and spec.caption else spec.label


def _problem_key(path: tuple) -> str:
    head, *rest = path
    if head == "texts" and len(rest) >= 2:
        return f"texts.{rest[0]}.{rest[1]}"
    return str(head)


def apply_checkin(
    conn: sqlite3.Connection, sheet: ReturnedSheet, now: dt.datetime, today: dt.date
) -> CheckinPlan:
    """Plan again inside one transaction and write every change with its audit entries (actor
    ``provider: <name>``); a plan with any problem writes nothing."""
    with transaction(conn):
        plan = plan_checkin(conn, sheet, today)
        if plan.ok and plan.has_changes:
            repo, audit = OfferRepository(conn), AuditRepository(conn)
            for outcome in plan.outcomes:
                if outcome.offer is None or not outcome.changes:
                    continue
                repo.save(outcome.offer)
                audit.add(audit_entries(outcome.changes, outcome.offer_id, plan.actor, now))
    return plan


def iter_missing(sheet: Sheet) -> Iterator[tuple[SheetOffer, SheetField]]:
    """Every missing value of the sheet (for the CLI's summary)."""
    for offer in sheet.offers:
        for item in offer.missing:
            yield offer, item


__all__ = [
    "SHEET_FORMAT",
    "CheckinPlan",
    "CheckinProblem",
    "Conflict",
    "OfferOutcome",
    "ReturnedSheet",
    "Sheet",
    "SheetField",
    "SheetOffer",
    "SheetRow",
    "UnknownProviderError",
    "apply_checkin",
    "build_sheet",
    "plan_checkin",
    "providers",
    "read_returned",
    "sheet_rows",
    "sheet_to_csv",
    "sheet_to_xlsx",
]
