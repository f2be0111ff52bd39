"""Portrait, reach and scrolling (issue 15, point 7): the top bar is at most two rows high in
every language, low reach puts every control in the lower part of the screen, the scroll arrows
are touch targets, and a finger (or the left mouse button) flicks the results and the detail
screen while a tap on a card still opens it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSlider, QScroller, QStyle, QStyleOptionSlider, QWidget

from tests.ui.accessibility_checks import visible_buttons
from tests.ui.conftest import Visitor
from tests.ui.test_languages import settle
from ui.accessibility import LOW_REACH_LANDSCAPE, LOW_REACH_PORTRAIT

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)
#: Always in the bar (DESIGN.md); read-aloud where the language has a voice.
ALWAYS_VISIBLE = ("nav_home", "nav_back", "nav_language", "nav_large_text", "nav_read_aloud")
MM_AT_96_DPI = 25.4 / 96


def _bar_rows(nav) -> int:
    """Rows of controls as they are on screen (by their vertical centres), not as the bar
    says."""
    centres: list[int] = []
    for button in visible_buttons(nav):
        y = button.mapTo(nav, button.rect().center()).y()
        if not any(abs(y - other) < button.height() // 2 for other in centres):
            centres.append(y)
    return len(centres)


def _bar_problems(window, lang: str) -> list[str]:
    nav = window.nav
    problems = []
    for name in ALWAYS_VISIBLE:
        button = nav.findChild(QWidget, name)
        if not button.isVisible():
            problems.append(f"{lang}: {name} not in the bar")
    for button in visible_buttons(nav):
        rect = button.geometry().translated(button.parentWidget().mapTo(window, QPoint()))
        if not window.rect().contains(rect):
            problems.append(f"{lang}: {button.objectName()} sticks out of the window: {rect}")
        if button.width() < button.sizeHint().width() - 1:
            problems.append(f"{lang}: {button.objectName()} squeezed to {button.width()} px")
    return problems


def _walk_languages(qtbot, window, visitor):
    """Every enabled language on the age screen, with read-aloud shown as for a voice."""
    visitor.start_in("de")
    for language in window.data.languages():
        window._localizer.set_language(language.code)
        window.nav.set_language_name(language.endonym)
        window.nav.set_speech_offered(True)
        window.nav.show_speech(True)
        settle()
        yield language.code


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_the_top_bar_is_at_most_two_rows_in_every_language(qtbot, make_window, size, large):
    window = make_window(size=size)
    visitor = Visitor(qtbot, window)
    if large:
        visitor.tap("attract_large_text")
    problems, rows = [], {}
    for lang in _walk_languages(qtbot, window, visitor):
        rows[lang] = _bar_rows(window.nav)
        assert rows[lang] == window.nav.arrangement().rows, lang
        problems += _bar_problems(window, lang)
    limit = 1 if size == LANDSCAPE and not large else 2
    assert all(count <= limit for count in rows.values()), rows
    assert not problems, "\n".join(problems)
    assert window.nav.height() < window.height() * (0.13 if size == PORTRAIT else 0.15)


def test_contrast_and_low_reach_behind_display_in_portrait(qtbot, make_window):
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    visitor.start_in("ar")
    nav = window.nav
    assert nav.arrangement().collapsed, "portrait: contrast and low reach in the Display panel"
    assert not nav.contrast.isVisible() and nav.display.isVisible()
    assert nav.display.accessibleName()
    visitor.tap("nav_display")
    panel = nav.display_panel
    assert panel.isVisible() and nav.contrast.isVisible() and nav.low_reach.isVisible()
    assert window.rect().contains(panel.geometry()), "the panel stays on the screen"
    assert panel.geometry().top() >= nav.mapTo(window, QPoint(0, nav.height())).y() - 1
    visitor.tap("nav_contrast")
    assert window.access.modes.high_contrast and panel.isVisible(), "stays open for more"
    # A tap anywhere else closes it (and does what it taps).
    visitor.tap("age_27-plus")
    visitor.on("need")
    assert not panel.isVisible()
    visitor.tap("nav_display")
    visitor.tap("nav_display")
    assert not panel.isVisible()
    visitor.tap("nav_display")
    visitor.tap("nav_home")
    visitor.on("attract")
    assert not panel.isVisible() and not window.access.modes.any()


# -- low reach -------------------------------------------------------------------------------
def _controls(window) -> list[QWidget]:
    """Everything a visitor can operate now: buttons and scroll bars."""
    sliders = [s for s in window.findChildren(QAbstractSlider) if s.isVisible()]
    return [*visible_buttons(window), *sliders]


def _highest(window) -> tuple[str, int]:
    tops = {w.objectName(): w.mapTo(window, QPoint(0, 0)).y() for w in _controls(window)}
    name = min(tops, key=tops.get)
    return name, tops[name]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_low_reach_puts_every_control_in_the_lower_part(qtbot, make_window, size, large):
    window = make_window(size=size)
    visitor = Visitor(qtbot, window)
    band = LOW_REACH_PORTRAIT if size == PORTRAIT else LOW_REACH_LANDSCAPE
    limit = round(band * window.height()) - 1
    if large:
        visitor.tap("attract_large_text")
    visitor.tap("attract_low_reach")
    settle()
    high = []

    def check(screen: str) -> None:
        settle()
        assert (window.width(), window.height()) == size, "the window keeps its size"
        name, top = _highest(window)
        if top < limit:
            high.append(f"{screen}: {name} at {top} px, above {limit}")

    check("attract")
    visitor.tap("attract_start")
    visitor.on("language")
    check("language")
    visitor.tap("lang_ti")
    visitor.on("age")
    check("age")
    visitor.tap("age_27-plus")
    visitor.on("need")
    check("need")
    if not window.nav.contrast.isVisible():
        visitor.tap("nav_display")
        check("need with the Display panel open")
        visitor.tap("nav_display")
    visitor.tap("need_skip")
    visitor.on("results")
    check("results")
    visitor.tap(f"offer_{window.results.cards[0].offer_id}")
    visitor.on("detail")
    check("detail")
    assert not high, "\n".join(high)
    visitor.tap_mode("nav_low_reach")
    settle()
    _, top = _highest(window)
    assert top < limit, "off again: the bar is back at the top"


def test_highest_control_on_a_24_inch_portrait_stele(qtbot, make_window):
    """Measured at 96 dpi (1080×1920 px = 286×508 mm): without low reach the highest control
    is at the top edge; with it, no control is more than 55 % of the height (279 mm) above the
    screen's bottom edge."""
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    settle()
    _, top = _highest(window)
    normal_mm = (window.height() - top) * MM_AT_96_DPI
    visitor.tap_mode("nav_low_reach")
    settle()
    _, top = _highest(window)
    low_mm = (window.height() - top) * MM_AT_96_DPI
    assert normal_mm > 480, normal_mm
    assert low_mm <= 0.55 * 1920 * MM_AT_96_DPI + 0.5, low_mm


