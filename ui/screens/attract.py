"""The resting screen: greets passers-by in every enabled language; any tap starts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.models import Language
from ui.screens.base import Screen, make_label, make_scroll_area
from ui.widgets.buttons import TileButton


class AttractScreen(Screen):
    """Shows "Welcome – touch the screen to start" in each language, each in its own script."""

    screen_name = "attract"
    start_requested = Signal()

    def __init__(self, languages: list[Language], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._languages = languages
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._greetings = QWidget(self)
        self._greetings.setObjectName("attract_greetings")
        grid = QGridLayout(self._greetings)
        grid.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.setSpacing(self._metrics.gap * 2)
        columns = 2 if len(languages) > 4 else 1
        self._cells: list[tuple[str, QLabel, QLabel]] = []
        for index, language in enumerate(languages):
            cell = QWidget(self._greetings)
            cell.setMinimumWidth(self._metrics.mm(120))
            box = QVBoxLayout(cell)
            box.setSpacing(2)
            welcome = make_label(f"attract_welcome_{language.code}", "greeting", cell)
            hint = make_label(f"attract_hint_{language.code}", "subtitle", cell)
            for label in (welcome, hint):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                box.addWidget(label)
            grid.addWidget(cell, index // columns, index % columns)
            self._cells.append((language.code, welcome, hint))
        self._layout.addWidget(make_scroll_area("attract_scroll", self._greetings, self), 1)
        self.start_button = TileButton("attract_start", self, primary=True)
        self.start_button.setMinimumHeight(self._metrics.touch_primary)
        self.start_button.clicked.connect(self.start_requested)
        self._layout.addWidget(self.start_button)
        self.retranslate()

    def retranslate(self) -> None:
        # TRANSLATORS: name of the kiosk, on the start screen
        self.title.setText(self.cat._("Wegweiser Dresden"))
        for code, welcome, hint in self._cells:
            cat = self._localizer.catalogue_for(code)
            direction = (
                Qt.LayoutDirection.RightToLeft if cat.is_rtl else Qt.LayoutDirection.LeftToRight
            )
            # TRANSLATORS: greeting on the start screen, shown in every language at once
            welcome.setText(cat.p_("attract", "Welcome"))
            hint.setText(cat._("Touch the screen to start"))
            welcome.setLayoutDirection(direction)
            hint.setLayoutDirection(direction)
        # The start button speaks the first few languages; the greetings above speak all.
        starts = dict.fromkeys(
            self._localizer.catalogue_for(code).p_("attract", "Start")
            for code, _, _ in self._cells[:3]
        )
        self.start_button.set_texts("▶  " + " · ".join(starts))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.start_requested.emit()
        event.accept()
