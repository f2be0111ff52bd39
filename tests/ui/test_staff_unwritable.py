"""Staff mode on a database that cannot be written: a clear message on the PIN pad."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent

from kiosk.admin.desk import StaffDesk
from kiosk.db.connection import connect
from kiosk.i18n import load_catalogue
from kiosk.visitor import VisitorCatalogue
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.test_staff_mode import CHEAP, PIN, STAFF, FakeClock, Staff
from ui.app import build_window


def test_the_pin_pad_says_why_staff_mode_cannot_open(qtbot, kiosk_app, conn, seed_db):
    _, metrics = kiosk_app
    clock = FakeClock()
    StaffDesk(conn, clock, CHEAP).access.set_pin(PIN)
    readonly = connect(seed_db, readonly=True)  # every write refused, as on a full disk
    window = build_window(
        VisitorCatalogue(readonly),
        metrics,
        lambda: MONDAY_AFTERNOON,
        STAFF,
        staff=StaffDesk(readonly, clock, CHEAP),
        defer=True,
    )
    try:
        window.resize(1920, 1080)
        window.show()
        qtbot.waitExposed(window)
        window.complete()
        staff = Staff(qtbot, window)
        staff.long_press_corner()
        staff.enter_pin(PIN)
        message = staff.find("pin_message").text()
        assert message == load_catalogue("de")._(
            "Staff mode cannot open: the kiosk cannot save to its database (read-only or "
            "disk full), so PIN tries cannot be counted. Please tell the IT service."
        )
        assert window.staff_mode.area.current_screen() != "staff_home"
        staff.enter_pin("000000")
        assert staff.find("pin_message").text() == message
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        readonly.close()
