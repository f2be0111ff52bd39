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
    without punctuation (a title, a name), so a voice does not run them together (and the
    reading marker shows whole sentences)."""
    out = []
    for part in parts:
        line = speakable(part)
        if not line:
            continue
        if not unicodedata.category(line[-1]).startswith("P"):
            # (Chinese ends a sentence with its full-width stop)
            line += "。" if unicodedata.east_asian_width(line[-1]) in ("W", "F") else "."
        out.append(line)
    return "\n".join(out)


#: Where a sentence ends: after . ! ? … and the Arabic-script marks before a space; after
#: the full-width marks of Chinese (which need no space).
_SENTENCE_END = re.compile(r"(?<=[.!?…؟۔])\s+|(?<=[。！？])\s*")
#: Before these, a full stop ends an abbreviation, not a sentence ("z. B.", "Nr. 5").
_ABBREVIATIONS = frozenset(
    "bzw ca dr evtl ggf inkl nr str tel usw vgl etc e.g i.e mr mrs st".split()
)
#: A sentence longer than this (in columns, see _width) is read and shown in pieces, cut after
#: a comma or semicolon.
LONGEST_PIECE = 120
_CLAUSE_END = re.compile(r"(?<=[,;،؛，、；])\s*")
_FULL_WIDTH = ("，", "、", "；")


def _ends_abbreviation(piece: str) -> bool:
    """Whether ``piece`` ends with a full stop after an abbreviation or a single letter."""
    if not piece.endswith("."):
        return False
    words = piece[:-1].split()
    last = words[-1].lower() if words else ""
    return (len(last) == 1 and last.isalpha()) or last in _ABBREVIATIONS


def _width(text: str) -> int:
    """Length in columns: a Chinese character (East Asian wide) takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pieces(sentence: str) -> list[str]:
    """A long sentence cut after clause marks into pieces of at most LONGEST_PIECE columns
    where it can be (a clause longer than that stays whole)."""
    if _width(sentence) <= LONGEST_PIECE:
        return [sentence]
    out: list[str] = []
    for clause in _CLAUSE_END.split(sentence):
        if not clause:
            continue
        if out and _width(out[-1]) + 1 + _width(clause) <= LONGEST_PIECE:
            # (no space after a full-width comma: Chinese puts none)
            space = "" if out[-1].endswith(_FULL_WIDTH) else " "
            out[-1] = f"{out[-1]}{space}{clause}"
        else:
            out.append(clause)
    return out


def split_sentences(text: str) -> list[str]:
    """``text`` (lines as :func:`sentences` makes them) as the sentences a voice reads one
    after another and the screen shows while it does: each line, cut where a sentence ends
    (not after "z. B." or "Nr."), long ones after a comma."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        held = ""
        for piece in _SENTENCE_END.split(line):
            if not piece:
                continue
            held = f"{held} {piece}" if held else piece
            if not _ends_abbreviation(held):
                out.extend(_pieces(held))
                held = ""
        if held:
            out.extend(_pieces(held))
    return out
