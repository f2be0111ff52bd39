"""The speech engine in a process of its own: ``python -m ui.speech_worker ENGINE``.

A speech engine can wait without a time limit: libspeechd (under Qt's backend) waited for
speech-dispatcher while holding Python's interpreter lock, and a hung speech-dispatcher (no
sound device, stopped, overloaded) therefore stopped *every* Python thread of the kiosk, the
screen's too. Behind a process boundary it can only stop this worker, which the kiosk then
kills and starts again later (see :class:`ui.speech.ReadAloud`).

Engines:

- ``speechd``: speech-dispatcher, spoken to directly over its socket in SSIP, its documented
  text protocol (:class:`SsipEngine`). Qt's backend cannot offer every voice: it turns each
  voice's language tag into a QLocale, and a tag Qt does not know — espeak-ng's Mandarin is
  ``cmn`` — becomes the "C" locale, so Chinese had no voice. Here each tag is mapped with
  :func:`locale_for_tag`, which knows the ISO 639-3 names espeak-ng uses;
- ``flite`` and ``mock`` (Qt's test engine): through QTextToSpeech (:class:`QtEngine`).

The kiosk and the worker talk in JSON lines: commands on the worker's standard input,
events on its standard output.

Commands: ``{"op": "say", "text", "locale": [language, script, territory], "utterance",
"volume"}``, ``{"op": "stop"}``, ``{"op": "volume", "volume"}``, ``{"op": "ping", "seq"}``.

Events:

- ``{"ev": "started", "engine", "locales": [[language, script, territory], ...]}``; engine ""
  when there is none, with ``problem`` and ``lasting`` (whether trying again can help);
- ``{"ev": "state", "state": "speaking"|"ready"|"error", "utterance", "busy"}``: "speaking"
  when the engine has begun to read that utterance (the kiosk shows it then);
- ``{"ev": "pong", "seq"}``: a pong answers a ping only after every command sent
  before it has returned, so a missing pong means the engine hangs.

The worker ends when its standard input closes, and is killed with the kiosk (it asks the
kernel for SIGKILL when its parent dies).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSocketNotifier

log = logging.getLogger("ui.speech_worker")

#: Engines in order of preference on Linux; "mock" is Qt's test engine (tests only).
PREFERRED_ENGINES = ("speechd", "flite")

_PR_SET_PDEATHSIG = 1

#: A state report: (state, busy) with state "speaking", "ready" or "error".
StateReport = Callable[[str, bool], None]


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


#: Language tags of speech engines that Qt's locale names do not know, as CLDR locales.
#: (espeak-ng names its Chinese voices by ISO 639-3 language: Mandarin ``cmn`` reads Chinese
#: characters, ``cmn-latn-pinyin`` only Pinyin, and Qt reads neither name.)
TAG_ALIASES = {"cmn": "zh_Hans_CN", "cmn-latn-pinyin": "zh_Latn_CN"}
_NO_LANGUAGE = (QLocale.Language.AnyLanguage, QLocale.Language.C)


def _public(tag: str) -> str:
    """A language tag in lower case without its private-use part (a dialect's name)."""
    return tag.strip().lower().replace("_", "-").split("-x-")[0]


def locale_for_tag(tag: str) -> QLocale | None:
    """The locale a speech engine's language tag (``de``, ``vi-VN-X-SOUTH``, ``cmn``) stands
    for; None for a tag of no language Qt knows (espeak-ng's Hakka ``hak``, say)."""
    public = _public(tag)
    if not public:
        return None
    first = public.split("-")[0]
    alias = TAG_ALIASES.get(public) or TAG_ALIASES.get(first)
    # QLocale reads the subtags it knows and passes over others ("qaaa"; "029" → en_US).
    locale = QLocale(alias or public.replace("-", "_"))
    if locale.language() in _NO_LANGUAGE:
        return None
    return locale


def _exactness(tag: str, locale: QLocale) -> tuple[int, int]:
    """How well ``tag`` is its locale (lower is better): a tag that says no more and no less
    than the locale ("en-US", "ar", "cmn") before one Qt read only in part ("en-029" → en_US)
    or with a dialect after it ("vi-VN-X-SOUTH")."""
    public = _public(tag)
    private = "-x-" in tag.lower().replace("_", "-")
    whole = public in TAG_ALIASES or public in (
        locale.bcp47Name().lower(),
        locale.name().lower().replace("_", "-"),
        QLocale.languageToCode(locale.language()).lower(),
    )
    return (int(private) + int(not whole), len(public))


# -- speech-dispatcher over SSIP --------------------------------------------------------------
class SsipError(RuntimeError):
    """speech-dispatcher refused a command, closed the connection or did not answer."""


def default_address() -> str:
    """Where speech-dispatcher listens: ``SPEECHD_ADDRESS`` (as libspeechd reads it), else
    its per-user socket."""
    address = os.environ.get("SPEECHD_ADDRESS", "").strip()
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR") or str(Path.home() / ".cache")
    return f"unix_socket:{Path(runtime) / 'speech-dispatcher' / 'speechd.sock'}"


class SsipConnection:
    """One SSIP connection: commands and their replies, and the events that come between.

    Replies are read with a time limit (``timeout_s``); a server that does not answer within
    it raises :class:`SsipError` (the kiosk's pings notice the wait sooner and end this
    worker). Events (codes 700–705: index mark, begin, end, cancel, pause, resume) go to
    ``on_event(kind, message_id)``: at once when read by :meth:`read_available`; when read
    while waiting for a reply, only at :meth:`deliver_held` (the caller first learns from the
    reply which message the events are about).
    """

    def __init__(self, address: str, timeout_s: float = 8.0):
        kind, _, where = address.partition(":")
        if kind == "unix_socket":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            target: object = where
        elif kind == "inet_socket":
            host, _, port = where.rpartition(":")
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            target = (host or "127.0.0.1", int(port or 6560))
        else:
            raise SsipError(f"unknown speech-dispatcher address {address!r}")
        sock.settimeout(timeout_s)
        self._timeout_s = timeout_s
        try:
            sock.connect(target)
        except OSError as error:
            sock.close()
            raise SsipError(f"cannot connect to {where}: {error}") from error
        self.sock = sock
        self._buffer = b""
        self._event_lines: list[str] = []
        self.on_event: Callable[[str, int], None] = lambda kind, message: None
        self._held: list[tuple[str, int]] = []
        self._replying = False

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    # -- reading ---------------------------------------------------------------------------
    def _line(self) -> str:
        while b"\r\n" not in self._buffer:
            try:
                chunk = self.sock.recv(65536)
            except TimeoutError as error:
                raise SsipError("speech-dispatcher did not answer in time") from error
            except OSError as error:
                raise SsipError(f"connection to speech-dispatcher lost: {error}") from error
            if not chunk:
                raise SsipError("speech-dispatcher closed the connection")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\r\n", 1)
        return line.decode("utf-8", errors="replace")

    def _take_event_line(self, line: str) -> None:
        """Lines of an event: ``7NN-msg_id``, ``7NN-client_id``, ``7NN KIND``."""
        if line[3:4] == "-":
            self._event_lines.append(line[4:])
            return
        ids, self._event_lines = self._event_lines, []
        try:
            message = int(ids[0])
        except (IndexError, ValueError):
            return
        event = (line[4:].strip().split(" ")[0].lower() or line[:3], message)
        if self._replying:
            self._held.append(event)  # told once the reply is read
        else:
            self.on_event(*event)

    def read_available(self) -> None:
        """Read what the socket has without waiting, telling each complete event."""
        self.sock.setblocking(False)
        try:
            while True:
                try:
                    chunk = self.sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    break
                except OSError as error:
                    raise SsipError(f"connection to speech-dispatcher lost: {error}") from error
                if not chunk:
                    raise SsipError("speech-dispatcher closed the connection")
                self._buffer += chunk
        finally:
            self.sock.settimeout(self._timeout_s)
        self._drain()

    def _drain(self) -> None:
        """Tell the events whose lines are read already (they may have come in one piece
        with a reply, after it)."""
        while b"\r\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\r\n", 1)
            text = line.decode("utf-8", errors="replace")
            if text.startswith("7"):
                self._take_event_line(text)
            else:
                log.warning("speech-dispatcher said something unasked: %r", text[:80])

    # -- commands --------------------------------------------------------------------------
    def command(self, line: str, data: str | None = None) -> list[str]:
        """Send one command (and for SPEAK its text); return the reply's lines. A reply
        whose code is not 2NN (OK) raises :class:`SsipError`."""
        self._replying = True
        try:
            self.sock.sendall(line.encode("utf-8") + b"\r\n")
            lines = self._reply()
            if data is not None:
                if not lines or not lines[-1].startswith("230"):
                    raise SsipError(f"{line}: {lines[-1] if lines else 'no answer'}")
                self.sock.sendall(_data_block(data))
                lines = self._reply()
        except OSError as error:
            raise SsipError(f"connection to speech-dispatcher lost: {error}") from error
        finally:
            self._replying = False
        if not lines[-1].startswith("2"):
            raise SsipError(f"{line}: {lines[-1]}")
        return lines

    def deliver_held(self) -> None:
        """Tell the events that came while a reply was awaited, and those read with it."""
        held, self._held = self._held, []
        for event in held:
            self.on_event(*event)
        self._drain()

    def _reply(self) -> list[str]:
        lines: list[str] = []
        while True:
            line = self._line()
            if line.startswith("7"):
                self._take_event_line(line)
                continue
            lines.append(line)
            if line[3:4] != "-":
                return lines


