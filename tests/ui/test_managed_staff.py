"""Staff mode on a managed kiosk: content comes from the central office, settings stay local.

The kiosk follows a content URL (``set_managed``). Staff can look at the offers but not change
them, and every content screen says where they are edited; the local settings still save. The
staff menu shows the release, the last good check and a warning when the signed information
has expired; Roll back (after a confirmation) brings the previous content back on the visitor
screens.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.admin.desk import StaffDesk
from kiosk.content.release import build_release
from kiosk.content.store import apply_release, current_release, record_check, set_managed
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import SettingsRepository
from tests.ui.test_staff_mode import CHEAP, OFFER, PIN, STAFF, FakeClock, Staff
from ui.screens.staff.content_status import managed_notice

URL = "https://inhalte.example.org/wegweiser"
OLD_PHONE = "+49 351 25935393"
NEW_PHONE = "+49 351 25935000"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def staff(qtbot, make_window, conn, clock) -> Staff:
    desk = StaffDesk(conn, clock, CHEAP)
    desk.access.set_pin(PIN)
    return Staff(qtbot, make_window(STAFF, staff=lambda: desk))


@pytest.fixture
def managed(conn, clock):
    set_managed(conn, URL, now=clock.now)
    return conn


@pytest.fixture
def released(managed, seed_db, tmp_path, clock):
    """Release 1 from a central copy where the offer's phone changed, applied to the kiosk."""
    central_path = tmp_path / "central.db"
    shutil.copyfile(seed_db, central_path)
    central = open_database(central_path)
    try:
        repo = OfferRepository(central)
        offer = repo.get(OFFER)
        assert offer.contact.phone == OLD_PHONE
        repo.save(
            dataclasses.replace(offer, contact=dataclasses.replace(offer.contact, phone=NEW_PHONE))
        )
        data = build_release(central, version=1, published=clock.now - dt.timedelta(hours=2))
    finally:
        central.close()
    apply_release(managed, data, now=clock.now - dt.timedelta(hours=1), source=URL)
    record_check(managed, at=clock.now - dt.timedelta(hours=1), ok=True,
                 expires=clock.now + dt.timedelta(days=2))  # fmt: skip
    return managed


def _panel_shown(staff: Staff) -> bool:
    panel = staff.window.findChild(QWidget, "content_status")
    return panel is not None and panel.isVisible()


def _detail_texts(window) -> list[str]:
    window.detail.show_offer(OFFER)
    return [label.text() for label in window.detail.findChildren(QLabel)]


# -- editing is off, the screens say why ---------------------------------------------------
def test_offers_on_a_managed_kiosk_are_read_only_and_say_where_they_are_edited(
    managed, staff, conn
):
    staff.log_in()
    cat = staff.window._localizer.catalogue
    notice = managed_notice(cat)
    staff.tap("staff_open_offers")
    staff.on_staff("staff_offers")
    assert staff.find("staff_offers_managed").isVisible()
    assert staff.find("staff_offers_managed").text() == notice
    assert not staff.find("staff_new_offer").isEnabled()

    staff.tap(f"staff_offer_{OFFER}")
    staff.on_staff("staff_editor")
    assert staff.find("editor_managed").isVisible()
    assert staff.find("editor_managed").text() == notice
    assert staff.find("editor_phone").text() == OLD_PHONE, "the offer can still be read"
    assert not staff.find("editor_phone").isEnabled()
    assert not staff.find("editor_save").isEnabled()
    staff.window.staff_mode.area.editor._on_save()  # not even a stray key press saves
    assert OfferRepository(conn).get(OFFER).contact.phone == OLD_PHONE

    staff.tap("editor_cancel")
    staff.tap("staff_menu")
    staff.tap("staff_open_verify")
    staff.on_staff("staff_verify")
    assert staff.find("staff_verify_managed").text() == notice


def test_local_settings_still_save_on_a_managed_kiosk(managed, staff, conn):
    staff.log_in()
    staff.tap("staff_open_settings")
    staff.on_staff("staff_settings")
    assert staff.find("settings_managed").isVisible()
    # the order of the languages and the age bands are content: off
    assert not staff.find("settings_lang_en_up").isEnabled()
    assert not staff.find("settings_lang_de_down").isEnabled()
    assert not staff.find("settings_band_add").isEnabled()
    assert not staff.find("settings_band_0_min").isEnabled()
    # which languages are shown, the place, the printer and the times: local
    staff.type_into("settings_location", "Buergerbuero Prohlis")
    staff.type_into("settings_idle", "120")
    staff.tap("settings_lang_uk")
    staff.tap("settings_save")
    staff.on_staff("staff_home")
    stored = SettingsRepository(conn)
    assert stored.get("kiosk_location") == "Buergerbuero Prohlis"
    assert stored.get("idle_timeout_seconds") == "120"
    enabled = dict(conn.execute("SELECT code, enabled FROM language"))
    assert enabled["uk"] == 0


def test_a_kiosk_that_edits_its_own_offers_has_no_notice_and_no_status(staff):
    staff.log_in()
    assert not staff.find("content_status").isVisible()
    staff.tap("staff_open_offers")
    staff.on_staff("staff_offers")
    assert not staff.find("staff_offers_managed").isVisible()
    assert staff.find("staff_new_offer").isEnabled()


# -- the content status, for staff only ----------------------------------------------------
def test_the_status_shows_the_release_and_warns_when_the_signed_information_expired(
    released, staff, clock
):
    record_check(
        released,
        at=clock.now - dt.timedelta(minutes=10),
        ok=False,
        message="The content server is not reachable (connection refused).",
        expires=clock.now - dt.timedelta(days=1),
    )
    assert not _panel_shown(staff), "visitors never see it"
    staff.log_in()
    assert staff.find("content_status").isVisible()
    assert "1" in staff.find("content_status_version").text()
    assert staff.find("content_status_check").text()
    warning = staff.find("content_status_warning")
    assert warning.isVisible()
    assert warning.text().startswith("⚠")
    assert "connection refused" in warning.text()
    assert staff.find("content_rollback").isEnabled()
    staff.tap("staff_leave")
    assert not _panel_shown(staff)
    assert not any("⚠" in text for text in staff.visible_texts())


def test_no_warning_while_the_checks_go_well(released, staff):
    staff.log_in()
    assert staff.find("content_status").isVisible()
    assert not staff.find("content_status_warning").isVisible()


def test_rollback_asks_first_and_brings_the_previous_content_back(released, staff, conn):
    window = staff.window
    assert any(NEW_PHONE in text for text in _detail_texts(window))
    staff.log_in()
    staff.tap("content_rollback")
    assert staff.find("content_rollback_question").isVisible()
    staff.tap("content_rollback_cancel")
    assert current_release(conn).version == 1, "cancel rolls nothing back"
    assert OfferRepository(conn).get(OFFER).contact.phone == NEW_PHONE

    staff.tap("content_rollback")
    staff.tap("content_rollback_confirm")
    assert OfferRepository(conn).get(OFFER).contact.phone == OLD_PHONE
    assert not staff.find("content_rollback").isEnabled(), "nothing further to go back to"
    assert "1" not in staff.find("content_status_version").text()
    # the visitor screens show the content again at once
    texts = _detail_texts(window)
    assert any(OLD_PHONE in text for text in texts)
    assert not any(NEW_PHONE in text for text in texts)
