"""A visitor walks the kiosk: language → age → need → results → detail, in de, en and ar."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.i18n import load_catalogue
from tests.conftest import MONDAY_AFTERNOON
from ui.presenting import present

JOURNEY_LANGUAGES = ["de", "en", "ar"]


@pytest.mark.parametrize("lang", JOURNEY_LANGUAGES)
def test_full_journey(visitor, window, lang):
    cat = load_catalogue(lang)
    assert window.current_screen() == "attract"
    assert not window.nav.isVisible(), "no navigation bar on the start screen"
    offers = visitor.results_for(lang, "27-plus")
    assert offers, "an adult gets offers"
    assert visitor.sees(cat._("Offers for you"))
    rtl = Qt.LayoutDirection.RightToLeft
    expected_direction = rtl if lang == "ar" else Qt.LayoutDirection.LeftToRight
    assert window.layoutDirection() == expected_direction
    assert window.results.layoutDirection() == expected_direction
    count = cat.n_("{n} offer", "{n} offers", len(offers))
    assert window.results.subtitle.text().endswith(count)

    first = offers[0]
    visitor.tap(f"offer_{first}")
    visitor.on("detail")
    offer = window.detail.offer()
    assert offer.id == first
    checked = cat._("Information last checked on {date}.", date=cat.date(offer.verified_on))
    assert visitor.sees(checked)
    assert visitor.sees(cat._("Contact"))
    assert window.nav.isVisible()

    visitor.tap("nav_back")
    visitor.on("results")
    visitor.tap("nav_home")
    visitor.on("attract")
    assert window.session.language is None


@pytest.mark.parametrize("lang", JOURNEY_LANGUAGES)
def test_adult_sees_mbe_and_no_jmd(visitor, catalogue, lang):
    shown = visitor.results_for(lang, "27-plus")
    kinds = {catalogue.offer(oid).kind.value for oid in shown}
    assert "mbe" in kinds
    assert "jmd" not in kinds


@pytest.mark.parametrize("lang", JOURNEY_LANGUAGES)
def test_young_adult_sees_jmd_and_no_mbe(visitor, catalogue, lang):
    shown = visitor.results_for(lang, "18-26")
    kinds = {catalogue.offer(oid).kind.value for oid in shown}
    assert "jmd" in kinds
    assert "mbe" not in kinds


def test_offers_without_age_rule_are_shown_to_both(make_window, qtbot, catalogue):
    from tests.ui.conftest import Visitor

    everything = catalogue.results("de", None, None)
    general = {m.offer.id for m in everything if not m.offer.has_age_rule}
    assert general
    for band in ("18-26", "27-plus"):
        visitor = Visitor(qtbot, make_window())
        assert general <= set(visitor.results_for("de", band))


def test_arabic_speaking_offers_come_first_with_a_visible_badge(visitor, window, catalogue):
    shown = visitor.results_for("ar", "27-plus")
    speaking = [oid for oid in shown if "ar" in catalogue.offer(oid).languages]
    assert speaking, "the seed has an offer with Arabic-speaking counsellors"
    assert shown[: len(speaking)] == speaking
    badge = window.findChild(type(window.results.title), f"offer_{speaking[0]}_badge")
    assert badge.isVisible() and badge.text() == load_catalogue("ar")._("✓ Help in your language")


def test_need_filter(visitor, catalogue):
    shown = visitor.results_for("en", "27-plus", "language")
    assert shown
    assert all("language" in catalogue.offer(oid).needs for oid in shown)


def test_fallback_note_when_the_offer_text_is_not_in_the_visitor_language(
    visitor, window, conn, catalogue
):
    from kiosk.db.repository import transaction

    with transaction(conn):  # the seed has Arabic texts for every active offer: remove them
        conn.execute("DELETE FROM offer_text WHERE lang = 'ar'")
    catalogue.reload()
    shown = visitor.results_for("ar", "27-plus")
    visitor.tap(f"offer_{shown[0]}")
    visitor.on("detail")
    assert window.detail.fallback.isVisible()
    assert "الإنجليزية" in window.detail.fallback.text()


def test_german_visitor_sees_no_fallback_note(visitor, window):
    shown = visitor.results_for("de", "27-plus")
    visitor.tap(f"offer_{shown[0]}")
    visitor.on("detail")
    assert not window.detail.fallback.isVisible()


def test_switching_language_on_results_keeps_the_place_and_retranslates(visitor, window, qtbot):
    shown = visitor.results_for("ar", "27-plus")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    visitor.tap("nav_language")
    visitor.on("language")
    visitor.tap("lang_de")
    visitor.on("results")
    de = load_catalogue("de")
    qtbot.waitUntil(lambda: window.results.title.text() == de._("Offers for you"), timeout=2000)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.nav.back.text().endswith(de._("Back"))
    assert set(shown) == {c.offer_id for c in window.results.cards}


def test_a_language_switch_reranks_the_same_cards_without_rebuilding_them(visitor, window, qtbot):
    visitor.results_for("de", "27-plus")
    cards = {card.offer_id: card for card in window.results.cards}
    window._localizer.set_language("ar")
    ar = load_catalogue("ar")
    qtbot.waitUntil(lambda: window.results.title.text() == ar._("Offers for you"), timeout=2000)
    ranked = [m.offer.id for m in window._data.results("ar", "27-plus", None, MONDAY_AFTERNOON)]
    assert [card.offer_id for card in window.results.cards] == ranked
    assert all(cards[card.offer_id] is card for card in window.results.cards)
    layout = window.results._list_layout
    assert [layout.itemAt(i).widget() for i in range(len(ranked))] == window.results.cards
    first = window.results.cards[0]
    shown = present(ar, window._data.offer(first.offer_id), MONDAY_AFTERNOON)
    assert (first.labels["name"].text(), first.labels["opening"].text()) == (
        shown.name,
        shown.opening,
    )
    visitor.tap(first.objectName())
    visitor.on("detail")
    assert window.detail.offer().id == first.offer_id


def test_open_state_uses_the_clock(visitor, window):
    # MONDAY_AFTERNOON is 14:30 on a Monday: the Caritas MSA (Mon 14–16) is open.
    visitor.results_for("de", "27-plus")
    label = window.findChild(type(window.results.title), "offer_msa-caritas-prohlis_opening")
    assert label.text() == load_catalogue("de")._("Open now, until {time}", time="16:00")


def test_touch_targets_are_at_least_15_mm(visitor, window, kiosk_app):
    from PySide6.QtWidgets import QAbstractButton

    _, metrics = kiosk_app
    visitor.results_for("de", "27-plus")
    for screen in ("results", "need", "age", "language"):
        window.stack.setCurrentWidget(window.screens[screen])
        for button in window.findChildren(QAbstractButton):
            if button.isVisible():
                assert button.height() >= metrics.touch_min, button.objectName()
                assert button.width() >= metrics.touch_min, button.objectName()


def test_every_interactive_widget_has_a_name_and_an_accessible_name(visitor, window):
    from PySide6.QtWidgets import QAbstractButton

    visitor.results_for("ar", "27-plus")
    for button in window.findChildren(QAbstractButton):
        assert button.objectName(), button
        if button.isVisible():
            assert button.accessibleName(), button.objectName()


def test_result_cards_are_kept_for_the_next_query_and_hidden_when_not_matching(visitor, window):
    everything = visitor.results_for("de", "27-plus")
    cards = {card.offer_id: card for card in window.results.cards}
    visitor.tap("nav_back")
    visitor.on("need")
    visitor.tap("need_papers")
    visitor.on("results")
    papers = [card.offer_id for card in window.results.cards]
    assert papers and set(papers) < set(everything)
    assert all(cards[card.offer_id] is card for card in window.results.cards)
    assert all(card.isVisible() for card in window.results.cards)
    assert not any(cards[oid].isVisible() for oid in set(everything) - set(papers))
    assert [c.offer_id for c in window.results.cards if c.isVisible()] == papers


@pytest.mark.parametrize("lang", ["de", "ar", "ti"])
def test_every_top_bar_button_shows_its_label_on_every_screen(visitor, window, lang):
    """Home, Back, the language and the display modes carry a caption from the first screen
    after the start on (a bar built after the first frame once showed empty frames)."""
    from PySide6.QtWidgets import QAbstractButton

    def labels_shown(screen: str) -> None:
        visitor.on(screen)
        buttons = [b for b in window.nav.findChildren(QAbstractButton) if b.isVisible()]
        assert {"nav_home", "nav_back", "nav_language"} <= {b.objectName() for b in buttons}
        for button in buttons:
            assert button.text().strip(), f"{button.objectName()} has no label on {screen}"
            assert button.accessibleName(), f"{button.objectName()} unnamed on {screen}"

    visitor.tap("attract_start")
    labels_shown("language")
    visitor.tap(f"lang_{lang}")
    for screen, tap in (("age", "age_27-plus"), ("need", "need_skip"), ("results", None)):
        labels_shown(screen)
        if tap:
            visitor.tap(tap)
    first = next(card for card in window.results.cards if card.isVisible())
    visitor.tap(f"offer_{first.offer_id}")
    labels_shown("detail")
