"""Fixtures that start the real kiosk window offscreen, with a fixed clock and fast timers."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.visitor import KioskSettings
from tests.conftest import MONDAY_AFTERNOON
from ui.app import create_application
from ui.window import build_window

FAST = KioskSettings(idle_timeout_ms=400, idle_warning_ms=600)
SLOW = KioskSettings(idle_timeout_ms=3_600_000, idle_warning_ms=30_000)


@pytest.fixture
def kiosk_app(qapp):
    app, metrics = create_application([])
    return app, metrics


@pytest.fixture
def metrics(kiosk_app):
    """The sizes the kiosk windows are laid out with (millimetres on this screen)."""
    return kiosk_app[1]


@pytest.fixture
def make_window(qtbot, kiosk_app, catalogue):
    """Makes kiosk windows; every window a test uses comes from here and goes in one teardown.

    Built the way the kiosk builds it (ui.app.start_kiosk): the start screen first, shown, and
    the rest once it is on screen - widgets made after the window is visible behave differently
    (a child outside a layout stays hidden; a translator event has passed). ``complete=False``
    stops after the start screen; ``defer=False`` builds everything at once. ``data`` replaces
    the seed catalogue; ``parts`` (printer, staff, usage, speech) go to ``build_window``."""
    _, metrics = kiosk_app
    windows = []

    def make(
        settings: KioskSettings | None = SLOW,
        size=(1920, 1080),
        *,
        data=None,
        defer: bool = True,
        complete: bool = True,
        **parts,
    ):
        window = build_window(
            data or catalogue, metrics, lambda: MONDAY_AFTERNOON, settings, defer=defer, **parts
        )
        windows.append(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if defer and complete:
            window.complete()
        return window

    yield make
    for window in windows:
        window.shutdown()
        window.close()
        # Gone for good: signal connections to lambdas would keep it alive, and every later
        # style-sheet change would polish its widgets again.
        shiboken6.delete(window)


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def mock_speech(qapp, qtbot):
    """Read-aloud over Qt's "mock" engine: English (and Nordic) voices only."""
    from ui.app import create_read_aloud

    reader = create_read_aloud("mock")
    assert reader is not None, "QtTextToSpeech must load (libpulse0 is installed by setup)"
    with qtbot.waitSignal(reader.voices_changed, timeout=5000):
        reader.start_engine()  # the engine answers from its own thread
    yield reader
    reader.stop()
    reader.shutdown()
    reader.deleteLater()


class Visitor:
    """Acts on the kiosk like a person: taps only what is visible and enabled."""

    def __init__(self, qtbot, window):
        self.qtbot = qtbot
        self.window = window

    def find(self, name: str) -> QWidget:
        widget = self.window.findChild(QWidget, name)
        assert widget is not None, f"no widget named {name}"
        return widget

    def tap(self, name: str) -> None:
        widget = self.find(name)
        assert widget.isVisible(), f"{name} is not visible"
        assert widget.isEnabled(), f"{name} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def tap_mode(self, name: str) -> None:
        """Taps a display mode of the bar (``nav_contrast``, ``nav_low_reach`` …), opening its
        "Display" panel first where the bar keeps the mode there (narrow screen, large text)."""
        widget = self.find(name)
        if not widget.isVisible():
            self.tap("nav_display")
        self.tap(name)

    def on(self, screen: str) -> None:
        self.qtbot.waitUntil(lambda: self.window.current_screen() == screen, timeout=2000)
        if screen == "results":
            # (the cards below the first frame follow it: the whole list, as a visitor sees it
            # a moment later; on a busy test machine a few seconds)
            self.qtbot.waitUntil(self.window.results.revealed, timeout=8000)

    def sees(self, text: str) -> bool:
        return text in self.visible_texts()

    def visible_texts(self) -> list[str]:
        from PySide6.QtWidgets import QAbstractButton, QLabel

        texts = []
        for widget in self.window.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel | QAbstractButton) and widget.text():
                texts.append(widget.text())
        return texts

    def start_in(self, lang: str) -> None:
        self.tap("attract_start")
        self.on("language")
        self.tap(f"lang_{lang}")
        self.on("age")
        cat = self.window._localizer.catalogue
        self.qtbot.waitUntil(
            lambda: self.window.age.title.text() == cat._("How old are you?"), timeout=2000
        )

    def results_for(self, lang: str, band: str, need: str | None = None) -> list[str]:
        self.start_in(lang)
        self.tap(f"age_{band}")
        self.on("need")
        self.tap(f"need_{need}" if need else "need_skip")
        self.on("results")
        return [card.offer_id for card in self.window.results.cards if card.isVisible()]


@pytest.fixture
def visitor(qtbot, window):
    return Visitor(qtbot, window)
