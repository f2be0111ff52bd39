"""Long-running behaviour, reduced for CI: memory over many sessions, and a random-tapping monkey.

Full sizes: ``make soak`` (10,000 sessions, 100,000 taps). The figures are printed so a run can
be reported; the assertions hold at every size.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.visitor import KioskSettings
from tests.ui.conftest import SLOW, Visitor

MB = 1024 * 1024


def rss_bytes() -> int:
    """Resident set size of this process now (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def flush_deletions() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def one_session(
    visitor: Visitor,
    rng: random.Random,
    languages: list[str],
    bands: list[str],
    needs: list[str | None],
) -> None:
    window = visitor.window
    offers = visitor.results_for(rng.choice(languages), rng.choice(bands), rng.choice(needs))
    if offers:
        visitor.tap(f"offer_{rng.choice(offers)}")
        visitor.on("detail")
    if rng.random() < 0.5:
        visitor.tap("nav_home")
    else:
        window.idle_warning.start()
        window.idle_warning.expired.emit()
    visitor.on("attract")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_many_sessions_do_not_grow_memory(make_window, qtbot, catalogue, request):
    sessions = request.config.getoption("--soak-sessions")
    window = make_window(SLOW)
    visitor = Visitor(qtbot, window)
    rng = random.Random(1)
    languages = [lang.code for lang in catalogue.languages()]
    bands = [band.id for band in catalogue.age_bands()]
    needs = [None, *(need.id for need in catalogue.needs())]
    warmup = min(20, sessions)
    for lang in languages:  # each language once: its catalogue, fonts and glyphs load
        one_session(visitor, rng, [lang], bands, needs)
    for _ in range(warmup):  # caches, fonts and catalogues settle first
        one_session(visitor, rng, languages, bands, needs)
    flush_deletions()
    start = rss_bytes()
    for index in range(sessions):
        one_session(visitor, rng, languages, bands, needs)
        if index % 10 == 0:
            flush_deletions()
    flush_deletions()
    end = rss_bytes()
    print(
        f"\nsoak: {sessions} sessions, RSS {start / MB:.1f} MB -> {end / MB:.1f} MB "
        f"(growth {(end - start) / MB:+.2f} MB)"
    )
    assert end - start < 5 * MB
    assert window.current_screen() == "attract"


#: Taps (by object name or its prefix) that lead one step further on the visitor's way.
FORWARD = (
    ("attract_start", "language"),
    ("age_", "need"),
    ("need_", "results"),
    ("offer_", "detail"),
)


class Journey:
    """Where each tap leads on the visitor's way: forward through language, age, need, results
    and an offer; back one step; home to the start screen; a language chosen later returns to
    the place it was chosen from; every other button (display modes, read-aloud, feedback,
    print, more time) stays where it is."""

    def __init__(self):
        self.trail: list[str] = []  # the screens "back" returns to, latest last

    def _go(self, here: str, there: str) -> str:
        if there != here:
            self.trail.append(here)
        return there

    def after(self, tapped: str, here: str) -> str:
        for prefix, there in FORWARD:
            if tapped.startswith(prefix):
                return self._go(here, there)
        if tapped.startswith("attract_lang_"):  # a greeting: its language, then the age step
            self.trail = ["attract", "language"]
            return "age"
        if tapped.startswith("lang_"):
            if self.trail and self.trail[-1] not in ("attract", "language"):
                return self.trail.pop()
            return self._go(here, "age")
        if tapped == "nav_language":
            return self._go(here, "language")
        if tapped == "nav_back":
            return self.trail.pop() if self.trail else here
        if tapped == "nav_home":
            return self.start_again()
        return here

    def start_again(self) -> str:
        self.trail = []
        return "attract"


def outside(window: QWidget, widget: QWidget) -> bool:
    """Whether a widget shows beyond the kiosk window, where no visitor can reach it: its area,
    clipped by each parent inside the window (a scrolled list shows only its viewport's part),
    must lie within the window."""
    area = widget.rect()
    while widget.parentWidget() is not window:
        area = area.translated(widget.pos()).intersected(widget.parentWidget().rect())
        widget = widget.parentWidget()
    area = area.translated(widget.pos())
    return not area.isEmpty() and not window.rect().contains(area)


def test_monkey_never_breaks_the_kiosk(make_window, qtbot, request):
    events = request.config.getoption("--monkey-events")
    rng = random.Random(request.config.getoption("--soak-seed"))
    window = make_window(KioskSettings(idle_timeout_ms=3_600_000, idle_warning_ms=30_000))
    journey = Journey()
    taps, reached = 0, set()
    for event in range(events):
        if rng.random() < 0.01:  # now and then nobody touches the kiosk for a while
            window.idle_warning.start()
            if rng.random() < 0.5:
                window.idle_warning.expired.emit()
                journey.start_again()
        strays = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
        assert not strays, f"a window beside the kiosk: {strays}"
        buttons = [
            b
            for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b.window() is window
        ]
        if not buttons:
            pytest.fail(f"no button to tap on screen {window.current_screen()}")
        beyond = [b.objectName() for b in buttons if outside(window, b)]
        assert not beyond, f"on {window.current_screen()}, outside the window: {beyond}"
        target = rng.choice(buttons)
        here, tapped = window.current_screen(), target.objectName()
        expected = journey.after(tapped, here)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        taps += 1
        assert window.current_screen() == expected, f"tap {taps}: {tapped} on {here}"
        reached.add(expected)
        if event % 50 == 0:
            flush_deletions()
    print(f"\nmonkey: {taps} random taps, last screen {window.current_screen()}")
    if events >= 200:  # (a short run may not get far)
        assert reached == set(window.screens), "the monkey went everywhere a visitor can"
    window.reset()
    assert window.current_screen() == "attract"
