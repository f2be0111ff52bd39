"""Child process for the cold-start benchmark: start, show a window, report the first paint.

``python -m bench.start_probe bare`` or ``… kiosk DATA_DIR`` prints ``painted <epoch seconds>``
when the first widget paints; the parent subtracts the moment it spawned this process, so
interpreter start-up counts for both. "bare" is the floor every PySide6 program pays:
QApplication plus one empty window. "kiosk" runs the real ``kiosk`` command (``ui.app.main``)
the way the kiosk PC starts it, on DATA_DIR, which holds the kiosk's own database (a copy of
the shipped one, made by the parent: copying is no part of an ordinary start). The kiosk also
prints ``ready <epoch seconds>`` once the rest of the window is built behind its start screen
and systemd would hear READY. ``… serve DATA_DIR`` is the kiosk as deployed (fullscreen, on
whatever platform it is given) that reports both and then keeps serving, for the restart
benchmark that kills it.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    """Application-wide: the first paint event of any widget is the first frame."""

    def __init__(self, quit_after: bool):
        super().__init__()
        self._quit_after = quit_after

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"painted {time.time():.6f}", flush=True)
            QApplication.instance().removeEventFilter(self)
            if self._quit_after:
                QTimer.singleShot(0, QApplication.instance().quit)
        return False


def main() -> int:
    mode = sys.argv[1]
    # Both create the application here, so the probe can watch it from the start.
    app = QApplication(sys.argv[:1])
    probe = _FirstPaint(quit_after=mode == "bare")
    app.installEventFilter(probe)
    if mode == "bare":
        window = QWidget()
        window.resize(1920, 1080)
        window.show()
        return app.exec()

    from ui.app import main as kiosk

    def ready(running) -> None:
        print(f"ready {time.time():.6f}", flush=True)
        if mode == "serve":
            return
        running.lockdown.allow_quit()  # the probe ends the kiosk once it is ready
        QTimer.singleShot(0, app.quit)

    data_dir = sys.argv[2]
    if mode == "serve":
        return kiosk(["--data-dir", data_dir], on_ready=ready)
    return kiosk(["--windowed", "--size", "1920x1080", "--data-dir", data_dir], on_ready=ready)


if __name__ == "__main__":
    sys.exit(main())
