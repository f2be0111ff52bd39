"""The "Are you still there?" overlay with a countdown and one big "More time" button."""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QEvent, QMargins, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from ui.localizer import Localizer
from ui.screens.base import make_label
from ui.spoken import sentences
from ui.theme import Metrics
from ui.widgets.buttons import TileButton


class IdleWarningWidget(QWidget):
    """Covers the window; counts down ``duration_ms`` then emits ``expired``.

    WCAG 2.2.1: one big "More time" button, as often as the visitor wants; each tap starts the
    whole countdown again. With low reach on, the panel sits at the bottom of the screen.
    """

    more_time = Signal()
    expired = Signal()
    #: The warning has just appeared (read-aloud speaks it when the visitor uses read-aloud).
    started = Signal()

    def __init__(
        self,
        localizer: Localizer,
        metrics: Metrics,
        duration_ms: int,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("IdleWarning")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._localizer = localizer
        self._duration = duration_ms
        self._elapsed = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setInterval(min(250, max(10, duration_ms // 20)))
        self._tick.timeout.connect(self._on_tick)
        self._metrics = metrics
        self._low_reach = False
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._outer = outer
        self._margins = outer.contentsMargins()
        self.panel = QFrame(self)
        self.panel.setObjectName("IdleWarningPanel")
        self.panel.setMaximumWidth(metrics.mm(220))
        box = QVBoxLayout(self.panel)
        box.setContentsMargins(metrics.px(40), metrics.px(32), metrics.px(40), metrics.px(32))
        box.setSpacing(metrics.gap * 2)
        self.title = make_label("idle_title", "title", self.panel)
        self.countdown = make_label("idle_countdown", "", self.panel)
        self.button = TileButton("idle_more_time", self.panel, primary=True)
        self.button.set_min_height(metrics.mm(30))
        self.button.clicked.connect(self._on_more_time)
        for widget in (self.title, self.countdown):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(widget)
        box.addWidget(self.button)
        outer.addWidget(self.panel)
        self.hide()
        self.retranslate()

    def set_duration(self, duration_ms: int) -> None:
        """A new countdown length (staff changed the settings); applies from the next warning."""
        self._duration = duration_ms
        self._tick.setInterval(min(250, max(10, duration_ms // 20)))

    def remaining_seconds(self) -> int:
        if not self._elapsed.isValid():
            return math.ceil(self._duration / 1000)
        remaining = max(0, self._duration - self._elapsed.elapsed())
        return math.ceil(remaining / 1000)

    def start(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self._elapsed.start()
        self.show()
        self.raise_()
        self._tick.start()
        self.retranslate()
        self.started.emit()

    def set_low_reach(self, low: bool) -> None:
        """Put the panel at the bottom of the screen (wheelchair users, children)."""
        self._low_reach = low
        bottom = Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter
        self._outer.setAlignment(bottom if low else Qt.AlignmentFlag.AlignCenter)
        margins = self._margins
        if low:
            margins = QMargins(margins.left(), margins.top(), margins.right(), self._metrics.mm(10))
        self._outer.setContentsMargins(margins)

    def spoken_text(self) -> str:
        """The warning as a visitor sees it, to read aloud."""
        return sentences(
            [self.title.text(), self.countdown.text(), self.button.title(), self.button.detail()]
        )

    def stop(self) -> None:
        self._tick.stop()
        self._elapsed.invalidate()
        self.hide()

    def _on_tick(self) -> None:
        if self._elapsed.elapsed() >= self._duration:
            self.stop()
            self.expired.emit()
            return
        self.retranslate()

    def _on_more_time(self) -> None:
        self.stop()
        self.more_time.emit()

    def retranslate(self) -> None:
        cat = self._localizer.catalogue
        self.title.setText(cat._("Are you still there?"))
        self.countdown.setText(
            cat.n_(
                "The screen will start again in {n} second.",
                "The screen will start again in {n} seconds.",
                self.remaining_seconds(),
            )
        )
        self.button.set_texts(cat._("More time"), cat._("Tap here to continue"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
