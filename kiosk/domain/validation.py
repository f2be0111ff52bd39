"""Checking what staff type or import, field by field, before anything is written.

Pure functions: they take text (an :class:`~kiosk.domain.offer_form.OfferForm`, a settings form)
and return the parsed value plus a list of :class:`Problem` — each naming the field it is about,
so the editor can show it next to that field and the import can name the row and column.
Messages are English gettext sources (marked with ``N_``), translated where they are shown.

Text that cannot be shown honestly is refused, in every field, with the first offending
character named by its code point and position: C0/C1 control characters (a line break only in
the multi-line fields), line and paragraph separators elsewhere, lone surrogates, unassigned and
private-use code points, invisible format characters (bidi embeddings, overrides and isolates,
zero-width spaces, word joiners, tags …) and blank filler letters, and more than
:data:`MAX_MARKS` combining marks on one character. Allowed are the joiners ZWNJ/ZWJ between two
visible characters (Persian, Pashto, emoji), the soft hyphen in multi-line fields and the
direction marks LRM/RLM/ALM in the texts of right-to-left languages.

Normalisation (:func:`normalise_form`, done by :func:`parse_offer_form` before any check): every
field is put into Unicode NFC (what a person sees is unchanged; "u" + combining diaeresis becomes
"ü"), line breaks in the multi-line fields (CRLF, CR, NEL, U+2028, U+2029) become ``\n``, and
leading and trailing white space is removed. What is stored is the normalised text.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from kiosk.domain.choices import AgeBand
from kiosk.domain.models import (
    Address,
    Contact,
    DayHours,
    DayStatus,
    HoursException,
    Offer,
    OfferKind,
    OfferText,
    TextStatus,
    TimeSlot,
    WeeklyHours,
)
from kiosk.domain.offer_form import NO, YES, ExceptionForm, OfferForm
from kiosk.domain.schema import (
    DAY_NAMES,
    EXCEPTION_FIELDS,
    MAX_STRUCTURED_LENGTH,
    OFFER_FIELDS,
    TEXT_FIELDS,
)
from kiosk.i18n import N_

_DECLARED = (*OFFER_FIELDS, *TEXT_FIELDS, *EXCEPTION_FIELDS)
#: Longest text accepted per field (characters); the kiosk's location and printer name are
#: settings, not offer fields.
MAX_LENGTH = {
    **{f.name: f.max_length for f in _DECLARED if f.max_length is not None},
    "location": 100,
    "printer": 200,
}
#: Fields that may hold line breaks.
MULTILINE = frozenset(f.name for f in _DECLARED if f.multiline)
#: Where a problem is: a field name, then list indexes and names below it, e.g.
#: ``("exceptions", 2, "date")`` or ``("texts", "ar", "summary")``.
FieldPath = tuple[str | int, ...]
#: Most combining marks (accents, vowel signs) on one character; more pile up over other lines.
MAX_MARKS = 5
#: Invisible characters needed to write Persian, Pashto (ZWNJ), Indic scripts and emoji (ZWJ).
JOINERS = frozenset("\u200c\u200d")
#: Marks that place neutral characters in right-to-left text: LRM, RLM, ARABIC LETTER MARK.
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")
SOFT_HYPHEN = "\u00ad"
#: Letters that show as nothing (Hangul fillers, Braille blank): a way to fake a blank name.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_LINE_BREAK = re.compile("\r\n|[\r\u0085\u2028\u2029]")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
MIN_AGE, MAX_AGE = 0, 130
PHONE_REGION = "DE"
SOURCE_STAFF = "staff"

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"]+@[^\s@<>()\[\],;:\".]+(\.[^\s@<>()\[\],;:\".]+)+")
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_POSTCODE = re.compile(r"\d{5}")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one field (``path``, see :data:`FieldPath`): ``message`` is a
    gettext source with ``{placeholders}``."""

    path: FieldPath
    message: str
    values: tuple[tuple[str, object], ...] = ()

    @property
    def field(self) -> str:
        """The path as one name, ``exceptions.2.date``: how messages and the audit name it."""
        return ".".join(str(part) for part in self.path)

    def text(self, translate: Callable[..., str] | None = None) -> str:
        """The message in a language (``translate`` is ``Catalogue._``) or in English."""
        values = dict(self.values)
        if translate is not None:
            return translate(self.message, **values)
        return self.message.format(**values) if values else self.message

    def __str__(self) -> str:
        return f"{self.field}: {self.text()}"


