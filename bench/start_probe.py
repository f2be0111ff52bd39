"""Child process for the cold-start benchmark: start, show a window, report the first paint.

``python -m bench.start_probe bare`` or ``… kiosk DATA_DIR`` (DATA_DIR holds a copy of the
shipped database as ``kiosk.db``, made by the parent: copying is no part of a kiosk's start)
prints ``painted <epoch seconds>`` when the window first paints; the parent subtracts the
moment it spawned this process, so interpreter start-up counts for both. "bare" is the floor
every PySide6 program pays: QApplication plus one empty window. The kiosk also prints
``ready <epoch seconds>`` once the rest of the window is built behind its start screen.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    def __init__(self, quit_after: bool):
        super().__init__()
        self._quit_after = quit_after

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"painted {time.time():.6f}", flush=True)
            watched.removeEventFilter(self)
            if self._quit_after:
                QTimer.singleShot(0, QApplication.instance().quit)
        return False


def main() -> int:
    mode = sys.argv[1]
    if mode == "bare":
        app = QApplication(sys.argv[:1])
        window = QWidget()
        probe = _FirstPaint(quit_after=True)
    else:
        # The real start path of the kiosk (database checks, staff corner, lockdown, watchdog),
        # on the scratch copy of the shipped data.db.
        from pathlib import Path

        from kiosk.runtime import KioskPaths
        from ui.app import build_parser, start_kiosk

        scratch = Path(sys.argv[2])
        args = build_parser().parse_args(["--db", str(scratch / "kiosk.db"), "--windowed"])

        def ready(_running) -> None:
            print(f"ready {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)

        running = start_kiosk(
            args, KioskPaths(scratch, scratch / "log"), (1920, 1080), on_ready=ready
        )
        window = running.window
        running.lockdown.allow_quit()  # the probe ends itself once the kiosk is ready
        app = QApplication.instance()
        probe = _FirstPaint(quit_after=False)
    window.installEventFilter(probe)
    window.resize(1920, 1080)
    window.show()
    code = app.exec()
    if mode != "bare":
        running.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
