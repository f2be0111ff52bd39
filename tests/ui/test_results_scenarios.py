"""Visitor scenarios on the results screen: which cards, in which order, what each says, and
the ways forward — on the scenario offers of tests/unit/test_visitor_scenarios.py (the clock
of the UI tests: Monday 23 November 2026, 14:30), and a few robust facts on the real seed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.db.connection import open_database
from kiosk.domain.hours import OpenState
from kiosk.domain.models import OfferKind
from kiosk.i18n import load_catalogue
from kiosk.visitor import VisitorCatalogue
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.conftest import Visitor
from tests.unit.test_visitor_scenarios import build_scenario_db
from ui.screens.results import ALL_FOR_AGE, GENERAL


@pytest.fixture
def scenario_catalogue(tmp_path):
    conn = open_database(build_scenario_db(tmp_path))
    yield VisitorCatalogue(conn)
    conn.close()


@pytest.fixture
def scenario_window(make_window):
    """The kiosk window on the scenario offers (``make_window`` builds on ``catalogue``)."""
    return make_window()


@pytest.fixture
def catalogue(request, conn):
    """The scenario offers for the scenario tests, the real seed for the ``seed_`` ones."""
    if request.node.name.startswith("test_seed_"):
        return VisitorCatalogue(conn)
    return request.getfixturevalue("scenario_catalogue")


def again(visitor: Visitor, lang: str, band: str, need: str | None = None) -> list[str]:
    """The next visitor (home, then the journey again)."""
    visitor.tap("nav_home")
    visitor.on("attract")
    return visitor.results_for(lang, band, need)


def shown(window) -> list[str]:
    return [card.offer_id for card in window.results.cards if card.isVisible()]


def card(window, offer_id):
    return next(c for c in window.results.cards if c.offer_id == offer_id)


# -- order and what the cards say --------------------------------------------------------------
def test_tigrinya_adult_sees_the_tigrinya_offer_first_and_the_unreachable_last(
    qtbot, scenario_window
):
    window = scenario_window
    ids = Visitor(qtbot, window).results_for("ti", "27-plus")
    ranked = [m.offer.id for m in window._data.results("ti", "27-plus", None, MONDAY_AFTERNOON)]
    assert ids == ranked
    assert ids[0] == "assoc-ti" and ids[-2:] == ["club-nocontact", "online-noweb"]
    for never in ("jmd-fix", "closed-org", "online-young", "online-off"):
        assert never not in ids
    ti = load_catalogue("ti")
    first = card(window, "assoc-ti")
    assert first.labels["badge"].isVisible()
    assert first.headline() == "ምኽሪ assoc-ti", "the summary in Tigrinya is the headline"
    assert first.official_name() == "Stelle assoc-ti", "the German name below it"
    assert first.labels["hint"].text() == ti._(
        "Opening hours are not known. Please call before you go."
    )
    last = card(window, "club-nocontact")
    assert last.labels["hint"].text() == ti._(
        "No address or phone number is known. Please ask at the counter."
    )
    assert not window.results.language_notice.isVisible(), "someone speaks Tigrinya"


def test_each_card_has_its_kind_pictogram_and_open_state_as_icon_and_words(qtbot, scenario_window):
    window = scenario_window
    Visitor(qtbot, window).results_for("de", "27-plus")
    de = load_catalogue("de")
    mbe = card(window, "mbe-fix")
    assert mbe.kind_icon.kind is OfferKind.MBE and mbe.kind_icon.isVisible()
    # Monday 14:30: the morning office opens again tomorrow, the afternoon one is open now.
    assert mbe.open_state.state() is OpenState.OPENS_LATER
    assert mbe.open_state.icon.name == "state-opens-later" and mbe.open_state.icon.isVisible()
    assert mbe.open_state.text() == de._(
        "Next opening: {when}", when=de._("tomorrow {time}", time="09:00")
    )
    afternoon = card(window, "assoc-open")
    assert afternoon.open_state.state() is OpenState.OPEN_NOW
    assert afternoon.open_state.icon.name == "state-open"
    assert card(window, "assoc-ti").open_state.icon.name == "state-unknown"
    old = card(window, "old-open")
    assert "2011" in old.labels["hint"].text()


@pytest.mark.parametrize("lang", ["ar", "fa-AF"])
def test_right_to_left_cards_are_right_aligned(qtbot, scenario_window, lang):
    window = scenario_window
    visitor = Visitor(qtbot, window)
    visitor.results_for(lang, "27-plus")
    for shown_card in window.results.cards:
        for part in ("summary", "name", "opening", "hint"):
            label = shown_card.labels[part]
            if label.isVisible():
                assert label.alignment() & Qt.AlignmentFlag.AlignRight, (shown_card.offer_id, part)
                assert label.alignment() & Qt.AlignmentFlag.AlignAbsolute
    again(visitor, "de", "27-plus")
    label = window.results.cards[0].labels["summary"]
    assert label.alignment() & Qt.AlignmentFlag.AlignLeft


# -- no one speaks the language; closed offices ---------------------------------------------------
def test_nobody_speaks_arabic_says_so_in_arabic_with_online_help(qtbot, scenario_window):
    window = scenario_window
    ids = Visitor(qtbot, window).results_for("ar", "18-26", "family")
    assert set(ids) == {"assoc-ti", "assoc-open", "online-young"}
    ar = load_catalogue("ar")
    notice = window.results.language_notice
    assert notice.isVisible()
    expected = ar._(
        "No offer here says that its counsellors speak {language}.",
        language=ar.language_name("ar"),
    )
    assert notice.text().startswith(expected)
    assert ar._("You can also ask at the counter whether an interpreter can help.") in notice.text()
    codes = [code for code in window.results.online_codes if code.isVisible()]
    assert [code.payload() for code in codes] == ["https://online-young.example.org/"]


def test_adult_online_code_never_for_an_inactive_or_web_less_service(qtbot, scenario_window):
    window = scenario_window
    Visitor(qtbot, window).results_for("uk", "27-plus")  # no one speaks Ukrainian
    payloads = [code.payload() for code in window.results.online_codes if code.isVisible()]
    assert payloads == ["https://online-adult.example.org/"]
    assert window.results.online_offers[0].id == "online-adult"


# -- never a dead end -----------------------------------------------------------------------------
def test_an_empty_result_has_two_one_tap_ways_forward(qtbot, scenario_window):
    window = scenario_window
    visitor = Visitor(qtbot, window)
    assert visitor.results_for("ar", "under-12", "work") == []
    results = window.results
    assert results.empty.isVisible()
    assert results.all_for_age.isVisible() and results.general.isVisible()
    ar = load_catalogue("ar")
    assert results.all_for_age.title() == ar._("All offers for your age")

    visitor.tap("results_all_for_age")
    assert results.mode() == ALL_FOR_AGE
    qtbot.waitUntil(results.revealed, timeout=2000)  # (a long list: the rest follows the frame)
    for_children = shown(window)
    expected = [m.offer.id for m in window._data.results("ar", "under-12", None, MONDAY_AFTERNOON)]
    assert for_children == expected and for_children
    assert "mbe-fix" not in for_children and "jmd-fix" not in for_children
    assert not results.empty.isVisible()

    assert again(visitor, "ar", "under-12", "work") == []
    visitor.tap("results_general")
    assert results.mode() == GENERAL
    qtbot.waitUntil(results.revealed, timeout=2000)
    assert shown(window) == ["city-office"]


# -- robust facts on the real seed -------------------------------------------------------------
@pytest.mark.parametrize("lang", ["ti", "zh-Hans", "ar"])
def test_seed_jmd_never_for_adults_mbe_never_for_young_and_screen_follows_the_core(
    qtbot, make_window, lang
):
    window = make_window()
    visitor = Visitor(qtbot, window)
    for number, (band, never) in enumerate((("27-plus", OfferKind.JMD), ("18-26", OfferKind.MBE))):
        ids = again(visitor, lang, band) if number else visitor.results_for(lang, band)
        assert ids == [m.offer.id for m in window._data.results(lang, band, None, MONDAY_AFTERNOON)]
        assert not [i for i in ids if window._data.offer(i).kind is never]
        assert all(window._data.offer(i).active for i in ids)


def test_seed_the_scarcest_choices_lead_on(qtbot, make_window):
    """On the real seed, the three choices with the fewest offers: an empty one shows the ways
    forward, any other exactly its offers and no "nothing matches" notice."""
    window = make_window()
    visitor = Visitor(qtbot, window)
    data = window._data
    choices = sorted(
        (len(data.results("de", band.id, need.id, MONDAY_AFTERNOON)), band.id, need.id)
        for band in data.age_bands()
        for need in data.needs()
    )
    for number, (count, band_id, need_id) in enumerate(choices[:3]):
        go = again if number else (lambda v, *a: v.results_for(*a))
        ids = go(visitor, "de", band_id, need_id)
        assert len(ids) == count
        assert window.results.empty.isVisible() == (count == 0)
        if count == 0:
            assert window.results.all_for_age.isVisible()
