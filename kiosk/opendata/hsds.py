"""Offers as Open Referral HSDS 3.0.1 JSON, out and in.

The document is a JSON array of HSDS *services* in the service-oriented view of the official
compiled schema (``schemas/hsds-3.0.1/service.json``): HSDS 3 has no packaging of its own for
many records in one file (its ``Page`` belongs to the API), and each service carries everything
nested in it. Every exported document is checked against that schema before it is written; an
imported one is checked against it before anything else.

Where an offer's fields go:

- ``name`` → ``name``; ``provider`` → ``organization.name`` (``organization.description``,
  required by HSDS, is written empty: the kiosk knows no description of a provider);
  ``min_age``/``max_age`` → ``minimum_age``/``maximum_age``; ``web`` → ``url``; ``email`` →
  ``email``; ``phone`` → ``phones[0].number``; ``languages`` (spoken) → ``languages[].code``;
  ``verified_on`` ("last checked") → ``assured_date``; ``active`` → ``status``
  (``active``/``inactive``).
- Address and place → ``service_at_locations[0].location`` (``physical``): ``lat``/``lon`` →
  ``latitude``/``longitude``, ``stop`` → ``transportation``, ``accessibility`` →
  ``accessibility[0].description``; street, postcode, city, district → ``addresses[0]``
  (``address_1``, ``postal_code``, ``city``, ``region``; country ``DE``). Parts HSDS requires
  but the kiosk does not know (``state_province``, or a missing street) are written as empty
  text, never guessed.
- Weekly hours → ``schedules`` with ``freq`` ``WEEKLY``, ``byday`` (days with the same span
  share one schedule), ``opens_at``/``closes_at`` in local Dresden time (Europe/Berlin; HSDS
  offers only a fixed UTC offset, which would be wrong for half of the year). A day "by
  appointment" is a schedule without times. A dated exception is a schedule with
  ``valid_from`` = ``valid_to`` = its date, its note in ``description``. Each schedule carries
  an attribute ``day:open``, ``day:appointment`` or ``day:closed``.
- The kiosk's classifications are HSDS ``attributes`` whose ``taxonomy_term`` belongs to the
  taxonomy ``wegweiser-dresden``: ``kind:<kind of offer>`` and ``need:<need id>`` (what the
  offer helps with). Age bands need no term: they follow from ``minimum_age``/``maximum_age``.
- Texts. HSDS 3.0 has one description per record and no translations. German is the main
  record: its description → ``description``, its "for whom" → ``eligibility_description``.
  Everything else — the German summary and the texts of every other language with their
  status — and the offer fields HSDS has no place for (the kiosk's id, "only by appointment",
  the source) travel in the property ``wegweiser_dresden``, as HSDS allows ("Extending HSDS":
  additional properties are conformant where HSDS has no suitable property):
  ``{"format": 1, "fields": {"id": …, "source": …, …}, "texts": {"ar": {"summary": …, …}}}``.
  Its fields are every offer field of :data:`kiosk.domain.schema.OFFER_FIELDS` that has no
  HSDS place above, so a field added there travels without a change here.
- ``staff_note`` is never written: it is for staff only. An import keeps the note the database
  has (:data:`KEPT_FIELDS`).

Reading: services with the ``wegweiser_dresden`` property come back exactly as they went out
(export → import changes nothing). A service from another directory gets an id made from its
name and its HSDS id, its German texts from ``description``/``eligibility_description`` (the
summary is the first sentence, status ``machine``) and arrives hidden (``active`` no) until
staff have checked it; a kind of offer it lacks is a problem the import names. What cannot be
taken over (a second phone or location, schedules the kiosk cannot express, other taxonomies)
is listed as a note; the hours are then left unknown rather than half right.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from importlib.resources import files
from typing import Any

from babel import Locale, UnknownLocaleError

from kiosk.admin.import_problems import FormInFile, ImportProblem
from kiosk.admin.json_format import loads, repeated_keys
from kiosk.domain.models import DayStatus, Offer
from kiosk.domain.offer_form import NO, YES, ExceptionForm, OfferForm, number_text, offer_to_form
from kiosk.domain.schema import DAY_NAMES, OFFER_NAMES, TEXT_NAMES, WEEKDAYS
from kiosk.domain.validation import FieldPath, shown

HSDS_VERSION = "3.0.1"
SCHEMA_FILE = f"schemas/hsds-{HSDS_VERSION}/service.json"
#: The property that carries what HSDS has no place for.
EXTENSION = "wegweiser_dresden"
EXTENSION_FORMAT = 1
#: The taxonomy of the kiosk's own classifications (kinds of offer, needs, day states).
TAXONOMY = "wegweiser-dresden"
#: The language of the main record (HSDS's single description).
MAIN_LANGUAGE = "de"
COUNTRY = "DE"
#: Offer fields never written to an open format; an import keeps the database's value.
KEPT_FIELDS = ("staff_note",)
#: Problems of the schema check listed at most.
MAX_SCHEMA_PROBLEMS = 50

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:wegweiser-dresden:hsds")
_TAXONOMY_ID = str(uuid.uuid5(_NAMESPACE, "taxonomy"))
_HSDS_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ADDRESS = "service_at_locations[0].location.addresses[0]"
_LOCATION = "service_at_locations[0].location"

#: Offer fields with a place in HSDS, and that place (as problems name it).
HSDS_PLACES: dict[str, str] = {
    "name": "name",
    "provider": "organization.name",
    "kind": f"attributes (taxonomy {TAXONOMY}, kind:…)",
    "min_age": "minimum_age",
    "max_age": "maximum_age",
    "needs": f"attributes (taxonomy {TAXONOMY}, need:…)",
    "languages": "languages",
    "street": f"{_ADDRESS}.address_1",
    "postcode": f"{_ADDRESS}.postal_code",
    "city": f"{_ADDRESS}.city",
    "district": f"{_ADDRESS}.region",
    "lat": f"{_LOCATION}.latitude",
    "lon": f"{_LOCATION}.longitude",
    "stop": f"{_LOCATION}.transportation",
    "accessibility": f"{_LOCATION}.accessibility[0].description",
    "phone": "phones[0].number",
    "email": "email",
    "web": "url",
    "verified_on": "assured_date",
    "active": "status",
    **dict.fromkeys(DAY_NAMES, "schedules"),
}
#: Every other offer field travels in the extension (derived from the schema, not listed).
EXTENSION_FIELDS = tuple(n for n in OFFER_NAMES if n not in HSDS_PLACES and n not in KEPT_FIELDS)
#: Text fields of the main language that have a place in HSDS.
MAIN_TEXT_PLACES = {"description": "description", "audience": "eligibility_description"}
assert set(HSDS_PLACES) <= set(OFFER_NAMES) and set(KEPT_FIELDS) <= set(OFFER_NAMES)
assert set(MAIN_TEXT_PLACES) <= set(TEXT_NAMES)


class HsdsError(ValueError):
    """An export that does not pass the official schema (a fault of this module)."""


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


# -- the schema ------------------------------------------------------------------------------
@functools.cache
def _validator():
    import jsonschema  # imported here: only exports and HSDS imports need it

    schema = json.loads(files("kiosk.opendata").joinpath(SCHEMA_FILE).read_text("utf-8"))
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _place(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def schema_problems(document: Any) -> list[ImportProblem]:
    """Where a document breaks the official HSDS schema (an array of services); ``[]`` if not."""
    if not isinstance(document, list):
        return [ImportProblem("an HSDS file must be a JSON array of services [ … ]")]
    found = []
    validator = _validator()
    for number, service in enumerate(document, start=1):
        for error in sorted(validator.iter_errors(service), key=lambda e: list(e.path)):
            place = _place(error.absolute_path) or None
            message = shown(error.message, 160)
            found.append(
                ImportProblem(
                    f"does not follow HSDS {HSDS_VERSION}: {message}", number, place, "offer"
                )
            )
    return found


# -- export ----------------------------------------------------------------------------------
def _term(code: str, description: str) -> dict[str, Any]:
    return {
        "id": _uuid("term", code),
        "code": code,
        "name": code.partition(":")[2],
        "description": description,
        "taxonomy": TAXONOMY,
        "taxonomy_id": _TAXONOMY_ID,
    }


_TERM_DESCRIPTIONS = {
    "kind": "Wegweiser Dresden: kind of offer",
    "need": "Wegweiser Dresden: what the offer helps with",
    "day": "Wegweiser Dresden: how the offer can be visited in this schedule",
}


def _attribute(link_id: str, entity: str, code: str) -> dict[str, Any]:
    term = _term(code, _TERM_DESCRIPTIONS[code.partition(":")[0]])
    return {
        "id": _uuid("attribute", link_id, code),
        "link_id": link_id,
        "link_entity": entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _schedule(
    offer_id: str,
    service_id: str,
    status: str,
    days: list[int],
    span: tuple[str, str] | None,
    date: str = "",
    note: str = "",
) -> dict[str, Any]:
    key = ("schedule", offer_id, date, status, ",".join(map(str, days)), *(span or ()))
    schedule_id = _uuid(*key)
    schedule: dict[str, Any] = {"id": schedule_id, "service_id": service_id}
    if date:
        schedule.update(valid_from=date, valid_to=date)
    schedule.update(freq="WEEKLY", wkst="MO", byday=",".join(_HSDS_DAYS[d] for d in days))
    if span:
        schedule.update(opens_at=span[0], closes_at=span[1])
    if status == DayStatus.APPOINTMENT.value:
        schedule["attending_type"] = "nur mit Termin"
    if note:
        schedule["description"] = note
    schedule["attributes"] = [_attribute(schedule_id, "schedule", f"day:{status}")]
    return schedule


def _spans(slots) -> list[tuple[str, str]]:
    return [(f"{s.start:%H:%M}", f"{s.end:%H:%M}") for s in slots]


def _schedules(offer: Offer, service_id: str) -> list[dict[str, Any]]:
    if offer.hours is None:
        return []
    weekly: dict[tuple[str, tuple[str, str] | None], list[int]] = {}
    for index, day in enumerate(offer.hours.days):
        if day.status is DayStatus.OPEN:
            for span in _spans(day.slots):
                weekly.setdefault((day.status.value, span), []).append(index)
        elif day.status is DayStatus.APPOINTMENT:
            weekly.setdefault((day.status.value, None), []).append(index)
    found = [
        _schedule(offer.id, service_id, status, days, span)
        for (status, span), days in weekly.items()
    ]
    for exception in offer.hours.exceptions:
        date, status = exception.date.isoformat(), exception.hours.status.value
        weekday = [exception.date.weekday()]
        spans = _spans(exception.hours.slots) or [None]
        found += [
            _schedule(offer.id, service_id, status, weekday, span, date, exception.note)
            for span in spans
        ]
    return found


def _language_name(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or ""
    except (UnknownLocaleError, ValueError, TypeError):
        return ""


def _location(offer: Offer, form: OfferForm, service_id: str) -> list[dict[str, Any]]:
    a = offer.address
    if not any((a.street, a.postcode, a.city, a.district, a.stop, offer.accessibility)) and (
        a.lat is None and a.lon is None
    ):
        return []
    location_id = _uuid("location", offer.id)
    location: dict[str, Any] = {"id": location_id, "location_type": "physical"}
    if a.stop:
        location["transportation"] = a.stop
    if a.lat is not None and a.lon is not None:
        location.update(latitude=a.lat, longitude=a.lon)
    if any((a.street, a.postcode, a.city, a.district)):
        address = {
            "id": _uuid("address", offer.id),
            "location_id": location_id,
            "address_1": a.street,
            "city": a.city,
            "state_province": "",
            "postal_code": a.postcode,
            "country": COUNTRY,
            "address_type": "physical",
        }
        if a.district:
            address["region"] = a.district
        location["addresses"] = [address]
    if offer.accessibility:
        location["accessibility"] = [
            {
                "id": _uuid("accessibility", offer.id),
                "location_id": location_id,
                "description": offer.accessibility,
            }
        ]
    return [
        {
            "id": _uuid("service_at_location", offer.id),
            "service_id": service_id,
            "location_id": location_id,
            "location": location,
        }
    ]


def _extension(offer: Offer, form: OfferForm) -> dict[str, Any]:
    fields = {name: form.get(name) for name in EXTENSION_FIELDS if form.get(name)}
    hours = offer.hours
    if hours is not None and all(d.status is DayStatus.CLOSED for d in hours.days):
        # Known to be closed every week: no weekly schedule says so.
        fields.update(dict.fromkeys(DAY_NAMES, DayStatus.CLOSED.value))
    texts = {}
    for lang in sorted(form.texts):
        text = {
            name: value
            for name, value in form.texts[lang].items()
            if value and not (lang == MAIN_LANGUAGE and name in MAIN_TEXT_PLACES)
        }
        texts[lang] = text
    return {"format": EXTENSION_FORMAT, "fields": fields, "texts": texts}


def offer_to_service(offer: Offer) -> dict[str, Any]:
    """One offer as an HSDS service (empty values are left out)."""
    form = offer_to_form(offer)
    service_id = _uuid("service", offer.id)
    service: dict[str, Any] = {"id": service_id}
    organization = None
    if offer.provider:
        organization = {"id": _uuid("organization", offer.provider), "name": offer.provider}
        organization["description"] = ""  # required by HSDS; the kiosk has none
        service["organization_id"] = organization["id"]
    service["name"] = offer.name
    main = form.texts.get(MAIN_LANGUAGE, {})
    for name, key in MAIN_TEXT_PLACES.items():
        if main.get(name):
            service[key] = main[name]
    if offer.contact.web:
        service["url"] = offer.contact.web
    if offer.contact.email:
        service["email"] = offer.contact.email
    service["status"] = "active" if offer.active else "inactive"
    if offer.min_age is not None:
        service["minimum_age"] = offer.min_age
    if offer.max_age is not None:
        service["maximum_age"] = offer.max_age
    if offer.verified_on is not None:
        service["assured_date"] = offer.verified_on.isoformat()
    if offer.contact.phone:
        service["phones"] = [
            {
                "id": _uuid("phone", offer.id),
                "service_id": service_id,
                "number": offer.contact.phone,
            }
        ]
    schedules = _schedules(offer, service_id)
    if schedules:
        service["schedules"] = schedules
    places = _location(offer, form, service_id)
    if places:
        service["service_at_locations"] = places
    if offer.languages:
        service["languages"] = [
            {"id": _uuid("language", offer.id, code), "service_id": service_id, "code": code}
            | ({"name": name} if (name := _language_name(code)) else {})
            for code in offer.languages
        ]
    if organization is not None:
        service["organization"] = organization
    service["attributes"] = [
        _attribute(service_id, "service", f"kind:{offer.kind.value}"),
        *(_attribute(service_id, "service", f"need:{need}") for need in sorted(offer.needs)),
    ]
    service[EXTENSION] = _extension(offer, form)
    return service


def offers_to_hsds(offers: Iterable[Offer]) -> bytes:
    """The offers as an HSDS document, checked against the official schema."""
    document = [offer_to_service(o) for o in offers]
    found = schema_problems(document)
    if found:
        raise HsdsError("the HSDS export does not pass the schema: " + "; ".join(map(str, found)))
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- import ----------------------------------------------------------------------------------
_OFFERS_FIRST = re.compile(r'\s*\{\s*"offers"\s*:')


def looks_like_hsds(text: str) -> bool:
    """Whether JSON text is HSDS rather than the kiosk's own ``{"offers": […]}``: an array
    (of services), or an object that is a single service or an API page with ``contents``."""
    if text.lstrip()[:1] not in ("[", "{") or _OFFERS_FIRST.match(text):
        return False
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return False  # the JSON reader names the syntax error
    if isinstance(document, list):
        return any(isinstance(s, dict) and {"id", "name"} & set(s) for s in document)
    if not isinstance(document, dict) or "offers" in document:
        return False
    return isinstance(document.get("contents"), list) or {"id", "name", "status"} <= set(document)


def _slug(name: str, service_id: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    tail = re.sub(r"[^a-z0-9]", "", service_id.lower())[:8]
    return f"{stem}-{tail}" if stem else f"hsds-{tail}"


_FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.S)


def _first_sentence(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    match = _FIRST_SENTENCE.match(line)
    return match.group(1) if match else line


_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)(?::00)?(Z|[+-]\d\d:\d\d)?")
_LOCAL_OFFSETS = (None, "+01:00", "+02:00")  # Europe/Berlin in winter and in summer


class _UnusableScheduleError(Exception):
    """A schedule the kiosk's weekly hours and dated exceptions cannot express."""


