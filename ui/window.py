"""Builds the kiosk window: every long-lived object of it is made and wired here, and only here.

Used by the ``kiosk`` command (:mod:`ui.app`), the tour, the bench and the tests alike, so every
kiosk window is put together the same way. The :class:`~ui.navigator.Navigator` gets its
screens and controllers from here; the controllers get the parts they work on, not the
navigator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.domain.choices import AgeBand, Language
from kiosk.stats import UsageRecorder
from kiosk.visitor import KioskSettings, VisitorCatalogue
from ui.theme import Metrics

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.admin.desk import StaffDesk
    from ui.accessibility import AccessibilityController
    from ui.localizer import Localizer
    from ui.navigator import Navigator
    from ui.printing import HandoutPrinter
    from ui.screens.attract import AttractScreen
    from ui.screens.base import Screen
    from ui.screens.staff.area import StaffArea
    from ui.speech import ReadAloud
    from ui.widgets.reading_marker import ReadingMarker

DEFAULT_LANGUAGE = "de"


class ScreenFactory:
    """Makes the visitor screens inside the navigator's stack (also again, when staff change
    the languages or age bands: :class:`ui.window_parts.ScreenMaker`)."""

    def __init__(
        self,
        data: VisitorCatalogue,
        clock: Callable[[], dt.datetime],
        localizer: Localizer,
        metrics: Metrics,
        stack: QWidget,
    ):
        self._data = data
        self._clock = clock
        self._common = (localizer, metrics, stack)

    def attract(self, languages: list[Language], *, scrolling: bool = True) -> AttractScreen:
        from ui.screens.attract import AttractScreen

        return AttractScreen(languages, *self._common, scrolling=scrolling)

    def language(self, languages: list[Language]) -> Screen:
        from ui.screens.choices import LanguageScreen

        return LanguageScreen(languages, *self._common)

    def age(self, bands: list[AgeBand]) -> Screen:
        from ui.screens.choices import AgeScreen

        return AgeScreen(bands, *self._common)

    def rest(self, printer: HandoutPrinter, settings: KioskSettings) -> list[Screen]:
        """The screens after the start screen, in the order of the journey."""
        from ui.screens.choices import NeedScreen
        from ui.screens.detail import DetailScreen
        from ui.screens.results import ResultsScreen

        data = self._data
        return [
            self.language(data.languages()),
            self.age(data.age_bands()),
            NeedScreen(data.needs(), *self._common),
            ResultsScreen(data, self._clock, *self._common),
            DetailScreen(data, self._clock, *self._common, printer=printer, settings=settings),
        ]


def build_window(
    data: VisitorCatalogue,
    metrics: Metrics,
    clock: Callable[[], dt.datetime] | None = None,
    settings: KioskSettings | None = None,
    printer: HandoutPrinter | None = None,
    staff: Callable[[], StaffDesk] | None = None,
    usage: UsageRecorder | None = None,
    speech: Callable[[], ReadAloud | None] | None = None,
    defer: bool = False,
) -> Navigator:
    """The kiosk window, ready to show.

    ``printer`` defaults to the CUPS queue named in the settings (none: printing says so).
    ``staff`` makes the staff use cases on the first long press (None: no staff mode);
    ``speech`` makes the read-aloud engine once the start screen is painted (None, or a
    function returning None: no read-aloud); ``usage`` counts anonymous events.
    With ``defer`` only the start screen is built; ``window.complete()`` builds the rest.
    """
    from ui.localizer import Localizer
    from ui.navigator import Navigator

    localizer = Localizer(DEFAULT_LANGUAGE)
    localizer.set_language(DEFAULT_LANGUAGE)
    settings = settings or data.settings()
    clock = clock or dt.datetime.now
    window = Navigator(data, localizer, settings, clock, usage)
    window.setWindowTitle("Wegweiser")
    screens = ScreenFactory(data, clock, localizer, metrics, window.stack)
    window.add_screens(screens.attract(data.languages(), scrolling=not defer))
    window.finish_with(
        lambda: _finish(window, screens, localizer, metrics, settings, printer, staff, speech)
    )
    if not defer:
        window.complete()
    return window


def _finish(
    window: Navigator,
    screens: ScreenFactory,
    localizer: Localizer,
    metrics: Metrics,
    settings: KioskSettings,
    printer: HandoutPrinter | None,
    staff: Callable[[], StaffDesk] | None,
    speech: Callable[[], ReadAloud | None] | None,
) -> None:
    """Everything but the start screen: the other screens, the navigation bar, the idle
    warning, staff mode, read-aloud and the display modes, the reading marker."""
    from ui.accessibility import AccessibilityController, LowReachBand
    from ui.widgets.idle_warning import IdleWarningWidget
    from ui.widgets.navigation_bar import NavigationBar
    from ui.window_parts import WindowParts

    window.attract.enable_scrolling()  # a no-op when it already scrolls
    if printer is None:
        from ui.printing import QtPrinterBackend

        printer = QtPrinterBackend.from_settings(settings)
    nav = NavigationBar(localizer, metrics, window)
    window.insert_above_screens(nav)
    window.add_screens(*screens.rest(printer, settings))
    idle_warning = IdleWarningWidget(localizer, metrics, settings.idle_warning_ms, window)
    staff_mode = None
    if staff is not None:
        from ui.staff_mode import StaffModeController

        staff_mode = StaffModeController(
            window,
            lambda: _staff_area(window, staff, localizer, metrics, printer),
            localizer,
            metrics,
            settings,
        )
    band = LowReachBand(window)
    window.insert_above_screens(band)  # above the navigation bar
    reader = speech() if speech is not None else None  # the engine module loads only now
    access = AccessibilityController(
        window, nav, window.stack, idle_warning, band, localizer, metrics, settings, reader
    )
    window.attach(WindowParts(nav, idle_warning, access, staff_mode, screens, printer))
    if reader is not None:
        from ui.widgets.reading_marker import ReadingMarker

        marker = ReadingMarker(localizer, metrics, window)  # the sentence being read aloud
        window.insert_below_screens(marker)
        _follow_reading(marker, reader, access, window, localizer)


def _follow_reading(
    marker: ReadingMarker,
    reader: ReadAloud,
    access: AccessibilityController,
    window: Navigator,
    localizer: Localizer,
) -> None:
    """The marker shows the sentence being read, in the look of the display modes; it clears
    with every stop of reading, screen change, reset and language change."""

    def on_sentence(text: str, code: str) -> None:
        marker.show_sentence(text, code, reader.sentences)

    def on_speaking(speaking: bool) -> None:
        if not speaking:
            marker.clear()

    reader.sentence_started.connect(on_sentence)
    reader.speaking_changed.connect(on_speaking)
    window.screen_changed.connect(lambda _name: marker.clear())
    window.session_reset.connect(marker.clear)
    localizer.language_changed.connect(lambda _code: marker.clear())
    access.modes_changed.connect(
        lambda: marker.set_look(access.modes.palette, access.modes.large_text)
    )


def _staff_area(
    window: Navigator,
    staff: Callable[[], StaffDesk],
    localizer: Localizer,
    metrics: Metrics,
    printer: HandoutPrinter,
) -> StaffArea:
    """The staff screens over the kiosk, made on the first long press (with the staff use
    cases: neither is imported before)."""
    from ui.screens.staff.area import StaffArea

    return StaffArea(staff(), localizer, metrics, window, printer=printer)
