"""Read-aloud with Qt's mock engine: right language or silence, volume steps, reset."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QLocale

from ui.speech import LOUD_VOLUME, NORMAL_VOLUME, create_read_aloud


@pytest.fixture
def speech(qapp, qtbot):
    reader = create_read_aloud("mock")
    assert reader is not None, "QtTextToSpeech must load (libpulse0 is installed by setup)"
    with qtbot.waitSignal(reader.voices_changed, timeout=5000):
        reader.start_engine()
    yield reader
    reader.shutdown()
    reader.deleteLater()


def test_speaks_only_with_a_voice_of_the_text_language(speech, qtbot):
    # Qt's mock engine has English (and Nordic) voices only.
    assert speech.has_voice("en")
    assert not speech.has_voice("ar")
    assert not speech.has_voice("de")
    assert not speech.speak("مرحبا", "ar"), "never read Arabic with another voice"
    with qtbot.waitSignal(speech.speaking_changed, timeout=3000):
        assert speech.speak("Migration counselling for adults", "en")
    assert speech.last_language == "en"


def test_volume_steps_are_at_least_12_db_apart_and_reset(speech):
    assert 20 * math.log10(LOUD_VOLUME / NORMAL_VOLUME) >= 12
    speech.set_loud(True)
    assert speech.volume() == pytest.approx(LOUD_VOLUME)
    speech.speak("Hello", "en")
    speech.reset()
    assert not speech.loud and speech.volume() == pytest.approx(NORMAL_VOLUME)
    assert speech.last_text == ""


def test_the_engine_starts_on_first_use_in_a_process_of_its_own(qapp, qtbot):
    import os

    reader = create_read_aloud("mock")
    try:
        assert reader.worker_pid == 0, "creating read-aloud costs nothing at start-up"
        with qtbot.waitSignal(reader.voices_changed, timeout=10_000):
            # The first question starts the engine and does not wait for it.
            assert not reader.has_voice("en")
        assert reader.is_ready and reader.has_voice("en")
        assert reader.engine == "mock"
        assert reader.worker_pid not in (0, os.getpid()), "never in the screen's process"
    finally:
        reader.shutdown()
        reader.deleteLater()
    assert reader.worker_pid == 0


def _stopped(pid: int) -> None:
    import os
    import signal

    os.kill(pid, signal.SIGSTOP)


def test_a_hung_engine_is_killed_and_the_screen_never_waits(qapp, qtbot):
    """A worker that stops answering (here: SIGSTOP, as when speech-dispatcher hangs inside a
    call) is given up within the response time: read-aloud goes, every call returns at once,
    and a new worker is tried later."""
    import time

    reader = create_read_aloud("mock", response_timeout_ms=500, retry_ms=800)
    try:
        with qtbot.waitSignal(reader.voices_changed, timeout=10_000):
            reader.start_engine()
        hung = reader.worker_pid
        _stopped(hung)
        started = time.monotonic()
        assert reader.speak("Migration counselling for adults", "en")
        reader.stop()
        reader.reset()
        assert time.monotonic() - started < 0.1, "the screen never waits on speech"
        with qtbot.waitSignal(reader.voices_changed, timeout=3000):
            pass
        assert reader.failures == 1 and not reader.has_voice("en") and not reader.is_speaking()
        assert reader.worker_pid == 0
        # The hung worker is gone (killed, not merely forgotten).
        qtbot.waitUntil(lambda: not _alive(hung), timeout=3000)
        # Later a new worker answers and read-aloud comes back.
        with qtbot.waitSignal(reader.voices_changed, timeout=10_000):
            pass
        assert reader.has_voice("en") and reader.worker_pid not in (0, hung)
    finally:
        reader.shutdown()
        reader.deleteLater()


def test_a_worker_that_dies_mid_sentence_ends_the_reading(qapp, qtbot):
    import os
    import signal

    reader = create_read_aloud("mock", retry_ms=60_000)
    try:
        with qtbot.waitSignal(reader.voices_changed, timeout=10_000):
            reader.start_engine()
        assert reader.speak("Migration counselling for adults " * 20, "en")
        with qtbot.waitSignal(reader.speaking_changed, timeout=3000) as blocker:
            os.kill(reader.worker_pid, signal.SIGKILL)
        assert blocker.args == [False]
        assert not reader.has_voice("en"), "no read-aloud button for a dead engine"
    finally:
        reader.shutdown()
        reader.deleteLater()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_tags_of_the_kiosk_find_their_voice_and_made_up_ones_never_do(speech):
    from ui.speech import _language_of

    assert _language_of("kmr") == QLocale.Language.Kurdish, "Kurmanji: CLDR's ku"
    assert _language_of("fa-AF") == QLocale.Language.Persian, "Dari is read as Persian"
    assert _language_of("de-x-ls") == QLocale.Language.German
    assert _language_of("qps-ploc") is None, "the pseudo-locale is nobody's language"
    assert not speech.has_voice("qps-ploc") and not speech.has_voice("")
    assert not speech.has_voice("ti") and not speech.has_voice("ps")


def test_a_screen_in_two_languages_is_read_part_by_part(speech, qtbot):
    # The Arabic part has no voice here: left out, never read with the English voice.
    assert speech.speak_parts([("مرحبا", "ar"), ("Open now", "en"), ("until 16:00", "en")])
    assert speech.last_text == "Open now\nuntil 16:00" and speech.last_language == "en"
    assert not speech.speak_parts([("مرحبا", "ar")])
    speech.stop()
    assert not speech.is_speaking()


def test_symbols_and_marks_are_not_read():
    from ui.spoken import sentences, speakable

    assert speakable("✓ Help in your language") == "Help in your language"
    assert speakable("\u2068Gamigstraße 22\u2069") == "Gamigstraße 22"
    assert (
        speakable("27 and older · All topics · 12 offers") == "27 and older, All topics, 12 offers"
    )
    assert sentences(["Offers for you", "Open now."]) == "Offers for you.\nOpen now."


def test_sentences_are_read_one_at_a_time_and_each_start_is_told(speech, qtbot):
    told: list[tuple[str, str]] = []
    speech.sentence_started.connect(lambda text, code: told.append((text, code)))
    text = "Offers for you. Open now, until 16:00.\nCall before you go!"
    assert speech.speak(text, "en")
    assert speech.sentences == [
        ("Offers for you.", "en"),
        ("Open now, until 16:00.", "en"),
        ("Call before you go!", "en"),
    ]
    qtbot.waitUntil(lambda: len(told) == 3 and not speech.is_speaking(), timeout=30_000)
    assert told == [
        ("Offers for you.", "en"),
        ("Open now, until 16:00.", "en"),
        ("Call before you go!", "en"),
    ]
    assert speech.current_sentence == ("", "") and speech.sentences == []


def test_sentences_end_where_a_sentence_ends_in_each_script():
    from ui.spoken import LONGEST_PIECE, split_sentences

    assert split_sentences("Offen. Bitte z. B. vorher anrufen! Nr. 5 ist offen.") == [
        "Offen.",
        "Bitte z. B. vorher anrufen!",
        "Nr. 5 ist offen.",
    ]
    assert split_sentences("您好，欢迎。请问？我们帮助您。") == [
        "您好，欢迎。",
        "请问？",
        "我们帮助您。",
    ]
    assert split_sentences("هل تحتاج مساعدة؟ نحن هنا.") == ["هل تحتاج مساعدة؟", "نحن هنا."]
    long = ", ".join(["Counselling for adults in many languages"] * 8) + "."
    pieces = split_sentences(long)
    assert len(pieces) > 1 and all(len(piece) <= LONGEST_PIECE for piece in pieces)
    assert " ".join(pieces) == long, "cut after commas, nothing lost"


def test_speech_dispatcher_language_tags_find_their_locale():
    from ui.speech_worker import locale_for_tag

    chinese = locale_for_tag("cmn")
    assert chinese is not None, "espeak-ng's Mandarin is Chinese (Qt alone made it 'C')"
    assert chinese.language() == QLocale.Language.Chinese
    assert chinese.script() == QLocale.Script.SimplifiedHanScript
    assert locale_for_tag("cmn-LATN-PINYIN").script() == QLocale.Script.LatinScript
    assert locale_for_tag("vi-VN-X-SOUTH").language() == QLocale.Language.Vietnamese
    assert locale_for_tag("ku").language() == QLocale.Language.Kurdish
    assert locale_for_tag("yue").language() == QLocale.Language.Cantonese, "not Mandarin"
    assert locale_for_tag("hak") is None and locale_for_tag("") is None


def test_ssip_text_is_sent_with_dots_escaped():
    from ui.speech_worker import _data_block

    assert _data_block("Hallo.\n.Punkt") == b"Hallo.\r\n..Punkt\r\n.\r\n"


def test_a_chinese_line_ends_with_a_chinese_full_stop():
    from ui.spoken import sentences

    assert sentences(["12至17岁", "Open now"]) == "12至17岁。\nOpen now."
