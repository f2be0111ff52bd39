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
        from kiosk.db.connection import open_database
        from kiosk.db.seeding import DEFAULT_DB
        from kiosk.visitor import VisitorCatalogue
        from ui.app import build_window, create_application

        data = VisitorCatalogue(open_database(DEFAULT_DB))
        app, metrics = create_application(sys.argv[:1])
        window = build_window(data, metrics)
    probe = _FirstPaint()
    window.installEventFilter(probe)
    window.resize(1920, 1080)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
