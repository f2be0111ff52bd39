"""An offer as text fields: what the editor shows, a CSV row holds and the audit log compares.

:class:`OfferForm` holds every field of an offer as a string (ages, dates, hours …), exactly as a
person types it or a spreadsheet cell carries it. :func:`offer_to_form` writes an offer into a
form; :func:`kiosk.domain.validation.parse_offer_form` reads it back with every problem listed.

Formats (also the CSV format, see ``kiosk/admin/csv_format.py``):

- yes/no fields: ``yes`` or ``no``; ages, coordinates: a number or empty (no limit / unknown)
- needs and languages spoken: codes separated by commas (``papers, work`` / ``de, ar``)
- one weekday (``hours_mon`` … ``hours_sun``): ``closed``, ``appointment`` or time slots such as
  ``09:00-12:00, 13:00-15:00`` (open); all seven empty means the hours are not known
- dated exceptions: one per line, ``2026-12-24 closed | Christmas Eve`` (state or slots, then
  an optional note after `` | ``)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain.changes import FieldChange, diff_values
from kiosk.domain.models import DayHours, DayStatus, HoursException, Offer, OfferText, TimeSlot
from kiosk.domain.schema import DAY_NAMES, OFFER_NAMES, TEXT_NAMES

YES, NO = "yes", "no"
NOTE_SEPARATOR = " | "


@dataclass
class ExceptionForm:
    """One dated deviation from the weekly hours, as text."""

    date: str = ""
    status: str = DayStatus.CLOSED.value
    slots: str = ""
    note: str = ""


@dataclass
class OfferForm:
    """Every field of one offer as text; ``texts`` maps a language to its four text fields."""

    fields: dict[str, str] = field(default_factory=lambda: dict.fromkeys(OFFER_NAMES, ""))
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    exceptions: list[ExceptionForm] = field(default_factory=list)

    def get(self, key: str) -> str:
        return self.fields.get(key, "")

    def flat(self) -> dict[str, str]:
        """One string per field (texts as ``texts.<lang>.<field>``): what the audit compares."""
        values = {key: self.get(key) for key in OFFER_NAMES}
        values["exceptions"] = exceptions_to_text(self.exceptions)
        for lang, text in self.texts.items():
            for name in TEXT_NAMES:
                values[f"texts.{lang}.{name}"] = text.get(name, "")
        return values


def yes_no(value: bool) -> str:
    return YES if value else NO


def number_text(value: float | int | None) -> str:
    """An age or coordinate as text; ``repr`` keeps every digit of a float."""
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else repr(float(value))


def slots_to_text(slots: tuple[TimeSlot, ...]) -> str:
    return ", ".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in slots)


def day_to_text(day: DayHours) -> str:
    if day.status is DayStatus.OPEN:
        return slots_to_text(day.slots)
    return day.status.value


def exception_to_form(exception: HoursException) -> ExceptionForm:
    return ExceptionForm(
        exception.date.isoformat(),
        exception.hours.status.value,
        slots_to_text(exception.hours.slots),
        exception.note,
    )


def exceptions_to_text(exceptions: list[ExceptionForm]) -> str:
    """``2026-12-24 closed | note`` lines, one per exception."""
    lines = []
    for e in exceptions:
        state = e.slots if e.status == DayStatus.OPEN.value and e.slots else e.status
        line = f"{e.date} {state}".strip()
        if e.note:
            line += f"{NOTE_SEPARATOR}{e.note}"
        lines.append(line)
    return "\n".join(lines)


def exceptions_from_text(text: str) -> list[ExceptionForm]:
    """The inverse of :func:`exceptions_to_text`; checking the parts is left to validation."""
    found = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            continue
        head, _, note = raw.partition(NOTE_SEPARATOR)
        parts = head.strip().split(maxsplit=1)
        date = parts[0] if parts else ""
        rest = parts[1].strip() if len(parts) > 1 else ""
        if rest.lower() in (DayStatus.CLOSED.value, DayStatus.APPOINTMENT.value):
            found.append(ExceptionForm(date, rest.lower(), "", note.strip()))
        elif rest:
            found.append(ExceptionForm(date, DayStatus.OPEN.value, rest, note.strip()))
        else:
            found.append(ExceptionForm(date, "", "", note.strip()))
    return found


def offer_to_form(offer: Offer) -> OfferForm:
    """The offer as text fields (the inverse of ``parse_offer_form``)."""
    a, c = offer.address, offer.contact
    values = {
        "id": offer.id,
        "active": yes_no(offer.active),
        "kind": offer.kind.value,
        "provider": offer.provider,
        "name": offer.name,
        "min_age": number_text(offer.min_age),
        "max_age": number_text(offer.max_age),
        "needs": ", ".join(sorted(offer.needs)),
        "languages": ", ".join(offer.languages),
        "street": a.street,
        "postcode": a.postcode,
        "city": a.city,
        "district": a.district,
        "lat": number_text(a.lat),
        "lon": number_text(a.lon),
        "stop": a.stop,
        "phone": c.phone,
        "email": c.email,
        "web": c.web,
        "appointment_only": yes_no(offer.appointment_only),
        "accessibility": offer.accessibility,
        "source": offer.source,
        "verified_on": offer.verified_on.isoformat() if offer.verified_on else "",
        "staff_note": offer.staff_note,
    }
    exceptions: list[ExceptionForm] = []
    for key, weekday in zip(DAY_NAMES, range(7), strict=True):
        values[key] = day_to_text(offer.hours.days[weekday]) if offer.hours else ""
    if offer.hours is not None:
        exceptions = [exception_to_form(e) for e in offer.hours.exceptions]
    texts = {lang: text_to_form(text) for lang, text in offer.texts.items()}
    return OfferForm({key: values[key] for key in OFFER_NAMES}, texts, exceptions)


def text_to_form(text: OfferText) -> dict[str, str]:
    """The text of one language as its form fields (status as its value)."""
    return {
        name: getattr(text, name).value if name == "status" else getattr(text, name)
        for name in TEXT_NAMES
    }


def offer_changes(old: Offer | None, new: Offer) -> list[FieldChange]:
    """Every field that differs between two versions of an offer (all fields for a new one)."""
    before = offer_to_form(old).flat() if old is not None else {}
    after = offer_to_form(new).flat()
    if old is None:
        return [FieldChange(key, "", value) for key, value in after.items() if value]
    return diff_values(before, after)
