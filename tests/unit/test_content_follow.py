"""A kiosk follows the central content repository over loopback HTTP: every way a check can go,
each ending with the kiosk's content and its local tables checked.

The central database and the kiosk's database are copies of the shipped data.db; releases are
built, checked and signed with the publishing code, served by Python's http.server (and a real
nginx where installed) and followed with :func:`kiosk.content.follow.follow_once`, the function
the kiosk's worker thread and ``kiosk-admin content follow --once`` run.
"""

from __future__ import annotations

import json
import shutil
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata

from kiosk import SHIPPED_DATABASE
from kiosk.content import publishing
from kiosk.content.follow import APPLIED, AVAILABLE, CURRENT, REFUSED, apply_pending, follow_once
from kiosk.content.release import content_document
from kiosk.content.store import current_release, last_check, rollback_release
from kiosk.db.connection import open_database
from tests.content_server import NginxServer, StaticServer, nginx_binary, refused_url

#: Tables that belong to the kiosk itself and that no release may touch.
LOCAL_TABLES = ("setting", "staff_pin", "pin_lockout", "usage_hourly", "usage_monthly")
EDITED_OFFER = "auslaenderrat-johannstadt"


def _now() -> datetime:
    return datetime.now(UTC)  # the TUF client checks expiry against the real clock


class Central:
    """The central office: its database and its repository."""

    def __init__(self, base: Path):
        base.mkdir(parents=True)
        self.db_path = base / "central.db"
        shutil.copyfile(SHIPPED_DATABASE, self.db_path)
        self.conn = open_database(self.db_path)
        self.repo, self.keys = base / "repo", base / "keys"
        publishing.init_keys(self.repo, self.keys, now=_now())
        self.root = self.repo / "metadata" / "1.root.json"

    def publish(self, *, now: datetime | None = None) -> dict:
        prepared = publishing.prepare_release(self.conn, self.repo, now=now or _now())
        publishing.publish(
            self.repo, self.keys, prepared.data, version=prepared.version, now=now or _now()
        )
        return content_document(self.conn)

    def edit(self, active: int) -> None:
        self.conn.execute("UPDATE offer SET active = ? WHERE id = ?", (active, EDITED_OFFER))


class Kiosk:
    """One kiosk: its database with local settings and statistics, and its follower folder."""

    def __init__(self, base: Path, root: Path):
        base.mkdir(parents=True)
        self.db_path = base / "kiosk.db"
        shutil.copyfile(SHIPPED_DATABASE, self.db_path)
        self.conn = open_database(self.db_path)
        self.root = root
        self.state = base / "follower"
        self.conn.execute("UPDATE setting SET value = 'bondrucker-1' WHERE key = 'printer'")
        self.conn.execute(
            "UPDATE setting SET value = 'Bürgerbüro Altstadt' WHERE key = 'kiosk_location'"
        )
        self.conn.execute(
            "INSERT INTO usage_hourly (hour, event, language, age_band, need, offer_id, count) "
            "VALUES ('2026-11-30T10', 'offer_viewed', 'ar', '', '', ?, 7)",
            (EDITED_OFFER,),
        )
        self.local = self.local_state()

    def follow(self, url: str):
        return follow_once(self.conn, url, self.root, self.state, now=_now(), timeout_s=5)

    def content(self) -> dict:
        return content_document(self.conn)

    def local_state(self) -> dict:
        return {
            table: sorted(self.conn.execute(f"SELECT * FROM {table}").fetchall())
            for table in LOCAL_TABLES
        }

    def assert_local_untouched(self) -> None:
        assert self.local_state() == self.local


@pytest.fixture
def central(tmp_path):
    office = Central(tmp_path / "central")
    yield office
    office.conn.close()


@pytest.fixture
def kiosk(tmp_path, central):
    one = Kiosk(tmp_path / "kiosk", central.root)
    yield one
    one.conn.close()


@pytest.fixture
def server(central):
    with StaticServer(central.repo) as serving:
        yield serving


def _applied(kiosk: Kiosk, central: Central, server: StaticServer) -> dict:
    """Release 1 published and applied: the starting point of most tests."""
    expected = central.publish()
    result = kiosk.follow(server.url)
    assert result.status == APPLIED, result.reason
    assert kiosk.content() == expected
    return expected


