"""Scripted journeys through the real UI → exact counts in the dashboard and in the CLI."""

from __future__ import annotations

import json
import random

from PySide6.QtGui import QImage

from kiosk.admin.desk import StaffDesk
from kiosk.cli import main as admin
from kiosk.stats import UsageRecorder
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.conftest import SLOW, Visitor
from ui.app import build_window
from ui.screens.staff.dashboard import UsageDashboardScreen

JOURNEYS = 100


def test_scripted_journeys_give_exact_counts_everywhere(
    qtbot, kiosk_app, catalogue, conn, seed_db, capsys
):
    _, metrics = kiosk_app
    usage = UsageRecorder(conn, lambda: MONDAY_AFTERNOON)
    window = build_window(catalogue, metrics, lambda: MONDAY_AFTERNOON, SLOW, usage=usage)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    visitor = Visitor(qtbot, window)
    rng = random.Random(5)
    languages = ["de", "en", "ar"]
    bands = [band.id for band in catalogue.age_bands()]
    expected = {"sessions": 0, "lang": {}, "viewed": {}, "home": 0, "timeout": 0}
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
        if rng.random() < 0.8:
            visitor.tap("nav_home")
            expected["home"] += 1
        else:
            window.idle_warning.start()
            window.idle_warning.expired.emit()
            expected["timeout"] += 1
        visitor.on("attract")
    window.shutdown()

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
