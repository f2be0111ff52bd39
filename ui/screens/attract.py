"""The resting screen: greets passers-by in every enabled language; any tap starts."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.models import Language
from kiosk.i18n import start_screen_texts
from ui.screens.base import Screen, enable_touch_scrolling, make_label, make_scroll_area
from ui.widgets.buttons import TileButton
from ui.widgets.navigation_bar import display_mode_buttons, translate_display_modes


class AttractScreen(Screen):
    """Shows "Welcome – touch the screen to start" in each language, each in its own script."""

    screen_name = "attract"
    start_requested = Signal()

    def __init__(self, languages: list[Language], *args, touch_scrolling: bool = True, **kwargs):
        """``touch_scrolling=False`` leaves finger scrolling to :meth:`enable_touch_scrolling`
        (Qt's gesture machinery costs ~35 ms the first time; the first frame can do without)."""
        super().__init__(*args, **kwargs)
        self._languages = languages
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._greetings = QWidget(self)
        self._greetings.setObjectName("attract_greetings")
        self._grid = QGridLayout(self._greetings)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._grid.setSpacing(self._metrics.gap * 2)
        self._columns = (0, 0)
        self._cells: list[tuple[str, QLabel, QLabel]] = []
        self._cell_widgets: list[QWidget] = []
        for language in languages:
            cell = QWidget(self._greetings)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            welcome = make_label(f"attract_welcome_{language.code}", "greeting", cell)
            hint = make_label(f"attract_hint_{language.code}", "subtitle", cell)
            for label in (welcome, hint):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                box.addWidget(label)
            self._cells.append((language.code, welcome, hint))
            self._cell_widgets.append(cell)
        self._scroll = make_scroll_area(
            "attract_scroll", self._greetings, self, touch=touch_scrolling
        )
        self._touch_scrolling = touch_scrolling
        self._layout.addWidget(self._scroll, 1)
        # Large text, contrast and low reach are one tap away here too (there is no bar yet).
        modes = QWidget(self)
        modes.setObjectName("attract_modes")
        row = QHBoxLayout(modes)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(self._metrics.gap * 2)
        row.addStretch(1)
        self.large_text, self.contrast, self.low_reach = display_mode_buttons(
            "attract", self._metrics, modes
        )
        for button in (self.large_text, self.contrast, self.low_reach):
            row.addWidget(button)
        row.addStretch(1)
        self._layout.addWidget(modes)
        self.start_button = TileButton("attract_start", self, primary=True)
        self.start_button.set_min_height(self._metrics.touch_primary)
        self.start_button.clicked.connect(self.start_requested)
        self._layout.addWidget(self.start_button)
        self.retranslate()

    def enable_touch_scrolling(self) -> None:
        if not self._touch_scrolling:
            self._touch_scrolling = True
            enable_touch_scrolling(self._scroll)

    def retranslate(self) -> None:
        # TRANSLATORS: name of the kiosk, on the start screen
        self.title.setText(self.cat._("Wegweiser Dresden"))
        # Greetings are centred, and Qt orders each line by its own script, so no cell needs a
        # layout direction (looking it up would load every language's CLDR data at start-up).
        starts = []
        for code, welcome, hint in self._cells:
            greeting, touch, start = start_screen_texts(code)
            welcome.setText(greeting)
            hint.setText(touch)
            starts.append(start)
        # The start button speaks the first few languages (different words only, so easy
        # German's "Start" does not push out Ukrainian); the greetings above speak all.
        starts = list(dict.fromkeys(starts))[:3]
        self.start_button.set_texts("▶  " + " · ".join(starts))
        translate_display_modes(self.cat, self.large_text, self.contrast, self.low_reach)
        self._columns = (0, 0)
        self._arrange()

    def _arrange(self) -> None:
        """As many columns as the widest greeting allows: a greeting never wraps (a wrapped
        line in a grid cell inside a scroll area can be cut off), the hints below may.
        A greeting that reads exactly like one before it (Persian and Dari) is shown once."""
        shown: list[QWidget] = []
        seen: set[tuple[str, str]] = set()
        widest = 0
        for (_, welcome, hint), cell in zip(self._cells, self._cell_widgets, strict=True):
            key = (welcome.text(), hint.text())
            cell.setVisible(key not in seen)
            if key in seen:
                continue
            seen.add(key)
            shown.append(cell)
            welcome.ensurePolished()
            widest = max(widest, welcome.fontMetrics().horizontalAdvance(welcome.text()))
        spacing = self._grid.spacing()
        cell_width = max(widest + self._metrics.gap // 2, self._metrics.mm(60))
        margins = self._layout.contentsMargins()
        available = self.width() - margins.left() - margins.right() - self._metrics.mm(8)
        fit = (available + spacing) // (cell_width + spacing) if available > 0 else 2
        columns = max(1, min(len(shown), fit))
        for cell in self._cell_widgets:
            cell.setMinimumWidth(cell_width)
            # As tall as its wrapped hint needs (a grid cell may otherwise keep an old height
            # when the font grows: large text).
            cell.setMinimumHeight(cell.layout().totalHeightForWidth(cell_width))
        if (columns, len(shown)) == self._columns:
            return
        self._columns = (columns, len(shown))
        for cell in self._cell_widgets:
            self._grid.removeWidget(cell)
        for index, cell in enumerate(shown):
            self._grid.addWidget(cell, index // columns, index % columns)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            # Large text: the greetings need other columns, once their own fonts changed too.
            QTimer.singleShot(0, self, self._rearrange)  # dropped if the screen is gone

    def _rearrange(self) -> None:
        self._columns = (0, 0)
        self._arrange()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.start_requested.emit()
        event.accept()
