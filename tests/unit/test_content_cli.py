"""``kiosk-admin content``: the commands, their output and exit codes (0 done, 1 refused or a
data problem, 2 usage), on copies of the shipped data.db and a loopback server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kiosk import SHIPPED_DATABASE
from kiosk.cli import main
from kiosk.content import publishing
from kiosk.content.release import content_document
from kiosk.content.store import current_release, last_check
from kiosk.db.connection import open_database
from tests.content_server import StaticServer, refused_url

EDITED_OFFER = "auslaenderrat-johannstadt"


@pytest.fixture
def site(tmp_path):
    """A central database, a repository with keys, a kiosk database, a server."""
    central, kiosk = tmp_path / "central.db", tmp_path / "kiosk" / "kiosk.db"
    kiosk.parent.mkdir()
    shutil.copyfile(SHIPPED_DATABASE, central)
    shutil.copyfile(SHIPPED_DATABASE, kiosk)
    repo, keys = tmp_path / "repo", tmp_path / "keys"
    with StaticServer(tmp_path / "repo") as server:
        yield {
            "central": central,
            "kiosk": kiosk,
            "repo": repo,
            "keys": keys,
            "root": repo / "metadata" / "1.root.json",
            "url": server.url,
        }


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _keys_init(capsys, site) -> str:
    code, out, err = _run(
        capsys, "content", "keys", "init", "--repo", site["repo"], "--keys", site["keys"]
    )
    assert code == 0, err
    return out + err


def _publish(capsys, site, *extra) -> tuple[int, str, str]:
    return _run(
        capsys,
        "--db",
        site["central"],
        "content",
        "publish",
        "--repo",
        site["repo"],
        "--keys",
        site["keys"],
        *extra,
    )


def _follow(capsys, site, url=None, *extra) -> tuple[int, str, str]:
    return _run(
        capsys,
        "--db",
        site["kiosk"],
        "content",
        "follow",
        "--url",
        url or site["url"],
        "--root",
        site["root"],
        *extra,
        "--once",
    )


def _content(path: Path) -> dict:
    conn = open_database(path)
    try:
        return content_document(conn)
    finally:
        conn.close()


def _edit_central(site) -> None:
    conn = open_database(site["central"])
    try:
        conn.execute("UPDATE offer SET active = 0 WHERE id = ?", (EDITED_OFFER,))
    finally:
        conn.close()


def test_keys_init_names_the_files_and_prints_no_key(capsys, site):
    output = _keys_init(capsys, site)
    assert "root-1.key" in output and "root-2.key" in output and "USB" in output
    assert "PRIVATE KEY" not in output
    for name in os.listdir(site["keys"]):
        body = (site["keys"] / name).read_bytes().splitlines()[1]
        assert body.decode() not in output
    code, _, err = _run(
        capsys, "content", "keys", "init", "--repo", site["repo"], "--keys", site["keys"]
    )
    assert code == 1 and "already" in err


def test_publish_dry_run_then_publish_then_nothing_to_publish(capsys, site):
    _keys_init(capsys, site)
    code, out, _ = _publish(capsys, site, "--dry-run")
    assert code == 0 and "Release 1:" in out and "first release" in out and "Dry run" in out
    assert publishing.published_release(site["repo"]) is None
    code, out, err = _publish(capsys, site)
    assert code == 0, err
    assert "Published release 1" in out
    code, out, _ = _publish(capsys, site)
    assert code == 0 and "Nothing changed" in out
    assert publishing.next_release_version(site["repo"]) == 2
    _edit_central(site)
    code, out, _ = _publish(capsys, site, "--dry-run")
    assert code == 0 and f"Offer changed: {EDITED_OFFER}" in out
    assert "against release 1" in out
    assert publishing.next_release_version(site["repo"]) == 2
    code, out, _ = _publish(capsys, site)
    assert code == 0 and "Published release 2" in out


def test_follow_once_exit_codes(capsys, site):
    _keys_init(capsys, site)
    _edit_central(site)
    _publish(capsys, site)
    local = _content(site["kiosk"])
    code, out, err = _follow(capsys, site)
    assert code == 0 and "Applied release 1" in out, err
    assert _content(site["kiosk"]) == _content(site["central"]) != local
    code, out, _ = _follow(capsys, site)
    assert code == 0 and "current" in out
    with refused_url() as down:
        code, _, err = _follow(capsys, site, down)
    assert code == 1 and "refused" in err and "not reachable" in err
    assert _content(site["kiosk"]) == _content(site["central"])
    conn = open_database(site["kiosk"])
    try:
        assert current_release(conn).version == 1 and not last_check(conn).ok
    finally:
        conn.close()
    # the follower's state lives next to the database unless --state says otherwise
    assert (site["kiosk"].parent / "content" / "metadata" / "root.json").exists()


def test_follow_check_only_checks_in_full_and_applies_nothing(capsys, site):
    """What the kiosk's background checker runs during a visit: fetched, checked, kept for the
    next start screen, nothing applied."""
    _keys_init(capsys, site)
    _edit_central(site)
    _publish(capsys, site)
    local = _content(site["kiosk"])
    code, out, err = _follow(capsys, site, None, "--check-only")
    assert code == 0 and "Release 1 is available" in out, err
    assert _content(site["kiosk"]) == local
    code, out, err = _follow(capsys, site)
    assert code == 0 and "Applied release 1" in out, err
    assert _content(site["kiosk"]) == _content(site["central"])


def test_follow_usage_errors(capsys, site):
    _keys_init(capsys, site)
    before = _content(site["kiosk"])
    code, _, err = _run(
        capsys,
        "--db",
        site["kiosk"],
        "content",
        "follow",
        "--url",
        site["url"],
        "--root",
        site["root"],
    )
    assert code == 2 and "--once" in err
    code, _, err = _follow(capsys, site, "ftp://example.org")
    assert code == 2 and "http" in err
    code, _, err = _run(
        capsys,
        "--db",
        site["kiosk"],
        "content",
        "follow",
        "--url",
        site["url"],
        "--root",
        site["repo"] / "nothing.json",
        "--once",
    )
    assert code == 2 and "no such file" in err
    code, _, err = _run(
        capsys,
        "--db",
        SHIPPED_DATABASE,
        "content",
        "follow",
        "--url",
        site["url"],
        "--root",
        site["root"],
        "--once",
    )
    assert code == 2 and "never changed" in err
    assert _content(site["kiosk"]) == before


def test_status_refresh_rotate_and_rollback(capsys, site):
    _keys_init(capsys, site)
    _publish(capsys, site)
    original = _content(site["kiosk"])
    _edit_central(site)
    _publish(capsys, site)
    assert _follow(capsys, site)[0] == 0  # release 2 (the kiosk never saw release 1)
    code, out, _ = _run(capsys, "--db", site["kiosk"], "content", "status", "--repo", site["repo"])
    assert code == 0 and "Content: release 2" in out and "valid until" in out
    assert "timestamp signed until" in out

    code, out, _ = _run(
        capsys, "content", "refresh", "--repo", site["repo"], "--keys", site["keys"]
    )
    assert code == 0 and "nothing was due" in out

    for name in ("root-1.key", "root-2.key"):  # the root keys are on their sticks
        (site["keys"] / name).unlink()
    code, _, err = _run(
        capsys,
        "content",
        "keys",
        "rotate",
        "--repo",
        site["repo"],
        "--keys",
        site["keys"],
        "--role",
        "timestamp",
    )
    assert code == 1 and "root keys" in err
    code, _, err = _run(
        capsys, "content", "keys", "rotate", "--repo", site["repo"], "--keys", site["keys"]
    )
    assert code == 2

    code, out, err = _run(capsys, "--db", site["kiosk"], "content", "rollback")
    assert code == 0 and "local content" in out, err
    assert _content(site["kiosk"]) == original
    code, _, err = _run(capsys, "--db", site["kiosk"], "content", "rollback")
    assert code == 1 and "no earlier content" in err


def test_enrol_and_leave(capsys, site):
    _keys_init(capsys, site)
    db = ("--db", site["kiosk"])
    code, _, err = _run(
        capsys,
        *db,
        "content",
        "enrol",
        "--url",
        site["url"],
        "--root",
        site["repo"] / "metadata" / "timestamp.json",
    )
    assert code == 1 and "not a root.json" in err
    code, out, _ = _run(capsys, *db, "content", "status")
    assert "Managed centrally: no" in out
    code, out, err = _run(
        capsys, *db, "content", "enrol", "--url", site["url"], "--root", site["root"]
    )
    assert code == 0 and "staff mode is now off" in out, err
    kept = site["kiosk"].parent / "content" / "trusted-root.json"
    assert kept.read_bytes() == site["root"].read_bytes()
    code, out, _ = _run(capsys, *db, "content", "status")
    assert "Managed centrally: yes" in out
    assert _run(capsys, *db, "content", "enrol", "--url", site["url"])[0] == 2
    code, out, _ = _run(capsys, *db, "content", "enrol", "--leave")
    assert code == 0
    assert "Managed centrally: no" in _run(capsys, *db, "content", "status")[1]
