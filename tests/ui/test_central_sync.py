"""The kiosk's background ties to the centre (ui.central_sync), on loopback servers.

A central office publishes a release into a TUF repository served by Python's http.server; a
kiosk window on its own database file follows it through :class:`CentralSync`, whose jobs run
in worker threads. A release is applied only while nobody is at the kiosk; the statistics go
to a loopback WebDAV-like inbox; a server that never answers leaves the screen turning.
"""

from __future__ import annotations

import gc
import shutil
import socket
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from kiosk import SHIPPED_DATABASE
from kiosk.content import publishing
from kiosk.content.follow import enrol_kiosk
from kiosk.content.store import current_release
from kiosk.db.connection import open_database
from kiosk.fleet.central import enrol as enrol_at_centre
from kiosk.fleet.upload import FleetConfig, configure
from kiosk.stats import UsageRecorder
from kiosk.visitor import VisitorCatalogue
from tests.content_server import StaticServer
from tests.fleet_server import InboxServer
from tests.ui.conftest import Visitor
from ui import worker_threads
from ui.central_sync import CentralSync, follower_dir
from ui.maintenance import OutsideChanges

EDITED_OFFER = "auslaenderrat-johannstadt"
WAIT_MS = 30_000  # a job's own timeouts end it long before


def _now() -> datetime:
    return datetime.now(UTC)  # the TUF client checks expiry against the real clock


@pytest.fixture
def office(tmp_path):
    """The central database and its content repository (release 1 published)."""
    db = tmp_path / "central" / "central.db"
    db.parent.mkdir()
    shutil.copyfile(SHIPPED_DATABASE, db)
    conn = open_database(db)
    repo, keys = tmp_path / "central" / "repo", tmp_path / "central" / "keys"
    publishing.init_keys(repo, keys, now=_now())

    def publish() -> None:
        prepared = publishing.prepare_release(conn, repo, now=_now())
        publishing.publish(repo, keys, prepared.data, version=prepared.version, now=_now())

    publish()
    with StaticServer(repo) as server:
        yield conn, publish, server, repo / "metadata" / "1.root.json"
    conn.close()


@pytest.fixture
def kiosk_db(tmp_path):
    path = tmp_path / "kiosk" / "kiosk.db"
    path.parent.mkdir()
    shutil.copyfile(SHIPPED_DATABASE, path)
    conn = open_database(path)
    yield path, conn
    conn.close()


def _sync(path: Path, window) -> CentralSync:
    # (the first jobs are started by the tests themselves)
    return CentralSync(path, window, lambda: "none", first_s=3600)


def _enrol(conn, url: str, root: Path, path: Path) -> None:
    enrol_kiosk(conn, url, root.read_bytes(), follower_dir(path), now=_now())


def test_a_kiosk_nobody_uses_applies_a_new_release_and_shows_it(
    qtbot, make_window, office, kiosk_db
):
    central, publish, server, root = office
    path, conn = kiosk_db
    _enrol(conn, server.url, root, path)
    window = make_window(data=VisitorCatalogue(conn))
    watcher = OutsideChanges(conn, window, interval_ms=20)
    sync = _sync(path, window)
    with qtbot.waitSignal(sync.content_checked, timeout=WAIT_MS) as done:
        sync.check_content()
    assert done.args[0] == "applied", done.args
    first = current_release(conn)
    assert first is not None

    central.execute("UPDATE offer SET active = 0 WHERE id = ?", (EDITED_OFFER,))
    publish()
    assert window.data.offer(EDITED_OFFER) is not None
    with qtbot.waitSignal(sync.content_checked, timeout=WAIT_MS) as done:
        sync.check_content()
    assert done.args[0] == "applied", done.args
    assert current_release(conn).version > first.version
    # The start screen shows: the visitor screens are read again by themselves.
    qtbot.waitUntil(lambda: window.data.offer(EDITED_OFFER) is None, timeout=5000)
    assert not watcher.pending


