"""Fleet figures: the size of a busy kiosk's daily statistics batch and of a heartbeat, and the
time the centre takes to import one day of 1,000 kiosks.

A busy day, simulated through the kiosk's own :class:`~kiosk.stats.UsageRecorder` on a copy
of the shipped data.db (its 17 languages, age bands, needs and offers): 300 visitor sessions in
the 10 opening hours of a Bürgerbüro (8–18), a language from all 17 with a few far more often
than the rest (weights 1/rank), an age band chosen in 85 % of sessions, a need in 60 % (else
"show all"), one to three offers viewed (popular offers more often), QR codes, prints, read
aloud and "Did this help?" now and then, and the session ended by Home or by the idle timer.
Every event is recorded with the visit's language, age band, need and offer at that moment,
as the navigator does. One batch row is one hour × event × combination, so a day never has
more rows than events recorded (≈ 11 per session): that is the upper bound used here. The
bound "every language × band × need × offer in every hour" (17 × 4 × 9 × 30 × 10 hours ≈
180,000 rows for offer_viewed alone) needs far more visitors than a kiosk has.

The import: 1,000 kiosk folders with one such day each, read by :func:`import_inbox` into a
fresh central database (each file checked whole, one transaction per kiosk and day); a second
run over the same files (nothing changed: each file hashed, none read in) for information.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from kiosk import SHIPPED_DATABASE
from kiosk.db.connection import open_database
from kiosk.fleet.batches import Batch, build_batch, build_heartbeat
from kiosk.fleet.central import import_inbox
from kiosk.fleet.upload import app_version
from kiosk.stats import ALL_NEEDS, UsageEvent, UsageRecorder

SESSIONS = 300
OPEN_HOURS = range(8, 18)
KIOSKS = 1000
DAY = dt.date(2026, 11, 23)
#: name → budget (what a mobile uplink and a nightly import can carry without thought).
BUDGETS = {
    "fleet_batch_kb": 512.0,
    "fleet_batch_upper_kb": 1024.0,
    "fleet_heartbeat_bytes": 1024.0,
    "fleet_import_1000_kiosks_s": 60.0,
}


def _choices(conn: sqlite3.Connection, sql: str) -> list[str]:
    return [row[0] for row in conn.execute(sql)]


def busy_day(conn: sqlite3.Connection, seed: int = 18) -> int:
    """Record a busy day's sessions into ``conn``; returns the events recorded."""
    rng = random.Random(seed)
    languages = _choices(conn, "SELECT code FROM language ORDER BY position, code")
    bands = _choices(conn, "SELECT id FROM age_band ORDER BY position")
    needs = _choices(conn, "SELECT id FROM need ORDER BY position")
    offers = _choices(conn, "SELECT id FROM offer ORDER BY 1")
    language_weights = [1 / rank for rank in range(1, len(languages) + 1)]
    offer_weights = [1 / rank for rank in range(1, len(offers) + 1)]
    events = 0
    for _ in range(SESSIONS):
        moment = dt.datetime.combine(DAY, dt.time(rng.choice(OPEN_HOURS), rng.randrange(60)))
        recorder = UsageRecorder(conn, lambda m=moment: m)
        state = {"language": "", "age_band": "", "need": "", "offer_id": ""}

        def count(event: UsageEvent, state=state, recorder=recorder) -> None:
            nonlocal events
            recorder.record(event, **state)
            events += 1

        count(UsageEvent.SESSION_STARTED)
        state["language"] = rng.choices(languages, language_weights)[0]
        count(UsageEvent.LANGUAGE_CHOSEN)
        if rng.random() < 0.85:
            state["age_band"] = rng.choice(bands)
            count(UsageEvent.AGE_CHOSEN)
        state["need"] = rng.choice(needs) if rng.random() < 0.6 else ALL_NEEDS
        count(UsageEvent.NEED_CHOSEN)
        for _ in range(rng.randint(1, 3)):
            state["offer_id"] = rng.choices(offers, offer_weights)[0]
            count(UsageEvent.OFFER_VIEWED)
            for event, share in (
                (UsageEvent.QR_SHOWN, 0.3),
                (UsageEvent.HANDOUT_PRINTED, 0.15),
                (UsageEvent.READ_ALOUD_USED, 0.2),
            ):
                if rng.random() < share:
                    count(event)
            if rng.random() < 0.2:
                recorder.record_feedback(state["offer_id"], rng.random() < 0.7)
                events += 1
        ended = UsageEvent.SESSION_ENDED_HOME
        count(ended if rng.random() < 0.6 else UsageEvent.SESSION_ENDED_TIMEOUT)
    return events


