"""Building ``data.db`` from the reviewable JSON seed in ``kiosk/db/seed/``.

The seed is the source of truth for the shipped database: ``kiosk-admin build-db`` writes a fresh
database from it (through the real migrations), and a test proves the committed ``data.db``
holds exactly what the seed says.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk import SHIPPED_DATABASE
from kiosk.db.connection import connect, migrate, readonly_uri
from kiosk.db.repository import (
    CatalogueRepository,
    OfferRepository,
    SettingsRepository,
    transaction,
)
from kiosk.domain.models import (
    Address,
    AgeBand,
    Contact,
    DayHours,
    DayStatus,
    HoursException,
    Language,
    Need,
    Offer,
    OfferKind,
    OfferText,
    TextStatus,
    TimeSlot,
    WeeklyHours,
)
from kiosk.domain.offer_form import offer_to_form
from kiosk.domain.validation import ValidationContext, parse_offer_form

DEFAULT_DB = SHIPPED_DATABASE
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class SeedError(ValueError):
    """The seed files contain something that cannot go into the database."""


def _refuse_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise SeedError(f"a key appears twice in one object: {', '.join(repeated)}")
    return dict(pairs)


def _read(name: str) -> dict[str, Any]:
    text = resources.files("kiosk.db").joinpath("seed", name).read_text("utf-8")
    return json.loads(text, object_pairs_hook=_refuse_repeated_keys)


def _day(data: dict[str, Any]) -> DayHours:
    slots = tuple(
        TimeSlot(dt.time.fromisoformat(start), dt.time.fromisoformat(end))
        for start, end in data.get("slots", [])
    )
    return DayHours(DayStatus(data["status"]), slots)


def _hours(data: dict[str, Any] | None, exceptions: list[dict[str, Any]]) -> WeeklyHours | None:
    if data is None:
        if exceptions:
            raise SeedError("dated exceptions need the weekly hours")
        return None
    unknown = set(data) - set(_WEEKDAYS)
    if unknown:
        raise SeedError(f"unknown weekday keys {sorted(unknown)}")
    days = tuple(_day(data.get(key, {"status": "closed", "slots": []})) for key in _WEEKDAYS)
    dated = tuple(
        HoursException(dt.date.fromisoformat(e["date"]), _day(e), e.get("note", ""))
        for e in exceptions
    )
    return WeeklyHours(days, dated)


def offer_from_json(data: dict[str, Any]) -> Offer:
    """An :class:`Offer` from one seed entry; raises :class:`SeedError` with the offer id."""
    try:
        texts = {
            lang: OfferText(
                lang,
                t["summary"],
                t.get("description", ""),
                t.get("audience", ""),
                TextStatus(t["status"]),
            )
            for lang, t in data["texts"].items()
        }
        offer = Offer(
            id=data["id"],
            kind=OfferKind(data["kind"]),
            provider=data["provider"],
            name=data["name"],
            texts=texts,
            min_age=data.get("min_age"),
            max_age=data.get("max_age"),
            needs=frozenset(data.get("needs", [])),
            languages=tuple(data.get("languages", [])),
            address=Address(
                data.get("street", ""),
                data.get("postcode", ""),
                data.get("city", ""),
                data.get("district", ""),
                data.get("lat"),
                data.get("lon"),
                data.get("stop", ""),
            ),
            contact=Contact(data.get("phone", ""), data.get("email", ""), data.get("web", "")),
            hours=_hours(data.get("hours"), data.get("exceptions", [])),
            appointment_only=bool(data.get("appointment_only", False)),
            accessibility=data.get("accessibility", ""),
            source=data.get("source", ""),
            verified_on=(
                dt.date.fromisoformat(data["verified_on"]) if data.get("verified_on") else None
            ),
            active=bool(data.get("active", False)),
            staff_note=data.get("staff_note", ""),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SeedError(f"offer {data.get('id', '?')}: {error}") from error
    if offer.active and not offer.is_reachable:
        raise SeedError(f"offer {offer.id} is active but has no way to reach it")
    return offer


def load_seed_offers() -> list[Offer]:
    """The seed's offers, checked with the rules of the editor and the import; the seed must
    already be in the normalised form those rules store (NFC, see ``kiosk.domain.validation``)."""
    catalogue = _read("catalogue.json")
    ctx = ValidationContext(
        text_languages=frozenset(e["code"] for e in catalogue["languages"]),
        need_ids=frozenset(n["id"] for n in catalogue["needs"]),
        today=dt.date.today(),
    )
    offers = [offer_from_json(entry) for entry in _read("offers.json")["offers"]]
    for offer in offers:
        checked, found = parse_offer_form(offer_to_form(offer), ctx)
        if found:
            raise SeedError(f"offer {offer.id}: " + "; ".join(str(p) for p in found))
        if checked != offer:
            raise SeedError(f"offer {offer.id} is not in normalised form (Unicode NFC)")
    return offers


def populate(conn: sqlite3.Connection) -> None:
    """Fill a freshly migrated, empty database from the seed, in one transaction."""
    catalogue = _read("catalogue.json")
    offers = load_seed_offers()
    with transaction(conn):
        lists = CatalogueRepository(conn)
        lists.replace_languages(
            [(Language(e["code"], e["endonym"]), e["enabled"]) for e in catalogue["languages"]]
        )
        lists.replace_age_bands(
            [AgeBand(b["id"], b["min_age"], b["max_age"]) for b in catalogue["age_bands"]]
        )
        lists.replace_needs([Need(n["id"], n["icon"]) for n in catalogue["needs"]])
        settings = SettingsRepository(conn)
        for key, value in catalogue["settings"].items():
            settings.set(key, value)
        repo = OfferRepository(conn)
        for offer in offers:
            repo.save(offer)


def build_database(target: Path = DEFAULT_DB) -> Path:
    """Write a new database at ``target`` from the seed; replaces the file atomically.

    The file is in rollback-journal mode (``journal_mode=DELETE``, header bytes 18/19 = 1):
    reading it never needs a ``-wal`` or ``-shm`` file, so it can be read from a root-owned
    folder by the kiosk's user, and nothing appears beside it."""
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=".build-", suffix=".db", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        conn = connect(tmp)
        try:
            migrate(conn)
            populate(conn)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("VACUUM")
        finally:
            conn.close()
        os.replace(tmp, target)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return target


def logical_dump(path: Path) -> list[str]:
    """Schema and rows of a database as SQL text, for comparing content, not bytes."""
    if not Path(path).is_file():
        raise FileNotFoundError(path)
    conn = sqlite3.connect(readonly_uri(path, immutable=True), uri=True)  # never writes it
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        return [f"-- user_version {version}", *conn.iterdump()]
    finally:
        conn.close()
