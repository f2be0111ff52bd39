"""Common ground of all visitor screens: a title, re-translation on language change."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import Catalogue
from ui.localizer import Localizer
from ui.spoken import sentences
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


def make_scroll_area(object_name: str, content: QWidget, parent: QWidget) -> QScrollArea:
    """A frameless vertical scroll area that follows a finger on touch screens."""
    scroll = QScrollArea(parent)
    scroll.setObjectName(object_name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    from PySide6.QtWidgets import QScroller  # (its gesture machinery: not at start-up)

    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    scroll.setWidget(content)
    return scroll


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
