"""Child process for the cold-start benchmark: start, show a window, report the first frame.

``python -m bench.start_probe bare`` or ``… kiosk DATA_DIR`` prints ``painted <epoch seconds>``
once the first frame is drawn: at the turn of the event loop after the window's first paint
event (its children paint within that event, and the frame is flushed after it). The parent
subtracts the moment it spawned this process, so interpreter start-up counts for both.

"bare" is the floor every PySide6 program pays: QApplication plus one empty window, watched by
a filter on that window. "kiosk" runs the real ``kiosk`` command (``ui.app.main``) the way the
kiosk PC starts it, on DATA_DIR, which holds the kiosk's own database (a copy of the shipped
one, made by the parent: copying is no part of an ordinary start). The kiosk notes the moment
of its first frame by the same rule (:class:`ui.first_frame.AfterFirstFrame`), and the probe
prints it; neither has a filter on the whole application, which would be a Python call for
every event of the start (the kiosk's first frame has ~700 of them, the bare window a few).
The kiosk also prints ``ready <epoch seconds>`` once the rest of the window is built behind
its start screen and systemd would hear READY. ``… serve DATA_DIR`` is the kiosk as deployed
(fullscreen, on whatever platform it is given) that reports both and then keeps serving, for
the restart benchmark that kills it.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstFrame(QObject):
    """On the bare window: its first paint event, then the next turn of the loop."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._drawn)
        return False

    def _drawn(self) -> None:
        print(f"painted {time.time():.6f}", flush=True)
        QApplication.instance().quit()


def main() -> int:
    mode = sys.argv[1]
    app = QApplication(sys.argv[:1])
    if mode == "bare":
        window = QWidget()
        window.resize(1920, 1080)
        _FirstFrame(window)
        window.show()
        return app.exec()

    from ui.app import main as kiosk

    def ready(running) -> None:
        if running.first_frame_at is not None:  # (None: never painted; the parent says so)
            print(f"painted {running.first_frame_at:.6f}", flush=True)
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
