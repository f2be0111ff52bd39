"""UI catalogues: complete for the enabled languages, placeholders intact, direction right."""

from __future__ import annotations

import datetime as dt
import json
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from kiosk import PROJECT_ROOT
from kiosk.i18n import (
    PSEUDO_LOCALE,
    TRANSLATIONS_DIR,
    babel_locale,
    catalogue_codes,
    catalogue_dir_name,
    catalogue_path,
    cldr_tag,
    load_catalogue,
)

SEED = PROJECT_ROOT / "kiosk" / "db" / "seed"
#: The languages visitors can choose, in kiosk order: read from the seed, not kept here.
ENABLED = [
    lang["code"]
    for lang in json.loads((SEED / "catalogue.json").read_text("utf-8"))["languages"]
    if lang["enabled"]
]
RIGHT_TO_LEFT = {"ar", "fa", "fa-AF", "ps"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _template():
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as fp:
        return read_po(fp)


@pytest.mark.parametrize("lang", ENABLED)
def test_catalogue_translates_every_message_with_the_same_placeholders(lang):
    path = TRANSLATIONS_DIR / catalogue_dir_name(lang) / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=cldr_tag(lang))
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
    assert ar.n_("{n} offer", "{n} offers", 2) == "خدمتان"
    assert load_catalogue("de").n_("{n} offer", "{n} offers", 1) == "1 Angebot"


def test_phone_numbers_are_isolated_left_to_right():
    wrapped = load_catalogue("ar").ltr("+49 351 123")
    assert wrapped.startswith("\u2066") and wrapped.endswith("\u2069")


def test_every_enabled_language_has_a_catalogue_and_the_pseudo_locale_exists():
    codes = set(catalogue_codes())
    assert set(ENABLED) <= codes
    assert PSEUDO_LOCALE in codes
    assert PSEUDO_LOCALE not in ENABLED, "the pseudo-locale is never offered to visitors"
    assert {"de", "de-x-ls", "uk", "ar", "ru", "en", "fa", "fa-AF", "ps", "tr", "kmr"} <= set(
        ENABLED
    )
    assert {"vi", "zh-Hans", "pl", "ro", "ti", "fr"} <= set(ENABLED)


@pytest.mark.parametrize("lang", ENABLED)
def test_plural_forms_are_those_of_the_language(lang):
    with catalogue_path(lang).open("rb") as fp:
        catalog = read_po(fp, locale=cldr_tag(lang))
    wanted = get_plural(babel_locale(lang))
    assert catalog.num_plurals == wanted.num_plurals, lang
    for message in catalog:
        if isinstance(message.id, tuple):
            assert len(message.string) == wanted.num_plurals, (lang, message.id)


@pytest.mark.parametrize("lang", ENABLED)
def test_direction_and_cldr_locale_of_every_language(lang):
    cat = load_catalogue(lang)
    assert cat.is_rtl == (lang in RIGHT_TO_LEFT)
    assert cat.weekday(1) and cat.date(dt.date(2026, 3, 12))
    assert "16" in cat.time(dt.time(16, 0)) or "4" in cat.time(dt.time(16, 0))


def test_cldr_locales_for_the_special_tags():
    assert str(babel_locale("kmr")) == "ku"
    assert babel_locale("kmr").text_direction == "ltr"
    assert str(babel_locale("fa-AF")) == "fa_AF"
    assert str(babel_locale("zh-Hans")) == "zh_Hans"
    assert str(babel_locale("de-x-ls")) == "de"
    assert load_catalogue("de").language_name("kmr") == "Kurdisch"
    assert load_catalogue("de").language_name("fa-AF") == "Dari"


def test_the_examples_of_the_issue_read_naturally():
    en = load_catalogue("en")
    assert en._("Open now, until {time}", time=en.time(dt.time(16, 0))) == "Open now, until 16:00"
    assert (
        en._("Information last checked on {date}.", date=en.date(dt.date(2026, 3, 12)))
        == "Information last checked on 12 March 2026."
    )
    de = load_catalogue("de")
    when = de._("{weekday} {time}", weekday=de.weekday(1), time=de.time(dt.time(9, 0)))
    assert de._("Next opening: {when}", when=when) == "Nächste Öffnung: Dienstag, 09:00 Uhr"
    zh = load_catalogue("zh-Hans")
    assert zh.date(dt.date(2026, 3, 12)) == "2026年3月12日"


def test_isolated_names_keep_a_right_to_left_line_right_to_left():
    assert load_catalogue("ar").isolate("Prohlis") == "\u200f\u2068Prohlis\u2069"
    assert load_catalogue("de").isolate("Prohlis") == "\u2068Prohlis\u2069"


def test_easy_german_uses_short_lines_and_no_abbreviations():
    cat = load_catalogue("de-x-ls")
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as fp:
        template = [m for m in read_po(fp) if m.id and not isinstance(m.id, tuple)]
    for message in template:
        text = cat.p_(message.context, message.id) if message.context else cat._(message.id)
        if text.startswith("Für das Personal"):
            continue  # staff texts, not for visitors
        for line in text.splitlines():
            assert len(re.findall(r"[.!?](?:\s|$)", line)) <= 1, f"one statement a line: {line}"
            assert not re.search(r"\b(z\. ?B|bzw|ca|usw|ggf|Tel|Nr)\.", line), line


