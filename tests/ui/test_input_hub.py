"""The application's one event filter: watchers get only their event types, the last added is
asked first, one that takes an event ends it, and a watcher goes with its owner."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from ui.input_hub import InputHub


def test_watchers_see_only_their_events_and_the_last_added_decides_first(qapp):
    hub = InputHub.of()
    assert InputHub.of(QApplication.instance()) is hub, "one hub per application"
    owner = QObject()
    seen: list[str] = []

    def first(_watched, event) -> bool:
        seen.append(f"first {event.type().name}")
        return False

    def second(_watched, event) -> bool:
        seen.append(f"second {event.type().name}")
        return event.type() == QEvent.Type.Wheel  # takes wheels, lets the rest pass

    kinds = (QEvent.Type.ContextMenu, QEvent.Type.Wheel)
    before = hub.watching(QEvent.Type.Wheel)
    hub.watch(kinds, first, owner)
    hub.watch(kinds, second, owner)
    try:
        target = QWidget()
        assert not hub.eventFilter(target, QEvent(QEvent.Type.ContextMenu))
        assert seen == ["second ContextMenu", "first ContextMenu"]
        seen.clear()
        assert hub.eventFilter(target, QEvent(QEvent.Type.Wheel))
        assert seen == ["second Wheel"], "a watcher that takes the event ends it"
        seen.clear()
        assert not hub.eventFilter(target, QEvent(QEvent.Type.Paint))
        assert seen == [], "nobody asked for paint events"
    finally:
        hub.unwatch(first)
        hub.unwatch(second)
    assert hub.watching(QEvent.Type.Wheel) == before


def test_a_watcher_goes_with_its_owner(qapp):
    hub = InputHub.of()
    before = hub.watching(QEvent.Type.WhatsThis)
    owner = QObject()
    calls: list[int] = []
    hub.watch((QEvent.Type.WhatsThis,), lambda *_: calls.append(1) or False, owner)
    assert hub.watching(QEvent.Type.WhatsThis) == before + 1
    shiboken6.delete(owner)
    assert hub.watching(QEvent.Type.WhatsThis) == before
    hub.eventFilter(QWidget(), QEvent(QEvent.Type.WhatsThis))
    assert calls == []


def test_the_kiosk_idle_timer_hears_a_tap_through_the_hub(window, qtbot):
    """(The navigator's watcher: any press restarts the visitor's idle timer.)"""
    hub = InputHub.of()
    assert hub.watching(QEvent.Type.MouseButtonPress) >= 2, "idle timer and flick scrolling"
    window.go("language")
    idle = window._idle
    idle.setTimerType(Qt.TimerType.PreciseTimer)  # (a coarse one rounds the time left)
    idle.start(10_000)
    qtbot.waitUntil(lambda: 0 <= idle.remainingTime() < 9_900, timeout=2000)
    left = idle.remainingTime()
    hub.eventFilter(window, QEvent(QEvent.Type.KeyPress))
    assert idle.remainingTime() > left
