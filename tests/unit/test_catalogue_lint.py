"""The translation lint (:mod:`kiosk.translation_lint`) on the real catalogues and offer texts.

Every message of ``translations/messages.pot`` is rendered in every language with real values
of the right kind, filled in as the code fills them (a long and a short date through the
catalogue's own formatter, an afternoon, a morning and a noon time, ages 12/18/27, counts
1/2/5/21 for plurals, names, streets and phones of real seed offers, a real place). So are the
strings the code composes (:mod:`kiosk.labels`, the handout) for every active seed offer, and
the offer texts themselves. Every finding names the language, the msgid or the offer and field,
and the rendered text; a test lists all findings of its language, one per line.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Callable
from functools import cache

import pytest
from babel.messages.pofile import read_po

from kiosk import PROJECT_ROOT
from kiosk.db.seeding import load_seed_offers
from kiosk.domain.choices import AgeBand
from kiosk.domain.hours import opening_status
from kiosk.domain.models import Offer
from kiosk.domain.ranking import Hint
from kiosk.domain.texts import text_for
from kiosk.handout import build_handout
from kiosk.i18n import PSEUDO_LOCALE, TRANSLATIONS_DIR, Catalogue, catalogue_codes, load_catalogue
from kiosk.labels import (
    access_line,
    address_lines,
    age_band_label,
    checked_line,
    contact_lines,
    hint_line,
    languages_line,
    no_language_lines,
    offer_age_label,
    online_caption,
    opening_label,
    outdated_note,
    weekly_hours_lines,
)
from kiosk.translation_lint import (
    Finding,
    findings,
    lint_text,
    lower_case_line_starts,
    number_problems,
    starts_lower_case,
)

LANGUAGES = [code for code in catalogue_codes() if code != PSEUDO_LOCALE]
SEED = PROJECT_ROOT / "kiosk" / "db" / "seed"
#: A real place where a kiosk stands (a Dresden citizens' office).
PLACE = "Bürgerbüro Altstadt"
#: A real Dresden tram stop, for the stop line while no seed offer names its stop.
STOP = "Pirnaischer Platz"
DAY = dt.date(2026, 3, 12)
NOW = dt.datetime(2026, 3, 10, 10, 30)  # a Tuesday morning
VERIFY_AFTER_MONTHS = 24


# -- the messages and their values ---------------------------------------------------------
@cache
def pot_messages() -> list[tuple[str | None, str | tuple[str, str]]]:
    """(context, msgid) of every message of the template; a plural's msgid is (singular,
    plural)."""
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as fp:
        template = read_po(fp)
    return [(m.context, m.id) for m in template if m.id]


#: Where staff strings live: the staff screens and PIN pad, the desk editor (its window and
#: Publish), the import/export and the rules of the editor. Leichte Sprache is for visitors;
#: its catalogue's staff strings are plain German. A message counts as staff-only when every
#: place it comes from is one of these (files by their whole name, folders ending in "/").
STAFF_SOURCES = (
    "ui/screens/staff/",
    "ui/staff_mode.py",
    "ui/editor.py",
    "ui/desk_views.py",
    "ui/widgets/pin_pad.py",
    "kiosk/admin/",
    "kiosk/domain/validation.py",
    "kiosk/domain/verification.py",
    "kiosk/domain/configuration.py",
)


@cache
def message_sources() -> dict[str, frozenset[str]]:
    """The source files each msgid is extracted from (the template is written without them)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (PROJECT_ROOT / "babel.cfg").open() as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    keywords = {"_": None, "n_": (1, 2), "p_": ((1, "c"), 2), "N_": None}
    sources: dict[str, set[str]] = {}
    for filename, _, message, _, _ in extract_from_dir(
        str(PROJECT_ROOT), method_map, options_map, keywords=keywords
    ):
        key = message[0] if isinstance(message, tuple) else message
        sources.setdefault(key, set()).add(filename.replace("\\", "/"))
    return {key: frozenset(files) for key, files in sources.items()}


def is_staff_only(msgid: str) -> bool:
    """Shown to staff only: every place it comes from is on the staff side."""
    files = message_sources().get(msgid, frozenset())
    if msgid.startswith("For staff:"):
        return True
    return bool(files) and all(f.startswith(STAFF_SOURCES) for f in files)


