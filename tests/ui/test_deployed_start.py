"""The real ``kiosk`` command started as the kiosk's own unprivileged user: from a root-owned
install, and with a data folder it cannot write or a full disk (out-of-order screen, no exit
that would make systemd restart it in a loop)."""

from __future__ import annotations

import os

import pytest

from kiosk import SHIPPED_DATABASE
from kiosk.runtime import Fault
from tests.unit.deployed import (
    fill_disk,
    give_to_user,
    reachable_scratch,
    root_owned_install,
    run_as_user,
    small_disk,
)

KIOSK = """
import json, sys
from pathlib import Path
import ui.app
from PySide6.QtWidgets import QApplication
ui.app.DEFAULT_DB = Path({shipped!r})  # the install's data.db, as in /opt/wegweiser
seen = {{}}

def ready(running):
    window = running.window
    seen.update(screen=window.objectName(), visible=window.isVisible(),
                fault=running.startup.fault, problem=running.startup.problem,
                details=getattr(getattr(window, "details", None), "text", lambda: "")())
    if running.startup.usable:
        seen["current"] = window.current_screen()
    running.lockdown.allow_quit()
    QApplication.instance().quit()

code = ui.app.main(["--data-dir", {data!r}, "--windowed", "--size", "800x600"], on_ready=ready)
print(json.dumps({{"code": code, **seen}}))
"""


@pytest.fixture
def base():
    with reachable_scratch() as folder:
        yield folder


@pytest.fixture
def install(base):
    return root_owned_install(base / "opt" / "wegweiser", SHIPPED_DATABASE)


def run_kiosk(base, data, shipped):
    return run_as_user(KIOSK.format(shipped=str(shipped), data=str(data)), base / "home")


def test_first_start_as_the_kiosk_user_from_a_root_owned_install(base, install):
    data = base / "home" / "data"
    before = install.read_bytes()
    outcome = run_kiosk(base, data, install)
    assert outcome["code"] == 0, outcome
    assert outcome["current"] == "attract", outcome
    assert (data / "kiosk.db").is_file()
    assert install.read_bytes() == before
    assert sorted(p.name for p in install.parent.iterdir()) == ["data.db"]


def test_a_read_only_data_folder_shows_out_of_order_and_stays_up(base, install):
    data = base / "home" / "data"
    assert run_kiosk(base, data, install)["code"] == 0  # a first start
    os.chmod(data, 0o555)
    try:
        outcome = run_kiosk(base, data, install)
    finally:
        os.chmod(data, 0o755)
    assert outcome["code"] == 0, "no exit 3: the fault screen stayed up until it was closed"
    assert "already running" not in outcome["stderr"]
    assert outcome["screen"] == "fault_screen" and outcome["visible"], outcome
    assert outcome["fault"] == Fault.READ_ONLY
    assert "read-only" in outcome["problem"] and str(data) in outcome["problem"]
    assert outcome["problem"] in outcome["details"]


def test_a_full_disk_shows_out_of_order_and_stays_up(base, install):
    with small_disk(base / "home" / "disk") as disk:
        data = disk / "data"
        data.mkdir()
        give_to_user(data)
        fill_disk(disk, leave=0)
        outcome = run_kiosk(base, data, install)
    assert outcome["code"] == 0, outcome
    assert "already running" not in outcome["stderr"]
    assert outcome["screen"] == "fault_screen" and outcome["visible"], outcome
    assert outcome["fault"] == Fault.DISK_FULL
    assert "full" in outcome["problem"] and str(data) in outcome["problem"]
    assert outcome["problem"] in outcome["details"]
