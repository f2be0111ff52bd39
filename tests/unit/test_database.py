"""Migrations, schema version checks and the offer repository."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

import pytest

from kiosk.db.connection import DatabaseError, latest_version, open_database, schema_version
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import transaction
from kiosk.domain.models import (
    Address,
    Contact,
    DayHours,
    DayStatus,
    HoursException,
    Offer,
    OfferKind,
    OfferText,
    TextStatus,
    TimeSlot,
    WeeklyHours,
)

CLOSED = DayHours(DayStatus.CLOSED)


def sample_offer(**changes) -> Offer:
    week = (
        DayHours(
            DayStatus.OPEN, (TimeSlot(dt.time(9), dt.time(12)), TimeSlot(dt.time(13), dt.time(15)))
        ),
        DayHours(DayStatus.APPOINTMENT),
        CLOSED,
        CLOSED,
        CLOSED,
        CLOSED,
        CLOSED,
    )
    base = Offer(
        id="sample-offer",
        kind=OfferKind.JMD,
        provider="Träger",
        name="Beispiel",
        texts={
            "de": OfferText("de", "Kurz", "Lang", "Für alle", TextStatus.REVIEWED),
            "en": OfferText("en", "Short", "", "", TextStatus.MACHINE),
        },
        min_age=12,
        max_age=26,
        needs=frozenset({"education", "work"}),
        languages=("de", "ru"),
        address=Address("Straße 1", "01067", "Dresden", "Altstadt", 51.05, 13.74, "Postplatz"),
        contact=Contact("+49 351 123456", "a@b.de", "https://example.org"),
        hours=WeeklyHours(week, (HoursException(dt.date(2026, 12, 24), CLOSED, "Heiligabend"),)),
        source="https://example.org/source",
        verified_on=dt.date(2026, 1, 15),
        active=True,
        staff_note="note",
    )
    return dataclasses.replace(base, **changes)


def test_fresh_database_reaches_the_latest_version(tmp_path):
    conn = open_database(tmp_path / "new.db", create=True)
    assert schema_version(conn) == latest_version() >= 1
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_database_from_a_newer_kiosk_is_refused_unchanged(tmp_path):
    path = tmp_path / "future.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {latest_version() + 1}")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer kiosk"):
        open_database(path)
    assert path.read_bytes() == before


def test_garbage_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match="cannot"):
        open_database(path)


def test_offer_round_trip(tmp_path):
    conn = open_database(tmp_path / "db.db", create=True)
    conn.execute(
        "INSERT INTO need (id, icon, position) VALUES ('education', '', 0), ('work', '', 1)"
    )
    repo = OfferRepository(conn)
    offer = sample_offer()
    with transaction(conn):
        repo.save(offer)
    assert repo.get(offer.id) == offer
    changed = dataclasses.replace(offer, hours=None, languages=(), needs=frozenset({"work"}))
    with transaction(conn):
        repo.save(changed)
    assert repo.get(offer.id) == changed
    assert conn.execute("SELECT count(*) FROM offer_slot").fetchone()[0] == 0


def test_failed_transaction_changes_nothing(tmp_path):
    conn = open_database(tmp_path / "db.db", create=True)
    conn.execute(
        "INSERT INTO need (id, icon, position) VALUES ('education', '', 0), ('work', '', 1)"
    )
    repo = OfferRepository(conn)
    with pytest.raises(sqlite3.IntegrityError):
        with transaction(conn):
            repo.save(sample_offer(id="first"))
            repo.save(sample_offer(id="second", needs=frozenset({"no-such-need"})))
    assert repo.all() == []


def test_active_offer_without_source_is_rejected_by_the_schema(tmp_path):
    conn = open_database(tmp_path / "db.db", create=True)
    conn.execute(
        "INSERT INTO need (id, icon, position) VALUES ('education', '', 0), ('work', '', 1)"
    )
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):
        OfferRepository(conn).save(sample_offer(source=""))


def test_missing_database_is_not_created_silently(tmp_path):
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_migrating_an_older_database_backs_it_up_first(tmp_path, monkeypatch):
    from kiosk.db import connection

    path = tmp_path / "old.db"
    open_database(path, create=True).close()  # a database at today's version
    shipped = connection.migrations()
    extra = connection.Migration(len(shipped) + 1, "9999_test.sql", "CREATE TABLE extra (x TEXT);")
    monkeypatch.setattr(connection, "migrations", lambda: [*shipped, extra])

    conn = open_database(path, backup_dir=tmp_path / "backups")
    assert schema_version(conn) == len(shipped) + 1
    conn.close()
    backup = tmp_path / "backups" / f"before-migration-v{len(shipped)}.db"
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == len(shipped)
    assert old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'extra'").fetchone()[0] == 0
    old.close()


def test_failing_migration_leaves_the_database_at_its_old_version(tmp_path, monkeypatch):
    from kiosk.db import connection

    path = tmp_path / "old.db"
    open_database(path, create=True).close()
    shipped = connection.migrations()
    script = "CREATE TABLE half (x TEXT);\nINSERT INTO no_such_table VALUES (1);"
    broken = connection.Migration(len(shipped) + 1, "9999_broken.sql", script)
    monkeypatch.setattr(connection, "migrations", lambda: [*shipped, broken])
    with pytest.raises(DatabaseError, match="9999_broken"):
        open_database(path)
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == len(shipped)
    assert raw.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half'").fetchone()[0] == 0
    raw.close()
