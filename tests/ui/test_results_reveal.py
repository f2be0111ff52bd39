"""A long result list: the cards that fill the view come with the first frame, the rest right
after it (ResultsScreen.revealed), in order, once each, also across a language switch and a
visitor who leaves the list before it is complete."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


def _to_need_screen(visitor, lang: str = "de") -> None:
    visitor.start_in(lang)
    visitor.tap("age_27-plus")
    visitor.on("need")


def _shown_in_order(window) -> list[str]:
    layout = window.results._list_layout
    widgets = [layout.itemAt(i).widget() for i in range(layout.count())]
    return [w.offer_id for w in widgets if w is not None and w.isVisible()]


class _FirstPaint(QObject):
    """Which cards are shown when the results screen paints for the first time."""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.shown: list[str] | None = None
        self.visible_height = 0

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.shown is None:
            results = self.window.results
            cards = [c for c in results.cards if c.isVisible()]
            self.shown = [c.offer_id for c in cards]
            if cards:
                last = cards[-1]
                self.visible_height = last.mapTo(results._content, last.rect().bottomLeft()).y()
        return False


def test_the_first_frame_holds_the_cards_that_fill_the_view_and_the_rest_follow(
    visitor, window, qtbot
):
    _to_need_screen(visitor)
    spy = _FirstPaint(window)
    window.results.installEventFilter(spy)
    visitor.tap("need_skip")
    # (the tap has filled the list; nothing has been drawn yet)
    results = window.results
    assert len(results.cards) > 8, "the seed's list for 27+ must be long enough to need this"
    assert not results.revealed()
    qtbot.waitUntil(lambda: spy.shown is not None, timeout=3000)
    window.results.removeEventFilter(spy)
    ranked = [card.offer_id for card in results.cards]
    assert spy.shown == ranked[: len(spy.shown)], "the first frame shows the top of the list"
    assert len(spy.shown) < len(ranked)
    assert spy.visible_height >= results.scroll.viewport().height(), "the view is filled"
    qtbot.waitUntil(results.revealed, timeout=3000)
    assert _shown_in_order(window) == ranked
    assert results.scroll.verticalScrollBar().maximum() > 0


def test_a_language_switch_while_the_list_fills_ends_with_every_card_once(visitor, window, qtbot):
    _to_need_screen(visitor)
    visitor.tap("need_skip")
    ranked = [card.offer_id for card in window.results.cards]
    assert not window.results.revealed()
    window._localizer.set_language("ar")  # before the rest of the list has come
    qtbot.waitUntil(window.results.revealed, timeout=3000)
    # (the same offers, in the order for an Arabic reader: language fit ranks them)
    reranked = [card.offer_id for card in window.results.cards]
    assert sorted(reranked) == sorted(ranked)
    assert _shown_in_order(window) == reranked
    ar = window._localizer.catalogue_for("ar")
    assert window.results.title.text() == ar._("Offers for you")


def test_a_visitor_who_leaves_the_list_early_finds_it_whole_on_the_way_back(visitor, window, qtbot):
    _to_need_screen(visitor)
    visitor.tap("need_skip")
    first = window.results.cards[0]
    qtbot.waitUntil(first.isVisible, timeout=2000)
    visitor.tap(f"offer_{first.offer_id}")  # at once, before the rest has come
    visitor.on("detail")
    for _ in range(20):  # (time passes on the detail screen: the hidden list does not fill)
        QApplication.processEvents()
    visitor.tap("nav_back")
    visitor.on("results")  # (waits for the whole list, as a visitor sees it a moment later)
    assert _shown_in_order(window) == [card.offer_id for card in window.results.cards]


def test_the_shortest_list_is_complete_with_its_first_frame(make_window, qtbot):
    from tests.conftest import MONDAY_AFTERNOON
    from tests.ui.conftest import Visitor

    window = make_window(size=(1080, 1920))  # (portrait: room for three cards)
    visitor = Visitor(qtbot, window)
    data = window._data
    count, band_id, need_id = min(
        (len(data.results("de", band.id, need.id, MONDAY_AFTERNOON)), band.id, need.id)
        for band in data.age_bands()
        for need in data.needs()
    )
    assert count <= 3, "the seed has a choice with at most three offers"
    visitor.start_in("de")
    visitor.tap(f"age_{band_id}")
    visitor.on("need")
    visitor.tap(f"need_{need_id}")
    assert len(window.results.cards) == count
    assert window.results.revealed()  # (they fit in the view: nothing follows)


def test_cards_below_the_first_frame_come_in_the_new_language(visitor, window, qtbot):
    """After a language switch only the cards in view are filled before the first frame; the
    others get their texts when they come, and read-aloud reads every card in the new language
    even before that."""
    from PySide6.QtCore import QCoreApplication

    from ui.presenting import present

    _to_need_screen(visitor)
    visitor.tap("need_skip")
    visitor.on("results")
    results = window.results
    window._localizer.set_language("ar")
    # (the re-translation itself, without the frame that follows it)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    ar = window._localizer.catalogue_for("ar")
    assert results.title.text() == ar._("Offers for you")
    assert not results.revealed(), "the cards below the view wait for the first frame"
    spoken = results.spoken_text()
    settings = window._data.current_settings()
    now = results._clock()
    expected = {
        card.offer_id: present(
            ar,
            window._data.offer(card.offer_id),
            now,
            hint=match.hint,
            verify_after_months=settings.verify_after_months,
        )
        for card, match in zip(results.cards, results.matches, strict=True)
    }
    for card in results.cards:
        view = expected[card.offer_id]
        assert card.headline() == (view.headline or view.summary or view.name)
        assert card.labels["opening"].text() == view.opening
        assert card.headline() in spoken
    qtbot.waitUntil(results.revealed, timeout=3000)
    for card in results.cards:
        assert card.labels["opening"].text() == expected[card.offer_id].opening
