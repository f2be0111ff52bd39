"""Which offers fit a visitor, and in which order they are shown.

Pure functions: given the offers and the visitor's choices (language, age band, need) and the
moment of the question, return the matching active offers, what helps this visitor first. The
order's rules are in :mod:`kiosk.domain.ranking`; this module selects and sorts fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from kiosk.domain.choices import AgeBand
from kiosk.domain.hours import OpenState, opening_status
from kiosk.domain.models import Offer, OfferKind
from kiosk.domain.ranking import (
    FIT_RANK,
    Hint,
    LanguageFit,
    RankFacts,
    When,
    effective_when,
    hint_for,
    is_online_service,
    is_reachable_in_person,
    language_fit,
    offer_when,
    primary_language,
    rank_facts,
    rank_key,
    related_languages,
    static_key,
)
from kiosk.domain.settings import DEFAULT_VERIFY_AFTER_MONTHS
from kiosk.domain.verification import is_outdated, months_before

__all__ = [
    "Match",
    "OfferIndex",
    "age_overlaps",
    "match_offers",
    "match_offers_naive",
    "primary_language",
    "serves_need",
    "speaks",
]


class Match(NamedTuple):
    """An offer in the results, with why it was ranked where it is (a named tuple: the
    index makes one per offer per question, and a tuple is the quickest to make)."""

    offer: Offer
    facts: RankFacts

    @property
    def speaks_language(self) -> bool:
        return self.facts.speaks_language

    @property
    def hint(self) -> Hint:
        return self.facts.hint


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


def is_hidden_as_old(offer: Offer, today: dt.date | None, hide_after_months: int) -> bool:
    """The setting "hide offers older than N months" (0: show all): True when ``offer`` is
    to be left out of the results at ``today``."""
    return (
        bool(hide_after_months)
        and today is not None
        and is_outdated(offer, today, hide_after_months)
    )


_NO_LIMIT = 10**6
#: Candidate lists per (need, age band) kept at most (needs × bands of a kiosk: ~50).
_AGE_LISTS_KEPT = 256


#: Language fits × "when"s × (checked, outdated): the ways one offer can stand in a result.
_VARIANTS = len(LanguageFit) * len(When) * 2

# (lowest age, highest age, position in the index, the bucket of each variant, schedule
#  number, day last checked as an ordinal (-1: never), its Match per variant (made when
#  first needed), its RankFacts per variant, the offer)
_Entry = tuple[int, int, int, list[int], int, int, list, list, Offer]

#: A day ordinal before every real one: "never checked" is older than any day.
_NEVER = -1


def _entry(offer: Offer, position: int, schedule: int) -> _Entry:
    reachable = is_reachable_in_person(offer)
    return (
        offer.min_age if offer.min_age is not None else 0,
        offer.max_age if offer.max_age is not None else _NO_LIMIT,
        position,
        _BUCKETS[0 if reachable else 1],
        schedule,  # offers with the same hours share their "when"
        offer.verified_on.toordinal() if offer.verified_on else _NEVER,
        [None] * _VARIANTS,
        _facts_by_variant(reachable, hint_for(offer, False), hint_for(offer, True)),
        offer,
    )


@cache
def _facts_by_variant(reachable: bool, checked_hint: Hint, outdated_hint: Hint) -> list[RankFacts]:
    """The facts of each variant (shared by the offers alike in these three)."""
    return [
        RankFacts(reachable, fit, when, bool(outdated), (checked_hint, outdated_hint)[outdated])
        for fit in LanguageFit
        for when in When
        for outdated in (0, 1)
    ]


def _bucket(unreachable: int, fit: int, when: int, outdated: int) -> int:
    """The place of rules 1–4 (:attr:`RankFacts.dynamic_key`) as one number, same order."""
    shown_when = effective_when(When(when), bool(outdated))
    place = FIT_RANK[LanguageFit(fit)]
    return ((unreachable * len(LanguageFit) + place) * len(When) + shown_when) * 2 + outdated


#: [unreachable][variant] → bucket number
_BUCKETS = [
    [
        _bucket(unreachable, fit, when, outdated)
        for fit in LanguageFit
        for when in When
        for outdated in (0, 1)
    ]
    for unreachable in (0, 1)
]
_BUCKET_COUNT = 2 * _VARIANTS


def _schedule_of(offer: Offer) -> tuple:
    """What decides an offer's "when" besides the moment: equal for offers with equal hours."""
    return (offer.hours, offer.appointment_only, is_online_service(offer))