def problem(where: str | FieldPath, message: str, **values: object) -> Problem:
    """A :class:`Problem` about a field (a name or a path); text values are made safe to show
    with :func:`shown`."""
    safe = {k: shown(v) if isinstance(v, str) else v for k, v in values.items()}
    return Problem(_path(where), message, tuple(safe.items()))


def _path(where: str | FieldPath) -> FieldPath:
    return (where,) if isinstance(where, str) else where


def shown(value: str, limit: int = 200) -> str:
    """A value as it may be echoed in a message: anything invisible or not a character is
    written as ``<U+202E>``, so a message never reorders or hides itself; cut after ``limit``."""
    text = "".join(
        f"<U+{ord(ch):04X}>"
        if unicodedata.category(ch) in _HIDDEN_CATEGORIES or ch in BLANK_LETTERS
        else ch
        for ch in value[:limit]
    )
    return text + "…" if len(value) > limit else text


@dataclass(frozen=True, slots=True)
class ValidationContext:
    """What valid values depend on: the kiosk's languages and needs, and today's date."""

    text_languages: frozenset[str]  # languages the kiosk has (may hold offer texts)
    need_ids: frozenset[str]
    today: dt.date


# -- single values -----------------------------------------------------------------------------
def normalise_text(value: str, kind: str = "") -> str:
    """NFC, and in the multi-line fields every kind of line break as ``\\n`` (see the module)."""
    if kind in MULTILINE and any(ch in value for ch in "\r\x85\u2028\u2029"):
        value = _LINE_BREAK.sub("\n", value)
    return unicodedata.normalize("NFC", value)


@functools.lru_cache(maxsize=64)
def is_right_to_left(code: str) -> bool:
    """Whether a language is written right to left (CLDR); unknown codes count as not."""
    try:
        return Locale.parse(code.replace("-", "_")).text_direction == "rtl"
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def _is_visible(ch: str) -> bool:
    return not (
        ch.isspace() or unicodedata.category(ch) in _HIDDEN_CATEGORIES or ch in BLANK_LETTERS
    )


@functools.cache
def _bmp_marks() -> str:
    """The accents and marks (Mn, Me) of the Basic Multilingual Plane as ranges for a class
    of a regular expression (built once; BMP ranges are what ``re`` checks fast)."""
    ranges, start = [], None
    for code in range(0x10001):
        is_mark = code <= 0xFFFF and unicodedata.category(chr(code)) in ("Mn", "Me")
        if is_mark and start is None:
            start = code
        elif not is_mark and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


@functools.cache
def _run_of_marks() -> re.Pattern[str]:
    """More than ``MAX_MARKS`` accents or marks of the BMP in a row."""
    return re.compile(f"[{_bmp_marks()}]{{{MAX_MARKS + 1}}}")


@functools.cache
def _unusual() -> re.Pattern[str]:
    """A mark, a blank letter or anything beyond the BMP: most texts have none of them."""
    blank = "".join(sorted(BLANK_LETTERS))
    return re.compile(f"[{blank}{_bmp_marks()}\\U00010000-\\U0010ffff]")


#: Blank letters and anything beyond the BMP: the quick check leaves them to the loop.
_BLANK_OR_ASTRAL = re.compile("[" + "".join(sorted(BLANK_LETTERS)) + "\U00010000-\U0010ffff]")
#: A joiner at the start or end, beside a space or beside another joiner (refused by the loop).
_LONE_JOINER = re.compile(r"(?:^|(?<=\s))[\u200c\u200d]|[\u200c\u200d](?=\s|$|[\u200c\u200d])")


def _nothing_to_refuse(value: str, multiline: bool) -> bool:
    """A quick yes for ordinary text (a release holds ~100,000 texts): printable (line breaks
    aside where allowed, joiners aside between visible letters), all in the BMP, no blank
    letter, no long run of marks — nothing the character loop of :func:`_first_bad_character`
    would refuse. No means: run the loop."""
    probe = value.replace("\n", "") if multiline else value
    if value.isascii():
        return probe.isprintable()
    if "\u200c" in value or "\u200d" in value:
        if _LONE_JOINER.search(value):
            return False
        probe = probe.replace("\u200c", "").replace("\u200d", "")
    if not probe.isprintable():
        return False
    unusual = _unusual().search(value)
    if unusual is None:
        return True
    if _BLANK_OR_ASTRAL.search(value, unusual.start()):
        return False
    return _run_of_marks().search(value, unusual.start()) is None


