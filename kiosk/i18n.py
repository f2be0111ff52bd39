"""Gettext catalogues (Babel) and locale-aware formatting for one visitor language.

A :class:`Catalogue` bundles everything language-specific the kiosk needs: translated UI
strings (``_``, ``n_``, ``p_``), text direction from CLDR, and dates, times, weekdays and
language names in that locale. Catalogues are read from ``translations/<lang>/LC_MESSAGES``;
a compiled ``.mo`` is used when it is up to date, otherwise the ``.po`` is compiled in memory,
so a fresh checkout works before ``pybabel compile`` has run.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import logging
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

# Babel is imported where it is used: the start screen needs only the translated strings, and
# Babel's import plus the CLDR data of 17 locales would cost ~100 ms before the first frame.
from kiosk import PROJECT_ROOT

if TYPE_CHECKING:
    from babel import Locale

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
DOMAIN = "messages"

# Unicode directional isolates (UAX #9): keep a run's own direction inside other text.
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
# A strong right-to-left character without a glyph (RIGHT-TO-LEFT MARK).
RLM = "\u200f"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


#: The language the UI strings are written in (the msgids of the catalogues).
SOURCE_LANGUAGE = "en"

#: A pseudo-locale for finding clipped text: every string stretched, accented and bracketed
#: (generated from messages.pot by ``scripts/pseudo_locale.py``). Never offered to visitors;
#: the tour and the tests can use it (``kiosk --tour DIR --lang qps-ploc``).
PSEUDO_LOCALE = "qps-ploc"

# Kiosk language tags whose CLDR locale is not simply the tag itself.
_CLDR_TAGS = {
    # English as used in Germany: 24-hour clock and "12 March 2026", like the signs around it.
    "en": "en_DE",
    # Kurmanji: CLDR knows Northern Kurdish as "ku" (Latin script, left to right).
    "kmr": "ku",
    # Dari: Persian as written in Afghanistan (Afghan month names).
    "fa-AF": "fa_AF",
    "zh-Hans": "zh_Hans",
    # Easy German ("Leichte Sprache", a private-use tag) is formatted like German.
    "de-x-ls": "de",
    PSEUDO_LOCALE: "en_DE",
}


def cldr_tag(code: str) -> str:
    """The CLDR/POSIX locale identifier for a kiosk language tag ("kmr" → "ku")."""
    return _CLDR_TAGS.get(code, code.replace("-", "_"))


def babel_locale(code: str) -> Locale:
    """The CLDR locale for a kiosk language tag ('fa-AF', 'zh-Hans', 'kmr' …)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(cldr_tag(code))
    except (UnknownLocaleError, ValueError):
        base = code.replace("_", "-").split("-")[0]
        try:
            return Locale.parse(base)
        except (UnknownLocaleError, ValueError):
            log.warning("no CLDR data for language %r, formatting in English", code)
            return Locale("en")


def catalogue_dir_name(code: str) -> str:
    """Folder name of a language under translations/ (gettext style: fa_AF, zh_Hans, de_x_ls)."""
    return code.replace("-", "_")


def language_code(dir_name: str) -> str:
    """The kiosk language tag of a folder under translations/ (the inverse of the above)."""
    return dir_name.replace("_", "-")


def catalogue_codes(directory: Path = TRANSLATIONS_DIR) -> list[str]:
    """Every language that has a catalogue (``<dir>/LC_MESSAGES/messages.po``), sorted."""
    return sorted(
        language_code(path.parent.parent.name)
        for path in directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
    )


