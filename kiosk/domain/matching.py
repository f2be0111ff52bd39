"""Which offers fit a visitor, and in which order they are shown.

Pure functions: given the offers and the visitor's choices (language, age band, need),
return the matching active offers, those whose counsellors speak the visitor's language first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.domain.models import AgeBand, Offer, OfferKind

# Specific services for the visitor's age come before general ones, online services last.
_KIND_ORDER = {
    OfferKind.MBE: 0,
    OfferKind.JMD: 0,
    OfferKind.REFUGEE_SOCIAL_WORK: 1,
    OfferKind.ASSOCIATION: 1,
    OfferKind.SELF_ORGANISATION: 2,
    OfferKind.INTEGRATION_COURSE: 2,
    OfferKind.CITY_OFFICE: 3,
    OfferKind.ONLINE_SERVICE: 4,
}


@dataclass(frozen=True, slots=True)
class Match:
    """An offer in the results, with why it was ranked where it is."""

    offer: Offer
    speaks_language: bool


def primary_language(code: str) -> str:
    """The base language of a tag: 'fa-AF' → 'fa', 'zh-Hans' → 'zh', 'de-x-easy' → 'de'."""
    return code.replace("_", "-").split("-")[0].lower()


def age_overlaps(offer: Offer, band: AgeBand | None) -> bool:
    """True when some age in the band is within the offer's age rule (no rule: everyone)."""
    if band is None or not offer.has_age_rule:
        return True
    offer_low = offer.min_age if offer.min_age is not None else 0
    offer_high = offer.max_age if offer.max_age is not None else 10**6
    band_low = band.min_age if band.min_age is not None else 0
    band_high = band.max_age if band.max_age is not None else 10**6
    return offer_low <= band_high and band_low <= offer_high


def serves_need(offer: Offer, need_id: str | None) -> bool:
    """True when no need was chosen or the offer helps with it."""
    return need_id is None or need_id in offer.needs


def speaks(offer: Offer, language: str) -> bool:
    """True when the offer's counsellors speak the visitor's language (base language counts)."""
    wanted = primary_language(language)
    return any(primary_language(spoken) == wanted for spoken in offer.languages)


def _rank(offer: Offer) -> tuple:
    """Order among offers that equally do or do not speak the visitor's language."""
    return (not offer.has_age_rule, _KIND_ORDER.get(offer.kind, 9), offer.name.casefold(), offer.id)


_NO_LIMIT = 10**6

# (lowest age, highest age, base languages spoken, match if spoken, match if not)
_Entry = tuple[int, int, frozenset[str], Match, Match]


class OfferIndex:
    """Active offers prepared once for fast matching (the kiosk asks many times per session).

    Offers are kept pre-sorted by rank, per need; a query only filters by age and splits the
    list into "speaks your language" and the rest, which keeps the order of :func:`match_offers`.
    """

    def __init__(self, offers: Iterable[Offer]):
        entries: list[_Entry] = [
            (
                offer.min_age if offer.min_age is not None else 0,
                offer.max_age if offer.max_age is not None else _NO_LIMIT,
                frozenset(primary_language(code) for code in offer.languages),
                Match(offer, True),
                Match(offer, False),
            )
            for offer in sorted((o for o in offers if o.active), key=_rank)
        ]
        self._all = entries
        self._by_need: dict[str, list[_Entry]] = {}
        for entry in entries:
            for need in entry[3].offer.needs:
                self._by_need.setdefault(need, []).append(entry)

    def __len__(self) -> int:
        return len(self._all)

    def match(self, language: str, band: AgeBand | None, need_id: str | None) -> list[Match]:
        candidates = self._all if need_id is None else self._by_need.get(need_id, ())
        low = band.min_age if band is not None and band.min_age is not None else 0
        high = band.max_age if band is not None and band.max_age is not None else _NO_LIMIT
        wanted = primary_language(language)
        speaking: list[Match] = []
        others: list[Match] = []
        for offer_low, offer_high, spoken, yes, no in candidates:
            if offer_low <= high and low <= offer_high:
                if wanted in spoken:
                    speaking.append(yes)
                else:
                    others.append(no)
        return speaking + others


def match_offers(
    offers: Iterable[Offer],
    language: str,
    band: AgeBand | None,
    need_id: str | None,
) -> list[Match]:
    """Active offers fitting the age band and need, best first.

    Order: offers speaking the visitor's language, then age-specific services (MBE, JMD) before
    general ones, then by name, so the same choice always gives the same list.
    """
    return OfferIndex(offers).match(language, band, need_id)


def match_offers_naive(
    offers: Iterable[Offer], language: str, band: AgeBand | None, need_id: str | None
) -> list[Match]:
    """The rules written out plainly; the tests check :class:`OfferIndex` against this."""
    found = [
        Match(offer, speaks(offer, language))
        for offer in offers
        if offer.active and age_overlaps(offer, band) and serves_need(offer, need_id)
    ]
    found.sort(key=lambda m: (not m.speaks_language, *_rank(m.offer)))
    return found
