"""Staff mode as one layer over the kiosk window: a top bar and the staff screens.

The area starts on the PIN screen; after the right PIN it shows the staff menu. It tells the
outside world what happened through signals — ``offers_changed`` after an offer was saved,
``settings_changed`` after the settings were saved, ``left`` when staff leave — and never
touches the visitor screens itself (the navigator does).

With ``desk_mode`` the same screens run in the central office's desk editor
(:mod:`ui.editor`): no PIN screen (the desk is the office's own machine, reached through its
operating-system account), no way out of staff mode (the window closes as any window does), no
content-status panel, and the settings screen shows only what is content (languages' order and
age bands).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.admin.desk import StaffDesk
from ui.localizer import Localizer
from ui.screens.base import Screen, make_label
from ui.screens.staff.common import make_button
from ui.screens.staff.dashboard import UsageDashboardScreen
from ui.screens.staff.editor import OfferEditorScreen
from ui.screens.staff.home import StaffHomeScreen
from ui.screens.staff.lists import AuditLogScreen, OfferListScreen, VerifyListScreen
from ui.screens.staff.login import StaffLoginScreen
from ui.screens.staff.settings import SettingsScreen
from ui.screens.staff.style import staff_stylesheet
from ui.theme import Metrics

if TYPE_CHECKING:
    from ui.printing import HandoutPrinter


class StaffBar(QWidget):
    """Top bar of staff mode: where you are, the menu, and the way out."""

    def __init__(
        self, localizer: Localizer, metrics: Metrics, parent: QWidget, desk_mode: bool = False
    ):
        super().__init__(parent)
        self.setObjectName("StaffBar")
        self._desk_mode = desk_mode
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._localizer = localizer
        row = QHBoxLayout(self)
        row.setContentsMargins(metrics.px(24), metrics.px(10), metrics.px(24), metrics.px(10))
        row.setSpacing(metrics.gap * 2)
        self.label = make_label("staff_bar_title", "", self)
        self.menu = make_button("staff_menu", metrics, self)
        self.leave = make_button("staff_leave", metrics, self)
        self.setMinimumHeight(metrics.touch_min + metrics.px(20))
        row.addWidget(self.label, 1)
        row.addWidget(self.menu)
        row.addWidget(self.leave)
        self.location = ""
        self.retranslate()

    def retranslate(self) -> None:
        cat = self._localizer.catalogue
        title = cat._("Desk editor") if self._desk_mode else cat._("Staff mode")
        if self.location:
            title = f"{title} · {cat.isolate(self.location)}"
        self.label.setText(title)
        self.menu.setText(cat._("Menu"))
        self.menu.setAccessibleName(self.menu.text())
        self.leave.setText(cat._("Leave staff mode"))
        self.leave.setAccessibleName(self.leave.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class StaffArea(QWidget):
    """Covers the kiosk window while staff mode is open."""

    granted = Signal()
    left = Signal()
    offers_changed = Signal()
    settings_changed = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        desk: StaffDesk,
        localizer: Localizer,
        metrics: Metrics,
        parent: QWidget,
        printer: HandoutPrinter | None = None,
        *,
        desk_mode: bool = False,
    ):
        super().__init__(parent)
        self._printer = printer
        self.desk_mode = desk_mode
        self.setObjectName("StaffArea")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(staff_stylesheet(metrics))
        self._desk = desk
        self._localizer = localizer
        self._return_to = "staff_offers"
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.bar = StaffBar(localizer, metrics, self, desk_mode)
        column.addWidget(self.bar)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("staff_stack")
        column.addWidget(self.stack, 1)
        self._common = (localizer, metrics)
        # Screens are built when first shown: a kiosk that never sees staff pays nothing.
        self.screens: dict[str, Screen] = {}
        self.bar.menu.clicked.connect(lambda: self.show_screen("staff_home"))
        self.bar.leave.clicked.connect(self.left)
        self.hide()

    # -- the screens, built on first use ------------------------------------------------------
    def screen(self, name: str) -> Screen:
        if name not in self.screens:
            self._build(name)
        return self.screens[name]

    def _build(self, name: str) -> None:
        desk, common = self._desk, self._common
        if name == "staff_login":
            screen = StaffLoginScreen(desk, *common)
            screen.granted.connect(self._on_granted)
            screen.cancelled.connect(self.left)
        elif name == "staff_home":
            screen = StaffHomeScreen(desk, *common, desk_mode=self.desk_mode)
            screen.chosen.connect(self._on_menu_choice)
            screen.content_rolled_back.connect(self.offers_changed)
        elif name == "staff_offers":
            screen = OfferListScreen(desk, *common)
            screen.offer_chosen.connect(lambda oid: self._edit(oid, "staff_offers"))
            screen.new_requested.connect(self._new_offer)
        elif name == "staff_verify":
            screen = VerifyListScreen(desk, *common)
            screen.offer_chosen.connect(lambda oid: self._edit(oid, "staff_verify"))
        elif name == "staff_editor":
            screen = OfferEditorScreen(desk, *common)
            screen.saved.connect(self._on_offer_saved)
            screen.cancelled.connect(lambda: self.show_screen(self._return_to))
        elif name == "staff_audit":
            screen = AuditLogScreen(desk, *common)
        elif name == "staff_stats":
            screen = UsageDashboardScreen(desk, *common, printer=self._printer)
        elif name == "staff_settings":
            screen = SettingsScreen(desk, *common, desk_mode=self.desk_mode)
            screen.saved.connect(self._on_settings_saved)
            screen.cancelled.connect(lambda: self.show_screen("staff_home"))
        else:
            raise KeyError(name)
        self.stack.addWidget(screen)
        self.screens[name] = screen

    @property
    def login(self) -> StaffLoginScreen:
        return self.screen("staff_login")

    @property
    def home(self) -> StaffHomeScreen:
        return self.screen("staff_home")

    @property
    def offers(self) -> OfferListScreen:
        return self.screen("staff_offers")

    @property
    def editor(self) -> OfferEditorScreen:
        return self.screen("staff_editor")

    @property
    def verify(self) -> VerifyListScreen:
        return self.screen("staff_verify")

    @property
    def audit(self) -> AuditLogScreen:
        return self.screen("staff_audit")

    @property
    def settings(self) -> SettingsScreen:
        return self.screen("staff_settings")

    # -- showing -----------------------------------------------------------------------------
    def current_screen(self) -> str:
        return self.stack.currentWidget().screen_name

    def open_login(self) -> None:
        self.bar.location = self._desk.settings.load().location
        self.bar.retranslate()
        self.bar.menu.hide()
        self.bar.leave.hide()
        self.login.open()
        self.stack.setCurrentWidget(self.login)

    def open_desk(self, place: str = "") -> None:
        """Desk mode: straight to the menu (``place`` names the database in the bar)."""
        self.bar.location = place
        self.bar.retranslate()
        self.show_screen("staff_home")
        self.show()

    def close_all(self) -> None:
        """Forget everything typed (PIN, unsaved edits) when staff mode ends."""
        if "staff_login" in self.screens:
            self.login.close_pad()
        self.hide()

    def show_screen(self, name: str) -> None:
        fresh = name not in self.screens
        screen = self.screen(name)
        if not fresh and name in (
            "staff_home",
            "staff_offers",
            "staff_verify",
            "staff_audit",
            "staff_stats",
        ):
            screen.refresh()
        if name == "staff_settings" and not fresh:
            self.settings.load()
        self.bar.menu.setVisible(name not in ("staff_login", "staff_home"))
        self.bar.leave.setVisible(name != "staff_login" and not self.desk_mode)
        self.stack.setCurrentWidget(screen)

    def _on_granted(self) -> None:
        self.granted.emit()
        self.show_screen("staff_home")

    def _on_menu_choice(self, target: str) -> None:
        if target == "leave":
            self.left.emit()
        elif target == "quit":
            self.quit_requested.emit()
        else:
            if target == "staff_offers":
                self.offers.show_notice("")
            self.show_screen(target)

    def _edit(self, offer_id: str, return_to: str) -> None:
        self._return_to = return_to
        if self.editor.edit_offer(offer_id):
            self.show_screen("staff_editor")

    def _new_offer(self) -> None:
        self._return_to = "staff_offers"
        self.editor.new_offer()
        self.show_screen("staff_editor")

    def _on_offer_saved(self, offer_id: str, changes: int) -> None:
        cat = self._localizer.catalogue
        offer = self._desk.offers.get(offer_id)
        name = cat.isolate(offer.name if offer else offer_id)
        if changes:
            saved = cat._("Saved “{name}”.", name=name)
            count = cat.n_("{n} change.", "{n} changes.", changes)
            notice = f"{saved} {count}"
            self.offers_changed.emit()
        else:
            notice = cat._("Nothing was changed in “{name}”.", name=name)
        self.show_screen(self._return_to)
        self.screens[self._return_to].show_notice(notice)

    def _on_settings_saved(self, changes: int) -> None:
        cat = self._localizer.catalogue
        if not self.desk_mode:
            self.bar.location = self._desk.settings.load().location
            self.bar.retranslate()
        if changes:
            self.settings_changed.emit()
        self.show_screen("staff_home")
        self.home.subtitle.setText(
            cat.n_("Settings saved: {n} change.", "Settings saved: {n} changes.", changes)
            if changes
            else cat._("The settings were not changed.")
        )
