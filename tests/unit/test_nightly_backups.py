"""Daily backups: consistent, checked, rotated, and usable for a fallback at start-up."""

from __future__ import annotations

import datetime as dt

from kiosk.nightly_backups import backup_due, daily_backups, make_daily_backup
from kiosk.runtime import check_database_file


def test_backup_is_a_sound_copy_and_old_ones_rotate(conn, tmp_path):
    folder = tmp_path / "backups"
    start = dt.date(2026, 11, 1)
    for offset in range(5):
        make_daily_backup(conn, folder, start + dt.timedelta(days=offset), keep=3)
    kept = daily_backups(folder)
    assert [day for day, _ in kept] == [
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 4),
        dt.date(2026, 11, 3),
    ]
    assert check_database_file(kept[0][1]) == ""
    assert not list(folder.glob(".*partial"))


def test_backup_due_once_a_day_after_the_hour(conn, tmp_path):
    folder = tmp_path / "backups"
    night = dt.datetime(2026, 11, 26, 1, 59)
    assert not backup_due(folder, night, hour=2)
    assert backup_due(folder, night.replace(hour=2), hour=2)
    make_daily_backup(conn, folder, night.date(), keep=3)
    assert not backup_due(folder, night.replace(hour=23), hour=2)
    assert backup_due(folder, dt.datetime(2026, 11, 27, 3), hour=2)
