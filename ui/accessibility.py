"""Accessible to everyone at the counter: read-aloud, large text, high contrast, low reach.

:class:`AccessibilityController` wires the controls of the navigation bar and the start screen
to the speech engine and to the look of the whole application, and forgets all of it for the
next visitor (:meth:`AccessibilityController.reset`, called by the navigator's reset).

- Read-aloud reads the visible content of the current screen (``Screen.spoken_parts``) in the
  displayed language, only where a voice for it exists; tapping again repeats from the start.
  Once a visitor has used it, the idle warning is read aloud too.
- Large text and high contrast swap the application style sheet and font
  (:func:`ui.theme.stylesheet`); layouts reflow around the bigger text.
- Low reach puts an empty band above everything, so every control is in the lower part of the
  screen (wheelchair users, children): the lower 55 % in portrait, the lower 60 % in landscape.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QApplication, QSizePolicy, QStackedWidget, QWidget

from kiosk.visitor import KioskSettings
from ui.localizer import Localizer
from ui.theme import HIGH_CONTRAST, Metrics, Palette, stylesheet

if TYPE_CHECKING:
    from ui.screens.attract import AttractScreen
    from ui.speech import ReadAloud
    from ui.widgets.idle_warning import IdleWarningWidget
    from ui.widgets.navigation_bar import NavigationBar

log = logging.getLogger(__name__)


class AccessibleWindow(Protocol):
    """What read-aloud and the display modes need of the kiosk window (a QWidget): which
    screen shows, and the start screen (its own mode buttons)."""

    attract: AttractScreen
    screen_changed: SignalInstance

    def current_screen(self) -> str: ...


#: Screens whose content read-aloud offers to read.
SPEAKABLE_SCREENS = frozenset({"age", "need", "results", "detail"})
#: Share of the window height left empty above all controls in low-reach mode: every control
#: then sits in "the lower part" of the screen — the lower 55 % in portrait (on a 24-inch
#: portrait stele, 1080×1920 at 96 dpi: at most 279 mm above the screen's bottom edge; with
#: that edge 70 cm above the floor, below 1 m), the lower 60 % in landscape (at most 171 mm).
LOW_REACH_PORTRAIT = 0.45
LOW_REACH_LANDSCAPE = 0.40
#: The speech engine starts this long after the kiosk, while nobody waits for it.
SPEECH_WARM_UP_MS = 3000


@dataclass(frozen=True)
class DisplayModes:
    """How the visitor wants the kiosk to look; all off for every new visitor."""

    large_text: bool = False
    high_contrast: bool = False
    low_reach: bool = False

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else Palette()

    def any(self) -> bool:
        return self.large_text or self.high_contrast or self.low_reach


def apply_look(window: QWidget, metrics: Metrics, modes: DisplayModes) -> None:
    """Style sheet and font of the kiosk window for ``modes``.

    The application keeps the normal style sheet; a mode puts a complete sheet for it on the
    window, which then wins over the application's for every widget inside. Changing it goes
    through an empty sheet: Qt then polishes each widget once, afresh, instead of re-polishing
    it against the old sheet (about 60 instead of 250 ms on a full results screen).
    """
    from ui.fonts import application_font

    if window.styleSheet():
        window.setStyleSheet("")
    if modes.large_text or modes.high_contrast:
        window.setStyleSheet(stylesheet(metrics, modes.palette, large=modes.large_text))
    QApplication.instance().setFont(application_font(metrics.text(26, modes.large_text)))


def low_reach_band(width: int, height: int) -> int:
    """Height of the empty band above the controls in low-reach mode."""
    share = LOW_REACH_PORTRAIT if height > width else LOW_REACH_LANDSCAPE
    return round(height * share)


class LowReachBand(QWidget):
    """The empty band above everything in low-reach mode. It never makes the window taller:
    where a screen needs the room (large text on a low screen), the band gives way."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("low_reach_spacer")
        self._band = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_band(self, height: int) -> None:
        if height != self._band:
            self._band = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(0, self._band)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)


