"""The offer's fields, each declared once: what the form, the JSON and CSV formats, the
validation and the staff editor are built from.

A :class:`Field` says what kind of value it holds (which decides how the JSON format reads and
writes it and which widget the editor shows), how long its text may be, whether it may hold line
breaks, whether it is always written left to right (codes, numbers, web addresses) and where the
editor shows it: its section and its row there (fields that share a row stand side by side).
Labels and hints are gettext sources, translated where they are shown.

:data:`OFFER_FIELDS` are in the order of the editor's form, the CSV columns and the audit log;
:data:`TEXT_FIELDS` are the fields of an offer's text in one language; :data:`EXCEPTION_FIELDS`
the parts of one dated exception to the weekly hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.i18n import N_


class Kind(StrEnum):
    """What a field holds; in the form every kind is text."""

    TEXT = "text"  # free text (JSON: a string)
    CHOICE = "choice"  # one value of a fixed list (JSON: a string)
    FLAG = "flag"  # yes or no (JSON: true or false)
    WHOLE = "whole"  # a whole number or empty (JSON: an integer or null)
    DECIMAL = "decimal"  # a decimal number or empty (JSON: a number or null)
    CODES = "codes"  # codes separated by commas (JSON: a list of strings)
    NEEDS = "needs"  # codes of the kiosk's needs, chosen by toggles in the editor
    DAY = "day"  # the hours of one weekday (JSON: one key of the object "hours")
    DATE = "date"  # YYYY-MM-DD or empty (JSON: a string or null)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind = Kind.TEXT
    #: Longest text accepted; ``None``: a parsed value (checked by its rules, at most
    #: :data:`MAX_STRUCTURED_LENGTH` so that what is echoed back stays short).
    max_length: int | None = None
    #: Visible lines in the editor; more than one allows line breaks.
    lines: int = 1
    #: Codes, numbers and web addresses are written left to right even in RTL languages.
    ltr: bool = False
    section: str = ""
    row: int = 0
    label: str = ""
    hint: str = ""
    #: The text on a flag's toggle button.
    caption: str = ""
    #: The CSV column, where it is not the name.
    column: str = ""

    @property
    def multiline(self) -> bool:
        return self.lines > 1

    @property
    def csv_column(self) -> str:
        return self.column or self.name


#: Longest text of the structured fields (they are parsed, but a value is also echoed back).
MAX_STRUCTURED_LENGTH = 500
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: The editor's sections, in the order it shows them, with their titles.
SECTIONS = {
    "general": N_("The offer"),
    "audience": N_("For whom"),
    "address": N_("Address"),
    "contact": N_("Contact"),
    "hours": N_("Opening hours"),
    "texts": N_("Texts for visitors"),
    "check": N_("Source and check"),
}

_IDENTITY = (
    Field(
        "id",
        max_length=80,
        ltr=True,
        section="general",
        label=N_("Id"),
        hint=N_("Small letters a–z, digits and hyphens; cannot change later"),
    ),
    Field(
        "active",
        Kind.FLAG,
        section="general",
        row=4,
        label=N_("Visibility"),
        caption=N_("Shown to visitors"),
    ),
    Field("kind", Kind.CHOICE, section="general", row=1, label=N_("Kind of offer")),
    Field("provider", max_length=200, section="general", row=3, label=N_("Provider")),
    Field("name", max_length=200, section="general", row=2, label=N_("Name")),
)
_AUDIENCE = (
    Field(
        "min_age",
        Kind.WHOLE,
        ltr=True,
        section="audience",
        label=N_("From age"),
        hint=N_("Empty: no lower limit"),
    ),
    Field(
        "max_age",
        Kind.WHOLE,
        ltr=True,
        section="audience",
        label=N_("Up to age"),
        hint=N_("Empty: no upper limit"),
    ),
    Field("needs", Kind.NEEDS, section="audience", row=1, label=N_("Helps with")),
    Field(
        "languages",
        Kind.CODES,
        ltr=True,
        section="audience",
        row=2,
        label=N_("Languages spoken by the counsellors"),
        hint=N_("Language codes separated by commas, e.g. de, ar, fa-AF"),
    ),
)
_ADDRESS = (
    Field("street", max_length=200, section="address", label=N_("Street and number")),
    Field("postcode", max_length=10, ltr=True, section="address", row=1, label=N_("Postcode")),
    Field("city", max_length=100, section="address", row=1, label=N_("City")),
    Field("district", max_length=100, section="address", row=2, label=N_("District")),
    Field(
        "lat",
        Kind.DECIMAL,
        ltr=True,
        section="address",
        row=3,
        label=N_("Latitude"),
        hint=N_("Decimal degrees, e.g. 51.0504; empty if not known"),
    ),
    Field(
        "lon",
        Kind.DECIMAL,
        ltr=True,
        section="address",
        row=3,
        label=N_("Longitude"),
        hint=N_("Decimal degrees, e.g. 13.7373; empty if not known"),
    ),
    Field(
        "stop",
        max_length=100,
        section="address",
        row=2,
        label=N_("Nearest stop"),
        hint=N_("Tram or bus stop"),
    ),
)
_CONTACT = (
    Field(
        "phone",
        max_length=40,
        ltr=True,
        section="contact",
        label=N_("Phone"),
        hint=N_("e.g. +49 351 1234567"),
    ),
    Field("email", max_length=254, ltr=True, section="contact", row=1, label=N_("E-mail")),
    Field(
        "web",
        max_length=500,
        ltr=True,
        section="contact",
        row=2,
        label=N_("Website"),
        hint=N_("Starting with https://"),
    ),
)
_HOURS = (
    Field(
        "appointment_only",
        Kind.FLAG,
        section="general",
        row=4,
        label=N_("Appointments"),
        caption=N_("Only by appointment"),
    ),
    *(Field(f"hours_{day}", Kind.DAY, section="hours") for day in WEEKDAYS),
)
_CHECK = (
    Field(
        "accessibility",
        max_length=1000,
        lines=2,
        section="check",
        row=2,
        label=N_("Accessibility"),
        hint=N_("e.g. step-free entrance, lift"),
    ),
    Field(
        "source",
        max_length=500,
        ltr=True,
        section="check",
        label=N_("Source"),
        hint=N_("Web address the information comes from, or “staff”"),
    ),
    Field(
        "verified_on",
        Kind.DATE,
        ltr=True,
        section="check",
        row=1,
        label=N_("Last checked on"),
        hint=N_("YYYY-MM-DD"),
    ),
    Field(
        "staff_note",
        max_length=2000,
        lines=5,
        section="check",
        row=3,
        label=N_("Note for staff"),
        hint=N_("Never shown to visitors"),
    ),
)
#: The offer-level fields, in the order of the form, the CSV columns and the audit log.
OFFER_FIELDS: tuple[Field, ...] = (*_IDENTITY, *_AUDIENCE, *_ADDRESS, *_CONTACT, *_HOURS, *_CHECK)
DAY_FIELDS: tuple[Field, ...] = tuple(f for f in OFFER_FIELDS if f.kind is Kind.DAY)
OFFER_NAMES = tuple(f.name for f in OFFER_FIELDS)
DAY_NAMES = tuple(f.name for f in DAY_FIELDS)

#: The text of an offer in one language. Easy-language texts put one sentence per line, even
#: in the summary, so every free text may hold line breaks.
TEXT_FIELDS: tuple[Field, ...] = (
    Field("status", Kind.CHOICE, label=N_("Translation status"), column="text_status"),
    Field("summary", max_length=300, lines=2, label=N_("Summary")),
    Field("description", max_length=3000, lines=4, label=N_("Description")),
    Field("audience", max_length=500, lines=2, label=N_("For whom")),
)
TEXT_NAMES = tuple(f.name for f in TEXT_FIELDS)
#: One dated exception to the weekly hours.
EXCEPTION_FIELDS: tuple[Field, ...] = (
    Field("date", Kind.DATE),
    Field("status", Kind.CHOICE),
    Field("slots"),
    Field("note", max_length=200),
)

#: The keys of one offer in the JSON format, in the order of the seed file: the weekly hours
#: are one object ``hours``; ``sources`` (further references) is written, never read.
JSON_KEYS = tuple(
    (
        "id kind provider name min_age max_age needs languages street postcode city district "
        "lat lon stop phone email web hours appointment_only exceptions accessibility source "
        "verified_on active staff_note sources texts"
    ).split()
)
#: The keys of one text in the JSON format, in the order of the seed file.
JSON_TEXT_KEYS = ("summary", "description", "audience", "status")


def offer_field(name: str) -> Field:
    """The declaration of an offer-level field."""
    return _BY_NAME[name]


_BY_NAME = {f.name: f for f in OFFER_FIELDS}
