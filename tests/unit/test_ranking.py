"""The ranking rules (kiosk.domain.ranking), one by one, and how the index applies them."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.domain.choices import AgeBand
from kiosk.domain.matching import match_offers, offices_all_closed, online_help_wanted
from kiosk.domain.models import (
    CLOSED_DAY,
    Address,
    Contact,
    DayHours,
    DayStatus,
    Offer,
    OfferKind,
    OfferText,
    TimeSlot,
    WeeklyHours,
)
from kiosk.domain.ranking import (
    Hint,
    LanguageFit,
    When,
    effective_when,
    hint_for,
    is_reachable_in_person,
    mentions_interpreting,
    offer_language_fit,
    offer_when,
    rank_facts,
    rank_key,
    related_languages,
)

MONDAY_10 = dt.datetime(2026, 12, 7, 10, 0)  # a Monday, not a holiday
MONDAY_EVENING = dt.datetime(2026, 12, 7, 20, 0)
SATURDAY_10 = dt.datetime(2026, 12, 12, 10, 0)
FRESH = dt.date(2026, 11, 20)
OLD = dt.date(2011, 1, 1)
ADULT = AgeBand("27-plus", 27, None)
YOUNG = AgeBand("18-26", 18, 26)

WEEKDAY_MORNINGS = WeeklyHours(
    (DayHours(DayStatus.OPEN, (TimeSlot(dt.time(9), dt.time(12)),)),) * 5 + (CLOSED_DAY,) * 2
)
THURSDAYS = WeeklyHours(
    (CLOSED_DAY,) * 3
    + (DayHours(DayStatus.OPEN, (TimeSlot(dt.time(9), dt.time(12)),)),)
    + (CLOSED_DAY,) * 3
)
BOOKED = WeeklyHours((DayHours(DayStatus.APPOINTMENT),) * 5 + (CLOSED_DAY,) * 2)
STREET = Address(street="Musterstraße 1", postcode="01069", city="Dresden")


def offer(
    oid: str,
    *,
    kind: OfferKind = OfferKind.ASSOCIATION,
    languages=(),
    street: bool = True,
    phone: str = "0351 1",
    web: str = "",
    hours: WeeklyHours | None = WEEKDAY_MORNINGS,
    verified=FRESH,
    min_age=None,
    max_age=None,
    text: str = "Beratung",
    appointment_only: bool = False,
) -> Offer:
    return Offer(
        id=oid,
        kind=kind,
        provider="P",
        name=oid,
        texts={"de": OfferText("de", text)},
        min_age=min_age,
        max_age=max_age,
        needs=frozenset({"papers"}),
        languages=tuple(languages),
        address=STREET if street else Address(),
        contact=Contact(phone=phone, web=web),
        hours=hours,
        appointment_only=appointment_only,
        verified_on=verified,
    )


def order(offers, language="ti", band=ADULT, now=MONDAY_10, **options) -> list[str]:
    return [m.offer.id for m in match_offers(offers, language, band, None, now, **options)]


# -- rule 1: reachable first ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("street", "phone", "web", "kind", "reachable"),
    [
        (True, "", "", OfferKind.ASSOCIATION, True),
        (False, "0351 1", "", OfferKind.ASSOCIATION, True),
        (False, "", "https://x", OfferKind.ASSOCIATION, False),  # a website is not a door
        (False, "", "https://x", OfferKind.ONLINE_SERVICE, True),  # … unless it is online
        (False, "", "", OfferKind.ONLINE_SERVICE, False),
    ],
)
def test_reachable_means_an_address_or_a_phone(street, phone, web, kind, reachable):
    assert is_reachable_in_person(offer("o", street=street, phone=phone, web=web, kind=kind)) is (
        reachable
    )


def test_unreachable_offers_come_last_even_in_the_visitors_language():
    lost = offer("lost", languages=["ti"], street=False, phone="", web="https://x")
    plain = offer("plain", hours=None, verified=OLD)
    assert order([lost, plain]) == ["plain", "lost"]
    assert hint_for(lost, outdated=False) is Hint.ASK_AT_COUNTER


# -- rule 2: the visitor's language ---------------------------------------------------------
def test_an_offer_in_the_visitors_language_comes_before_a_sooner_one():
    tigrinya = offer("tigrinya", languages=["ti", "de"], hours=THURSDAYS)
    open_now = offer("open-now", languages=["de"])
    assert order([open_now, tigrinya]) == ["tigrinya", "open-now"]


def test_dari_visitors_match_persian_and_pashto_visitors_see_dari_next():
    persian = offer("persian", languages=["fa"])
    assert offer_language_fit(persian, "fa-AF") is LanguageFit.SPEAKS
    assert offer_language_fit(persian, "ps") is LanguageFit.RELATED
    pashto = offer("pashto", languages=["ps"])
    none = offer("none")
    assert order([none, persian, pashto], "ps") == ["pashto", "persian", "none"]


def test_related_languages_are_a_small_table_and_never_claimed_both_ways():
    assert related_languages("uk") == ("ru",)
    assert related_languages("ru") == ()  # a Russian speaker is not assumed to read Ukrainian
    assert related_languages("ti") == ()
    assert related_languages("fa-AF") == ()  # (its base language fa is matched directly)


def test_english_or_german_alone_ranks_like_unknown_languages():
    """An offer naming only German is not put above an age-specific one of unknown
    languages: the MBE stays first for adults."""
    german = offer("association", languages=["de", "en"])
    mbe = offer("mbe", kind=OfferKind.MBE, min_age=27)
    assert offer_language_fit(german, "ti") is LanguageFit.GENERAL
    assert offer_language_fit(mbe, "ti") is LanguageFit.UNKNOWN
    assert order([german, mbe]) == ["mbe", "association"]
    assert order([german, mbe], "de") == ["association", "mbe"]  # German speakers: it speaks it


# -- rule 3: open soon -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hours", "appointment_only", "now", "when"),
    [
        (WEEKDAY_MORNINGS, False, MONDAY_10, When.SOON),  # open now
        (WEEKDAY_MORNINGS, False, MONDAY_EVENING, When.SOON),  # opens tomorrow at 9
        (WEEKDAY_MORNINGS, False, SATURDAY_10, When.LATER),  # opens on Monday
        (THURSDAYS, False, MONDAY_10, When.LATER),
        (BOOKED, False, MONDAY_10, When.LATER),  # by appointment
        (None, True, MONDAY_10, When.LATER),
        (None, False, MONDAY_10, When.UNSURE),  # not known
    ],
)
def test_when_a_visitor_can_go(hours, appointment_only, now, when):
    assert offer_when(offer("o", hours=hours, appointment_only=appointment_only), now) is when


def test_open_soon_before_later_before_unknown_hours():
    offers = [
        offer("unknown", hours=None),
        offer("thursdays", hours=THURSDAYS),
        offer("mornings"),
    ]
    assert order(offers) == ["mornings", "thursdays", "unknown"]


def test_an_online_service_with_a_website_is_always_at_hand():
    online = offer("online", kind=OfferKind.ONLINE_SERVICE, street=False, phone="", web="x.de")
    assert offer_when(online, SATURDAY_10) is When.SOON


# -- rule 4: outdated information ranks lower ----------------------------------------------
def test_outdated_information_is_one_step_less_sure():
    assert effective_when(When.SOON, outdated=True) is When.LATER
    assert effective_when(When.UNSURE, outdated=True) is When.UNSURE
    assert effective_when(When.SOON, outdated=False) is When.SOON
    old_open = offer("old-open", verified=OLD)
    fresh_later = offer("fresh-later", hours=THURSDAYS)
    fresh_unknown = offer("fresh-unknown", hours=None)
    never = offer("never", verified=None)
    # An old (or never checked) "open now" counts like a checked "Thursday", and the checked
    # one wins the tie; both come before checked information without hours.
    assert order([old_open, fresh_unknown, never, fresh_later]) == [
        "fresh-later",
        "never",
        "old-open",
        "fresh-unknown",
    ]


def test_the_months_setting_decides_what_is_outdated():
    last_year = offer("last-year", verified=dt.date(2025, 12, 1))
    assert rank_facts(last_year, "de", MONDAY_10, 6).outdated
    assert not rank_facts(last_year, "de", MONDAY_10, 24).outdated


def test_hiding_old_offers_leaves_them_out_and_zero_shows_all():
    old = offer("old", verified=OLD)
    never = offer("never", verified=None)
    fresh = offer("fresh")
    assert order([old, never, fresh], hide_outdated_after_months=0) == ["fresh", "never", "old"]
    assert order([old, never, fresh], hide_outdated_after_months=12) == ["fresh"]


# -- rule 5: age-specific services, then kind and name --------------------------------------
def test_age_specific_services_first_among_equals():
    mbe = offer("z-mbe", kind=OfferKind.MBE, min_age=27)
    jmd = offer("z-jmd", kind=OfferKind.JMD, min_age=12, max_age=26)
    city = offer("a-city", kind=OfferKind.CITY_OFFICE)
    club = offer("a-club", kind=OfferKind.SELF_ORGANISATION)
    assert order([city, club, mbe, jmd], band=ADULT) == ["z-mbe", "a-club", "a-city"]
    assert order([city, club, mbe, jmd], band=YOUNG) == ["z-jmd", "a-club", "a-city"]


def test_rank_key_orders_like_the_index():
    offers = [
        offer("a", languages=["ti"], hours=None),
        offer("b", street=False, phone=""),
        offer("c", verified=OLD),
        offer("d", kind=OfferKind.MBE, min_age=27, hours=THURSDAYS),
    ]
    by_key = sorted(offers, key=lambda o: rank_key(rank_facts(o, "ti", MONDAY_10, 6), o))
    assert [o.id for o in by_key] == order(offers)


# -- hints: what to do ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "outdated", "hint"),
    [
        ({"street": False, "phone": ""}, False, Hint.ASK_AT_COUNTER),
        ({"street": False, "phone": ""}, True, Hint.ASK_AT_COUNTER),  # the first that applies
        ({}, True, Hint.OUTDATED),
        ({"street": False}, False, Hint.CALL_NO_ADDRESS),
        ({"hours": None}, False, Hint.CALL_HOURS_UNKNOWN),
        ({"hours": None, "phone": ""}, False, Hint.ASK_HOURS_UNKNOWN),
        ({"hours": None, "appointment_only": True}, False, Hint.NONE),
        ({}, False, Hint.NONE),
    ],
)
def test_the_hint_says_what_to_do(kwargs, outdated, hint):
    assert hint_for(offer("o", **kwargs), outdated) is hint


def test_interpreting_only_where_the_offers_own_text_says_so():
    assert mentions_interpreting(offer("o", text="Beratung mit Dolmetscherinnen"))
    assert mentions_interpreting(offer("o", text="sprachmittlergestützt"))
    assert not mentions_interpreting(offer("o", text="Beratung auf Deutsch"))


# -- when the results add online counselling ----------------------------------------------
def test_online_help_when_closed_nobody_speaks_or_nothing_matches():
    speaks_open = match_offers([offer("o", languages=["ti"])], "ti", ADULT, None, MONDAY_10)
    assert not online_help_wanted(speaks_open, MONDAY_10)
    evening = match_offers([offer("o", languages=["ti"])], "ti", ADULT, None, MONDAY_EVENING)
    assert offices_all_closed(evening, MONDAY_EVENING)
    assert online_help_wanted(evening, MONDAY_EVENING)
    silent = match_offers([offer("o", languages=["de"])], "ti", ADULT, None, MONDAY_10)
    assert online_help_wanted(silent, MONDAY_10)
    assert online_help_wanted([], MONDAY_10)
