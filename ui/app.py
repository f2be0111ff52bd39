"""Composition root of the touchscreen kiosk: the ``kiosk`` command.

Parses the command line, creates the QApplication with fonts, theme and translators, opens the
database through the core and starts the kiosk window (built by :mod:`ui.window`).
"""

from __future__ import annotations

import ui.qt_binding  # noqa: F401  (first of all: see there)

# isort: split
import argparse
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import SHIPPED_DATABASE as DEFAULT_DB
from kiosk.db.connection import DatabaseError, open_database
from kiosk.runtime import KioskPaths, StartupDatabase, open_live_database
from kiosk.visitor import VisitorCatalogue
from ui.window import DEFAULT_LANGUAGE, build_window

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QWidget

    from kiosk.stats import UsageRecorder
    from ui.first_frame import AfterFirstFrame
    from ui.lockdown import Lockdown
    from ui.watchdog import SystemdWatchdog

log = logging.getLogger("kiosk")

#: The warm-up waits until the first frame is surely painted; nobody taps that fast.
WARM_UP_DELAY_MS = 400


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Wegweiser touchscreen kiosk")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="use this database file directly (development; default: the kiosk's own copy in "
        "its data directory, created from the shipped data.db on first start)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder for the kiosk's database, backups and lock (default: platform data dir)",
    )
    parser.add_argument(
        "--windowed",
        action="store_true",
        help="run in a normal window instead of fullscreen (development)",
    )
    parser.add_argument(
        "--size",
        default=None,
        metavar="WxH",
        help="window size, e.g. 1920x1080 or 1080x1920 (portrait)",
    )
    parser.add_argument(
        "--tour",
        type=Path,
        metavar="DIR",
        help="render every screen of a typical journey to DIR/<lang>/*.png, exit",
    )
    parser.add_argument(
        "--lang",
        action="append",
        metavar="CODE",
        help="with --tour: languages to render (repeatable; default: all enabled; "
        "qps-ploc: the pseudo-locale)",
    )
    return parser


def parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise SystemExit(f"kiosk: --size must look like 1920x1080, not {text!r}") from None
    if not (320 <= width <= 8000 and 320 <= height <= 8000):
        raise SystemExit("kiosk: --size must be between 320 and 8000 pixels per side")
    return width, height


def has_display() -> bool:
    """Whether Qt can open a window here (a display server or an explicit platform)."""
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    )


def screen_dpi(screen) -> float | None:
    """Physical DPI of the kiosk screen; WEGWEISER_SCREEN_DPI overrides a wrong EDID."""
    override = os.environ.get("WEGWEISER_SCREEN_DPI")
    if override:
        try:
            return float(override)
        except ValueError:
            log.warning("WEGWEISER_SCREEN_DPI=%r is not a number; ignored", override)
    return screen.physicalDotsPerInch() if screen else None


def create_application(argv: list[str]):
    """The QApplication with bundled fonts and the kiosk style sheet."""
    from PySide6.QtWidgets import QApplication

    from ui.fonts import application_font, load_bundled_fonts
    from ui.theme import Metrics, stylesheet

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("Wegweiser")
    app.setOrganizationName("Landeshauptstadt Dresden")
    load_bundled_fonts()
    screen = app.primaryScreen()
    metrics = Metrics.for_dpi(screen_dpi(screen))
    app.setFont(application_font(metrics.body))
    app.setStyleSheet(stylesheet(metrics))
    return app, metrics


def create_read_aloud(engine: str | None = None):
    """The read-aloud of the kiosk (its engine starts later, when nobody waits), or None when
    Qt's speech module cannot load here (no libpulse0): the kiosk then has no read-aloud.

    WEGWEISER_SPEECH_ENGINE chooses the engine ("speechd", "flite"; "mock" in tests; "none":
    no read-aloud); by default the first of speechd and flite that Qt has.
    """
    engine = engine or os.environ.get("WEGWEISER_SPEECH_ENGINE") or None
    if engine == "none":
        return None
    from ui.speech import create_read_aloud as create

    return create(engine)


