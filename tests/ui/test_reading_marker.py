"""The reading marker: while read-aloud speaks, the sentence being read shows below the screen
— and goes when reading stops, on a screen change and on the reset; coming and going, it moves
none of the screen's controls. Qt's mock engine speaks
English only; other languages and directions are shown the way the engine's report shows them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from kiosk.i18n import load_catalogue
from tests.ui.conftest import Visitor
from tests.ui.test_languages import check_screen, settle
from ui.spoken import split_sentences
from ui.theme import HIGH_CONTRAST
from ui.widgets.reading_marker import ReadingMarker

PORTRAIT = (1080, 1920)


def marker_of(window) -> ReadingMarker:
    marker = window.findChild(ReadingMarker, "reading_marker")
    assert marker is not None, "the window has a reading marker"
    return marker


def on_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size())


def controls_covered(window, marker: ReadingMarker) -> list[str]:
    """Visible buttons of the window that the marker lies over."""
    from PySide6.QtWidgets import QAbstractButton

    strip = on_window(marker)
    return [
        button.objectName()
        for button in window.findChildren(QAbstractButton)
        if button.isVisible() and on_window(button).intersects(strip)
    ]


def test_the_sentence_being_read_shows_and_goes_when_reading_ends(qtbot, make_window, mock_speech):
    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    marker = marker_of(window)
    visitor.start_in("en")
    assert not marker.isVisible(), "nothing shows before anything is read"
    told: list[tuple[str, str]] = []
    mock_speech.sentence_started.connect(lambda text, code: told.append((text, code)))

    visitor.tap("nav_read_aloud")
    qtbot.waitUntil(marker.isVisible, timeout=3000)
    expected = split_sentences(mock_speech.last_text)
    assert len(expected) >= 2, "the age screen has a title and choices"
    # It shows what the voice is reading now, and each sentence in turn.
    qtbot.waitUntil(lambda: len(told) >= 2, timeout=10_000)
    assert [text for text, _ in told] == expected[: len(told)]
    assert all(code == "en" for _, code in told)
    if mock_speech.is_speaking():
        assert marker.text() == mock_speech.current_sentence[0]
    # Below the screen, over no control, named for assistive technology.
    assert on_window(marker).top() >= on_window(window.stack).bottom()
    assert not controls_covered(window, marker)
    en = load_catalogue("en")
    assert marker.accessibleName() == en._("Text being read aloud")
    assert marker.caption.text() == en._("Being read aloud now:")
    # When the last sentence is read, it is gone.
    qtbot.waitUntil(lambda: not mock_speech.is_speaking(), timeout=30_000)
    assert [text for text, _ in told] == expected
    assert not marker.isVisible() and marker.text() == ""


def test_the_marker_keeps_one_height_for_a_reading(qtbot, make_window, mock_speech):
    """The screen below does not jump from a short sentence to a long one."""
    window = make_window(speech=lambda: mock_speech, size=PORTRAIT)
    marker = marker_of(window)
    Visitor(qtbot, window).start_in("en")
    long = "Counselling in many languages, " * 4 + "for every visitor."
    reading = [("Short.", "en"), (long, "en")]
    marker.show_sentence("Short.", "en", reading)
    qtbot.waitUntil(marker.isVisible, timeout=2000)
    short_height = marker.height()
    marker.show_sentence(long, "en", reading)
    settle()
    assert marker.height() == short_height
    # … and that height holds the long sentence.
    text = marker.sentence
    assert text.heightForWidth(text.width()) <= text.height() + 1
    marker.clear()


def test_stop_screen_change_and_reset_each_end_the_marker(qtbot, make_window, mock_speech):
    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    marker = marker_of(window)
    visitor.start_in("en")

    def reading() -> None:
        visitor.tap("nav_read_aloud")
        qtbot.waitUntil(marker.isVisible, timeout=3000)

    reading()
    visitor.tap("nav_read_stop")
    assert not marker.isVisible(), "the stop button"
    reading()
    visitor.tap("age_27-plus")
    visitor.on("need")
    assert not marker.isVisible(), "a screen change"
    reading()
    visitor.tap("nav_home")
    visitor.on("attract")
    assert not marker.isVisible(), "the reset for the next visitor"
    # A sentence reported late by the engine (from before the reset) shows nothing.
    assert not mock_speech.is_speaking()


@pytest.mark.parametrize(
    "lang,sentence",
    [
        ("ar", "نقدم لكم الاستشارة بلغات كثيرة، مجانًا ودون موعد مسبق."),
        ("zh-Hans", "我们用多种语言为您提供免费咨询，无需预约。"),
    ],
)
def test_rtl_chinese_large_text_portrait_and_contrast(
    qtbot,
    make_window,
    mock_speech,
    lang,
    sentence,
    metrics,
):
    """As the marker shows a sentence the engine reports: in the sentence's direction, large
    text and high contrast followed, nothing clipped, no control covered (portrait)."""
    window = make_window(speech=lambda: mock_speech, size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    marker = marker_of(window)
    visitor.start_in(lang)
    visitor.tap_mode("nav_large_text")
    visitor.tap_mode("nav_contrast")
    if window.nav.display.isChecked():
        visitor.tap("nav_display")  # the panel of display modes closes (it lies over all)
    marker.show_sentence(sentence, lang, [(sentence, lang)])
    qtbot.waitUntil(marker.isVisible, timeout=2000)
    rtl = lang == "ar"
    expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    assert marker.sentence.layoutDirection() == expected
    assert marker.layoutDirection() == window.layoutDirection()
    assert marker.sentence.palette().color(marker.sentence.foregroundRole()).name() == (
        HIGH_CONTRAST.on_highlight
    )
    assert marker.sentence.font().pixelSize() > window.nav.font().pixelSize()
    assert not controls_covered(window, marker)
    assert on_window(marker).top() >= on_window(window.stack).bottom()
    problems = [p for p in check_screen(window, metrics, lang, "age") if "reading_marker" in p]
    assert not problems, "\n".join(problems)
    window.reset()
    assert not marker.isVisible()


def test_an_english_part_on_an_arabic_screen_reads_left_to_right(qtbot, make_window, mock_speech):
    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    marker = marker_of(window)
    visitor.start_in("ar")
    marker.show_sentence("Open now, until 16:00.", "en")
    assert marker.sentence.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert marker.layoutDirection() == Qt.LayoutDirection.RightToLeft, "the strip is Arabic"
    marker.clear()


def test_the_controls_a_visitor_reaches_for_do_not_move(qtbot, make_window, mock_speech):
    """The strip comes while a visitor may be reaching for a tile: no tile and no button of
    the top bar moves when it comes or goes."""
    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    marker = marker_of(window)
    visitor.start_in("en")

    def places() -> dict[str, QRect]:
        settle()
        names = [tile.objectName() for tile in window.age.grid.tiles()]
        names += ["nav_home", "nav_back", "nav_read_aloud", "nav_read_stop"]
        return {name: on_window(visitor.find(name)) for name in names}

    before = places()
    visitor.tap("nav_read_aloud")
    qtbot.waitUntil(marker.isVisible, timeout=3000)
    assert places() == before, "while the strip shows"
    visitor.tap("nav_read_stop")
    assert not marker.isVisible()
    assert places() == before, "after it went"
