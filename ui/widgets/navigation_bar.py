"""The bar at the top of every screen after the start: Home, Back and the language, read-aloud
(repeat, stop, louder) and the display modes (large text, high contrast, low reach).

Everything fits in one row where the screen is wide enough; otherwise (a portrait stele, large
text, long words) read-aloud and the display modes move to a second row. Every control is at
least 15 mm and has an accessible name in the current language.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.localizer import Localizer
from ui.theme import Metrics
from ui.widgets.pictogram import PictogramButton


def display_mode_buttons(
    prefix: str, metrics: Metrics, parent: QWidget
) -> tuple[PictogramButton, PictogramButton, PictogramButton]:
    """The three display-mode toggles (large text, contrast, low reach), named ``prefix_…``."""
    return tuple(
        PictogramButton(
            f"{prefix}_{name}",
            icon,
            metrics.tool_icon,
            metrics.touch_min,
            parent,
            checkable=True,
        )
        for name, icon in (
            ("large_text", "large-text"),
            ("contrast", "contrast"),
            ("low_reach", "low-reach"),
        )
    )


def translate_display_modes(cat, large_text, contrast, low_reach) -> None:
    """Captions and accessible names of the display-mode toggles, in the current language."""
    # TRANSLATORS: short caption of a toggle button: bigger letters on every screen
    large_text.setText(cat._("Large text"))
    large_text.setAccessibleName(cat._("Large text on or off"))
    # TRANSLATORS: short caption of a toggle button: black and white, strong colours
    contrast.setText(cat._("Contrast"))
    contrast.setAccessibleName(cat._("High contrast on or off"))
    # TRANSLATORS: short caption of a toggle button: moves all buttons to the lower part of the
    # screen, for people in a wheelchair and children
    low_reach.setText(cat._("Move down"))
    low_reach.setAccessibleName(cat._("All buttons lower down, on or off"))


def _group(parent: QWidget, name: str, spacing: int, widgets: list[QWidget]) -> QWidget:
    group = QWidget(parent)
    group.setObjectName(name)
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(spacing)
    for widget in widgets:
        widget.setParent(group)
        row.addWidget(widget)
    return group


class NavigationBar(QWidget):
    """Always-reachable controls. Back points to where "back" is in the reading direction."""

    def __init__(self, localizer: Localizer, metrics: Metrics, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("NavigationBar")
        # Always as tall as its buttons want: Arabic-script lines are taller than Latin ones,
        # and a squeezed bar would cut them.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # white, with a bottom line
        self._localizer = localizer
        self._metrics = metrics
        self._endonym = ""
        self._speech_offered = False
        self.home = QPushButton(self)
        self.home.setObjectName("nav_home")
        self.back = QPushButton(self)
        self.back.setObjectName("nav_back")
        self.language = QPushButton(self)
        self.language.setObjectName("nav_language")
        for button in (self.home, self.back, self.language):
            button.setMinimumHeight(metrics.touch_min)
            button.setMinimumWidth(metrics.mm(30))
            # As tall as the tallest in the row (a fixed height would cap the row at the
            # lowest button, and taller Arabic lines in another button would be cut).
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)

        tool = (metrics.tool_icon, metrics.touch_min)
        self.read_aloud = PictogramButton("nav_read_aloud", "read-aloud", *tool, self)
        self.read_stop = PictogramButton("nav_read_stop", "stop", *tool, self)
        self.read_stop.setEnabled(False)
        self.volume = PictogramButton("nav_volume", "volume", *tool, self, checkable=True)
        self.large_text, self.contrast, self.low_reach = display_mode_buttons("nav", metrics, self)

        self._spacing = metrics.gap * 2
        self.speech_group = _group(
            self, "nav_speech", metrics.gap, [self.read_aloud, self.read_stop, self.volume]
        )
        self.speech_group.hide()
        self.display_group = _group(
            self, "nav_display", metrics.gap, [self.large_text, self.contrast, self.low_reach]
        )

        column = QVBoxLayout(self)
        column.setContentsMargins(metrics.px(24), metrics.px(10), metrics.px(24), metrics.px(10))
        column.setSpacing(metrics.gap * 2)
        self._first = QHBoxLayout()
        self._first.setSpacing(self._spacing)
        column.addLayout(self._first)
        self._rows: list[tuple[QWidget, QHBoxLayout]] = []
        for name in ("nav_second_row", "nav_third_row"):
            holder = QWidget(self)
            holder.setObjectName(name)
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(self._spacing)
            column.addWidget(holder)
            self._rows.append((holder, row))
        self._row_count = 0
        self._arrange(1)
        # Labelled now: the kiosk builds the bar after its first frame, when the application's
        # LanguageChange for the start language has long been delivered.
        self.retranslate()

    # -- layout ----------------------------------------------------------------------------
    def _width_of(self, widgets: list[QWidget]) -> int:
        margins = self.layout().contentsMargins()
        width = sum(max(w.sizeHint().width(), w.minimumWidth()) for w in widgets)
        return width + self._spacing * len(widgets) + margins.left() + margins.right()

    def rows_needed(self, width: int) -> int:
        """One row where everything fits; else read-aloud and the display modes below the
        journey buttons, side by side or (narrow screen, long words, large text) one above
        the other. Read-aloud always counts, so the bar keeps its shape from one screen or
        language to the next."""
        everything = [self.home, self.back, self.speech_group, self.display_group, self.language]
        if self._width_of(everything) <= width:
            return 1
        if self._width_of([self.speech_group, self.display_group]) <= width:
            return 2
        return 3

    def _arrange(self, rows: int) -> None:
        if rows == self._row_count:
            return
        self._row_count = rows
        (second_holder, second), (third_holder, third) = self._rows
        for layout in (self._first, second, third):
            while layout.count():
                layout.takeAt(0)
        self._first.addWidget(self.home)
        self._first.addWidget(self.back)
        self._first.addStretch(1)
        if rows == 1:
            self._first.addWidget(self.speech_group)
            self._first.addWidget(self.display_group)
        elif rows == 2:
            second.addWidget(self.speech_group)
            second.addStretch(1)
            second.addWidget(self.display_group)
        else:
            second.addWidget(self.speech_group)
            second.addStretch(1)
            third.addWidget(self.display_group)
            third.addStretch(1)
        self._first.addWidget(self.language)
        second_holder.setVisible(rows >= 2)
        third_holder.setVisible(rows >= 3)

    def rearrange(self) -> None:
        """Choose one, two or three rows for the current width, texts and font sizes."""
        if self.width() > 0:
            self._arrange(self.rows_needed(self.width()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.rearrange()

    def row_count(self) -> int:
        return self._row_count

    # -- read-aloud --------------------------------------------------------------------------
    def set_speech_offered(self, offered: bool) -> None:
        """Whether this language has a voice (read-aloud may show)."""
        self._speech_offered = offered

    def show_speech(self, visible: bool) -> None:
        self.speech_group.setVisible(visible and self._speech_offered)

    # -- texts -------------------------------------------------------------------------------
    def set_language_name(self, endonym: str) -> None:
        self._endonym = endonym
        self.retranslate()

    def retranslate(self) -> None:
        cat = self._localizer.catalogue
        # In right-to-left reading, "back" points to the right.
        arrow = "⇨" if cat.is_rtl else "⇦"
        self.home.setText(cat._("Start"))
        self.home.setAccessibleName(cat._("Back to the start"))
        self.back.setText(f"{arrow}  " + cat._("Back"))
        self.back.setAccessibleName(cat._("Back"))
        self.language.setText(self._endonym or cat._("Language"))
        self.language.setAccessibleName(cat._("Change the language"))
        # TRANSLATORS: short caption of a button: reads the screen aloud (again from the start)
        self.read_aloud.setText(cat._("Read aloud"))
        self.read_aloud.setAccessibleName(cat._("Read this screen aloud"))
        # TRANSLATORS: short caption of a button: stops reading aloud
        self.read_stop.setText(cat._("Stop"))
        self.read_stop.setAccessibleName(cat._("Stop reading aloud"))
        # TRANSLATORS: short caption of a toggle button: reads aloud louder
        self.volume.setText(cat._("Louder"))
        self.volume.setAccessibleName(cat._("Read aloud louder, on or off"))
        translate_display_modes(cat, self.large_text, self.contrast, self.low_reach)
        self.rearrange()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
