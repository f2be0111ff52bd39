"""A kiosk's statistics batch for one day and its heartbeat: building, reading, checking.

A batch is one JSON object::

    {"format": "wegweiser-usage-day/1", "kiosk": "bb-altstadt-1", "day": "2026-11-23",
     "rows": [{"hour": "2026-11-23T14", "event": "offer_viewed", "language": "ar",
               "age_band": "27+", "need": "work", "offer_id": "mbe-caritas", "count": 3}, …]}

The rows are the kiosk's ``usage_hourly`` rows of that day, exactly: anonymous counts per hour
and combination of language, age band, need and offer, no visitor or session id, nothing typed.
Answers to "Did this help?" carry the offer only (the check refuses a batch where they carry
more). A batch holds a whole day, so sending it again replaces it: the centre counts it once.

The heartbeat (:func:`build_heartbeat`) says what the kiosk runs and whether its printer works.

:func:`parse_batch` and :func:`parse_heartbeat` read what came from the network or an inbox and
raise :class:`BatchError` with every problem found (path and reason) and nothing else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any, NamedTuple

from kiosk.db.fleet_repository import FleetUploadRepository
from kiosk.printer_status import PrinterProblem
from kiosk.stats import FEEDBACK_EVENTS, UsageEvent

BATCH_FORMAT = "wegweiser-usage-day/1"
HEARTBEAT_FORMAT = "wegweiser-heartbeat/1"
#: Lower-case letters, digits and hyphens, 2–63 characters: a folder name, an nginx user
#: name (no colon) and a host-name label at once.
KIOSK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
#: A batch larger than this is refused unread (a busy day is well below 1 MB: bench/fleet_figures).
MAX_BATCH_BYTES = 8 * 2**20
MAX_HEARTBEAT_BYTES = 16 * 2**10
#: Rows at most in one day's batch (far above the busiest kiosk's day).
MAX_ROWS = 200_000
MAX_COUNT = 10**9
MAX_VALUE_CHARS = 100
#: Problems listed at most for one file.
MAX_PROBLEMS = 20

ROW_FIELDS = ("hour", "event", "language", "age_band", "need", "offer_id", "count")
KEY_FIELDS = ROW_FIELDS[:-1]
TEXT_FIELDS = ("language", "age_band", "need", "offer_id")
EVENTS = frozenset(event.value for event in UsageEvent)
FEEDBACK = frozenset(event.value for event in FEEDBACK_EVENTS.values())
PRINTER_STATES = frozenset(problem.value for problem in PrinterProblem)
_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PLAIN_TEXT = re.compile(rf"[^\x00-\x1f\x7f]{{0,{MAX_VALUE_CHARS}}}")
_HOURS = frozenset(f"{hour:02d}" for hour in range(24))
_ROW_KEYS = frozenset(ROW_FIELDS)


class BatchError(ValueError):
    """A batch or heartbeat that cannot be used; the message lists what is wrong."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = len(problems) - len(shown)
        super().__init__("; ".join(shown) + (f"; … and {more} more" if more > 0 else ""))


class UsageRow(NamedTuple):
    hour: str
    event: str
    language: str
    age_band: str
    need: str
    offer_id: str
    count: int

    def key(self) -> tuple[str, ...]:
        return self[:6]


