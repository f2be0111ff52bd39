"""Read-aloud with the real speech-dispatcher and espeak-ng (a private server, tests/speechd.py):
which of the kiosk's languages get the button, Chinese really speaking (sound measured with
sox), the marker following it on screen, and the protection when the server hangs or dies.

Which languages must have a voice is read from espeak-ng itself (``espeak-ng --voices``), not
from the code under test: a kiosk language has read-aloud exactly when espeak-ng lists a voice
of its language.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.speechd import SpeechdUnavailableError, sox_stat, start_speechd
from tests.ui.conftest import Visitor
from tests.ui.test_languages import ENABLED
from ui.speech import create_read_aloud
from ui.spoken import split_sentences
from ui.widgets.reading_marker import ReadingMarker

#: The language espeak-ng names for each kiosk language (Dari is read as Persian, Leichte
#: Sprache as German, Kurmanji as espeak-ng's Kurdish; Mandarin is ISO 639-3 ``cmn``).
ESPEAK_LANGUAGE = {
    "de": "de",
    "de-x-ls": "de",
    "en": "en",
    "ar": "ar",
    "fa": "fa",
    "fa-AF": "fa",
    "fr": "fr",
    "kmr": "ku",
    "pl": "pl",
    "ps": "ps",
    "ro": "ro",
    "ru": "ru",
    "ti": "ti",
    "tr": "tr",
    "uk": "uk",
    "vi": "vi",
    "zh-Hans": "cmn",
}
CHINESE = "我们用多种语言为您提供免费咨询。请在柜台询问。"


def _espeak_languages() -> set[str]:
    out = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, check=True)
    found = set()
    for line in out.stdout.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 2:
            found.add(fields[1].lower().split("-")[0])
    return found


@pytest.fixture
def server():
    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        message = "espeak-ng and sox are needed (`make setup` as root installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    try:
        speechd = start_speechd(sound=True)
    except SpeechdUnavailableError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))
    yield speechd
    speechd.stop()


@pytest.fixture
def reader(qapp, qtbot, server, monkeypatch):
    """Read-aloud over the private speech-dispatcher (its worker finds it by SPEECHD_ADDRESS)."""
    for name, value in server.env().items():
        monkeypatch.setenv(name, value)
    made = create_read_aloud("speechd", response_timeout_ms=1500, retry_ms=1000)
    with qtbot.waitSignal(made.voices_changed, timeout=20_000):
        made.start_engine()
    assert made.engine == "speechd", "the private speech-dispatcher answered"
    yield made
    made.shutdown()
    made.deleteLater()


def test_exactly_the_languages_espeak_ng_can_speak_have_read_aloud(reader):
    assert set(ENABLED) == set(ESPEAK_LANGUAGE), "every enabled language is named above"
    espeak = _espeak_languages()
    expected = {code for code, language in ESPEAK_LANGUAGE.items() if language in espeak}
    offered = {code for code in ENABLED if reader.has_voice(code)}
    assert offered == expected
    assert "zh-Hans" in offered, "espeak-ng's Mandarin reads Chinese"
    print("read-aloud in:", " ".join(sorted(offered)))
    print("no voice for:", " ".join(sorted(set(ENABLED) - offered)))


def test_chinese_is_really_spoken(reader, server, qtbot):
    told: list[tuple[str, str]] = []
    reader.sentence_started.connect(lambda text, code: told.append((text, code)))
    with qtbot.waitSignal(reader.speaking_changed, timeout=5000):
        assert reader.speak(CHINESE, "zh-Hans")
    qtbot.waitUntil(lambda: not reader.is_speaking(), timeout=30_000)
    assert reader.failures == 0
    assert told == [("我们用多种语言为您提供免费咨询。", "zh-Hans"), ("请在柜台询问。", "zh-Hans")]
    # Sound went to the "loudspeaker": seconds of it, with real amplitude.
    qtbot.waitUntil(lambda: server.audio_bytes() > 0, timeout=5000)
    stats = sox_stat(server.audio)
    assert stats.get("Length (seconds)", 0) > 1.5, stats
    assert stats.get("RMS     amplitude", 0) > 0.01, stats


def test_the_chinese_screen_has_the_button_and_shows_what_is_read(
    qtbot, make_window, reader, server
):
    window = make_window(speech=lambda: reader)
    visitor = Visitor(qtbot, window)
    marker = window.findChild(ReadingMarker, "reading_marker")
    visitor.start_in("zh-Hans")
    qtbot.waitUntil(window.nav.read_aloud.isVisible, timeout=5000)
    shown: list[str] = []
    reader.sentence_started.connect(lambda text, code: shown.append(marker.text()))
    visitor.tap("nav_read_aloud")
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert reader.last_language == "zh-Hans"
    assert window.age.title.text() in shown[0], "the title is read (and shown) first"
    qtbot.waitUntil(lambda: not reader.is_speaking(), timeout=60_000)
    # Each sentence was on screen while it was read, in order, and then the marker went.
    assert shown == split_sentences(reader.last_text)
    assert not marker.isVisible(), "gone when the reading ends"
    assert reader.failures == 0
    assert sox_stat(server.audio).get("Length (seconds)", 0) > 1.0


def test_a_hung_speech_dispatcher_is_given_up_and_read_aloud_comes_back(reader, server, qtbot):
    """SIGSTOP while reading: the worker that waits for it is killed, read-aloud goes (no
    button that does nothing), and once the server answers again it comes back."""
    assert reader.speak("。".join([CHINESE] * 6), "zh-Hans")
    qtbot.waitUntil(reader.is_speaking, timeout=5000)
    hung_worker = reader.worker_pid
    server.hang()
    with qtbot.waitSignal(reader.voices_changed, timeout=30_000):
        pass
    assert reader.failures == 1
    assert not reader.has_voice("zh-Hans") and not reader.is_speaking()
    assert reader.worker_pid != hung_worker
    assert not reader.speak(CHINESE, "zh-Hans"), "nothing is sent to a hung engine"
    server.resume()
    qtbot.waitUntil(lambda: reader.has_voice("zh-Hans"), timeout=30_000)
    with qtbot.waitSignal(reader.speaking_changed, timeout=5000):
        assert reader.speak(CHINESE, "zh-Hans")


def test_a_killed_speech_dispatcher_ends_the_reading(reader, server, qtbot):
    assert reader.speak("。".join([CHINESE] * 6), "zh-Hans")
    qtbot.waitUntil(reader.is_speaking, timeout=5000)
    with qtbot.waitSignal(reader.speaking_changed, timeout=15_000) as blocker:
        server.kill()
    assert blocker.args == [False]
    qtbot.waitUntil(lambda: not reader.has_voice("zh-Hans"), timeout=15_000)
    assert reader.failures >= 1