def placeholders(message: str | tuple[str, str]) -> set[str]:
    texts = message if isinstance(message, tuple) else (message,)
    return {
        name
        for text in texts
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None and name != ""
    }


@cache
def seed_offers() -> tuple[Offer, ...]:
    return tuple(o for o in load_seed_offers() if o.active)


@cache
def seed_json() -> list[dict]:
    return json.loads((SEED / "offers.json").read_text(encoding="utf-8"))["offers"]


@cache
def endonyms() -> dict[str, str]:
    table = json.loads((SEED / "catalogue.json").read_text(encoding="utf-8"))
    return {entry["code"]: entry["endonym"] for entry in table["languages"]}


def _first(attribute: Callable[[Offer], str], otherwise: str = "") -> str:
    return next((attribute(o) for o in seed_offers() if attribute(o)), otherwise)


def _values(cat: Catalogue) -> dict[str, list[object]]:
    """Real values for every placeholder name of the template, as the code fills them; a
    message is rendered once per value (shorter lists repeat their last value)."""
    offers = seed_offers()
    names = [o.name for o in offers]
    time = [cat.time(dt.time(16, 30)), cat.time(dt.time(9, 5)), cat.time(dt.time(12, 0))]
    date = [cat.date(DAY), cat.date(DAY, "short"), cat.date(_first(lambda o: o.verified_on))]
    languages = [
        cat.join([cat.language_name(c) for c in codes]) for codes in (["ar"], ["ru", "uk", "de"])
    ]
    return {
        "date": date,
        "time": time,
        "start": [cat.time(dt.time(9, 0)), cat.time(dt.time(13, 30))],
        "end": [cat.time(dt.time(12, 0)), cat.time(dt.time(16, 0))],
        "first": [cat._("{start} – {end}", start=time[1], end=time[2])],
        "second": [cat._("{start} – {end}", start=cat.time(dt.time(14, 0)), end=time[0])],
        "hours": [cat._("{start} – {end}", start=time[1], end=time[0]), cat._("closed")],
        "weekday": [cat.weekday(i) for i in (0, 2, 4, 6)],
        "when": [
            cat._("tomorrow {time}", time=time[1]),
            cat._("{weekday} {time}", weekday=cat.weekday(3), time=time[0]),
            cat._("today {time}", time=time[0]),
        ],
        "since": [cat.datetime(dt.datetime(2026, 3, 12, 16, 30))],
        "checked": [cat.time(dt.time(16, 45))],
        "hour": ["09", "16"],
        "age": [12, 18, 27],
        "low": [12, 18, 0],
        "high": [17, 26, 120],
        "n": [1, 2, 5, 21],
        "months": [24, 12],
        "year": [cat.date(dt.date(2017, 5, 2), format="y")],
        "place": [cat.isolate(PLACE) if cat.is_rtl else PLACE],
        "name": [cat.isolate(n) for n in names[:3]],
        "names": [cat.join([cat.isolate(n) for n in names[:2]])],
        "language": [cat.language_name("en"), cat.language_name("ar"), cat.language_name("ti")],
        "languages": languages,
        "district": [cat.isolate(_first(lambda o: o.address.district))],
        "stop": [cat.isolate(_first(lambda o: o.address.stop, otherwise=STOP))],
        "phone": [cat.ltr(_first(lambda o: o.contact.phone))],
        "email": [cat.ltr(_first(lambda o: o.contact.email))],
        "web": [cat.ltr(_first(lambda o: o.contact.web))],
        # staff side: what the editor, the import and the dashboard put in
        "position": [3, 27],
        "limit": [5, 90, 180],
        "length": [1234],
        "codepoint": ["U+202E", "U+D800"],
        "host": ["www.dresden.de"],
        "port": [70000],
        "text": ["9-25", "14:00-12:00"],
        "lat": ["52.52"],
        "lon": ["13.405"],
        "value": ["beratung"],
        "known": ["mbe, jmd, association", "papers, language, work"],
        "unknown": ["xx"],
        "code": ["xx"],
        "error": ["database is locked"],
        "problem": [cat.ltr("[Errno 28] No space left on device")],
        "folder": [cat.ltr("/var/lib/wegweiser")],
        "path": [cat.ltr("/var/lib/wegweiser/data.db")],
        "source": [cat.ltr("/var/lib/wegweiser/backups/2026-03-12.db")],
        "field": [cat.isolate("phone")],
        "old": [cat.isolate(_first(lambda o: o.contact.phone))],
        "new": [cat.isolate("+49 351 4886009")],
        "state": [cat._("Paper out")],
        "queue": ["kiosk"],
        "reasons": ["media-empty-error · cups-waiting-for-job-completed"],
        "sessions": [412],
        "viewed": [1021],
        "printed": [88],
        "spoken": [35],
        "failed": [3],
        "yes": [41],
        "no": [7],
        "share": [_percent(cat, 0.85)],
        "minimum": [10],
        # the desk editor's reports: check-in sheets, completeness, links, the kiosks
        "count": [cat.n_("{n} offer", "{n} offers", n) for n in (1, 25)],
        "score": [72, 100],
        "provider": [cat.isolate(_first(lambda o: o.provider))],
        "file": [cat.ltr("checkin-2026-12-01.xlsx")],
        "links": [cat.n_("{n} web address", "{n} web addresses", n) for n in (1, 23)],
        "broken": [0, 2],
        "moved": [1, 3],
        "unchecked": [0, 1],
        "contacts": [0, 2],
        "office": [cat.isolate(PLACE)],
        "reason": [cat._("ticked “still correct”"), cat._("corrected by the provider")],
        "url": [cat.ltr(_first(lambda o: o.contact.web))],
        # counts the desk editor writes as bare numbers after a colon
        **{
            name: [0, 3, 25]
            for name in (
                "offers",
                "missing",
                "problems",
                "corrected",
                "verified",
                "days",
                "unchanged",
                "kiosks",
                "stale",
            )
        },
    }