class OfferIndex:
    """Active offers prepared once for fast matching (the kiosk asks many times per session).

    Offers are kept pre-sorted by the part of the order that depends on the offer alone
    (:func:`~kiosk.domain.ranking.static_key`), per need. A question filters by age, puts each
    candidate into the bucket of its language fit, "when" and age of information, and joins the
    buckets in order — the same order as :func:`match_offers_naive`. "When" is computed once
    per distinct week of hours, not once per offer, and each offer keeps its Match for each
    variant (language fit × when × outdated) once made, so a question makes few objects.
    """

    def __init__(self, offers: Iterable[Offer]):
        schedules: dict[tuple, int] = {}
        self._schedule_offers: list[Offer] = []
        entries: list[_Entry] = []
        for offer in sorted((o for o in offers if o.active), key=static_key):
            signature = _schedule_of(offer)
            schedule = schedules.get(signature)
            if schedule is None:
                schedule = schedules[signature] = len(self._schedule_offers)
                self._schedule_offers.append(offer)
            entries.append(_entry(offer, len(entries), schedule))
        self._all = entries
        # The languages of each offer (by position), and its language fit for a visitor's
        # language, made once per language (as the variant number's part for it: fit × 6).
        self._spoken = [
            frozenset(primary_language(code) for code in entry[-1].languages) for entry in entries
        ]
        self._fits: dict[str, bytes] = {}
        for language in sorted(set().union(*self._spoken)):
            self._fits_for(language)
        self._by_need: dict[str, list[_Entry]] = {}
        self._age_lists: dict[tuple[str | None, int, int], list[_Entry]] = {}
        for entry in entries:
            for need in entry[-1].needs:
                self._by_need.setdefault(need, []).append(entry)

    def __len__(self) -> int:
        return len(self._all)

    def _fits_for(self, wanted: str) -> bytes:
        """fit × (variants per fit) of every offer, by position, for visitors of the base
        language ``wanted``."""
        found = self._fits.get(wanted)
        if found is None:
            related = related_languages(wanted)
            step = _VARIANTS // len(LanguageFit)
            found = self._fits[wanted] = bytes(
                int(language_fit(spoken, wanted, related)) * step for spoken in self._spoken
            )
        return found

    def _for_age(self, need_id: str | None, low: int, high: int) -> list[_Entry]:
        """The entries of a need (all: None) whose age rule overlaps ``low``–``high``, in
        order; kept per need and age band (a kiosk has a handful of bands)."""
        key = (need_id, low, high)
        found = self._age_lists.get(key)
        if found is None:
            entries = self._all if need_id is None else self._by_need.get(need_id, ())
            found = [entry for entry in entries if entry[0] <= high and low <= entry[1]]
            if len(self._age_lists) >= _AGE_LISTS_KEPT:
                self._age_lists.clear()  # (staff changed the bands many times: start afresh)
            self._age_lists[key] = found
        return found

    def match(
        self,
        language: str,
        band: AgeBand | None,
        need_id: str | None,
        now: dt.datetime | None = None,
        *,
        verify_after_months: int = DEFAULT_VERIFY_AFTER_MONTHS,
        hide_outdated_after_months: int = 0,
    ) -> list[Match]:
        """Matching offers, best first. Without ``now`` the order cannot use the hours or the
        age of the information (every offer counts as "hours unknown", none as outdated)."""
        low = band.min_age if band is not None and band.min_age is not None else 0
        high = band.max_age if band is not None and band.max_age is not None else _NO_LIMIT
        candidates = self._for_age(need_id, low, high)
        fits = self._fits_for(primary_language(language))
        today = now.date() if now is not None else None
        # Information checked before this day is outdated (none is, without a moment); offers
        # checked before ``hidden_before`` are left out (none is, without the setting).
        checked_since = months_before(today, verify_after_months).toordinal() if today else -2
        hidden_before = (
            months_before(today, hide_outdated_after_months).toordinal()
            if today and hide_outdated_after_months
            else -2
        )
        # Per schedule: its "when" × 2 (the variant number's part for it), once asked.
        whens: list[int | None] = [None] * len(self._schedule_offers)
        buckets: list[list[Match]] = [[] for _ in range(_BUCKET_COUNT)]
        add = [bucket.append for bucket in buckets]
        for (
            _low,
            _high,
            position,
            bucket_of,
            schedule,
            verified,
            variants,
            facts,
            offer,
        ) in candidates:
            if verified < hidden_before:
                continue
            when = whens[schedule]
            if when is None:
                when = whens[schedule] = 2 * (
                    int(offer_when(self._schedule_offers[schedule], now)) if now else When.UNSURE
                )
            variant = fits[position] + when + (verified < checked_since)
            match = variants[variant]
            if match is None:
                match = variants[variant] = Match(offer, facts[variant])
            add[bucket_of[variant]](match)
        ordered: list[Match] = []
        for bucket in buckets:
            ordered += bucket
        return ordered


