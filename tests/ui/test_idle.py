"""Idle time-out: a warning with "More time", then a full reset to the start screen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import FAST, Visitor


def test_idle_warning_then_more_time_keeps_the_visitor(make_window, qtbot):
    window = make_window(FAST)
    visitor = Visitor(qtbot, window)
    visitor.results_for("ar", "27-plus")
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=3000)
    assert visitor.sees("هل ما زلت هنا؟")
    visitor.tap("idle_more_time")
    assert not window.idle_warning.isVisible()
    assert window.current_screen() == "results"
    assert window.session.language == "ar"


def test_no_answer_resets_everything(make_window, qtbot):
    window = make_window(FAST)
    visitor = Visitor(qtbot, window)
    visitor.results_for("ar", "18-26", "education")
    with qtbot.waitSignal(window.session_reset, timeout=5000):
        pass
    assert window.current_screen() == "attract"
    assert window.session.language is None and window.session.band_id is None
    assert window.session.need_id is None
    assert window.results.cards == []
    assert window._localizer.catalogue.code == "de"
    qtbot.waitUntil(lambda: window.layoutDirection().name == "LeftToRight", timeout=2000)
    assert not window.idle_warning.isVisible()


def test_touching_the_screen_postpones_the_warning(make_window, qtbot):
    window = make_window(FAST)
    visitor = Visitor(qtbot, window)
    visitor.start_in("de")
    idle = window._idle
    for _ in range(4):  # four taps, each once the 400 ms idle timer has run more than half
        qtbot.waitUntil(lambda: 0 <= idle.remainingTime() < 200, timeout=2000)
        left = idle.remainingTime()
        qtbot.mouseClick(window.age.subtitle, Qt.MouseButton.LeftButton)
        assert idle.remainingTime() > left, "the tap did not start the idle time again"
        assert not window.idle_warning.isVisible()


def test_start_screen_never_times_out(make_window, qtbot):
    window = make_window(FAST)
    visitor = Visitor(qtbot, window)
    assert not window._idle.isActive(), "no idle time counts on the start screen"
    visitor.start_in("de")
    assert window._idle.isActive()
    visitor.tap("nav_home")
    visitor.on("attract")
    assert not window._idle.isActive(), "back on the start screen, the idle time stops"
    assert not window.idle_warning.isVisible()
