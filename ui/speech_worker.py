"""The speech engine in a process of its own: ``python -m ui.speech_worker ENGINE``.

Qt's speech-dispatcher backend calls libspeechd while it holds Python's interpreter lock, and
libspeechd waits for speech-dispatcher's answer without a time limit. A hung speech-dispatcher
(no sound device, stopped, overloaded) therefore stopped *every* Python thread of the kiosk,
the screen's too. Behind a process boundary it can only stop this worker, which the kiosk then
kills and starts again later (see :class:`ui.speech.ReadAloud`).

The kiosk and the worker talk in JSON lines: commands on the worker's standard input,
events on its standard output.

Commands: ``{"op": "say", "text", "locale": [language, script, territory], "utterance",
"volume"}``, ``{"op": "stop"}``, ``{"op": "volume", "volume"}``, ``{"op": "ping", "seq"}``.

Events:

- ``{"ev": "started", "engine", "locales": [[language, script, territory], ...]}``; engine ""
  when there is none, with ``problem`` and ``lasting`` (whether trying again can help);
- ``{"ev": "state", "state": "speaking"|"ready"|"error", "utterance", "busy"}``;
- ``{"ev": "pong", "seq"}``: a pong answers a ping only after every command sent
  before it has returned, so a missing pong means the engine hangs.

The worker ends when its standard input closes, and is killed with the kiosk (it asks the
kernel for SIGKILL when its parent dies).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSocketNotifier

log = logging.getLogger("ui.speech_worker")

#: Engines in order of preference on Linux; "mock" is Qt's test engine (tests only).
PREFERRED_ENGINES = ("speechd", "flite")

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the kiosk dies (even by SIGKILL)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed stdin still ends the worker
        pass


def locale_key(locale: QLocale) -> list[int]:
    return [locale.language().value, locale.script().value, locale.territory().value]


def locale_from_key(key: list[int]) -> QLocale:
    language, script, territory = key
    return QLocale(QLocale.Language(language), QLocale.Script(script), QLocale.Country(territory))


class Worker(QObject):
    def __init__(self, engine: str, out) -> None:
        super().__init__()
        self._wanted = engine
        self._out = out
        self._tts = None
        self._utterance = 0
        self._buffer = b""
        self._notifier = QSocketNotifier(0, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)

    # -- talking to the kiosk ---------------------------------------------------------------
    def send(self, **event) -> None:
        try:
            self._out.write(json.dumps(event, ensure_ascii=True).encode() + b"\n")
            self._out.flush()
        except (BrokenPipeError, ValueError):  # the kiosk is gone
            QCoreApplication.exit(0)

    def _read(self) -> None:
        try:
            chunk = os.read(0, 65536)
        except BlockingIOError:
            return
        if not chunk:
            self._notifier.setEnabled(False)
            QCoreApplication.exit(0)
            return
        self._buffer += chunk
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            if line.strip():
                self._handle(line)

    def _handle(self, line: bytes) -> None:
        try:
            command = json.loads(line)
            op = command["op"]
        except (ValueError, KeyError, TypeError):
            log.warning("speech worker: unreadable command %r", line[:80])
            return
        if op == "ping":
            self.send(ev="pong", seq=command.get("seq", 0))
        elif op == "say":
            self._say(command)
        elif op == "stop":
            if self._tts is not None:
                self._tts.stop()
        elif op == "volume":
            if self._tts is not None:
                self._tts.setVolume(float(command.get("volume", 0.25)))

    # -- the engine -------------------------------------------------------------------------
    def start(self) -> None:
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as error:  # e.g. libpulse0 missing
            log.warning("read-aloud unavailable (%s); install libpulse0 to enable it", error)
            self.send(ev="started", engine="", locales=[], problem=str(error), lasting=True)
            return
        available = QTextToSpeech.availableEngines()
        name = self._wanted or next((e for e in PREFERRED_ENGINES if e in available), None)
        if name not in available:
            log.warning("no speech engine (%s) on this machine; read-aloud is off", name or "")
            self.send(ev="started", engine="", locales=[], problem="no engine", lasting=True)
            return
        tts = QTextToSpeech(name, self)
        if tts.state() == QTextToSpeech.State.Error:
            log.warning("speech engine %s failed: %s", name, tts.errorString())
            # (speech-dispatcher not running or not answering: it may come back)
            self.send(ev="started", engine="", locales=[], problem=tts.errorString(), lasting=False)
            return
        tts.stateChanged.connect(self._relay)
        self._tts = tts
        locales = [locale_key(locale) for locale in tts.availableLocales()]
        self.send(ev="started", engine=name, locales=locales)

    def _say(self, command: dict) -> None:
        if self._tts is None:
            self.send(ev="state", state="error", utterance=command.get("utterance", 0), busy=False)
            return
        self._utterance = int(command.get("utterance", 0))
        self._tts.setVolume(float(command.get("volume", 0.25)))
        self._tts.setLocale(locale_from_key(command["locale"]))
        self._tts.say(str(command.get("text", "")))

    def _relay(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        names = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Ready: "ready"}
        busy = self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking
        self.send(ev="state", state=names.get(state, "error"), utterance=self._utterance, busy=busy)


def main(argv: list[str] | None = None) -> int:
    _die_with_parent()
    signal.signal(
        signal.SIGINT, signal.SIG_IGN
    )  # Ctrl-C in the kiosk's terminal: the kiosk ends us
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = sys.argv[1:] if argv is None else argv
    engine = args[0] if args else ""
    os.set_blocking(0, False)
    app = QCoreApplication([sys.argv[0]])
    worker = Worker(engine, sys.stdout.buffer)
    worker.start()
    code = app.exec()
    del worker
    return code


if __name__ == "__main__":
    sys.exit(main())
