"""The three choice screens of the journey: language, age band and need."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.choices import AgeBand, Language, Need
from kiosk.labels import age_band_label, need_label
from ui.screens.base import Screen, make_label, make_scroll_area
from ui.widgets.buttons import TileButton, TileGrid


def age_pictogram(band: AgeBand) -> str:
    """The pictogram of an age band, from its numbers (staff may change the bands): a child,
    a teenager, a young adult (with a graduation cap) or an adult (with a bag)."""
    low = band.min_age or 0
    if low < 12:
        return "age-child"
    if low < 18:
        return "age-teen"
    if low < 27:
        return "age-young"
    return "age-adult"


class _ChoiceScreen(Screen):
    """A title, a subtitle and a grid of big tiles."""

    def __init__(self, *args, min_tile_mm: float = 70, **kwargs):
        super().__init__(*args, **kwargs)
        self.subtitle = make_label(f"{self.screen_name}_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)
        body = QWidget()
        body.setObjectName(f"{self.screen_name}_body")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, self._metrics.gap, 0)
        self.body_layout.setSpacing(self._metrics.gap * 2)
        self.grid = TileGrid(self._metrics.mm(min_tile_mm), self._metrics.gap * 2, body)
        self.body_layout.addWidget(self.grid)
        self.body_layout.addStretch(1)
        self.scroll = make_scroll_area(f"{self.screen_name}_scroll", body, self)
        self._layout.addWidget(self.scroll, 1)

    def reset(self) -> None:
        self.scroll.verticalScrollBar().setValue(0)

    def _spoken_lines(self) -> list[str]:
        lines = [self.title.text(), self.subtitle.text()]
        lines += [tile.title() for tile in self.grid.tiles() if not tile.isHidden()]
        return lines

    def _tile(self, object_name: str, *, large: bool = False, icon: str = "") -> TileButton:
        tile = TileButton(
            object_name, self.grid, large=large, icon=icon, icon_size=self._metrics.pictogram
        )
        tile.set_min_height(self._metrics.tile_height)
        return tile


class LanguageScreen(_ChoiceScreen):
    """Every enabled language by its own name in its own script (no flags)."""

    screen_name = "language"
    language_chosen = Signal(str)

    def __init__(self, languages: list[Language], *args, **kwargs):
        # Narrower tiles than the other screens: all 17 languages fit without scrolling
        # (5 columns in landscape, 3 in portrait); long endonyms wrap.
        super().__init__(*args, min_tile_mm=80, **kwargs)
        self._languages = languages
        tiles = []
        for language in languages:
            tile = self._tile(f"lang_{language.code}", large=True)
            tile.clicked.connect(
                lambda _=False, code=language.code: self.language_chosen.emit(code)
            )
            tiles.append(tile)
        self.grid.set_tiles(tiles)
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("Choose your language"))
        self.subtitle.setText(cat._("You can change the language at any time."))
        for language, tile in zip(self._languages, self.grid.tiles(), strict=True):
            # The endonym is the title; the name in the current language helps staff.
            native = cat.language_name(language.code)
            detail = native if native.casefold() != language.endonym.casefold() else ""
            # Centred text needs no per-tile direction: Qt orders each name by its script.
            tile.set_texts(language.endonym, cat.isolate(detail) if detail else "")


class AgeScreen(_ChoiceScreen):
    """Age bands from the database ("Under 12", "12 to 17 years" …)."""

    screen_name = "age"
    age_chosen = Signal(str)

    def __init__(self, bands: list[AgeBand], *args, **kwargs):
        super().__init__(*args, min_tile_mm=100, **kwargs)
        self._bands = bands
        tiles = []
        for band in bands:
            tile = self._tile(f"age_{band.id}", large=True, icon=age_pictogram(band))
            tile.clicked.connect(lambda _=False, band_id=band.id: self.age_chosen.emit(band_id))
            tiles.append(tile)
        self.grid.set_tiles(tiles)
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("How old are you?"))
        self.subtitle.setText(cat._("If you ask for someone else, choose their age."))
        for band, tile in zip(self._bands, self.grid.tiles(), strict=True):
            tile.set_texts(age_band_label(cat, band))


class NeedScreen(_ChoiceScreen):
    """What the visitor needs help with; skipping shows every offer for their age."""

    screen_name = "need"
    need_chosen = Signal(object)  # need id, or None for "show everything"

    def __init__(self, needs: list[Need], *args, **kwargs):
        super().__init__(*args, min_tile_mm=95, **kwargs)
        self._needs = needs
        tiles = []
        for need in needs:
            tile = self._tile(f"need_{need.id}", icon=need.icon or need.id)
            tile.clicked.connect(lambda _=False, need_id=need.id: self.need_chosen.emit(need_id))
            tiles.append(tile)
        self.grid.set_tiles(tiles)
        self.skip = TileButton("need_skip", self, primary=True)
        self.skip.set_min_height(self._metrics.touch_primary)
        self.skip.clicked.connect(lambda: self.need_chosen.emit(None))
        self._layout.addWidget(self.skip)
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("What do you need help with?"))
        self.subtitle.setText(cat._("Choose one topic, or see all offers."))
        for need, tile in zip(self._needs, self.grid.tiles(), strict=True):
            tile.set_texts(need_label(cat, need.id))
        self.skip.set_texts(cat._("Show all offers"))

    def _spoken_lines(self) -> list[str]:
        return [*super()._spoken_lines(), self.skip.title()]
