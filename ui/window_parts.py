"""What the wiring site (:mod:`ui.window`) hands the navigator once the whole window is built,
after the start screen's first frame (so none of it is made before that frame)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kiosk.domain.choices import AgeBand, Language
    from ui.accessibility import AccessibilityController
    from ui.printing import HandoutPrinter
    from ui.screens.attract import AttractScreen
    from ui.screens.base import Screen
    from ui.staff_mode import StaffModeController
    from ui.widgets.idle_warning import IdleWarningWidget
    from ui.widgets.navigation_bar import NavigationBar


class ScreenMaker(Protocol):
    """Makes the screens built from lists again when staff change a list (see ui.window)."""

    def attract(self, languages: list[Language]) -> AttractScreen: ...

    def language(self, languages: list[Language]) -> Screen: ...

    def age(self, bands: list[AgeBand]) -> Screen: ...


@dataclass(frozen=True)
class WindowParts:
    """What the wiring site (:func:`ui.window.build_window`) hands the navigator once built."""

    nav: NavigationBar
    idle_warning: IdleWarningWidget
    access: AccessibilityController
    staff_mode: StaffModeController | None
    screens: ScreenMaker
    printer: HandoutPrinter  # (the one the detail screen prints with; its state for staff)
