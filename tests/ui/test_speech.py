"""Read-aloud with Qt's mock engine: right language or silence, volume steps, reset."""

from __future__ import annotations

import math

import pytest

from ui.speech import LOUD_VOLUME, NORMAL_VOLUME, create_read_aloud


@pytest.fixture
def speech(qapp):
    reader = create_read_aloud("mock")
    assert reader is not None, "QtTextToSpeech must load (libpulse0 is installed by setup)"
    yield reader
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
