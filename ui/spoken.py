"""What a voice reads of a screen's text: plain functions, no Qt.

Kept apart from :mod:`ui.speech` (the speech engine and its worker process) so that the
screens, which say what they would read, load before the first frame without the engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_SPACES = re.compile(r"\s+")
_SPACE_COMMA = re.compile(r" ,")


def speakable(text: str) -> str:
    """``text`` without what a voice should not read: pictograms and symbols (✓, ▶, ⇦),
    direction marks and isolates; separators like "·" become pauses."""
    kept = []
    for char in text.replace("·", ",").replace("\u2022", ","):
        category = unicodedata.category(char)
        if category in ("So", "Sk", "Cf", "Co", "Cn"):
            kept.append(" ")
        else:
            kept.append(char)
    return _SPACE_COMMA.sub(",", _SPACES.sub(" ", "".join(kept))).strip(" ,")


def sentences(parts: Iterable[str]) -> str:
    """Lines joined into one text with a pause after each: a full stop where a line ends
    without punctuation (a title, a name), so a voice does not run them together."""
    out = []
    for part in parts:
        line = speakable(part)
        if not line:
            continue
        if not unicodedata.category(line[-1]).startswith("P"):
            line += "."
        out.append(line)
    return "\n".join(out)
