"""The repositories of central content and of the fleet: the methods that do more than one
statement (the callers' behaviour is covered by the content and fleet tests)."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.db.content_repository import ContentReleaseRepository, read_together
from kiosk.db.fleet_repository import CentralFleetRepository
from kiosk.db.repository import transaction


# -- content ---------------------------------------------------------------------------------
def test_read_together_begins_and_commits_its_own_read_transaction(conn):
    assert not conn.in_transaction
    with read_together(conn):
        assert conn.in_transaction
        ContentReleaseRepository(conn).needs()
    assert not conn.in_transaction


def test_read_together_uses_the_transaction_the_caller_holds(conn):
    with transaction(conn):
        with read_together(conn):
            pass
        assert conn.in_transaction  # not committed by read_together
    assert not conn.in_transaction


def test_read_together_ends_its_transaction_after_an_error(conn):
    with pytest.raises(RuntimeError), read_together(conn):
        raise RuntimeError("boom")
    assert not conn.in_transaction


def test_delete_needs_except_keeps_the_named_needs_only(conn):
    content = ContentReleaseRepository(conn)
    used = [need_id for need_id, _icon in content.needs()]
    with transaction(conn):
        content.upsert_needs([("spare-need", "spare", 99)])
    assert "spare-need" in [need_id for need_id, _icon in content.needs()]
    with transaction(conn):
        content.delete_needs_except(set(used))
    assert [need_id for need_id, _icon in content.needs()] == used


def test_replace_languages_and_age_bands_replace_the_whole_list(conn):
    content = ContentReleaseRepository(conn)
    with transaction(conn):
        content.replace_languages([("de", "Deutsch", 0, 1), ("en", "English", 1, 0)])
        content.replace_age_bands([("all", 0, 120, 0)])
    assert content.languages() == [("de", "Deutsch", 1), ("en", "English", 0)]
    assert content.language_names() == [("de", "Deutsch"), ("en", "English")]
    assert content.language_choices() == {"de": 1, "en": 0}
    assert content.age_bands() == [("all", 0, 120)]


def test_pin_never_lowers_the_pinned_version(conn):
    content = ContentReleaseRepository(conn)
    assert content.pinned_version() == 0
    with transaction(conn):
        content.pin(3)
        content.pin(2)
    assert content.pinned_version() == 3


def test_knows_releases_only_with_the_follower_table(conn):
    assert ContentReleaseRepository(conn).knows_releases()
    bare = sqlite3.connect(":memory:", isolation_level=None)
    try:
        bare.execute("CREATE TABLE offer (id TEXT)")
        assert not ContentReleaseRepository(bare).knows_releases()
    finally:
        bare.close()


# -- fleet -----------------------------------------------------------------------------------
def _row(hour: str, event: str = "offer_viewed", count: int = 1, offer: str = "") -> tuple:
    return (hour, event, "de", "", "", offer, count)


def test_replace_day_replaces_that_kiosk_and_day_only(conn):
    fleet = CentralFleetRepository(conn)
    with transaction(conn):
        fleet.replace_day("k-1", "2026-11-23", [_row("2026-11-23T10", count=5)], "a" * 64, "t1")
        fleet.replace_day("k-1", "2026-11-24", [_row("2026-11-24T10", count=7)], "b" * 64, "t1")
        fleet.replace_day("k-2", "2026-11-23", [_row("2026-11-23T11", count=2)], "c" * 64, "t1")
    with transaction(conn):
        fleet.replace_day(
            "k-1",
            "2026-11-23",
            [_row("2026-11-23T12", count=1), _row("2026-11-23T13", count=1)],
            "d" * 64,
            "t2",
        )
    assert fleet.imported_digests() == {
        ("k-1", "2026-11-23"): "d" * 64,
        ("k-1", "2026-11-24"): "b" * 64,
        ("k-2", "2026-11-23"): "c" * 64,
    }
    assert conn.execute(
        "SELECT rows, imported_at FROM fleet_import WHERE kiosk_id = 'k-1' AND day = '2026-11-23'"
    ).fetchone() == (2, "t2")
    by_kiosk = list(fleet.grouped("kiosk", "2026-11-23", "2026-11-24"))
    assert by_kiosk == [("k-1", "offer_viewed", 9), ("k-2", "offer_viewed", 2)]


def test_grouped_by_office_and_for_one_kiosk_or_office(conn):
    fleet = CentralFleetRepository(conn)
    with transaction(conn):
        fleet.enrol("k-1", "Altstadt", "t0")
        fleet.enrol("k-2", "Prohlis", "t0")
        for kiosk, count in (("k-1", 3), ("k-2", 4), ("k-3", 5)):  # k-3: not enrolled
            fleet.replace_day(kiosk, "2026-11-23", [_row("2026-11-23T10", count=count)], "x", "t")
    assert fleet.offices() == ["Altstadt", "Prohlis"]
    assert list(fleet.grouped("office", "2026-11-23", "2026-11-23")) == [
        ("", "offer_viewed", 5),
        ("Altstadt", "offer_viewed", 3),
        ("Prohlis", "offer_viewed", 4),
    ]
    assert list(fleet.grouped("language", "2026-11-23", "2026-11-23", kiosk="k-2")) == [
        ("de", "offer_viewed", 4)
    ]
    assert list(fleet.grouped("hour", "2026-11-23", "2026-11-23", office="Altstadt")) == [
        (10, "offer_viewed", 3)
    ]
    assert list(fleet.grouped("kiosk", "2026-11-24", "2026-11-30")) == []


def test_revoke_keeps_the_first_revocation_time(conn):
    fleet = CentralFleetRepository(conn)
    with transaction(conn):
        fleet.enrol("k-1", "Altstadt", "t0")
        fleet.revoke("k-1", "t1")
        fleet.revoke("k-1", "t2")
    assert fleet.kiosks() == [("k-1", "Altstadt", "t0", "t1")]
    with transaction(conn):
        fleet.enrol("k-1", "Prohlis", "t3")
    assert fleet.kiosks() == [("k-1", "Prohlis", "t3", None)]
