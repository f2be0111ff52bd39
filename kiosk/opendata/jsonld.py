"""The offers shown to visitors as one schema.org JSON-LD document, for the city's website.

``{"@context": "https://schema.org", "@graph": [ … ]}`` with one node per active offer:
``GovernmentService`` for a city office, ``Service`` for everything else, with

- ``provider`` (an ``Organization`` with its name) and ``areaServed`` (the city of Dresden,
  which the kiosk serves);
- ``name``; ``description`` and ``disambiguatingDescription`` (the summary) in German and in
  every language whose translation is reviewed, as language-tagged values;
- ``audience`` (``PeopleAudience`` with ``suggestedMinAge``/``suggestedMaxAge``) where the offer
  has an age rule;
- ``hoursAvailable``: ``OpeningHoursSpecification`` for every weekly span (``dayOfWeek``,
  ``opens``, ``closes``, local Dresden time) and for every dated exception (``validFrom`` =
  ``validThrough`` = the date; without ``opens`` it means closed, as schema.org defines).
  Days "by appointment" have no schema.org form and are left out;
- ``availableChannel``: a ``ServiceChannel`` with ``serviceUrl``, ``servicePhone`` (a
  ``ContactPoint`` with telephone and e-mail), ``availableLanguage`` (the languages spoken, as
  BCP 47 codes) and ``serviceLocation`` (a ``Place`` with a ``PostalAddress`` and ``geo``).

Unknown values are left out, never filled in. Staff notes and hidden offers are never written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kiosk.domain.models import DayStatus, Offer, OfferKind, TextStatus

CONTEXT = "https://schema.org"
MAIN_LANGUAGE = "de"
AREA_SERVED = {"@type": "City", "name": "Dresden"}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def node_id(offer_id: str) -> str:
    return f"urn:wegweiser-dresden:offer:{offer_id}"


def _span(slot) -> tuple[str, str]:
    return f"{slot.start:%H:%M}", f"{slot.end:%H:%M}"


def opening_hours(offer: Offer) -> list[dict[str, Any]]:
    """The offer's walk-in hours and dated exceptions as ``OpeningHoursSpecification``."""
    if offer.hours is None:
        return []
    weekly: dict[tuple[str, str], list[str]] = {}
    for index, day in enumerate(offer.hours.days):
        if day.status is DayStatus.OPEN:
            for slot in day.slots:
                weekly.setdefault(_span(slot), []).append(f"https://schema.org/{_DAYS[index]}")
    found = [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
        for (opens, closes), days in weekly.items()
    ]
    for exception in offer.hours.exceptions:
        if exception.hours.status is DayStatus.APPOINTMENT:
            continue
        date = exception.date.isoformat()
        base = {"@type": "OpeningHoursSpecification", "validFrom": date, "validThrough": date}
        if exception.note:
            base["description"] = exception.note
        if exception.hours.status is DayStatus.CLOSED:
            found.append(base)
        for slot in exception.hours.slots:
            opens, closes = _span(slot)
            found.append({**base, "opens": opens, "closes": closes})
    return found


def _texts(offer: Offer, name: str) -> list[dict[str, str]]:
    values = []
    for lang in sorted(offer.texts, key=lambda code: (code != MAIN_LANGUAGE, code)):
        text = offer.texts[lang]
        shown = lang == MAIN_LANGUAGE or text.status is TextStatus.REVIEWED
        value = getattr(text, name)
        if shown and text.status is not TextStatus.MISSING and value:
            values.append({"@language": lang, "@value": value})
    return values


def _channel(offer: Offer) -> dict[str, Any]:
    channel: dict[str, Any] = {"@type": "ServiceChannel"}
    c, a = offer.contact, offer.address
    if c.web:
        channel["serviceUrl"] = c.web
    if c.phone or c.email:
        point: dict[str, Any] = {"@type": "ContactPoint"}
        if c.phone:
            point["telephone"] = c.phone
        if c.email:
            point["email"] = c.email
        channel["servicePhone"] = point
    if offer.languages:
        channel["availableLanguage"] = list(offer.languages)
    place: dict[str, Any] = {"@type": "Place"}
    address = {
        key: value
        for key, value in (
            ("streetAddress", a.street),
            ("postalCode", a.postcode),
            ("addressLocality", a.city),
        )
        if value
    }
    if address:
        place["address"] = {"@type": "PostalAddress", **address, "addressCountry": "DE"}
    if a.lat is not None and a.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": a.lat, "longitude": a.lon}
    if len(place) > 1:
        channel["serviceLocation"] = place
    return channel


def offer_to_node(offer: Offer) -> dict[str, Any]:
    """One offer as a schema.org ``GovernmentService`` or ``Service`` node."""
    node: dict[str, Any] = {
        "@type": "GovernmentService" if offer.kind is OfferKind.CITY_OFFICE else "Service",
        "@id": node_id(offer.id),
        "identifier": offer.id,
        "name": offer.name,
    }
    descriptions = _texts(offer, "description") or _texts(offer, "summary")
    if descriptions:
        node["description"] = descriptions
    summaries = _texts(offer, "summary")
    if summaries:
        node["disambiguatingDescription"] = summaries
    if offer.provider:
        node["provider"] = {"@type": "Organization", "name": offer.provider}
    node["areaServed"] = AREA_SERVED
    if offer.contact.web:
        node["url"] = offer.contact.web
    if offer.has_age_rule:
        audience: dict[str, Any] = {"@type": "PeopleAudience"}
        if offer.min_age is not None:
            audience["suggestedMinAge"] = offer.min_age
        if offer.max_age is not None:
            audience["suggestedMaxAge"] = offer.max_age
        node["audience"] = audience
    hours = opening_hours(offer)
    if hours:
        node["hoursAvailable"] = hours
    channel = _channel(offer)
    if len(channel) > 1:
        node["availableChannel"] = channel
    return node


def offers_to_jsonld(offers: Iterable[Offer]) -> bytes:
    """The active offers as one JSON-LD document with an ``@graph``."""
    document = {"@context": CONTEXT, "@graph": [offer_to_node(o) for o in offers if o.active]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
