"""kiosk-admin check, backup and restore: exit codes and nothing replaced without checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

from kiosk.cli import main
from kiosk.db.connection import latest_version, open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import transaction
from kiosk.db.seeding import logical_dump
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.verification import lacks_coordinates


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_lists_offers_to_verify_oldest_first_and_exits_1(seed_db, capsys):
    code, out, _ = run(capsys, "--db", str(seed_db), "check")
    assert code == 1
    lines = [line.split() for line in out.splitlines()[1:]]
    dates = [parts[0] for parts in lines]
    assert dates[: dates.count("never")] == ["never"] * dates.count("never")
    dated = [d for d in dates if d != "never"]
    assert dated == sorted(dated)
    assert any("dvsi-dresden" in line and "no way to reach it" in " ".join(line) for line in lines)


def test_check_exits_0_when_everything_is_fresh(seed_db, capsys):
    conn = open_database(seed_db)
    repo = OfferRepository(conn)
    today = dt.datetime.now(dt.UTC).astimezone().date()
    with transaction(conn):
        for offer in repo.all():
            if offer.is_reachable and not lacks_coordinates(offer):
                repo.save(dataclasses.replace(offer, verified_on=today))
            else:
                conn.execute("DELETE FROM offer WHERE id = ?", (offer.id,))
    conn.close()
    code, out, _ = run(capsys, "--db", str(seed_db), "check")
    assert code == 0 and "Nothing to verify" in out


def test_backup_and_restore(seed_db, tmp_path, capsys):
    backup = tmp_path / "copy.db"
    assert run(capsys, "--db", str(seed_db), "backup", str(backup))[0] == 0
    assert not backup.with_name("copy.db-wal").exists()
    assert run(capsys, "--db", str(seed_db), "backup", str(backup))[0] == 2, "never overwrite"
    original = logical_dump(seed_db)

    conn = open_database(seed_db)
    with transaction(conn):
        conn.execute("DELETE FROM offer WHERE id = 'mbe-caritas'")
    conn.close()
    assert logical_dump(seed_db) != original

    code, out, _ = run(capsys, "--db", str(seed_db), "restore", str(backup))
    assert code == 0, out
    safety = next((tmp_path / "backups").glob("before-restore-*.db"))
    conn = open_database(seed_db)
    assert OfferRepository(conn).get("mbe-caritas") is not None
    entries = AuditRepository(conn).recent()
    conn.close()
    assert entries[0].actor == "restore"
    old = sqlite3.connect(safety)
    assert old.execute("SELECT count(*) FROM offer WHERE id = 'mbe-caritas'").fetchone()[0] == 0
    old.close()


def _assert_refused(capsys, db, source, fragment):
    before = db.read_bytes()
    code, _, err = run(capsys, "--db", str(db), "restore", str(source))
    assert code == 1 and fragment in err, err
    assert db.read_bytes() == before
    assert not (db.parent / "backups").exists(), "nothing done before the checks passed"


def test_restore_refuses_a_newer_schema(seed_db, tmp_path, capsys):
    future = tmp_path / "future.db"
    assert run(capsys, "--db", str(seed_db), "backup", str(future))[0] == 0
    raw = sqlite3.connect(future)
    raw.execute(f"PRAGMA user_version = {latest_version() + 1}")
    raw.close()
    _assert_refused(capsys, seed_db, future, "only knows up to")


def test_restore_refuses_damaged_and_foreign_files(seed_db, tmp_path, capsys):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    _assert_refused(capsys, seed_db, garbage, "not a SQLite database")

    foreign = tmp_path / "foreign.db"
    raw = sqlite3.connect(foreign)
    raw.execute("CREATE TABLE something (x)")
    raw.execute("PRAGMA user_version = 1")
    raw.commit()
    raw.close()
    _assert_refused(capsys, seed_db, foreign, "not a Wegweiser kiosk database")

    damaged = tmp_path / "damaged.db"
    assert run(capsys, "--db", str(seed_db), "backup", str(damaged))[0] == 0
    data = bytearray(damaged.read_bytes())
    page = 4096
    for offset in range(3 * page + 8, 6 * page, 7):  # scribble over b-tree pages
        data[offset] = 0xFF
    damaged.write_bytes(bytes(data))
    code, _, err = run(capsys, "--db", str(seed_db), "restore", str(damaged))
    assert code == 1 and ("damaged" in err or "cannot be read" in err), err
    assert run(capsys, "--db", str(seed_db), "restore", str(tmp_path / "missing.db"))[0] == 2