def _first_bad_character(value: str, kind: str, direction_marks: bool) -> Problem | None:
    """The first character of ``value`` that cannot be shown honestly, as a problem."""
    multiline = kind in MULTILINE
    if _nothing_to_refuse(value, multiline):
        return None
    marks = 0
    for index, ch in enumerate(value):
        category = unicodedata.category(ch)
        if category in ("Mn", "Me"):
            marks += 1
            if marks > MAX_MARKS:
                return problem(
                    kind,
                    # TRANSLATORS: staff editor/import; {position} counts characters from 1
                    N_(
                        "More than {limit} accents or marks on one character (position "
                        "{position}); they would cover the text around it."
                    ),
                    limit=MAX_MARKS,
                    position=index + 1,
                )
            continue
        marks = 0
        if category in ("Cc", "Zl", "Zp"):
            if ch == "\n" and multiline:
                continue
            return problem(kind, N_("Contains control characters (such as tabs or line breaks)."))
        if category in ("Cs", "Co", "Cn"):
            return problem(
                kind,
                # TRANSLATORS: {codepoint} is a code such as U+D800; {position} counts from 1
                N_(
                    "Contains {codepoint} at position {position}, which is not a character that "
                    "can be shown (unassigned, private use or a broken surrogate)."
                ),
                codepoint=f"U+{ord(ch):04X}",
                position=index + 1,
            )
        if category == "Cf" or ch in BLANK_LETTERS:
            if ch in JOINERS and 0 < index < len(value) - 1:
                if _is_visible(value[index - 1]) and _is_visible(value[index + 1]):
                    continue
            if ch == SOFT_HYPHEN and multiline:
                continue
            if ch in DIRECTION_MARKS and direction_marks:
                continue
            return problem(
                kind,
                # TRANSLATORS: {codepoint} is a code such as U+202E (a direction override)
                N_(
                    "Contains the invisible character {codepoint} at position {position}; such "
                    "characters can reverse or hide what the text shows. Remove it."
                ),
                codepoint=f"U+{ord(ch):04X}",
                position=index + 1,
            )
    return None


def text_problems(
    field: str | FieldPath, value: str, *, kind: str | None = None, direction_marks: bool = False
) -> list[Problem]:
    """Length and characters of a free text (``kind`` picks the limit and whether line breaks
    are allowed, default the field's name; ``direction_marks`` allows LRM/RLM/ALM, for RTL
    texts)."""
    field = _path(field)
    kind = kind or str(field[-1])
    found = []
    limit = MAX_LENGTH.get(kind, MAX_STRUCTURED_LENGTH)
    length = len(value.strip())  # what would be stored
    if length > limit:
        found.append(
            problem(
                field,
                N_("Too long: {length} characters, at most {limit} are allowed."),
                length=length,
                limit=limit,
            )
        )
    bad = _first_bad_character(value, kind, direction_marks)
    if bad is not None:
        found.append(Problem(field, bad.message, bad.values))
    return found


def phone_problem(field: str | FieldPath, value: str) -> Problem | None:
    """A phone number must be a valid number (German numbers may omit +49)."""
    import phonenumbers  # ~45 ms to import: only when staff actually check a number

    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return problem(field, N_("Not a valid phone number, e.g. +49 351 1234567."))
    return None


def email_problem(field: str | FieldPath, value: str) -> Problem | None:
    if not _EMAIL.fullmatch(value):
        return problem(field, N_("Not a valid e-mail address, e.g. name@example.org."))
    return host_problem(field, value.rpartition("@")[2])


_HOST_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?")
#: Scripts that one word of a host name may mix (Japanese, Korean); any other mix is refused.
_SCRIPT_FAMILIES = ({"CJK", "HIRAGANA", "KATAKANA"}, {"CJK", "HANGUL"})


def _scripts(label: str) -> set[str]:
    """The scripts of the letters of a word, by the first word of their Unicode names."""
    return {
        unicodedata.name(ch, "?").split()[0]
        for ch in label
        if unicodedata.category(ch).startswith("L")
    }


