"""Online counselling is not an office: it is never "hours unknown", one writes any time."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kiosk.domain.hours import OpenState
from kiosk.domain.models import Contact, Offer, OfferKind, OfferText
from kiosk.i18n import load_catalogue
from ui.presenting import present

SUNDAY_NIGHT = dt.datetime(2026, 12, 6, 23, 30)


def _online(web: str = "https://www.mbeon.de/") -> Offer:
    return Offer(
        id="online",
        kind=OfferKind.ONLINE_SERVICE,
        provider="P",
        name="N",
        texts={"de": OfferText("de", "Beratung im Netz")},
        contact=Contact(web=web),
        verified_on=dt.date(2026, 11, 1),
    )


def test_an_online_service_can_be_written_to_at_any_hour():
    cat = load_catalogue("de")
    view = present(cat, _online(), SUNDAY_NIGHT)
    assert view.open_state is OpenState.OPEN_NOW
    assert view.opening == cat._("Online: you can write to them at any time")
    assert view.access == cat._("Through their website, no appointment needed")


def test_without_a_web_address_or_as_an_office_it_is_not():
    cat = load_catalogue("de")
    assert present(cat, _online(web=""), SUNDAY_NIGHT).open_state is not OpenState.OPEN_NOW
    office = dataclasses.replace(_online(), kind=OfferKind.ASSOCIATION)
    assert present(cat, office, SUNDAY_NIGHT).open_state is not OpenState.OPEN_NOW
