"""From the start screen, three taps to a result list and four to an offer, in every language.

A greeting on the start screen is its language's button; the age and the need are one tap each
(the need screen's "show all" is one tap too).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from tests.ui.test_languages import ENABLED, RIGHT_TO_LEFT


class CountingVisitor:
    """Taps like tests.ui.conftest.Visitor and counts every tap."""

    def __init__(self, visitor):
        self.visitor = visitor
        self.taps = 0

    def tap(self, name: str) -> None:
        self.visitor.tap(name)
        self.taps += 1

    def on(self, screen: str) -> None:
        self.visitor.on(screen)


@pytest.mark.parametrize("lang", ENABLED)
def test_three_taps_to_results_and_four_to_an_offer(visitor, window, lang):
    person = CountingVisitor(visitor)
    person.tap(f"attract_lang_{lang}")
    person.on("age")
    assert window.session.language == lang
    asked = window._localizer.catalogue._("How old are you?")
    visitor.qtbot.waitUntil(lambda: window.age.title.text() == asked, timeout=2000)
    rtl = window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert rtl == (lang in RIGHT_TO_LEFT)
    person.tap("age_27-plus")
    person.on("need")
    person.tap("need_skip")
    person.on("results")
    assert person.taps == 3
    card = next(card for card in window.results.cards if card.isVisible())
    person.tap(f"offer_{card.offer_id}")
    person.on("detail")
    assert person.taps == 4
    assert window.detail.offer().id == card.offer_id


def test_a_chosen_need_is_one_tap_too(visitor, window):
    person = CountingVisitor(visitor)
    person.tap("attract_lang_ti")
    person.on("age")
    person.tap("age_18-26")
    person.on("need")
    person.tap("need_papers")
    person.on("results")
    assert person.taps == 3
    assert window.session.need_id == "papers"


def test_back_from_the_age_step_offers_the_language_grid(visitor, window):
    visitor.tap("attract_lang_ar")
    visitor.on("age")
    visitor.tap("nav_back")
    visitor.on("language")
    visitor.tap("lang_de")
    visitor.on("age")
    assert window.session.language == "de"


def test_a_tap_beside_the_greetings_still_opens_the_language_grid(visitor, window, qtbot):
    visitor.tap("attract_start")
    visitor.on("language")
    visitor.tap("nav_home")
    visitor.on("attract")
    title = window.attract.title
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    visitor.on("language")


def test_persian_and_dari_are_two_buttons_named_in_their_own_language(window):
    from PySide6.QtWidgets import QPushButton

    fa = window.findChild(QPushButton, "attract_lang_fa")
    dari = window.findChild(QPushButton, "attract_lang_fa-AF")
    assert fa.isVisible() and dari.isVisible()
    assert fa.accessibleName() and dari.accessibleName()
    assert fa.accessibleName() != dari.accessibleName()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_every_greeting_is_on_screen_without_scrolling(qtbot, make_window, size, metrics):
    from PySide6.QtWidgets import QPushButton

    window = make_window(size=size)
    view = window.attract._scroll.viewport()
    qtbot.waitUntil(lambda: view.width() > size[0] // 2, timeout=2000)  # laid out
    for code in ENABLED:
        button = window.findChild(QPushButton, f"attract_lang_{code}")
        top_left = button.mapTo(view, QPoint(0, 0))
        inside = view.rect().contains(top_left) and view.rect().contains(
            top_left + QPoint(button.width() - 1, button.height() - 1)
        )
        assert inside, (
            f"{code}: greeting button {top_left} {button.size()} not in {view.rect()} at {size}"
        )
        assert button.height() >= metrics.touch_min, f"{code}: too small to tap"
