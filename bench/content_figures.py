"""Content release figures: applying a release to a kiosk's database, and its size.

``apply_real_s``: a release of the shipped data (every offer with one field changed, so each is
compared, written and audited) applied to a copy of ``data.db`` — parse, full check, diff, one
transaction. ``apply_5000x17_s``: 5,000 offers in 17 languages, copies of the shipped offers
that have texts in all 17 languages under new ids (real addresses, never invented ones),
applied to a copy of ``data.db`` (all new: 5,000 offers written, the 30 shipped ones removed).
Each is the median of a few runs on a fresh copy. ``apply_5000x17_txn_s`` (for information):
the transaction alone, as at the kiosk's start screen when its worker thread has already
parsed and checked the release (``apply_release(..., parsed=...)``). ``release_bytes`` and
``release_5000x17_bytes``: the sizes of those releases (for information, no budget).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from kiosk import SHIPPED_DATABASE
from kiosk.content.release import build_release, canonical_json, parse_release
from kiosk.content.store import apply_release
from kiosk.db.connection import open_database

PUBLISHED = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
ROUNDS_REAL = 5
ROUNDS_BIG = 3


def synthetic_release(data: bytes, count: int, *, version: int) -> bytes:
    """``count`` copies of the release's offers that have texts in every language of the
    release, each under a new id (``<id>-k<n>``); everything else as it is."""
    doc = json.loads(data)
    languages = {lang["code"] for lang in doc["languages"]}
    full = [o for o in doc["offers"] if set(o["texts"]) == languages]
    offers = []
    for number in range(count):
        offer = dict(full[number % len(full)])
        offer["id"] = f"{offer['id'][:70]}-k{number}"
        offers.append(offer)
    doc.update(version=version, offers=sorted(offers, key=lambda o: o["id"]))
    return canonical_json(doc)


def _touched(data: bytes, version: int) -> bytes:
    """The release with one field of every offer changed (so every offer is written)."""
    doc = json.loads(data)
    for offer in doc["offers"]:
        offer["staff_note"] = (offer["staff_note"] + " Geprüft.").strip()
    doc["version"] = version
    return canonical_json(doc)


def _apply_on_copy(release: bytes, folder: Path, rounds: int, parsed=None) -> float:
    took = []
    for number in range(rounds):
        path = folder / f"kiosk{number}.db"
        shutil.copyfile(SHIPPED_DATABASE, path)
        conn = open_database(path)
        try:
            started = time.perf_counter()
            apply_release(conn, release, now=NOW, source="bench", parsed=parsed)
            took.append(time.perf_counter() - started)
        finally:
            conn.close()
        path.unlink()
        for extra in ("-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
    return statistics.median(took)


def apply_figures() -> list[tuple[str, float, float, str]]:
    """(name, measured, budget, unit); a budget of 0 means "for information"."""
    with tempfile.TemporaryDirectory(prefix="content-bench-") as tmp:
        folder = Path(tmp)
        shutil.copyfile(SHIPPED_DATABASE, folder / "central.db")
        central = open_database(folder / "central.db")
        try:
            real = build_release(central, version=1, published=PUBLISHED)
        finally:
            central.close()
        touched = _touched(real, 1)
        big = synthetic_release(real, 5000, version=1)
        real_s = _apply_on_copy(touched, folder, ROUNDS_REAL)
        big_s = _apply_on_copy(big, folder, ROUNDS_BIG)
        txn_s = _apply_on_copy(big, folder, ROUNDS_BIG, parsed=parse_release(big))
    return [
        ("apply_real_s", real_s, 1.0, "s"),
        ("apply_5000x17_s", big_s, 10.0, "s"),
        ("apply_5000x17_txn_s", txn_s, 0.0, "s"),
        ("release_bytes", float(len(real)), 0.0, "bytes"),
        ("release_5000x17_bytes", float(len(big)), 0.0, "bytes"),
    ]
