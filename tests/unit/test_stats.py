"""Anonymous usage counts: hourly aggregates only, exact reports, retention folding."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kiosk.cli import main
from kiosk.stats import UsageEvent, UsageRecorder
from kiosk.usage_reports import MIN_ANSWERS_FOR_SHARE, offer_feedback, usage_report


def recorder_at(conn, moment):
    return UsageRecorder(conn, lambda: moment)


def test_counts_are_hourly_aggregates_without_any_identifier(conn):
    morning = dt.datetime(2026, 11, 23, 9, 15, 42)
    for minute in (1, 17, 59):
        rec = recorder_at(conn, morning.replace(minute=minute))
        rec.record(UsageEvent.LANGUAGE_CHOSEN, language="ar")
    recorder_at(conn, morning.replace(hour=10)).record(UsageEvent.LANGUAGE_CHOSEN, language="ar")
    rows = conn.execute("SELECT * FROM usage_hourly ORDER BY hour").fetchall()
    assert rows == [
        ("2026-11-23T09", "language_chosen", "ar", "", "", "", 3),
        ("2026-11-23T10", "language_chosen", "ar", "", "", "", 1),
    ]
    columns = [row[1] for row in conn.execute("PRAGMA table_info(usage_hourly)")]
    assert columns == ["hour", "event", "language", "age_band", "need", "offer_id", "count"]


def test_report_by_dimension_and_cli_agree(conn, seed_db, capsys):
    day = dt.datetime(2026, 11, 23, 14)
    rec = recorder_at(conn, day)
    for lang, offers in (("ar", ["a", "b"]), ("de", ["a"]), ("ar", ["a"])):
        rec.record(UsageEvent.SESSION_STARTED)
        rec.record(UsageEvent.LANGUAGE_CHOSEN, language=lang)
        for offer in offers:
            rec.record(
                UsageEvent.OFFER_VIEWED, language=lang, age_band="27-plus", need="*", offer_id=offer
            )
    report = usage_report(conn, "language", day.date(), day.date())
    assert report.counts["ar"]["offer_viewed"] == 3
    assert report.counts["de"]["offer_viewed"] == 1
    assert report.counts[""]["session_started"] == 3
    assert (
        main(
            [
                "--db",
                str(seed_db),
                "stats",
                "--from",
                "2026-11-23",
                "--to",
                "2026-11-23",
                "--by",
                "offer",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = {row["offer"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["a"]["offer_viewed"] == 3 and rows["b"]["offer_viewed"] == 1
    assert (
        main(
            [
                "--db",
                str(seed_db),
                "stats",
                "--from",
                "2026-11-23",
                "--to",
                "2026-11-23",
                "--by",
                "hour",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("hour,session_started")
    assert lines[1].startswith("14,3,")


def test_old_hours_fold_into_months_and_still_count_for_whole_months(conn):
    old = dt.datetime(2024, 3, 10, 11)
    recorder_at(conn, old).record(UsageEvent.QR_SHOWN, offer_id="x")
    recorder_at(conn, old.replace(day=20)).record(UsageEvent.QR_SHOWN, offer_id="x")
    moved = recorder_at(conn, dt.datetime(2026, 11, 26, 12)).fold_old_hours(24)
    assert moved == 2
    assert conn.execute("SELECT count(*) FROM usage_hourly").fetchone()[0] == 0
    assert conn.execute("SELECT month, count FROM usage_monthly").fetchall() == [("2024-03", 2)]
    whole = usage_report(conn, "offer", dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert whole.counts["x"]["qr_shown"] == 2
    part = usage_report(conn, "offer", dt.date(2024, 3, 5), dt.date(2024, 3, 31))
    assert part.counts == {}, "a part of a folded month cannot be answered by the hour"


def test_usage_errors(seed_db, capsys):
    assert main(["--db", str(seed_db), "stats", "--from", "2026-11-30", "--to", "2026-11-01"]) == 2
    assert main(["--db", str(seed_db), "stats", "--from", "yesterday", "--to", "2026-11-01"]) == 2


def test_failed_prints_are_counted_also_in_a_database_from_before_they_were(tmp_path, monkeypatch):
    """Migration 0004 widens the event list of usage_hourly and keeps every counted hour."""
    from kiosk.db import connection

    path = tmp_path / "v3.db"
    shipped = connection.migrations()
    monkeypatch.setattr(connection, "migrations", lambda: shipped[:3])
    old = connection.open_database(path, create=True)
    recorder_at(old, dt.datetime(2026, 11, 23, 9)).record(UsageEvent.HANDOUT_PRINTED, offer_id="x")
    recorder_at(old, dt.datetime(2026, 11, 23, 9)).record(UsageEvent.HANDOUT_FAILED, offer_id="x")
    assert old.execute("SELECT count(*) FROM usage_hourly").fetchone()[0] == 1, "refused in v3"
    old.close()
    monkeypatch.setattr(connection, "migrations", lambda: shipped)
    conn = connection.open_database(path)
    recorder_at(conn, dt.datetime(2026, 11, 23, 10)).record(UsageEvent.HANDOUT_FAILED, offer_id="x")
    report = usage_report(conn, "offer", dt.date(2026, 11, 23), dt.date(2026, 11, 23))
    assert report.counts == {"x": {"handout_printed": 1, "handout_failed": 1}}
    conn.close()


# -- "Did this help?" --------------------------------------------------------------------------
def test_an_answer_is_counted_for_the_offer_and_the_hour_only(conn):
    for minute, helped in ((3, True), (41, True), (58, False)):
        recorder_at(conn, dt.datetime(2026, 11, 23, 9, minute)).record_feedback("x", helped)
    recorder_at(conn, dt.datetime(2026, 11, 23, 10, 5)).record_feedback("y", False)
    rows = conn.execute("SELECT * FROM usage_hourly ORDER BY hour, event").fetchall()
    assert rows == [
        ("2026-11-23T09", "feedback_helped", "", "", "", "x", 2),
        ("2026-11-23T09", "feedback_not_helped", "", "", "", "x", 1),
        ("2026-11-23T10", "feedback_not_helped", "", "", "", "y", 1),
    ], "no language, age band or need, nothing finer than the hour"


def test_an_answer_without_an_offer_changes_nothing(conn):
    recorder_at(conn, dt.datetime(2026, 11, 23, 9)).record_feedback("", True)
    assert conn.execute("SELECT count(*) FROM usage_hourly").fetchone()[0] == 0


def test_answers_per_offer_with_a_share_only_where_there_are_enough(conn):
    answers = {"few": (1, 1), "many": (7, 3), "no-only": (0, MIN_ANSWERS_FOR_SHARE)}
    for offer_id, (yes, no) in answers.items():
        rec = recorder_at(conn, dt.datetime(2026, 11, 23, 9))
        for helped in [True] * yes + [False] * no:
            rec.record_feedback(offer_id, helped)
    recorder_at(conn, dt.datetime(2026, 11, 23, 9)).record(UsageEvent.OFFER_VIEWED, offer_id="seen")
    report = usage_report(conn, "offer", dt.date(2026, 11, 23), dt.date(2026, 11, 23))
    rows = offer_feedback(report)
    assert [(r.offer_id, r.helped, r.not_helped) for r in rows] == [
        ("many", 7, 3),
        ("no-only", 0, MIN_ANSWERS_FOR_SHARE),
        ("few", 1, 1),
    ], "most answers first; an offer only viewed has no row"
    shares = {r.offer_id: r.share for r in rows}
    assert shares == {"many": 0.7, "no-only": 0.0, "few": None}
    with pytest.raises(ValueError):
        offer_feedback(usage_report(conn, "language", dt.date(2026, 11, 23), dt.date(2026, 11, 23)))


def test_answers_fold_into_months_like_every_count(conn):
    recorder_at(conn, dt.datetime(2024, 3, 4, 9)).record_feedback("x", True)
    recorder_at(conn, dt.datetime(2024, 3, 4, 9)).record_feedback("x", False)
    assert recorder_at(conn, dt.datetime(2026, 11, 23, 9)).fold_old_hours(24) == 2
    report = usage_report(conn, "offer", dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert [(r.offer_id, r.helped, r.not_helped) for r in offer_feedback(report)] == [("x", 1, 1)]


def test_kiosk_admin_stats_lists_the_answers_and_their_share(seed_db, capsys):
    from kiosk.db.connection import open_database

    conn = open_database(seed_db)
    rec = recorder_at(conn, dt.datetime(2026, 11, 23, 9))
    for helped in (True, True, True, False, True, False):
        rec.record_feedback("mbe-caritas", helped)
    rec.record_feedback("jmd-caritas-dresden", True)
    conn.close()
    period = ["--from", "2026-11-23", "--to", "2026-11-23", "--by", "offer"]
    assert main(["--db", str(seed_db), "stats", *period, "--format", "json"]) == 0
    rows = {row["offer"]: row for row in json.loads(capsys.readouterr().out)["rows"]}
    assert (rows["mbe-caritas"]["feedback_helped"], rows["mbe-caritas"]["feedback_not_helped"]) == (
        4,
        2,
    )
    assert rows["mbe-caritas"]["helped_share"] == pytest.approx(4 / 6, abs=0.001)
    assert rows["jmd-caritas-dresden"]["helped_share"] is None, "one answer gives no share"
    assert main(["--db", str(seed_db), "stats", *period]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split(",")
    assert header[-1] == "helped_share" and "feedback_helped" in header
    mbe = next(line.split(",") for line in lines if line.startswith("mbe-caritas,"))
    assert mbe[header.index("feedback_not_helped")] == "2" and mbe[-1] == "0.667"
    assert main(["--db", str(seed_db), "stats", *period[:-1], "language"]) == 0
    assert "helped_share" not in capsys.readouterr().out.splitlines()[0]


def test_answers_are_counted_also_in_a_database_from_before_they_were(tmp_path, monkeypatch):
    """Migration 0005 widens the event list of usage_hourly again and keeps every count."""
    from kiosk.db import connection

    path = tmp_path / "v4.db"
    shipped = connection.migrations()
    assert shipped[4].name == "0005_usage_feedback.sql"
    monkeypatch.setattr(connection, "migrations", lambda: shipped[:4])
    old = connection.open_database(path, create=True)
    at_nine = recorder_at(old, dt.datetime(2026, 11, 23, 9))
    for event in (UsageEvent.OFFER_VIEWED, UsageEvent.HANDOUT_FAILED, UsageEvent.OFFER_VIEWED):
        at_nine.record(event, language="ar", offer_id="x")
    recorder_at(old, dt.datetime(2024, 1, 2, 9)).record(UsageEvent.QR_SHOWN, offer_id="x")
    at_nine.fold_old_hours(24)
    at_nine.record_feedback("x", True)
    assert old.execute("SELECT count(*) FROM usage_hourly").fetchone()[0] == 2, "refused in v4"
    before = old.execute("SELECT * FROM usage_hourly ORDER BY 1, 2").fetchall()
    monthly = old.execute("SELECT * FROM usage_monthly").fetchall()
    old.close()
    monkeypatch.setattr(connection, "migrations", lambda: shipped)
    conn = connection.open_database(path)
    assert connection.schema_version(conn) == connection.latest_version()
    assert conn.execute("SELECT * FROM usage_hourly ORDER BY 1, 2").fetchall() == before
    assert conn.execute("SELECT * FROM usage_monthly").fetchall() == monthly
    recorder_at(conn, dt.datetime(2026, 11, 23, 10)).record_feedback("x", True)
    recorder_at(conn, dt.datetime(2026, 11, 23, 10)).record_feedback("x", False)
    report = usage_report(conn, "offer", dt.date(2026, 11, 23), dt.date(2026, 11, 23))
    assert report.counts == {
        "x": {
            "offer_viewed": 2,
            "handout_failed": 1,
            "feedback_helped": 1,
            "feedback_not_helped": 1,
        }
    }
    conn.close()
