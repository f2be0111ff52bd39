"""UI catalogues: complete for the enabled languages, placeholders intact, direction right."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from babel.messages.pofile import read_po

from kiosk.i18n import TRANSLATIONS_DIR, catalogue_dir_name, load_catalogue

ENABLED = ["de", "en", "ar"]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _template():
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as fp:
        return read_po(fp)


@pytest.mark.parametrize("lang", ENABLED)
def test_catalogue_translates_every_message_with_the_same_placeholders(lang):
    path = TRANSLATIONS_DIR / catalogue_dir_name(lang) / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=lang)
    template_ids = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in _template() if m.id
    }
    translated = {}
    for message in catalog:
        if not message.id:
            continue
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{lang}: untranslated {key}"
        assert "fuzzy" not in message.flags, f"{lang}: fuzzy {key}"
        source_ids = message.id if isinstance(message.id, tuple) else (message.id,)
        allowed = set().union(*(_fields(s) for s in source_ids))
        for text in strings:
            assert _fields(text) <= allowed, f"{lang}: unknown placeholder in {text!r}"
            if not isinstance(message.id, tuple):
                assert _fields(text) == allowed, f"{lang}: placeholder lost in {text!r}"
        translated[key] = strings
    assert template_ids <= set(translated), f"{lang}: missing {template_ids - set(translated)}"


def test_text_direction_comes_from_cldr():
    assert load_catalogue("ar").is_rtl
    assert not load_catalogue("de").is_rtl
    assert load_catalogue("fa-AF").direction == "rtl"


def test_locale_formatting():
    de, ar = load_catalogue("de"), load_catalogue("ar")
    assert de.date(dt.date(2026, 3, 12)) == "12. März 2026"
    assert de.weekday(1) == "Dienstag"
    assert de.time(dt.time(16, 0)) == "16:00"
    assert ar.weekday(0) == "الاثنين"
    assert de.language_name("ar") == "Arabisch"


def test_plural_forms_follow_the_language():
    ar = load_catalogue("ar")
    assert ar.n_("{n} offer", "{n} offers", 2) == "عرضان"
    assert load_catalogue("de").n_("{n} offer", "{n} offers", 1) == "1 Angebot"


def test_phone_numbers_are_isolated_left_to_right():
    wrapped = load_catalogue("ar").ltr("+49 351 123")
    assert wrapped.startswith("\u2066") and wrapped.endswith("\u2069")