def _mixes_scripts(label: str) -> bool:
    scripts = _scripts(label)
    return len(scripts) > 1 and not any(scripts <= family for family in _SCRIPT_FAMILIES)


def host_problem(field: str | FieldPath, host: str) -> Problem | None:
    """A host name must be plain letters, digits and hyphens, or a valid international domain
    name (IDNA) whose every word is in one script — else a link can look like another one."""
    host = host.lower()
    if host.isascii():
        for label in host.split("."):
            if not _HOST_LABEL.fullmatch(label):
                return problem(
                    field, N_("Not a valid web address; it must start with https:// or http://.")
                )
            if label.startswith("xn--"):
                try:
                    label.encode("ascii").decode("idna")
                except UnicodeError:
                    return _idna_problem(field, host)
        return None
    try:
        encoded = host.encode("idna")
        honest = encoded.decode("idna") == host  # nameprep would turn it into another name
    except UnicodeError:
        honest = False
    if not honest or any(_mixes_scripts(label) for label in host.split(".")):
        return _idna_problem(field, host)
    return None


def _idna_problem(field: str | FieldPath, host: str) -> Problem:
    return problem(
        field,
        # TRANSLATORS: punycode is the ASCII form of a domain name (xn--…); keep “xn--” as is
        N_(
            "The host name “{host}” is not a valid international domain name or mixes "
            "scripts (such as Latin and Cyrillic letters that look alike). If it is right, "
            "write it in punycode (xn--…)."
        ),
        host=host,
    )


_GENERIC_URL = N_("Not a valid web address; it must start with https:// or http://.")


def url_problem(field: str | FieldPath, value: str) -> Problem | None:
    """A web address must start with http:// or https://, name a host (plain or valid IDNA,
    see :func:`host_problem`), carry no user name (``https://a@b/`` goes to b) and, if it names
    a port, a possible one (1–65535)."""
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or any(ch.isspace() or ch == "\\" for ch in value)
    ):
        return problem(field, _GENERIC_URL)
    if "@" in parts.netloc:
        return problem(
            field,
            # TRANSLATORS: a web address like https://name@host/ really goes to “host”
            N_(
                "A web address must not have a name and “@” before the host "
                "(https://name@host/): it hides where the link really goes."
            ),
        )
    _, colon, port = parts.netloc.rpartition(":")
    if colon and not parts.netloc.endswith("]"):
        if not port.isascii() or not port.isdigit():
            return problem(field, _GENERIC_URL)
        if not 1 <= int(port[:6]) <= 65535:
            return problem(
                field,
                # TRANSLATORS: the port is the number after the host name, as in https://host:8080/
                N_("The port {port} is not possible: a port is a number from 1 to 65535."),
                port=port,
            )
    if "." not in host:
        return problem(field, _GENERIC_URL)
    return host_problem(field, host)


def parse_time(text: str) -> dt.time | None:
    match = _TIME.fullmatch(text.strip())
    if not match:
        return None
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_slots(field: str | FieldPath, text: str) -> tuple[tuple[TimeSlot, ...], list[Problem]]:
    """``09:00-12:00, 13:00-15:00`` → time slots, sorted; overlaps and bad times are problems."""
    slots = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        start_text, sep, end_text = part.replace("–", "-").partition("-")
        start, end = parse_time(start_text), parse_time(end_text)
        if not sep or start is None or end is None:
            return (), [
                problem(
                    field,
                    N_("“{text}” is not a time span like 09:00-12:00 (hours 0–23)."),
                    text=part,
                )
            ]
        if end <= start:
            return (), [
                problem(field, N_("The time span {text} ends before it starts."), text=part)
            ]
        slots.append(TimeSlot(start, end))
    slots.sort(key=lambda s: s.start)
    for before, after in itertools.pairwise(slots):
        if after.start < before.end:
            return (), [problem(field, N_("Time spans overlap."))]
    return tuple(slots), []


def parse_day(field: str | FieldPath, text: str) -> tuple[DayHours | None, list[Problem]]:
    """One weekday: ``closed``, ``appointment`` or time slots (open); empty is "not known"."""
    value = text.strip()
    lowered = value.lower()
    if not value:
        return None, []
    if lowered == DayStatus.CLOSED.value:
        return DayHours(DayStatus.CLOSED), []
    if lowered == DayStatus.APPOINTMENT.value:
        return DayHours(DayStatus.APPOINTMENT), []
    if lowered == DayStatus.OPEN.value:
        return None, [problem(field, N_("An open day needs its opening times, e.g. 09:00-12:00."))]
    slots, found = parse_slots(field, value)
    if found:
        return None, found
    if not slots:
        return None, [problem(field, N_("An open day needs its opening times, e.g. 09:00-12:00."))]
    return DayHours(DayStatus.OPEN, slots), []


