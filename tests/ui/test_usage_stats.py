"""Scripted journeys through the real UI → exact counts in the dashboard and in the CLI."""

from __future__ import annotations

import datetime as dt
import json
import random

from babel.numbers import format_percent
from PySide6.QtGui import QImage

from kiosk.admin.desk import StaffDesk
from kiosk.cli import main as admin
from kiosk.stats import UsageRecorder
from kiosk.usage_reports import MIN_ANSWERS_FOR_SHARE
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.conftest import Visitor
from ui.localizer import Localizer
from ui.screens.staff.dashboard import UsageDashboardScreen

JOURNEYS = 100


def test_scripted_journeys_give_exact_counts_everywhere(
    qtbot, kiosk_app, make_window, catalogue, conn, seed_db, capsys
):
    _, metrics = kiosk_app
    usage = UsageRecorder(conn, lambda: MONDAY_AFTERNOON)
    window = make_window(usage=usage)
    visitor = Visitor(qtbot, window)
    rng = random.Random(5)
    languages = ["de", "en", "ar"]
    bands = [band.id for band in catalogue.age_bands()]
    expected = {"sessions": 0, "lang": {}, "viewed": {}, "home": 0, "timeout": 0, "answers": {}}
    for _ in range(JOURNEYS):
        lang, band = rng.choice(languages), rng.choice(bands)
        offers = visitor.results_for(lang, band)
        expected["sessions"] += 1
        expected["lang"][lang] = expected["lang"].get(lang, 0) + 1
        if offers and rng.random() < 0.7:
            chosen = rng.choice(offers)
            visitor.tap(f"offer_{chosen}")
            visitor.on("detail")
            expected["viewed"][chosen] = expected["viewed"].get(chosen, 0) + 1
            if rng.random() < 0.5:  # "Did this help?" answered with one tap
                helped = rng.random() < 0.6
                visitor.tap("detail_feedback_yes" if helped else "detail_feedback_no")
                yes_no = expected["answers"].setdefault(chosen, [0, 0])
                yes_no[0 if helped else 1] += 1
        if rng.random() < 0.8:
            visitor.tap("nav_home")
            expected["home"] += 1
        else:
            window.idle_warning.start()
            window.idle_warning.expired.emit()
            expected["timeout"] += 1
        visitor.on("attract")

    # Nothing finer than an hour, no identifiers: one row per hour and combination.
    hours = {row[0] for row in conn.execute("SELECT DISTINCT hour FROM usage_hourly")}
    assert hours == {"2026-11-23T14"}
    assert (
        conn.execute(
            "SELECT sum(count) FROM usage_hourly WHERE event = 'session_started'"
        ).fetchone()[0]
        == JOURNEYS
    )

    desk = StaffDesk(conn, lambda: MONDAY_AFTERNOON)
    dashboard = UsageDashboardScreen(desk, window._localizer, metrics)
    qtbot.addWidget(dashboard)
    dashboard.set_period(7)
    cat = window._localizer.catalogue
    language_rows = dict(dashboard.charts["language"].rows())
    assert language_rows == {cat.language_name(code): n for code, n in expected["lang"].items()}
    offer_rows = dict(dashboard.charts["offer"].rows())
    names = {oid: catalogue.offer(oid).name for oid in expected["viewed"]}
    assert offer_rows == {names[oid]: n for oid, n in expected["viewed"].items()}
    feedback_rows = dict(dashboard.charts["feedback"].rows())
    assert expected["answers"], "some visitors answered"
    assert feedback_rows == {names[oid]: sum(n) for oid, n in expected["answers"].items()}
    assert [(r.offer_id, r.helped, r.not_helped) for r in dashboard.feedback()] == sorted(
        ((oid, yes, no) for oid, (yes, no) in expected["answers"].items()),
        key=lambda r: (-(r[1] + r[2]), r[0]),
    )
    weekday_rows = dict(dashboard.charts["weekday"].rows())
    assert weekday_rows == {cat.weekday(0): JOURNEYS}
    dashboard.resize(1200, 1600)
    dashboard.show()
    image: QImage = dashboard.charts["language"].grab().toImage()
    assert image.width() > 100 and image.height() > 40

    assert (
        admin(
            [
                "--db",
                str(seed_db),
                "stats",
                "--from",
                "2026-11-17",
                "--to",
                "2026-11-23",
                "--by",
                "language",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = {row["language"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    assert {lang: rows[lang]["language_chosen"] for lang in expected["lang"]} == expected["lang"]
    assert rows[""]["session_started"] == JOURNEYS
    ended_home = sum(row["session_ended_home"] for row in rows.values())
    ended_timeout = sum(row["session_ended_timeout"] for row in rows.values())
    assert (ended_home, ended_timeout) == (expected["home"], expected["timeout"])
    viewed = sum(row["offer_viewed"] for row in rows.values())
    assert viewed == sum(expected["viewed"].values())


def _answer(usage: UsageRecorder, rng: random.Random, offers: list[str], n: int) -> dict:
    """``n`` answers to "Did this help?" the way the detail screen's signal is wired to them
    (``feedback_given(offer_id, helped)`` → ``UsageRecorder.record_feedback``)."""
    expected: dict[str, list[int]] = {}
    for _ in range(n):
        offer_id, helped = rng.choice(offers), rng.random() < 0.7
        usage.record_feedback(offer_id, helped)
        yes_no = expected.setdefault(offer_id, [0, 0])
        yes_no[0 if helped else 1] += 1
    return expected


def test_did_this_help_answers_show_per_offer_on_the_dashboard_and_in_the_cli(
    qtbot, kiosk_app, catalogue, conn, seed_db, capsys
):
    _, metrics = kiosk_app
    usage = UsageRecorder(conn, lambda: MONDAY_AFTERNOON)
    offers = [m.offer.id for m in catalogue.results("de", None, None)][:4]
    expected = _answer(usage, random.Random(11), offers[:3], 21)
    usage.record_feedback(offers[3], True)  # an offer with too few answers for a share
    usage.record_feedback(offers[3], False)
    expected[offers[3]] = [1, 1]
    rows = conn.execute(
        "SELECT DISTINCT hour, language, age_band, need FROM usage_hourly"
    ).fetchall()
    assert rows == [("2026-11-23T14", "", "", "")], "the hour and the offer, nothing else"

    desk = StaffDesk(conn, lambda: MONDAY_AFTERNOON)
    localizer = Localizer("de")
    dashboard = UsageDashboardScreen(desk, localizer, metrics)
    qtbot.addWidget(dashboard)
    dashboard.set_period(7)
    cat = localizer.catalogue
    chart = dashboard.charts["feedback"]
    assert chart.objectName() == "staff_stats_feedback_chart"
    names = {oid: catalogue.offer(oid).name for oid in expected}
    assert dict(chart.rows()) == {names[oid]: yes + no for oid, (yes, no) in expected.items()}
    notes = dict(zip([label for label, _ in chart.rows()], chart.notes(), strict=True))
    for oid, (yes, no) in expected.items():
        if yes + no >= MIN_ANSWERS_FOR_SHARE:
            share = format_percent(yes / (yes + no), locale=cat.locale)
            assert notes[names[oid]] == cat._(
                "yes {yes} · no {no} · {share} yes", yes=yes, no=no, share=share
            )
        else:
            assert notes[names[oid]] == cat._("yes {yes} · no {no}", yes=yes, no=no)
    assert any(yes + no < MIN_ANSWERS_FOR_SHARE for yes, no in expected.values())
    assert any(yes + no >= MIN_ANSWERS_FOR_SHARE for yes, no in expected.values())
    total_yes = sum(yes for yes, _ in expected.values())
    total_no = sum(no for _, no in expected.values())
    summary = dashboard.feedback_summary.text()
    assert f"{total_yes}" in summary and f"{total_no}" in summary
    assert all(note in chart.accessibleDescription() for note in chart.notes())

    # Arabic staff: right to left, the same numbers, nothing untranslated.
    dashboard.resize(1200, 1800)
    dashboard.show()
    localizer.set_language("ar")
    ar = localizer.catalogue
    heading = ar._("“Did this help?” per offer")
    qtbot.waitUntil(lambda: dashboard.headings["feedback"].text() == heading)
    assert dashboard.layoutDirection().name == "RightToLeft"
    assert dashboard.headings["feedback"].text() != cat._("“Did this help?” per offer")
    assert dict(chart.rows()) == {names[oid]: yes + no for oid, (yes, no) in expected.items()}
    image: QImage = chart.grab().toImage()
    assert image.width() > 100 and image.height() > 40
    assert all(note in chart.accessibleDescription() for note in chart.notes())
    localizer.set_language("de")  # the application's direction back for the next tests
    qtbot.waitUntil(lambda: dashboard.headings["feedback"].text() != heading)

    # An empty period says so.
    desk_later = StaffDesk(conn, lambda: MONDAY_AFTERNOON + dt.timedelta(days=60))
    later = UsageDashboardScreen(desk_later, Localizer("de"), metrics)
    qtbot.addWidget(later)
    assert later.charts["feedback"].rows() == [] and later.feedback() == []

    period = ["--from", "2026-11-17", "--to", "2026-11-23", "--by", "offer", "--format", "json"]
    assert admin(["--db", str(seed_db), "stats", *period]) == 0
    out = {row["offer"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    for oid, (yes, no) in expected.items():
        assert (out[oid]["feedback_helped"], out[oid]["feedback_not_helped"]) == (yes, no)
