"""Content releases as bytes: built from the shipped data, parsed back, refused when wrong."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from kiosk.admin.importing import read_offers
from kiosk.admin.offers import validation_context
from kiosk.content import release as rel
from kiosk.content.release import (
    FORMAT,
    ReleaseError,
    build_release,
    content_diff,
    parse_release,
)
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository
from kiosk.db.staff_repository import LanguageListRepository
from kiosk.domain import validation

PUBLISHED = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def data(conn) -> bytes:
    return build_release(conn, version=3, published=PUBLISHED)


def document(data: bytes) -> dict:
    return json.loads(data)


def encoded(doc: dict) -> bytes:
    return rel.canonical_json(doc)


def refusal(data: bytes) -> str:
    with pytest.raises(ReleaseError) as caught:
        parse_release(data)
    return str(caught.value)


def test_a_release_of_the_shipped_data_holds_exactly_its_content(conn, data):
    release = parse_release(data)
    assert release.version == 3 and release.published == PUBLISHED
    assert list(release.offers) == OfferRepository(conn).all()
    assert len(release.offers) >= 20
    assert [(lang.code, lang.endonym, lang.shown) for lang in release.languages] == [
        (lang.code, lang.endonym, on) for lang, on in LanguageListRepository(conn).all()
    ]
    assert list(release.age_bands) == CatalogueRepository(conn).age_bands()
    assert list(release.needs) == CatalogueRepository(conn).needs()
    assert release.size == len(data) and len(release.digest) == 64
    assert content_diff(conn, release).empty


def test_the_offers_are_read_as_the_import_reads_them(conn, data):
    """The same offers come out of ``kiosk-admin import``'s reader for the release's offers."""
    offers = document(data)["offers"]
    imported = read_offers(
        json.dumps({"offers": offers}).encode(), validation_context(conn, dt.date(2026, 12, 2))
    )
    assert not imported.problems
    assert list(parse_release(data).offers) == sorted(imported.offers, key=lambda o: o.id)


def test_the_same_database_gives_the_same_bytes(conn, data):
    again = build_release(conn, version=3, published=PUBLISHED)
    assert again == data
    assert data == encoded(document(data)), "canonical: sorted keys, no spaces"
    assert b"\n" not in data, "one line: line breaks in texts are escaped"
    assert build_release(conn, version=4, published=PUBLISHED) != data


def test_a_release_never_holds_local_tables(conn, data):
    doc = document(data)
    assert set(doc) == {
        "format",
        "version",
        "published",
        "languages",
        "age_bands",
        "needs",
        "offers",
    }
    assert doc["format"] == FORMAT
    text = data.decode("utf-8")
    for local in (
        "staff_pin",
        "scrypt",
        "pin_lockout",
        "usage",
        "audit",
        "idle_timeout",
        "printer",
    ):
        assert local not in text, local


def test_broken_json_is_refused_with_the_place(data):
    message = refusal(data[: len(data) // 2])
    assert "not valid JSON" in message and "line 1, column" in message
    assert "not UTF-8" in refusal(b"\xff" + data)


def test_another_format_is_refused(data):
    doc = document(data)
    doc["format"] = "wegweiser-content/2"
    assert "wegweiser-content/2" in refusal(encoded(doc))
    assert "not a content release" in refusal(b"[1, 2, 3]")


def test_an_offer_failing_validation_is_refused_naming_offer_and_field(data):
    doc = document(data)
    doc["offers"][2]["phone"] = "not a phone number"
    victim = doc["offers"][2]["id"]
    message = refusal(encoded(doc))
    assert f"offer 3 ({victim}), field phone" in message


def test_a_need_used_but_not_defined_is_refused(data):
    doc = document(data)
    user = next(o for o in doc["offers"] if "papers" in o["needs"])
    doc["needs"] = [n for n in doc["needs"] if n["id"] != "papers"]
    message = refusal(encoded(doc))
    assert user["id"] in message and "needs" in message and "papers" in message


def test_a_text_in_a_language_the_release_lacks_is_refused(data):
    doc = document(data)
    doc["languages"] = [lang for lang in doc["languages"] if lang["code"] != "ti"]
    message = refusal(encoded(doc))
    assert "texts" in message and "ti" in message


def test_too_big_a_release_is_refused_before_reading(monkeypatch, data):
    monkeypatch.setattr(rel, "MAX_RELEASE_BYTES", len(data) - 1)
    assert "too large" in refusal(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(version=0), "version"),
        (lambda d: d.update(version=True), "version"),
        (lambda d: d.update(published="yesterday"), "published"),
        (lambda d: d.update(published="2026-12-01T09:30:00"), "published"),
        (lambda d: d.update(extra=1), "unknown top-level field"),
        (lambda d: d.pop("needs"), "needs: this field is missing"),
        (lambda d: d["needs"].append(dict(d["needs"][0])), "appears twice"),
        (lambda d: d["needs"][0].update(icon="../../etc/passwd"), "needs[0].icon"),
        (lambda d: d["languages"][1].update(code="Deutsch!"), "languages[1].code"),
        (lambda d: d["languages"][0].update(endonym=""), "languages[0].endonym"),
        (lambda d: d["age_bands"][0].update(min_age=30), "min_age must not be above max_age"),
        (lambda d: d["age_bands"][1].update(max_age=200), "age_bands[1].max_age"),
        (lambda d: d.update(offers=[]), "holds no offers"),
        (lambda d: d.update(offers={}), "offers: must be a list"),
        (lambda d: [lang.update(shown=False) for lang in d["languages"]], "at least one"),
        (lambda d: d["languages"][0].update(shown="yes"), "languages[0].shown"),
        (lambda d: d["languages"][0].update(colour="red"), "languages[0].colour: unknown"),
        (lambda d: d["age_bands"].clear(), "age_bands: must not be empty"),
        (lambda d: d["offers"].append(dict(d["offers"][0])), "duplicate id"),
    ],
)
def test_every_broken_part_is_named(data, change, expected):
    doc = document(data)
    change(doc)
    assert expected in refusal(encoded(doc))


def test_a_deeply_nested_document_is_refused_as_broken_json():
    bomb = b'{"format": "wegweiser-content/1", "offers": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert "not valid JSON" in refusal(bomb)


def test_a_repeated_key_is_refused(data):
    text = data.decode("utf-8").replace('"format":', '"version":1,"format":', 1)
    assert "version" in refusal(text.encode()) and "more than once" in refusal(text.encode())


def test_a_verification_date_after_publishing_is_refused(data):
    doc = document(data)
    doc["offers"][0]["verified_on"] = "2026-12-05"
    assert "verified_on" in refusal(encoded(doc))


def test_the_diff_names_what_changes(conn, data):
    doc = document(data)
    doc["offers"][0]["phone"] = "+49 351 4884000"
    gone = doc["offers"].pop(1)["id"]
    added = dict(doc["offers"][2], id="kopie-" + doc["offers"][2]["id"][:60])
    doc["offers"].append(added)
    doc["needs"][0]["icon"] = "work"
    doc["languages"].reverse()
    doc["age_bands"][0]["max_age"] = 10
    diff = content_diff(conn, parse_release(encoded(doc)))
    assert diff.offers_added == (added["id"],)
    assert diff.offers_removed == (gone,)
    assert [(c.offer_id, c.fields) for c in diff.offers_changed] == [
        (doc["offers"][0]["id"], ("phone",))
    ]
    lines = diff.lines()
    assert f"Offer added: {added['id']}" in lines and f"Offer removed: {gone}" in lines
    assert any(line.startswith("Languages: new order fr") for line in lines)
    assert any("pictogram" in line for line in lines)
    assert any("ages –11 → –10" in line for line in lines)
    assert not diff.empty


def test_the_quick_character_check_agrees_with_the_full_one(monkeypatch):
    """validation's fast path for ordinary text says yes only where the character loop does."""
    samples = [
        "Beratung für Geflüchtete",
        "مشاوره برای مهاجران\u200cها",
        "e" + "\u0301" * 5,
        "e" + "\u0301" * 6,
        "a\u3164b",
        "zwei\nZeilen",
        "weich\u00ades Trennzeichen",
        "\u200cam Anfang",
        "right\u202eleft",
        "emoji 😀",
        "tab\there",
        "\ue000 private",
        "non\u00a0breaking",
        "a\u200cb",
        "a\u200c\u200cb",
        "a \u200cb",
        "ab\u200c",
        "a\u200c\nb",
        "a\u200c\u3164",
    ]
    rng = random.Random(18)
    alphabet = "aä ق\n\t\u0301\u200c\u200d\u200e\u00ad\u00a0\u3164\u202e😀\ue000\u0378"
    samples += ["".join(rng.choices(alphabet, k=rng.randint(1, 9))) for _ in range(4000)]
    fast = {}
    for kind in ("name", "description"):
        for text in samples:
            fast[kind, text] = validation._nothing_to_refuse(text, kind in validation.MULTILINE)
    monkeypatch.setattr(validation, "_nothing_to_refuse", lambda value, multiline: False)
    agreed = 0
    for (kind, text), quick in fast.items():
        full = validation._first_bad_character(text, kind, False)
        if quick:
            assert full is None, (kind, text)
            agreed += 1
    assert agreed > 100, "the random texts also reach the quick yes"
    assert not fast["name", "e" + "\u0301" * 6] and not fast["name", "a\u3164b"]
    assert fast["description", "zwei\nZeilen"] and not fast["name", "zwei\nZeilen"]
