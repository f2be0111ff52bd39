"""Applying a content release to a kiosk's database: all content or none, local tables kept."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import pickle
import random
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest

from kiosk import PROJECT_ROOT
from kiosk.admin.access import StaffAccess
from kiosk.admin.pin import ScryptParams
from kiosk.content import store
from kiosk.content.release import ReleaseError, build_release, canonical_json, parse_release
from kiosk.db.repository import SettingsRepository, transaction
from kiosk.stats import UsageEvent, UsageRecorder

CHEAP = ScryptParams(n=16, r=1, p=1)  # tests only; the kiosk hashes with the default cost
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
PUBLISHED = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)

CONTENT_TABLES = (
    "language",
    "age_band",
    "need",
    "offer",
    "offer_text",
    "offer_need",
    "offer_language",
    "offer_day",
    "offer_slot",
    "offer_exception",
)
LOCAL_TABLES = ("setting", "staff_pin", "pin_lockout", "usage_hourly", "usage_monthly")


def rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


def dump(conn: sqlite3.Connection, tables) -> dict[str, list[tuple]]:
    return {table: rows(conn, table) for table in tables}


def content(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The content tables without the local "shown" flag of each language."""
    found = dump(conn, CONTENT_TABLES[1:])
    found["language"] = conn.execute(
        "SELECT code, endonym, position FROM language ORDER BY position"
    ).fetchall()
    return found


def changed(data: bytes, version: int, edit) -> bytes:
    doc = json.loads(data)
    doc["version"] = version
    edit(doc)
    return canonical_json(doc)


@pytest.fixture
def kiosk(conn) -> sqlite3.Connection:
    """A kiosk database with its own settings, a PIN, a lockout, usage counts and audit rows."""
    StaffAccess(conn, lambda: NOW, CHEAP).set_pin("482915")
    access = StaffAccess(conn, lambda: NOW, CHEAP)
    access.verify("000000")
    with transaction(conn):
        settings = SettingsRepository(conn)
        settings.set("kiosk_location", "Bürgerbüro Prohlis")
        settings.set("printer", "Kiosk-Drucker")
        conn.execute("UPDATE language SET enabled = 0 WHERE code IN ('fr', 'vi')")
    offer_id = conn.execute("SELECT id FROM offer ORDER BY id LIMIT 1").fetchone()[0]
    for hour in (9, 10, 11):
        rec = UsageRecorder(conn, lambda hour=hour: dt.datetime(2026, 11, 23, hour))
        rec.record(UsageEvent.SESSION_STARTED, language="ar")
        rec.record(UsageEvent.OFFER_VIEWED, language="ar", offer_id=offer_id)
    UsageRecorder(conn, lambda: dt.datetime(2024, 1, 5, 9)).record(UsageEvent.QR_SHOWN)
    UsageRecorder(conn, lambda: dt.datetime(2026, 11, 23, 12)).fold_old_hours(24)
    assert rows(conn, "usage_monthly") and rows(conn, "staff_pin") and rows(conn, "audit_log")
    return conn


@pytest.fixture
def central(seed_db_template, tmp_path) -> sqlite3.Connection:
    """The central office's database: the shipped data, edited there."""
    import shutil

    from kiosk.db.connection import open_database

    path = tmp_path / "central.db"
    shutil.copyfile(seed_db_template, path)
    connection = open_database(path)
    yield connection
    connection.close()


@pytest.fixture
def release(central) -> bytes:
    """Release 1 of the central data, with one phone number changed and one offer gone."""
    first = build_release(central, version=1, published=PUBLISHED)

    def edit(doc):
        doc["offers"][0]["phone"] = "+49 351 4884000"
        del doc["offers"][1]

    return changed(first, 1, edit)


