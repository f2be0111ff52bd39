"""The staff menu: offers, the "to verify" list, the change log, settings, leaving."""

from __future__ import annotations

from PySide6.QtCore import Signal

from kiosk.admin.desk import StaffDesk
from ui.screens.base import Screen, make_label
from ui.widgets.buttons import TileButton, TileGrid


class StaffHomeScreen(Screen):
    """Big tiles to the staff tasks; ``chosen`` names the screen to open."""

    screen_name = "staff_home"
    # staff_offers, staff_verify, staff_audit, staff_stats, staff_settings, leave, quit
    chosen = Signal(str)

    def __init__(self, desk: StaffDesk, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._desk = desk
        self.subtitle = make_label("staff_home_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)
        self.grid = TileGrid(self._metrics.mm(90), self._metrics.gap * 2, self)
        self.tiles: dict[str, TileButton] = {}
        targets = (
            "staff_offers",
            "staff_verify",
            "staff_audit",
            "staff_stats",
            "staff_settings",
            "leave",
            "quit",
        )
        for target in targets:
            tile = TileButton(f"staff_open_{target.removeprefix('staff_')}", self.grid)
            tile.setMinimumHeight(self._metrics.tile_height)
            tile.clicked.connect(lambda _=False, t=target: self.chosen.emit(t))
            self.tiles[target] = tile
        self.grid.set_tiles(list(self.tiles.values()))
        self._layout.addWidget(self.grid)
        self._layout.addStretch(1)
        self._due = 0
        self.refresh()

    def refresh(self) -> None:
        """Count the offers to verify again (the database is read here, never in retranslate)."""
        self._due = len(self._desk.to_verify()[0])
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("Staff mode"))
        self.subtitle.setText(
            cat._("Keep the offers true. Every change is written to the change log.")
        )
        self.tiles["staff_offers"].set_texts(
            cat._("Edit offers"), cat._("Contacts, hours, texts, languages")
        )
        self.tiles["staff_verify"].set_texts(
            cat._("To verify"),
            cat.n_("{n} offer to check", "{n} offers to check", self._due),
        )
        self.tiles["staff_audit"].set_texts(cat._("Change log"), cat._("Who changed what, when"))
        self.tiles["staff_settings"].set_texts(
            cat._("Settings"), cat._("Languages, age bands, times, printer")
        )
        self.tiles["staff_stats"].set_texts(
            cat._("Usage"), cat._("Anonymous counts by language, age, topic, offer and time")
        )
        self.tiles["leave"].set_texts(cat._("Leave staff mode"), cat._("Back to the kiosk"))
        self.tiles["quit"].set_texts(
            cat._("Close the kiosk program"),
            cat._("For maintenance; the service manager starts it again"),
        )
