"""The JSON exchange format: the shape of ``kiosk/db/seed/offers.json``.

``{"offers": [{"id": …, "kind": …, …, "hours": {"mon": {"status": "open", "slots":
[["09:00", "12:00"]]}, …} or null, "exceptions": [{"date": "2026-12-24", "status": "closed",
"slots": [], "note": "…"}], …, "texts": {"de": {"summary": …, "description": …, "audience": …,
"status": "reviewed"}}}]}`` (a text's status: missing, machine, outdated or reviewed).
``sources`` (further references) is written with the offer's source and ignored on import: the
database keeps one source per offer.

The import refuses what JSON allows but cannot mean one thing: a key twice in one object (JSON
readers disagree on which value counts; every repetition is named with its place), ``NaN`` and
``Infinity``, numbers too large for a coordinate. Keys and ids are echoed in messages only
through :func:`kiosk.domain.validation.shown`, so a hostile key cannot reorder the message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kiosk.admin.import_problems import FormInFile, ImportProblem
from kiosk.domain.models import DayStatus, Offer
from kiosk.domain.offer_form import (
    YES,
    ExceptionForm,
    OfferForm,
    number_text,
    offer_to_form,
    yes_no,
)
from kiosk.domain.schema import (
    DAY_NAMES,
    JSON_KEYS,
    JSON_TEXT_KEYS,
    OFFER_FIELDS,
    WEEKDAYS,
    Field,
    Kind,
)
from kiosk.domain.validation import FieldPath, shown

#: How the import reads each kind of offer field, in the order its problems are listed.
_READ_ORDER = (
    (Kind.TEXT, Kind.CHOICE),
    (Kind.WHOLE,),
    (Kind.DECIMAL,),
    (Kind.CODES, Kind.NEEDS),
    (Kind.FLAG,),
    (Kind.DATE,),
)


# -- export ----------------------------------------------------------------------------------
def _slots(slots) -> list[list[str]]:
    return [[f"{s.start:%H:%M}", f"{s.end:%H:%M}"] for s in slots]


def _json_value(spec: Field, text: str) -> Any:
    """The JSON value of an offer field from its form text."""
    if spec.kind is Kind.FLAG:
        return text == YES
    if spec.kind is Kind.WHOLE:
        return int(text) if text else None
    if spec.kind is Kind.DECIMAL:
        return float(text) if text else None
    if spec.kind in (Kind.CODES, Kind.NEEDS):
        return [code.strip() for code in text.split(",")] if text else []
    if spec.kind is Kind.DATE:
        return text or None
    return text


def offer_to_json(offer: Offer) -> dict[str, Any]:
    form = offer_to_form(offer)
    hours = None
    exceptions = []
    if offer.hours is not None:
        hours = {
            key: {"status": day.status.value, "slots": _slots(day.slots)}
            for key, day in zip(WEEKDAYS, offer.hours.days, strict=True)
        }
        exceptions = [
            {
                "date": e.date.isoformat(),
                "status": e.hours.status.value,
                "slots": _slots(e.hours.slots),
                "note": e.note,
            }
            for e in offer.hours.exceptions
        ]
    values: dict[str, Any] = {
        spec.name: _json_value(spec, form.get(spec.name))
        for spec in OFFER_FIELDS
        if spec.kind is not Kind.DAY
    }
    values.update(
        hours=hours,
        exceptions=exceptions,
        sources=[offer.source] if offer.source else [],
        texts={
            lang: {key: form.texts[lang][key] for key in JSON_TEXT_KEYS}
            for lang in sorted(form.texts)
        },
    )
    return {key: values[key] for key in JSON_KEYS}


def offers_to_json(offers: Iterable[Offer]) -> bytes:
    document = {"offers": [offer_to_json(o) for o in offers]}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- import ----------------------------------------------------------------------------------
class _Reader:
    """Turns one JSON offer into an :class:`OfferForm`, noting every type problem."""

    def __init__(self, number: int, data: dict[str, Any]):
        self.number = number
        self.data = data
        self.problems: list[ImportProblem] = []

    def fail(self, path: str, message: str) -> None:
        """A problem at ``path`` as the JSON file spells it (``exceptions[2].date``)."""
        offer_id = self.data.get("id") if isinstance(self.data.get("id"), str) else None
        self.problems.append(
            ImportProblem(
                message, self.number, shown(path), "offer", shown(offer_id) if offer_id else None
            )
        )

    def string(self, key: str, value: Any, path: str | None = None) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(path or key, "must be text (in quotes)")
            return ""
        return value

    def text(self, key: str) -> str:
        return self.string(key, self.data.get(key))

    def whole(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, "must be a whole number or null")
            return ""
        return str(value)

    def decimal(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        try:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(value)
            return number_text(float(value))
        except (TypeError, OverflowError):
            self.fail(key, "must be a number or null")
            return ""

    def flag(self, key: str) -> str:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
            return "no"
        return yes_no(value)

    def codes(self, key: str) -> str:
        value = self.data.get(key, [])
        if value is None:
            return ""
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, 'must be a list of texts, e.g. ["de", "ar"]')
            return ""
        if any("," in v for v in value):
            self.fail(key, "a code must not contain a comma")
            return ""
        return ", ".join(value)

    def slots(self, path: str, value: Any) -> str:
        if value is None:
            return ""
        if not isinstance(value, list) or not all(
            isinstance(s, list) and len(s) == 2 and all(isinstance(t, str) for t in s)
            for s in value
        ):
            self.fail(path, 'must be a list of ["HH:MM", "HH:MM"] pairs')
            return ""
        return ", ".join(f"{start}-{end}" for start, end in value)

    def day(self, key: str, value: Any) -> str:
        path = f"hours.{key}"
        if not isinstance(value, dict) or set(value) - {"status", "slots"}:
            self.fail(path, 'must look like {"status": "open", "slots": [["09:00", "12:00"]]}')
            return ""
        status = value.get("status")
        slots = self.slots(f"{path}.slots", value.get("slots", []))
        if status == DayStatus.OPEN.value:
            return slots or DayStatus.OPEN.value
        if status in (DayStatus.CLOSED.value, DayStatus.APPOINTMENT.value):
            if slots:
                self.fail(f"{path}.slots", "only an open day has time slots")
            return status
        self.fail(f"{path}.status", "must be open, appointment or closed")
        return ""

    def hours(self) -> dict[str, str]:
        value = self.data.get("hours")
        days = dict.fromkeys(DAY_NAMES, "")
        if value is None:
            return days
        if not isinstance(value, dict):
            self.fail("hours", "must be null or an object with the keys mon … sun")
            return days
        for key in set(value) - set(WEEKDAYS):
            self.fail(f"hours.{key}", "unknown weekday; use mon, tue, wed, thu, fri, sat, sun")
        for key, name in zip(WEEKDAYS, DAY_NAMES, strict=True):
            day = value.get(key, {"status": "closed", "slots": []})
            days[name] = self.day(key, day)
        return days

    def exceptions(self) -> list[ExceptionForm]:
        value = self.data.get("exceptions", [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail("exceptions", "must be a list")
            return []
        found = []
        for index, item in enumerate(value):
            path = f"exceptions[{index}]"
            if not isinstance(item, dict) or set(item) - {"date", "status", "slots", "note"}:
                self.fail(path, 'must look like {"date": "2026-12-24", "status": "closed"}')
                continue
            found.append(
                ExceptionForm(
                    self.string("date", item.get("date"), f"{path}.date"),
                    self.string("status", item.get("status"), f"{path}.status"),
                    self.slots(f"{path}.slots", item.get("slots", [])),
                    self.string("note", item.get("note"), f"{path}.note"),
                )
            )
        return found

    def texts(self) -> dict[str, dict[str, str]]:
        value = self.data.get("texts", {})
        if not isinstance(value, dict):
            self.fail("texts", 'must be an object like {"de": {"summary": …, "status": …}}')
            return {}
        texts = {}
        for lang, text in value.items():
            path = f"texts.{lang}"
            if not isinstance(text, dict):
                self.fail(path, f"must be an object with {', '.join(JSON_TEXT_KEYS)}")
                continue
            for key in set(text) - set(JSON_TEXT_KEYS):
                self.fail(f"{path}.{key}", "unknown field")
            texts[lang] = {
                name: self.string(name, text.get(name), f"{path}.{name}") for name in JSON_TEXT_KEYS
            }
        return texts

    def form(self) -> OfferForm:
        for key in self.data:
            if key not in JSON_KEYS:
                self.fail(key, f"unknown field; the fields are: {', '.join(JSON_KEYS)}")
        for key in ("id", "kind", "name", "texts"):
            if key not in self.data:
                self.fail(key, "this field is missing")
        sources = self.data.get("sources", [])
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            self.fail("sources", "must be a list of texts")
        readers = {
            Kind.TEXT: self.text,
            Kind.CHOICE: self.text,
            Kind.DATE: self.text,
            Kind.WHOLE: self.whole,
            Kind.DECIMAL: self.decimal,
            Kind.CODES: self.codes,
            Kind.NEEDS: self.codes,
            Kind.FLAG: self.flag,
        }
        fields = {
            spec.name: readers[spec.kind](spec.name)
            for kinds in _READ_ORDER
            for spec in OFFER_FIELDS
            if spec.kind in kinds
        }
        fields.update(self.hours())
        return OfferForm(fields, self.texts(), self.exceptions())


def _locator(number: int):
    def locate(path: FieldPath) -> tuple[int | None, str | None]:
        head, *rest = path
        if isinstance(head, str) and head.startswith("hours_"):
            return number, f"hours.{head.removeprefix('hours_')}"
        if head == "exceptions" and rest:
            index, *part = rest
            return number, f"exceptions[{index}]" + "".join(f".{p}" for p in part)
        return number, ".".join(str(p) for p in path)

    return locate


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


class _Object(dict):
    """A JSON object that remembers the keys it held more than once."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        result.repeated = tuple(
            dict.fromkeys(key for key, _ in pairs if key in seen or seen.add(key))
        )
    return result