def match_offers(
    offers: Iterable[Offer],
    language: str,
    band: AgeBand | None,
    need_id: str | None,
    now: dt.datetime | None = None,
    *,
    verify_after_months: int = DEFAULT_VERIFY_AFTER_MONTHS,
    hide_outdated_after_months: int = 0,
) -> list[Match]:
    """Active offers fitting the age band and need, best first (rules:
    :mod:`kiosk.domain.ranking`), so the same question always gives the same list."""
    return OfferIndex(offers).match(
        language,
        band,
        need_id,
        now,
        verify_after_months=verify_after_months,
        hide_outdated_after_months=hide_outdated_after_months,
    )


def match_offers_naive(
    offers: Iterable[Offer],
    language: str,
    band: AgeBand | None,
    need_id: str | None,
    now: dt.datetime | None = None,
    *,
    verify_after_months: int = DEFAULT_VERIFY_AFTER_MONTHS,
    hide_outdated_after_months: int = 0,
) -> list[Match]:
    """The rules written out plainly; the tests check :class:`OfferIndex` against this."""
    today = now.date() if now is not None else None
    found = []
    for offer in offers:
        if not (offer.active and age_overlaps(offer, band) and serves_need(offer, need_id)):
            continue
        if is_hidden_as_old(offer, today, hide_outdated_after_months):
            continue
        if now is None:
            facts = RankFacts(
                is_reachable_in_person(offer),
                language_fit(
                    frozenset(primary_language(c) for c in offer.languages),
                    primary_language(language),
                    related_languages(language),
                ),
                When.UNSURE,
                False,
                hint_for(offer, False),
            )
        else:
            facts = rank_facts(offer, language, now, verify_after_months)
        found.append(Match(offer, facts))
    found.sort(key=lambda m: rank_key(m.facts, m.offer))
    return found


def nobody_speaks(matches: list[Match]) -> bool:
    """Offers match, but none lists the visitor's language: the results say so."""
    return bool(matches) and not any(m.speaks_language for m in matches)


def offices_all_closed(matches: list[Match], now: dt.datetime) -> bool:
    """Offices match, but none is open at ``now`` (evenings, weekends, holidays; hours not
    known count as not open: no one can say it is)."""
    offices = [m.offer for m in matches if m.offer.kind is not OfferKind.ONLINE_SERVICE]
    return bool(offices) and not any(
        opening_status(offer, now).state is OpenState.OPEN_NOW for offer in offices
    )


def online_help_wanted(matches: list[Match], now: dt.datetime) -> bool:
    """When the results show the online counselling for the visitor's age (mbeon, jmd4you):
    nothing matches, no one speaks the visitor's language, or every matching office is
    closed now."""
    return not matches or nobody_speaks(matches) or offices_all_closed(matches, now)
