"""Long-running behaviour, reduced for CI: memory over many sessions, and a random-tapping monkey.

Full sizes: ``make soak`` (10,000 sessions, 100,000 taps). The figures are printed so a run can
be reported; the assertions hold at every size.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton

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


def test_monkey_never_breaks_the_kiosk(make_window, qtbot, request):
    events = request.config.getoption("--monkey-events")
    rng = random.Random(request.config.getoption("--soak-seed"))
    window = make_window(KioskSettings(idle_timeout_ms=3_600_000, idle_warning_ms=30_000))
    valid = set(window.screens)
    taps = 0
    for event in range(events):
        if rng.random() < 0.01:  # now and then nobody touches the kiosk for a while
            window.idle_warning.start()
            if rng.random() < 0.5:
                window.idle_warning.expired.emit()
        buttons = [
            b
            for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b.window() is window
        ]
        if not buttons:
            pytest.fail(f"no button to tap on screen {window.current_screen()}")
        target = rng.choice(buttons)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        taps += 1
        assert window.current_screen() in valid
        if event % 50 == 0:
            flush_deletions()
    print(f"\nmonkey: {taps} random taps, last screen {window.current_screen()}")
    window.reset()
    assert window.current_screen() == "attract"
