"""An active offer without a text in a visitor language is on the "to verify" list, naming the
languages (the kiosk shows those visitors the English or German text with a note)."""

from __future__ import annotations

import datetime as dt

from kiosk.domain.models import Address, OfferKind, OfferText
from kiosk.domain.models import Offer as _Offer
from kiosk.domain.verification import DueReason, due_for_verification, missing_texts

TODAY = dt.date(2026, 12, 1)


def _offer(active: bool = True, **texts: str) -> _Offer:
    return _Offer(
        id="o",
        kind=OfferKind.ASSOCIATION,
        provider="Träger",
        name="Beratung",
        texts={code: OfferText(code, summary) for code, summary in texts.items()},
        address=Address(
            street="Lingnerallee 3", postcode="01069", city="Dresden", lat=51.0, lon=13.7
        ),
        verified_on=TODAY,
        active=active,
    )


def test_missing_texts_names_the_languages_without_a_summary():
    offer = _offer(de="Beratung", ar="استشارة", uk="  ")
    assert missing_texts(offer, ["de", "ar", "uk", "ti"]) == ("uk", "ti")
    assert missing_texts(offer, ["de", "ar"]) == ()


def test_an_active_offer_missing_a_visitor_language_is_due_and_says_which():
    due = due_for_verification([_offer(de="Beratung")], TODAY, 6, ["de", "ar", "ti"])
    assert [d.reasons for d in due] == [(DueReason.MISSING_TEXTS,)]
    assert due[0].missing_texts == ("ar", "ti")


def test_complete_or_inactive_offers_are_not_due_for_texts():
    complete = _offer(de="Beratung", ar="استشارة")
    assert due_for_verification([complete], TODAY, 6, ["de", "ar"]) == []
    inactive = _offer(active=False, de="Beratung")
    assert due_for_verification([inactive], TODAY, 6, ["de", "ar"]) == []
    assert due_for_verification([_offer(de="Beratung")], TODAY, 6) == [], "no languages: no rule"