def _percent(cat: Catalogue, share: float) -> str:
    from babel.numbers import format_percent

    return format_percent(share, locale=cat.locale)


#: Where the code fills a name with a value of another kind than the table's.
OVERRIDES: dict[str, Callable[[Catalogue], dict[str, list[object]]]] = {
    "Anonymous counts from {start} to {end}. No visitor can be identified from them.": lambda cat: {
        "start": [cat.date(dt.date(2026, 2, 1), "medium")],
        "end": [cat.date(DAY, "medium")],
    },
    "{weekday}: {hours}": lambda cat: {
        "weekday": [cat.weekday(i, line_start=True) for i in (0, 2, 6)]
    },
    "last checked {date}": lambda cat: {"date": [cat.date(DAY, "medium")]},
    "Enter the staff PIN ({low}–{high} digits) and tap OK.": lambda _: {"low": [6], "high": [12]},
    "Move {language} up": lambda _: {"language": [endonyms()["ar"], endonyms()["de"]]},
    "Move {language} down": lambda _: {"language": [endonyms()["ar"], endonyms()["de"]]},
}


def _key(message: str | tuple[str, str]) -> str:
    return message[0] if isinstance(message, tuple) else message


def _starts_capital(message: str | tuple[str, str]) -> bool:
    """The source is a sentence or label of its own (it starts with a capital letter)."""
    first = _key(message)[:1]
    return first.isalpha() and first.isupper()


def render_all(cat: Catalogue) -> list[tuple[str, str, bool]]:
    """(msgid, rendered text, starts with a capital) for every message with every value set;
    a message that cannot be rendered comes back as its error."""
    table = _values(cat)
    rendered = []
    for context, message in pot_messages():
        names = placeholders(message)
        table_here = {**table, **OVERRIDES.get(_key(message), lambda _: {})(cat)}
        if not names <= table_here.keys():
            continue  # test_every_placeholder_has_a_value names them
        rounds = max([len(table_here[n]) for n in names if n != "n"] or [1])
        counts = [1, 2, 5, 21] if isinstance(message, tuple) or "n" in names else [None]
        for count in counts:
            for i in range(rounds):
                values = {n: table_here[n][min(i, len(table_here[n]) - 1)] for n in names}
                if count is not None:
                    values["n"] = count
                try:
                    if isinstance(message, tuple):
                        values.pop("n")
                        text = cat.n_(message[0], message[1], count, **values)
                    elif context:
                        text = cat.p_(context, message, **values)
                    else:
                        text = cat._(message, **values)
                except (KeyError, IndexError, ValueError) as error:
                    text = f"<cannot render: {type(error).__name__}: {error}>"
                rendered.append((_key(message), text, _starts_capital(message)))
    return rendered


