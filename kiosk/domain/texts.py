"""Choosing which language version of an offer text to show: chosen → English → German."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.models import Offer, OfferText, TextStatus

FALLBACK_CHAIN = ("en", "de")


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
