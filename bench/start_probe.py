"""Child process for the cold-start benchmark: start, show a window, report the first paint.

``python -m bench.start_probe kiosk|bare`` prints ``painted <seconds since interpreter start>``
and exits. "bare" is the floor every PySide6 program pays: QApplication plus one empty window.
"""

from __future__ import annotations

import sys
import time

T0 = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"painted {time.perf_counter() - T0:.6f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
            watched.removeEventFilter(self)
        return False


def main() -> int:
    mode = sys.argv[1]
    if mode == "bare":
        app = QApplication(sys.argv[:1])
        window = QWidget()
    else:
        # The real start path of the kiosk (database checks, staff corner, lockdown, watchdog),
        # on a scratch copy of the shipped data.db.
        import shutil
        import tempfile
        from pathlib import Path

        from kiosk.db.seeding import DEFAULT_DB
        from kiosk.runtime import KioskPaths
        from ui.app import build_parser, start_kiosk

        scratch = Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
        shutil.copyfile(DEFAULT_DB, scratch / "kiosk.db")
        args = build_parser().parse_args(["--db", str(scratch / "kiosk.db"), "--windowed"])
        running = start_kiosk(args, KioskPaths(scratch, scratch / "log"), (1920, 1080))
        window = running.window
        running.lockdown.allow_quit()  # the probe ends itself after the first paint
        app = QApplication.instance()
    probe = _FirstPaint()
    window.installEventFilter(probe)
    window.resize(1920, 1080)
    window.show()
    code = app.exec()
    if mode != "bare":
        running.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