# -- the usual case ------------------------------------------------------------------------
def test_a_release_is_applied_and_then_current(kiosk, central, server):
    before = kiosk.content()
    central.edit(active=0)
    expected = central.publish()
    assert expected != before
    result = kiosk.follow(server.url)
    assert (result.status, result.version) == (APPLIED, 1), result.reason
    assert kiosk.content() == expected
    assert current_release(kiosk.conn).version == 1
    check = last_check(kiosk.conn)
    assert check.ok and check.expires is not None and check.expires > _now()
    again = kiosk.follow(server.url)
    assert (again.status, again.version) == (CURRENT, 1), again.reason
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()


def test_a_worker_thread_follows_with_its_own_connection(kiosk, central, server):
    expected = central.publish()
    results = []

    def worker():
        conn = open_database(kiosk.db_path)
        try:
            results.append(follow_once(conn, server.url, central.root, kiosk.state, now=_now()))
        finally:
            conn.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert results[0].status == APPLIED, results[0].reason
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()


# -- the server and the transport -------------------------------------------------------------
def test_server_down_keeps_the_content(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    central.edit(active=0)
    central.publish()
    with refused_url() as down:
        result = kiosk.follow(down)
    assert result.status == REFUSED and "not reachable" in result.reason
    assert kiosk.content() == expected
    check = last_check(kiosk.conn)
    assert not check.ok and "not reachable" in check.message
    kiosk.assert_local_untouched()


def test_a_download_cut_off_keeps_the_content(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    central.edit(active=0)
    central.publish()
    target = publishing.published_release(central.repo)
    server.truncate.add(f"/targets/content/{target.hashes['sha256']}.release.json")
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "broke off" in result.reason, result.reason
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()
    server.truncate.clear()  # the next check, with the server whole again, takes it
    assert kiosk.follow(server.url).status == APPLIED
    assert kiosk.content() == content_document(central.conn)


# -- tampering -------------------------------------------------------------------------------
def test_a_tampered_release_file_is_refused(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    central.edit(active=0)
    central.publish()
    target = publishing.published_release(central.repo)
    path = central.repo / "targets" / "content" / f"{target.hashes['sha256']}.release.json"
    path.write_bytes(path.read_bytes().replace(b'"active":false', b'"active":true '))
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "signed size and hash" in result.reason, result.reason
    assert kiosk.content() == expected
    assert not last_check(kiosk.conn).ok
    kiosk.assert_local_untouched()


def test_tampered_metadata_is_refused(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    path = central.repo / "metadata" / "timestamp.json"
    document = json.loads(path.read_bytes())
    document["signed"]["version"] += 1  # changed without signing again
    path.write_text(json.dumps(document))
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "not signed by the keys" in result.reason, result.reason
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()


def test_metadata_signed_with_a_wrong_key_is_refused(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    central.edit(active=0)
    central.publish()
    path = central.repo / "metadata" / "timestamp.json"
    md = Metadata.from_bytes(path.read_bytes())
    md.signed.version += 1
    md.signatures.clear()
    md.sign(CryptoSigner.generate_ed25519())  # a key the kiosk's root does not name
    path.write_bytes(md.to_bytes())
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "not signed by the keys" in result.reason, result.reason
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()


# -- freeze and rollback ----------------------------------------------------------------------
def test_expired_signed_information_keeps_the_content_and_tells_staff(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    central.edit(active=0)
    central.publish(now=_now() - timedelta(days=4))  # its timestamp ran out a day ago
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "expired" in result.reason, result.reason
    assert kiosk.content() == expected
    check = last_check(kiosk.conn)
    assert not check.ok and "expired" in check.message
    assert check.expires is not None
    kiosk.assert_local_untouched()


def test_an_older_release_served_again_is_refused(kiosk, central, server, tmp_path):
    _applied(kiosk, central, server)
    old_copy = tmp_path / "old-repo"
    shutil.copytree(central.repo, old_copy)
    central.edit(active=0)
    expected = central.publish()
    assert kiosk.follow(server.url).status == APPLIED
    assert kiosk.content() == expected
    server.root = old_copy  # a mirror (or an attacker) serves the files of release 1 again
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "rollback" in result.reason, result.reason
    assert kiosk.content() == expected
    assert current_release(kiosk.conn).version == 2
    kiosk.assert_local_untouched()


def test_a_fresh_follower_state_cannot_be_rolled_back_either(kiosk, central, server, tmp_path):
    """Even with its follower folder lost, the kiosk refuses a release older than its own."""
    _applied(kiosk, central, server)
    old_copy = tmp_path / "old-repo"
    shutil.copytree(central.repo, old_copy)
    central.edit(active=0)
    expected = central.publish()
    assert kiosk.follow(server.url).status == APPLIED
    shutil.rmtree(kiosk.state)
    server.root = old_copy
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "older than release 2" in result.reason, result.reason
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()


# -- keys ------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["root", "targets"])
def test_after_a_key_rotation_the_kiosk_chains_over_and_applies(kiosk, central, server, role):
    _applied(kiosk, central, server)
    publishing.rotate(central.repo, central.keys, role, now=_now())
    central.edit(active=0)
    expected = central.publish()
    result = kiosk.follow(server.url)
    assert (result.status, result.version) == (APPLIED, 2), result.reason
    assert kiosk.content() == expected
    trusted = json.loads((kiosk.state / "metadata" / "root.json").read_text())
    assert trusted["signed"]["version"] == 2
    kiosk.assert_local_untouched()


def test_a_kiosk_enrolled_with_another_repository_refuses(kiosk, central, server, tmp_path):
    before = kiosk.content()
    central.publish()
    other = tmp_path / "other"
    publishing.init_keys(other / "repo", other / "keys", now=_now())
    kiosk.root = other / "repo" / "metadata" / "1.root.json"
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "not signed by the keys" in result.reason, result.reason
    assert kiosk.content() == before
    kiosk.assert_local_untouched()


# -- the release itself ----------------------------------------------------------------------
def test_a_release_that_fails_its_check_is_refused_with_the_reason(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    document = json.loads(publishing.published_release_bytes(central.repo))
    document["version"] = 2
    document["offers"][0]["phone"] = "not a phone number"
    bad = json.dumps(document).encode()
    # signed properly, but past publish()'s check (as a compromised publisher could)
    publishing._add_release(central.repo, central.keys, bad, version=2, now=_now())
    result = kiosk.follow(server.url)
    assert result.status == REFUSED and "failed its check" in result.reason, result.reason
    check = last_check(kiosk.conn)
    assert not check.ok and "failed its check" in check.message
    assert kiosk.content() == expected
    assert current_release(kiosk.conn).version == 1
    kiosk.assert_local_untouched()


def test_a_release_signed_under_another_number_is_refused(kiosk, central, server):
    expected = _applied(kiosk, central, server)
    data = publishing.published_release_bytes(central.repo)
    publishing._add_release(central.repo, central.keys, data + b" ", version=5, now=_now())
    result = kiosk.follow(server.url)
    assert result.status == REFUSED, result.reason
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()


# -- a real web server -----------------------------------------------------------------------
@pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed")
def test_following_through_nginx(kiosk, central, tmp_path):
    central.edit(active=0)
    expected = central.publish()
    with NginxServer(central.repo, tmp_path / "nginx") as nginx:
        result = kiosk.follow(nginx.url)
        assert result.status == APPLIED, result.reason
        assert kiosk.follow(nginx.url).status == CURRENT
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()


def test_an_unreadable_root_is_refused_and_recorded(kiosk, tmp_path):
    before = kiosk.content()
    kiosk.root = tmp_path / "missing-root.json"
    result = kiosk.follow("http://127.0.0.1:9")
    assert result.status == REFUSED and "root.json" in result.reason
    assert not last_check(kiosk.conn).ok
    assert kiosk.content() == before
    kiosk.assert_local_untouched()


# -- applying between visitors, and after a staff rollback -----------------------------------
def test_a_release_found_in_the_background_is_applied_later(kiosk, central, server):
    before = kiosk.content()
    central.edit(active=0)
    expected = central.publish()
    found = follow_once(
        kiosk.conn, server.url, central.root, kiosk.state, now=_now(), timeout_s=5, apply=False
    )
    assert (found.status, found.version) == (AVAILABLE, 1), found.reason
    assert kiosk.content() == before and current_release(kiosk.conn) is None
    result = apply_pending(kiosk.conn, found, url=server.url, now=_now())
    assert (result.status, result.version) == (APPLIED, 1)
    assert kiosk.content() == expected
    assert last_check(kiosk.conn).ok
    kiosk.assert_local_untouched()


def test_a_release_staff_rolled_back_is_not_applied_again(kiosk, central, server):
    before = kiosk.content()
    central.edit(active=0)
    central.publish()
    assert kiosk.follow(server.url).status == APPLIED
    rollback_release(kiosk.conn, now=_now())
    assert kiosk.content() == before
    result = kiosk.follow(server.url)
    assert result.status == CURRENT and "rolled back" in result.reason, result.reason
    assert kiosk.content() == before
    assert last_check(kiosk.conn).ok
    central.edit(active=1)
    expected = central.publish()  # release 2: newer than what staff took back
    assert kiosk.follow(server.url).status == APPLIED
    assert kiosk.content() == expected
    kiosk.assert_local_untouched()
