"""What a visitor chooses from on the first screens: the languages, the age bands, the needs.

Plain, immutable values like :mod:`kiosk.domain.models` (a module of their own: the start
screen, drawn before anything else, needs the languages and nothing about offers). The
languages and needs are named tuples: they are made before the start screen's first frame,
where a frozen dataclass costs ~1 ms to make and a named tuple a tenth of that (an age band
checks its bounds, which a named tuple cannot do when made).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class AgeBand:
    """An age range a visitor can pick; bounds are inclusive, None is open-ended."""

    id: str
    min_age: int | None
    max_age: int | None

    def __post_init__(self) -> None:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValueError(f"age band {self.id} ends before it starts")


class Need(NamedTuple):
    """Something a visitor needs help with (papers, language, work, …)."""

    id: str
    icon: str = ""


class Language(NamedTuple):
    """A language the kiosk offers to visitors, in display order."""

    code: str  # BCP 47 tag as used in the database: de, en, ar, fa-AF, zh-Hans …
    endonym: str  # the language's own name in its own script
