"""Composition root of the touchscreen kiosk: the ``kiosk`` command.

Parses the command line, creates the QApplication with fonts, theme and translators, opens the
database through the core and wires the navigator. Nothing else creates long-lived objects.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from kiosk.db.connection import DatabaseError, open_database
from kiosk.db.seeding import DEFAULT_DB
from kiosk.visitor import VisitorCatalogue

log = logging.getLogger("kiosk")

DEFAULT_LANGUAGE = "de"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Wegweiser touchscreen kiosk")
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_DB, help="database file (default: the shipped data.db)"
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
        help="with --tour: languages to render (repeatable; default: all enabled)",
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
    metrics = Metrics.for_dpi(screen.physicalDotsPerInch() if screen else None)
    app.setFont(application_font(metrics.body))
    app.setStyleSheet(stylesheet(metrics))
    return app, metrics


def build_window(data: VisitorCatalogue, metrics, clock=None, settings=None):
    """The navigator with its localizer, ready to show."""
    import datetime as dt

    from ui.localizer import Localizer
    from ui.navigator import Navigator

    localizer = Localizer(DEFAULT_LANGUAGE)
    localizer.set_language(DEFAULT_LANGUAGE)
    window = Navigator(
        data, localizer, metrics, settings or data.settings(), clock or dt.datetime.now
    )
    window.setWindowTitle("Wegweiser")
    return window


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    size = parse_size(args.size)
    if args.tour:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        print(
            "kiosk: no display found (DISPLAY/WAYLAND_DISPLAY unset). Start it on the kiosk "
            "screen, or try: xvfb-run -a kiosk --windowed   — or render screenshots with: "
            "kiosk --tour DIR",
            file=sys.stderr,
        )
        return 2
    try:
        conn = open_database(args.db)
    except DatabaseError as error:
        print(f"kiosk: {error}", file=sys.stderr)
        return 1
    data = VisitorCatalogue(conn)
    app, metrics = create_application(sys.argv[:1])
    if args.tour:
        from ui.tour import run_tour

        languages = args.lang or [lang.code for lang in data.languages()]
        known = {lang.code for lang in data.languages()}
        unknown = [code for code in languages if code not in known]
        if unknown:
            print(f"kiosk: language(s) not enabled: {', '.join(unknown)}", file=sys.stderr)
            return 2
        written = run_tour(data, metrics, args.tour, languages, size or (1920, 1080))
        print(f"Tour: wrote {len(written)} screenshots to {args.tour}")
        return 0
    from PySide6.QtCore import Qt

    window = build_window(data, metrics)
    install_fault_handler(window)
    if size:
        window.resize(*size)
    if args.windowed:
        window.resize(*(size or (1280, 800)))
        window.show()
    else:
        # Without a window manager (Cage, bare X) fullscreen is only a hint: take the screen.
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setGeometry(app.primaryScreen().geometry())
        window.showFullScreen()
    code = app.exec()
    window.shutdown()
    conn.close()
    return code


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
