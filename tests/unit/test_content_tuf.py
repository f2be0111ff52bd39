"""The content repository (publish side): keys, publishing, refresh, rotation, as files a static
web server serves, and what python-tuf's client makes of them over loopback HTTP (Python's
http.server and, where installed, a real nginx with the deployed site config)."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import urllib3

from kiosk.content import publishing
from kiosk.content.follow import check_for_release
from kiosk.content.publishing import PublishingError
from tests.content_server import NginxServer, StaticServer, nginx_binary


def _now() -> datetime:
    # The TUF client checks expiry against the real clock, so the repository signs with it too.
    return datetime.now(UTC)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, Path]:
    repo_dir, keys_dir = tmp_path / "repo", tmp_path / "keys"
    publishing.init_keys(repo_dir, keys_dir, now=_now())
    return repo_dir, keys_dir


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _check(url: str, tmp_path: Path, name: str = "kiosk"):
    repo_root = tmp_path / "repo" / "metadata" / "1.root.json"
    return check_for_release(
        url,
        tmp_path / name / "metadata",
        tmp_path / name / "cache",
        timeout_s=5,
        bootstrap=repo_root.read_bytes(),
    )


# -- keys ----------------------------------------------------------------------------------
def test_keys_init_lays_out_private_keys_only_in_the_key_folder(repo, tmp_path):
    repo_dir, keys_dir = repo
    names = sorted(os.listdir(keys_dir))
    assert names == ["root-1.key", "root-2.key", "snapshot.key", "targets.key", "timestamp.key"]
    assert stat.S_IMODE(keys_dir.stat().st_mode) == 0o700
    for name in names:
        assert stat.S_IMODE((keys_dir / name).stat().st_mode) == 0o600
    secrets = [(keys_dir / n).read_bytes() for n in names]
    for data in _files(repo_dir).values():
        assert b"PRIVATE KEY" not in data
        for secret in secrets:
            body = b"".join(secret.splitlines()[1:-1])
            assert body not in data
    root = json.loads((repo_dir / "metadata" / "1.root.json").read_text())["signed"]
    assert root["consistent_snapshot"] is True
    assert root["roles"]["root"]["threshold"] == 2
    assert len(root["roles"]["root"]["keyids"]) == 2
    expires = datetime.fromisoformat(root["expires"].replace("Z", "+00:00"))
    assert timedelta(days=364) < expires - _now() <= publishing.ROOT_EXPIRY


def test_keys_init_never_replaces_a_repository_or_keys(repo, tmp_path):
    repo_dir, keys_dir = repo
    before_keys, before_repo = _files(keys_dir), _files(repo_dir)
    with pytest.raises(PublishingError, match="already"):
        publishing.init_keys(repo_dir, keys_dir, now=_now())
    with pytest.raises(PublishingError, match="already holds keys"):
        publishing.init_keys(tmp_path / "other", keys_dir, now=_now())
    assert _files(keys_dir) == before_keys and _files(repo_dir) == before_repo


def test_keys_are_refused_inside_the_served_folder(tmp_path):
    with pytest.raises(PublishingError, match="inside the repository"):
        publishing.init_keys(tmp_path / "repo", tmp_path / "repo" / "keys", now=_now())
    assert not (tmp_path / "repo" / "keys").exists()
    with pytest.raises(PublishingError, match="threshold"):
        publishing.init_keys(tmp_path / "r", tmp_path / "k", root_threshold=3, now=_now())


def test_a_key_file_readable_by_others_is_refused(repo):
    repo_dir, keys_dir = repo
    os.chmod(keys_dir / "targets.key", 0o644)
    with pytest.raises(PublishingError, match="chmod 600"):
        publishing._add_release(repo_dir, keys_dir, b"{}", version=1, now=_now())
    assert publishing.published_release(repo_dir) is None


# -- publishing and following ---------------------------------------------------------------
def test_a_published_release_reaches_a_follower_and_is_not_fetched_twice(repo, tmp_path):
    repo_dir, keys_dir = repo
    result = publishing._add_release(repo_dir, keys_dir, b'{"r": 1}', version=1, now=_now())
    assert result.target_file.name == f"{result.sha256}.release.json"
    assert result.target_file.read_bytes() == b'{"r": 1}'
    assert publishing.next_release_version(repo_dir) == 2
    with StaticServer(repo_dir) as server:
        outcome = _check(server.url, tmp_path)
        assert outcome.kind == "release", outcome.reason
        assert (outcome.data, outcome.version) == (b'{"r": 1}', 1)
        assert outcome.expires is not None and outcome.expires <= result.expires["timestamp"]
        first = list(server.requests)
        again = _check(server.url, tmp_path)
        assert again.data == b'{"r": 1}'
        later = server.requests[len(first) :]
    assert any(p.startswith("/targets/") for p in first)
    # nothing changed: the timestamp (and a look for a newer root), no target, no snapshot
    assert sorted(later) == ["/metadata/2.root.json", "/metadata/timestamp.json"]


def test_a_release_number_is_never_used_twice(repo):
    repo_dir, keys_dir = repo
    publishing._add_release(repo_dir, keys_dir, b"one", version=1, now=_now())
    before = _files(repo_dir)
    for version in (0, 1):
        with pytest.raises(PublishingError, match="next release is version 2"):
            publishing._add_release(repo_dir, keys_dir, b"two", version=version, now=_now())
    assert _files(repo_dir) == before


def test_publish_checks_the_release_before_it_signs(repo):
    repo_dir, keys_dir = repo
    with pytest.raises(PublishingError, match="not valid"):
        publishing.publish(repo_dir, keys_dir, b'{"not": "a release"}', version=1, now=_now())
    assert publishing.published_release(repo_dir) is None


@pytest.mark.parametrize("missing", ["targets", "snapshot", "timestamp"])
def test_a_key_folder_without_a_role_key_writes_nothing(repo, missing):
    """Without one of the keys a release needs, nothing lands in the served folder: no
    release file, no new targets or snapshot that no timestamp names."""
    repo_dir, keys_dir = repo
    publishing._add_release(repo_dir, keys_dir, b"one", version=1, now=_now())
    before = _files(repo_dir)
    (keys_dir / f"{missing}.key").unlink()
    with pytest.raises(PublishingError, match=f"lacks the {missing} key"):
        publishing._add_release(repo_dir, keys_dir, b"two", version=2, now=_now())
    assert _files(repo_dir) == before


def test_an_empty_repository_says_so(repo, tmp_path):
    repo_dir, _ = repo
    with StaticServer(repo_dir) as server:
        outcome = _check(server.url, tmp_path)
    assert outcome.kind == "none" and "no release" in outcome.reason


# -- refresh -------------------------------------------------------------------------------
def _version(repo_dir: Path, role: str) -> int:
    return publishing.repository_status(repo_dir).metadata_versions[role]


def test_refresh_resigns_only_what_is_due(repo):
    repo_dir, keys_dir = repo
    now = _now()
    publishing._add_release(repo_dir, keys_dir, b"one", version=1, now=now)
    before = _files(repo_dir)
    assert publishing.refresh(repo_dir, keys_dir, now=now).resigned == ()
    assert _files(repo_dir) == before
    ts, snap = _version(repo_dir, "timestamp"), _version(repo_dir, "snapshot")
    result = publishing.refresh(repo_dir, keys_dir, now=now + timedelta(days=1, hours=1))
    assert result.resigned == ("timestamp",)
    assert _version(repo_dir, "timestamp") == ts + 1 and _version(repo_dir, "snapshot") == snap
    result = publishing.refresh(repo_dir, keys_dir, now=now + timedelta(days=3, hours=1))
    assert result.resigned == ("snapshot", "timestamp")
    assert result.expires["snapshot"] > now + timedelta(days=10)


def test_refresh_warns_when_the_targets_key_is_elsewhere(repo):
    repo_dir, keys_dir = repo
    now = _now()
    (keys_dir / "targets.key").unlink()
    result = publishing.refresh(repo_dir, keys_dir, now=now + timedelta(days=70))
    assert "targets.key" in " ".join(result.warnings)
    assert "targets" not in result.resigned and "timestamp" in result.resigned


def test_refresh_warns_before_root_expires(repo):
    repo_dir, keys_dir = repo
    result = publishing.refresh(repo_dir, keys_dir, now=_now() + timedelta(days=320))
    assert any("renew-root" in w for w in result.warnings)


# -- rotation ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["targets", "snapshot", "timestamp", "root"])
def test_rotation_replaces_the_key_and_followers_chain_over(repo, tmp_path, role):
    repo_dir, keys_dir = repo
    publishing._add_release(repo_dir, keys_dir, b"one", version=1, now=_now())
    with StaticServer(repo_dir) as server:
        assert _check(server.url, tmp_path).version == 1
        old = {n: (keys_dir / n).read_bytes() for n in os.listdir(keys_dir)}
        result = publishing.rotate(repo_dir, keys_dir, role, now=_now())
        assert result.root_version == 2 and set(result.old_keyids).isdisjoint(result.new_keyids)
        changed = {n for n in os.listdir(keys_dir) if (keys_dir / n).read_bytes() != old.get(n)}
        assert changed == {p.name for p in result.key_files}
        assert sorted(os.listdir(keys_dir)) == sorted(old)  # no leftovers
        publishing._add_release(repo_dir, keys_dir, b"two", version=2, now=_now())
        outcome = _check(server.url, tmp_path)
    assert outcome.kind == "release", outcome.reason
    assert (outcome.data, outcome.version) == (b"two", 2)
    trusted = json.loads((tmp_path / "kiosk" / "metadata" / "root.json").read_text())
    assert trusted["signed"]["version"] == 2


def test_rotation_without_the_root_keys_changes_nothing(repo):
    repo_dir, keys_dir = repo
    offline = keys_dir.parent / "stick"
    offline.mkdir()
    for name in ("root-1.key", "root-2.key"):
        os.replace(keys_dir / name, offline / name)
    before_repo, before_keys = _files(repo_dir), _files(keys_dir)
    with pytest.raises(PublishingError, match="root keys"):
        publishing.rotate(repo_dir, keys_dir, "timestamp", now=_now())
    assert _files(repo_dir) == before_repo and _files(keys_dir) == before_keys
    # one root key of two is below the threshold as well
    os.replace(offline / "root-1.key", keys_dir / "root-1.key")
    with pytest.raises(PublishingError, match="2 of the root keys"):
        publishing.renew_root(repo_dir, keys_dir, now=_now())
    assert _files(repo_dir) == before_repo


# -- nginx ---------------------------------------------------------------------------------
@pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")
def test_the_deployed_nginx_site_serves_the_repository(repo, tmp_path):
    repo_dir, keys_dir = repo
    result = publishing._add_release(repo_dir, keys_dir, b'{"r": 1}', version=1, now=_now())
    with NginxServer(repo_dir, tmp_path / "nginx") as server:
        outcome = _check(server.url, tmp_path)
        http = urllib3.PoolManager(retries=False)
        timestamp = http.request("GET", f"{server.url}/metadata/timestamp.json")
        target = http.request("GET", f"{server.url}/targets/content/{result.target_file.name}")
        missing_root = http.request("GET", f"{server.url}/metadata/9.root.json")
        listing = http.request("GET", f"{server.url}/metadata/")
        upload = http.request("PUT", f"{server.url}/metadata/timestamp.json", body=b"x")
    assert outcome.kind == "release", outcome.reason
    assert outcome.data == b'{"r": 1}'
    assert timestamp.headers["Cache-Control"] == "no-cache"
    assert "immutable" in target.headers["Cache-Control"]
    assert missing_root.status == 404 and missing_root.headers["Cache-Control"] == "no-cache"
    assert listing.status == 404 and upload.status == 405
