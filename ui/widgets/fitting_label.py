"""A wrapping label that fits any text into the width it is given, and never asks for more.

A plain word-wrapping QLabel is at least as wide as its longest word. One long word — an offer
name typed without spaces, "Gemeinschaften" in large text on a tile — then widens its tile,
its screen and finally the fullscreen window beyond the screen, for every visitor after.
:class:`FittingLabel` asks its layout for no minimum width, and where a word is wider than the
room it has, it offers a break inside that word: a soft hyphen (shown as "-" where Qt breaks
there) at the language's hyphenation points (pyphen) in scripts that hyphenate, between any
letters where no rule reaches, and an invisible break in other scripts. The text the
program set stays what :meth:`text` returns and what assistive technology reads.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from itertools import pairwise

from PySide6.QtCore import QEvent, QLocale, QSize, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH_SPACE = "\u200b"
#: A label asks its layout for at most this many letters of width.
MAX_MINIMUM_LETTERS = 12
#: Scripts whose long words are broken with a hyphen (by the first letter of the word).
_HYPHENATING = ("LATIN", "CYRILLIC", "GREEK")


def _hyphenates(word: str) -> bool:
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


class FittingLabel(QLabel):
    """A word-wrapping label whose words never stick out of it (see the module)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self._refit_pending = False
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        self._text = text or ""
        self._refit()

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
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit_later()

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
            super().setText(shown)
        if self.accessibleName() != self._text:
            self.setAccessibleName(self._text)
