"""The offer schema: every format names each field exactly once, and nothing else."""

from __future__ import annotations

from kiosk.admin.csv_format import CSV_COLUMNS
from kiosk.admin.json_format import offer_to_json
from kiosk.db.seeding import load_seed_offers
from kiosk.domain.offer_form import OfferForm
from kiosk.domain.schema import (
    DAY_NAMES,
    JSON_KEYS,
    JSON_TEXT_KEYS,
    OFFER_FIELDS,
    SECTIONS,
    TEXT_FIELDS,
    Kind,
)
from kiosk.domain.validation import MAX_LENGTH, MULTILINE


def test_json_keys_are_the_fields_with_the_week_as_one_object():
    offer_level = {f.name for f in OFFER_FIELDS if f.kind is not Kind.DAY}
    assert len(JSON_KEYS) == len(set(JSON_KEYS))
    assert set(JSON_KEYS) - offer_level == {"hours", "exceptions", "sources", "texts"}
    assert offer_level <= set(JSON_KEYS)
    assert sorted(JSON_TEXT_KEYS) == sorted(f.name for f in TEXT_FIELDS)
    assert list(offer_to_json(load_seed_offers()[0])) == list(JSON_KEYS)


def test_csv_columns_are_the_fields_once_each():
    assert len(CSV_COLUMNS) == len(set(CSV_COLUMNS))
    assert {f.name for f in OFFER_FIELDS} | {"exceptions"} <= set(CSV_COLUMNS)
    assert {f.csv_column for f in TEXT_FIELDS} <= set(CSV_COLUMNS)
    assert list(OfferForm().fields) == [f.name for f in OFFER_FIELDS]


def test_every_field_but_the_weekdays_has_a_section_and_a_label():
    for spec in OFFER_FIELDS:
        if spec.name in DAY_NAMES:
            assert spec.section == "hours"
            continue
        assert spec.section in SECTIONS and spec.label, spec.name
    assert all(spec.label for spec in TEXT_FIELDS)


def test_limits_and_line_breaks_come_from_the_schema():
    assert MAX_LENGTH["summary"] == 300 and MAX_LENGTH["note"] == 200
    assert "min_age" not in MAX_LENGTH  # parsed: the structured limit applies
    assert MULTILINE == {"summary", "description", "audience", "accessibility", "staff_note"}