class _ServiceReader:
    """One HSDS service → an offer form; ``problems`` block the import, ``notes`` do not."""

    def __init__(self, number: int, service: dict[str, Any]):
        self.number = number
        self.service = service
        self.problems: list[ImportProblem] = []
        self.notes: list[ImportProblem] = []
        self.offer_id: str | None = None

    def fail(self, place: str, message: str) -> None:
        self.problems.append(ImportProblem(message, self.number, place, "offer", self.offer_id))

    def note(self, place: str, message: str) -> None:
        self.notes.append(ImportProblem(message, self.number, place, "offer", self.offer_id))

    # -- the extension -----------------------------------------------------------------------
    def extension(self) -> tuple[dict[str, str], dict[str, dict[str, str]]] | None:
        value = self.service.get(EXTENSION)
        if value is None:
            return None
        if not isinstance(value, dict) or value.get("format") != EXTENSION_FORMAT:
            self.fail(EXTENSION, f'must be an object {{"format": {EXTENSION_FORMAT}, …}}')
            return {}, {}
        for key in set(value) - {"format", "fields", "texts"}:
            self.fail(f"{EXTENSION}.{shown(key, 40)}", "unknown field")
        fields, texts = value.get("fields", {}), value.get("texts", {})
        allowed = set(EXTENSION_FIELDS) | set(DAY_NAMES)
        good_fields: dict[str, str] = {}
        if not isinstance(fields, dict):
            self.fail(f"{EXTENSION}.fields", "must be an object of texts")
        else:
            for key, item in fields.items():
                place = f"{EXTENSION}.fields.{shown(key, 40)}"
                if key not in allowed:
                    self.fail(place, f"unknown field; allowed: {', '.join(sorted(allowed))}")
                elif not isinstance(item, str):
                    self.fail(place, "must be text (in quotes)")
                else:
                    good_fields[key] = item
        good_texts: dict[str, dict[str, str]] = {}
        if not isinstance(texts, dict):
            self.fail(f"{EXTENSION}.texts", 'must be an object like {"ar": {"summary": …}}')
        else:
            for lang, text in texts.items():
                place = f"{EXTENSION}.texts.{shown(lang, 40)}"
                if not isinstance(text, dict) or not all(
                    k in TEXT_NAMES and isinstance(v, str) for k, v in text.items()
                ):
                    self.fail(place, f"must be an object of texts with {', '.join(TEXT_NAMES)}")
                    continue
                good_texts[lang] = {name: text.get(name, "") for name in TEXT_NAMES}
        return good_fields, good_texts

    # -- classifications ---------------------------------------------------------------------
    def own_terms(self, attributes: list[dict[str, Any]], place: str) -> list[str]:
        codes = []
        for index, attribute in enumerate(attributes):
            term = attribute.get("taxonomy_term") or {}
            if term.get("taxonomy") == TAXONOMY or term.get("taxonomy_id") == _TAXONOMY_ID:
                codes.append(term.get("code") or "")
            else:
                self.note(
                    f"{place}[{index}]",
                    "a taxonomy term of another taxonomy is not taken over: "
                    + shown(str(term.get("name") or term.get("code") or "?"), 60),
                )
        return codes

    def classifications(self, fields: dict[str, str]) -> None:
        codes = self.own_terms(self.service.get("attributes", []), "attributes")
        kinds = [c.partition(":")[2] for c in codes if c.startswith("kind:")]
        needs = [c.partition(":")[2] for c in codes if c.startswith("need:")]
        if len(kinds) > 1:
            self.fail(HSDS_PLACES["kind"], "more than one kind of offer; the kiosk keeps one")
        fields["kind"] = kinds[0] if kinds else ""
        fields["needs"] = ", ".join(needs)
        for code in codes:
            if not code.startswith(("kind:", "need:")):
                self.note("attributes", f"unknown term {shown(code, 40)} is not taken over")

    # -- places ------------------------------------------------------------------------------
    def location(self, fields: dict[str, str]) -> None:
        places = self.service.get("service_at_locations", [])
        if len(places) > 1:
            self.note(
                "service_at_locations",
                f"the kiosk keeps one place per offer; only the first of {len(places)} is taken",
            )
        if not places:
            return
        location = places[0].get("location")
        if location is None:
            self.note("service_at_locations[0]", "holds no location, only its id; no address")
            return
        fields["stop"] = location.get("transportation", "")
        if "latitude" in location and "longitude" in location:
            fields["lat"] = number_text(location["latitude"])
            fields["lon"] = number_text(location["longitude"])
        accessible = [a.get("description", "") for a in location.get("accessibility", [])]
        fields["accessibility"] = "; ".join(a for a in accessible if a)
        addresses = [
            a for a in location.get("addresses", []) if a.get("address_type") == "physical"
        ]
        if len(addresses) > 1:
            self.note(f"{_LOCATION}.addresses", "more than one street address; the first is taken")
        if addresses:
            address = addresses[0]
            country = address.get("country", "").strip()
            if country and country.upper() not in ("DE", "DEU"):
                self.fail(f"{_ADDRESS}.country", "the kiosk lists places in Germany only")
            street = address.get("address_1", "")
            if address.get("address_2"):
                street = ", ".join(p for p in (street, address["address_2"]) if p)
            fields.update(
                street=street,
                postcode=address.get("postal_code", ""),
                city=address.get("city", ""),
                district=address.get("region", ""),
            )

    # -- schedules ---------------------------------------------------------------------------
    def all_schedules(self) -> list[tuple[str, dict[str, Any]]]:
        found = [(f"schedules[{i}]", s) for i, s in enumerate(self.service.get("schedules", []))]
        for i, place in enumerate(self.service.get("service_at_locations", [])[:1]):
            found += [
                (f"service_at_locations[{i}].schedules[{j}]", s)
                for j, s in enumerate(place.get("schedules", []))
            ]
            location = place.get("location") or {}
            found += [
                (f"service_at_locations[{i}].location.schedules[{j}]", s)
                for j, s in enumerate(location.get("schedules", []))
            ]
        return found

    def _time(self, value: str) -> str:
        match = _TIME.fullmatch(value.strip())
        if not match or match.group(3) not in _LOCAL_OFFSETS:
            raise _UnusableScheduleError(
                f"time “{shown(value, 20)}” is not a local time like 09:00"
            )
        return f"{match.group(1)}:{match.group(2)}"

    def _status(self, schedule: dict[str, Any], place: str) -> tuple[str, tuple[str, str] | None]:
        codes = self.own_terms(schedule.get("attributes", []), f"{place}.attributes")
        states = [c.partition(":")[2] for c in codes if c.startswith("day:")]
        opens, closes = schedule.get("opens_at"), schedule.get("closes_at")
        span = (self._time(opens), self._time(closes)) if opens and closes else None
        if (opens is None) != (closes is None):
            raise _UnusableScheduleError("has only one of opens_at and closes_at")
        status = states[0] if states else (DayStatus.OPEN.value if span else "")
        if status == DayStatus.OPEN.value and span is None:
            raise _UnusableScheduleError("an open schedule without opens_at and closes_at")
        if status not in (s.value for s in DayStatus):
            raise _UnusableScheduleError("says neither when it opens nor that it is closed")
        if status != DayStatus.OPEN.value and span is not None:
            raise _UnusableScheduleError(f"a “{status}” schedule with opening times")
        return status, span

    def _days(self, schedule: dict[str, Any]) -> list[int]:
        for key in ("byweekno", "bymonthday", "byyearday", "count", "until", "dtstart"):
            if schedule.get(key) not in (None, ""):
                raise _UnusableScheduleError(
                    f"uses {key}; the kiosk keeps weekly hours and single dates"
                )
        if schedule.get("freq", "WEEKLY") != "WEEKLY" or schedule.get("interval", 1) != 1:
            raise _UnusableScheduleError("does not repeat every week")
        codes = [c.strip().upper() for c in schedule.get("byday", "").split(",") if c.strip()]
        if not codes or any(c not in _HSDS_DAYS for c in codes):
            raise _UnusableScheduleError("byday must name weekdays such as MO,TU")
        return sorted({_HSDS_DAYS.index(c) for c in codes})

    def schedules(self, fields: dict[str, str]) -> list[ExceptionForm]:
        weekly: dict[int, list[tuple[str, tuple[str, str] | None]]] = {}
        dated: dict[str, list[tuple[str, tuple[str, str] | None, str]]] = {}
        for place, schedule in self.all_schedules():
            try:
                status, span = self._status(schedule, place)
                start, end = schedule.get("valid_from"), schedule.get("valid_to")
                if start is None and end is None:
                    for day in self._days(schedule):
                        weekly.setdefault(day, []).append((status, span))
                elif start == end:
                    note = schedule.get("description", "")
                    dated.setdefault(start, []).append((status, span, note))
                else:
                    raise _UnusableScheduleError(
                        "is valid for a period; the kiosk keeps weekly hours and dates"
                    )
            except _UnusableScheduleError as reason:
                self.note(place, f"{reason}; the opening hours are left unknown")
                return []
        days = {}
        for index, name in enumerate(DAY_NAMES):
            entries = weekly.get(index, [])
            days[name] = self._day_text(entries) if weekly else fields.get(name, "")
            if days[name] is None:
                self.note(
                    "schedules",
                    f"{WEEKDAYS[index]}: open and by appointment at once; "
                    "the opening hours are left unknown",
                )
                return []
        fields.update(days)
        exceptions = []
        for date, entries in sorted(dated.items()):
            text = self._day_text([(s, span) for s, span, _ in entries])
            if text is None:
                self.note("schedules", f"{shown(date, 20)}: two different states; hours unknown")
                return []
            note = next((n for _, _, n in entries if n), "")
            status = (
                text
                if text in (DayStatus.CLOSED.value, DayStatus.APPOINTMENT.value)
                else (DayStatus.OPEN.value)
            )
            exceptions.append(
                ExceptionForm(date, status, text if status == DayStatus.OPEN.value else "", note)
            )
        return exceptions

    @staticmethod
    def _day_text(entries: list[tuple[str, tuple[str, str] | None]]) -> str | None:
        if not entries:
            return DayStatus.CLOSED.value
        states = {status for status, _ in entries}
        if len(states) > 1:
            return None
        status = states.pop()
        if status != DayStatus.OPEN.value:
            return status
        spans = sorted(span for _, span in entries if span)
        return ", ".join(f"{a}-{b}" for a, b in spans)

    # -- the whole service -------------------------------------------------------------------
    def form(self) -> OfferForm:
        s = self.service
        own = self.extension()
        fields = dict.fromkeys(OFFER_NAMES, "")
        texts: dict[str, dict[str, str]] = {}
        if own is not None:
            fields.update(own[0])
            texts = own[1]
        else:
            fields.update(id=_slug(s.get("name", ""), s.get("id", "")), appointment_only=NO)
        self.offer_id = shown(fields["id"], 80) or None
        fields["name"] = s.get("name", "")
        fields["provider"] = (s.get("organization") or {}).get("name", "")
        for name, key in (("min_age", "minimum_age"), ("max_age", "maximum_age")):
            value = s.get(key)
            fields[name] = (
                number_text(int(value) if value == int(value) else value)
                if (value is not None)
                else ""
            )
        codes = [(i, language.get("code")) for i, language in enumerate(s.get("languages", []))]
        for index, code in codes:
            if not code:
                self.note(f"languages[{index}]", "a language without a code is not taken over")
        fields["languages"] = ", ".join(code for _, code in codes if code)
        phones = s.get("phones", [])
        fields["phone"] = phones[0]["number"] if phones else ""
        if len(phones) > 1:
            self.note(
                "phones", f"the kiosk keeps one phone number; only the first of {len(phones)}"
            )
        fields["email"] = s.get("email", "")
        fields["web"] = s.get("url", "")
        fields["verified_on"] = s.get("assured_date", "")
        if own is not None:
            fields["active"] = YES if s.get("status") == "active" else NO
        else:
            fields["active"] = NO  # from another directory: hidden until staff have checked it
        self.classifications(fields)
        self.location(fields)
        exceptions = self.schedules(fields)
        main = dict(texts.get(MAIN_LANGUAGE) or {})
        for name, key in MAIN_TEXT_PLACES.items():
            main[name] = s.get(key, "")
        if MAIN_LANGUAGE in texts or any(main.values()):
            if MAIN_LANGUAGE not in texts:
                main.update(summary=_first_sentence(main["description"]), status="machine")
            texts[MAIN_LANGUAGE] = {name: main.get(name, "") for name in TEXT_NAMES}
        return OfferForm(fields, texts, exceptions)


