"""Running unattended: lockdown, recovery from errors, start-up faults, one instance, watchdog."""

from __future__ import annotations

import shutil
import socket
import sys

import pytest
from PySide6.QtCore import QEvent, QLockFile, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import Visitor
from ui.app import build_parser, install_fault_handler, main, start_kiosk
from ui.input_hub import InputHub
from ui.lockdown import Lockdown


@pytest.fixture
def restore_excepthook():
    saved = sys.excepthook
    yield
    sys.excepthook = saved


def test_visitor_cannot_close_the_window_or_open_menus(window, qtbot):
    lockdown = Lockdown(window)
    hub = InputHub.of()  # (the application's one event filter, which asks the lockdown)
    try:
        window.close()
        assert window.isVisible(), "close request ignored"
        menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
        assert hub.eventFilter(window, menu)
        alt_f4 = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
        assert hub.eventFilter(window, alt_f4)
        ctrl_q = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        assert hub.eventFilter(window, ctrl_q)
        escape = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
        assert hub.eventFilter(window, escape)
        tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
        assert not hub.eventFilter(window, tab), "keyboard navigation stays possible"
        lockdown.allow_quit()
        window.close()
        assert not window.isVisible()
    finally:
        lockdown.release()


def test_an_error_in_the_ui_returns_to_the_start_screen(window, qtbot, restore_excepthook):
    visitor = Visitor(qtbot, window)
    visitor.results_for("ar", "27-plus")
    install_fault_handler(window)
    try:
        raise RuntimeError("simulated bug in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: window.current_screen() == "attract", timeout=2000)
    assert window.session.language is None


def _args(*extra: str):
    return build_parser().parse_args(["--windowed", *extra])


def test_corrupt_database_shows_a_staff_facing_screen(tmp_path, qtbot, qapp):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database" * 200)
    running = start_kiosk(_args("--db", str(broken)), None, (800, 600))
    try:
        assert running.window.objectName() == "fault_screen"
        assert running.window.isVisible()
        assert str(broken) in running.window.details.text()
    finally:
        running.close()
        running.window.close()


def test_damaged_live_database_falls_back_to_a_backup_and_says_so(tmp_path, qtbot, seed_db):
    data_dir = tmp_path / "kiosk"
    (data_dir / "backups").mkdir(parents=True)
    shutil.copyfile(seed_db, data_dir / "backups" / "nightly.db")
    (data_dir / "kiosk.db").write_bytes(b"\0garbage" * 300)
    from kiosk.runtime import KioskPaths

    running = start_kiosk(_args(), KioskPaths(data_dir, data_dir / "log"), (1280, 800))
    try:
        assert running.window.current_screen() == "attract"
        assert running.notice is not None and running.notice.isVisible()
        assert "nightly.db" in running.notice.message.text()
        qtbot.mouseClick(running.notice.ok, Qt.MouseButton.LeftButton)
        assert not running.notice.isVisible()
    finally:
        running.lockdown.allow_quit()
        running.close()
        running.window.close()


def test_second_instance_exits_at_once(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    tmp_path.mkdir(exist_ok=True)
    holder = QLockFile(str(tmp_path / "kiosk.lock"))
    assert holder.tryLock(100)
    try:
        assert main(["--data-dir", str(tmp_path), "--windowed"]) == 3
        assert "already running" in capsys.readouterr().err
    finally:
        holder.unlock()


def test_watchdog_beats_on_the_systemd_socket(tmp_path, qtbot, monkeypatch):
    from ui.watchdog import SystemdWatchdog

    address = str(tmp_path / "notify.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(address)
    server.setblocking(False)
    monkeypatch.setenv("NOTIFY_SOCKET", address)
    monkeypatch.setenv("WATCHDOG_USEC", "1000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    received: list[str] = []

    def poll() -> bool:
        try:
            received.append(server.recv(256).decode())
        except BlockingIOError:
            pass
        return "WATCHDOG=1" in received

    watchdog = SystemdWatchdog(QApplication.instance())
    try:
        watchdog.ready("test")
        qtbot.waitUntil(poll, timeout=3000)
        assert received[0].startswith("READY=1")
    finally:
        watchdog.deleteLater()
        server.close()


def test_nightly_backup_runs_from_the_event_loop(conn, tmp_path, qtbot):
    import datetime as dt

    from ui.maintenance import NightlyBackup

    night = dt.datetime(2026, 11, 26, 2, 30)
    job = NightlyBackup(conn, tmp_path / "b", clock=lambda: night, interval_ms=20)
    try:
        qtbot.waitUntil(lambda: (tmp_path / "b" / "kiosk-2026-11-26.db").exists(), timeout=2000)
        assert job.run_if_due() is None, "only once a day"
    finally:
        job.deleteLater()


def test_failing_backup_is_logged_not_raised(conn, tmp_path, caplog):
    import datetime as dt

    from ui.maintenance import NightlyBackup

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backup folder should be")
    job = NightlyBackup(conn, blocker, clock=lambda: dt.datetime(2026, 11, 26, 3))
    try:
        assert job.run_if_due() is None
        assert "nightly backup failed" in caplog.text
    finally:
        job.deleteLater()


def test_the_start_screen_comes_first_and_the_rest_right_after(tmp_path, qtbot, seed_db):
    """Only the start screen is built before the first frame; the other screens, the nightly
    backup and READY follow once it is painted, and a tap works at any moment."""
    from kiosk.runtime import KioskPaths

    data_dir = tmp_path / "kiosk"
    readied = []
    running = start_kiosk(
        _args("--db", str(seed_db)),
        KioskPaths(data_dir, data_dir / "log"),
        (1280, 800),
        on_ready=readied.append,
    )
    window = running.window
    try:
        assert set(window.screens) == {"attract"}
        assert not running.ready and running.backup is None
        qtbot.waitUntil(lambda: running.ready, timeout=5000)
        assert readied == [running]
        assert set(window.screens) == {"attract", "language", "age", "need", "results", "detail"}
        assert running.backup is not None
        qtbot.mouseClick(window.attract.start_button, Qt.MouseButton.LeftButton)
        assert window.current_screen() == "language"
    finally:
        running.lockdown.allow_quit()
        running.close()
        running.window.close()


def test_the_kiosk_refuses_to_close_at_once_and_guards_keys_from_its_first_frame(
    tmp_path, qtbot, seed_db
):
    """Closing is refused from the start; the keys and menus are guarded once the start screen
    is painted (the application-wide filter is not asked during the first frame's events)."""
    from kiosk.runtime import KioskPaths

    data_dir = tmp_path / "kiosk"
    running = start_kiosk(
        _args("--db", str(seed_db)), KioskPaths(data_dir, data_dir / "log"), (1280, 800)
    )
    window = running.window
    alt_f4 = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    try:
        assert not running.ready
        window.close()
        assert window.isVisible(), "a close request before the first frame is ignored too"
        assert not InputHub.of().eventFilter(window, alt_f4), "not asked before the first frame"
        qtbot.waitUntil(lambda: running.ready, timeout=5000)
        assert InputHub.of().eventFilter(window, alt_f4), "Alt+F4 swallowed from then on"
        menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
        assert InputHub.of().eventFilter(window, menu)
        window.close()
        assert window.isVisible()
    finally:
        running.lockdown.allow_quit()
        running.close()
        running.window.close()
    assert not window.isVisible(), "staff may still quit"


def test_a_kiosk_that_ends_before_its_warm_up_leaves_its_database_alone(
    tmp_path, qtbot, seed_db, caplog, restore_excepthook
):
    """The offers are read after the first frame (the warm-up, WARM_UP_DELAY_MS later): a kiosk
    ended before that must not read them from its closed database (the kiosk's fault handler
    would log the error and reset the screen)."""
    from kiosk.runtime import KioskPaths
    from ui.app import WARM_UP_DELAY_MS

    data_dir = tmp_path / "kiosk"
    running = start_kiosk(
        _args("--db", str(seed_db)), KioskPaths(data_dir, data_dir / "log"), (1280, 800)
    )
    qtbot.waitUntil(lambda: running.ready, timeout=5000)
    running.lockdown.allow_quit()
    running.close()
    qtbot.wait(WARM_UP_DELAY_MS + 300)
    running.window.close()
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text


def test_a_tap_before_the_rest_is_built_builds_it_first(make_window, qtbot):
    window = make_window(None, (1280, 800), complete=False)
    assert window.current_screen() == "attract" and "language" not in window.screens
    qtbot.mouseClick(window.attract.start_button, Qt.MouseButton.LeftButton)
    assert window.current_screen() == "language"
    assert window.nav.isVisible()


def test_the_log_file_opens_after_the_first_frame_and_keeps_what_came_before(tmp_path):
    import logging

    from ui.app import setup_logging

    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        open_file = setup_logging(tmp_path / "log")
        logging.getLogger("kiosk").warning("before the first frame")
        assert not (tmp_path / "log" / "kiosk.log").exists()
        open_file()
        logging.getLogger("kiosk").warning("after it")
        open_file()  # a second call changes nothing
        for handler in root.handlers:
            handler.flush()
        lines = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8").splitlines()
        assert [line.split(": ", 1)[1] for line in lines] == ["before the first frame", "after it"]
        assert "WARNING kiosk" in lines[0]
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
            handler.close()
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_first_frame_is_the_whole_start_screen(make_window, size):
    """Built in two steps or at once, the start screen looks the same to the pixel, and it
    never makes the window larger than the screen."""

    def picture(defer: bool, complete: bool):
        window = make_window(None, size, defer=defer, complete=complete)
        if complete:
            QApplication.processEvents()
        assert (window.width(), window.height()) == size
        image = window.grab().toImage()
        window.close()
        return image

    first = picture(defer=True, complete=False)
    assert first == picture(defer=True, complete=True)
    assert first == picture(defer=False, complete=False)


def test_what_kiosk_admin_changes_shows_at_the_next_start_screen(make_window, conn, seed_db, qtbot):
    import sqlite3

    from ui.maintenance import OutsideChanges

    window = make_window()
    watch = OutsideChanges(conn, window, interval_ms=20)
    visitor = Visitor(qtbot, window)
    shown = visitor.results_for("de", "27-plus")
    gone = shown[0]
    other = sqlite3.connect(seed_db)  # as kiosk-admin would, from another process
    with other:
        other.execute("UPDATE offer SET active = 0 WHERE id = ?", (gone,))
    other.close()
    qtbot.waitUntil(lambda: watch.pending, timeout=3000)
    # Not under the visitor's finger: the list stays as it is until they are done.
    assert gone in [card.offer_id for card in window.results.cards]
    visitor.tap("nav_home")
    visitor.on("attract")
    assert not watch.pending
    assert gone not in visitor.results_for("de", "27-plus")


def test_the_rest_of_the_start_waits_for_a_paint_or_its_fallback(qtbot):
    """AfterFirstFrame goes on after the window's first paint (and says so), or after its
    fallback time for a window that is never painted (which then counts as no frame)."""
    from PySide6.QtWidgets import QWidget

    from ui.first_frame import AfterFirstFrame

    shown, hidden = QWidget(), QWidget()
    calls = []
    painted = AfterFirstFrame(shown, lambda: calls.append("shown"), fallback_ms=5000)
    never = AfterFirstFrame(hidden, lambda: calls.append("hidden"), fallback_ms=200)
    shown.resize(200, 100)
    shown.show()
    qtbot.waitUntil(lambda: "shown" in calls, timeout=3000)
    assert painted.painted
    qtbot.waitUntil(lambda: "hidden" in calls, timeout=3000)
    assert not never.painted, "the fallback ran it: no frame to report"
    assert calls.count("shown") == 1 and calls.count("hidden") == 1
    shown.close()