def parse_age(field: str | FieldPath, text: str) -> tuple[int | None, list[Problem]]:
    value = text.strip()
    if not value:
        return None, []
    if (
        not value.isascii()
        or not value.isdigit()
        or len(value.lstrip("0")) > len(str(MAX_AGE))
        or int(value) > MAX_AGE
    ):
        return None, [
            problem(
                field,
                N_("An age must be a whole number from {low} to {high}, or empty."),
                low=MIN_AGE,
                high=MAX_AGE,
            )
        ]
    return int(value), []


#: Where an offer of a Dresden kiosk can plausibly be: Saxony, with a margin (decimal degrees).
#: A point outside is almost always a typing error (a digit lost, latitude and longitude
#: swapped, a position copied from another town).
PLAUSIBLE_LAT = (50.1, 51.75)
PLAUSIBLE_LON = (11.8, 15.1)


def parse_coordinate(
    field: str | FieldPath, text: str, limit: float
) -> tuple[float | None, list[Problem]]:
    """A latitude (``limit`` 90) or longitude (180) in decimal degrees; a decimal comma is
    taken as a point ("51,0504" as typed in German), empty is "not known"."""
    value = text.strip()
    if not value:
        return None, []
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    try:
        number = float(value) if re.fullmatch(r"[+-]?\d+(\.\d+)?", value) else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or abs(number) > limit:
        return None, [
            problem(
                field,
                N_(
                    "Must be a number in decimal degrees from -{limit} to {limit}, "
                    "e.g. 51.0504, or empty."
                ),
                limit=limit,
            )
        ]
    return number, []


def coordinate_problems(lat: float | None, lon: float | None) -> list[Problem]:
    """Both or neither, and a point near Dresden (see :data:`PLAUSIBLE_LAT`)."""
    if lat is None and lon is None:
        return []
    if lat is None or lon is None:
        missing = "lat" if lat is None else "lon"
        return [problem(missing, N_("Give both latitude and longitude, or leave both empty."))]
    inside = PLAUSIBLE_LAT[0] <= lat <= PLAUSIBLE_LAT[1] and (
        PLAUSIBLE_LON[0] <= lon <= PLAUSIBLE_LON[1]
    )
    if inside:
        return []
    swapped = PLAUSIBLE_LAT[0] <= lon <= PLAUSIBLE_LAT[1] and (
        PLAUSIBLE_LON[0] <= lat <= PLAUSIBLE_LON[1]
    )
    if swapped:
        return [
            problem(
                "lat",
                N_(
                    "Latitude and longitude seem swapped: in Dresden the latitude is about "
                    "51 and the longitude about 13.7."
                ),
            )
        ]
    return [
        problem(
            "lat",
            N_(
                "This position ({lat}, {lon}) is not in or near Dresden. Check the numbers: "
                "Dresden is at about 51.05, 13.74."
            ),
            lat=f"{lat:g}",
            lon=f"{lon:g}",
        )
    ]


def parse_yes_no(field: str | FieldPath, text: str) -> tuple[bool, list[Problem]]:
    value = text.strip().lower()
    if value in (YES, "true", "1", "ja", "x"):
        return True, []
    if value in (NO, "false", "0", "nein", ""):
        return False, []
    return False, [problem(field, N_("Must be “yes” or “no”."))]


def parse_date(field: str | FieldPath, text: str) -> tuple[dt.date | None, list[Problem]]:
    value = text.strip()
    if not value:
        return None, []
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value), []
    except ValueError:
        return None, [problem(field, N_("Not a date; write it as YYYY-MM-DD, e.g. 2026-03-12."))]


def split_list(text: str) -> list[str]:
    """``a, b ,c`` → ``["a", "b", "c"]`` without empty parts and repeats, order kept."""
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


