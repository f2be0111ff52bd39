"""Matching rules: age bands, needs, language-first ranking."""

from __future__ import annotations

import pytest

from kiosk.domain.choices import AgeBand
from kiosk.domain.matching import age_overlaps, match_offers, primary_language, speaks
from kiosk.domain.models import Contact, Offer, OfferKind, OfferText

UNDER_12 = AgeBand("under-12", None, 11)
TEEN = AgeBand("12-17", 12, 17)
YOUNG = AgeBand("18-26", 18, 26)
ADULT = AgeBand("27-plus", 27, None)


def offer(
    oid: str,
    kind: OfferKind = OfferKind.ASSOCIATION,
    *,
    min_age=None,
    max_age=None,
    needs=(),
    languages=(),
    active=True,
    name=None,
) -> Offer:
    return Offer(
        id=oid,
        kind=kind,
        provider="P",
        name=name or oid,
        texts={"de": OfferText("de", "x")},
        min_age=min_age,
        max_age=max_age,
        needs=frozenset(needs),
        languages=tuple(languages),
        contact=Contact(web="https://x"),
        active=active,
    )


MBE = offer("mbe", OfferKind.MBE, min_age=27, needs=["papers", "work"])
JMD = offer("jmd", OfferKind.JMD, min_age=12, max_age=26, needs=["education", "work"])
GENERAL = offer("general", needs=["papers"], languages=["ar", "de"])


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        (UNDER_12, {"general"}),
        (TEEN, {"jmd", "general"}),
        (YOUNG, {"jmd", "general"}),
        (ADULT, {"mbe", "general"}),
        (None, {"mbe", "jmd", "general"}),
    ],
)
def test_age_bands_select_mbe_and_jmd(band, expected):
    found = {m.offer.id for m in match_offers([MBE, JMD, GENERAL], "de", band, None)}
    assert found == expected


@pytest.mark.parametrize(
    ("min_age", "max_age", "band", "overlaps"),
    [
        (12, 26, AgeBand("b", 26, 30), True),  # touching at 26
        (12, 26, AgeBand("b", 27, None), False),
        (27, None, AgeBand("b", 18, 26), False),
        (27, None, AgeBand("b", 20, 27), True),
        (None, 17, AgeBand("b", None, 11), True),
        (None, 17, AgeBand("b", 18, None), False),
    ],
)
def test_age_overlap_edges(min_age, max_age, band, overlaps):
    assert age_overlaps(offer("o", min_age=min_age, max_age=max_age), band) is overlaps


def test_need_filter_keeps_only_offers_serving_the_need():
    found = [m.offer.id for m in match_offers([MBE, JMD, GENERAL], "de", None, "education")]
    assert found == ["jmd"]


def test_inactive_offers_never_match():
    hidden = offer("hidden", active=False)
    assert match_offers([hidden], "de", None, None) == []


def test_offers_speaking_the_visitor_language_come_first():
    silent = offer("a-silent", name="A first by name")
    arabic = offer("z-arabic", languages=["ar"], name="Z last by name")
    found = match_offers([silent, arabic], "ar", ADULT, None)
    assert [m.offer.id for m in found] == ["z-arabic", "a-silent"]
    assert [m.speaks_language for m in found] == [True, False]


def test_age_specific_services_before_general_ones_and_order_is_stable():
    general = offer("general", needs=["papers"])  # languages as little known as the MBE's
    found = [m.offer.id for m in match_offers([general, MBE], "tr", ADULT, None)]
    assert found == ["mbe", "general"]
    assert found == [m.offer.id for m in match_offers([MBE, general], "tr", ADULT, None)]


@pytest.mark.parametrize(
    ("tag", "base"), [("fa-AF", "fa"), ("zh-Hans", "zh"), ("de", "de"), ("de-x-ls", "de")]
)
def test_primary_language(tag, base):
    assert primary_language(tag) == base


def test_dari_visitor_matches_persian_speaking_counsellors():
    assert speaks(offer("o", languages=["fa"]), "fa-AF")
    assert not speaks(offer("o", languages=["ar"]), "fa-AF")


def test_index_gives_exactly_the_plain_rules_on_random_offers():
    """Every rule at once (age, need, language, reachability, hours, age of information,
    hiding old offers) on random offers and moments: the index and the plain rules agree."""
    import datetime as dt
    import random

    from kiosk.domain.matching import OfferIndex, match_offers_naive
    from kiosk.domain.models import (
        CLOSED_DAY,
        Address,
        DayHours,
        DayStatus,
        HoursException,
        TimeSlot,
        WeeklyHours,
    )

    rng = random.Random(11)
    needs = ["papers", "work", "language", "family"]
    kinds = list(OfferKind)
    morning = DayHours(DayStatus.OPEN, (TimeSlot(dt.time(9), dt.time(12)),))
    evening = DayHours(DayStatus.OPEN, (TimeSlot(dt.time(16), dt.time(19)),))
    weeks = [
        None,
        WeeklyHours((morning,) * 5 + (CLOSED_DAY,) * 2),
        WeeklyHours((evening, CLOSED_DAY) * 3 + (CLOSED_DAY,)),
        WeeklyHours((DayHours(DayStatus.APPOINTMENT),) * 5 + (CLOSED_DAY,) * 2),
        WeeklyHours(
            (morning,) * 7,
            (HoursException(dt.date(2026, 12, 8), CLOSED_DAY),),
        ),
    ]
    offers = []
    for index in range(400):
        low = rng.choice([None, 0, 12, 18, 27, 40])
        high = rng.choice([None, 11, 17, 26, 30, 99])
        if low is not None and high is not None and high < low:
            low, high = high, low
        offers.append(
            Offer(
                id=f"o{index:03d}",
                kind=rng.choice(kinds),
                provider="P",
                name=rng.choice(["Beta", "alpha", "Gamma"]),
                texts={"de": OfferText("de", "x")},
                min_age=low,
                max_age=high,
                needs=frozenset(rng.sample(needs, rng.randint(0, 3))),
                languages=tuple(
                    rng.sample(["ar", "de", "fa", "ru", "fa-AF", "en", "tr"], rng.randint(0, 2))
                ),
                address=rng.choice([Address(), Address(street="Weg 1", city="Dresden")]),
                contact=Contact(
                    phone=rng.choice(["", "0351 1"]), web=rng.choice(["", "https://x"])
                ),
                hours=rng.choice(weeks),
                appointment_only=rng.random() < 0.1,
                verified_on=rng.choice([None, dt.date(2011, 1, 1), dt.date(2026, 11, 2)]),
                active=rng.random() > 0.1,
            )
        )
    index = OfferIndex(offers)
    bands = [None, UNDER_12, TEEN, YOUNG, ADULT, AgeBand("x", 26, 27)]
    moments = [None, dt.datetime(2026, 12, 7, 10, 0), dt.datetime(2026, 12, 7, 20, 0)]
    for language in ("ar", "de", "fa-AF", "ti", "uk", "ps"):
        for band in bands:
            for need in (None, *needs, "unknown"):
                for now in moments:
                    for months, hide in ((6, 0), (1, 24)):
                        options = {
                            "verify_after_months": months,
                            "hide_outdated_after_months": hide,
                        }
                        expected = match_offers_naive(offers, language, band, need, now, **options)
                        assert index.match(language, band, need, now, **options) == expected
    # (the loop saw every rule at work)
    seen = index.match("ar", None, None, moments[1], hide_outdated_after_months=0)
    assert {m.facts.dynamic_key[0] for m in seen} == {0, 1}
    assert {m.facts.outdated for m in seen} == {True, False}
    assert len({m.facts.when for m in seen}) == 3