def _locator(number: int):
    def locate(path: FieldPath) -> tuple[int | None, str | None]:
        head, *rest = path
        if head == "texts" and len(rest) == 2:
            lang, name = rest
            if lang == MAIN_LANGUAGE and name in MAIN_TEXT_PLACES:
                return number, MAIN_TEXT_PLACES[str(name)]
            return number, f"{EXTENSION}.texts.{lang}.{name}"
        if head == "exceptions":
            return number, "schedules (dated)"
        if isinstance(head, str) and head in HSDS_PLACES:
            return number, HSDS_PLACES[head]
        return number, f"{EXTENSION}.fields.{_place(path)}"

    return locate


def _services(document: Any) -> tuple[list[Any] | None, list[ImportProblem]]:
    if isinstance(document, list):
        return document, []
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"], []  # an HSDS API page
    if isinstance(document, dict) and {"id", "name", "status"} <= set(document):
        return [document], []
    return None, [
        ImportProblem(
            'neither the kiosk\'s JSON ({"offers": […]}) nor HSDS: an HSDS file is an array '
            "of services, one service, or an API page with “contents”"
        )
    ]


def read_hsds(text: str) -> tuple[list[FormInFile], list[ImportProblem], list[ImportProblem]]:
    """Offer forms from HSDS JSON text, the problems that block the import, and notes on what
    is not taken over."""
    try:
        document = loads(text)
    except json.JSONDecodeError as error:
        return (
            [],
            [
                ImportProblem(
                    f"not valid JSON: {error.msg} (column {error.colno})", error.lineno, unit="line"
                )
            ],
            [],
        )
    except (ValueError, RecursionError) as error:
        return [], [ImportProblem(f"not valid JSON: {error}")], []
    services, found = _services(document)
    if services is None:
        return [], found, []
    repeated = repeated_keys(services)
    if repeated:
        return (
            [],
            [
                ImportProblem(f"the key “{shown(place, 80)}” appears twice in one object")
                for place in repeated[:MAX_SCHEMA_PROBLEMS]
            ],
            [],
        )
    found = schema_problems(services)
    if found:
        if len(found) > MAX_SCHEMA_PROBLEMS:
            more = len(found) - MAX_SCHEMA_PROBLEMS
            found = [*found[:MAX_SCHEMA_PROBLEMS], ImportProblem(f"… and {more} more")]
        return [], found, []
    forms, notes, seen = [], [], {}
    for number, service in enumerate(services, start=1):
        reader = _ServiceReader(number, service)
        form = reader.form()
        found += reader.problems
        notes += reader.notes
        offer_id = form.get("id")
        if offer_id in seen:
            found.append(
                ImportProblem(
                    f"duplicate id: offer {seen[offer_id]} has the same id",
                    number,
                    f"{EXTENSION}.fields.id",
                    "offer",
                    shown(offer_id),
                )
            )
        elif offer_id:
            seen[offer_id] = number
        forms.append(FormInFile(form, _locator(number), number))
    return forms, found, notes
