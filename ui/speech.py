"""Read-aloud over Qt's QTextToSpeech, only ever in the language of the text.

A voice is looked up per visitor language; where none exists (Pashto and Tigrinya have no
offline voice) :meth:`ReadAloud.has_voice` is False and the UI hides the button instead of
reading Arabic with a German voice. A screen may mix languages (an offer text shown in English
as a fallback): :meth:`ReadAloud.speak_parts` reads each part with a voice of its own language
and skips a part no voice can read. Volume has two steps 12 dB apart and returns to normal for
every new visitor. When the speech module cannot load (e.g. libpulse0 missing), the kiosk runs
without read-aloud.

The engine starts on first use (or :meth:`ReadAloud.warm_up`) in a thread of its own:
speech-dispatcher can take two seconds to answer (or never answer), which must never stop the
screen.
"""

from __future__ import annotations

import atexit
import logging
import re
import unicodedata
import weakref
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


class _EngineHost(QObject):
    """Owns the QTextToSpeech in the speech thread. :class:`ReadAloud` talks to it only by
    queued signals, so a slow or hung speech-dispatcher never stops the screen."""

    #: Engine name ("" when there is none) and the locales it has voices for.
    started = Signal(str, object)
    #: A state of the engine ("speaking", "ready", "error"), the utterance it belongs to, and
    #: whether the engine is speaking again by the time this is sent.
    state = Signal(str, int, bool)

    def __init__(self) -> None:
        super().__init__()
        self._tts = None
        self._utterance = 0

    def start(self, wanted: str) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        available = QTextToSpeech.availableEngines()
        name = wanted or next((e for e in PREFERRED_ENGINES if e in available), None)
        if name not in available:
            log.warning("no speech engine (%s) on this machine; read-aloud is off", wanted or "")
            self.started.emit("", [])
            return
        tts = QTextToSpeech(name, self)
        if tts.state() == QTextToSpeech.State.Error:
            log.warning("speech engine %s failed: %s", name, tts.errorString())
            tts.deleteLater()
            self.started.emit("", [])
            return
        tts.stateChanged.connect(self._relay)
        self._tts = tts
        self.started.emit(name, list(tts.availableLocales()))

    def say(self, text: str, locale: QLocale, utterance: int, volume: float) -> None:
        if self._tts is not None:
            self._utterance = utterance
            self._tts.setVolume(volume)
            self._tts.setLocale(locale)
            self._tts.say(text)

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def set_volume(self, volume: float) -> None:
        if self._tts is not None:
            self._tts.setVolume(volume)

    def _relay(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        names = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Ready: "ready"}
        busy = self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking
        self.state.emit(names.get(state, "error"), self._utterance, busy)