class AccessibilityController(QObject):
    """Read-aloud and the display modes of one kiosk window."""

    #: The visitor started reading a screen aloud (an anonymous usage count).
    read_aloud_used = Signal()
    modes_changed = Signal()

    def __init__(
        self,
        window: AccessibleWindow,
        nav: NavigationBar,
        stack: QStackedWidget,
        idle_warning: IdleWarningWidget,
        band: LowReachBand,
        localizer: Localizer,
        metrics: Metrics,
        settings: KioskSettings,
        speech: ReadAloud | None = None,
    ):
        """``band`` is the empty band above the controls in low-reach mode (in the window's
        column, hidden until then); ``stack`` holds the screens below it."""
        super().__init__(window)
        self._window = window
        self._nav = nav
        self._stack = stack
        self._idle_warning = idle_warning
        self._localizer = localizer
        self._metrics = metrics._replace(viewing_distance_cm=settings.viewing_distance_cm)
        self.speech = speech
        self._modes = DisplayModes()
        self._look = DisplayModes()  # what the application shows now
        self._used_read_aloud = False

        nav.read_aloud.clicked.connect(self.read_screen)
        nav.read_stop.clicked.connect(self.stop_speech)
        nav.volume.clicked.connect(self._on_volume)
        self._wire_modes(nav.large_text, nav.contrast, nav.low_reach)

        self.spacer = band
        self.spacer.hide()
        self._stack_policy = stack.sizePolicy()
        window.installEventFilter(self)

        # The start screen is not left alone with a mode on for the next passer-by.
        self._attract_timer = QTimer(self)
        self._attract_timer.setSingleShot(True)
        self._attract_timer.setInterval(settings.idle_timeout_ms)
        self._attract_timer.timeout.connect(self._on_attract_idle)

        window.screen_changed.connect(self._on_screen_changed)
        stack.currentChanged.connect(self._wire_attract)
        localizer.language_changed.connect(self._on_language_changed)
        idle_warning.started.connect(self._on_idle_warning)
        idle_warning.more_time.connect(self.stop_speech)
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.timeout.connect(self._warm_up)
        if speech is not None:
            speech.speaking_changed.connect(nav.read_stop.setEnabled)
            # The engine answers from its own thread: the controls show once it has voices.
            speech.voices_changed.connect(self._refresh_speech)
            self._warm_up_timer.start(SPEECH_WARM_UP_MS)
        self._wire_attract()

    def apply_settings(self, settings: KioskSettings) -> None:
        """Staff saved new settings: the start screen's idle time and the viewing distance
        that large text is sized for."""
        self._attract_timer.setInterval(settings.idle_timeout_ms)
        metrics = self._metrics._replace(viewing_distance_cm=settings.viewing_distance_cm)
        if metrics != self._metrics:
            self._metrics = metrics
            if self._look.large_text or self._look.high_contrast:
                apply_look(self._window, metrics, self._look)
        self._watch_attract()

    @property
    def modes(self) -> DisplayModes:
        return self._modes

    # -- display modes ---------------------------------------------------------------------
    def _wire_modes(self, large_text, contrast, low_reach) -> None:
        large_text.clicked.connect(lambda on: self.set_modes(large_text=on))
        contrast.clicked.connect(lambda on: self.set_modes(high_contrast=on))
        low_reach.clicked.connect(lambda on: self.set_modes(low_reach=on))

    def _start_screens(self) -> list[QWidget]:
        """The start screen (and a new one that staff's language changes just put in place)."""
        current = self._stack.currentWidget()
        screens = [self._window.attract]
        if getattr(current, "screen_name", "") == "attract" and current is not screens[0]:
            screens.append(current)
        return screens

    def _wire_attract(self, *_args) -> None:
        for attract in self._start_screens():
            if not attract.property("modes_wired"):
                attract.setProperty("modes_wired", True)
                self._wire_modes(attract.large_text, attract.contrast, attract.low_reach)
        self._sync_toggles()

    def set_modes(self, **changes: bool) -> None:
        self._modes = replace(self._modes, **changes)
        self._apply()

    def _apply(self) -> None:
        modes = self._modes
        look = (modes.large_text, modes.high_contrast)
        if look != (self._look.large_text, self._look.high_contrast):
            apply_look(self._window, self._metrics, modes)
        self._look = modes
        self._nav.rearrange()
        self._place_spacer()
        self.spacer.setVisible(modes.low_reach)
        # With the band, the screens take what is left (their wishes would squeeze the band).
        if modes.low_reach:
            policy = QSizePolicy(self._stack_policy)
            policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
            self._stack.setSizePolicy(policy)
        else:
            self._stack.setSizePolicy(self._stack_policy)
        self._idle_warning.set_low_reach(modes.low_reach)
        self._sync_toggles()
        self._watch_attract()
        self.modes_changed.emit()

    def _sync_toggles(self) -> None:
        modes = self._modes
        for holder in (self._nav, *self._start_screens()):
            holder.large_text.setChecked(modes.large_text)
            holder.contrast.setChecked(modes.high_contrast)
            holder.low_reach.setChecked(modes.low_reach)

    def _place_spacer(self) -> None:
        window = self._window
        self.spacer.set_band(low_reach_band(window.width(), window.height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._place_spacer()
        return False

    def _watch_attract(self) -> None:
        if self._window.current_screen() == "attract" and self._modes.any():
            self._attract_timer.start()
        else:
            self._attract_timer.stop()

    def _on_attract_idle(self) -> None:
        if self._window.current_screen() == "attract" and self._modes.any():
            log.info("display modes left on at the start screen; back to normal")
            self._modes = DisplayModes()
            self._apply()

    # -- read-aloud --------------------------------------------------------------------------
    def _code(self) -> str:
        return self._localizer.catalogue.code

    def speech_offered(self) -> bool:
        """Whether the current language has a voice (the read-aloud controls may show)."""
        return self.speech is not None and self.speech.has_voice(self._code())

    def _refresh_speech(self) -> None:
        nav = self._nav
        screen = self._window.current_screen()
        if screen not in SPEAKABLE_SCREENS:
            nav.show_speech(False)  # and no need to ask (or start) the engine yet
            return
        nav.set_speech_offered(self.speech_offered())
        nav.show_speech(True)

    def read_screen(self) -> bool:
        """Read the visible content of the current screen (again from the start)."""
        if self.speech is None:
            return False
        screen = self._stack.currentWidget()
        if not self.speech.speak_parts(screen.spoken_parts()):
            return False
        self._used_read_aloud = True
        self.read_aloud_used.emit()
        return True

    def stop_speech(self) -> None:
        if self.speech is not None:
            self.speech.stop()

    def _on_volume(self, loud: bool) -> None:
        if self.speech is not None:
            self.speech.set_loud(loud)

    def _on_idle_warning(self) -> None:
        if self._used_read_aloud and self.speech_offered():
            self.speech.speak(self._idle_warning.spoken_text(), self._code())

    def _warm_up(self) -> None:
        if self.speech is not None and self._window.current_screen() == "attract":
            self.speech.start_engine()

    # -- following the visitor ---------------------------------------------------------------
    def _on_screen_changed(self, _name: str) -> None:
        self._nav.close_display_panel()
        self.stop_speech()
        self._refresh_speech()
        self._watch_attract()
        self._place_spacer()

    def _on_language_changed(self, _code: str) -> None:
        self.stop_speech()
        self._refresh_speech()

    def reset(self) -> None:
        """For the next visitor: silence, normal volume, normal text, colours and reach."""
        if self.speech is not None:
            self.speech.reset()
        self._used_read_aloud = False
        self._nav.volume.setChecked(False)
        self._nav.close_display_panel()
        if self._modes != DisplayModes():
            self._modes = DisplayModes()
            self._apply()

    def shutdown(self) -> None:
        """The window goes away: silence, and the application looks normal again."""
        self._attract_timer.stop()
        self._warm_up_timer.stop()
        self._window.removeEventFilter(self)
        self.stop_speech()
        if self.speech is not None:
            self.speech.voices_changed.disconnect(self._refresh_speech)
            self.speech.shutdown()
        if self._look != DisplayModes():
            apply_look(self._window, self._metrics, DisplayModes())
            self._look = DisplayModes()