def report(found: list[Finding]) -> str:
    unique = list(dict.fromkeys(str(f) for f in found))
    return f"{len(unique)} finding(s):\n" + "\n".join(unique)


def test_staff_sources_are_real_files_and_visitor_strings_stay_checked():
    """Each staff source exists (a renamed file would drop out unnoticed), and only messages
    that no visitor screen shows are spared the Leichte Sprache rules: a message the desk
    editor shares with the results screen is still checked as visitor text."""
    for source in STAFF_SOURCES:
        path = PROJECT_ROOT / source
        assert path.is_dir() if source.endswith("/") else path.is_file(), source
    sources = message_sources()
    from_editor = {m for m, files in sources.items() if "ui/editor.py" in files}
    assert from_editor, "the desk editor's strings are extracted"
    assert is_staff_only("Publish for the kiosks") and is_staff_only("Sign and publish")
    shared = {m for m in from_editor if not all(f.startswith(STAFF_SOURCES) for f in sources[m])}
    assert "{n} offer" in shared and not any(is_staff_only(m) for m in shared)
    visitor = [m for m, files in sources.items() if not is_staff_only(m)]
    assert len(visitor) > len(sources) / 3, "most visitor strings keep the visitor rules"


# -- the template ----------------------------------------------------------------------------
def test_every_placeholder_has_a_value():
    """A new placeholder name gets a real value in the table above before the lint can run."""
    known = set(_values(load_catalogue("en")))
    unknown = {
        f"{name} (in {_key(m)!r})" for _, m in pot_messages() for name in placeholders(m) - known
    }
    assert not unknown, "placeholders without a value: " + "; ".join(sorted(unknown))


def test_the_lint_renders_every_message():
    shown = render_all(load_catalogue("en"))
    assert {msgid for msgid, _, _ in shown} == {_key(m) for _, m in pot_messages()}
    assert any("16:30" in text for _, text, _ in shown)


# -- the catalogues --------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_messages_read_cleanly(lang):
    cat = load_catalogue(lang)
    found: list[Finding] = []
    for msgid, text, capital in render_all(cat):
        if text.startswith("<cannot render"):
            found += findings(lang, msgid, "placeholders", [text], text)
            continue
        found += lint_text(lang, msgid, text, capital_start=capital, easy=not is_staff_only(msgid))
    assert not found, report(found)


# -- what the code composes --------------------------------------------------------------------
def _keep(offer: Offer) -> set[str]:
    """Words of an offer's own names that may stand small at a line start ("mbeon")."""
    words = f"{offer.name} {offer.provider} {offer.contact.web} {offer.contact.email}".split()
    return {w.strip(".,:;()") for w in words}


def code_filled_names(cat: Catalogue, offer: Offer) -> set[str]:
    """What the code writes into composed lines as it is: the provider's name, CLDR's names
    of the languages."""
    return {offer.provider, offer.name, *(cat.language_name(c) for c in offer.languages)}