class _HeldRecords(logging.Handler):
    """Keeps what is logged until the log file is open."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def setup_logging(log_dir: Path | None) -> Callable[[], None]:
    """Log to stderr at once and, for a real kiosk, to rotating files in the platform's log
    folder. The file is opened by the returned function (the kiosk calls it after its first
    frame: ``logging.handlers`` alone costs ~10 ms of start-up); it writes what was logged
    before, and does nothing when called again."""
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=[logging.StreamHandler()],
        force=True,
    )
    if log_dir is None:
        return lambda: None
    held = _HeldRecords()
    root = logging.getLogger()
    root.addHandler(held)

    def open_file() -> None:
        if held not in root.handlers:
            return
        root.removeHandler(held)
        from logging.handlers import RotatingFileHandler

        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                log_dir / "kiosk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError as error:
            print(f"kiosk: cannot write logs to {log_dir}: {error}", file=sys.stderr)
            return
        handler.setFormatter(root.handlers[0].formatter)
        for record in held.records:
            handler.handle(record)
        root.addHandler(handler)

    return open_file


def _tour(args: argparse.Namespace, size: tuple[int, int] | None) -> int:
    import shutil
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    source = Path(args.db or DEFAULT_DB)
    if not source.is_file():
        print(f"kiosk: the database {source} does not exist", file=sys.stderr)
        return 1
    # The tour works on a copy: rendering must never migrate or write the shipped file.
    scratch = Path(tempfile.mkdtemp(prefix="kiosk-tour-"))
    try:
        shutil.copyfile(source, scratch / "tour.db")
        try:
            conn = open_database(scratch / "tour.db")
        except DatabaseError as error:
            print(f"kiosk: {error}", file=sys.stderr)
            return 1
        try:
            return _render_tour(args, size, VisitorCatalogue(conn))
        finally:
            conn.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _render_tour(
    args: argparse.Namespace, size: tuple[int, int] | None, data: VisitorCatalogue
) -> int:
    _, metrics = create_application(sys.argv[:1])
    from kiosk.i18n import PSEUDO_LOCALE
    from ui.tour import run_tour

    # The pseudo-locale is never offered to visitors, but the tour renders it to find clipping.
    known = {lang.code for lang in data.languages()} | {PSEUDO_LOCALE}
    languages = args.lang or [lang.code for lang in data.languages()]
    unknown = [code for code in languages if code not in known]
    if unknown:
        print(f"kiosk: language(s) not enabled: {', '.join(unknown)}", file=sys.stderr)
        return 2
    # The real speech engine where the machine has one: screenshots show read-aloud where a
    # visitor would see it.
    speech = create_read_aloud()
    if speech is not None:
        _wait_for_voices(speech)
    try:
        written = run_tour(data, metrics, args.tour, languages, size or (1920, 1080), speech=speech)
    finally:
        if speech is not None:
            speech.shutdown()
    print(f"Tour: wrote {len(written)} screenshots to {args.tour}")
    return 0


def _wait_for_voices(speech, limit_ms: int = 10_000) -> None:
    """Let the speech engine answer before the screenshots are taken (the tour may wait)."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    speech.start_engine()
    deadline = QDeadlineTimer(limit_ms)
    while not speech.is_ready and not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    if not speech.is_ready:
        log.warning("the speech engine did not answer within %d ms", limit_ms)


def _unwritable_data_dir(paths: KioskPaths, lock_error: str) -> StartupDatabase:
    """Why the lock file cannot be written, for the out-of-order screen."""
    from kiosk.runtime import CannotWriteError, Fault, folder_problem

    trouble = folder_problem(paths.data_dir) or CannotWriteError(
        Fault.READ_ONLY, f"The kiosk cannot create its lock file {paths.lock_file} ({lock_error})."
    )
    log.error("kiosk cannot start: %s", trouble)
    return StartupDatabase(None, paths.database, str(trouble), fault=trouble.fault)


def _open_startup_database(args: argparse.Namespace, paths: KioskPaths) -> StartupDatabase:
    if args.db is not None:
        try:
            return StartupDatabase(open_database(args.db), args.db)
        except DatabaseError as error:
            return StartupDatabase(None, args.db, str(error))
    return open_live_database(paths.database, paths.backups, DEFAULT_DB)


def main(
    argv: list[str] | None = None, on_ready: Callable[[RunningKiosk], None] | None = None
) -> int:
    """The ``kiosk`` command. ``on_ready`` (benchmarks) is called once the kiosk serves."""
    args = build_parser().parse_args(argv)
    size = parse_size(args.size)
    if args.tour:
        setup_logging(None)
        return _tour(args, size)
    if not has_display():
        print(
            "kiosk: no display found (DISPLAY/WAYLAND_DISPLAY unset). Start it on the kiosk "
            "screen, or try: xvfb-run -a kiosk --windowed   — or render screenshots with: "
            "kiosk --tour DIR",
            file=sys.stderr,
        )
        return 2
    paths = (
        KioskPaths.default()
        if args.data_dir is None
        else KioskPaths(args.data_dir, args.data_dir / "log")
    )
    from PySide6.QtCore import QLockFile

    with contextlib.suppress(OSError):  # a folder that cannot be made: reported below
        paths.data_dir.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(paths.lock_file))
    cannot_lock = None
    if not lock.tryLock(100):
        if lock.error() == QLockFile.LockError.LockFailedError:
            print(
                "kiosk: another kiosk is already running on this machine; not starting twice.",
                file=sys.stderr,
            )
            return 3
        # Not another kiosk: the folder is read-only or the disk is full. Exiting would make
        # systemd restart the kiosk every two seconds; the out-of-order screen stays instead.
        cannot_lock = _unwritable_data_dir(paths, lock.error().name)
    open_log_file = setup_logging(paths.log_dir)
    # Ctrl-C in a terminal ends the kiosk at once, as SIGTERM does (every write is a
    # transaction); Python would otherwise raise it inside a Qt event handler.
    signal.signal(signal.SIGINT, signal.SIG_DFL)

    def ready(running: RunningKiosk) -> None:
        open_log_file()
        if on_ready is not None:
            on_ready(running)

    try:
        return _run_kiosk(args, paths, size, ready, cannot_lock)
    finally:
        open_log_file()  # (ended before it was ready: what was logged still goes to the file)
        lock.unlock()


