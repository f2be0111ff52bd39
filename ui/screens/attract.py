"""The resting screen: greets passers-by in every enabled language. A greeting is its
language's button (one tap chooses it); a tap anywhere else opens the language grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.choices import Language
from kiosk.i18n import start_screen_texts
from ui.screens.base import Screen, make_scroll_area
from ui.widgets.buttons import TileButton
from ui.widgets.display_modes import display_mode_buttons, translate_display_modes

if TYPE_CHECKING:
    from PySide6.QtWidgets import QScrollArea


def _cell_label(object_name: str, role: str, cell: QWidget) -> QLabel:
    """A greeting or a language's name: one centred line. A plain QLabel, not the wrapping
    :class:`~ui.widgets.fitting_label.FittingLabel` of the other screens: :meth:`AttractScreen.
    _arrange` makes every cell as wide as the widest of these texts, so none ever needs to
    break (and 34 labels without Python overrides cost ~12 ms less before the first frame)."""
    label = QLabel(cell)
    label.setObjectName(object_name)
    label.setProperty("role", role)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    # (Wrapping is on only for Qt's measure of the height: that one counts the taller lines
    # of the Arabic script's font; the unwrapped measure takes the base font's line height.)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class _GreetingButton(QPushButton):
    """A greeting and its language's name; as large as the grid's cells. (The size is a size
    hint: the style sheet's min-width of buttons would replace a minimum size when the style
    is applied again.)"""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._cell = QSize()

    def set_cell_size(self, size: QSize) -> None:
        if size != self._cell:
            self._cell = size
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(self._cell)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(self._cell)


class AttractScreen(Screen):
    """Shows "Welcome" in each language, each in its own script, with the language's name:
    tapping it chooses that language. The start button and any other tap open the grid."""

    screen_name = "attract"
    start_requested = Signal()
    #: A greeting was tapped: its language is chosen at once (one tap fewer).
    language_chosen = Signal(str)

    def __init__(self, languages: list[Language], *args, scrolling: bool = True, **kwargs):
        """``scrolling=False`` leaves the greetings' scroll area to :meth:`enable_scrolling`
        (the first scroll area and Qt's gesture machinery cost ~70 ms at start-up; the start
        screen's first frame does without them: the greetings fit in all but large text)."""
        super().__init__(*args, **kwargs)
        self._languages = languages
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._greetings = QWidget(self)
        self._greetings.setObjectName("attract_greetings")
        self._grid = QGridLayout(self._greetings)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._grid.setHorizontalSpacing(self._metrics.gap * 2)
        self._grid.setVerticalSpacing(self._metrics.gap)
        self._columns = (0, 0)
        self._sized = False  # greetings are arranged for the screen's width, once it has one
        self._cells: list[tuple[str, QLabel, QLabel]] = []
        self._cell_widgets: list[QWidget] = []
        for language in languages:
            # Each greeting is its language's button: one tap chooses the language (the
            # language's own name below the greeting tells Persian and Dari apart).
            cell = _GreetingButton(self._greetings)
            cell.setObjectName(f"attract_lang_{language.code}")
            cell.setAccessibleName(language.endonym)
            cell.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            cell.clicked.connect(lambda _=False, c=language.code: self.language_chosen.emit(c))
            box = QVBoxLayout(cell)
            box.setContentsMargins(
                self._metrics.gap, self._metrics.gap // 2, self._metrics.gap, self._metrics.gap // 2
            )
            box.setSpacing(2)
            welcome = _cell_label(f"attract_welcome_{language.code}", "heading", cell)
            name = _cell_label(f"attract_name_{language.code}", "subtitle", cell)
            name.setText(language.endonym)
            box.addWidget(welcome)
            box.addWidget(name)
            self._cells.append((language.code, welcome, name))
            self._cell_widgets.append(cell)
        self._scroll: QScrollArea | None = None
        # Until the scroll area comes, the greetings take the room there is and never push the
        # window taller (their wrapped cells would, before the first resize sets the columns).
        self._greetings.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        # They also take the first focus (before the buttons, which would show a focus ring;
        # a scroll area made after the buttons would come after them in the focus order).
        self._greetings.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # The scroll bar's room, kept free from the first frame on (the scroll area comes later
        # and always has its bar): the greetings never move when it arrives.
        self._grid.setContentsMargins(0, 0, self._metrics.scroll_bar, 0)
        self._layout.addWidget(self._greetings, 1)
        if scrolling:
            self.enable_scrolling()
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

    def enable_scrolling(self) -> None:
        """Put the greetings into a scroll area that follows a finger (once)."""
        if self._scroll is not None:
            return
        self._scroll = make_scroll_area("attract_scroll", QWidget(), self)
        self._layout.replaceWidget(self._greetings, self._scroll)
        self._greetings.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._scroll.setWidget(self._greetings)  # (deletes the placeholder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._greetings.show()

    def retranslate(self) -> None:
        # TRANSLATORS: name of the kiosk, on the start screen
        self.title.setText(self.cat._("Wegweiser Dresden"))
        # Greetings are centred, and Qt orders each line by its own script, so no cell needs a
        # layout direction (looking it up would load every language's CLDR data at start-up).
        starts = []
        for code, welcome, _name in self._cells:
            greeting, _touch, start = start_screen_texts(code)
            welcome.setText(greeting)
            starts.append(start)
        # The start button speaks the first few languages (different words only, so easy
        # German's "Start" does not push out Ukrainian); the greetings above speak all.
        starts = list(dict.fromkeys(starts))[:3]
        self.start_button.set_texts("▶  " + " · ".join(starts))
        translate_display_modes(self.cat, self.large_text, self.contrast, self.low_reach)
        self._columns = (0, 0)
        if self._sized:  # (before its first size, the first resize event arranges them)
            self._arrange()

    def _arrange(self) -> None:
        """As many columns as the widest greeting or name allows: neither ever wraps (a wrapped
        line in a grid cell inside a scroll area can be cut off)."""
        shown = list(self._cell_widgets)
        widest = 0
        for _, welcome, name in self._cells:
            for label in (welcome, name):
                label.ensurePolished()
                widest = max(widest, label.fontMetrics().horizontalAdvance(label.text()))
        widest += 2 * self._metrics.gap + 8  # the button's margins and frame
        spacing = self._grid.horizontalSpacing()
        cell_width = max(widest + self._metrics.gap // 2, self._metrics.mm(60))
        margins = self._layout.contentsMargins()
        available = self.width() - margins.left() - margins.right() - self._metrics.scroll_bar
        fit = (available + spacing) // (cell_width + spacing) if available > 0 else 2
        columns = max(1, min(len(shown), fit))
        # All as tall as the tallest (Arabic script needs the most): an even grid, and a cell
        # never keeps an old height when the font grows (large text).
        height = max(
            (cell.layout().totalHeightForWidth(cell_width) for cell in self._cell_widgets),
            default=0,
        )
        for cell in self._cell_widgets:
            cell.set_cell_size(QSize(cell_width, height))
        if (columns, len(shown)) == self._columns:
            return
        self._columns = (columns, len(shown))
        for cell in self._cell_widgets:
            self._grid.removeWidget(cell)
        for index, cell in enumerate(shown):
            self._grid.addWidget(cell, index // columns, index % columns)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._sized = True
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
