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
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

from kiosk import SHIPPED_DATABASE
from kiosk.admin.importing import read_offers
from kiosk.db.connection import connect, migrate, readonly_uri
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository, SettingsRepository, transaction
from kiosk.domain.choices import AgeBand, Language, Need
from kiosk.domain.models import Offer
from kiosk.domain.validation import ValidationContext

DEFAULT_DB = SHIPPED_DATABASE


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


def load_seed_offers() -> list[Offer]:
    """The seed's offers, read by the import (``kiosk-admin import``) with its checks; the
    seed must already be in the normalised form those rules store (Unicode NFC, see
    ``kiosk.domain.validation``)."""
    catalogue = _read("catalogue.json")
    ctx = ValidationContext(
        text_languages=frozenset(e["code"] for e in catalogue["languages"]),
        need_ids=frozenset(n["id"] for n in catalogue["needs"]),
        today=dt.date.today(),
    )
    data = resources.files("kiosk.db").joinpath("seed", "offers.json").read_bytes()
    if unicodedata.normalize("NFC", data.decode("utf-8")).encode("utf-8") != data:
        raise SeedError("offers.json is not in normalised form (Unicode NFC)")
    result = read_offers(data, ctx)
    if result.problems:
        raise SeedError("offers.json: " + "; ".join(str(p) for p in result.problems))
    return result.offers


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
