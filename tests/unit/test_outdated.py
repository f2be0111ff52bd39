"""Old information is recognised by one rule, and told to visitors with what to do."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kiosk.domain.models import Contact, Offer, OfferKind, OfferText
from kiosk.domain.verification import is_outdated
from kiosk.i18n import load_catalogue
from kiosk.labels import outdated_note

TODAY = dt.date(2026, 12, 1)


def _offer(verified_on: dt.date | None, phone: str = "") -> Offer:
    return Offer(
        id="x",
        kind=OfferKind.ASSOCIATION,
        provider="P",
        name="N",
        texts={"de": OfferText("de", "Hilfe")},
        contact=Contact(phone=phone, web="https://example.org"),
        verified_on=verified_on,
    )


def test_the_limit_is_whole_calendar_months():
    assert not is_outdated(_offer(dt.date(2026, 6, 1)), TODAY, 6)
    assert is_outdated(_offer(dt.date(2026, 5, 31)), TODAY, 6)
    assert is_outdated(_offer(None), TODAY, 6)
    assert not is_outdated(_offer(dt.date(2011, 1, 1)), TODAY, 12 * 16)


def test_recent_information_gets_no_note():
    cat = load_catalogue("de")
    assert outdated_note(cat, _offer(dt.date(2026, 11, 2), phone="0351 1"), TODAY, 6) == ""


def test_old_information_names_its_year_and_what_to_do():
    cat = load_catalogue("de")
    with_phone = outdated_note(cat, _offer(dt.date(2011, 1, 1), phone="0351 1"), TODAY, 6)
    without = outdated_note(cat, _offer(dt.date(2011, 1, 1)), TODAY, 6)
    assert "2011" in with_phone and "2011" in without
    assert with_phone != without  # call first / ask at the counter
    never = outdated_note(cat, dataclasses.replace(_offer(None), contact=Contact()), TODAY, 6)
    assert never and "2011" not in never