# -- scroll affordances ----------------------------------------------------------------------
def _scroll_parts(bar) -> dict[str, tuple[int, int]]:
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    style, control = bar.style(), QStyle.ComplexControl.CC_ScrollBar
    parts = {}
    for name, sub in (
        ("up arrow", QStyle.SubControl.SC_ScrollBarSubLine),
        ("down arrow", QStyle.SubControl.SC_ScrollBarAddLine),
        ("handle", QStyle.SubControl.SC_ScrollBarSlider),
    ):
        rect = style.subControlRect(control, option, sub, bar)
        parts[name] = (rect.width(), rect.height())
    return parts


@pytest.mark.parametrize("mode", [None, "attract_large_text", "attract_contrast"])
def test_scroll_arrows_and_handle_are_at_least_15_mm(qtbot, make_window, mode, metrics):
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    if mode:
        visitor.tap(mode)
    visitor.results_for("de", "27-plus")
    settle()
    need = metrics.mm(15) - 1
    bar = window.results.scroll.verticalScrollBar()
    assert bar.isVisible() and bar.maximum() > 0
    assert bar.width() >= need
    parts = _scroll_parts(bar)
    assert parts["up arrow"][0] >= need and parts["up arrow"][1] >= need, parts
    assert parts["down arrow"][0] >= need and parts["down arrow"][1] >= need, parts
    assert parts["handle"][1] >= need, parts
    assert bar.accessibleName(), "the scroll bar says what it is"
    # One tap on the lower arrow moves the list a good part of a screen, not 20 px.
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.rect().bottomLeft() + QPoint(5, -5))
    assert bar.value() >= window.results.scroll.viewport().height() // 4