def test_a_release_found_during_a_visit_waits_for_the_start_screen(
    qtbot, make_window, office, kiosk_db
):
    _central, _publish, server, root = office
    path, conn = kiosk_db
    _enrol(conn, server.url, root, path)
    window = make_window(data=VisitorCatalogue(conn))
    sync = _sync(path, window)
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    with qtbot.waitSignal(sync.content_checked, timeout=WAIT_MS) as done:
        sync.check_content()
    assert done.args[0] == "available", done.args
    assert current_release(conn) is None, "nothing applied under the visitor's finger"
    assert window.current_screen() == "results"

    with qtbot.waitSignal(sync.content_checked, timeout=WAIT_MS) as done:
        visitor.tap("nav_home")  # the visitor leaves: the start screen
    assert done.args[0] == "applied", done.args
    assert current_release(conn) is not None


def test_a_kiosk_that_is_not_enrolled_asks_nobody(qtbot, make_window, kiosk_db):
    path, conn = kiosk_db
    window = make_window(data=VisitorCatalogue(conn))
    sync = _sync(path, window)
    checked = []
    sync.content_checked.connect(lambda *args: checked.append(args))
    sync.check_content()
    qtbot.waitUntil(lambda: not sync.busy(), timeout=WAIT_MS)
    assert checked == [] and current_release(conn) is None


def test_statistics_and_the_heartbeat_reach_the_centre(qtbot, make_window, office, kiosk_db):
    central, _publish, _server, _root = office
    path, conn = kiosk_db
    inbox, htpasswd = path.parent / "inbox", path.parent / "fleet.htpasswd"
    inbox.mkdir()
    secret = enrol_at_centre(htpasswd, "buergerbuero-test-1", "Bürgerbüro", central_conn=central)
    credential = path.parent / "fleet.credential"
    credential.write_text(secret + "\n", "ascii")
    credential.chmod(0o600)
    server = InboxServer(inbox, htpasswd).start()
    try:
        configure(conn, FleetConfig("buergerbuero-test-1", server.url, credential))
        window = make_window(data=VisitorCatalogue(conn), usage=UsageRecorder(conn))
        Visitor(qtbot, window).results_for("ar", "27-plus")  # something to count
        window.reset()
        sync = _sync(path, window)
        with qtbot.waitSignal(sync.fleet_sent, timeout=WAIT_MS) as done:
            sync.send_statistics()
        assert done.args == [True, ""]
        kiosk_folder = inbox / "buergerbuero-test-1"
        assert (kiosk_folder / "heartbeat.json").is_file()
        assert list((kiosk_folder / "stats").glob("*.json")), "today's counts were sent"
    finally:
        server.stop()


def test_a_server_that_never_answers_leaves_the_screen_turning(
    qtbot, make_window, office, kiosk_db
):
    _central, _publish, _server, root = office
    path, conn = kiosk_db
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # connections are taken, never answered
    try:
        _enrol(conn, f"http://127.0.0.1:{silent.getsockname()[1]}", root, path)
        window = make_window(data=VisitorCatalogue(conn))
        sync = _sync(path, window)
        sync.check_content()
        assert sync.busy()
        turned = QTimer(window)
        turned.setSingleShot(True)
        with qtbot.waitSignal(turned.timeout, timeout=2000):
            turned.start(50)  # the event loop runs while the check waits on the network
        assert sync.busy()
        Visitor(qtbot, window).results_for("de", "27-plus")  # and the kiosk serves visitors
        sync.check_content()  # due again while the first still waits: not doubled
        assert sync.busy()
        sync.shutdown()
        # The stopped check's end is still heard: Python's collector, off while a worker
        # runs, comes on again (it stayed off for the rest of the process).
        qtbot.waitUntil(lambda: worker_threads._running == 0, timeout=10_000)
        assert gc.isenabled()
    finally:
        silent.close()
