"""A content release as bytes: build it from a database, parse and check it, compare it.

The document (see :mod:`kiosk.content`) is canonical JSON: keys sorted, UTF-8, no spaces, offers
ordered by id, languages, age bands and needs in their display order. The same database gives
the same bytes, so a release's SHA-256 names its content.

:func:`parse_release` trusts nothing: size, UTF-8, JSON without repeated keys or ``NaN``, the
format name, every field of the lists, and the offers through :func:`kiosk.admin.importing.
check_forms` — the checks of ``kiosk-admin import`` and the staff editor — against the
release's own languages and needs. Every problem found is listed in the :class:`ReleaseError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kiosk.admin.importing import check_forms
from kiosk.admin.json_format import (
    loads,
    offer_to_json,
    read_json_document,
    repeated_keys,
)
from kiosk.db.content_repository import ContentReleaseRepository, read_together
from kiosk.db.offer_repository import OfferRepository
from kiosk.domain.changes import FieldChange
from kiosk.domain.choices import AgeBand, Need
from kiosk.domain.models import Offer
from kiosk.domain.offer_form import offer_changes
from kiosk.domain.validation import ValidationContext, shown

FORMAT = "wegweiser-content/1"

#: The largest release accepted (5,000 offers in 17 languages are about 60 MB).
MAX_RELEASE_BYTES = 128 * 1024 * 1024

#: How many problems a refusal lists before "… and N more".
_SHOWN_PROBLEMS = 12

_TOP_KEYS = ("format", "version", "published", "languages", "age_bands", "needs", "offers")
_LANGUAGE_KEYS = ("code", "endonym", "shown")
_AGE_BAND_KEYS = ("id", "min_age", "max_age")
_NEED_KEYS = ("id", "icon")

#: BCP 47 tags as the kiosk uses them: de, fa-AF, zh-Hans, de-x-ls.
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}")
#: Ids of needs and age bands, and pictogram names: never a path, never a space.
_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_MAX_VERSION = 2**53 - 1  # what every JSON reader keeps exactly


class ReleaseError(Exception):
    """A release is refused; the message is meant for staff and says why.

    ``problems`` lists every reason found (the message shows the first ones).
    """

    def __init__(self, message: str, problems: Iterable[str] = ()):
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)


@dataclass(frozen=True, slots=True)
class ReleaseLanguage:
    """A language of the release; ``shown`` is the central office's choice, which a kiosk
    takes only for a language it does not know yet (its own choice stays local)."""

    code: str
    endonym: str
    shown: bool = True


@dataclass(frozen=True)
class Release:
    """A parsed, fully checked release (lists in display order, offers by id)."""

    version: int
    published: dt.datetime  # aware, UTC
    languages: tuple[ReleaseLanguage, ...]
    age_bands: tuple[AgeBand, ...]
    needs: tuple[Need, ...]
    offers: tuple[Offer, ...] = field(repr=False)
    digest: str = ""  # SHA-256 (hex) of the release bytes
    size: int = 0  # bytes


# -- building --------------------------------------------------------------------------------
def utc_text(moment: dt.datetime) -> str:
    """``2026-12-01T19:45:00Z``: an aware moment in UTC to the second."""
    if moment.tzinfo is None:
        raise ValueError("a release time must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_json(document: Any) -> bytes:
    """Sorted keys, UTF-8, no spaces: the same document always gives the same bytes."""
    return json.dumps(
        document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def content_document(conn: sqlite3.Connection) -> dict[str, Any]:
    """The content tables of a database as the parts of a release (no version, no time)."""
    content = ContentReleaseRepository(conn)
    languages = [
        {"code": code, "endonym": endonym, "shown": bool(enabled)}
        for code, endonym, enabled in content.languages()
    ]
    age_bands = [
        {"id": band_id, "min_age": low, "max_age": high}
        for band_id, low, high in content.age_bands()
    ]
    needs = [{"id": need_id, "icon": icon} for need_id, icon in content.needs()]
    offers = [offer_to_json(o) for o in OfferRepository(conn).all()]
    return {"languages": languages, "age_bands": age_bands, "needs": needs, "offers": offers}


def build_release(conn: sqlite3.Connection, *, version: int, published: dt.datetime) -> bytes:
    """The content of the database as release ``version``, published at ``published`` (aware).

    Only the content tables are read, in one read transaction so the lists and offers belong
    together. The result is not checked here: :func:`parse_release` does that (a publisher
    calls it before signing).
    """
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ValueError("a release version is a whole number ≥ 0")
    stamp = utc_text(published)
    with read_together(conn):
        document = content_document(conn)
    document.update(format=FORMAT, version=version, published=stamp)
    return canonical_json(document)


def release_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- parsing ---------------------------------------------------------------------------------
class _Problems:
    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, place: str, message: str) -> None:
        self.found.append(f"{place}: {message}" if place else message)


def _keys(problems: _Problems, place: str, item: Any, keys: tuple[str, ...]) -> bool:
    if not isinstance(item, dict):
        problems.add(place, "must be an object {…} with " + ", ".join(keys))
        return False
    for key in item:
        if key not in keys:
            problems.add(f"{place}.{shown(key, 40)}", "unknown field")
    for key in keys:
        if key not in item:
            problems.add(f"{place}.{key}", "this field is missing")
    return all(key in item for key in keys)


def _list(problems: _Problems, document: dict, key: str) -> list:
    value = document.get(key)
    if not isinstance(value, list):
        problems.add(key, "must be a list […]")
        return []
    if not value:
        problems.add(key, "must not be empty")
    return value


def _unique(problems: _Problems, place: str, value: str, seen: set[str]) -> None:
    if value in seen:
        problems.add(place, f"“{shown(value, 40)}” appears twice")
    seen.add(value)


def _age(problems: _Problems, place: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 130:
        problems.add(place, "must be a whole number from 0 to 130, or null")
        return None
    return value


def _languages(problems: _Problems, document: dict) -> list[ReleaseLanguage]:
    found, seen = [], set()
    for index, item in enumerate(_list(problems, document, "languages")):
        place = f"languages[{index}]"
        if not _keys(problems, place, item, _LANGUAGE_KEYS):
            continue
        code, endonym, on = item["code"], item["endonym"], item["shown"]
        ok = True
        if not isinstance(code, str) or not _LANGUAGE_CODE.fullmatch(code):
            problems.add(f"{place}.code", "must be a language tag such as de, fa-AF or zh-Hans")
            ok = False
        if not isinstance(endonym, str) or not 1 <= len(endonym.strip()) <= 60:
            problems.add(f"{place}.endonym", "must be the language's own name, 1 to 60 letters")
            ok = False
        if not isinstance(on, bool):
            problems.add(f"{place}.shown", "must be true or false")
            ok = False
        if ok:
            _unique(problems, f"{place}.code", code, seen)
            found.append(ReleaseLanguage(code, endonym, on))
    if found and not any(lang.shown for lang in found):
        problems.add("languages", "at least one language must be shown")
    return found


def _age_bands(problems: _Problems, document: dict) -> list[AgeBand]:
    found, seen = [], set()
    for index, item in enumerate(_list(problems, document, "age_bands")):
        place = f"age_bands[{index}]"
        if not _keys(problems, place, item, _AGE_BAND_KEYS):
            continue
        band_id = item["id"]
        low = _age(problems, f"{place}.min_age", item["min_age"])
        high = _age(problems, f"{place}.max_age", item["max_age"])
        if not isinstance(band_id, str) or not _ID.fullmatch(band_id):
            problems.add(f"{place}.id", "must be an id of small letters, digits, - and _")
            continue
        if low is not None and high is not None and low > high:
            problems.add(place, "min_age must not be above max_age")
            continue
        _unique(problems, f"{place}.id", band_id, seen)
        found.append(AgeBand(band_id, low, high))
    return found


def _needs(problems: _Problems, document: dict) -> list[Need]:
    found, seen = [], set()
    for index, item in enumerate(_list(problems, document, "needs")):
        place = f"needs[{index}]"
        if not _keys(problems, place, item, _NEED_KEYS):
            continue
        need_id, icon = item["id"], item["icon"]
        if not isinstance(need_id, str) or not _ID.fullmatch(need_id):
            problems.add(f"{place}.id", "must be an id of small letters, digits, - and _")
            continue
        if not isinstance(icon, str) or (icon and not _ID.fullmatch(icon)):
            problems.add(f"{place}.icon", "must be a pictogram name (small letters, digits, -)")
            continue
        _unique(problems, f"{place}.id", need_id, seen)
        found.append(Need(need_id, icon))
    return found


def _published(problems: _Problems, value: Any) -> dt.datetime | None:
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment.astimezone(dt.UTC)
    problems.add("published", "must be a UTC time such as 2026-12-01T19:45:00Z")
    return None


def _refuse(problems: list[str]) -> ReleaseError:
    head = "; ".join(problems[:_SHOWN_PROBLEMS])
    more = len(problems) - _SHOWN_PROBLEMS
    tail = f"; … and {more} more" if more > 0 else ""
    return ReleaseError(f"The content release was refused: {head}{tail}", problems)


def parse_release(data: bytes) -> Release:
    """The release in ``data``, checked in full; raises :class:`ReleaseError` with every reason.

    Offers are checked with the import's rules against the release's own languages (texts)
    and needs; a verification date may not lie after the day the release was published.
    """
    return _parse(data, lowest_version=1)


def parse_kept_content(data: bytes) -> Release:
    """Like :func:`parse_release`, for the content a kiosk kept for a rollback, which may be
    its own content from before any release (version 0)."""
    return _parse(data, lowest_version=0)


def _parse(data: bytes, *, lowest_version: int) -> Release:
    data = bytes(data)
    if len(data) > MAX_RELEASE_BYTES:
        raise ReleaseError(
            f"The content release was refused: it is too large ({len(data) // 2**20} MB); "
            f"at most {MAX_RELEASE_BYTES // 2**20} MB are accepted"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReleaseError(
            f"The content release was refused: not UTF-8 text (byte {error.start})"
        ) from error
    try:
        document = loads(text)
    except json.JSONDecodeError as error:
        raise ReleaseError(
            f"The content release was refused: not valid JSON: {error.msg} "
            f"(line {error.lineno}, column {error.colno})"
        ) from error
    except (ValueError, RecursionError) as error:
        raise ReleaseError(f"The content release was refused: not valid JSON: {error}") from error
    if not isinstance(document, dict) or "format" not in document:
        raise ReleaseError(
            f"The content release was refused: it is not a content release ({FORMAT})"
        )
    if document["format"] != FORMAT:
        given = document["format"]
        raise ReleaseError(
            "The content release was refused: its format is "
            f"“{shown(given, 60) if isinstance(given, str) else given!r}”, this kiosk reads "
            f"“{FORMAT}” (a newer kiosk version may be needed)"
        )
    problems = _Problems()
    # Repeated keys in the offers are found (with the offer's number) by the import's reader.
    places = [*document.repeated]
    for key in ("languages", "age_bands", "needs"):
        places += repeated_keys(document.get(key), key)
    for place in places:
        problems.add(shown(place, 80), "this key appears more than once in the same object")
    for key in document:
        if key not in _TOP_KEYS:
            problems.add(shown(key, 40), "unknown top-level field")
    for key in _TOP_KEYS:
        if key not in document:
            problems.add(key, "this field is missing")
    version = document.get("version")
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or not lowest_version <= version <= _MAX_VERSION
    ):
        problems.add("version", f"must be a whole number ≥ {lowest_version}")
    published = _published(problems, document.get("published"))
    languages = _languages(problems, document)
    age_bands = _age_bands(problems, document)
    needs = _needs(problems, document)
    offers: list[Offer] = []
    raw_offers = document.get("offers")
    if not isinstance(raw_offers, list):
        problems.add("offers", "must be a list […]")
    elif published is not None:
        ctx = ValidationContext(
            text_languages=frozenset(lang.code for lang in languages),
            need_ids=frozenset(n.id for n in needs),
            # Local dates in Dresden are at most one day ahead of the UTC date.
            today=published.date() + dt.timedelta(days=1),
        )
        forms, found = read_json_document({"offers": raw_offers})
        result = check_forms("json", forms, found, ctx)
        problems.found += [f"offers: {p}" for p in result.problems]
        offers = result.offers
    if problems.found:
        raise _refuse(problems.found)
    return Release(
        version=version,
        published=published,
        languages=tuple(languages),
        age_bands=tuple(age_bands),
        needs=tuple(needs),
        offers=tuple(sorted(offers, key=lambda o: o.id)),
        digest=release_digest(data),
        size=len(data),
    )


# -- comparing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class OfferFieldsChanged:
    offer_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class ContentDiff:
    """What applying a release would change in a database's content."""

    offers_added: tuple[str, ...] = ()
    offers_changed: tuple[OfferFieldsChanged, ...] = ()
    offers_removed: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()  # one sentence per change
    needs: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.offers_added
            or self.offers_changed
            or self.offers_removed
            or self.languages
            or self.needs
            or self.age_bands
        )

    def lines(self) -> list[str]:
        """A summary in English for staff and the publisher, one change per line."""
        if self.empty:
            return ["No changes."]
        out = [f"Offer added: {offer_id}" for offer_id in self.offers_added]
        out += [
            f"Offer changed: {item.offer_id} ({', '.join(item.fields)})"
            for item in self.offers_changed
        ]
        out += [f"Offer removed: {offer_id}" for offer_id in self.offers_removed]
        out += [f"Languages: {line}" for line in self.languages]
        out += [f"Needs: {line}" for line in self.needs]
        out += [f"Age bands: {line}" for line in self.age_bands]
        return out