# -- flicking --------------------------------------------------------------------------------
def _drag(widget: QWidget, distance: int, steps: int = 12) -> None:
    """Press, move upwards in steps (a finger pushing the list up), release."""
    start = widget.rect().center()
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, steps + 1):
        QTest.mouseMove(widget, start - QPoint(0, distance * step // steps))
        QTest.qWait(8)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=start - QPoint(0, distance))


def test_results_and_detail_have_a_kinetic_scroller(qtbot, make_window):
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    assert QScroller.hasScroller(window.results.scroll.viewport())
    visitor.tap(f"offer_{window.results.cards[0].offer_id}")
    visitor.on("detail")
    assert QScroller.hasScroller(window.detail.scroll.viewport())


def test_a_flick_scrolls_the_results_and_opens_nothing(qtbot, make_window, metrics):
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    settle()
    bar = window.results.scroll.verticalScrollBar()
    chosen = []
    window.results.offer_chosen.connect(chosen.append)
    card = window.results.cards[1]
    _drag(card, metrics.mm(40))
    qtbot.waitUntil(lambda: bar.value() > metrics.mm(30), timeout=2000)
    # It glides on after the finger lifts, then stops.
    scroller = QScroller.scroller(window.results.scroll.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=5000)
    assert not chosen and window.current_screen() == "results"
    assert not card.isDown(), "the card let go of the press"


def test_a_tap_on_a_card_with_a_little_jitter_still_opens_it(qtbot, make_window, metrics):
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    settle()
    card = window.results.cards[0]
    _drag(card, metrics.mm(2), steps=2)  # a finger never stays quite still
    visitor.on("detail")
    assert window.detail.offer().id == card.offer_id
    assert window.results.scroll.verticalScrollBar().value() == 0


def test_a_tap_on_a_gliding_list_only_stops_it(qtbot, make_window, metrics):
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    settle()
    chosen = []
    window.results.offer_chosen.connect(chosen.append)
    scroller = QScroller.scroller(window.results.scroll.viewport())
    _drag(window.results.cards[0], metrics.mm(60), steps=6)
    assert scroller.state() == QScroller.State.Scrolling
    card = next(c for c in window.results.cards if c.visibleRegion().boundingRect().height() > 50)
    QTest.mouseClick(
        card, Qt.MouseButton.LeftButton, pos=card.visibleRegion().boundingRect().center()
    )
    assert scroller.state() != QScroller.State.Scrolling
    settle()
    assert not chosen and window.current_screen() == "results"
    # The next tap is a tap again.
    QTest.mouseClick(
        card, Qt.MouseButton.LeftButton, pos=card.visibleRegion().boundingRect().center()
    )
    visitor.on("detail")


def test_a_finger_flicks_the_detail_screen_and_taps_the_results(qtbot, make_window):
    """Real touch events (a touch screen that sends them): Qt turns them into mouse events
    for the cards and the text, and they flick the same way."""
    window = make_window(size=PORTRAIT)
    visitor = Visitor(qtbot, window)
    device = QTest.createTouchDevice()
    visitor.results_for("de", "27-plus")
    settle()
    card = window.results.cards[0]
    centre = card.mapTo(window, card.rect().center())
    QTest.touchEvent(window, device).press(0, centre, window).commit()
    QTest.qWait(30)
    QTest.touchEvent(window, device).release(0, centre, window).commit()
    visitor.on("detail")
    scroll = max(
        (a for a in window.detail.findChildren(type(window.detail.scroll)) if a.isVisible()),
        key=lambda a: a.verticalScrollBar().maximum(),
    )
    bar = scroll.verticalScrollBar()
    if bar.maximum() <= 0:
        pytest.skip("this offer's detail fits without scrolling")
    viewport = scroll.viewport()
    start = viewport.mapTo(window, viewport.rect().center())
    QTest.touchEvent(window, device).press(0, start, window).commit()
    for step in range(1, 11):
        QTest.qWait(8)
        QTest.touchEvent(window, device).move(0, start - QPoint(0, 30 * step), window).commit()
    QTest.touchEvent(window, device).release(0, start - QPoint(0, 300), window).commit()
    qtbot.waitUntil(lambda: bar.value() > 100, timeout=2000)
    assert window.current_screen() == "detail"
