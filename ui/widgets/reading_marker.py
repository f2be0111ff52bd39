"""The reading marker: while read-aloud speaks, a strip below the screen shows the sentence
the voice is reading, like a subtitle, so a visitor can follow it with their eyes.

The strip is part of the window's column, right below the screen stack (never drawn over a
screen, so it covers no control). There it moves nothing a visitor may be reaching for: the
screens are laid out from the top, so when the strip comes or goes only the bottom edge of the
screen moves (a bar below the stack, where there is one, stays where it is). It shows the
sentence in the sentence's own language and direction (an English fallback on an Arabic screen
reads left to right), in large bold type on the highlight colour, and follows large text and
high contrast. It keeps one height for a whole reading — that of its longest sentence — and is
gone as soon as reading stops: at the end, on the stop button, on a screen change, a language
change and the reset for the next visitor.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.localizer import Localizer, is_rtl_language
from ui.theme import Metrics, Palette

#: Type size of the sentence (96-dpi pixels, bold; grows with large text).
SENTENCE_PX = 34
CAPTION_PX = 22


class ReadingMarker(QFrame):
    """The sentence being read aloud (hidden while nothing is read)."""

    def __init__(self, localizer: Localizer, metrics: Metrics, parent: QWidget | None = None):
        # (Imported here: the kiosk loads this module before its first frame, the marker after.)
        from ui.widgets.fitting_label import FittingLabel
        from ui.widgets.pictogram import PictogramWidget

        super().__init__(parent)
        self.setObjectName("reading_marker")
        self._localizer = localizer
        self._metrics = metrics
        self._palette = Palette()
        self._large = False
        self._code = ""
        self._reading: list[tuple[str, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.icon = PictogramWidget("read-aloud", metrics.tool_icon, self, "reading_marker_icon")
        self.caption = QLabel(self)
        self.caption.setObjectName("reading_marker_caption")
        self.caption.setWordWrap(True)
        self.sentence = FittingLabel(self)
        self.sentence.setObjectName("reading_marker_text")
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        row = QHBoxLayout(self)
        gap = metrics.gap
        row.setContentsMargins(metrics.px(24), gap, metrics.px(24), gap)
        row.setSpacing(gap)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(metrics.px(2))
        column.addWidget(self.caption)
        column.addWidget(self.sentence, 1)
        row.addLayout(column, 1)
        self.set_look(Palette(), large=False)
        self.retranslate()
        self.hide()

    # -- what it shows -----------------------------------------------------------------------
    def show_sentence(self, text: str, code: str, reading: list[tuple[str, str]] | None = None):
        """Show ``text`` (in language ``code``) as the sentence being read; ``reading``: all
        sentences of this reading, to keep one height for all of them."""
        if reading is not None and reading != self._reading:
            self._reading = list(reading)
            self._fix_height()
        self._code = code
        if code:
            rtl = is_rtl_language(code)
        else:
            rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        # Flush with the leading edge of the sentence's own direction, right under the caption
        # (the strip is as tall as the longest sentence of the reading).
        self.sentence.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.sentence.setText(text)
        self.setAccessibleDescription(text)
        if not self.isVisible():
            self._fix_height()
            self.show()
        elif not self._reading:
            self._fix_height()

    @property
    def language(self) -> str:
        """The language of the sentence shown."""
        return self._code if self.isVisible() else ""

    def text(self) -> str:
        """The sentence shown ("" while hidden)."""
        return self.sentence.text() if self.isVisible() else ""

    def clear(self) -> None:
        """Reading stopped: nothing to show."""
        self._reading = []
        self.sentence.setText("")
        self.setAccessibleDescription("")
        self.hide()

    # -- look --------------------------------------------------------------------------------
    def set_look(self, palette: Palette, large: bool) -> None:
        """Colours of the palette in use (normal or high contrast) and normal or large type."""
        self._palette, self._large = palette, large
        m, p = self._metrics, palette
        line = p.outline
        self.setStyleSheet(
            f"QFrame#reading_marker {{ background: {p.highlight}; "
            f"border-top: {line}px solid {p.text}; border-bottom: {line}px solid {p.text}; }}\n"
            f"QFrame#reading_marker QLabel {{ color: {p.on_highlight}; "
            "background: transparent; }\n"
            f"QLabel#reading_marker_caption {{ font-size: {m.text(CAPTION_PX, large)}px; }}\n"
            f"QLabel#reading_marker_text {{ font-size: {m.text(SENTENCE_PX, large)}px; "
            "font-weight: bold; }"
        )
        self.icon.set_side(m.text(CAPTION_PX, large) + m.px(14))
        self._fix_height()

    def _fix_height(self) -> None:
        """One height for the whole reading: that of its longest sentence at this width."""
        self.ensurePolished()
        self.sentence.ensurePolished()
        layout = self.layout()
        margins = layout.contentsMargins()
        parent = self.parentWidget()
        room = self.width() if self.isVisible() or parent is None else parent.width()
        room -= margins.left() + margins.right() + self.icon.width() + layout.spacing()
        texts = [text for text, _ in self._reading] or [self.sentence.text() or " "]
        metrics = self.sentence.fontMetrics()
        flags = Qt.TextFlag.TextWordWrap
        tallest = max(
            metrics.boundingRect(0, 0, max(room, 1), 100_000, flags, text).height()
            for text in texts
        )
        caption = self.caption.heightForWidth(max(room, 1))
        caption = caption if caption > 0 else self.caption.sizeHint().height()
        inner = max(caption + layout.itemAt(1).layout().spacing() + tallest, self.icon.height())
        frame = 2 * self._palette.outline
        self.setFixedHeight(inner + margins.top() + margins.bottom() + frame)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fix_height()

    # -- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        cat = self._localizer.catalogue
        # TRANSLATORS: above the sentence that read-aloud is speaking at the moment
        self.caption.setText(cat._("Being read aloud now:"))
        # TRANSLATORS: accessible name of the strip that shows the sentence being read aloud
        self.setAccessibleName(cat._("Text being read aloud"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
