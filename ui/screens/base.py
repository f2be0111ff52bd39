"""Common ground of all visitor screens: a title, re-translation on language change."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Catalogue
from ui.input_hub import InputHub
from ui.localizer import Localizer
from ui.theme import Metrics
from ui.widgets.fitting_label import FittingLabel


def make_label(object_name: str, role: str = "", parent: QWidget | None = None) -> QLabel:
    """A wrapping, non-selectable label with a style role; any word breaks to fit its width."""
    label = FittingLabel(parent)
    label.setObjectName(object_name)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


#: A finger (or a mouse button) that moves less than this before lifting taps; more scrolls.
TAP_SLOP_MM = 4.0


class _Flicks(QObject):
    """Flick scrolling for every kiosk scroll area, driven by the left mouse button — and so by
    a finger, as Qt turns touches that no widget takes into mouse events.

    A press goes to the control under the finger at once (it shows pressed). Once the finger has
    moved more than :data:`TAP_SLOP_MM`, the press is taken back from the control (a release far
    outside it: no click) and the drag goes to the area's QScroller, which glides on after the
    finger lifts. A tap on a gliding list only stops it. (Qt's own mouse gesture replays a held
    press at the widget found by screen position, which misses where the window is larger than
    the screen, and delays every press.)
    """

    NAME = "kiosk_flicks"

    def __init__(self, app: QObject):
        super().__init__(app)
        self.setObjectName(self.NAME)
        self._target: QWidget | None = None
        self._area: KioskScrollArea | None = None
        self._start = QPointF()
        self._scrolling = False
        self._swallow = False
        self._cancelling = False
        self._press: tuple[int, object] | None = None

    @staticmethod
    def _area_of(widget: QWidget) -> KioskScrollArea | None:
        child, parent = widget, widget.parentWidget()
        while parent is not None:
            if isinstance(parent, KioskScrollArea) and child is parent.viewport():
                return parent
            child, parent = parent, parent.parentWidget()
        return None

    def _scroller(self):
        from PySide6.QtWidgets import QScroller

        return QScroller.scroller(self._area.viewport())

    def _feed(self, kind, global_pos: QPointF, timestamp: int) -> None:
        viewport = self._area.viewport()
        self._scroller().handleInput(kind, viewport.mapFromGlobal(global_pos), timestamp)

    def on_mouse(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        # (A quick second press comes as a double click: it may start a drag all the same.)
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            return self._pressed(watched, event)
        if self._target is None or watched is not self._target or self._cancelling:
            return False  # (not ours, or a copy of the event passed on to a parent)
        if kind == QEvent.Type.MouseMove:
            return self._moved(event)
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            return self._released(event)
        return False

    def _pressed(self, watched: QObject, event) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        key = (event.timestamp(), event.globalPosition().toPoint())
        if self._target is not None and key == self._press:
            return self._swallow  # (the same press, passed on to a parent)
        # A new press ends whatever came before (a release that never came: a hidden window).
        self._target = self._area = None
        if not isinstance(watched, QWidget) or (area := self._area_of(watched)) is None:
            return False
        from PySide6.QtWidgets import QScroller

        self._press = key
        self._target, self._area = watched, area
        self._start = event.globalPosition()
        self._scrolling = False
        self._swallow = self._scroller().state() == QScroller.State.Scrolling
        if self._swallow:
            self._scroller().stop()  # a tap on a gliding list stops it, and is no click
        return self._swallow

    def _moved(self, event) -> bool:
        from PySide6.QtWidgets import QScroller

        where = event.globalPosition()
        if not self._scrolling:
            moved = (where - self._start).manhattanLength()
            if moved < self._area.tap_slop() or self._swallow:
                return self._swallow
            self._scrolling = True
            self._cancel_press(event)
            self._feed(QScroller.Input.InputPress, self._start, event.timestamp())
        self._feed(QScroller.Input.InputMove, where, event.timestamp())
        return True

    def _released(self, event) -> bool:
        from PySide6.QtWidgets import QScroller

        ours = self._scrolling or self._swallow
        if self._scrolling:
            self._feed(QScroller.Input.InputRelease, event.globalPosition(), event.timestamp())
        self._target = self._area = None
        self._scrolling = self._swallow = False
        return ours

    def _cancel_press(self, event) -> None:
        """The pressed control lets go without a click: released far outside itself."""
        far = QPointF(-(1 << 20), -(1 << 20))
        release = QMouseEvent(
            QEvent.Type.MouseButtonRelease,
            far,
            self._target.mapToGlobal(far),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.NoButton,
            event.modifiers(),
        )
        self._cancelling = True
        try:
            QCoreApplication.sendEvent(self._target, release)
        finally:
            self._cancelling = False


#: The presses, moves and releases flick scrolling follows.
_FLICK_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonRelease,
)


def enable_kinetic_scrolling(scroll: QAbstractScrollArea) -> None:
    """Flick scrolling: the area's QScroller glides without a rubber band at the ends, and one
    watcher of the application's input feeds it from the left button or a finger (see
    :class:`_Flicks`)."""
    from PySide6.QtWidgets import QApplication, QScroller, QScrollerProperties

    app = QApplication.instance()
    if app.findChild(_Flicks, _Flicks.NAME, Qt.FindChildOption.FindDirectChildrenOnly) is None:
        flicks = _Flicks(app)
        InputHub.of(app).watch(_FLICK_EVENTS, flicks.on_mouse, flicks)
    scroller = QScroller.scroller(scroll.viewport())
    props = scroller.scrollerProperties()
    metric = QScrollerProperties.ScrollMetric
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(metric.VerticalOvershootPolicy, off)
    props.setScrollMetric(metric.HorizontalOvershootPolicy, off)
    scroller.setScrollerProperties(props)


class KioskScrollArea(QScrollArea):
    """A frameless vertical scroll area: flick scrolling, and arrows (15 mm, see the style
    sheet) that move a third of the visible height per tap."""

    def __init__(self, object_name: str, parent: QWidget):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there (empty where nothing scrolls): a 15 mm bar that came and went with the
        # content's height made Qt lay the content out again inside its own layout pass, which
        # crashed in QTextEngine on a real X server (large text, Tigrinya need screen).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        bar = self.verticalScrollBar()
        bar.setObjectName(f"{object_name}_bar")
        bar.setEnabled(False)
        bar.rangeChanged.connect(lambda _low, high, b=bar: b.setEnabled(high > 0))
        self._slop = 0
        enable_kinetic_scrolling(self)

    def tap_slop(self) -> int:
        """How far (px) a finger may move and still tap."""
        if not self._slop:
            screen = self.screen()
            dpi = screen.physicalDotsPerInch() if screen is not None else 96.0
            self._slop = max(4, round(TAP_SLOP_MM * (dpi if 50 <= dpi <= 600 else 96.0) / 25.4))
        return self._slop

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        bar = self.verticalScrollBar()
        bar.setSingleStep(max(20, self.viewport().height() // 3))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange and self.isVisible():
            self._name_bar()

    def showEvent(self, event: QShowEvent) -> None:
        self._name_bar()
        super().showEvent(event)

    def _name_bar(self) -> None:
        """The scroll bar's accessible name, in the language of the screen it is on."""
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, Screen):
            holder = holder.parentWidget()
        if holder is not None:
            # TRANSLATORS: accessible name of the scroll bar beside a long list or text; its
            # arrows move the text up and down
            self.verticalScrollBar().setAccessibleName(holder.cat._("Scroll up or down"))


