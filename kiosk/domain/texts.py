"""Offer texts: which language version to show (chosen → English → German), and which
translations a change of the German text leaves outdated.

Visitors see an ``outdated`` text exactly as a ``machine`` draft: it is shown in its language
(no note), and only a missing text falls back to English or German with the fallback note
(:func:`kiosk.labels.fallback_note`). Staff screens name the status.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kiosk.domain.models import Offer, OfferText, TextStatus

FALLBACK_CHAIN = ("en", "de")

#: The language every other offer text is translated from.
SOURCE_TEXT_LANGUAGE = "de"

#: The statuses a change of the German text turns into ``outdated``.
TRANSLATED = frozenset({TextStatus.MACHINE, TextStatus.REVIEWED})


@dataclass(frozen=True, slots=True)
class ShownText:
    """The text to show and the language it is really in (differs from the wish on fallback)."""

    text: OfferText | None
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.text is not None and self.text.lang != self.requested


def _candidates(lang: str) -> list[str]:
    base = lang.split("-")[0]
    chain = [lang]
    if base != lang:
        chain.append(base)
    chain.extend(FALLBACK_CHAIN)
    return list(dict.fromkeys(chain))


def text_for(offer: Offer, lang: str) -> ShownText:
    """The best available text of an offer for a visitor language."""
    for candidate in _candidates(lang):
        text = offer.texts.get(candidate)
        if text is not None and text.status is not TextStatus.MISSING and text.summary:
            return ShownText(text, lang)
    return ShownText(None, lang)


def for_visitors(status: TextStatus) -> TextStatus:
    """How visitor screens treat a status: an outdated translation as a draft (``machine``)."""
    return TextStatus.MACHINE if status is TextStatus.OUTDATED else status


def _content(text: OfferText | None) -> tuple[str, str, str]:
    if text is None or text.status is TextStatus.MISSING:
        return ("", "", "")
    return (text.summary.strip(), text.description.strip(), text.audience.strip())


def german_text_changed(old: Offer | None, new: Offer) -> bool:
    """True when ``new`` has a German text whose words differ from ``old``'s (a first German
    text counts; a German text removed, or only its status changed, does not)."""
    if old is None:
        return False
    before = _content(old.texts.get(SOURCE_TEXT_LANGUAGE))
    after = _content(new.texts.get(SOURCE_TEXT_LANGUAGE))
    return any(after) and after != before


def mark_outdated(old: Offer | None, new: Offer, *, minor_edit: bool = False) -> Offer:
    """``new`` with the translations its German edit leaves behind marked ``outdated``.

    The one rule every writing path applies (staff editor, file import, providers' check-in,
    translation review): when the German text of an existing offer changes, every other text
    that exists (``machine`` or ``reviewed``, with a summary) and that this same change leaves
    as it was becomes ``outdated``. A text changed in the same save (its words or its status)
    stays as saved; ``minor_edit`` (a typo fixed) keeps every status. The caller compares the
    result with ``old`` for the audit log, so each status change is recorded like any other
    field (``texts.<lang>.status``).
    """
    if minor_edit or not german_text_changed(old, new):
        return new
    assert old is not None
    texts = dict(new.texts)
    changed = False
    for lang, text in new.texts.items():
        if lang == SOURCE_TEXT_LANGUAGE or text.status not in TRANSLATED or not text.summary:
            continue
        if old.texts.get(lang) != text:
            continue  # edited in this save: as saved
        texts[lang] = dataclasses.replace(text, status=TextStatus.OUTDATED)
        changed = True
    return dataclasses.replace(new, texts=texts) if changed else new
