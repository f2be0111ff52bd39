"""Anonymous usage counts: hourly aggregates only, exact reports, retention folding."""

from __future__ import annotations

import datetime as dt
import json

from kiosk.cli import main
from kiosk.stats import UsageEvent, UsageRecorder, usage_report


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