def composed_lines(cat: Catalogue, offer: Offer) -> list[tuple[str, str]]:
    """(function, line) for each line the screens and the handout compose for an offer; the
    offer's own texts are left out (they are checked as offer texts)."""
    lines = [
        ("opening_label", opening_label(cat, opening_status(offer, NOW), NOW)),
        (
            "opening_label (evening)",
            opening_label(cat, opening_status(offer, NOW.replace(hour=20)), NOW.replace(hour=20)),
        ),
        ("offer_age_label", offer_age_label(cat, offer.min_age, offer.max_age)),
        ("languages_line", languages_line(cat, offer)),
        ("access_line", access_line(cat, offer)),
        ("checked_line", checked_line(cat, offer)),
    ]
    lines += [("address_lines", line) for line in address_lines(cat, offer.address)]
    lines += [("contact_lines", line) for line in contact_lines(cat, offer.contact)]
    lines += [
        ("outdated_note", outdated_note(cat, offer, dt.date(2030, 1, 1), VERIFY_AFTER_MONTHS)),
        ("hint_line", hint_line(cat, offer, Hint.CALL_HOURS_UNKNOWN, NOW.date(), 24)),
    ]
    lines += [
        ("weekly_hours_lines (row)", f"{day}\t{hours}")
        for day, hours in weekly_hours_lines(cat, offer)
    ]
    handout = build_handout(
        offer,
        cat.code,
        DAY,
        PLACE,
        verify_after_months=VERIFY_AFTER_MONTHS,
        language_names=endonyms(),
    )
    shown = text_for(offer, cat.code).text
    own = {shown.summary, shown.description, shown.audience} if shown else set()
    part = handout.parts[0]
    lines += [("handout: kind", part.kind), ("handout: printed", part.printed)]
    lines += [("handout: fallback note", part.fallback_note), ("handout: outdated", part.outdated)]
    lines += [("handout: QR caption", caption) for caption in part.captions]
    for section in part.sections:
        lines += [("handout: " + section.heading, section.heading)]
        lines += [(f"handout: {section.key}", line) for line in section.lines if line not in own]
    return [(where, line) for where, line in lines if line]


def general_lines(cat: Catalogue) -> list[tuple[str, str]]:
    bands = [
        AgeBand("under-12", None, 11),
        AgeBand("12-17", 12, 17),
        AgeBand("18-26", 18, 26),
        AgeBand("27-plus", 27, None),
    ]
    lines = [("age_band_label", age_band_label(cat, band)) for band in bands]
    names = [o.name for o in seed_offers()][:2]
    lines += [
        ("no_language_lines", line)
        for line in no_language_lines(cat, "ti", ["ar", "en"], True, names)
    ]
    lines += [("online_caption", online_caption(cat, "mbeon", closed)) for closed in (True, False)]
    return lines


@pytest.mark.parametrize("lang", LANGUAGES)
def test_composed_strings_read_cleanly(lang):
    cat = load_catalogue(lang)
    found: list[Finding] = []
    for where, line in general_lines(cat):
        found += lint_text(lang, where, line, capital_start=True)
    for offer in seed_offers():
        keep, names = _keep(offer), code_filled_names(cat, offer)
        for where, line in composed_lines(cat, offer):
            label = f"{where} of offer {offer.id}"
            if where.startswith("weekly_hours_lines"):
                day, hours = line.split("\t")
                found += lint_text(lang, label, day, capital_start=True, keep=keep, names=names)
                found += lint_text(lang, label, hours, keep=keep, names=names)
            else:
                found += lint_text(lang, label, line, capital_start=True, keep=keep, names=names)
    assert not found, report(found)


# -- the offer texts ---------------------------------------------------------------------------
FIELDS = ("summary", "description", "audience")


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "de"] + ["de"])
def test_offer_texts_read_cleanly(lang):
    """Every text of an active offer in the language: the checks above on every line, and the
    same numbers (house numbers, postcodes, phones, times, ages) as the German text."""
    found: list[Finding] = []
    for entry in seed_json():
        if not entry.get("active"):
            continue
        texts = entry.get("texts", {})
        text, german = texts.get(lang), texts.get("de")
        if not text:
            continue
        keep = {
            w.strip(".,:;()")
            for w in f"{entry['name']} {entry['provider']} {entry['web']} {entry['email']}".split()
        }
        for field in FIELDS:
            value = text.get(field) or ""
            if not value:
                continue
            where = f"offer {entry['id']} {field}"
            found += lint_text(lang, where, value, capital_start=True, keep=keep)
            if german and lang != "de":
                found += findings(
                    lang, where, "numbers", number_problems(german.get(field, ""), value), value
                )
    assert not found, report(found)


def test_staff_strings_are_told_from_visitor_strings():
    assert is_staff_only("Cannot be saved: {error}")
    assert not is_staff_only("Printing… please take your sheet.")
    assert not is_staff_only("Information last checked on {date}.")


def test_the_keep_list_is_only_for_names():
    """The names that may start a line in small letters come from the offer's own names."""
    assert not starts_lower_case("mbeon berät online.", {"mbeon"})
    assert starts_lower_case("понеділок", {"mbeon"})
    assert lower_case_line_starts("Montag\nпонеділок") == [
        "line starts with a small letter: 'понеділок'"
    ]
