"""The staff editor's "minor edit" tick, driven like a person (issue 19, step 3).

A German text changed and saved leaves the other languages' texts outdated, and the editor
then shows "outdated" as their status; ticking "minor edit" under the German text first keeps
every status. The tick starts unticked on every offer opened.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton

from kiosk.db.offer_repository import OfferRepository
from kiosk.domain.models import TextStatus
from kiosk.i18n import load_catalogue
from tests.ui.test_staff_mode import OFFER, Staff, clock, make_staff_window  # noqa: F401  (fixtures)


@pytest.fixture
def staff(qtbot, make_staff_window) -> Staff:  # noqa: F811
    return Staff(qtbot, make_staff_window())


def statuses(conn) -> dict[str, TextStatus]:
    return {lang: t.status for lang, t in OfferRepository(conn).get(OFFER).texts.items()}


def open_offer(staff: Staff) -> None:
    staff.tap(f"staff_offer_{OFFER}")
    staff.on_staff("staff_editor")


def test_minor_edit_keeps_the_translations_and_a_real_edit_marks_them_outdated(staff, conn):
    de = load_catalogue("de")
    before = statuses(conn)
    assert set(before.values()) == {TextStatus.MACHINE}
    staff.log_in()
    staff.tap("staff_open_offers")
    staff.on_staff("staff_offers")
    open_offer(staff)

    minor = staff.find("editor_minor_edit")
    assert isinstance(minor, QAbstractButton) and minor.isVisible() and not minor.isChecked()
    assert minor.accessibleName() == de._("Minor edit (the translations stay as they are)")
    assert minor.parentWidget().objectName() == "editor_text_de_group", "next to the German text"
    staff.type_into("editor_text_de_summary", "Beratung zu Aufenthalt und Arbeit.")
    staff.tap("editor_minor_edit")
    assert minor.isChecked()
    staff.tap("editor_save")
    staff.on_staff("staff_offers")
    after_minor = statuses(conn)
    assert after_minor == before, "a minor edit keeps every status"
    saved = OfferRepository(conn).get(OFFER).texts["de"].summary
    assert saved == "Beratung zu Aufenthalt und Arbeit."

    open_offer(staff)
    assert not staff.find("editor_minor_edit").isChecked(), "unticked again for the next edit"
    staff.type_into("editor_text_de_summary", "Beratung zu Aufenthalt, Arbeit und Schule.")
    staff.tap("editor_save")
    staff.on_staff("staff_offers")
    after = statuses(conn)
    assert after["de"] is TextStatus.MACHINE
    assert {s for lang, s in after.items() if lang != "de"} == {TextStatus.OUTDATED}

    # The editor shows the status by its own name.
    open_offer(staff)
    outdated = staff.find("editor_text_en_status_outdated")
    assert isinstance(outdated, QAbstractButton) and outdated.isChecked()
    assert outdated.text().endswith(de._("Outdated"))
    assert not staff.find("editor_text_en_status_machine").isChecked()