def _data_block(text: str) -> bytes:
    """SPEAK's text: CRLF lines, a leading dot doubled, ended by a line with a single dot."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = [("." + line) if line.startswith(".") else line for line in lines]
    return ("\r\n".join(escaped) + "\r\n.\r\n").encode("utf-8")


class SsipEngine(QObject):
    """speech-dispatcher over SSIP: its voices by language tag, one message at a time."""

    name = "speechd"

    def __init__(self, report: StateReport, address: str | None = None):
        super().__init__()
        self._report = report
        self._address = address or default_address()
        self._connection: SsipConnection | None = None
        self._notifier: QSocketNotifier | None = None
        #: locale key → (output module, language tag)
        self._voices: dict[tuple[int, int, int], tuple[str, str]] = {}
        self._module = ""
        self._language = ""
        self._volume: int | None = None
        self._message = 0  # the message being read (speech-dispatcher's id)

    # -- connecting ------------------------------------------------------------------------
    def start(self) -> list[list[int]]:
        """Connect (starting speech-dispatcher as libspeechd would, where it is not running)
        and list the voices; raises :class:`SsipError`."""
        self._connection = self._connect()
        connection = self._connection
        connection.on_event = self._on_event
        user = _user_name()
        connection.command(f"SET SELF CLIENT_NAME {user}:wegweiser:read-aloud")
        connection.command("SET SELF NOTIFICATION ALL on")
        connection.command("SET SELF PRIORITY message")
        self._voices = self._list_voices(connection)
        connection.deliver_held()
        self._notifier = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)
        return [list(key) for key in self._voices]

    def _connect(self) -> SsipConnection:
        try:
            return SsipConnection(self._address)
        except SsipError:
            if not self._spawn():
                raise
        deadline = time.monotonic() + 5.0
        while True:
            try:
                return SsipConnection(self._address)
            except SsipError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _spawn(self) -> bool:
        """Start speech-dispatcher for its default socket (as libspeechd's autospawn does;
        it exits at once where autospawn is switched off). Never for an address given in
        SPEECHD_ADDRESS: whoever set it runs that server."""
        if os.environ.get("SPEECHD_ADDRESS", "").strip() or self._address != default_address():
            return False
        binary = shutil.which("speech-dispatcher")
        kind, _, path = self._address.partition(":")
        if binary is None or kind != "unix_socket":
            return False
        try:
            subprocess.run(
                [binary, "--spawn", "--communication-method", "unix_socket", "--socket-path", path],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            log.warning("could not start speech-dispatcher: %s", error)
            return False
        return True

    def _list_voices(
        self, connection: SsipConnection
    ) -> dict[tuple[int, int, int], tuple[str, str]]:
        modules = [
            line[4:]
            for line in connection.command("LIST OUTPUT_MODULES")[:-1]
            if line[4:] and line[4:] != "dummy"
        ]
        voices: dict[tuple[int, int, int], tuple[str, str]] = {}
        rank: dict[tuple[int, int, int], tuple[int, int, int]] = {}
        for order, module in enumerate(modules):
            connection.command(f"SET SELF OUTPUT_MODULE {module}")
            for line in connection.command("LIST SYNTHESIS_VOICES")[:-1]:
                fields = line[4:].split("\t")
                if len(fields) < 2:
                    continue
                tag = fields[1]
                locale = locale_for_tag(tag)
                if locale is None:
                    continue
                key = tuple(locale_key(locale))
                # The tag that is exactly this locale, from the module listed first.
                score = (*_exactness(tag, locale), order)
                if key not in voices or score < rank[key]:
                    voices[key], rank[key] = (module, tag), score
        self._module = ""
        return voices

    # -- speaking --------------------------------------------------------------------------
    def say(self, text: str, key: list[int], volume: float) -> None:
        connection = self._require()
        module, tag = self._voices.get(tuple(key), ("", ""))
        if not tag:
            raise SsipError(f"no voice for {key}")
        if module != self._module:
            connection.command(f"SET SELF OUTPUT_MODULE {module}")
            self._module, self._language = module, ""
        if tag != self._language:
            connection.command(f"SET SELF LANGUAGE {tag}")
            self._language = tag
        self.set_volume(volume)
        lines = connection.command("SPEAK", data=text)
        try:
            self._message = int(lines[0][4:]) if len(lines) > 1 else 0
        except ValueError:
            self._message = 0
        connection.deliver_held()  # its begin may have come with the reply

    def stop(self) -> None:
        if self._connection is not None:
            self._message = 0
            self._connection.command("CANCEL SELF")
            self._connection.deliver_held()

    def set_volume(self, volume: float) -> None:
        # Qt's mapping (0.0 … 1.0 → -100 … 100), so the steps sound as they did.
        level = max(-100, min(100, round((volume - 0.5) * 200)))
        if self._connection is not None and level != self._volume:
            self._connection.command(f"SET SELF VOLUME {level}")
            self._volume = level
            self._connection.deliver_held()

    def _require(self) -> SsipConnection:
        if self._connection is None:
            raise SsipError("not connected")
        return self._connection

    def _on_readable(self) -> None:
        try:
            self._require().read_available()
        except SsipError as error:
            self._lost(error)

    def _lost(self, error: SsipError) -> None:
        log.warning("speech-dispatcher: %s", error)
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        self._report("error", False)

    def _on_event(self, kind: str, message: int) -> None:
        if message != self._message:
            return  # a message cancelled since (its end may come after the next began)
        if kind in ("begin", "resume"):
            self._report("speaking", True)
        elif kind in ("end", "cancel"):
            self._message = 0
            self._report("ready", False)

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.sock.sendall(b"QUIT\r\n")
            except OSError:
                pass
            self._connection.close()
            self._connection = None


def _user_name() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "kiosk"
    return "".join(c for c in name if c.isalnum() or c in "-_") or "kiosk"


# -- Qt's engines (flite; mock in tests) -----------------------------------------------------
class QtEngine(QObject):
    """An engine through QTextToSpeech."""

    def __init__(self, name: str, report: StateReport):
        super().__init__()
        self.name = name
        self._report = report
        self._tts = None

    def start(self) -> list[list[int]]:
        from PySide6.QtTextToSpeech import QTextToSpeech

        tts = QTextToSpeech(self.name, self)
        if tts.state() == QTextToSpeech.State.Error:
            raise SsipError(tts.errorString() or "the engine failed")
        tts.stateChanged.connect(self._relay)
        self._tts = tts
        return [locale_key(locale) for locale in tts.availableLocales()]

    def say(self, text: str, key: list[int], volume: float) -> None:
        self._tts.setVolume(volume)
        self._tts.setLocale(locale_from_key(key))
        self._tts.say(text)

    def stop(self) -> None:
        self._tts.stop()

    def set_volume(self, volume: float) -> None:
        self._tts.setVolume(volume)

    def _relay(self, state) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        names = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Ready: "ready"}
        busy = self._tts is not None and self._tts.state() == QTextToSpeech.State.Speaking
        self._report(names.get(state, "error"), busy)

    def close(self) -> None:
        pass


class Worker(QObject):
    def __init__(self, engine: str, out) -> None:
        super().__init__()
        self._wanted = engine
        self._out = out
        self._engine: SsipEngine | QtEngine | None = None
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
            return
        engine = self._engine
        try:
            if op == "say":
                self._say(command)
            elif op == "stop" and engine is not None:
                engine.stop()
            elif op == "volume" and engine is not None:
                engine.set_volume(float(command.get("volume", 0.25)))
        except SsipError as error:
            log.warning("speech engine: %s", error)
            self._report("error", False)

    def _report(self, state: str, busy: bool) -> None:
        self.send(ev="state", state=state, utterance=self._utterance, busy=busy)

    # -- the engine -------------------------------------------------------------------------
    def start(self) -> None:
        name = self._wanted or self._first_engine()
        if not name:
            log.warning("no speech engine on this machine; read-aloud is off")
            self.send(ev="started", engine="", locales=[], problem="no engine", lasting=True)
            return
        if name == "speechd":
            engine: SsipEngine | QtEngine = SsipEngine(self._report)
        else:
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech
            except ImportError as error:  # e.g. libpulse0 missing
                log.warning("read-aloud unavailable (%s); install libpulse0 to enable it", error)
                self.send(ev="started", engine="", locales=[], problem=str(error), lasting=True)
                return
            if name not in QTextToSpeech.availableEngines():
                log.warning("no speech engine %s on this machine; read-aloud is off", name)
                self.send(ev="started", engine="", locales=[], problem="no engine", lasting=True)
                return
            engine = QtEngine(name, self._report)
        try:
            locales = engine.start()
        except SsipError as error:
            log.warning("speech engine %s failed: %s", name, error)
            # (speech-dispatcher not running or not answering: it may come back)
            self.send(ev="started", engine="", locales=[], problem=str(error), lasting=False)
            return
        self._engine = engine
        self.send(ev="started", engine=name, locales=locales)

    @staticmethod
    def _first_engine() -> str:
        """speech-dispatcher where it is installed or named, else Qt's flite if it has it."""
        if os.environ.get("SPEECHD_ADDRESS") or shutil.which("speech-dispatcher"):
            return "speechd"
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError:
            return ""
        return "flite" if "flite" in QTextToSpeech.availableEngines() else ""

    def _say(self, command: dict) -> None:
        self._utterance = int(command.get("utterance", 0))
        if self._engine is None:
            self._report("error", False)
            return
        self._engine.say(
            str(command.get("text", "")),
            list(command["locale"]),
            float(command.get("volume", 0.25)),
        )

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()


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
    worker.close()
    del worker
    return code


if __name__ == "__main__":
    sys.exit(main())