class ReadAloud(QObject):
    """Speaks text in a given language, if a voice for it exists.

    The engine runs in a thread of its own, started by :meth:`warm_up` (or the first question
    for a voice). Until it has answered, no language has a voice; then :attr:`voices_changed`
    fires and the screen may offer read-aloud.
    """

    speaking_changed = Signal(bool)
    #: The engine has started (or failed to): :meth:`has_voice` may answer differently now.
    voices_changed = Signal()
    _start_requested = Signal(str)
    _say_requested = Signal(str, QLocale, int, float)
    _stop_requested = Signal()
    _volume_requested = Signal(float)

    def __init__(self, engine: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        # Importing fails without libpulse0; create_read_aloud() turns that into "no read-aloud".
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: F401

        self._wanted_engine = engine
        self._thread = None
        self._host: _EngineHost | None = None
        self._engine_name = ""
        self._ready = False
        self._locales: dict[QLocale.Language, QLocale] = {}
        self._all_locales: list[QLocale] = []
        self._queue: list[tuple[str, str]] = []
        self._utterance = 0
        self._speaking = False
        self._loud = False
        self.last_text = ""
        self.last_language = ""
        _READERS.add(self)

    # -- the engine, started in its own thread on first use -------------------------------
    def warm_up(self) -> None:
        """Start the engine now (when nobody is waiting), not on the first visitor's tap.
        Returns at once; :attr:`voices_changed` says when the engine has answered."""
        if self._thread is not None:
            return
        from PySide6.QtCore import QThread

        self._thread = QThread()
        self._thread.setObjectName("speech")
        self._host = _EngineHost()
        self._host.moveToThread(self._thread)
        self._thread.finished.connect(self._host.deleteLater)
        self._start_requested.connect(self._host.start)
        self._say_requested.connect(self._host.say)
        self._stop_requested.connect(self._host.stop)
        self._volume_requested.connect(self._host.set_volume)
        self._host.started.connect(self._on_started)
        self._host.state.connect(self._on_state)
        self._thread.start()
        self._start_requested.emit(self._wanted_engine or "")

    @property
    def is_ready(self) -> bool:
        """The engine has answered (with voices or without)."""
        return self._ready

    def _on_started(self, name: str, locales: list[QLocale]) -> None:
        self._engine_name = name
        self._all_locales = list(locales)
        found: dict[QLocale.Language, QLocale] = {}
        for locale in self._all_locales:
            found.setdefault(locale.language(), locale)
        self._locales = {k: v for k, v in found.items() if k not in _NO_LANGUAGE}
        self._ready = True
        if name:
            log.info("speech engine %s: voices for %d languages", name, len(self._locales))
        self.voices_changed.emit()

    def shutdown(self, wait_ms: int = 2000) -> None:
        """End the speech thread (when the kiosk ends)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._ready = False
        thread.quit()
        if not thread.wait(wait_ms):
            # A hung speech-dispatcher: keep the thread object, or Qt would abort on it.
            log.error("the speech engine did not stop within %d ms", wait_ms)
            _STUCK.append(thread)

    @property
    def engine(self) -> str:
        """The engine's name once it has started ("" before, or when there is none)."""
        return self._engine_name

    # -- speaking ----------------------------------------------------------------------------
    def has_voice(self, code: str) -> bool:
        language = _language_of(code)
        if language is None:
            return False
        if not self._ready:
            self.warm_up()  # the answer comes with voices_changed
            return False
        return language in self._locales

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
        self._stop_requested.emit()
        self.last_text = "\n".join(text for text, _ in queue)
        self.last_language = queue[0][1]
        self._queue = queue
        self._say_next()
        return True

    def _say_next(self) -> None:
        text, code = self._queue.pop(0)
        self._utterance += 1
        self._set_speaking(True)
        self._say_requested.emit(text, self._locale_for(code), self._utterance, self.volume())

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
        self._utterance += 1  # whatever the engine still reports belongs to the past
        if self._thread is not None:
            self._stop_requested.emit()
        self._set_speaking(False)

    @property
    def loud(self) -> bool:
        return self._loud

    def set_loud(self, loud: bool) -> None:
        self._loud = loud
        if self._thread is not None:
            self._volume_requested.emit(self.volume())

    def volume(self) -> float:
        return LOUD_VOLUME if self._loud else NORMAL_VOLUME

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

    def _on_state(self, state: str, utterance: int, busy: bool) -> None:
        if utterance != self._utterance:
            return  # about a text stopped or replaced since
        if state == "speaking":
            self._set_speaking(True)
        elif not busy:
            if self._queue and state == "ready":
                self._say_next()  # the next part, in its own language
            else:
                self._queue = []
                self._set_speaking(False)


#: Every ReadAloud, to end their threads when Python exits; threads that would not end.
_READERS: weakref.WeakSet[ReadAloud] = weakref.WeakSet()
_STUCK: list = []


@atexit.register
def _end_speech_threads() -> None:
    for reader in list(_READERS):
        reader.shutdown(wait_ms=500)


def create_read_aloud(engine: str | None = None) -> ReadAloud | None:
    """A ReadAloud, or None when Qt's speech module cannot be loaded on this machine."""
    try:
        return ReadAloud(engine)
    except ImportError as error:
        log.warning("read-aloud unavailable (%s); install libpulse0 to enable it", error)
        return None
