"""In which order matching offers are shown: what helps this visitor first.

Pure functions, no I/O. An offer's place follows from a few facts about it at the moment of
the question (:class:`RankFacts`), compared in this order (each rule only breaks ties of the
rules above it):

1. **Reachable first.** An offer with a street address or a phone number (an online service:
   a web address) comes before one without; those without come last and tell the visitor to
   ask at the counter (:attr:`Hint.ASK_AT_COUNTER`).
2. **The visitor's language.** Offers whose counsellors speak it (its base language counts:
   Dari ``fa-AF`` matches Persian ``fa``) come first, then offers in a language the visitor may
   also read (:data:`RELATED_LANGUAGES`, a small, modest table), then all others alike: an
   offer that names only English or German (:data:`GENERAL_LANGUAGES`) is not put above one
   whose languages are not known (a German counselling service speaks German either way, and
   the age-specific services, whose language lists are mostly unknown, must not sink below
   every association that names German). No offer is ever said to speak a language it does
   not list.
3. **Open soon.** Open now or opening within :data:`SOON` → then opening later, by
   appointment only → then hours unknown or no opening in the next two weeks. Information
   that is outdated (:func:`kiosk.domain.verification.is_outdated`) counts one step less sure
   here: "open now" from 2011 is not as good as "open now" checked last month.
4. **Outdated information ranks lower** than checked information otherwise alike.
5. **Age-specific services** (an offer with an age rule: MBE 27+, JMD 12–26, the youth
   office's service under 18) before general ones, then by kind (counselling before
   communities, city offices, online services), then by name and id, so the same question
   always gives the same list.

:func:`rank_key` builds the whole key; :class:`kiosk.domain.matching.OfferIndex` uses the same
facts but sorts by the fixed part (rule 5) once and buckets by the rest per question.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from kiosk.domain.hours import OpeningStatus, OpenState, opening_status
from kiosk.domain.models import Offer, OfferKind
from kiosk.domain.verification import is_outdated

#: "Open soon": open now or opening within this time.
SOON = dt.timedelta(hours=24)

#: Languages a visitor of a language may also read, as base languages (ISO 639-1/-3). Kept
#: small and modest: only pairs many speakers share through schooling or daily life. The
#: visitor decides; the kiosk only puts such offers higher and says which language they speak.
RELATED_LANGUAGES: dict[str, tuple[str, ...]] = {
    "ps": ("fa",),  # Afghanistan: Dari (Persian) is the language most Pashto speakers share
    "uk": ("ru",),  # Ukraine: most people went to school with Russian as a second language
    "kmr": ("tr", "ar"),  # Kurmanji speakers from Turkey (Turkish) or Syria and Iraq (Arabic)
    "ku": ("tr", "ar"),
    "ckb": ("ar", "fa"),  # Sorani speakers from Iraq (Arabic) or Iran (Persian)
}

#: Languages many visitors read besides their own; offers naming them come after those in
#: the visitor's own and related languages, never instead of saying who speaks what.
GENERAL_LANGUAGES: tuple[str, ...] = ("en", "de")

#: Kinds in the order they are shown among otherwise equal offers.
KIND_ORDER: dict[OfferKind, int] = {
    OfferKind.MBE: 0,
    OfferKind.JMD: 0,
    OfferKind.REFUGEE_SOCIAL_WORK: 1,
    OfferKind.ASSOCIATION: 1,
    OfferKind.SELF_ORGANISATION: 2,
    OfferKind.INTEGRATION_COURSE: 2,
    OfferKind.CITY_OFFICE: 3,
    OfferKind.ONLINE_SERVICE: 4,
}


def primary_language(code: str) -> str:
    """The base language of a tag: 'fa-AF' → 'fa', 'zh-Hans' → 'zh', 'de-x-easy' → 'de'."""
    return code.replace("_", "-").split("-")[0].lower()


class LanguageFit(IntEnum):
    """How well an offer's languages fit the visitor (lower is better)."""

    SPEAKS = 0  # lists the visitor's language
    RELATED = 1  # lists a language the visitor may also read (RELATED_LANGUAGES)
    GENERAL = 2  # lists English or German
    UNKNOWN = 3  # lists no language, or only others


#: The place of each language fit in the order (rule 2): English/German and unknown alike.
FIT_RANK: dict[LanguageFit, int] = {
    LanguageFit.SPEAKS: 0,
    LanguageFit.RELATED: 1,
    LanguageFit.GENERAL: 2,
    LanguageFit.UNKNOWN: 2,
}


class When(IntEnum):
    """How soon a visitor can go (lower is better)."""

    SOON = 0  # open now or opening within SOON
    LATER = 1  # opening later, or by appointment only
    UNSURE = 2  # hours not known, or no opening within two weeks


class Hint(StrEnum):
    """What a visitor should do because something essential is missing or old."""

    NONE = "none"
    ASK_AT_COUNTER = "ask_at_counter"  # no address and no phone
    OUTDATED = "outdated"  # old information: call first / ask (kiosk.labels.outdated_note)
    CALL_NO_ADDRESS = "call_no_address"  # a phone but no address
    CALL_HOURS_UNKNOWN = "call_hours_unknown"  # address and phone, hours not known
    ASK_HOURS_UNKNOWN = "ask_hours_unknown"  # address, no phone, hours not known