def fleet_figures() -> list[tuple[str, float, float, str]]:
    """(name, value, budget, what it is) for the fleet part of the bench."""
    with tempfile.TemporaryDirectory(prefix="fleet-bench-") as temp:
        base = Path(temp)
        kiosk_db = base / "kiosk.db"
        shutil.copyfile(SHIPPED_DATABASE, kiosk_db)
        conn = open_database(kiosk_db)
        try:
            events = busy_day(conn)
            batch = build_batch(conn, "bb-altstadt-1", DAY)
        finally:
            conn.close()
        body = batch.to_json()
        per_row = len(body) / max(1, len(batch.rows))
        heartbeat = build_heartbeat(
            "bb-altstadt-1",
            app_version=app_version(),
            content_version="2026-11-23T14:05:00Z-r128",
            last_content_check=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            printer_state="paper-out",
            now=dt.datetime.now().astimezone(),
        ).to_json()

        inbox = base / "inbox"
        for number in range(KIOSKS):
            kiosk_id = f"kiosk-{number:04d}"
            folder = inbox / kiosk_id / "stats"
            folder.mkdir(parents=True)
            copy = Batch(kiosk_id, DAY, batch.rows)
            (folder / f"{DAY}.json").write_bytes(copy.to_json())
        central_db = base / "central.db"
        shutil.copyfile(SHIPPED_DATABASE, central_db)
        central = open_database(central_db)
        try:
            started = time.perf_counter()
            result = import_inbox(central, inbox)
            took = time.perf_counter() - started
            assert result.ok and len(result.imported) == KIOSKS, result.problems[:3]
            started = time.perf_counter()
            again = import_inbox(central, inbox)
            took_again = time.perf_counter() - started
            assert again.unchanged == KIOSKS
            stored = central.execute("SELECT count(*) FROM fleet_usage").fetchone()[0]
        finally:
            central.close()
        central_mb = central_db.stat().st_size / 2**20
    return [
        (
            "fleet_batch_kb",
            len(body) / 1024,
            BUDGETS["fleet_batch_kb"],
            f"busy day: {SESSIONS} sessions, {events} events, {len(batch.rows)} rows, "
            f"{per_row:.0f} bytes/row (JSON, uncompressed)",
        ),
        (
            "fleet_batch_upper_kb",
            events * per_row / 1024,
            BUDGETS["fleet_batch_upper_kb"],
            f"upper bound: every one of the {events} events a row of its own",
        ),
        (
            "fleet_heartbeat_bytes",
            float(len(heartbeat)),
            BUDGETS["fleet_heartbeat_bytes"],
            "one heartbeat",
        ),
        (
            "fleet_import_1000_kiosks_s",
            took,
            BUDGETS["fleet_import_1000_kiosks_s"],
            f"{KIOSKS} kiosks x 1 day = {stored} rows into a fresh central db "
            f"({central_mb:.0f} MB); again, unchanged: {took_again:.2f} s",
        ),
    ]


if __name__ == "__main__":
    for name, value, budget, note in fleet_figures():
        verdict = "ok" if value <= budget else "OVER"
        print(f"{name:28} {value:10.2f}  (budget {budget:g}, {verdict})  {note}")