@dataclass(frozen=True, slots=True)
class Batch:
    kiosk_id: str
    day: dt.date
    rows: tuple[UsageRow, ...]

    def to_json(self) -> bytes:
        payload = {
            "format": BATCH_FORMAT,
            "kiosk": self.kiosk_id,
            "day": self.day.isoformat(),
            "rows": [
                {name: getattr(row, name) for name in ROW_FIELDS}
                for row in sorted(self.rows, key=UsageRow.key)
            ],
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def digest(self) -> str:
        """SHA-256 of the batch as sent: equal rows give the same digest."""
        return hashlib.sha256(self.to_json()).hexdigest()

    def total(self) -> int:
        return sum(row.count for row in self.rows)


@dataclass(frozen=True, slots=True)
class Heartbeat:
    kiosk_id: str
    app_version: str
    content_version: str | None
    last_content_check: str | None  # ISO 8601 time, or None when never checked
    printer: str  # a PrinterProblem value: "none" means ready
    sent_at: str  # ISO 8601 time with offset

    def to_json(self) -> bytes:
        payload = {
            "format": HEARTBEAT_FORMAT,
            "kiosk": self.kiosk_id,
            "app_version": self.app_version,
            "content_version": self.content_version,
            "last_content_check": self.last_content_check,
            "printer": self.printer,
            "sent_at": self.sent_at,
        }
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def check_kiosk_id(kiosk_id: str) -> str:
    if not isinstance(kiosk_id, str) or not KIOSK_ID.match(kiosk_id):
        raise ValueError(
            f"not a kiosk id: {kiosk_id!r} (2–63 lower-case letters, digits and hyphens, "
            "starting with a letter or digit)"
        )
    return kiosk_id


# -- building --------------------------------------------------------------------------------
def usage_days(conn: sqlite3.Connection, since: dt.date) -> list[dt.date]:
    """The days from ``since`` on that have hourly usage rows, oldest first."""
    days = FleetUploadRepository(conn).usage_days(f"{since:%Y-%m-%d}T00")
    return [dt.date.fromisoformat(day) for day in days]


def build_batch(conn: sqlite3.Connection, kiosk_id: str, day: dt.date) -> Batch:
    """The batch of ``day`` from the kiosk database: its ``usage_hourly`` rows (one read)."""
    check_kiosk_id(kiosk_id)
    rows = FleetUploadRepository(conn).hourly_rows(f"{day:%Y-%m-%d}T00", f"{day:%Y-%m-%d}T23")
    return Batch(kiosk_id, day, tuple(UsageRow(*row) for row in rows))


def build_heartbeat(
    kiosk_id: str,
    *,
    app_version: str,
    content_version: str | None,
    last_content_check: str | None,
    printer_state: str,
    now: dt.datetime,
) -> Heartbeat:
    check_kiosk_id(kiosk_id)
    if printer_state not in PRINTER_STATES:
        raise ValueError(
            f"unknown printer state {printer_state!r}; "
            f"use one of {', '.join(sorted(PRINTER_STATES))}"
        )
    if now.tzinfo is None:
        raise ValueError("the heartbeat's time needs a time zone (an aware datetime)")
    return Heartbeat(
        kiosk_id,
        app_version,
        content_version,
        last_content_check,
        printer_state,
        now.isoformat(timespec="seconds"),
    )


# -- reading and checking --------------------------------------------------------------------
def _load(data: bytes, limit: int, what: str) -> dict[str, Any]:
    if len(data) > limit:
        raise BatchError([f"the {what} is too large ({len(data)} bytes; at most {limit})"])
    try:
        payload = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BatchError([f"the {what} is not UTF-8 text: {error.reason}"]) from None
    except json.JSONDecodeError as error:
        raise BatchError([f"the {what} is not JSON: {error.msg} at line {error.lineno}"]) from None
    if not isinstance(payload, dict):
        raise BatchError([f"the {what} is not a JSON object"])
    return payload


def _text_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return f"is not text ({type(value).__name__})"
    if len(value) > MAX_VALUE_CHARS:
        return f"is longer than {MAX_VALUE_CHARS} characters"
    if _CONTROL.search(value):
        return "contains control characters"
    return None


def _good_row(row: object, day_t: str) -> UsageRow | None:
    """The row when it passes every check (the quick way for the usual case), else None."""
    if type(row) is not dict or row.keys() != _ROW_KEYS:
        return None
    hour, event, count = row["hour"], row["event"], row["count"]
    if type(hour) is not str or len(hour) != 13 or not hour.startswith(day_t):
        return None
    if hour[11:] not in _HOURS or type(event) is not str or event not in EVENTS:
        return None
    if type(count) is not int or not 0 < count <= MAX_COUNT:
        return None
    language, age_band, need, offer_id = (
        row["language"],
        row["age_band"],
        row["need"],
        row["offer_id"],
    )
    for value in (language, age_band, need, offer_id):
        if type(value) is not str or not _PLAIN_TEXT.fullmatch(value):
            return None
    if event in FEEDBACK and (language or age_band or need):
        return None
    return UsageRow(hour, event, language, age_band, need, offer_id, count)


def _check_row(index: int, row: object, day: str, problems: list[str]) -> UsageRow | None:
    good = _good_row(row, day + "T")
    if good is not None:
        return good
    where = f"rows[{index}]"
    if not isinstance(row, dict):
        problems.append(f"{where}: not an object")
        return None
    missing = [name for name in ROW_FIELDS if name not in row]
    extra = sorted(set(row) - set(ROW_FIELDS))
    before = len(problems)
    if missing:
        problems.append(f"{where}: missing {', '.join(missing)}")
    if extra:
        problems.append(f"{where}: unknown field(s) {', '.join(extra)}")
    if missing:
        return None
    hour = row["hour"]
    match = _HOUR.match(hour) if isinstance(hour, str) else None
    if match is None or not 0 <= int(match.group(2)) <= 23:
        problems.append(f"{where}.hour: {hour!r} is not an hour YYYY-MM-DDTHH (00–23)")
    elif match.group(1) != day:
        problems.append(f"{where}.hour: {hour!r} is not on the batch's day {day}")
    event = row["event"]
    if not isinstance(event, str) or event not in EVENTS:
        problems.append(f"{where}.event: unknown event {event!r}")
    for name in TEXT_FIELDS:
        problem = _text_problem(row[name])
        if problem:
            problems.append(f"{where}.{name}: {problem}")
    count = row["count"]
    if isinstance(count, bool) or not isinstance(count, int):
        problems.append(f"{where}.count: {count!r} is not a whole number")
    elif not 0 < count <= MAX_COUNT:
        problems.append(f"{where}.count: {count} is not between 1 and {MAX_COUNT}")
    if (
        isinstance(event, str)
        and event in FEEDBACK
        and any(row[name] for name in ("language", "age_band", "need"))
    ):
        problems.append(
            f"{where}: an answer to 'Did this help?' carries more than its offer "
            "(language, age band or need); such answers are counted per offer only"
        )
    if len(problems) > before:
        return None
    return UsageRow(*(row[name] for name in ROW_FIELDS))


def parse_batch(data: bytes, *, kiosk_id: str | None = None, day: dt.date | None = None) -> Batch:
    """Read and check a batch; ``kiosk_id`` and ``day`` (from where the file lies) must match
    what it says. Raises :class:`BatchError` with every problem found."""
    payload = _load(data, MAX_BATCH_BYTES, "batch")
    problems: list[str] = []
    if payload.get("format") != BATCH_FORMAT:
        problems.append(f"format: {payload.get('format')!r} is not {BATCH_FORMAT!r}")
    extra = sorted(set(payload) - {"format", "kiosk", "day", "rows"})
    if extra:
        problems.append(f"unknown field(s) {', '.join(extra)}")
    kiosk = payload.get("kiosk")
    if not isinstance(kiosk, str) or not KIOSK_ID.match(kiosk):
        problems.append(f"kiosk: {kiosk!r} is not a kiosk id")
    elif kiosk_id is not None and kiosk != kiosk_id:
        problems.append(f"kiosk: the batch says {kiosk!r} but lies in {kiosk_id!r}'s folder")
    day_text = payload.get("day")
    batch_day = None
    try:
        batch_day = dt.date.fromisoformat(day_text) if isinstance(day_text, str) else None
    except ValueError:
        pass
    if batch_day is None or len(day_text) != 10:
        problems.append(f"day: {day_text!r} is not a date YYYY-MM-DD")
        batch_day = None
    elif day is not None and batch_day != day:
        problems.append(f"day: the batch says {day_text} but its file is named {day}")
    rows = payload.get("rows")
    parsed: list[UsageRow] = []
    if not isinstance(rows, list):
        problems.append("rows: missing or not a list")
    elif len(rows) > MAX_ROWS:
        problems.append(f"rows: {len(rows)} rows, at most {MAX_ROWS}")
    elif batch_day is not None:
        seen: set[tuple[str, ...]] = set()
        for index, row in enumerate(rows):
            checked = _check_row(index, row, day_text, problems)
            if checked is None:
                continue
            if checked.key() in seen:
                problems.append(f"rows[{index}]: the same hour and combination twice")
            seen.add(checked.key())
            parsed.append(checked)
            if len(problems) > MAX_PROBLEMS:
                break
    if problems:
        raise BatchError(problems)
    assert batch_day is not None and isinstance(kiosk, str)
    return Batch(kiosk, batch_day, tuple(parsed))


def _optional_text(payload: dict, name: str, problems: list[str]) -> str | None:
    value = payload.get(name)
    if value is None:
        return None
    problem = _text_problem(value)
    if problem:
        problems.append(f"{name}: {problem}")
        return None
    return value


def parse_heartbeat(data: bytes, *, kiosk_id: str | None = None) -> Heartbeat:
    """Read and check a heartbeat; raises :class:`BatchError` with every problem found."""
    payload = _load(data, MAX_HEARTBEAT_BYTES, "heartbeat")
    problems: list[str] = []
    if payload.get("format") != HEARTBEAT_FORMAT:
        problems.append(f"format: {payload.get('format')!r} is not {HEARTBEAT_FORMAT!r}")
    kiosk = payload.get("kiosk")
    if not isinstance(kiosk, str) or not KIOSK_ID.match(kiosk):
        problems.append(f"kiosk: {kiosk!r} is not a kiosk id")
    elif kiosk_id is not None and kiosk != kiosk_id:
        problems.append(f"kiosk: the heartbeat says {kiosk!r} but lies in {kiosk_id!r}'s folder")
    app_version = _optional_text(payload, "app_version", problems) or ""
    content_version = _optional_text(payload, "content_version", problems)
    last_check = _optional_text(payload, "last_content_check", problems)
    if last_check is not None and _aware(last_check) is None:
        problems.append(f"last_content_check: {last_check!r} is not a time with offset")
    printer = payload.get("printer")
    if not isinstance(printer, str) or printer not in PRINTER_STATES:
        problems.append(f"printer: unknown state {printer!r}")
    sent_at = payload.get("sent_at")
    if not isinstance(sent_at, str) or _aware(sent_at) is None:
        problems.append(f"sent_at: {sent_at!r} is not a time with offset")
    if problems:
        raise BatchError(problems)
    return Heartbeat(kiosk, app_version, content_version, last_check, printer, sent_at)


def _aware(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def aware_time(text: str | None) -> dt.datetime | None:
    """An ISO 8601 time with offset, or None (for anything else)."""
    return _aware(text) if isinstance(text, str) else None