def _list_changes(
    old: list[tuple[str, Any]], new: list[tuple[str, Any]], describe
) -> tuple[str, ...]:
    """Added, removed, changed (``describe(old, new)``) and reordered entries of a list."""
    before, after = dict(old), dict(new)
    out = [f"added {key}" for key in after if key not in before]
    out += [f"removed {key}" for key in before if key not in after]
    out += [
        f"changed {key}: {describe(before[key], after[key])}"
        for key in after
        if key in before and before[key] != after[key]
    ]
    kept_old = [key for key, _ in old if key in after]
    kept_new = [key for key, _ in new if key in before]
    if kept_old != kept_new:
        out.append("new order " + ", ".join(key for key, _ in new))
    return tuple(out)


def _ages(band: tuple[int | None, int | None]) -> str:
    low, high = band
    return f"{'' if low is None else low}–{'' if high is None else high}"


def content_diff(conn: sqlite3.Connection, release: Release) -> ContentDiff:
    """What applying ``release`` to the database would change (reads only).

    Offers are compared field by field as the import compares them; a language's shown flag
    is local and not a change (see :func:`kiosk.content.store.apply_release`).
    """
    return content_changes(conn, release)[0]


def content_changes(
    conn: sqlite3.Connection, release: Release
) -> tuple[ContentDiff, dict[str, list[FieldChange]]]:
    """:func:`content_diff`, and the changed fields with old and new values per changed offer.

    Fields are compared by :func:`kiosk.domain.offer_form.offer_changes`, as the import
    compares them; an offer new to the database is only named (its fields are all new).
    """
    current = {o.id: o for o in OfferRepository(conn).all()}
    added: list[str] = []
    changes: dict[str, list[FieldChange]] = {}
    for offer in release.offers:
        old = current.get(offer.id)
        if old is None:
            added.append(offer.id)
        elif old != offer:
            changes[offer.id] = offer_changes(old, offer)
    in_release = {o.id for o in release.offers}
    content = ContentReleaseRepository(conn)
    languages = _list_changes(
        content.language_names(),
        [(lang.code, lang.endonym) for lang in release.languages],
        lambda a, b: f"“{a}” → “{b}”",
    )
    needs = _list_changes(
        content.needs(),
        [(n.id, n.icon) for n in release.needs],
        lambda a, b: f"pictogram {a or '(none)'} → {b or '(none)'}",
    )
    age_bands = _list_changes(
        [(band_id, (low, high)) for band_id, low, high in content.age_bands()],
        [(b.id, (b.min_age, b.max_age)) for b in release.age_bands],
        lambda a, b: f"ages {_ages(a)} → {_ages(b)}",
    )
    diff = ContentDiff(
        offers_added=tuple(added),
        offers_changed=tuple(
            OfferFieldsChanged(offer_id, tuple(c.field for c in found))
            for offer_id, found in changes.items()
        ),
        offers_removed=tuple(sorted(set(current) - in_release)),
        languages=languages,
        needs=needs,
        age_bands=age_bands,
    )
    return diff, changes