def is_known_language(code: str, kiosk_languages: Iterable[str] = ()) -> bool:
    """A language code the kiosk or CLDR knows ('ar', 'fa-AF', 'kmr' when the kiosk has it)."""
    if code in set(kiosk_languages):
        return True
    if not _LANGUAGE_TAG.fullmatch(code):
        return False
    base = code.split("-")[0]
    try:
        Locale.parse(code.replace("-", "_"))
        return True
    except (UnknownLocaleError, ValueError):
        return base in Locale("en").languages


# -- a whole offer -----------------------------------------------------------------------------
def normalise_form(form: OfferForm) -> OfferForm:
    """The form with every field normalised by :func:`normalise_text` (NFC, line breaks)."""
    return OfferForm(
        {key: normalise_text(value, key) for key, value in form.fields.items()},
        {
            lang: {name: normalise_text(value, name) for name, value in text.items()}
            for lang, text in form.texts.items()
        },
        [
            ExceptionForm(
                **{f.name: normalise_text(getattr(e, f.name), f.name) for f in EXCEPTION_FIELDS}
            )
            for e in form.exceptions
        ],
    )


def form_text_problems(form: OfferForm) -> list[Problem]:
    """Length and characters of every field of a form (see the module docstring)."""
    found: list[Problem] = []
    for spec in OFFER_FIELDS:
        found += text_problems(spec.name, form.get(spec.name))
    for lang, values in form.texts.items():
        rtl = is_right_to_left(lang)
        for spec in TEXT_FIELDS:
            found += text_problems(
                ("texts", lang, spec.name), values.get(spec.name, ""), direction_marks=rtl
            )
    for index, entry in enumerate(form.exceptions):
        for spec in EXCEPTION_FIELDS:
            found += text_problems(("exceptions", index, spec.name), getattr(entry, spec.name))
    return found


def parse_offer_form(form: OfferForm, ctx: ValidationContext) -> tuple[Offer | None, list[Problem]]:
    """The offer a form describes, or ``None`` with every problem found (never only the first).

    The form is normalised first (:func:`normalise_form`); the offer holds the normalised text.
    """
    form = normalise_form(form)
    found: list[Problem] = form_text_problems(form)
    get = form.get

    offer_id = get("id").strip()
    if not offer_id:
        found.append(problem("id", N_("Required.")))
    elif not _ID.fullmatch(offer_id):
        found.append(
            problem("id", N_("Use only small letters a–z, digits and hyphens, e.g. mbe-caritas."))
        )

    kind = get("kind").strip()
    if kind not in {k.value for k in OfferKind}:
        found.append(
            problem(
                "kind",
                N_("Unknown kind of offer “{value}”; known: {known}."),
                value=kind,
                known=", ".join(k.value for k in OfferKind),
            )
        )
    name = get("name").strip()
    if not name:
        found.append(problem("name", N_("Required.")))

    min_age, more = parse_age("min_age", get("min_age"))
    found += more
    max_age, more = parse_age("max_age", get("max_age"))
    found += more
    if min_age is not None and max_age is not None and min_age > max_age:
        found.append(problem("max_age", N_("The highest age is lower than the lowest age.")))

    needs = split_list(get("needs"))
    unknown = [n for n in needs if n not in ctx.need_ids]
    if unknown:
        found.append(
            problem(
                "needs",
                N_("Unknown need(s): {unknown}; known: {known}."),
                unknown=", ".join(unknown),
                known=", ".join(sorted(ctx.need_ids)),
            )
        )
    spoken = split_list(get("languages"))
    unknown = [code for code in spoken if not is_known_language(code, ctx.text_languages)]
    if unknown:
        found.append(
            problem(
                "languages",
                N_("Unknown language code(s): {unknown}. Use codes like de, en, ar, fa-AF."),
                unknown=", ".join(unknown),
            )
        )

    postcode = get("postcode").strip()
    if postcode and not _POSTCODE.fullmatch(postcode):
        found.append(problem("postcode", N_("A German postcode has five digits.")))
    lat, more = parse_coordinate("lat", get("lat"), 90)
    found += more
    lon, more = parse_coordinate("lon", get("lon"), 180)
    found += more
    if not any(p.path in (("lat",), ("lon",)) for p in found):
        found += coordinate_problems(lat, lon)

    phone, email, web = get("phone").strip(), get("email").strip(), get("web").strip()
    for field_name, value, check in (
        ("phone", phone, phone_problem),
        ("email", email, email_problem),
        ("web", web, url_problem),
    ):
        if value:
            issue = check(field_name, value)
            if issue:
                found.append(issue)

    appointment_only, more = parse_yes_no("appointment_only", get("appointment_only"))
    found += more
    active, more = parse_yes_no("active", get("active"))
    found += more

    hours, more = _parse_hours(form)
    found += more

    source = get("source").strip()
    if source and source != SOURCE_STAFF:
        issue = url_problem("source", source)
        if issue and issue.message == _GENERIC_URL:
            issue = problem(
                "source",
                N_("The source must be a web address (https://…) or the word “staff”."),
            )
        if issue:
            found.append(issue)
    verified_on, more = parse_date("verified_on", get("verified_on"))
    found += more
    if verified_on is not None and verified_on > ctx.today:
        found.append(problem("verified_on", N_("The date of the last check is in the future.")))

    texts, more = _parse_texts(form, ctx)
    found += more

    street = get("street").strip()
    if active:
        if not source:
            found.append(problem("source", N_("An offer shown to visitors needs a source.")))
        if get("verified_on").strip() == "":
            found.append(
                problem(
                    "verified_on", N_("An offer shown to visitors needs the date it was checked.")
                )
            )
        if not (phone or email or web or street):
            found.append(
                problem(
                    "active",
                    N_(
                        "An offer shown to visitors needs a way to reach it: "
                        "a phone number, e-mail, website or street address."
                    ),
                )
            )

    if found:
        return None, found
    try:
        offer = Offer(
            id=offer_id,
            kind=OfferKind(kind),
            provider=get("provider").strip(),
            name=name,
            texts=texts,
            min_age=min_age,
            max_age=max_age,
            needs=frozenset(needs),
            languages=tuple(spoken),
            address=Address(
                street,
                postcode,
                get("city").strip(),
                get("district").strip(),
                lat,
                lon,
                get("stop").strip(),
            ),
            contact=Contact(phone, email, web),
            hours=hours,
            appointment_only=appointment_only,
            accessibility=get("accessibility").strip(),
            source=source,
            verified_on=verified_on,
            active=active,
            staff_note=get("staff_note").strip(),
        )
    except ValueError as error:  # a rule of the dataclasses that the checks above missed
        return None, [problem("id", N_("Cannot be saved: {error}"), error=str(error))]
    return offer, []


