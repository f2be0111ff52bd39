"""Read-aloud over Qt's QTextToSpeech, only ever in the language of the text.

A voice is looked up per visitor language; where none exists (Pashto and Tigrinya have no
offline voice) :meth:`ReadAloud.has_voice` is False and the UI hides the button instead of
reading Arabic with a German voice. Volume has two steps 12 dB apart and returns to normal for
every new visitor. When the speech module cannot load (e.g. libpulse0 missing), the kiosk runs
without read-aloud.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLocale, QObject, Signal

log = logging.getLogger(__name__)

#: Engines in order of preference on Linux; "mock" is Qt's test engine (tests only).
PREFERRED_ENGINES = ("speechd", "flite")
NORMAL_VOLUME = 0.25
LOUD_VOLUME = 1.0  # 4× the amplitude of NORMAL_VOLUME: +12 dB


def _language_of(code: str) -> QLocale.Language:
    return QLocale(code.replace("-", "_")).language()


class ReadAloud(QObject):
    """Speaks text in a given language, if a voice for it exists."""

    speaking_changed = Signal(bool)

    def __init__(self, engine: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        from PySide6.QtTextToSpeech import QTextToSpeech

        available = QTextToSpeech.availableEngines()
        name = engine or next((e for e in PREFERRED_ENGINES if e in available), None)
        self._tts = QTextToSpeech(name, self) if name in available else None
        if self._tts is not None and self._tts.state() == QTextToSpeech.State.Error:
            log.warning("speech engine %s failed: %s", name, self._tts.errorString())
            self._tts = None
        self._languages = set()
        if self._tts is not None:
            self._languages = {locale.language() for locale in self._tts.availableLocales()}
            self._tts.stateChanged.connect(self._on_state)
            self._tts.setVolume(NORMAL_VOLUME)
        self._loud = False
        self.last_text = ""
        self.last_language = ""

    @property
    def engine(self) -> str:
        return self._tts.engine() if self._tts is not None else ""

    def has_voice(self, code: str) -> bool:
        return self._tts is not None and _language_of(code) in self._languages

    def speak(self, text: str, code: str) -> bool:
        """Read ``text`` with a voice of language ``code``; False (and silence) if there is none."""
        if not text or not self.has_voice(code):
            return False
        wanted = _language_of(code)
        locale = next(loc for loc in self._tts.availableLocales() if loc.language() == wanted)
        self._tts.stop()
        self._tts.setLocale(locale)
        self.last_text, self.last_language = text, code
        self._tts.say(text)
        return True

    def repeat(self) -> bool:
        return self.speak(self.last_text, self.last_language)

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    @property
    def loud(self) -> bool:
        return self._loud

    def set_loud(self, loud: bool) -> None:
        self._loud = loud
        if self._tts is not None:
            self._tts.setVolume(LOUD_VOLUME if loud else NORMAL_VOLUME)

    def volume(self) -> float:
        return self._tts.volume() if self._tts is not None else 0.0

    def is_speaking(self) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        return self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking

    def reset(self) -> None:
        """For the next visitor: silence, normal volume, nothing remembered."""
        self.stop()
        self.set_loud(False)
        self.last_text = self.last_language = ""

    def _on_state(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        self.speaking_changed.emit(state == QTextToSpeech.State.Speaking)


def create_read_aloud(engine: str | None = None) -> ReadAloud | None:
    """A ReadAloud, or None when Qt's speech module cannot be loaded on this machine."""
    try:
        return ReadAloud(engine)
    except ImportError as error:
        log.warning("read-aloud unavailable (%s); install libpulse0 to enable it", error)
        return None