def make_scroll_area(object_name: str, content: QWidget, parent: QWidget) -> QScrollArea:
    """A frameless vertical scroll area that follows a finger on touch screens."""
    scroll = KioskScrollArea(object_name, parent)
    scroll.setWidget(content)
    return scroll


def empty_layout(layout: QLayout) -> None:
    """Take every item out of ``layout`` and delete the items (not their widgets, which stay
    with their parent). PySide hands ``takeAt``'s item to Python without owning it: an item
    only taken out is never freed (a navigation bar rearranged at every language switch lost
    ~1 KB each time)."""
    while layout.count():
        shiboken6.delete(layout.takeAt(0))


def discard(widget: QWidget) -> None:
    """Remove a widget from sight at once and delete it when the event loop gets to it."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


class Screen(QWidget):
    """A full-screen page of the journey. Subclasses build widgets once and fill texts in
    :meth:`retranslate`, which runs again whenever the language changes."""

    #: Stable name used by the navigator, the tour and the tests.
    screen_name = "screen"

    def __init__(self, localizer: Localizer, metrics: Metrics, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"{self.screen_name}_screen")
        self._localizer = localizer
        self._metrics = metrics
        self._layout = QVBoxLayout(self)
        margin = metrics.px(40)
        self._layout.setContentsMargins(margin, metrics.px(24), margin, metrics.px(24))
        self._layout.setSpacing(metrics.gap * 2)
        self.title = make_label(f"{self.screen_name}_title", "title", self)
        self._layout.addWidget(self.title)

    @property
    def cat(self) -> Catalogue:
        return self._localizer.catalogue

    def hasHeightForWidth(self) -> bool:
        """A screen fills the window below the bar and scrolls what does not fit; the height
        its wrapped texts would like must not push the window (or the low-reach band) off the
        screen. Inside, the layout still wraps every text for the width it gets."""
        return False

    def retranslate(self) -> None:
        """Set every visible text in the current language."""

    def reset(self) -> None:
        """Forget everything about the current visitor."""

    # -- read-aloud ------------------------------------------------------------------------
    def spoken_text(self) -> str:
        """What a person sees on this screen, in reading order, as one text to read aloud."""
        from ui.spoken import sentences  # (read-aloud comes after the first frame)

        return sentences(self._spoken_lines())

    def spoken_parts(self) -> list[tuple[str, str]]:
        """The spoken text as (text, language) parts: a screen that shows a text in another
        language (an offer text shown in English as a fallback) says so, and that part is read
        with a voice of its own language — or not at all."""
        return [(self.spoken_text(), self.cat.code)]

    def _spoken_lines(self) -> list[str]:
        return [self.title.text()]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # Only the screen on view re-translates at once; the others when they are shown,
            # so a language switch costs one screen, not all of them.
            if self.isVisible():
                self.retranslate()
                self._stale = False
            else:
                self._stale = True
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if getattr(self, "_stale", False):
            self._stale = False
            self.retranslate()
        super().showEvent(event)