def _parse_hours(form: OfferForm) -> tuple[WeeklyHours | None, list[Problem]]:
    found: list[Problem] = []
    days: list[DayHours | None] = []
    for key in DAY_NAMES:
        day, more = parse_day(key, form.get(key))
        found += more
        days.append(day)
    given = [bool(form.get(key).strip()) for key in DAY_NAMES]
    if any(given) and not all(given):
        for key, present in zip(DAY_NAMES, given, strict=True):
            if not present:
                found.append(
                    problem(
                        key,
                        N_("Give every weekday (closed, appointment or times), or none at all."),
                    )
                )
    exceptions: list[HoursException] = []
    seen: set[dt.date] = set()
    for index, entry in enumerate(form.exceptions):
        prefix = ("exceptions", index)
        number = index + 1
        date, more = parse_date((*prefix, "date"), entry.date)
        found += more
        if not entry.date.strip():
            found.append(
                problem((*prefix, "date"), N_("Exception {n}: the date is missing."), n=number)
            )
        elif date is not None and date in seen:
            found.append(
                problem(
                    (*prefix, "date"), N_("Exception {n}: this date is listed twice."), n=number
                )
            )
        if date is not None:
            seen.add(date)
        status = entry.status.strip().lower()
        hours: DayHours | None = None
        if status == DayStatus.OPEN.value:
            slots, more = parse_slots((*prefix, "slots"), entry.slots)
            found += more
            if not more and not slots:
                found.append(
                    problem(
                        (*prefix, "slots"),
                        N_("An open day needs its opening times, e.g. 09:00-12:00."),
                    )
                )
            elif not more:
                hours = DayHours(DayStatus.OPEN, slots)
        elif status in (DayStatus.CLOSED.value, DayStatus.APPOINTMENT.value):
            if entry.slots.strip():
                found.append(
                    problem(
                        (*prefix, "slots"),
                        N_("Only an open day has opening times."),
                    )
                )
            hours = DayHours(DayStatus(status))
        else:
            found.append(
                problem(
                    (*prefix, "status"),
                    N_("Exception {n}: say whether the day is open, by appointment or closed."),
                    n=number,
                )
            )
        if date is not None and hours is not None:
            exceptions.append(HoursException(date, hours, entry.note.strip()))
    if form.exceptions and not any(given):
        found.append(
            problem(
                "exceptions",
                N_("Dated exceptions need the weekly hours; enter the weekly hours first."),
            )
        )
    if found or not any(given):
        return None, found
    exceptions.sort(key=lambda e: e.date)
    return WeeklyHours(tuple(days), tuple(exceptions)), []  # type: ignore[arg-type]


