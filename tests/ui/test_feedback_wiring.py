"""A visitor's answer to "Did this help?" reaches the anonymous hourly statistics, and only
the offer and the hour are kept."""

from __future__ import annotations

from kiosk.stats import UsageEvent, UsageRecorder
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.conftest import Visitor


def test_one_tap_on_yes_or_no_is_counted_for_the_offer_only(qtbot, make_window, conn):
    usage = UsageRecorder(conn, lambda: MONDAY_AFTERNOON)
    window = make_window(usage=usage)
    visitor = Visitor(qtbot, window)
    answers = []
    for lang, button in (("ar", "detail_feedback_yes"), ("ti", "detail_feedback_no")):
        visitor.results_for(lang, "27-plus")
        card = next(card for card in window.results.cards if card.isVisible())
        visitor.tap(f"offer_{card.offer_id}")
        visitor.on("detail")
        visitor.tap(button)
        answers.append((card.offer_id, button.endswith("yes")))
        visitor.tap("nav_home")
        visitor.on("attract")
    rows = conn.execute(
        "SELECT event, language, age_band, need, offer_id, count FROM usage_hourly"
        " WHERE event IN (?, ?)",
        (UsageEvent.FEEDBACK_HELPED.value, UsageEvent.FEEDBACK_NOT_HELPED.value),
    ).fetchall()
    expected = sorted(
        (
            (UsageEvent.FEEDBACK_HELPED if yes else UsageEvent.FEEDBACK_NOT_HELPED).value,
            "",
            "",
            "",
            offer,
            1,
        )
        for offer, yes in answers
    )
    assert sorted(tuple(row) for row in rows) == expected
