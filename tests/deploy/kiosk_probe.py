"""The ``kiosk`` command with a read-only probe, for the deployment check only (never deployed).

``python -m tests.deploy.kiosk_probe ARGS…`` runs ``ui.app.main(ARGS)`` exactly as the ``kiosk``
console script does, and once the kiosk is ready writes, whenever it changes, a JSON file
(``WEGWEISER_PROBE_FILE``) with the current screen, the Qt platform, the window-relative
geometry of the visible part of every visible, enabled named widget and the text of every
visible named label or button (checked every ``WEGWEISER_PROBE_INTERVAL_MS``, default 100).
The check outside reads it to know *where* to tap; the taps themselves come from outside, as
pointer events through the compositor. The probe never sends an event to the kiosk.

Test-only hook for the watchdog check: ``SIGUSR1`` makes the GUI thread sleep for
``WEGWEISER_PROBE_BLOCK_SECONDS`` (default 3), as a hung event loop would.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path


def main() -> int:
    out = Path(os.environ["WEGWEISER_PROBE_FILE"])
    block_seconds = float(os.environ.get("WEGWEISER_PROBE_BLOCK_SECONDS", "3"))
    from ui.app import main as kiosk

    kept: list[object] = []

    def on_ready(running) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QWidget

        window = running.window
        last = [""]

        def report() -> None:
            widgets = {}
            texts = {}
            for widget in window.findChildren(QWidget):
                name = widget.objectName()
                if not (name and widget.isVisible()):
                    continue
                text = getattr(widget, "text", None)
                if callable(text) and isinstance(text(), str):
                    texts[name] = text()  # what a person reads there
                if not widget.isEnabled():
                    continue
                shown = widget.visibleRegion().boundingRect()  # (clipped by scroll areas)
                if shown.isEmpty():
                    continue
                top = widget.mapTo(window, shown.topLeft())
                widgets[name] = [top.x(), top.y(), shown.width(), shown.height()]
            state = {
                "pid": os.getpid(),
                "platform": QApplication.platformName(),
                "screen": window.current_screen(),
                "window": [window.x(), window.y(), window.width(), window.height()],
                "fullscreen": window.isFullScreen(),
                "widgets": widgets,
                "texts": texts,
            }
            text = json.dumps(state, sort_keys=True)
            if text != last[0]:
                last[0] = text
                partial = out.with_suffix(".part")
                partial.write_text(text, "utf-8")
                partial.replace(out)

        timer = QTimer(window)
        timer.timeout.connect(report)
        timer.start(int(os.environ.get("WEGWEISER_PROBE_INTERVAL_MS", "100")))
        kept.append(timer)
        report()
        # (Python runs signal handlers on the main thread, i.e. Qt's GUI thread, the next time
        # it runs Python code there: at the latest at the probe's next 100 ms report.)
        signal.signal(signal.SIGUSR1, lambda *_: time.sleep(block_seconds))

    return kiosk(sys.argv[1:], on_ready=on_ready)


if __name__ == "__main__":
    sys.exit(main())
