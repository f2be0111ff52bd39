"""One meaning per setting: the kiosk, the command line and staff mode read the same bounds."""

from __future__ import annotations

import logging
import re

import pytest

from kiosk.admin.settings import KioskSettingsEditing
from kiosk.db.repository import SettingsRepository
from kiosk.domain import settings as declared
from kiosk.domain.configuration import configuration_to_form
from kiosk.visitor import VisitorCatalogue

NUMBERS = [
    value
    for value in vars(declared).values()
    if isinstance(value, declared.Setting) and value.bounds is not None
]


def test_a_stored_idle_time_above_the_bound_is_used_and_shown_as_the_bound(conn, caplog):
    SettingsRepository(conn).set(declared.IDLE_TIMEOUT.key, "7200")
    with caplog.at_level(logging.WARNING, logger="kiosk.domain.settings"):
        kiosk = VisitorCatalogue(conn).settings()
    assert kiosk.idle_timeout_ms == 3600 * 1000
    assert "idle_timeout_seconds=7200" in caplog.text
    staff = KioskSettingsEditing(conn).load()
    assert staff.idle_timeout_seconds == 3600


def test_staff_mode_refuses_an_idle_time_above_the_bound(conn):
    editing = KioskSettingsEditing(conn)
    form = configuration_to_form(editing.load())
    form.idle_timeout_seconds = "7200"
    result = editing.save(form)
    assert [p.field for p in result.problems] == [declared.IDLE_TIMEOUT.key]
    form.idle_timeout_seconds = "3600"
    assert editing.save(form).ok
    assert VisitorCatalogue(conn).settings().idle_timeout_ms == 3600 * 1000


@pytest.mark.parametrize("setting", NUMBERS, ids=lambda s: s.key)
def test_every_number_is_clamped_to_its_bounds_and_garbage_gives_the_default(setting):
    low, high = setting.bounds
    assert low <= setting.default <= high
    assert setting.read(str(high + 1)) == high
    assert setting.read(str(low - 1)) == low
    assert setting.read(str(low)) == low
    assert setting.read("many") == setting.default
    assert setting.read(None) == setting.default


@pytest.mark.parametrize(
    "setting", [s for s in declared.ON_SETTINGS_SCREEN if s.bounds], ids=lambda s: s.key
)
def test_the_hint_on_the_settings_screen_states_the_declared_bounds(setting):
    assert re.match(rf"{setting.bounds[0]} to {setting.bounds[1]}\b", setting.hint)
