"""The bar at the top of every screen after the start: Home, Back and the language, read-aloud
(repeat, stop, louder) and the display modes (large text, high contrast, low reach).

The bar is never more than two rows high, in any language and in large text, and one row where
that fits (landscape). It takes the first of its arrangements that fits the width
(:data:`ARRANGEMENTS`), from the most open to the most compact:

1. everything side by side;
2. high contrast and low reach behind one "Display" control, which opens a small panel below
   the bar with the two (they are rarely used; large text stays in the bar);
3. then "Stop", "Louder" and "Display" show their pictogram only (their accessible names stay);

first in one row, then in two (Home, Back and the language above, read-aloud and the display
modes below). Always in the bar: Home, Back, the language, large text and read-aloud
(DESIGN.md). Every control is at least 15 mm and has an accessible name in the current language.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.input_hub import InputHub
from ui.localizer import Localizer
from ui.screens.base import empty_layout
from ui.theme import Metrics
from ui.widgets.display_modes import display_mode_buttons, translate_display_modes
from ui.widgets.pictogram import PictogramButton


@dataclass(frozen=True)
class Arrangement:
    """One way to lay out the bar: its rows, whether contrast and low reach sit behind the
    "Display" control, and which controls show their pictogram only."""

    rows: int
    collapsed: bool
    icon_only: frozenset[str] = frozenset()


_LEVELS = (
    (False, frozenset()),
    (True, frozenset()),
    (True, frozenset({"read_stop", "volume"})),
    (True, frozenset({"read_stop", "volume", "display"})),
)
#: Tried in this order; the first that fits the bar's width is used (the last one in any case).
ARRANGEMENTS = tuple(
    Arrangement(rows, collapsed, icon_only) for rows in (1, 2) for collapsed, icon_only in _LEVELS
)


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


class DisplayPanel(QFrame):
    """The small panel below the bar with high contrast and low reach, opened by the bar's
    "Display" control. It floats over the screen (the bar keeps its height) and closes with
    the control, a tap anywhere else, a new screen or the next visitor."""

    def __init__(self, metrics: Metrics, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("nav_display_panel")
        self.setProperty("role", "section")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.row = QHBoxLayout(self)
        gap = metrics.gap
        self.row.setContentsMargins(gap * 2, gap * 2, gap * 2, gap * 2)
        self.row.setSpacing(gap * 2)
        self.hide()


#: What counts as a finger landing.
_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


class _OutsideTaps(QObject):
    """Closes the display panel when a finger lands anywhere but on the panel or its control."""

    def __init__(self, bar: NavigationBar):
        super().__init__(bar)
        self._bar = bar

    def on_press(self, _watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            where = event.globalPosition().toPoint()
        elif kind == QEvent.Type.TouchBegin and event.points():
            where = event.points()[0].globalPosition().toPoint()
        else:
            return False
        bar = self._bar
        for widget in (bar.display, bar.display_panel):
            if widget.rect().contains(widget.mapFromGlobal(where)):
                return False
        bar.close_display_panel()
        return False


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
        self.display = PictogramButton("nav_display", "display", *tool, self, checkable=True)
        self.display.toggled.connect(self._on_display_toggled)
        for button in (*self._tools(ARRANGEMENTS[0]), self.display):
            # As tall as the tallest beside it (a pictogram-only or Latin one is lower than an
            # Arabic caption, and a row of fixed heights is capped at its lowest).
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        # A control without its caption (never shown): how wide a pictogram-only one is.
        self._icon_probe = PictogramButton("nav_icon_probe", "stop", *tool, self)
        self._icon_probe.hide()
        self._captions: dict[str, str] = {}

        self._spacing = metrics.gap * 2
        self.speech_group = _group(
            self, "nav_speech", metrics.gap, [self.read_aloud, self.read_stop, self.volume]
        )
        self.speech_group.hide()
        self.display_group = _group(
            self,
            "nav_display_modes",
            metrics.gap,
            [self.large_text, self.contrast, self.low_reach, self.display],
        )
        self.display_panel = DisplayPanel(metrics, self)
        self._outside = _OutsideTaps(self)

        column = QVBoxLayout(self)
        column.setContentsMargins(metrics.px(24), metrics.px(10), metrics.px(24), metrics.px(10))
        column.setSpacing(metrics.gap * 2)
        self._first = QHBoxLayout()
        self._first.setSpacing(self._spacing)
        column.addLayout(self._first)
        self._second_holder = QWidget(self)
        self._second_holder.setObjectName("nav_second_row")
        self._second = QHBoxLayout(self._second_holder)
        self._second.setContentsMargins(0, 0, 0, 0)
        self._second.setSpacing(self._spacing)
        column.addWidget(self._second_holder)
        self._arrangement: Arrangement | None = None
        self._arrange(ARRANGEMENTS[0])
        # Labelled now: the kiosk builds the bar after its first frame, when the application's
        # LanguageChange for the start language has long been delivered.
        self.retranslate()

    # -- layout ----------------------------------------------------------------------------
    def _tools(self, arrangement: Arrangement) -> list[QWidget]:
        display = [self.large_text]
        display += [self.display] if arrangement.collapsed else [self.contrast, self.low_reach]
        return [self.read_aloud, self.read_stop, self.volume, *display]

    def _width(self, widget: QWidget, arrangement: Arrangement) -> int:
        name = widget.objectName().removeprefix("nav_")
        if name in self._captions:
            # Measured on the probe: the control itself may show its pictogram only just now.
            probe = self._icon_probe
            probe.setText("" if name in arrangement.icon_only else self._captions[name])
            probe.ensurePolished()
            hint = probe.sizeHint().width()
        else:
            hint = widget.sizeHint().width()
        return max(hint, widget.minimumWidth())

    def _row_width(self, widgets: list[QWidget], arrangement: Arrangement) -> int:
        margins = self.layout().contentsMargins()
        width = sum(self._width(widget, arrangement) for widget in widgets)
        return width + self._spacing * (len(widgets) - 1) + margins.left() + margins.right()

    def _rows_of(self, arrangement: Arrangement) -> list[list[QWidget]]:
        journey = [self.home, self.back, self.language]
        tools = self._tools(arrangement)
        if arrangement.rows == 1:
            return [journey + tools]
        return [journey, tools]

    def _fits(self, arrangement: Arrangement, width: int) -> bool:
        # Groups put their own (smaller) spacing between the tools: counting the bar's
        # spacing everywhere leaves a little room to spare.
        return all(self._row_width(row, arrangement) <= width for row in self._rows_of(arrangement))

    def arrangement_for(self, width: int) -> Arrangement:
        """The first arrangement whose rows all fit ``width``. Read-aloud always counts, so the
        bar keeps its shape from one screen to the next (it is hidden where no voice is)."""
        for arrangement in ARRANGEMENTS:
            if self._fits(arrangement, width):
                return arrangement
        return ARRANGEMENTS[-1]

    def rows_needed(self, width: int) -> int:
        return self.arrangement_for(width).rows

    def _arrange(self, arrangement: Arrangement) -> None:
        if arrangement == self._arrangement:
            return
        self._arrangement = arrangement
        for layout in (self._first, self._second):
            empty_layout(layout)
        # Contrast and low reach: in the bar, or in the panel behind "Display".
        modes = self.display_group.layout()
        panel = self.display_panel.row
        for button in (self.contrast, self.low_reach):
            modes.removeWidget(button)
            panel.removeWidget(button)
        if arrangement.collapsed:
            for button in (self.contrast, self.low_reach):
                button.setParent(self.display_panel)
                panel.addWidget(button)
                button.show()
        else:
            self.close_display_panel()
            for index, button in enumerate((self.contrast, self.low_reach), start=1):
                button.setParent(self.display_group)
                modes.insertWidget(index, button)
                button.show()
        self.display.setVisible(arrangement.collapsed)
        self._apply_captions()

        self._first.addWidget(self.home)
        self._first.addWidget(self.back)
        self._first.addStretch(1)
        if arrangement.rows == 1:
            self._first.addWidget(self.speech_group)
            self._first.addWidget(self.display_group)
        else:
            self._second.addWidget(self.speech_group)
            self._second.addStretch(1)
            self._second.addWidget(self.display_group)
        self._first.addWidget(self.language)
        self._second_holder.setVisible(arrangement.rows == 2)
        self._place_panel()

    def _apply_captions(self) -> None:
        icon_only = self._arrangement.icon_only if self._arrangement else frozenset()
        for name, caption in self._captions.items():
            button = getattr(self, name)
            button.setText("" if name in icon_only else caption)

    def rearrange(self) -> None:
        """Choose the arrangement for the current width, texts and font sizes."""
        # A button whose text direction or font changed may not have told its group (a layout
        # would keep its old, lower height and cut the text).
        for button in (*self._tools(ARRANGEMENTS[0]), self.display):
            button.updateGeometry()
        if self.width() > 0:
            self._arrange(self.arrangement_for(self.width()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.rearrange()
        self._place_panel()

    def moveEvent(self, event) -> None:
        super().moveEvent(event)
        self._place_panel()  # low reach moves the bar down

    def hideEvent(self, event) -> None:
        self.close_display_panel()
        super().hideEvent(event)

    def arrangement(self) -> Arrangement | None:
        return self._arrangement

    # -- the display panel -------------------------------------------------------------------
    def open_display_panel(self) -> None:
        self.display.setChecked(True)

    def close_display_panel(self) -> None:
        self.display.setChecked(False)

    def _on_display_toggled(self, open_: bool) -> None:
        panel = self.display_panel
        app = QApplication.instance()
        if open_:
            window = self.window()
            if panel.parentWidget() is not window:
                panel.setParent(window)  # over the screen below the bar, not inside the bar
            self._place_panel()
            panel.show()
            panel.raise_()
            InputHub.of(app).watch(_PRESSES, self._outside.on_press, self._outside)
        else:
            InputHub.of(app).unwatch(self._outside.on_press)
            panel.hide()

    def _place_panel(self) -> None:
        panel = self.display_panel
        if not self.display.isChecked() or panel.parentWidget() is None:
            return
        window = panel.parentWidget()
        panel.adjustSize()
        button = self.display
        bottom = self.mapTo(window, QPoint(0, self.height())).y()
        if self.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            x = button.mapTo(window, QPoint(0, 0)).x()
        else:
            x = button.mapTo(window, QPoint(button.width(), 0)).x() - panel.width()
        x = max(0, min(x, window.width() - panel.width()))
        panel.move(x, bottom)

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
        self.read_stop.setAccessibleName(cat._("Stop reading aloud"))
        self.volume.setAccessibleName(cat._("Read aloud louder, on or off"))
        # TRANSLATORS: accessible name of a button in the top bar that opens a small panel with
        # two more display settings: high contrast, and all buttons lower down
        self.display.setAccessibleName(cat._("More display settings, open or close"))
        self._captions = {
            # TRANSLATORS: short caption of a button: stops reading aloud
            "read_stop": cat._("Stop"),
            # TRANSLATORS: short caption of a toggle button: reads aloud louder
            "volume": cat._("Louder"),
            # TRANSLATORS: short caption of a button in the top bar that opens two more display
            # settings (high contrast, all buttons lower down)
            "display": cat._("Display"),
        }
        translate_display_modes(cat, self.large_text, self.contrast, self.low_reach)
        # The widest arrangement is measured with every caption in place.
        for name, caption in self._captions.items():
            getattr(self, name).setText(caption)
        self._arrangement = None
        self.rearrange()
        if self._arrangement is None:  # (no width yet)
            self._arrange(ARRANGEMENTS[0])

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._arrangement = None  # large text: other widths (rearranged on the next resize)
        super().changeEvent(event)
