"""The staff menu: offers, the "to verify" list, the change log, settings, leaving.

On a kiosk (``desk=False``) the menu also shows where the content comes from (the
:class:`~ui.screens.staff.content_status.ContentStatusPanel`, staff only) and the way out; on
the central office's desk editor (``desk=True``) it has neither: the window has its own menu.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.admin.desk import StaffDesk
from ui.screens.base import Screen, make_label, make_scroll_area
from ui.screens.staff.content_status import ContentStatusPanel
from ui.widgets.buttons import TileButton, TileGrid

KIOSK_TARGETS = (
    "staff_offers",
    "staff_verify",
    "staff_audit",
    "staff_stats",
    "staff_settings",
    "leave",
    "quit",
)
DESK_TARGETS = ("staff_offers", "staff_verify", "staff_audit", "staff_stats", "staff_settings")


class StaffHomeScreen(Screen):
    """Big tiles to the staff tasks; ``chosen`` names the screen to open."""

    screen_name = "staff_home"
    # staff_offers, staff_verify, staff_audit, staff_stats, staff_settings, leave, quit
    chosen = Signal(str)
    content_rolled_back = Signal()

    def __init__(self, desk: StaffDesk, *args, desk_mode: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._desk = desk
        self._desk_mode = desk_mode
        self.subtitle = make_label("staff_home_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)
        # the status panel and the tiles scroll together (a long warning must not squeeze them)
        content = QWidget()
        content.setObjectName("staff_home_content")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, self._metrics.gap, 0)
        column.setSpacing(self._metrics.gap * 2)
        self.content_status: ContentStatusPanel | None = None
        if not desk_mode:
            self.content_status = ContentStatusPanel(desk, self._localizer, self._metrics, content)
            self.content_status.rolled_back.connect(self._on_rolled_back)
            self.content_status.failed.connect(self.subtitle.setText)
            column.addWidget(self.content_status)
        self.grid = TileGrid(self._metrics.mm(90), self._metrics.gap * 2, content)
        self.tiles: dict[str, TileButton] = {}
        for target in DESK_TARGETS if desk_mode else KIOSK_TARGETS:
            tile = TileButton(f"staff_open_{target.removeprefix('staff_')}", self.grid)
            tile.setMinimumHeight(self._metrics.tile_height)
            tile.clicked.connect(lambda _=False, t=target: self.chosen.emit(t))
            self.tiles[target] = tile
        self.grid.set_tiles(list(self.tiles.values()))
        column.addWidget(self.grid)
        column.addStretch(1)
        self.scroll = make_scroll_area("staff_home_scroll", content, self)
        self._layout.addWidget(self.scroll, 1)
        self._due = 0
        self._managed = False
        self.refresh()

    def refresh(self) -> None:
        """Count the offers to verify again and read the content state (the database is read
        here, never in retranslate)."""
        self._due = len(self._desk.to_verify()[0])
        self._managed = not self._desk_mode and self._desk.content_managed()
        if self.content_status is not None:
            self.content_status.refresh()
        self.retranslate()

    def _on_rolled_back(self, text: str) -> None:
        self.refresh()
        self.subtitle.setText(text)
        self.content_rolled_back.emit()

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("Desk editor") if self._desk_mode else cat._("Staff mode"))
        self.subtitle.setText(
            cat._("Keep the offers true. Every change is written to the change log.")
        )
        if self._managed:
            # TRANSLATORS: staff menu tile on a kiosk whose offers are edited centrally
            self.tiles["staff_offers"].set_texts(
                cat._("Offers"), cat._("Read only: edited centrally by the integration office")
            )
        else:
            self.tiles["staff_offers"].set_texts(
                cat._("Edit offers"), cat._("Contacts, hours, texts, languages")
            )
        self.tiles["staff_verify"].set_texts(
            cat._("To verify"),
            cat.n_("{n} offer to check", "{n} offers to check", self._due),
        )
        self.tiles["staff_audit"].set_texts(cat._("Change log"), cat._("Who changed what, when"))
        if self._desk_mode:
            # TRANSLATORS: desk editor menu tile: the languages' order and the age bands that
            # every kiosk gets with the content
            self.tiles["staff_settings"].set_texts(
                cat._("Languages and age bands"), cat._("Order of the languages, age bands")
            )
        else:
            self.tiles["staff_settings"].set_texts(
                cat._("Settings"), cat._("Languages, age bands, times, printer")
            )
        self.tiles["staff_stats"].set_texts(
            cat._("Usage"), cat._("Anonymous counts by language, age, topic, offer and time")
        )
        if "leave" in self.tiles:
            self.tiles["leave"].set_texts(cat._("Leave staff mode"), cat._("Back to the kiosk"))
            self.tiles["quit"].set_texts(
                cat._("Close the kiosk program"),
                cat._("For maintenance; the service manager starts it again"),
            )
        if self.content_status is not None:
            self.content_status.retranslate()
