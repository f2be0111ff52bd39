"""The desk editor of the central office, driven like a person with keyboard and mouse.

The central database is a copy of the shipped data.db with a TUF repository made by the
publishing API (release 1 already published). An offer is edited through the staff screens,
Publish shows the kiosks' diff, Cancel publishes nothing, Sign and publish publishes release 2,
and a kiosk follows it over a loopback web server. A broken or missing key gives a clear error
and leaves the repository as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit, QWidget

from kiosk import SHIPPED_DATABASE
from kiosk.content import publishing
from kiosk.content.follow import APPLIED, follow_once
from kiosk.content.store import set_managed
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from tests.content_server import StaticServer
from tests.ui.test_staff_mode import Staff
from ui.editor import KEYS_KEY, REPO_KEY, DeskEditorWindow, open_central
from ui.localizer import Localizer

OFFER = "msa-caritas-prohlis"
_LEFT = Qt.MouseButton.LeftButton
NEW_PHONE = "+49 351 25935000"


def _now() -> datetime:
    return datetime.now(UTC)  # TUF checks expiry against the real clock


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256: the repository as the web server serves it."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Desk(Staff):
    """An office worker at the desk editor (no corner, no PIN)."""

    def staff_screen(self) -> str:
        return self.window.area.current_screen()

    def edit_phone(self, offer_id: str, phone: str) -> None:
        self.tap("staff_open_offers")
        self.on_staff("staff_offers")
        self.tap(f"staff_offer_{offer_id}")
        self.on_staff("staff_editor")
        self.type_into("editor_phone", phone)
        self.tap("editor_save")
        self.on_staff("staff_offers")


@pytest.fixture
def central(tmp_path):
    db_path = tmp_path / "central.db"
    shutil.copyfile(SHIPPED_DATABASE, db_path)
    conn = open_database(db_path)
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    publishing.init_keys(repo, keys, now=_now())
    prepared = publishing.prepare_release(conn, repo, now=_now())
    publishing.publish(repo, keys, prepared.data, version=prepared.version, now=_now())
    yield conn, db_path, repo, keys
    conn.close()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "desk-editor.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def desk(qtbot, kiosk_app, central, settings):
    conn, db_path, _repo, _keys = central
    _, metrics = kiosk_app
    localizer = Localizer("de")
    localizer.set_language("de")
    window = DeskEditorWindow(conn, db_path, localizer, metrics, settings)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    yield Desk(qtbot, window)
    window.close()


def _preview(qtbot, desk: Desk, repo: Path, keys: Path):
    dialog = desk.window.open_publish()
    qtbot.waitExposed(dialog)
    dialog.repo.setText(str(repo))
    dialog.keys.setText(str(keys))
    with qtbot.waitSignal(dialog.state_changed, timeout=20_000, check_params_cb=_settled):
        qtbot.mouseClick(dialog.preview, _LEFT)
    return dialog


def _settled(state: str) -> bool:
    return state in ("ready", "failed", "published")


def _publish(qtbot, dialog) -> str:
    assert dialog.confirm.isEnabled()
    with qtbot.waitSignal(dialog.state_changed, timeout=20_000, check_params_cb=_settled):
        qtbot.mouseClick(dialog.confirm, _LEFT)
    return dialog.state


# -- the window ----------------------------------------------------------------------------
def test_the_desk_opens_on_the_staff_menu_without_pin_or_way_out(desk):
    window = desk.window
    assert desk.staff_screen() == "staff_home"
    assert not window.isFullScreen()
    assert window.findChild(QWidget, "pin_pad") is None
    for name in ("staff_open_leave", "staff_open_quit", "content_status"):
        assert window.findChild(QWidget, name) is None, name
    assert not desk.find("staff_leave").isVisible()
    # German by default
    assert desk.find("staff_open_audit").accessibleName().startswith("Änderungsprotokoll")


def test_every_control_of_the_desk_and_of_publish_has_a_name(desk, qtbot, central):
    _conn, _db, repo, keys = central
    desk.tap("staff_open_offers")
    desk.on_staff("staff_offers")
    dialog = _preview(qtbot, desk, repo, keys)
    for root in (desk.window, dialog):
        for widget in root.findChildren(QWidget):
            if isinstance(widget, QAbstractButton | QLineEdit | QPlainTextEdit):
                if not widget.isVisible():
                    continue
                assert widget.objectName(), widget
                assert widget.accessibleName(), widget.objectName()
    dialog.reject()


# -- publishing ----------------------------------------------------------------------------
def test_an_edit_is_shown_as_the_kiosks_diff_and_cancel_publishes_nothing(desk, qtbot, central):
    _conn, _db, repo, keys = central
    desk.edit_phone(OFFER, NEW_PHONE)
    before = _tree(repo)
    dialog = _preview(qtbot, desk, repo, keys)
    assert dialog.state == "ready", dialog.error.text()
    shown = dialog.diff.toPlainText()
    assert OFFER in shown and "phone" in shown
    assert "auslaenderrat-johannstadt" not in shown  # only what changed
    assert dialog.confirm.isEnabled()
    qtbot.mouseClick(dialog.close_button, _LEFT)
    assert not dialog.isVisible()
    assert _tree(repo) == before
    assert publishing.repository_status(repo).release_version == 1


def test_confirming_publishes_and_a_kiosk_follows_it(desk, qtbot, central, settings, tmp_path):
    _conn, _db, repo, keys = central
    desk.edit_phone(OFFER, NEW_PHONE)
    dialog = _preview(qtbot, desk, repo, keys)
    assert _publish(qtbot, dialog) == "published", dialog.error.text()
    assert "2" in dialog.status.text()
    assert not dialog.confirm.isEnabled()  # one release per confirmation
    assert publishing.repository_status(repo).release_version == 2
    assert settings.value(REPO_KEY) == str(repo)
    assert settings.value(KEYS_KEY) == str(keys)
    dialog.accept()

    # a kiosk, enrolled with the repository's root.json, follows it over HTTP
    kiosk_db = tmp_path / "kiosk.db"
    shutil.copyfile(SHIPPED_DATABASE, kiosk_db)
    kiosk = open_database(kiosk_db)
    try:
        assert OfferRepository(kiosk).get(OFFER).contact.phone != NEW_PHONE
        with StaticServer(repo) as server:
            result = follow_once(
                kiosk,
                server.url,
                repo / "metadata" / "1.root.json",
                tmp_path / "follower",
                now=_now(),
                timeout_s=5,
            )
        assert result.status == APPLIED, result.reason
        assert result.version == 2
        assert OfferRepository(kiosk).get(OFFER).contact.phone == NEW_PHONE
    finally:
        kiosk.close()

    # the next Publish starts from the remembered folders and finds nothing new
    again = desk.window.open_publish()
    assert again.repo.text() == str(repo) and again.keys.text() == str(keys)
    with qtbot.waitSignal(again.state_changed, timeout=20_000, check_params_cb=_settled):
        qtbot.mouseClick(again.preview, _LEFT)
    assert again.state == "ready"
    assert not again.confirm.isEnabled(), "an unchanged release is not published again"
    again.reject()


def test_a_broken_key_file_is_a_clear_error_and_changes_nothing(desk, qtbot, central, tmp_path):
    _conn, _db, repo, keys = central
    broken = tmp_path / "broken-keys"
    shutil.copytree(keys, broken)
    os.chmod(broken, 0o700)
    (broken / "targets.key").write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot a key\n")
    os.chmod(broken / "targets.key", 0o600)
    desk.edit_phone(OFFER, NEW_PHONE)
    before = _tree(repo)
    dialog = _preview(qtbot, desk, repo, broken)
    assert _publish(qtbot, dialog) == "failed"
    assert dialog.error.isVisible()
    assert "targets.key" in dialog.error.text()
    assert "not a private key" in dialog.error.text()
    assert "BEGIN" not in dialog.error.text()
    assert _tree(repo) == before
    assert dialog.confirm.isEnabled(), "with the right folder it can be tried again"
    dialog.keys.setText(str(keys))
    assert _publish(qtbot, dialog) == "published", dialog.error.text()
    assert publishing.repository_status(repo).release_version == 2


def test_a_key_folder_without_the_online_keys_publishes_nothing(desk, qtbot, central, tmp_path):
    _conn, _db, repo, _keys = central
    empty = tmp_path / "empty-keys"
    empty.mkdir(mode=0o700)
    desk.edit_phone(OFFER, NEW_PHONE)
    before = _tree(repo)
    dialog = _preview(qtbot, desk, repo, empty)
    assert _publish(qtbot, dialog) == "failed"
    assert "targets" in dialog.error.text()
    assert _tree(repo) == before, "no release file without metadata naming it"


def test_a_folder_that_is_no_repository_is_refused_before_anything(desk, qtbot, central, tmp_path):
    _conn, _db, _repo, keys = central
    dialog = _preview(qtbot, desk, tmp_path, keys)
    assert dialog.state == "failed"
    assert "1.root.json" in dialog.error.text()
    assert not dialog.confirm.isEnabled()
    assert not (tmp_path / "metadata").exists()


def test_a_kiosks_own_database_is_not_opened_at_the_desk(tmp_path):
    db_path = tmp_path / "kiosk.db"
    shutil.copyfile(SHIPPED_DATABASE, db_path)
    conn = open_database(db_path)
    set_managed(conn, "https://inhalte.example.org/wegweiser")
    conn.close()
    with pytest.raises(ValueError, match="follows a content server"):
        open_central(db_path)
