"""Property-based fuzzing of the validators and the JSON and CSV imports (hypothesis).

The property, for any input: it is either accepted — then what is stored equals what was given
after the documented normalisation (NFC, one kind of line break, stripped) and export → import
changes nothing — or refused with at least one message (safe to print: UTF-8, no direction
controls) and nothing changes. Nothing raises.

Runs are kept short (``max_examples`` per profile, no deadline); with ``CI`` set (or
``HYPOTHESIS_PROFILE=ci``) they are derandomised, so every CI run tries the same inputs.
``HYPOTHESIS_PROFILE=thorough`` runs many more examples locally.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kiosk.admin.csv_format import offers_to_csv
from kiosk.admin.importing import read_offers
from kiosk.admin.json_format import offers_to_json
from kiosk.cli import main
from kiosk.db.seeding import load_seed_offers, logical_dump
from kiosk.domain.offer_form import offer_to_form
from kiosk.domain.validation import (
    MULTILINE,
    host_problem,
    normalise_text,
    parse_offer_form,
    url_problem,
)
from tests.unit.test_validation import CTX

settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("ci", settings.get_profile("dev"), derandomize=True, print_blob=True)
settings.register_profile(
    "thorough",
    settings.get_profile("dev"),
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "2000")),
)
_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
PROFILE = settings.get_profile(_PROFILE)

SEED = {offer.id: offer for offer in load_seed_offers()}
#: An active offer with a phone number: any one text field may change without it going dark.
BASE = SEED["mbe-caritas"]

# -- what hostile text is made of ------------------------------------------------------------
HOSTILE = (
    [chr(c) for c in range(0x202A, 0x202F)]  # embeddings, overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # isolates
    + list("\u200b\u200c\u200d\u200e\u200f\u061c\u2060\ufeff\u00ad\u180e")  # zero-width, marks
    + list("\x00\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\u2028\u2029")  # controls, separators
    + list("\ud800\udfff\ue000\U000f0000\u0378\ufffe\U000e0041")  # not characters
    + list("\u0301\u0308\u0651\u064e\ufe0f")  # marks (decomposed umlauts, harakat)
    + list("\u3164\u2800\u00a0\u3000 ")  # blank fillers, spaces
    + list("аеорсух")  # Cyrillic look-alikes
    + list("=+-@'\";,|\\")  # CSV, vCard and formula specials
)
hostile_text = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(HOSTILE)), max_size=24
) | st.sampled_from(["", " ", "u\u0308", "a\u200cb", "Straße 1", "a\r\nb", "x" * 301])

#: Characters that must never be stored (outside a multi-line field's \n).
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _unsafe(text: str, multiline: bool) -> list[str]:
    """An oracle independent of the validator: what an honest stored text never holds."""
    return [
        ch
        for ch in text
        if ch in BIDI_CONTROLS
        or unicodedata.category(ch) in ("Cs", "Co", "Cn", "Zl", "Zp")
        or (unicodedata.category(ch) == "Cc" and not (multiline and ch == "\n"))
    ]


def _printable_problem(text: str) -> None:
    text.encode("utf-8")  # a lone surrogate here would crash the CLI
    assert not BIDI_CONTROLS & set(text), text


FREE_TEXT_FIELDS = ("provider", "name", "street", "city", "district", "stop", "accessibility")
TEXT_PARTS = ("summary", "description", "audience")


def _stored(offer, field: str) -> str:
    if field.startswith("texts."):
        _, lang, name = field.split(".")
        return getattr(offer.texts[lang], name)
    values = {
        "provider": offer.provider,
        "name": offer.name,
        "accessibility": offer.accessibility,
        "staff_note": offer.staff_note,
        "street": offer.address.street,
        "city": offer.address.city,
        "district": offer.address.district,
        "stop": offer.address.stop,
    }
    return values[field]


# -- the validators --------------------------------------------------------------------------
@PROFILE
@given(
    field=st.sampled_from(
        [
            *FREE_TEXT_FIELDS,
            "staff_note",
            *(f"texts.{lang}.{n}" for lang in ("de", "ar") for n in TEXT_PARTS),
        ]
    ),
    value=hostile_text,
)
def test_a_field_is_stored_normalised_or_refused_by_name(field, value):
    form = offer_to_form(BASE)
    kind = field.rpartition(".")[2]
    if field.startswith("texts."):
        _, lang, name = field.split(".")
        form.texts[lang][name] = value
    else:
        form.fields[field] = value
    offer, found = parse_offer_form(form, CTX)
    event("refused" if offer is None else "accepted")
    if offer is None:
        assert found
        assert {p.field for p in found} <= {field}, [str(p) for p in found]
        for p in found:
            _printable_problem(p.text())
        return
    stored = _stored(offer, field)
    assert stored == normalise_text(value, kind).strip()
    assert stored == unicodedata.normalize("NFC", stored)
    assert not _unsafe(stored, kind in MULTILINE), ascii(stored)
    again, more = parse_offer_form(offer_to_form(offer), CTX)
    assert more == [] and again == offer, "accepted text survives the form round trip"


_SCHEMES = st.sampled_from(["https", "https", "http", "HTTPS", "javascript", "data", "file", ""])
_HOSTILE_LABEL = st.text(
    alphabet=st.sampled_from(list("abcxyz09-_.%@:[]") + list("äßаеоС例") + HOSTILE[:12]),
    max_size=12,
)
_LABEL = (
    st.from_regex(r"[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", fullmatch=True)
    | st.sampled_from(["müller", "пример", "例え", "caritas", "xn--mller-kva", "cаritas"])
    | _HOSTILE_LABEL
)
web_addresses = st.builds(
    lambda scheme, user, labels, tld, port, path: (
        f"{scheme}://{user}{'.'.join(labels)}{tld}{port}{path}"
        if scheme
        else f"{user}{'.'.join(labels)}{tld}{path}"
    ),
    _SCHEMES,
    st.sampled_from(["", "", "", "user@", "a:b@", "caritas.de@"]),
    st.lists(_LABEL, min_size=1, max_size=3),
    st.sampled_from([".de", ".org", ".рф", "", ".", ".xn--p1ai"]),
    st.sampled_from(["", "", ":0", ":65535", ":65536", ":99999", ":8080", ":", ":x"]),
    st.sampled_from(["", "/", "/a?b=c#d", "/\u202e", "\\@x.de", "/a b", "/ü"]),
)


@PROFILE
@given(web_addresses | hostile_text)
def test_an_accepted_web_address_goes_where_it_says(value):
    found = url_problem("web", value)
    event("refused" if found else "accepted")
    if found is not None:
        _printable_problem(found.text())
        return
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https")
    assert "@" not in parts.netloc and "\\" not in value
    assert parts.port is None or 1 <= parts.port <= 65535
    host = parts.hostname or ""
    host.encode("idna")  # IDNA-encodable, and ASCII once encoded
    assert host.isascii() or host.encode("idna").decode("idna") == host
    assert not any(ch.isspace() for ch in value)
    assert host_problem("web", host) is None


# -- the JSON and CSV formats ----------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
    max_leaves=6,
)
OFFER_KEYS = [
    "id", "kind", "provider", "name", "min_age", "max_age", "needs", "languages", "street",
    "postcode", "phone", "email", "web", "hours", "exceptions", "source", "verified_on",
    "active", "texts", "lat", "fax",
]  # fmt: skip


def _check_file(data: bytes) -> list:
    """Read a file; the dichotomy: offers and no problems, or problems and no offers."""
    result = read_offers(data, CTX)
    event("refused" if result.problems else "accepted")
    if result.problems:
        assert result.offers == []
        for p in result.problems:
            _printable_problem(str(p))
    else:
        assert result.offers
    return result.offers


def _round_trips(offers: list) -> None:
    """Export → import gives the same offers, in both formats."""
    for export in (offers_to_json, offers_to_csv):
        result = read_offers(export(offers), CTX)
        assert result.problems == [], [str(p) for p in result.problems]
        assert sorted(result.offers, key=lambda o: o.id) == sorted(offers, key=lambda o: o.id)


@PROFILE
@given(
    changes=st.dictionaries(st.sampled_from(OFFER_KEYS), json_values | hostile_text, max_size=3),
    ascii_only=st.booleans(),
)
def test_any_json_offer_imports_and_round_trips_or_is_refused(changes, ascii_only):
    document = json.loads(offers_to_json([BASE]))
    document["offers"][0].update(changes)
    text = json.dumps(document, ensure_ascii=ascii_only)
    data = text.encode("utf-8", "surrogatepass") if not ascii_only else text.encode()
    offers = _check_file(data)
    if offers:
        _round_trips(offers)
        for key, value in changes.items():
            if key in FREE_TEXT_FIELDS and isinstance(value, str):
                assert _stored(offers[0], key) == normalise_text(value, key).strip()


@PROFILE
@given(
    field=st.sampled_from([*FREE_TEXT_FIELDS, "staff_note", "web", "phone", "email", "summary"]),
    value=hostile_text,
    delimiter=st.sampled_from([";", ","]),
)
def test_any_csv_cell_imports_and_round_trips_or_is_refused(field, value, delimiter):
    rows = list(
        csv.reader(
            io.StringIO(offers_to_csv([BASE]).decode("utf-8-sig"), newline=""), delimiter=";"
        )
    )
    index = rows[0].index(field)
    for row in rows[1:] if field != "summary" else rows[1:2]:
        row[index] = value
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    offers = _check_file(buffer.getvalue().encode("utf-8", "surrogatepass"))
    if offers:
        _round_trips(offers)


@PROFILE
@given(st.binary(max_size=200) | hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_are_read_or_refused_never_a_traceback(data):
    _check_file(data)
    _check_file(b'{"offers": [' + data + b"]}")


# -- the whole command -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def work_dir():
    directory = Path(tempfile.mkdtemp(prefix="wegweiser-props-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@settings(PROFILE, max_examples=min(PROFILE.max_examples, 12))
@given(field=st.sampled_from(["name", "provider", "street", "web"]), value=hostile_text)
def test_kiosk_admin_import_changes_nothing_or_exactly_what_it_says(
    seed_db_template, work_dir, field, value
):
    db = work_dir / "data.db"
    shutil.copyfile(seed_db_template, db)
    document = json.loads(offers_to_json(SEED.values()))
    position = list(SEED).index(BASE.id)
    document["offers"][position][field] = value
    file = work_dir / "offers.json"
    file.write_bytes(json.dumps(document).encode())
    before = db.read_bytes()
    code = main(["--db", str(db), "import", str(file)])
    event(f"exit {code}")
    if code == 1:
        assert db.read_bytes() == before, "a refused import changed the database file"
        assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
        return
    assert code == 0
    dump = logical_dump(db)
    export = work_dir / "again.json"
    assert main(["--db", str(db), "export", "--format", "json", "--out", str(export)]) == 0
    assert main(["--db", str(db), "import", str(export)]) == 0
    assert logical_dump(db) == dump, "export → import is a no-op"


def test_seed_offers_round_trip_through_both_formats():
    _round_trips(list(SEED.values()))