def test_review_status_is_recorded_for_every_language():
    data = json.loads((TRANSLATIONS_DIR / "review-status.json").read_text("utf-8"))
    entries = data["languages"]
    assert set(ENABLED) <= set(entries)
    for code, entry in entries.items():
        assert entry["status"] in ("draft", "reviewed"), code
        if entry["status"] == "reviewed":
            assert entry["reviewer"] and dt.date.fromisoformat(entry["date"]), code
    for code in ENABLED:
        header = catalogue_path(code).read_text("utf-8").split("msgid", 1)[0]
        if entries[code]["status"] == "draft":
            assert "not yet reviewed by a native speaker" in header, code


def test_pseudo_locale_is_complete_stretched_and_bracketed():
    cat = load_catalogue(PSEUDO_LOCALE)
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as fp:
        template = [m for m in read_po(fp) if m.id and not isinstance(m.id, tuple)]
    for message in template:
        text = cat.p_(message.context, message.id) if message.context else cat._(message.id)
        assert text.startswith("[") and text.endswith("]"), text
        assert len(text) >= 1.3 * len(message.id), text
        fields = {f for _, f, _, _ in string.Formatter().parse(message.id) if f}
        assert fields == {f for _, f, _, _ in string.Formatter().parse(text) if f}, text


def test_messages_pot_is_up_to_date_with_the_source(tmp_path):
    """A new UI string is in translations/messages.pot (`make messages`) before it is shown."""
    pot = tmp_path / "fresh.pot"
    keywords = ["-k", "_", "-k", "n_:1,2", "-k", "p_:1c,2", "-k", "N_"]
    pybabel = str(Path(sys.executable).parent / "pybabel")
    subprocess.run(
        [pybabel, "-q", "extract", "-F", "babel.cfg", *keywords, "-o", str(pot), "."],
        check=True,
        cwd=PROJECT_ROOT,
    )

    def keys(path):
        with path.open("rb") as fp:
            return {(m.context, m.id) for m in read_po(fp) if m.id}

    missing = keys(pot) - keys(TRANSLATIONS_DIR / "messages.pot")
    assert not missing, f"run `make messages` and translate: {sorted(missing, key=str)}"


# -- offer texts ---------------------------------------------------------------------------
def _numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


_PLACES = re.compile(r"[A-ZÄÖÜ][\w.\-]*(?:straße|weg|ring) \d+(?:–\d+)?|www\.[\w.]+/\w+")


def _active_offers():
    offers = json.loads((SEED / "offers.json").read_text("utf-8"))["offers"]
    return [offer for offer in offers if offer["active"]]


@pytest.mark.parametrize("lang", ENABLED)
def test_every_active_offer_has_an_honest_text_in_every_language(lang):
    for offer in _active_offers():
        text = offer["texts"].get(lang)
        assert text, f"{offer['id']}: no text in {lang}"
        assert text["status"] in ("machine", "reviewed"), (offer["id"], lang)
        assert all(text[part].strip() for part in ("summary", "description", "audience"))
        de, en = offer["texts"]["de"], offer["texts"]["en"]
        if lang in ("de", "en"):
            continue  # the sources themselves
        for part in ("summary", "description", "audience"):
            source = f"{de[part]} {en[part]}"
            # No invented figures: every number is in the German or English text (small ones
            # may be spelled out there: "three years").
            invented = {n for n in _numbers(text[part]) - _numbers(source) if int(n) > 12}
            assert not invented, (offer["id"], lang, part, invented)
            # No lost figures, addresses or web addresses.
            lost = {n for n in _numbers(de[part]) if len(n) > 1} - _numbers(text[part])
            assert not lost, (offer["id"], lang, part, lost)
            for place in _PLACES.findall(de[part]):
                assert place in text[part], (offer["id"], lang, part, place)


# -- kiosk-admin translations --------------------------------------------------------------
def test_kiosk_admin_translations_reports_and_checks(seed_db, capsys):
    from kiosk.cli import main

    assert main(["--db", str(seed_db), "translations", "--min", "100"]) == 0
    out = capsys.readouterr().out
    for code in ENABLED:
        assert re.search(rf"^{re.escape(code)} .* yes .*100\.0", out, re.MULTILINE), code
    assert main(["--db", str(seed_db), "translations", "--min", "101"]) == 2


def test_coverage_below_the_threshold_fails(tmp_path):
    import shutil

    from kiosk.cli.translations import build_report
    from kiosk.db.seeding import load_seed_offers

    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR, copy)
    po = copy / "uk" / "LC_MESSAGES" / "messages.po"
    text = po.read_text("utf-8").replace('msgstr "Назад"', 'msgstr ""')
    po.write_text(text, "utf-8")
    offers = [o for o in load_seed_offers() if o.active]
    reports = {r.code: r for r in build_report([("uk", "Українська")], offers, copy)}
    assert reports["uk"].ui_translated == reports["uk"].ui_total - 1
    assert reports["uk"].ui_percent < 100
    assert reports["uk"].count("machine") == len(offers)
    assert reports["uk"].review.status == "draft"
