"""kiosk-admin: works without a display; exit codes 0 / 1 / 2."""

from __future__ import annotations

from kiosk.cli import main


def test_build_db_and_list(tmp_path, capsys):
    target = tmp_path / "built.db"
    assert main(["build-db", "--out", str(target)]) == 0
    assert main(["--db", str(target), "list"]) == 0
    out = capsys.readouterr().out
    assert "jmd-caritas-dresden" in out and "inactive" in out


def test_match_for_an_arabic_speaking_adult(seed_db, capsys):
    assert main(["--db", str(seed_db), "match", "--lang", "ar", "--age", "27-plus"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("*"), "an offer speaking Arabic is listed first"
    assert any("mbe-" in line for line in lines)
    assert not any("jmd-" in line for line in lines)


def test_usage_errors_exit_2(seed_db, capsys):
    assert main(["no-such-command"]) == 2
    assert main(["--db", str(seed_db), "match", "--lang", "ar", "--age", "99"]) == 2


def test_unreadable_database_exits_1(tmp_path, capsys):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"\0garbage" * 1000)
    assert main(["--db", str(broken), "list"]) == 1
    assert "cannot" in capsys.readouterr().err