def related_languages(language: str) -> tuple[str, ...]:
    """Base languages the visitor of ``language`` may also read (possibly none)."""
    return RELATED_LANGUAGES.get(primary_language(language), ())


def language_fit(spoken: frozenset[str], wanted: str, related: tuple[str, ...]) -> LanguageFit:
    """``spoken``: the offer's base languages; ``wanted``: the visitor's base language."""
    if wanted in spoken:
        return LanguageFit.SPEAKS
    if any(code in spoken for code in related):
        return LanguageFit.RELATED
    if any(code in spoken for code in GENERAL_LANGUAGES):
        return LanguageFit.GENERAL
    return LanguageFit.UNKNOWN


def offer_language_fit(offer: Offer, language: str) -> LanguageFit:
    spoken = frozenset(primary_language(code) for code in offer.languages)
    return language_fit(spoken, primary_language(language), related_languages(language))


def is_online_service(offer: Offer) -> bool:
    """An online service a visitor can use: its web address is known."""
    return offer.kind is OfferKind.ONLINE_SERVICE and bool(offer.contact.web)


def is_reachable_in_person(offer: Offer) -> bool:
    """A visitor can go there or call: a street address or a phone number is known (an
    online service is reached through its web address)."""
    if offer.kind is OfferKind.ONLINE_SERVICE:
        return is_online_service(offer)
    return offer.address.is_known or bool(offer.contact.phone)


def when_from_status(status: OpeningStatus, now: dt.datetime) -> When:
    match status.state:
        case OpenState.OPEN_NOW:
            return When.SOON
        case OpenState.OPENS_LATER:
            return When.SOON if status.at is not None and status.at - now <= SOON else When.LATER
        case OpenState.APPOINTMENT_ONLY:
            return When.LATER
        case _:
            return When.UNSURE


def offer_when(offer: Offer, now: dt.datetime) -> When:
    """How soon a visitor can go to ``offer``; an online service is always at hand."""
    if is_online_service(offer):
        return When.SOON
    return when_from_status(opening_status(offer, now), now)


def effective_when(when: When, outdated: bool) -> When:
    """Outdated information is one step less sure (rule 3)."""
    return When(min(When.UNSURE, when + 1)) if outdated else when


def hint_for(offer: Offer, outdated: bool) -> Hint:
    """The one most useful "what to do" for a card (the first that applies)."""
    if not is_reachable_in_person(offer):
        return Hint.ASK_AT_COUNTER
    if outdated:
        return Hint.OUTDATED
    if offer.kind is OfferKind.ONLINE_SERVICE:
        return Hint.NONE
    phone = bool(offer.contact.phone)
    if not offer.address.is_known:
        return Hint.CALL_NO_ADDRESS
    if offer.hours is None and not offer.appointment_only:
        return Hint.CALL_HOURS_UNKNOWN if phone else Hint.ASK_HOURS_UNKNOWN
    return Hint.NONE


@dataclass(frozen=True, slots=True)
class RankFacts:
    """Why an offer stands where it does in the results (shown by ``kiosk-admin match``)."""

    reachable: bool
    language: LanguageFit
    when: When  # as the hours say, before rule 3's step for outdated information
    outdated: bool
    hint: Hint

    @property
    def speaks_language(self) -> bool:
        return self.language is LanguageFit.SPEAKS

    @property
    def dynamic_key(self) -> tuple[int, int, int, int]:
        """Rules 1–4: what depends on the visitor's language and the moment."""
        return (
            0 if self.reachable else 1,
            FIT_RANK[self.language],
            int(effective_when(self.when, self.outdated)),
            1 if self.outdated else 0,
        )


def static_key(offer: Offer) -> tuple:
    """Rule 5: the part of the order that depends on the offer alone."""
    return (not offer.has_age_rule, KIND_ORDER.get(offer.kind, 9), offer.name.casefold(), offer.id)


def rank_facts(
    offer: Offer, language: str, now: dt.datetime, verify_after_months: int
) -> RankFacts:
    outdated = is_outdated(offer, now.date(), verify_after_months)
    return RankFacts(
        reachable=is_reachable_in_person(offer),
        language=offer_language_fit(offer, language),
        when=offer_when(offer, now),
        outdated=outdated,
        hint=hint_for(offer, outdated),
    )


def rank_key(facts: RankFacts, offer: Offer) -> tuple:
    """The whole order: rules 1–4 from the facts, then rule 5 from the offer."""
    return (*facts.dynamic_key, *static_key(offer))


#: Words by which an offer's own German or English text says it works with interpreters.
_INTERPRETING_WORDS = ("dolmetsch", "sprachmittl", "interpreter", "interpreting")


def mentions_interpreting(offer: Offer) -> bool:
    """True when the offer's own German or English description says it works with
    interpreters ("Dolmetscher", "sprachmittlergestützt", "interpreter"). The data has no
    field for it; the kiosk only repeats what the offer's text says."""
    for lang in ("de", "en"):
        text = offer.texts.get(lang)
        if text is None:
            continue
        words = f"{text.summary} {text.description} {text.audience}".casefold()
        if any(word in words for word in _INTERPRETING_WORDS):
            return True
    return False
