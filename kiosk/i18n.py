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
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kiosk import PROJECT_ROOT

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = PROJECT_ROOT / "translations"
DOMAIN = "messages"

# Unicode directional isolates (UAX #9): keep a run's own direction inside other text.
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def babel_locale(code: str) -> Locale:
    """The CLDR locale for a kiosk language tag ('fa-AF', 'zh-Hans', 'kmr' …)."""
    try:
        return Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        base = code.replace("_", "-").split("-")[0]
        try:
            return Locale.parse(base)
        except (UnknownLocaleError, ValueError):
            log.warning("no CLDR data for language %r, formatting in English", code)
            return Locale("en")


def catalogue_dir_name(code: str) -> str:
    """Folder name of a language under translations/ (gettext style: fa_AF, zh_Hans)."""
    return code.replace("-", "_")


def _load_translations(code: str, directory: Path) -> gettext.NullTranslations:
    folder = directory / catalogue_dir_name(code) / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    try:
        if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as fp:
                return gettext.GNUTranslations(fp)
        if po.exists():
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=catalogue_dir_name(code))
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    except (OSError, ValueError) as error:
        log.error("cannot read catalogue for %s: %s", code, error)
    return gettext.NullTranslations()


class Catalogue:
    """Translated strings and locale formatting for one language."""

    def __init__(self, code: str, translations: gettext.NullTranslations, locale: Locale):
        self.code = code
        self.locale = locale
        self._t = translations

    # -- strings ---------------------------------------------------------------------------
    def _(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self._t.ngettext(singular, plural, n).format(n=n, **values)

    def p_(self, context: str, message: str, **values: object) -> str:
        text = self._t.pgettext(context, message)
        return text.format(**values) if values else text

    def has_translation(self, message: str) -> bool:
        return self._t.gettext(message) != message

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

    @staticmethod
    def isolate(text: str) -> str:
        """Wrap text of unknown direction (a Latin name inside Arabic, say) in an isolate."""
        return f"{FSI}{text}{PDI}" if text else text

    # -- formatting ------------------------------------------------------------------------
    def date(self, value: dt.date, format: str = "long") -> str:
        return format_date(value, format=format, locale=self.locale)

    def time(self, value: dt.time | dt.datetime) -> str:
        return format_time(value, format="short", locale=self.locale)

    def datetime(self, value: dt.datetime, format: str = "medium") -> str:
        return format_datetime(value, format=format, locale=self.locale)

    def weekday(self, index: int, width: str = "wide") -> str:
        """Name of a weekday, 0 = Monday, standing alone ("Montag", "الاثنين")."""
        return get_day_names(width, context="stand-alone", locale=self.locale)[index]

    def language_name(self, code: str) -> str:
        """Name of a language in this locale; the code itself if CLDR does not know it."""
        tag = code.replace("-", "_")
        names = self.locale.languages
        return names.get(tag) or names.get(tag.split("_")[0]) or code


@lru_cache(maxsize=64)
def load_catalogue(code: str, directory: Path = TRANSLATIONS_DIR) -> Catalogue:
    """The catalogue of a language; an untranslated one shows the English source strings."""
    return Catalogue(code, _load_translations(code, directory), babel_locale(code))