def loads(text: str) -> Any:
    """``json.loads`` that keeps track of repeated keys (see :func:`repeated_keys`) and refuses
    ``NaN``/``Infinity`` with a ``ValueError``."""
    return json.loads(text, parse_constant=_no_constants, object_pairs_hook=_object)


def _any_repeated(value: Any) -> bool:
    if isinstance(value, _Object):
        return bool(value.repeated) or any(map(_any_repeated, value.values()))
    if isinstance(value, list):
        return any(map(_any_repeated, value))
    return False


def repeated_keys(value: Any, path: str = "") -> list[str]:
    """The place of every key that appears twice in one object, e.g. ``texts.de.summary``."""
    if not _any_repeated(value):  # the usual case, found without spelling out every place
        return []
    found = []
    if isinstance(value, _Object):
        found += [f"{path}.{key}" if path else key for key in value.repeated]
        for key, item in value.items():
            found += repeated_keys(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += repeated_keys(item, f"{path}[{index}]")
    return found


_REPEATED = (
    "the key “{key}” appears more than once in the same object; JSON readers disagree "
    "on which value counts, so keep exactly one"
)


def read_json(text: str) -> tuple[list[FormInFile], list[ImportProblem]]:
    """Offers (as unchecked forms) from JSON text; every structural problem with its place."""
    try:
        document = loads(text)
    except json.JSONDecodeError as error:
        return [], [
            ImportProblem(
                f"not valid JSON: {error.msg} (column {error.colno})", error.lineno, unit="line"
            )
        ]
    except (ValueError, RecursionError) as error:
        return [], [ImportProblem(f"not valid JSON: {error}")]
    return read_json_document(document)


def read_json_document(document: Any) -> tuple[list[FormInFile], list[ImportProblem]]:
    """Like :func:`read_json`, for a document already parsed by :func:`loads` (which notes
    repeated keys; a plain ``dict`` at the top counts as having none there)."""
    if not isinstance(document, dict) or not isinstance(document.get("offers"), list):
        return [], [ImportProblem('the file must look like {"offers": [ … ]}')]
    found = [
        ImportProblem(f"unknown top-level field “{shown(key, 40)}”; only “offers” is allowed")
        for key in document
        if key != "offers"
    ]
    found += [
        ImportProblem(_REPEATED.format(key=shown(key, 40)) + " (at the top level of the file)")
        for key in getattr(document, "repeated", ())
    ]
    forms = []
    seen: dict[str, int] = {}
    for number, data in enumerate(document["offers"], start=1):
        if not isinstance(data, dict):
            found.append(ImportProblem("must be an object {…}", number, unit="offer"))
            continue
        reader = _Reader(number, data)
        form = reader.form()
        for place in repeated_keys(data):
            reader.fail(place, _REPEATED.format(key=shown(place.rpartition(".")[2], 40)))
        found += reader.problems
        offer_id = form.get("id")
        if offer_id in seen:
            found.append(
                ImportProblem(
                    f"duplicate id: offer {seen[offer_id]} has the same id",
                    number,
                    "id",
                    "offer",
                    shown(offer_id),
                )
            )
        elif offer_id:
            seen[offer_id] = number
        forms.append(FormInFile(form, _locator(number), number))
    return forms, found
