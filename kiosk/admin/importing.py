"""Importing offers from a CSV, JSON or HSDS file: check everything first, then all or nothing.

1. :func:`read_offers` decodes the bytes (UTF-8, with or without BOM; anything else is refused
   with a hint), detects the format and checks every offer with the same rules as the editor.
   Every problem is listed with its row and column; nothing touches the database.
2. :func:`plan_import` compares the offers with the database (read only).
3. :func:`apply_import` writes the new and changed offers and their audit entries in one
   transaction. Offers in the database but not in the file are left as they are.

A changed German text marks the other languages' texts that the file leaves as the database
has them ``outdated`` (:func:`kiosk.domain.texts.mark_outdated`, already in the plan, so a dry
run shows it), unless the import is called a minor edit.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field, replace

from kiosk.admin.csv_format import read_csv
from kiosk.admin.import_problems import FormInFile, ImportProblem
from kiosk.admin.json_format import read_json
from kiosk.admin.offers import audit_entries
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import transaction
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.changes import FieldChange
from kiosk.domain.models import Offer
from kiosk.domain.offer_form import offer_changes
from kiosk.domain.texts import mark_outdated
from kiosk.domain.validation import FieldPath, ValidationContext, parse_offer_form, shown
from kiosk.opendata.hsds import KEPT_FIELDS, looks_like_hsds, read_hsds

MAX_IMPORT_BYTES = 20 * 1024 * 1024
IMPORT_ACTOR = "import"


@dataclass
class ReadResult:
    """What a file holds: its format, the checked offers, or the problems."""

    format: str  # "csv", "json", "hsds" or "" when not even the format could be told
    offers: list[Offer] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    #: What the file held but the kiosk cannot keep (HSDS); shown, not blocking.
    notes: list[ImportProblem] = field(default_factory=list)
    #: Offer fields the format never carries: the import keeps the database's values.
    kept: tuple[str, ...] = ()


@dataclass
class OfferChange:
    offer: Offer
    changes: list[FieldChange]
    is_new: bool


@dataclass
class ImportPlan:
    """What applying the file would do."""

    new: list[OfferChange] = field(default_factory=list)
    changed: list[OfferChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed)


def decode(data: bytes) -> tuple[str | None, list[ImportProblem]]:
    """The text of an import file; UTF-8 only, with a clear hint for other encodings."""
    if len(data) > MAX_IMPORT_BYTES:
        return None, [
            ImportProblem(
                f"the file is too large ({len(data) // (1024 * 1024)} MB); an export of all "
                f"offers is far smaller, at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB are read"
            )
        ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            ImportProblem(
                "the file is in UTF-16 (Excel: “Unicode text”); save it as “CSV UTF-8” "
                "or export it again with kiosk-admin export"
            )
        ]
    if b"\x00" in data[:4096]:
        return None, [
            ImportProblem(
                "the file contains NUL bytes: it is not a text file, or it is in UTF-16/UTF-32; "
                "save it as “CSV UTF-8”"
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex().upper()
        return None, [
            ImportProblem(
                f"not UTF-8 text: byte 0x{byte} at byte offset {error.start} (counted from 0) "
                "cannot be read; the "
                "file is probably in another encoding (such as Windows-1252/Latin-1). "
                "Save it as “CSV UTF-8” and import it again",
                line,
                unit="line",
            )
        ]
    return text.removeprefix("\ufeff"), []


def detect_format(text: str) -> str:
    if text.lstrip()[:1] not in ("{", "["):
        return "csv"
    return "hsds" if looks_like_hsds(text) else "json"


def read_offers(data: bytes, ctx: ValidationContext) -> ReadResult:
    """Decode, parse and check a whole file; problems name row and column."""
    text, found = decode(data)
    if text is None:
        return ReadResult("", problems=found)
    if not text.strip():
        return ReadResult("", problems=[ImportProblem("the file is empty")])
    kind = detect_format(text)
    if kind == "hsds":
        forms, found, notes = read_hsds(text)
        result = check_forms(kind, forms, found, ctx)
        result.notes, result.kept = notes, KEPT_FIELDS
        return result
    forms, found = read_json(text) if kind == "json" else read_csv(text)
    return check_forms(kind, forms, found, ctx)


def check_forms(
    kind: str, forms: list[FormInFile], found: list[ImportProblem], ctx: ValidationContext
) -> ReadResult:
    """Check the offers read from a file (``kind`` csv or json) with the editor's rules, after
    the reader's own ``found`` problems; all offers, or none and every problem. Also used by
    content releases (:mod:`kiosk.content.release`), whose offers are read as a JSON file's."""
    offers = []
    for item in forms:
        offer, more = parse_offer_form(item.form, ctx)
        found += [_locate(item, p.path, p.text(), kind) for p in more]
        if offer is not None:
            offers.append(offer)
    if not forms and not found:
        found.append(ImportProblem("the file holds no offers"))
    found.sort(key=lambda p: (p.row is None, p.row or 0))
    return ReadResult(kind, offers if not found else [], found)


def _locate(item: FormInFile, path: FieldPath, message: str, kind: str) -> ImportProblem:
    row, column = item.locate(path)
    unit = "row" if kind == "csv" else "offer"
    offer_id = item.form.get("id")
    return ImportProblem(
        message,
        row,
        shown(column, 80) if column else None,
        unit,
        shown(offer_id, 80) if offer_id else None,
    )


def plan_import(
    conn: sqlite3.Connection,
    offers: list[Offer],
    kept: tuple[str, ...] = (),
    *,
    minor_edit: bool = False,
) -> ImportPlan:
    """Compare checked offers with the database (reads only); ``kept`` offer fields (which the
    file's format does not carry, see :attr:`ReadResult.kept`) stay as the database has them.
    Translations a changed German text leaves behind become ``outdated`` unless
    ``minor_edit``."""
    current = {o.id: o for o in OfferRepository(conn).all()}
    plan = ImportPlan()
    for offer in offers:
        old = current.get(offer.id)
        if old is not None and kept:
            offer = replace(offer, **{name: getattr(old, name) for name in kept})
        offer = mark_outdated(old, offer, minor_edit=minor_edit)
        changes = offer_changes(old, offer)
        if old is None:
            plan.new.append(OfferChange(offer, changes, True))
        elif changes:
            plan.changed.append(OfferChange(offer, changes, False))
        else:
            plan.unchanged.append(offer.id)
    in_file = {o.id for o in offers}
    plan.not_in_file = sorted(set(current) - in_file)
    return plan


def apply_import(
    conn: sqlite3.Connection,
    offers: list[Offer],
    now: dt.datetime,
    kept: tuple[str, ...] = (),
    *,
    minor_edit: bool = False,
) -> ImportPlan:
    """Write new and changed offers with their audit entries in one transaction."""
    with transaction(conn):
        # again inside the transaction: no change between
        plan = plan_import(conn, offers, kept, minor_edit=minor_edit)
        if plan.has_changes:
            repo, audit = OfferRepository(conn), AuditRepository(conn)
            for item in (*plan.new, *plan.changed):
                repo.save(item.offer)
                audit.add(audit_entries(item.changes, item.offer.id, IMPORT_ACTOR, now))
    return plan
