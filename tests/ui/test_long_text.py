"""Hostile text on screen: one unbreakable word as long as a sentence must never widen the
fullscreen window, cut off the QR codes or the print button, or outlast the visitor."""

from __future__ import annotations

import pytest

from tests.ui.conftest import Visitor
from tests.ui.test_languages import SIZES, check_screen, settle

OFFER = "mbe-caritas"
LONG_WORD = "Migrationsberatungsstelle" * 8  # 200 letters, no space
LONG_ARABIC = "الاستشارات" * 15


@pytest.fixture
def long_named(conn, catalogue):
    conn.execute(
        "UPDATE offer SET name = ?, provider = ? WHERE id = ?", (LONG_WORD, LONG_WORD, OFFER)
    )
    conn.execute(
        "UPDATE offer_text SET summary = ? WHERE offer_id = ? AND lang = 'ar'", (LONG_ARABIC, OFFER)
    )
    conn.execute(
        "UPDATE offer_text SET summary = ? WHERE offer_id = ? AND lang = 'de'", (LONG_WORD, OFFER)
    )
    conn.commit()
    catalogue.reload()
    assert catalogue.offer(OFFER).name == LONG_WORD
    return catalogue


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_one_long_word_never_widens_the_window(
    qtbot, long_named, make_window, lang, large, metrics
):
    window = make_window(size=SIZES[0])
    visitor = Visitor(qtbot, window)
    if large:
        visitor.tap("attract_large_text")
    visitor.tap("attract_start")
    visitor.on("language")
    visitor.tap(f"lang_{lang}")
    visitor.tap("age_27-plus")
    visitor.tap("need_skip")
    visitor.on("results")
    # Nothing clipped, no target squeezed, the window keeps the screen's size, in landscape
    # and portrait; and the print button stays on screen.
    problems = check_screen(window, metrics, lang, "results")
    visitor.tap(f"offer_{OFFER}")
    visitor.on("detail")
    problems += check_screen(window, metrics, lang, "detail")
    button = visitor.find("detail_print")
    if button.mapTo(window, button.rect().bottomRight()).x() > window.width():
        problems.append("detail_print is off-screen")
    window.reset()
    settle()
    assert (window.width(), window.height()) == SIZES[1], "still the screen's size after reset"
    assert not problems, "\n".join(problems)
