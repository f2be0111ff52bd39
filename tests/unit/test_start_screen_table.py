"""The start screen's compiled table: its greetings without reading 17 catalogues at start-up,
and the catalogues themselves whenever the table cannot be trusted."""

from __future__ import annotations

import os
import shutil

import pytest

from kiosk.admin.translation_review import compile_language
from kiosk.i18n import (
    START_SCREEN_TABLE,
    TRANSLATIONS_DIR,
    _start_screen_table,
    catalogue_codes,
    catalogue_path,
    format_start_screen_table,
    load_catalogue,
    parse_start_screen_table,
    start_screen_texts,
    start_screen_texts_of,
)


@pytest.fixture
def translations(tmp_path):
    """Two languages' catalogues in a folder of their own, compiled as make does."""
    for code in ("de", "ar"):
        target = catalogue_path(code, tmp_path)
        target.parent.mkdir(parents=True)
        shutil.copyfile(catalogue_path(code), target)
        compile_language(code, tmp_path)
    _start_screen_table.cache_clear()
    yield tmp_path
    _start_screen_table.cache_clear()
    load_catalogue.cache_clear()


def test_the_shipped_table_says_what_the_catalogues_say():
    _start_screen_table.cache_clear()
    table = _start_screen_table(TRANSLATIONS_DIR)
    assert sorted(table) == catalogue_codes(), "make writes every language into the table"
    for code in catalogue_codes():
        assert start_screen_texts(code) == start_screen_texts_of(load_catalogue(code))


def test_a_table_round_trips_with_tabs_line_breaks_and_backslashes_in_its_texts():
    table = {
        "ar": ("أهلًا وسهلًا", "المس الشاشة للبدء", "ابدأ"),
        "de-x-ls": ("Willkommen", "Tippen Sie auf den Bildschirm.\nDann geht es los.", "Start"),
        "xx": ("Tab\there", "back\\slash \\n not a break", "cr\r\n\\\\"),
    }
    text = format_start_screen_table(table)
    assert text.count("\n") == len(table), "one line per language"
    assert parse_start_screen_table(text) == table
    assert parse_start_screen_table("de\tonly two\n\nbroken line\nen\t\tempty\tfield\n") == {}


def test_compiling_one_language_keeps_the_others(translations):
    table = parse_start_screen_table((translations / START_SCREEN_TABLE).read_text("utf-8"))
    assert sorted(table) == ["ar", "de"]
    assert table["ar"] == start_screen_texts_of(load_catalogue("ar", translations))


def test_a_table_older_than_a_catalogue_is_not_used(translations):
    table = translations / START_SCREEN_TABLE
    table.write_text(table.read_text("utf-8").replace("Willkommen", "Veraltet"), "utf-8")
    _start_screen_table.cache_clear()
    assert start_screen_texts("de", translations)[0] == "Veraltet"  # (the table is read)
    written = table.stat().st_mtime
    os.utime(catalogue_path("de", translations), (written + 10, written + 10))
    _start_screen_table.cache_clear()
    assert start_screen_texts("de", translations)[0] == "Willkommen", "the catalogue instead"


@pytest.mark.parametrize(
    "content", [b"\xff\xfe not utf-8", b"", b"de\tWillkommen\n", b'{"de": [1, 2, 3]}']
)
def test_a_broken_or_partial_table_falls_back_to_the_catalogue(translations, content):
    (translations / START_SCREEN_TABLE).write_bytes(content)
    _start_screen_table.cache_clear()
    assert start_screen_texts("de", translations) == start_screen_texts_of(
        load_catalogue("de", translations)
    )
    assert start_screen_texts("ar", translations)[0] == "أهلًا وسهلًا"