class RunningKiosk:
    """Everything alive while the kiosk runs (kept together so nothing is collected early).
    (A plain class: it is made before the start screen's first frame, where a dataclass costs
    about a millisecond to make.)"""

    def __init__(
        self,
        window: QWidget,
        startup: StartupDatabase,
        lockdown: Lockdown,
        watchdog: SystemdWatchdog,
        notice: QWidget | None = None,
        usage: UsageRecorder | None = None,
    ):
        self.window = window
        self.startup = startup
        self.lockdown = lockdown
        self.watchdog = watchdog
        self.notice = notice
        self.usage = usage
        self.backup: QObject | None = None
        self.after_first_frame: AfterFirstFrame | None = None
        self.outside_changes: QObject | None = None
        self.central: QObject | None = None  # content checks and statistics (managed kiosk)
        #: True once the whole window is built and the kiosk told systemd it serves visitors.
        self.ready = False
        self.closed = False

    @property
    def first_frame_at(self) -> float | None:
        """When the start screen's first frame was on screen (``time.time()``, for the
        start-up benchmark), or None: before, or never painted (a window never exposed)."""
        first = self.after_first_frame
        return first.frame_at if first is not None else None

    def close(self) -> None:
        self.closed = True
        if self.central is not None:
            self.central.shutdown()
        self.lockdown.release()
        if self.startup.usable:
            self.window.shutdown()
            self.startup.conn.close()


def start_kiosk(
    args: argparse.Namespace,
    paths: KioskPaths | None,
    size: tuple[int, int] | None,
    on_ready: Callable[[RunningKiosk], None] | None = None,
    startup: StartupDatabase | None = None,
) -> RunningKiosk:
    """Open the database (with fallback) and show the start screen; no event loop yet.

    ``startup`` is the outcome of opening the database when it is already known (the data
    folder cannot even hold the lock file: the out-of-order screen).

    Only the start screen is built before the first frame. Right after it (see
    :class:`~ui.first_frame.AfterFirstFrame`) the lockdown starts guarding keys and menus, the
    rest of the window, the nightly backup and the warm-up are set up, systemd hears READY, and
    ``on_ready`` is called.
    """
    from PySide6.QtCore import Qt

    from ui.first_frame import AfterFirstFrame
    from ui.lockdown import Lockdown
    from ui.watchdog import SystemdWatchdog

    startup = startup or _open_startup_database(args, paths)
    app, metrics = create_application(sys.argv[:1])
    watchdog = SystemdWatchdog(app)

    usage = None
    if not startup.usable:
        from kiosk.i18n import load_catalogue
        from ui.screens.fault import FaultScreen

        log.error("kiosk cannot start: %s", startup.problem)
        window = FaultScreen(
            load_catalogue(DEFAULT_LANGUAGE),
            metrics,
            startup.problem,
            str(startup.path),
            fault=startup.fault,
        )
    else:
        from kiosk.stats import UsageRecorder

        conn = startup.conn
        usage = UsageRecorder(conn)
        window = build_window(
            VisitorCatalogue(conn),
            metrics,
            staff=lambda: _staff_desk(conn),
            usage=usage,
            speech=create_read_aloud,  # made after the first frame
            defer=True,
        )
        install_fault_handler(window)
    # (keys, menus and drops are guarded from the first frame on: see _finish_start)
    lockdown = Lockdown(window, hide_cursor=_hide_cursor(startup), guard_input=False)
    if startup.usable:
        window.quit_requested.connect(lockdown.allow_quit)
        window.quit_requested.connect(app.quit)
    if args.windowed:
        window.resize(*(size or (1280, 800)))
        window.show()
    else:
        # Without a window manager (Cage, bare X) fullscreen is only a hint: take the screen.
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setGeometry(app.primaryScreen().geometry())
        window.showFullScreen()
    notice = None
    if startup.usable and startup.restored_from is not None:
        from kiosk.i18n import load_catalogue
        from ui.screens.fault import StartupNotice

        notice = StartupNotice(
            load_catalogue(DEFAULT_LANGUAGE),
            metrics,
            startup.problem,
            str(startup.restored_from),
            window,
        )
    running = RunningKiosk(window, startup, lockdown, watchdog, notice, usage=usage)
    running.after_first_frame = AfterFirstFrame(
        window, lambda: _finish_start(running, paths, on_ready)
    )
    return running