def test_applying_replaces_the_content_and_keeps_every_local_table(kiosk, release):
    store.set_managed(kiosk, "https://inhalte.example/", now=NOW)
    store.record_check(kiosk, at=NOW, ok=True, expires=NOW + dt.timedelta(days=3))
    local = dump(kiosk, (*LOCAL_TABLES, "content_follow"))
    audit = rows(kiosk, "audit_log")
    shown = dict(kiosk.execute("SELECT code, enabled FROM language"))
    info = store.apply_release(kiosk, release, now=NOW, source="https://inhalte.example/")
    assert info.version == 1 and info.published == PUBLISHED and info.applied_at == NOW
    assert store.current_release(kiosk) == info
    assert dump(kiosk, (*LOCAL_TABLES, "content_follow")) == local, "local tables untouched"
    assert rows(kiosk, "audit_log")[: len(audit)] == audit, "earlier audit rows untouched"
    assert dict(kiosk.execute("SELECT code, enabled FROM language")) == shown
    parsed = parse_release(release)
    again = build_release(kiosk, version=1, published=PUBLISHED)
    assert parse_release(again).offers == parsed.offers
    new_rows = rows(kiosk, "audit_log")[len(audit) :]
    assert {row[2] for row in new_rows} == {"content release"}
    summary = [row for row in new_rows if row[4] == "content release"]
    assert len(summary) == 1 and "https://inhalte.example/" in summary[0][6]
    assert any(row[4] == "phone" and row[6] == "+49 351 4884000" for row in new_rows)
    assert any(row[4] == "offer" and row[6].startswith("removed") for row in new_rows)
    assert kiosk.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_newer_release_with_the_same_content_changes_only_the_version(kiosk, release):
    store.apply_release(kiosk, release, now=NOW, source="a")
    before, audit = content(kiosk), rows(kiosk, "audit_log")
    info = store.apply_release(kiosk, changed(release, 2, lambda d: None), now=NOW, source="b")
    assert info.version == 2 and content(kiosk) == before
    added = rows(kiosk, "audit_log")[len(audit) :]
    assert [(row[4], row[5]) for row in added] == [("content release", "release 1")]
    assert store.previous_release(kiosk).version == 1


def test_an_older_or_the_same_release_is_refused_and_changes_nothing(kiosk, release, central):
    store.apply_release(kiosk, changed(release, 5, lambda d: None), now=NOW, source="a")
    before = dump(kiosk, (*CONTENT_TABLES, *LOCAL_TABLES, "audit_log", "content_release"))
    for version in (5, 4, 1):
        older = changed(release, version, lambda d: d["offers"].pop())
        with pytest.raises(store.StaleRelease, match="older or same release") as caught:
            store.apply_release(kiosk, older, now=NOW, source="b")
        assert caught.value.current == 5 and caught.value.version == version
        after = dump(kiosk, (*CONTENT_TABLES, *LOCAL_TABLES, "audit_log", "content_release"))
        assert after == before


def test_an_invalid_release_changes_nothing(kiosk, release):
    before = dump(kiosk, (*CONTENT_TABLES, *LOCAL_TABLES, "audit_log", "content_release"))
    broken = changed(release, 2, lambda d: d["offers"][0].update(email="kein@"))
    with pytest.raises(ReleaseError, match="email"):
        store.apply_release(kiosk, broken, now=NOW, source="a")
    assert dump(kiosk, (*CONTENT_TABLES, *LOCAL_TABLES, "audit_log", "content_release")) == before
    assert store.current_release(kiosk) is None


