"""``kiosk --tour``: renders each screen of a typical journey to PNG, offscreen.

For each language: attract, language, age, need, results, detail and the idle warning, then the
results in large-text, high-contrast and low-reach mode, written to
``DIR/<lang>/<nn>-<screen>.png``. The tour drives the real widgets the way a visitor would.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from kiosk.visitor import VisitorCatalogue
from ui.theme import Metrics
from ui.window import build_window

TOUR_AGE_BAND = "27-plus"


def _settle() -> None:
    """Let posted events (language change, layout) run before a screenshot."""
    for _ in range(3):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        QCoreApplication.sendPostedEvents()


class _Camera:
    """Saves numbered screenshots of the window into one language's folder."""

    def __init__(self, window, folder: Path, written: list[Path]):
        self._window, self._folder, self._written = window, folder, written
        self._counter = 0

    def __call__(self, name: str) -> None:
        self._counter += 1
        _settle()
        path = self._folder / f"{self._counter:02d}-{name}.png"
        self._window.grab().save(str(path))
        self._written.append(path)


def run_tour(
    data: VisitorCatalogue,
    metrics: Metrics,
    out_dir: Path,
    languages: list[str],
    size: tuple[int, int],
    clock=None,
    speech=None,
) -> list[Path]:
    window = build_window(
        data, metrics, clock or dt.datetime.now, speech=(lambda: speech) if speech else None
    )
    window.resize(*size)
    window.show()
    written: list[Path] = []
    bands = [b.id for b in data.age_bands()]
    band = TOUR_AGE_BAND if TOUR_AGE_BAND in bands else bands[-1]

    for code in languages:
        folder = Path(out_dir) / code
        folder.mkdir(parents=True, exist_ok=True)
        shot = _Camera(window, folder, written)

        window.reset()
        shot("attract")
        window.attract.start_requested.emit()
        shot("language")
        window.language.language_chosen.emit(code)
        shot("age")
        window.age.age_chosen.emit(band)
        shot("need")
        window.need.need_chosen.emit(None)
        shot("results")
        matches = data.results(code, band, None)
        if matches:
            window.results.offer_chosen.emit(matches[0].offer.id)
            shot("detail")
        window.idle_warning.start()
        shot("idle-warning")
        window.idle_warning.stop()
        if window.current_screen() == "detail":
            window.back()
        for toggle, name in (
            (window.nav.large_text, "large-text"),
            (window.nav.contrast, "high-contrast"),
            (window.nav.low_reach, "low-reach"),
        ):
            toggle.click()  # on, as a visitor's tap
            shot(name)
            toggle.click()  # and off again
        window.reset()
    window.shutdown()
    window.close()
    QApplication.processEvents()
    return written
