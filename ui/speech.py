"""Read-aloud over Qt's QTextToSpeech, only ever in the language of the text.

A voice is looked up per visitor language; where none exists (Pashto and Tigrinya have no
offline voice) :meth:`ReadAloud.has_voice` is False and the UI hides the button instead of
reading Arabic with a German voice. A screen may mix languages (an offer text shown in English
as a fallback): :meth:`ReadAloud.speak_parts` reads each part with a voice of its own language
and skips a part no voice can read. Volume has two steps 12 dB apart and returns to normal for
every new visitor. When the speech module cannot load (e.g. libpulse0 missing), the kiosk runs
without read-aloud.

The engine itself starts on first use (or :meth:`ReadAloud.warm_up`): speech-dispatcher can take
two seconds to answer, which must never delay the start of the kiosk.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable

from PySide6.QtCore import QLocale, QObject, Signal

from kiosk.i18n import PSEUDO_LOCALE, cldr_tag

log = logging.getLogger(__name__)

#: Engines in order of preference on Linux; "mock" is Qt's test engine (tests only).
PREFERRED_ENGINES = ("speechd", "flite")
NORMAL_VOLUME = 0.25
LOUD_VOLUME = 1.0  # 4× the amplitude of NORMAL_VOLUME: +12 dB

_NO_LANGUAGE = (QLocale.Language.AnyLanguage, QLocale.Language.C)
_SPACES = re.compile(r"\s+")
_SPACE_COMMA = re.compile(r" ,")


def _language_of(code: str) -> QLocale.Language | None:
    """The language a voice must speak for kiosk language ``code``; None: no real language."""
    if not code or code == PSEUDO_LOCALE:
        return None
    language = QLocale(cldr_tag(code)).language()
    return None if language in _NO_LANGUAGE else language


def speakable(text: str) -> str:
    """``text`` without what a voice should not read: pictograms and symbols (✓, ▶, ⇦),
    direction marks and isolates; separators like "·" become pauses."""
    kept = []
    for char in text.replace("·", ",").replace("\u2022", ","):
        category = unicodedata.category(char)
        if category in ("So", "Sk", "Cf", "Co", "Cn"):
            kept.append(" ")
        else:
            kept.append(char)
    return _SPACE_COMMA.sub(",", _SPACES.sub(" ", "".join(kept))).strip(" ,")


def sentences(parts: Iterable[str]) -> str:
    """Lines joined into one text with a pause after each: a full stop where a line ends
    without punctuation (a title, a name), so a voice does not run them together."""
    out = []
    for part in parts:
        line = speakable(part)
        if not line:
            continue
        if not unicodedata.category(line[-1]).startswith("P"):
            line += "."
        out.append(line)
    return "\n".join(out)


class ReadAloud(QObject):
    """Speaks text in a given language, if a voice for it exists."""

    speaking_changed = Signal(bool)

    def __init__(self, engine: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        # Importing fails without libpulse0; create_read_aloud() turns that into "no read-aloud".
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: F401

        self._wanted_engine = engine
        self._tts = None
        self._started = False
        self._locales: dict[QLocale.Language, QLocale] = {}
        self._all_locales: list[QLocale] = []
        self._queue: list[tuple[str, str]] = []
        self._speaking = False
        self._loud = False
        self.last_text = ""
        self.last_language = ""

    # -- the engine, started on first use --------------------------------------------------
    def _engine(self):
        if not self._started:
            self._started = True
            self._start_engine()
        return self._tts

    def _start_engine(self) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        available = QTextToSpeech.availableEngines()
        wanted = self._wanted_engine
        name = wanted or next((e for e in PREFERRED_ENGINES if e in available), None)
        if name not in available:
            log.warning("no speech engine (%s) on this machine; read-aloud is off", wanted or "")
            return
        tts = QTextToSpeech(name, self)
        if tts.state() == QTextToSpeech.State.Error:
            log.warning("speech engine %s failed: %s", name, tts.errorString())
            tts.deleteLater()
            return
        self._all_locales = list(tts.availableLocales())
        for locale in self._all_locales:
            self._locales.setdefault(locale.language(), locale)
        self._locales = {k: v for k, v in self._locales.items() if k not in _NO_LANGUAGE}
        tts.stateChanged.connect(self._on_state)
        tts.setVolume(LOUD_VOLUME if self._loud else NORMAL_VOLUME)
        self._tts = tts
        log.info("speech engine %s: voices for %d languages", name, len(self._locales))

    def warm_up(self) -> None:
        """Start the engine now (when nobody is waiting), not on the first visitor's tap."""
        self._engine()

    @property
    def engine(self) -> str:
        tts = self._engine()
        return tts.engine() if tts is not None else ""

    # -- speaking ----------------------------------------------------------------------------
    def has_voice(self, code: str) -> bool:
        language = _language_of(code)
        return language is not None and self._engine() is not None and language in self._locales

    def speak(self, text: str, code: str) -> bool:
        """Read ``text`` with a voice of language ``code``; False (and silence) if there is none."""
        return self.speak_parts([(text, code)])

    def speak_parts(self, parts: Iterable[tuple[str, str]]) -> bool:
        """Read each (text, language) part with a voice of its language, one after another.

        Parts without a voice are left out; False (and silence) when nothing can be read."""
        queue: list[tuple[str, str]] = []
        for text, code in parts:
            if not text or not self.has_voice(code):
                continue
            if queue and queue[-1][1] == code:
                queue[-1] = (f"{queue[-1][0]}\n{text}", code)
            else:
                queue.append((text, code))
        if not queue:
            return False
        self._queue = []
        self._tts.stop()
        self.last_text = "\n".join(text for text, _ in queue)
        self.last_language = queue[0][1]
        self._queue = queue
        self._say_next()
        return True

    def _say_next(self) -> None:
        text, code = self._queue.pop(0)
        self._tts.setLocale(self._locale_for(code))
        self._set_speaking(True)
        self._tts.say(text)

    def _locale_for(self, code: str) -> QLocale:
        """The engine's locale for ``code``: the same country where the engine has it (Arabic
        as CLDR's default, Egypt, rather than the first one listed), else any of the language."""
        wanted = QLocale(cldr_tag(code))
        for locale in self._all_locales:
            if locale.language() == wanted.language() and locale.territory() == wanted.territory():
                return locale
        return self._locales[wanted.language()]

    def repeat(self) -> bool:
        return self.speak(self.last_text, self.last_language)

    def stop(self) -> None:
        self._queue = []
        if self._tts is not None:
            self._tts.stop()
        self._set_speaking(False)

    @property
    def loud(self) -> bool:
        return self._loud

    def set_loud(self, loud: bool) -> None:
        self._loud = loud
        if self._tts is not None:
            self._tts.setVolume(LOUD_VOLUME if loud else NORMAL_VOLUME)

    def volume(self) -> float:
        if self._tts is None:
            return LOUD_VOLUME if self._loud else NORMAL_VOLUME
        return self._tts.volume()

    def is_speaking(self) -> bool:
        return self._speaking

    def reset(self) -> None:
        """For the next visitor: silence, normal volume, nothing remembered."""
        self.stop()
        self.set_loud(False)
        self.last_text = self.last_language = ""

    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking_changed.emit(speaking)

    def _on_state(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Speaking:
            self._set_speaking(True)
        elif state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            if self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking:
                return  # a late "ready" of the text stopped before the current one
            if self._queue and state == QTextToSpeech.State.Ready:
                self._say_next()  # the next part, in its own language
            else:
                self._queue = []
                self._set_speaking(False)


def create_read_aloud(engine: str | None = None) -> ReadAloud | None:
    """A ReadAloud, or None when Qt's speech module cannot be loaded on this machine."""
    try:
        return ReadAloud(engine)
    except ImportError as error:
        log.warning("read-aloud unavailable (%s); install libpulse0 to enable it", error)
        return None
