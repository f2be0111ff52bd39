"""The kiosk window's brain: which screen shows, the way back, the idle timer and the reset.

The :class:`Navigator` owns the screen stack and the visitor's session (language, age band,
need, offer). Any touch restarts the idle timer; when it runs out a warning counts down, and
if nobody answers everything about the visitor is forgotten and the start screen returns.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.stats import ALL_NEEDS, UsageEvent, UsageRecorder
from kiosk.visitor import KioskSettings, VisitorCatalogue
from ui.input_hub import InputHub
from ui.localizer import Localizer
from ui.screens.base import Screen, discard

# The navigator imports no screen and no controller: ui.window builds them (the start screen
# first; the rest right after the first frame, see ui.app).
if TYPE_CHECKING:
    from ui.staff_mode import StaffModeController
    from ui.window_parts import WindowParts

log = logging.getLogger(__name__)

_ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


class VisitorSession:
    """What the current visitor chose; nothing else is kept, and all of it goes on reset
    (a new session). (A plain class: a dataclass costs ~1.3 ms to make at start-up.)"""

    __slots__ = ("band_id", "language", "need_chosen", "need_id", "offer_id")

    def __init__(self) -> None:
        self.language: str | None = None
        self.band_id: str | None = None
        self.need_id: str | None = None  # None with need_chosen: "show all offers"
        self.need_chosen = False
        self.offer_id: str | None = None


class Navigator(QWidget):
    """Main content of the kiosk window: navigation bar, screens and the idle overlay.

    It builds none of them: :func:`ui.window.build_window` makes the screens and the
    controllers and hands them over (:meth:`add_screens`, :meth:`attach`); the navigator
    decides which screen shows, keeps the way back and the visitor's session.
    """

    screen_changed = Signal(str)
    session_reset = Signal()
    #: Staff asked to close the program (lockdown lets it go; systemd restarts it).
    quit_requested = Signal()

    def __init__(
        self,
        data: VisitorCatalogue,
        localizer: Localizer,
        settings: KioskSettings,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
        usage: UsageRecorder | None = None,
        parent: QWidget | None = None,
    ):
        """``usage`` counts anonymous events (None: nothing is counted)."""
        super().__init__(parent)
        self.setObjectName("navigator")
        self._data = data
        self._localizer = localizer
        self._clock = clock
        self._usage = usage
        self._complete = False
        self._finish: Callable[[], None] | None = None
        self._parts: WindowParts | None = None
        self.staff_mode: StaffModeController | None = None
        self.session = VisitorSession()
        self._history: list[str] = []

        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(0)
        # The screens are made inside the stack (by the wiring site): made alone and moved in,
        # a screen's style sheet would be worked out twice.
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("screen_stack")
        self._column.addWidget(self.stack, 1)
        self.screens: dict[str, Screen] = {}
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(settings.idle_timeout_ms)
        self._idle.timeout.connect(self._on_idle)
        self._idle_paused = False  # while staff mode is open

    # -- what the wiring site hands over ---------------------------------------------------
    def add_screens(self, *screens: Screen) -> None:
        """Put screens (made with :attr:`stack` as parent) in the stack and listen to them."""
        for screen in screens:
            self.stack.addWidget(screen)
            self._listen(screen)
            self.screens[screen.screen_name] = screen
            setattr(self, screen.screen_name, screen)

    def _listen(self, screen: Screen) -> None:
        name = screen.screen_name
        if name == "attract":
            screen.start_requested.connect(self._on_start)
            screen.language_chosen.connect(self._on_start_language)
        elif name == "language":
            screen.language_chosen.connect(self._on_language_chosen)
        elif name == "age":
            screen.age_chosen.connect(self._on_age_chosen)
        elif name == "need":
            screen.need_chosen.connect(self._on_need_chosen)
        elif name == "results":
            screen.offer_chosen.connect(self._on_offer_chosen)
        elif name == "detail":
            screen.printed.connect(lambda _: self._count(UsageEvent.HANDOUT_PRINTED))
            screen.print_failed.connect(lambda _: self._count(UsageEvent.HANDOUT_FAILED))
            screen.feedback_given.connect(self._on_feedback)

    def insert_above_screens(self, widget: QWidget) -> None:
        """A bar or band above the screen stack (the navigation bar, the low-reach band)."""
        self._column.insertWidget(0, widget)

    def insert_below_screens(self, widget: QWidget) -> None:
        """A bar below the screen stack (the reading marker)."""
        self._column.insertWidget(self._column.indexOf(self.stack) + 1, widget)

    def finish_with(self, finish: Callable[[], None]) -> None:
        """``finish`` builds the rest of the window; :meth:`complete` calls it once."""
        self._finish = finish

    def attach(self, parts: WindowParts) -> None:
        """The navigation bar, idle warning and controllers, built by the wiring site."""
        self._parts = parts
        self.nav, self.idle_warning, self.access = parts.nav, parts.idle_warning, parts.access
        self.staff_mode = parts.staff_mode
        self.printer = parts.printer
        self.nav.home.clicked.connect(lambda: self._end_session(UsageEvent.SESSION_ENDED_HOME))
        self.nav.back.clicked.connect(self.back)
        self.nav.language.clicked.connect(lambda: self.go("language"))
        self.idle_warning.more_time.connect(self._restart_idle_timer)
        self.idle_warning.expired.connect(
            lambda: self._end_session(UsageEvent.SESSION_ENDED_TIMEOUT)
        )
        self.access.read_aloud_used.connect(lambda: self._count(UsageEvent.READ_ALOUD_USED))
        InputHub.of().watch(_ACTIVITY_EVENTS, self._on_activity, self)

    def complete(self) -> None:
        """Build everything but the start screen (through the wiring site's ``finish``)."""
        if self._complete:
            return
        self._complete = True
        if self._finish is not None:
            finish, self._finish = self._finish, None
            finish()
        if self._parts is None:
            raise RuntimeError("the kiosk window was completed without its parts")
        self._show("attract")

    @property
    def data(self) -> VisitorCatalogue:
        return self._data

    # -- navigation ------------------------------------------------------------------------
    def current_screen(self) -> str:
        return self.stack.currentWidget().screen_name

    def _show(self, name: str) -> None:
        self.complete()
        self.stack.setCurrentWidget(self.screens[name])
        on_start = name == "attract"
        self.nav.setVisible(not on_start)
        self.nav.back.setEnabled(bool(self._history))
        if on_start:
            self._idle.stop()
        else:
            self._restart_idle_timer()
        self.screen_changed.emit(name)

    def go(self, name: str) -> None:
        self.complete()
        current = self.current_screen()
        if name != current:
            self._history.append(current)
        self._show(name)

    def back(self) -> None:
        if self._history:
            self._show(self._history.pop())

    # -- anonymous usage counts (no visitor or session id; see kiosk/stats.py) -------------
    def _count(self, event: UsageEvent) -> None:
        if self._usage is None:
            return
        s = self.session
        need = (s.need_id or ALL_NEEDS) if s.need_chosen else ""
        self._usage.record(
            event,
            language=s.language or "",
            age_band=s.band_id or "",
            need=need,
            offer_id=s.offer_id or "",
        )

    def _on_feedback(self, offer_id: str, helped: bool) -> None:
        """An answer to "Did this help?": counted for the offer and the hour, nothing else."""
        if self._usage is not None:
            self._usage.record_feedback(offer_id, helped)

    def _on_start(self) -> None:
        self._count(UsageEvent.SESSION_STARTED)
        self.go("language")

    def _end_session(self, event: UsageEvent) -> None:
        if self.current_screen() != "attract":
            self._count(event)
        self.reset()

    def _on_start_language(self, code: str) -> None:
        """A greeting on the start screen was tapped: its language, then straight to the age
        step. Back from there shows the language grid, as if it had been passed through."""
        if self.current_screen() != "attract":
            return  # (a second tap while the first one is being handled)
        self.complete()
        self._count(UsageEvent.SESSION_STARTED)
        self._set_language(code)
        self._history = ["attract", "language"]
        self._show("age")

    def _set_language(self, code: str) -> None:
        self.session.language = code
        self._count(UsageEvent.LANGUAGE_CHOSEN)
        self._localizer.set_language(code)
        endonym = next((lang.endonym for lang in self._data.languages() if lang.code == code), code)
        self.nav.set_language_name(endonym)

    def _on_language_chosen(self, code: str) -> None:
        self._set_language(code)
        # Changing the language later keeps the visitor's place in the journey.
        if self._history and self._history[-1] not in ("attract", "language"):
            self._show(self._history.pop())
        else:
            self.go("age")

    def _on_age_chosen(self, band_id: str) -> None:
        self.session.band_id = band_id
        self._count(UsageEvent.AGE_CHOSEN)
        self.go("need")

    def _on_need_chosen(self, need_id: str | None) -> None:
        self.session.need_id = need_id
        self.session.need_chosen = True
        self.session.offer_id = None
        self.results.show_results(self.session.band_id, need_id)
        self.go("results")
        self._count(UsageEvent.NEED_CHOSEN)

    def _on_offer_chosen(self, offer_id: str) -> None:
        if self.detail.show_offer(offer_id):
            self.session.offer_id = offer_id
            self.go("detail")
            self._count(UsageEvent.OFFER_VIEWED)
            if self.detail.has_codes():
                self._count(UsageEvent.QR_SHOWN)

    # -- idle handling and reset -----------------------------------------------------------
    def _on_activity(self, _watched: QObject, _event: QEvent) -> bool:
        if self._idle.isActive():
            self._idle.start()
        return False

    def _restart_idle_timer(self) -> None:
        if self.current_screen() != "attract" and not self._idle_paused:
            self._idle.start()

    def _on_idle(self) -> None:
        log.info("visitor idle on %s; warning", self.current_screen())
        self.idle_warning.start()

    def reset(self) -> None:
        """Forget the visitor completely and return to the start screen."""
        self.complete()
        self.idle_warning.stop()
        self._idle.stop()
        self.session = VisitorSession()
        self._history.clear()
        for screen in self.screens.values():
            screen.reset()
        if self._localizer.catalogue.code != self._localizer.default_language:
            self._localizer.set_language(self._localizer.default_language)
        self.nav.set_language_name("")
        self.access.reset()  # speech silenced, normal volume, normal text, contrast and reach
        self._show("attract")
        self.session_reset.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._parts is not None and self.idle_warning.isVisible():
            self.idle_warning.setGeometry(self.rect())

    # -- staff mode: pausing the visitor timer, showing changed data at once --------------
    def pause_idle(self) -> None:
        """Staff mode is open: no visitor warning or reset meanwhile."""
        self._idle_paused = True
        self.idle_warning.stop()
        self._idle.stop()

    def resume_idle(self) -> None:
        """Staff mode closed: the visitor screen below counts idle time again."""
        self._idle_paused = False
        self._restart_idle_timer()

    def refresh_from_data(self, apply_settings: bool = False) -> KioskSettings:
        """Read offers, languages and age bands again and show them on the visitor screens.

        Screens built from lists (attract, language, age) are rebuilt when a list changed; the
        results and the open offer are filled again. With ``apply_settings`` the idle times
        (and, through the detail screen, the printer) of the saved settings apply too.
        """
        self.complete()
        old_languages, old_bands = self._data.languages(), self._data.age_bands()
        self._data.reload()
        make = self._parts.screens
        if self._data.languages() != old_languages:
            self.attract = self._replace_screen(make.attract(self._data.languages()))
            self.language = self._replace_screen(make.language(self._data.languages()))
        if self._data.age_bands() != old_bands:
            self.age = self._replace_screen(make.age(self._data.age_bands()))
        self.results.retranslate()
        # Changed contacts or addresses: their QR codes are encoded before anyone opens them.
        from ui.widgets.qr_view import encode_in_background

        encode_in_background(self._data.offers())
        shown = self.detail.offer()
        if shown is not None and not self.detail.show_offer(shown.id):
            if self.current_screen() == "detail":
                self.back()
        settings = self._data.settings()
        if apply_settings:
            self._idle.setInterval(settings.idle_timeout_ms)
            self.idle_warning.set_duration(settings.idle_warning_ms)
            self.detail.apply_settings(settings)  # place on handouts, printer queue and paper
            self.access.apply_settings(settings)
            if self.staff_mode is not None:
                self.staff_mode.apply_settings(settings)
        return settings

    def _replace_screen(self, new: Screen) -> Screen:
        old = self.screens[new.screen_name]
        index = self.stack.indexOf(old)
        showing = self.stack.currentWidget() is old
        self.stack.insertWidget(index, new)
        if showing:
            self.stack.setCurrentWidget(new)
        self.stack.removeWidget(old)
        discard(old)
        self._listen(new)
        self.screens[new.screen_name] = new
        return new

    def shutdown(self) -> None:
        """Stop listening to the application (before the window goes away)."""
        if self._parts is None:
            return
        if self.staff_mode is not None:
            self.staff_mode.shutdown()
        InputHub.of().unwatch(self._on_activity)
        self._idle.stop()
        self.idle_warning.stop()
        self.access.shutdown()