def _central_sync(startup: StartupDatabase, window) -> QObject:
    """Content checks and statistics for a kiosk enrolled with the centre (a kiosk on its own:
    its jobs find nothing configured and end at once)."""
    from ui.central_sync import CentralSync

    def printer_state() -> str:
        from kiosk.printer_status import PrinterProblem

        health = getattr(window.printer, "health", None)  # (a CUPS printer watches itself)
        seen = health.current() if health is not None else None
        if seen is not None:
            return seen.problem.value
        configured = window.data.settings().printer
        return (PrinterProblem.UNKNOWN if configured else PrinterProblem.NO_PRINTER).value

    return CentralSync(startup.path, window, printer_state)


def _finish_start(
    running: RunningKiosk,
    paths: KioskPaths | None,
    on_ready: Callable[[RunningKiosk], None] | None,
) -> None:
    """The part of the start that waits for the first frame."""
    if running.closed:
        return
    running.lockdown.guard_input()
    startup = running.startup
    if startup.usable:
        from PySide6.QtCore import QTimer

        window = running.window
        window.complete()
        if running.usage is not None:
            running.usage.fold_old_hours()
        from ui.maintenance import NightlyBackup, OutsideChanges

        running.outside_changes = OutsideChanges(startup.conn, window)
        if paths is not None:  # (a kiosk started without its folders, as by tests: none)
            running.central = _central_sync(startup, window)
        if paths is not None:
            from kiosk.db.repository import SettingsRepository
            from kiosk.domain.settings import BACKUP_HOUR, BACKUP_KEEP_DAYS

            stored = SettingsRepository(startup.conn)
            running.backup = NightlyBackup(
                startup.conn,
                paths.backups,
                hour=BACKUP_HOUR.read(stored.get(BACKUP_HOUR.key)),
                keep=BACKUP_KEEP_DAYS.read(stored.get(BACKUP_KEEP_DAYS.key)),
                parent=window,
            )
        # Then load what the first visitor's questions need (the offers, holidays, phone
        # numbers …), unless the kiosk has ended meanwhile (its database is closed then).
        data = window.data

        def warm_up() -> None:
            if not running.closed:
                load_before_first_tap(data)

        QTimer.singleShot(WARM_UP_DELAY_MS, window, warm_up)
    running.watchdog.ready("serving visitors" if startup.usable else "database unusable")
    running.ready = True
    if on_ready is not None:
        on_ready(running)


def _run_kiosk(
    args: argparse.Namespace,
    paths: KioskPaths,
    size: tuple[int, int] | None,
    on_ready: Callable[[RunningKiosk], None] | None = None,
    startup: StartupDatabase | None = None,
) -> int:
    from PySide6.QtWidgets import QApplication

    running = start_kiosk(args, paths, size, on_ready, startup)
    try:
        return QApplication.instance().exec()
    finally:
        running.close()


def _staff_desk(conn):
    """The staff use cases, imported and built only when staff first open the PIN pad."""
    from kiosk.admin.desk import StaffDesk

    return StaffDesk(conn)


def load_before_first_tap(data: VisitorCatalogue | None = None):
    """Work that can wait until the first frame is on screen, done before the first tap:
    holidays and phone numbers here, the offers' QR codes in a worker thread (returned)."""
    import datetime as dt

    from kiosk.domain.hours import load_holidays

    started = dt.datetime.now()
    load_holidays(started.date())
    import phonenumbers  # noqa: F401  (contact cards on the detail screen)

    if data is not None:
        from ui.widgets.qr_view import encode_in_background

        return encode_in_background(data.offers())
    return None


def _hide_cursor(startup: StartupDatabase) -> bool:
    if not startup.usable:
        return False
    from kiosk.db.repository import SettingsRepository
    from kiosk.domain.settings import HIDE_CURSOR

    return HIDE_CURSOR.read(SettingsRepository(startup.conn).get(HIDE_CURSOR.key)) == "1"


def install_fault_handler(window) -> None:
    """Log any exception raised in a Qt slot and return the visitor to the start screen."""

    def handle(exc_type, exc, tb) -> None:
        log.error("unexpected error; returning to the start screen", exc_info=(exc_type, exc, tb))
        try:
            window.reset()
        except Exception:  # the reset itself failed: nothing more to do than log
            log.exception("reset after an error failed")

    sys.excepthook = handle


if __name__ == "__main__":
    sys.exit(main())
