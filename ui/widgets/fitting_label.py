"""A wrapping label that fits any text into the width it is given, and never asks for more.

A plain word-wrapping QLabel is at least as wide as its longest word. One long word — an offer
name typed without spaces, "Gemeinschaften" in large text on a tile — then widens its tile,
its screen and finally the fullscreen window beyond the screen, for every visitor after.
:class:`FittingLabel` asks its layout for no minimum width, and where a word is wider than the
room it has, it offers a break inside that word: a soft hyphen (shown as "-" where Qt breaks
there) at the language's hyphenation points (pyphen) in scripts that hyphenate, between any
letters where no rule reaches, and an invisible break in other scripts. The text the
program set stays what :meth:`text` returns and what assistive technology reads.

Right-to-left paragraphs are drawn by the label itself (:func:`paragraph_direction`): Qt's plain
label counts the space at the end of each wrapped right-to-left line as if it stood at the line's
right end, so wrapped lines started one space short of the right edge (ragged) and a full line
was pushed past the left edge (its last word cut off). A paragraph with right-to-left letters in
a right-to-left screen is laid out right-to-left even when it begins with a Latin name.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cache
from itertools import pairwise

from PySide6.QtCore import QEvent, QLocale, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QLabel, QWidget

SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"
#: A label asks its layout for at most this many letters of width.
MAX_MINIMUM_LETTERS = 12
#: Scripts whose long words are broken with a hyphen (by the first letter of the word).
_HYPHENATING = ("LATIN", "CYRILLIC", "GREEK")


#: Explicit isolates (LRI, RLI, FSI … PDI): their content does not set a paragraph's direction.
_ISOLATE_OPEN, _ISOLATE_CLOSE = frozenset("\u2066\u2067\u2068"), "\u2069"


def paragraph_direction(text: str, screen: Qt.LayoutDirection) -> Qt.LayoutDirection:
    """The direction a paragraph is laid out in on a ``screen`` of that direction.

    The first strong letter outside isolates decides (Unicode bidi rule P2; a RIGHT-TO-LEFT MARK
    counts as such a letter); in a right-to-left screen any right-to-left letter makes the
    paragraph right-to-left, so an Arabic text that begins with a German name stays aligned
    to the right. Without any strong letter (times, numbers) left-to-right, as Qt decides: a
    time range must not be reordered."""
    right_to_left_screen = screen == Qt.LayoutDirection.RightToLeft
    depth, first_seen = 0, False
    for char in text:
        if char in _ISOLATE_OPEN:
            depth += 1
            continue
        if char == _ISOLATE_CLOSE:
            depth = max(0, depth - 1)
            continue
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            # (the first strong letter, or any right-to-left letter in a right-to-left screen)
            if right_to_left_screen or (depth == 0 and not first_seen):
                return Qt.LayoutDirection.RightToLeft
        elif kind == "L" and depth == 0 and not first_seen:
            first_seen = True
            if not right_to_left_screen:
                return Qt.LayoutDirection.LeftToRight
    return Qt.LayoutDirection.LeftToRight


def right_to_left_alignment(alignment: Qt.AlignmentFlag) -> Qt.AlignmentFlag:
    """``alignment`` as drawn in a right-to-left paragraph, made absolute: leading (left)
    becomes right and trailing left, unless it is absolute already; no horizontal flag means
    leading. The same rule as ``QStyle.visualAlignment`` (importing ``QStyle`` costs ~10 ms
    of enum classes at start-up, before the start screen's first frame)."""
    if not alignment & Qt.AlignmentFlag.AlignHorizontal_Mask:
        alignment |= Qt.AlignmentFlag.AlignLeft
    sides = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignRight
    if not alignment & Qt.AlignmentFlag.AlignAbsolute and alignment & sides:
        alignment ^= sides
        alignment |= Qt.AlignmentFlag.AlignAbsolute
    return alignment


def _hyphenates(word: str) -> bool:
    if "/" in word or "@" in word:
        return False  # a web or e-mail address: a hyphen shown there would be typed, too
    letter = next((c for c in word if c.isalpha()), "")
    return bool(letter) and unicodedata.name(letter, "").startswith(_HYPHENATING)


def _graphemes(word: str) -> list[str]:
    """Letters with their combining marks (a break never separates a base and its accent)."""
    clusters: list[str] = []
    for char in word:
        if clusters and unicodedata.combining(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


@cache
def _dictionary(locale_name: str):
    """The hyphenation patterns (pyphen's LibreOffice dictionaries) for a locale, or None."""
    import pyphen

    found = pyphen.language_fallback(locale_name)
    return pyphen.Pyphen(lang=found) if found else None


def _syllables(word: str, locale_name: str) -> list[str]:
    """``word`` cut where the language's hyphenation rules allow (one piece if none known)."""
    dictionary = _dictionary(locale_name) if locale_name else None
    if dictionary is None:
        return [word]
    cuts = [0, *dictionary.positions(word), len(word)]
    return [word[a:b] for a, b in pairwise(cuts) if b > a]


def breakable(text: str, width: int, metrics: QFontMetrics, locale_name: str = "") -> str:
    """``text`` with break opportunities inside every word wider than ``width`` pixels: at the
    language's hyphenation points (``locale_name``, e.g. ``de_DE``) as far as they reach, else
    between any two letters."""
    if width <= 0 or metrics.horizontalAdvance(text) <= width:
        return text

    def fits(piece: str, mark: str) -> bool:
        # (2 px to spare: glyph bearings and rounding of the laid-out line)
        return metrics.horizontalAdvance(piece + mark) <= width - 2

    lines = []
    for line in text.split("\n"):
        words = []
        for word in line.split(" "):
            if metrics.horizontalAdvance(word) <= width:
                words.append(word)
                continue
            hyphenates = _hyphenates(word)
            mark = SOFT_HYPHEN if hyphenates else ZERO_WIDTH_SPACE
            shown_mark = "-" if hyphenates else ""
            syllables = _syllables(word, locale_name) if hyphenates else [word]
            pieces, piece = [], ""
            for syllable in syllables:
                if not piece or fits(piece + syllable, shown_mark):
                    piece += syllable
                    continue
                pieces.append(piece)
                piece = syllable
            pieces.append(piece)
            # A piece still too wide (no rule, or a very narrow box): between any letters.
            split: list[str] = []
            for piece in pieces:
                part = ""
                for cluster in _graphemes(piece):
                    if part and not fits(part + cluster, shown_mark):
                        split.append(part)
                        part = ""
                    part += cluster
                split.append(part)
            words.append(mark.join(split))
        lines.append(" ".join(words))
    return "\n".join(lines)


#: Heights of right-to-left paragraphs as laid out, by (text, width, font, alignment); the
#: oldest go first beyond this many (a few hundred bytes each).
RIGHT_TO_LEFT_HEIGHTS_KEPT = 4096
_RIGHT_TO_LEFT_HEIGHTS: dict[tuple[str, int, str, int], float] = {}


class FittingLabel(QLabel):
    """A word-wrapping label whose words never stick out of it (see the module)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._refit_pending = False
        # Height for a width, kept until the text, font or style changes. Qt's layouts ask a
        # label in a card two widths several times per pass, and its own cache of the answers
        # is dropped with every change anywhere in the list; each answer shapes and wraps the
        # whole text again (Arabic, Tigrinya: the most costly part of showing a result list).
        self._heights: dict[int, int] = {}
        self._direction_of: tuple[str, Qt.LayoutDirection] | None = None
        self._right_to_left = False
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        self._text = text or ""
        self._refit()

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) > 8:
                self._heights.clear()
            height = self._heights[width] = self._height_for(width)
        return height

    def _height_for(self, width: int) -> int:
        """Qt's answer, or for a paragraph the label draws right-to-left itself the height of
        the lines as it draws them (they may break elsewhere than Qt's left-to-right measure:
        one line more, and the last one was cut off)."""
        shown = super().text()
        if not self._draws_right_to_left(shown):
            return super().heightForWidth(width)
        margins = self.contentsMargins()
        margin = max(0, self.margin())
        room = width - margins.left() - margins.right() - 2 * margin
        if self.indent() > 0:
            room -= 2 * self.indent()
        return math.ceil(self._right_to_left_height(shown, room)) + (
            margins.top() + margins.bottom() + 2 * margin
        )

    def _right_to_left_height(self, shown: str, width: int) -> float:
        # The same texts come back at the same widths (a visitor switching languages, the next
        # visitor's list): shaped and broken into lines once per text, font and width.
        key = (shown, width, self.font().key(), int(self.alignment().value))
        height = _RIGHT_TO_LEFT_HEIGHTS.get(key)
        if height is None:
            if len(_RIGHT_TO_LEFT_HEIGHTS) >= RIGHT_TO_LEFT_HEIGHTS_KEPT:
                del _RIGHT_TO_LEFT_HEIGHTS[next(iter(_RIGHT_TO_LEFT_HEIGHTS))]
            _layout, height = self._right_to_left_layout(shown, width)
            _RIGHT_TO_LEFT_HEIGHTS[key] = height
        return height

    def _draws_right_to_left(self, shown: str) -> bool:
        if not self.wordWrap() or not shown or self.textFormat() == Qt.TextFormat.RichText:
            return False
        key = (shown, self.layoutDirection())
        if self._direction_of != key:  # (asked at every paint and height: worked out once)
            self._direction_of = key
            self._right_to_left = paragraph_direction(*key) == Qt.LayoutDirection.RightToLeft
        return self._right_to_left

    def _show_text(self, shown: str) -> None:
        self._heights.clear()
        super().setText(shown)

    def setFont(self, font) -> None:
        self._heights.clear()
        super().setFont(font)

    def setWordWrap(self, on: bool) -> None:
        self._heights = {}
        super().setWordWrap(on)

    def setTextFormat(self, text_format) -> None:
        self._heights.clear()
        super().setTextFormat(text_format)

    def text(self) -> str:
        return self._text

    def shown_text(self) -> str:
        """The text as drawn: :meth:`text` with the breaks offered inside long words."""
        return super().text()

    def minimumSizeHint(self) -> QSize:
        # As a QLabel (as wide as its longest word), but never wider than a dozen letters:
        # longer words break to fit, and must not hold the window open.
        hint = super().minimumSizeHint()
        cap = self.fontMetrics().averageCharWidth() * MAX_MINIMUM_LETTERS
        return QSize(min(hint.width(), cap), hint.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._refit_later()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refit_later()

    def _refit_later(self) -> None:
        # After this layout pass (a new text now would change heights the pass has just set),
        # and only for a label on screen: before that its width is a placeholder.
        if not self._refit_pending and self.isVisible():
            self._refit_pending = True
            QTimer.singleShot(0, self, self._refit)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._heights.clear()  # (a paragraph may now be drawn in the other direction)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
            super().changeEvent(event)
            self._refit_later()
            return
        super().changeEvent(event)

    def paintEvent(self, event) -> None:
        shown = super().text()
        if not self._draws_right_to_left(shown):
            super().paintEvent(event)
            return
        painter = QPainter(self)
        self.drawFrame(painter)
        self.draw_right_to_left(painter, shown)
        painter.end()

    def draw_right_to_left(self, painter: QPainter, shown: str) -> None:
        """Lay out and draw ``shown`` as a right-to-left paragraph: lines as Qt's label breaks
        and spaces them, each line placed by the text layout itself (flush with the edge)."""
        margin = max(0, self.margin())
        room = self.contentsRect().adjusted(margin, margin, -margin, -margin)
        if self.indent() > 0:
            room.adjust(self.indent(), 0, -self.indent(), 0)
        layout, height = self._right_to_left_layout(shown, room.width())
        alignment = right_to_left_alignment(self.alignment())
        top = float(room.top())
        if alignment & Qt.AlignmentFlag.AlignBottom:
            top += room.height() - height
        elif alignment & Qt.AlignmentFlag.AlignVCenter:
            top += (room.height() - height) / 2
        group = QPalette.ColorGroup.Normal if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, self.foregroundRole()))
        layout.draw(painter, QPointF(room.left(), top))

    def _right_to_left_layout(self, shown: str, width: int) -> tuple[QTextLayout, float]:
        """``shown`` laid out right-to-left in lines of ``width`` px, and their height."""
        direction = Qt.LayoutDirection.RightToLeft
        alignment = right_to_left_alignment(self.alignment())
        option = QTextOption(
            (alignment & Qt.AlignmentFlag.AlignHorizontal_Mask) | Qt.AlignmentFlag.AlignAbsolute
        )
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        option.setTextDirection(direction)
        layout = QTextLayout(shown.replace("\n", "\u2028"), self.font(), self)
        layout.setTextOption(option)
        leading = self.fontMetrics().leading()
        height = 0.0
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(0, width))
            height = float(math.ceil(height + leading))  # (as Qt's label: whole pixels)
            line.setPosition(QPointF(0.0, height))
            height += line.height()
        layout.endLayout()
        return layout, height

    def _refit(self) -> None:
        self._refit_pending = False
        room = self.contentsRect().width() - 2 * max(0, self.margin()) - 2 * max(0, self.indent())
        shown = breakable(
            self._text,
            room if self.isVisible() else 0,
            self.fontMetrics(),
            QLocale().name(),  # the visitor's language (the localizer sets the default)
        )
        if shown != super().text():
            self._show_text(shown)
        if self.accessibleName() != self._text:
            self.setAccessibleName(self._text)
