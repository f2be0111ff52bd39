"""Staff mode on a database that cannot be written: a clear message on the PIN pad."""

from __future__ import annotations

import pytest

from kiosk.admin.desk import StaffDesk
from kiosk.db.connection import connect
from kiosk.i18n import load_catalogue
from kiosk.visitor import VisitorCatalogue
from tests.ui.test_staff_mode import CHEAP, PIN, STAFF, FakeClock, Staff


@pytest.fixture
def readonly(seed_db):
    """The database opened so that every write is refused, as on a full disk. (Asked for
    before make_window, so it is closed after the window is gone.)"""
    connection = connect(seed_db, readonly=True)
    yield connection
    connection.close()


def test_the_pin_pad_says_why_staff_mode_cannot_open(qtbot, conn, readonly, make_window):
    clock = FakeClock()
    StaffDesk(conn, clock, CHEAP).access.set_pin(PIN)
    window = make_window(
        STAFF, data=VisitorCatalogue(readonly), staff=lambda: StaffDesk(readonly, clock, CHEAP)
    )
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