def _parse_texts(
    form: OfferForm, ctx: ValidationContext
) -> tuple[dict[str, OfferText], list[Problem]]:
    found: list[Problem] = []
    texts: dict[str, OfferText] = {}
    statuses = {s.value for s in TextStatus}
    for lang, values in form.texts.items():
        prefix = ("texts", lang)
        if lang not in ctx.text_languages:
            found.append(
                problem(
                    prefix,
                    N_("Unknown language “{code}” for a text; the kiosk knows: {known}."),
                    code=lang,
                    known=", ".join(sorted(ctx.text_languages)),
                )
            )
            continue
        status = values.get("status", "").strip().lower()
        if status not in statuses:
            found.append(
                problem(
                    (*prefix, "status"),
                    N_(
                        "Unknown translation status “{value}”; use missing, machine, outdated "
                        "or reviewed."
                    ),
                    value=status,
                )
            )
        parts = {}
        for spec in TEXT_FIELDS:
            parts[spec.name] = values.get(spec.name, "").strip()
        if status in statuses and status != TextStatus.MISSING.value and not parts["summary"]:
            found.append(
                problem(
                    (*prefix, "summary"),
                    N_("A text needs a summary unless its status is “missing”."),
                )
            )
        if status in statuses:
            texts[lang] = OfferText(
                lang, parts["summary"], parts["description"], parts["audience"], TextStatus(status)
            )
    return texts, found


# -- settings ----------------------------------------------------------------------------------
def age_band_id(min_age: int | None, max_age: int | None) -> str:
    """A stable id from the numbers: under-12, 12-17, 27-plus (as in the seed)."""
    if max_age is None:
        return f"{min_age or 0}-plus"
    if not min_age:
        return f"under-{max_age + 1}"
    return f"{min_age}-{max_age}"


def parse_age_bands(rows: list[tuple[str, str]]) -> tuple[list[AgeBand], list[Problem]]:
    """Age bands from (from, to) text pairs, youngest first, without gaps in the rules."""
    found: list[Problem] = []
    bands: list[AgeBand] = []
    if not rows:
        return [], [problem("age_bands", N_("At least one age band is needed."))]
    for index, (low_text, high_text) in enumerate(rows):
        before = len(found)
        low, more = parse_age(("age_bands", index, "min"), low_text)
        found += more
        high, more = parse_age(("age_bands", index, "max"), high_text)
        found += more
        if len(found) > before:
            continue
        if low is None and high is None:
            found.append(
                problem(("age_bands", index, "max"), N_("Give at least one of the two ages."))
            )
            continue
        if low is not None and high is not None and low > high:
            found.append(
                problem(
                    ("age_bands", index, "max"), N_("The highest age is lower than the lowest age.")
                )
            )
            continue
        bands.append(AgeBand(age_band_id(low, high), low, high))
    if found:
        return [], found
    for index, (before, after) in enumerate(itertools.pairwise(bands), start=1):
        before_high = before.max_age if before.max_age is not None else MAX_AGE + 1
        after_low = after.min_age if after.min_age is not None else 0
        if after_low <= before_high:
            found.append(
                problem(
                    ("age_bands", index, "min"),
                    N_("Age bands must not overlap and must go from young to old."),
                )
            )
    return (bands, []) if not found else ([], found)


def parse_whole_number(
    field: str | FieldPath, text: str, low: int, high: int
) -> tuple[int, list[Problem]]:
    value = text.strip()
    if (
        not value.isascii()
        or not value.isdigit()
        or len(value.lstrip("0")) > len(str(high))
        or not low <= int(value) <= high
    ):
        return 0, [
            problem(field, N_("Must be a whole number from {low} to {high}."), low=low, high=high)
        ]
    return int(value), []
