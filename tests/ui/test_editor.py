"""The offer editor puts each problem at the field its path names, and is built from the schema."""

from __future__ import annotations

import pytest

from kiosk.admin.desk import StaffDesk
from kiosk.domain.offer_form import ExceptionForm
from kiosk.domain.schema import OFFER_FIELDS, SECTIONS, TEXT_FIELDS, Kind
from tests.conftest import MONDAY_AFTERNOON
from ui.localizer import Localizer
from ui.screens.staff.editor import OfferEditorScreen

OFFER = "mbe-caritas"


@pytest.fixture
def editor(qtbot, kiosk_app, conn):
    _, metrics = kiosk_app
    screen = OfferEditorScreen(StaffDesk(conn, lambda: MONDAY_AFTERNOON), Localizer("en"), metrics)
    qtbot.addWidget(screen)
    screen.resize(1920, 1080)
    screen.show()
    assert screen.edit_offer(OFFER)
    return screen


def test_every_field_of_the_schema_has_its_input_in_its_section(editor):
    for spec in OFFER_FIELDS:
        if spec.kind is Kind.DAY:
            assert spec.name.removeprefix("hours_") in editor.days
            continue
        block = editor.blocks[spec.name]
        frame, _ = editor.sections[spec.section]
        assert frame.isAncestorOf(block), spec.name
        assert block.label.text() == editor.cat._(spec.label)
    assert list(editor.sections) == list(SECTIONS)


def test_problems_land_where_their_path_points(editor):
    form = editor.form()
    form.exceptions = [
        ExceptionForm("2026-12-24", "closed"),
        ExceptionForm("2026-13-01", "closed", "", "bad date"),
    ]
    form.texts["de"]["summary"] = ""
    form.texts["en"]["status"] = "unknown"
    editor.load(form, OFFER)
    editor.save.click()
    paths = {problem.path for problem in editor.problems()}
    assert ("exceptions", 1, "date") in paths
    assert ("texts", "de", "summary") in paths
    assert ("texts", "en", "status") in paths

    # rows and groups are made on load; each error line counts as shown within its own row
    first, second = editor.exception_rows
    assert not first.error.isVisibleTo(first)
    assert second.error.isVisibleTo(second) and "YYYY-MM-DD" in second.error.text()
    assert second.date.property("invalid") and not second.note.property("invalid")
    german, english = editor.text_groups["de"], editor.text_groups["en"]
    assert german.blocks["summary"].error.isVisibleTo(german)
    assert not german.blocks["status"].error.isVisibleTo(german)
    assert english.blocks["status"].error.isVisibleTo(english)
    assert not english.blocks["summary"].error.isVisibleTo(english)
    assert not german.error.isVisibleTo(german) and not english.error.isVisibleTo(english)
    assert not editor.exceptions_error.isVisibleTo(editor)


def test_the_text_groups_hold_the_text_fields_of_the_schema(editor):
    group = editor.text_groups["de"]
    assert list(group.blocks) == [spec.name for spec in TEXT_FIELDS]
    assert set(group.value()) == {spec.name for spec in TEXT_FIELDS}