def test_an_error_while_writing_rolls_everything_back(kiosk, release, monkeypatch):
    before = dump(kiosk, (*CONTENT_TABLES, *LOCAL_TABLES, "audit_log", "content_release"))

    def fail(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_write_slot", fail)
    with pytest.raises(sqlite3.OperationalError):
        store.apply_release(kiosk, release, now=NOW, source="a")
    assert not kiosk.in_transaction
    assert dump(kiosk, (*CONTENT_TABLES, *LOCAL_TABLES, "audit_log", "content_release")) == before


def test_rollback_restores_exactly_the_previous_content(kiosk, release):
    own = content(kiosk)
    store.apply_release(kiosk, release, now=NOW, source="a")
    first = content(kiosk)
    second = changed(release, 2, lambda d: d["offers"].pop(0))
    store.apply_release(kiosk, second, now=NOW, source="b")
    assert content(kiosk) != first
    local = dump(kiosk, LOCAL_TABLES)
    back = store.rollback_release(kiosk, now=NOW + dt.timedelta(hours=1))
    assert back.version == 1 and store.current_release(kiosk).version == 1
    assert content(kiosk) == first
    assert dump(kiosk, LOCAL_TABLES) == local
    with pytest.raises(ReleaseError, match="no earlier content"):
        store.rollback_release(kiosk, now=NOW)
    assert content(kiosk) == first and own != first


def test_rollback_to_the_kiosks_own_content(kiosk, release):
    own = content(kiosk)
    store.apply_release(kiosk, release, now=NOW, source="a")
    back = store.rollback_release(kiosk, now=NOW)
    assert back.version == 0 and content(kiosk) == own


def test_a_rolled_back_release_is_not_applied_again_until_a_newer_one(kiosk, release):
    store.apply_release(kiosk, release, now=NOW, source="a")
    second = changed(release, 2, lambda d: d["offers"].pop(0))
    store.apply_release(kiosk, second, now=NOW, source="b")
    store.rollback_release(kiosk, now=NOW)
    with pytest.raises(store.StaleRelease, match="rolled back release 2") as caught:
        store.apply_release(kiosk, second, now=NOW, source="b")
    assert caught.value.pinned == 2 and store.newest_refused(kiosk) == 2
    third = changed(release, 3, lambda d: d["offers"].pop(0))
    assert store.apply_release(kiosk, third, now=NOW, source="c").version == 3


def test_without_a_release_there_is_nothing_to_roll_back(kiosk):
    with pytest.raises(ReleaseError, match="no earlier content"):
        store.rollback_release(kiosk, now=NOW)


def test_a_new_language_arrives_as_the_central_office_shows_it(kiosk, release):
    def add(doc):
        doc["languages"].append({"code": "so", "endonym": "Soomaali", "shown": False})
        doc["languages"].append({"code": "sq", "endonym": "Shqip", "shown": True})

    store.apply_release(kiosk, changed(release, 2, add), now=NOW, source="a")
    shown = dict(kiosk.execute("SELECT code, enabled FROM language"))
    assert shown["so"] == 0 and shown["sq"] == 1
    assert shown["fr"] == 0 and shown["de"] == 1, "the kiosk's own choice stays"


def test_when_no_shown_language_is_left_the_release_decides(kiosk, release):
    def only_new(doc):
        doc["languages"] = [{"code": "sq", "endonym": "Shqip", "shown": True}]
        doc["languages"] += [{"code": "de", "endonym": "Deutsch", "shown": False}]
        for offer in doc["offers"]:
            offer["texts"] = {k: v for k, v in offer["texts"].items() if k == "de"}
        doc["offers"] = [o for o in doc["offers"] if o["texts"]]

    kiosk.execute("UPDATE language SET enabled = 0 WHERE code <> 'ar'")
    store.apply_release(kiosk, changed(release, 2, only_new), now=NOW, source="a")
    shown = dict(kiosk.execute("SELECT code, enabled FROM language"))
    assert shown == {"sq": 1, "de": 0}


def test_a_need_no_offer_uses_any_more_can_go(kiosk, release):
    def drop(doc):
        doc["needs"] = [n for n in doc["needs"] if n["id"] != "community"]
        for offer in doc["offers"]:
            offer["needs"] = [n for n in offer["needs"] if n != "community"]
        doc["needs"].append({"id": "health", "icon": ""})

    assert kiosk.execute("SELECT count(*) FROM offer_need WHERE need_id = 'community'").fetchone()[
        0
    ]
    store.apply_release(kiosk, changed(release, 2, drop), now=NOW, source="a")
    needs = [row[0] for row in kiosk.execute("SELECT id FROM need ORDER BY position")]
    assert "community" not in needs and needs[-1] == "health"
    assert kiosk.execute("PRAGMA foreign_key_check").fetchall() == []
    store.rollback_release(kiosk, now=NOW)
    assert "community" in [row[0] for row in kiosk.execute("SELECT id FROM need")]


def test_the_last_check_is_remembered(kiosk):
    assert store.last_check(kiosk) is None
    expires = NOW + dt.timedelta(days=3)
    store.record_check(kiosk, at=NOW, ok=True, expires=expires)
    later = NOW + dt.timedelta(days=4)
    store.record_check(kiosk, at=later, ok=False, message="server not reachable")
    status = store.last_check(kiosk)
    assert status.last_attempt == later and not status.ok
    assert status.last_success == NOW and status.expires == expires
    assert status.message == "server not reachable" and status.expired(later)


def test_a_managed_kiosk_knows_its_url(kiosk):
    assert not store.is_managed(kiosk)
    store.set_managed(kiosk, "https://inhalte.dresden.example/wegweiser/", now=NOW)
    assert store.is_managed(kiosk)
    assert store.managed_url(kiosk) == "https://inhalte.dresden.example/wegweiser/"
    for bad in ("ftp://x/", "https://user:secret@x/", "nonsense", "https://x/ y"):
        with pytest.raises(ValueError):
            store.set_managed(kiosk, bad, now=NOW)
    assert "secret" not in json.dumps(rows(kiosk, "audit_log"))
    store.set_managed(kiosk, None, now=NOW)
    assert not store.is_managed(kiosk)


def test_credentials_in_the_source_never_reach_the_audit_log(kiosk, release):
    store.apply_release(kiosk, release, now=NOW, source="https://kiosk:geheim@inhalte.example/")
    assert "geheim" not in json.dumps(rows(kiosk, "audit_log"))
    assert "geheim" not in store.current_release(kiosk).source


# -- kill -9 while applying ------------------------------------------------------------------
BIG = 5000  # offers, each in all 17 languages: copies of the shipped offers under new ids

#: The child applies the release as the kiosk does after its worker has parsed it: the
#: parsed release (pickled by the test, checked against the bytes' digest) saves each run the
#: seconds of checking 5,000 offers again; the transaction is the same.
CHILD = """
import datetime as dt, pickle, sys
from pathlib import Path
from kiosk.content.store import apply_release
from kiosk.db.connection import open_database
conn = open_database(sys.argv[1])
data = Path(sys.argv[2]).read_bytes()
parsed = pickle.loads(Path(sys.argv[3]).read_bytes())
count = 0
def trace(statement):
    global count
    count += 1
    word = statement.split(None, 1)[0].upper()
    if word in ("BEGIN", "COMMIT") or count % 20 == 0:  # a line per 20 statements
        sys.stdout.write("SQL " + word + "\\n")
        sys.stdout.flush()
conn.set_trace_callback(trace)
now = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
apply_release(conn, data, now=now, source="kill test", parsed=parsed)
print("DONE", flush=True)
"""


def synthetic(data: bytes, count: int, version: int) -> bytes:
    """``count`` copies of the offers that have texts in every language, under new ids."""
    doc = json.loads(data)
    languages = {lang["code"] for lang in doc["languages"]}
    full = [o for o in doc["offers"] if set(o["texts"]) == languages]
    assert len(full) >= 10
    doc["offers"] = sorted(
        (
            dict(full[n % len(full)], id=f"{full[n % len(full)]['id'][:70]}-k{n}")
            for n in range(count)
        ),
        key=lambda o: o["id"],
    )
    doc["version"] = version
    return canonical_json(doc)


def state(path) -> tuple:
    """Integrity checked; the content, the release rows, the local tables and the audit count."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        return (
            dump(conn, CONTENT_TABLES),
            conn.execute("SELECT slot, version, digest FROM content_release ORDER BY 1").fetchall(),
            dump(conn, LOCAL_TABLES),
            conn.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        )
    finally:
        conn.close()


def run_child(db, files) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), *map(str, files)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def kill_after(db, files, statements: int) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), *map(str, files)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    seen = 0
    for line in process.stdout:
        if line.startswith("SQL"):
            seen += 1
            if seen >= statements:
                os.kill(process.pid, signal.SIGKILL)
                break
    process.wait(timeout=600)
    process.stdout.close()


def test_a_kill_during_apply_leaves_all_old_or_all_new_content(kiosk, seed_db, tmp_path, request):
    runs = request.config.getoption("--kill-runs")
    rng = random.Random(request.config.getoption("--soak-seed"))
    kiosk.close()  # the kiosk fixture's local tables are in seed_db now
    central = sqlite3.connect(seed_db)
    try:
        big = synthetic(build_release(central, version=1, published=PUBLISHED), BIG, 1)
    finally:
        central.close()
    files = (tmp_path / "release.json", tmp_path / "parsed.pickle")
    files[0].write_bytes(big)
    files[1].write_bytes(pickle.dumps(parse_release(big)))
    before = state(seed_db)

    complete = tmp_path / "complete.db"
    shutil.copyfile(seed_db, complete)
    lines = run_child(complete, files)
    after = state(complete)
    assert lines[-1] == "DONE" and after != before
    assert len(after[0]["offer"]) == BIG and after[2] == before[2], "local tables kept"
    statements = [line for line in lines if line.startswith("SQL")]
    begin = statements.index("SQL BEGIN") + 1
    commit = len(statements) - statements[::-1].index("SQL COMMIT")
    assert commit - begin > BIG // 2, "the writes are many steps (of 20 statements) to land in"

    outcomes = {"old": 0, "new": 0}
    for index in range(runs):
        db = tmp_path / f"run{index}.db"
        shutil.copyfile(seed_db, db)
        kill_after(db, files, rng.randint(begin + 1, commit + 2))
        found = state(db)  # integrity_check inside
        assert found in (before, after), f"run {index}: half-applied release"
        outcomes["old" if found == before else "new"] += 1
        for leftover in (db, f"{db}-wal", f"{db}-shm"):
            pathlib.Path(leftover).unlink(missing_ok=True)
    assert outcomes["old"] >= 1, outcomes
    print(f"\nkill -9 during apply: {runs} runs, {outcomes}, ~{(commit - begin) * 20} statements")