def catalogue_path(code: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    """The ``.po`` file of a language."""
    return directory / catalogue_dir_name(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _load_translations(code: str, directory: Path) -> gettext.NullTranslations:
    folder = directory / catalogue_dir_name(code) / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as fp:
                return gettext.GNUTranslations(fp)
        if po.exists():
            with po.open("rb") as fp:
                from babel.messages.pofile import read_po

                catalog = read_po(fp, locale=cldr_tag(code))
            buffer = io.BytesIO()
            from babel.messages.mofile import write_mo

            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    except (OSError, ValueError) as error:
        log.error("cannot read catalogue for %s: %s", code, error)
    return gettext.NullTranslations()


def _fill(template: str, values: dict[str, object]) -> str:
    """``template.format(**values)``, without a doubled full stop where a value that ends with
    one (a Ukrainian or Russian long date: "12 березня 2026 р.") stands at a sentence's end."""
    for name, value in values.items():
        if isinstance(value, str) and value.endswith("."):
            template = template.replace("{" + name + "}.", "{" + name + "}")
    return template.format(**values)


class Catalogue:
    """Translated strings and locale formatting for one language."""

    def __init__(self, code: str, translations: gettext.NullTranslations):
        self.code = code
        self._t = translations

    @cached_property
    def locale(self) -> Locale:
        """CLDR data for dates, lists, names and the direction (loaded on first use)."""
        return babel_locale(self.code)

    # -- strings ---------------------------------------------------------------------------
    def _(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return _fill(text, values) if values else text

    def n_(self, singular: str, plural: str, n: int, **values: object) -> str:
        return _fill(self._t.ngettext(singular, plural, n), {"n": n, **values})

    def p_(self, context: str, message: str, **values: object) -> str:
        text = self._t.pgettext(context, message)
        return _fill(text, values) if values else text

    # -- direction -------------------------------------------------------------------------
    @property
    def direction(self) -> str:
        return self.locale.text_direction

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"

    @staticmethod
    def ltr(text: str) -> str:
        """Wrap a left-to-right run (phone, e-mail, URL) so RTL text cannot reorder it."""
        return f"{LRI}{text}{PDI}" if text else text

    def isolate(self, text: str) -> str:
        """Wrap text of unknown direction (a Latin name inside Arabic, say) in an isolate.

        In a right-to-left language a RIGHT-TO-LEFT MARK goes in front: the text inside an
        isolate does not count for the direction of its line, so a line that *starts* with a
        German name would otherwise be aligned to the left like a German line.
        """
        if not text:
            return text
        return f"{RLM if self.is_rtl else ''}{FSI}{text}{PDI}"

    # -- formatting ------------------------------------------------------------------------
    def date(self, value: dt.date, format: str = "long") -> str:
        from babel.dates import format_date

        return format_date(value, format=format, locale=self.locale)

    def time(self, value: dt.time | dt.datetime) -> str:
        """A clock time on the 24-hour clock in every language ("16:00", never "4:00 م" or
        "4:00 PM"): signs and appointments in Germany use it. The hour and minute pattern
        ("Hm") is the language's own (its digits and separator)."""
        from babel.dates import format_skeleton

        return format_skeleton("Hm", value, locale=self.locale)

    def datetime(self, value: dt.datetime, format: str = "medium") -> str:
        """A date with a time, joined as the language does (CLDR's date-time pattern), the time
        on the 24-hour clock as :meth:`time` (CLDR's own medium form is 12-hour in ar and ti)."""
        from babel.dates import format_date, get_datetime_format

        pattern = get_datetime_format(format, locale=self.locale)
        date = format_date(value, format=format, locale=self.locale)
        return pattern.replace("{1}", date).replace("{0}", self.time(value))

    def weekday(self, index: int, width: str = "wide", *, line_start: bool = False) -> str:
        """Name of a weekday, 0 = Monday, standing alone ("Montag", "الاثنين"). With
        ``line_start`` it begins with a capital letter, as a row of opening hours does, also
        in languages that write weekdays in lower case ("понеділок" → "Понеділок")."""
        from babel.dates import get_day_names

        name = get_day_names(width, context="stand-alone", locale=self.locale)[index]
        return name[:1].upper() + name[1:] if line_start else name

    def join(self, items: list[str]) -> str:
        """A list as this language writes it ("Arabisch, Englisch und Deutsch" in German)."""
        if len(items) < 2:
            return "".join(items)
        try:
            from babel.lists import format_list

            return format_list(items, style="standard", locale=self.locale)
        except (KeyError, ValueError):  # no list patterns in CLDR for this locale
            return ", ".join(items)

    def language_name(self, code: str) -> str:
        """Name of a language in this locale; the code itself if CLDR does not know it."""
        names = self.locale.languages
        for tag in (code.replace("-", "_"), cldr_tag(code)):
            if tag in names:
                return names[tag]
        return names.get(cldr_tag(code).split("_")[0]) or code


#: The start screen greets in every language at once. Its three texts per language are also
#: written to this table by scripts/compile_catalogues.py (``make translations``), so the first
#: frame needs no full catalogue of 17 languages (~25 ms to parse).
START_SCREEN_TABLE = "start-screen.tsv"


def start_screen_texts_of(cat: Catalogue) -> tuple[str, str, str]:
    """Greeting, hint and start-button word of the start screen in one language."""
    return (
        # TRANSLATORS: greeting on the start screen, shown in every language at once
        cat.p_("attract", "Welcome"),
        cat._("Touch the screen to start"),
        # TRANSLATORS: the start button of the start screen (a few languages share it)
        cat.p_("attract", "Start"),
    )


_TABLE_ESCAPES = (("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r"))


def _escaped(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char, escape in _TABLE_ESCAPES:
        text = text.replace(char, escape)
    return text


def _unescaped(field: str) -> str:
    parts = field.split("\\\\")  # (what is left after an escaped backslash starts an escape)
    for index, part in enumerate(parts):
        for char, escape in _TABLE_ESCAPES:
            part = part.replace(escape, char)
        parts[index] = part
    return "\\".join(parts)


def format_start_screen_table(table: dict[str, tuple[str, str, str]]) -> str:
    """The compiled start-screen table: a line per language, the tag and its three texts
    separated by tabs, with tabs, line breaks and backslashes in them escaped as ``\\t``,
    ``\\n`` and ``\\\\`` (tab-separated text: reading it at start-up needs no JSON parser)."""
    return "".join(
        "\t".join(_escaped(field) for field in (code, *texts)) + "\n"
        for code, texts in sorted(table.items())
    )


def parse_start_screen_table(text: str) -> dict[str, tuple[str, str, str]]:
    """The languages of a compiled table; lines not of four non-empty fields are skipped."""
    table = {}
    for line in text.split("\n"):
        fields = [_unescaped(field) for field in line.split("\t")]
        if len(fields) == 4 and all(fields):
            table[fields[0]] = (fields[1], fields[2], fields[3])
    return table


@lru_cache(maxsize=4)
def _start_screen_table(directory: Path) -> dict[str, tuple[str, str, str]]:
    """The compiled table, or nothing when it is missing, unreadable or older than a
    catalogue (then the catalogues themselves are read)."""
    path = directory / START_SCREEN_TABLE
    try:
        written = path.stat().st_mtime
        if any(po.stat().st_mtime > written for po in directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            return {}
        return parse_start_screen_table(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # (ValueError: not UTF-8)
        return {}


def start_screen_texts(code: str, directory: Path = TRANSLATIONS_DIR) -> tuple[str, str, str]:
    """:func:`start_screen_texts_of` the language, from the compiled table where it is fresh."""
    texts = _start_screen_table(directory).get(code)
    if texts is not None:
        return texts
    return start_screen_texts_of(load_catalogue(code, directory))


@lru_cache(maxsize=64)
def load_catalogue(code: str, directory: Path = TRANSLATIONS_DIR) -> Catalogue:
    """The catalogue of a language; an untranslated one shows the English source strings."""
    return Catalogue(code, _load_translations(code, directory))
