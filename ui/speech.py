"""Read-aloud over Qt's QTextToSpeech, only ever in the language of the text.

A voice is looked up per visitor language; where none exists (Pashto and Tigrinya have no
offline voice) :meth:`ReadAloud.has_voice` is False and the UI hides the button instead of
reading Arabic with a German voice. A screen may mix languages (an offer text shown in English
as a fallback): :meth:`ReadAloud.speak_parts` reads each part with a voice of its own language
and skips a part no voice can read. Volume has two steps 12 dB apart and returns to normal for
every new visitor. When the speech module cannot load (e.g. libpulse0 missing), the kiosk runs
without read-aloud.

The engine starts on first use (or :meth:`ReadAloud.start_engine`) in a process of its own
(:mod:`ui.speech_worker`): speech-dispatcher can take two seconds to answer or never answer,
and a client waiting for it in a thread of the kiosk froze the screen. A worker that stops
answering is killed and tried again later. The window's shutdown ends the worker; when the
kiosk process dies first, the kernel ends it too (the worker asks for SIGKILL on its parent's
death).

Text is read one sentence at a time (:func:`ui.spoken.split_sentences`), each with a deadline
of its own; :attr:`ReadAloud.sentence_started` says which sentence the voice has begun, so the
screen can show it (:mod:`ui.widgets.reading_marker`).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QProcess, QProcessEnvironment, QTimer, Signal

from kiosk.i18n import PSEUDO_LOCALE, cldr_tag
from ui.speech_worker import locale_from_key, locale_key
from ui.spoken import split_sentences

log = logging.getLogger(__name__)

NORMAL_VOLUME = 0.25
LOUD_VOLUME = 1.0  # 4× the amplitude of NORMAL_VOLUME: +12 dB

_NO_LANGUAGE = (QLocale.Language.AnyLanguage, QLocale.Language.C)


def _language_of(code: str) -> QLocale.Language | None:
    """The language a voice must speak for kiosk language ``code``; None: no real language."""
    if not code or code == PSEUDO_LOCALE:
        return None
    language = QLocale(cldr_tag(code)).language()
    return None if language in _NO_LANGUAGE else language


class ReadAloud(QObject):
    """Speaks text in a given language, if a voice for it exists.

    The engine runs in a worker process (:mod:`ui.speech_worker`), started by :meth:`start_engine`
    (or the first question for a voice). Until it has answered, no language has a voice; then
    :attr:`voices_changed` fires and the screen may offer read-aloud.

    Nothing here ever waits for the worker. Every command is followed by a ping; when the
    worker does not answer within ``response_timeout_ms`` (or does not start within
    ``start_timeout_ms``), its engine hangs: the worker is killed, read-aloud disappears
    (:attr:`voices_changed`) and a new worker is tried after ``retry_ms`` (doubling up to
    ``MAX_RETRY_MS``). The kiosk goes on as if it had no voices meanwhile.
    """

    speaking_changed = Signal(bool)
    #: The engine has started (or failed to, or hung): :meth:`has_voice` may answer differently.
    voices_changed = Signal()
    #: The voice has begun a sentence: (its text, its kiosk language). Reading has ended
    #: when :attr:`speaking_changed` says False.
    sentence_started = Signal(str, str)

    START_TIMEOUT_MS = 15_000
    RESPONSE_TIMEOUT_MS = 3_000
    RETRY_MS = 30_000
    MAX_RETRY_MS = 600_000
    #: The worker is asked this often whether it still answers (a line through a pipe).
    HEARTBEAT_MS = 2_000
    #: A sentence must end within this time plus SENTENCE_MS_PER_CHAR for each character
    #: (espeak-ng reads about 15 characters a second; a third of that speed still passes).
    SENTENCE_BASE_MS = 5_000
    SENTENCE_MS_PER_CHAR = 200

    def __init__(
        self,
        engine: str | None = None,
        parent: QObject | None = None,
        *,
        start_timeout_ms: int | None = None,
        response_timeout_ms: int | None = None,
        retry_ms: int | None = None,
    ):
        super().__init__(parent)
        self._wanted_engine = engine or ""
        self._start_timeout_ms = start_timeout_ms or self.START_TIMEOUT_MS
        self._response_timeout_ms = response_timeout_ms or self.RESPONSE_TIMEOUT_MS
        self._first_retry_ms = retry_ms or self.RETRY_MS
        self._retry_ms = self._first_retry_ms
        self._process: QProcess | None = None
        self._output = b""
        self._engine_name = ""
        self._ready = False
        self._permanent = False  # the worker said there is no engine here: never try again
        self._shut_down = False
        self._locales: dict[QLocale.Language, QLocale] = {}
        self._all_locales: list[QLocale] = []
        self._queue: list[tuple[str, str]] = []
        self._saying: tuple[str, str] = ("", "")  # the sentence sent last (text, language)
        self._begun = 0  # the last utterance whose start was told
        self._utterance = 0
        self._ping = 0
        self._speaking = False
        self._loud = False
        #: How often a worker was given up because it hung or died (for tests and the log).
        self.failures = 0
        self.last_text = ""
        self.last_language = ""
        #: Every sentence of the reading under way, as (text, language), in order.
        self.sentences: list[tuple[str, str]] = []
        # One timer for "the worker must answer by now" (start or ping), one for the retry
        # and one heartbeat while speaking.
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(lambda: self._give_up("did not answer in time"))
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.start_engine)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(self.HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._send_ping)
        # A sentence that never ends: the engine cannot play (no sound device) or hangs.
        self._sentence = QTimer(self)
        self._sentence.setSingleShot(True)
        self._sentence.timeout.connect(
            lambda: self._give_up("never finished a sentence (no sound device?)")
        )

    # -- the worker process ----------------------------------------------------------------
    def start_engine(self) -> None:
        """Start the engine now (when nobody is waiting), not on the first visitor's tap.
        Returns at once; :attr:`voices_changed` says when the engine has answered."""
        if self._process is not None or self._permanent or self._shut_down:
            return
        if self._retry.isActive():
            return  # a hung engine is tried again later, not at every question
        process = QProcess(self)
        # Events on stdout; the worker's log lines go where the kiosk's go.
        process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        environment = QProcessEnvironment.systemEnvironment()
        source_root = str(Path(__file__).resolve().parent.parent)
        path = environment.value("PYTHONPATH", "")
        environment.insert("PYTHONPATH", source_root + (os.pathsep + path if path else ""))
        process.setProcessEnvironment(environment)
        process.readyReadStandardOutput.connect(self._on_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_process_error)
        self._process = process
        self._output = b""
        self._deadline.start(self._start_timeout_ms)
        process.start(sys.executable, ["-m", "ui.speech_worker", self._wanted_engine])

    @property
    def is_ready(self) -> bool:
        """The engine has answered (with voices or without), or was given up."""
        return self._ready

    @property
    def worker_pid(self) -> int:
        """The worker's process id (0 when none runs)."""
        return self._process.processId() if self._process is not None else 0

    def _send(self, **command) -> bool:
        process = self._process
        if process is None or process.state() != QProcess.ProcessState.Running:
            return False
        process.write(json.dumps(command, ensure_ascii=True).encode() + b"\n")
        return True

    def _send_ping(self) -> None:
        self._ping += 1
        if self._send(op="ping", seq=self._ping) and not self._deadline.isActive():
            self._deadline.start(self._response_timeout_ms)

    def _command(self, **command) -> None:
        """A command, then a ping: the pong says the engine has done it and still answers."""
        if self._send(**command):
            self._send_ping()

    def _on_output(self) -> None:
        process = self.sender()
        if process is not self._process:
            return
        self._output += bytes(process.readAllStandardOutput())
        *lines, self._output = self._output.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                log.warning("speech worker said something unreadable: %r", line[:80])
                continue
            kind = event.get("ev")
            if kind == "started":
                self._on_started(event)
            elif kind == "pong":
                if event.get("seq") == self._ping:
                    self._deadline.stop()
            elif kind == "state":
                self._on_state(
                    event.get("state", ""), event.get("utterance", -1), event.get("busy")
                )

    def _on_started(self, event: dict) -> None:
        self._deadline.stop()
        name = event.get("engine") or ""
        self._engine_name = name
        self._all_locales = [locale_from_key(key) for key in event.get("locales", [])]
        found: dict[QLocale.Language, QLocale] = {}
        for locale in self._all_locales:
            found.setdefault(locale.language(), locale)
        self._locales = {k: v for k, v in found.items() if k not in _NO_LANGUAGE}
        self._ready = True
        self._retry_ms = self._first_retry_ms
        if name:
            self._heartbeat.start()  # a hang shows within seconds, not at the next tap
            log.info("speech engine %s: voices for %d languages", name, len(self._locales))
            self._send(op="volume", volume=self.volume())
        elif event.get("lasting", True):
            self._permanent = True  # no engine on this machine; asking again will not help
        else:
            self._give_up(f"failed ({event.get('problem') or 'no answer'})")
            return
        self.voices_changed.emit()

    def _on_process_error(self, error) -> None:
        if self.sender() is self._process and error == QProcess.ProcessError.FailedToStart:
            self._give_up("could not be started")

    def _on_finished(self, *_args) -> None:
        process = self.sender()
        if process is self._process:
            self._give_up("ended")
        if process is not None:
            process.deleteLater()

    def _give_up(self, why: str) -> None:
        """The worker hangs or died: kill it, offer no voice, try again later."""
        process, self._process = self._process, None
        self._deadline.stop()
        self._heartbeat.stop()
        self._sentence.stop()
        if process is None:
            return
        self.failures += 1
        log.error(
            "the speech engine %s; read-aloud is off, next try in %d s",
            why,
            self._retry_ms // 1000,
        )
        _kill(process)
        self._locales, self._all_locales = {}, []
        self._queue = []
        self._utterance += 1
        self._ready = True  # answered, with no voice
        self._set_speaking(False)
        if not self._shut_down:
            self._retry.start(self._retry_ms)
            self._retry_ms = min(self._retry_ms * 2, self.MAX_RETRY_MS)
        self.voices_changed.emit()

    def shutdown(self, wait_ms: int = 500) -> None:
        """End the worker (when the kiosk ends); never waits longer than ``wait_ms``."""
        self._shut_down = True
        self._retry.stop()
        self._deadline.stop()
        self._heartbeat.stop()
        self._sentence.stop()
        process, self._process = self._process, None
        self._ready = False
        if process is not None:
            _kill(process, wait_ms)

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
            self.start_engine()  # the answer comes with voices_changed
            return False
        return language in self._locales

    def speak(self, text: str, code: str) -> bool:
        """Read ``text`` with a voice of language ``code``; False (and silence) if there is none."""
        return self.speak_parts([(text, code)])

    def speak_parts(self, parts: Iterable[tuple[str, str]]) -> bool:
        """Read each (text, language) part with a voice of its language, one after another,
        sentence by sentence.

        Parts without a voice are left out; False (and silence) when nothing can be read."""
        kept: list[tuple[str, str]] = []
        for text, code in parts:
            if not text or not self.has_voice(code):
                continue
            if kept and kept[-1][1] == code:
                kept[-1] = (f"{kept[-1][0]}\n{text}", code)
            else:
                kept.append((text, code))
        queue = [(sentence, code) for text, code in kept for sentence in split_sentences(text)]
        if not queue:
            return False
        self._send(op="stop")
        self.last_text = "\n".join(text for text, _ in kept)
        self.last_language = kept[0][1]
        self.sentences = list(queue)
        self._queue = queue
        self._say_next()
        return True

    @property
    def current_sentence(self) -> tuple[str, str]:
        """The sentence being read, as (text, language); ("", "") when silent."""
        return self._saying if self._speaking and self._begun == self._utterance else ("", "")

    def _say_next(self) -> None:
        text, code = self._queue.pop(0)
        self._utterance += 1
        self._saying = (text, code)
        self._set_speaking(True)
        self._sentence.start(self.SENTENCE_BASE_MS + self.SENTENCE_MS_PER_CHAR * len(text))
        self._command(
            op="say",
            text=text,
            locale=locale_key(self._locale_for(code)),
            utterance=self._utterance,
            volume=self.volume(),
        )

    def _locale_for(self, code: str) -> QLocale:
        """The engine's locale for ``code``: the same script and country where the engine has
        it (Chinese characters rather than Pinyin; Arabic as CLDR's default, Egypt, rather than
        the first one listed), else the same script, else any of the language."""
        wanted = QLocale(cldr_tag(code))
        same = [locale for locale in self._all_locales if locale.language() == wanted.language()]
        for matches in (
            lambda lo: lo.script() == wanted.script() and lo.territory() == wanted.territory(),
            lambda lo: lo.script() == wanted.script(),
            lambda lo: lo.territory() == wanted.territory(),
        ):
            found = next((locale for locale in same if matches(locale)), None)
            if found is not None:
                return found
        return self._locales[wanted.language()]

    def stop(self) -> None:
        self._queue = []
        self._utterance += 1  # whatever the engine still reports belongs to the past
        if self._speaking:
            self._command(op="stop")
        self._set_speaking(False)

    @property
    def loud(self) -> bool:
        return self._loud

    def set_loud(self, loud: bool) -> None:
        if loud != self._loud:
            self._loud = loud
            self._command(op="volume", volume=self.volume())

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
        if not speaking:
            self._sentence.stop()
            self.sentences = []
        if speaking != self._speaking:
            self._speaking = speaking
            self.speaking_changed.emit(speaking)

    def _on_state(self, state: str, utterance: int, busy: bool) -> None:
        if state == "error":
            # (speech-dispatcher died or refused): no button that does nothing; try later
            self._give_up("reported an error")
            return
        if utterance != self._utterance:
            return  # about a text stopped or replaced since
        if state == "speaking":
            self._set_speaking(True)
            if self._begun != utterance:
                self._begun = utterance
                self.sentence_started.emit(*self._saying)
        elif not busy:
            if self._queue and state == "ready":
                self._say_next()  # the next part, in its own language
            else:
                self._queue = []
                self._set_speaking(False)


def _kill(process: QProcess, wait_ms: int = 0) -> None:
    """SIGKILL (a hung engine does not answer SIGTERM); wait at most ``wait_ms`` for it."""
    for signal_ in (process.readyReadStandardOutput, process.errorOccurred):
        try:
            signal_.disconnect()
        except (RuntimeError, TypeError):
            pass
    if process.state() != QProcess.ProcessState.NotRunning:
        process.kill()
        if wait_ms:
            process.waitForFinished(wait_ms)


def create_read_aloud(engine: str | None = None, **timeouts: int) -> ReadAloud:
    """A ReadAloud for ``engine`` (None: the first of speechd and flite the machine has). When
    the worker finds no speech module or engine (e.g. libpulse0 missing), it offers no voice."""
    return ReadAloud(engine, **timeouts)
