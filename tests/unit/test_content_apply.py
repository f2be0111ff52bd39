"""Applying a content release to a kiosk's database: all content or none, local tables kept."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

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
    local = dump(kiosk, LOCAL_TABLES)
    audit = rows(kiosk, "audit_log")
    shown = dict(kiosk.execute("SELECT code, enabled FROM language"))
    info = store.apply_release(kiosk, release, now=NOW, source="https://inhalte.example/")
    assert info.version == 1 and info.published == PUBLISHED and info.applied_at == NOW
    assert store.current_release(kiosk) == info
    assert dump(kiosk, LOCAL_TABLES) == local, "settings, PIN, lockout and usage untouched"
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
