"""Statistics and fleet status back to the centre: kiosks PUT daily batches and a heartbeat to
a loopback inbox (Python's http.server, and a real nginx with deploy/nginx-fleet.conf where
nginx is installed); the centre imports them, counts each kiosk/day once and lists status."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
import socket
import sqlite3
import stat
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.fleet import upload
from kiosk.fleet.batches import (
    BATCH_FORMAT,
    BatchError,
    build_batch,
    parse_batch,
    parse_heartbeat,
)
from kiosk.fleet.central import (
    check_password,
    enrol,
    fleet_status,
    fleet_usage_report,
    import_inbox,
    revoke,
)
from kiosk.fleet.upload import (
    CredentialError,
    FleetConfig,
    load_credentials,
    send_pending,
)
from kiosk.stats import UsageEvent, UsageRecorder
from tests.fleet_server import InboxServer, free_port, nginx_binary, start_nginx

MONDAY = dt.datetime(2026, 11, 23, 9, 10)
TUESDAY = dt.datetime(2026, 11, 24, 11, 5)
NOW = dt.datetime(2026, 11, 24, 15, 0).astimezone()


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


class Centre:
    """The centre: its database, htpasswd file and the inbox a server writes into."""

    def __init__(self, base: Path, template: Path):
        self.base = base
        self.inbox = base / "inbox"
        self.inbox.mkdir()
        self.htpasswd = base / "fleet.htpasswd"
        self.db_path = base / "central.db"
        shutil.copyfile(template, self.db_path)
        self.conn = open_database(self.db_path)
        self.url = ""

    def enrol(self, kiosk: Kiosk, office: str = "Bürgerbüro Altstadt") -> str:
        secret = enrol(self.htpasswd, kiosk.id, office, central_conn=self.conn)
        kiosk.credential.write_text(secret + "\n", "ascii")
        kiosk.credential.chmod(0o600)
        return secret

    def import_all(self):
        return import_inbox(self.conn, self.inbox)

    def fleet_counts(self, kiosk: str | None = None) -> dict[tuple, int]:
        sql = "SELECT hour, event, language, age_band, need, offer_id, SUM(count) FROM fleet_usage"
        sql += " WHERE kiosk_id = ?" if kiosk else ""
        sql += " GROUP BY hour, event, language, age_band, need, offer_id"
        return {row[:-1]: row[-1] for row in self.conn.execute(sql, (kiosk,) if kiosk else ())}


class Kiosk:
    def __init__(self, kiosk_id: str, base: Path, template: Path):
        self.id = kiosk_id
        folder = base / kiosk_id
        folder.mkdir()
        self.db_path = folder / "kiosk.db"
        shutil.copyfile(template, self.db_path)
        self.conn = open_database(self.db_path)
        self.credential = folder / "fleet.credential"

    def use(self, moment: dt.datetime, times: int = 1, language: str = "ar") -> None:
        recorder = UsageRecorder(self.conn, lambda: moment)
        for _ in range(times):
            recorder.record(UsageEvent.SESSION_STARTED)
            recorder.record(UsageEvent.LANGUAGE_CHOSEN, language=language)
            recorder.record(
                UsageEvent.OFFER_VIEWED, language=language, age_band="27+", offer_id="mbe-test"
            )
        recorder.record_feedback("mbe-test", True)

    def config(self, url: str) -> FleetConfig:
        return FleetConfig(self.id, url, self.credential)

    def send(self, url: str, now: dt.datetime = NOW, **kwargs) -> upload.SendResult:
        kwargs.setdefault("printer_state", "none")
        kwargs.setdefault("timeout_s", 5.0)
        return send_pending(self.conn, self.config(url), now=now, **kwargs)

    def counts(self) -> dict[tuple, int]:
        rows = self.conn.execute(
            "SELECT hour, event, language, age_band, need, offer_id, count FROM usage_hourly"
        )
        return {row[:-1]: row[-1] for row in rows}

    def confirmed(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT day, digest FROM fleet_upload"))


@pytest.fixture
def centre(tmp_path, seed_db_template):
    base = tmp_path / "centre"
    base.mkdir()
    made = Centre(base, seed_db_template)
    yield made
    made.conn.close()


@pytest.fixture
def make_kiosk(tmp_path, seed_db_template):
    made: list[Kiosk] = []

    def make(kiosk_id: str) -> Kiosk:
        kiosk = Kiosk(kiosk_id, tmp_path, seed_db_template)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.conn.close()


@pytest.fixture(params=["http.server", "nginx"])
def server(request, centre, tmp_path):
    """The centre's inbox on loopback: Python's http.server, and a real nginx."""
    if request.param == "nginx":
        if nginx_binary() is None:
            pytest.skip("nginx is not installed (scripts/system-deps installs it)")
        running = start_nginx(tmp_path, centre.inbox, centre.htpasswd)
        centre.url = running.url
        yield running
        running.stop()
    else:
        running = InboxServer(centre.inbox, centre.htpasswd).start()
        centre.url = running.url
        yield running
        running.stop()


@pytest.fixture
def python_server(centre):
    running = InboxServer(centre.inbox, centre.htpasswd).start()
    centre.url = running.url
    yield running
    running.stop()


def raw_put(url: str, user: str, secret: str, body: bytes, method: str = "PUT") -> int:
    request = urllib.request.Request(url, data=body if method == "PUT" else None, method=method)
    token = base64.b64encode(f"{user}:{secret}".encode()).decode()
    request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


# -- the happy path and idempotence -----------------------------------------------------------
def test_happy_path_batches_heartbeat_import_and_status(server, centre, make_kiosk, monkeypatch):
    kiosk = make_kiosk("bb-altstadt-1")
    centre.enrol(kiosk)
    kiosk.use(MONDAY, 3)
    kiosk.use(TUESDAY, 2, language="uk")
    check = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)).isoformat(timespec="seconds")
    monkeypatch.setattr(upload, "content_state", lambda conn: ("release-42", check))

    result = kiosk.send(centre.url, printer_state="paper-out")

    assert result.ok, result.problem
    assert result.days_sent == (MONDAY.date(), TUESDAY.date()) and result.heartbeat_sent
    folder = centre.inbox / kiosk.id
    assert sorted(p.name for p in (folder / "stats").iterdir()) == [
        "2026-11-23.json",
        "2026-11-24.json",
    ]
    batch = parse_batch((folder / "stats" / "2026-11-23.json").read_bytes())
    assert batch.kiosk_id == kiosk.id and batch.total() == 3 * 3 + 1
    heartbeat = parse_heartbeat((folder / "heartbeat.json").read_bytes(), kiosk_id=kiosk.id)
    assert (heartbeat.content_version, heartbeat.printer) == ("release-42", "paper-out")
    assert heartbeat.last_content_check == check
    assert set(kiosk.confirmed()) == {"2026-11-23", "2026-11-24"}

    imported = centre.import_all()
    assert imported.ok and len(imported.imported) == 2
    assert centre.fleet_counts(kiosk.id) == kiosk.counts()

    [status] = fleet_status(centre.inbox, now=dt.datetime.now(dt.UTC), central_conn=centre.conn)
    assert (status.kiosk_id, status.office, status.printer) == (
        kiosk.id,
        "Bürgerbüro Altstadt",
        "paper-out",
    )
    assert status.content_version == "release-42" and status.enrolled
    assert status.last_seen is not None and not status.stale, status.reasons


def test_heartbeat_without_content_store_says_so_and_is_stale(python_server, centre, make_kiosk):
    kiosk = make_kiosk("bb-neustadt-1")
    centre.enrol(kiosk, "Bürgerbüro Neustadt")
    kiosk.use(MONDAY)
    store_state = upload.content_state(kiosk.conn)
    assert kiosk.send(centre.url).ok
    heartbeat = json.loads((centre.inbox / kiosk.id / "heartbeat.json").read_text())
    assert set(heartbeat) == {
        "format",
        "kiosk",
        "app_version",
        "content_version",
        "last_content_check",
        "printer",
        "sent_at",
    }
    assert heartbeat["content_version"] == store_state[0]
    [status] = fleet_status(centre.inbox, now=dt.datetime.now(dt.UTC), central_conn=centre.conn)
    if store_state[1] is None:
        assert status.stale and "has not checked for new content yet" in status.reasons


def test_resent_twice_counted_once(server, centre, make_kiosk):
    kiosk = make_kiosk("bb-prohlis-1")
    centre.enrol(kiosk)
    kiosk.use(MONDAY, 4)
    assert kiosk.send(centre.url).ok
    assert centre.import_all().ok

    # Nothing changed: the next send sends the heartbeat only.
    again = kiosk.send(centre.url)
    assert again.ok and again.days_sent == ()
    # The kiosk forgets what was confirmed (e.g. a restored backup): it sends the day twice more.
    for _ in range(2):
        kiosk.conn.execute("DELETE FROM fleet_upload")
        assert kiosk.send(centre.url).days_sent == (MONDAY.date(),)
        result = centre.import_all()
        assert result.ok
    assert centre.fleet_counts(kiosk.id) == kiosk.counts()
    total = centre.conn.execute("SELECT SUM(count) FROM fleet_usage").fetchone()[0]
    assert total == sum(kiosk.counts().values()) == 4 * 3 + 1


def test_today_is_resent_as_it_grows_and_replaces_the_day(python_server, centre, make_kiosk):
    kiosk = make_kiosk("bb-cotta-1")
    centre.enrol(kiosk)
    kiosk.use(TUESDAY.replace(hour=9))
    assert kiosk.send(centre.url).days_sent == (TUESDAY.date(),)
    centre.import_all()
    kiosk.use(TUESDAY.replace(hour=14), 2)
    assert kiosk.send(centre.url).days_sent == (TUESDAY.date(),)
    result = centre.import_all()
    assert [(k, d) for k, d, _ in result.imported] == [(kiosk.id, TUESDAY.date())]
    assert centre.fleet_counts(kiosk.id) == kiosk.counts()
    assert centre.import_all().unchanged == 1  # the same file is not read in again


def test_two_kiosks_merged_equal_the_sum_of_their_own(server, centre, make_kiosk, capsys):
    one, two = make_kiosk("bb-altstadt-1"), make_kiosk("bb-gorbitz-1")
    centre.enrol(one, "Bürgerbüro Altstadt")
    centre.enrol(two, "Bürgerbüro Gorbitz")
    one.use(MONDAY, 3, "ar")
    two.use(MONDAY, 5, "ar")  # the same hour and combination as kiosk one
    two.use(TUESDAY, 2, "fa")
    for kiosk in (one, two):
        assert kiosk.send(centre.url).ok
    centre.import_all()
    one.use(TUESDAY, 1, "ti")  # later that day, then resends
    for kiosk in (one, two, one):
        kiosk.conn.execute("DELETE FROM fleet_upload WHERE day = '2026-11-23'")
        assert kiosk.send(centre.url).ok
    assert centre.import_all().ok

    expected: dict[tuple, int] = {}
    for kiosk in (one, two):
        for key, count in kiosk.counts().items():
            expected[key] = expected.get(key, 0) + count
    assert centre.fleet_counts() == expected
    assert centre.fleet_counts(one.id) == one.counts()
    assert centre.fleet_counts(two.id) == two.counts()

    report = fleet_usage_report(centre.conn, "office", MONDAY.date(), TUESDAY.date())
    assert report.counts["Bürgerbüro Gorbitz"]["session_started"] == 7
    assert report.counts["Bürgerbüro Altstadt"]["session_started"] == 4

    # kiosk-admin stats --fleet: all kiosks, one office, one kiosk.
    args = [
        "--db",
        str(centre.db_path),
        "stats",
        "--fleet",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-24",
        "--format",
        "json",
    ]
    assert main(args) == 0
    every = {r["language"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert every["ar"]["offer_viewed"] == 8 and every["fa"]["offer_viewed"] == 2
    assert main([*args, "--office", "Bürgerbüro Altstadt"]) == 0
    office = {r["language"]: r for r in json.loads(capsys.readouterr().out)["rows"]}
    assert office["ar"]["offer_viewed"] == 3 and "fa" not in office
    assert main([*args[:-2], "--kiosk", two.id, "--by", "day"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("day,session_started")
    assert lines[1].startswith("2026-11-23,5,") and lines[2].startswith("2026-11-24,2,")
    assert (
        main(
            [
                "--db",
                str(centre.db_path),
                "stats",
                "--from",
                "2026-11-23",
                "--to",
                "2026-11-24",
                "--office",
                "x",
            ]
        )
        == 2
    )


# -- refusals: revoked, down, hanging, another kiosk's folder -----------------------------------
def test_revoked_kiosk_is_refused_with_the_reason_and_nothing_confirmed(server, centre, make_kiosk):
    kiosk = make_kiosk("bb-leuben-1")
    centre.enrol(kiosk)
    kiosk.use(MONDAY)
    assert kiosk.send(centre.url).ok
    assert revoke(centre.htpasswd, kiosk.id, central_conn=centre.conn)
    kiosk.use(TUESDAY)
    before = kiosk.confirmed()

    result = kiosk.send(centre.url)

    assert not result.ok and result.http_status == 401
    assert "revoked" in result.problem and result.days_sent == () and result.pending == 1
    assert kiosk.confirmed() == before
    assert not (centre.inbox / kiosk.id / "stats" / "2026-11-24.json").exists()
    # The revoked kiosk is no longer listed; its statistics so far stay counted.
    assert fleet_status(centre.inbox, now=dt.datetime.now(dt.UTC), central_conn=centre.conn) == []
    centre.import_all()
    assert centre.fleet_counts(kiosk.id)


def test_server_down_is_refused_and_retried_next_time(centre, make_kiosk):
    kiosk = make_kiosk("bb-pieschen-1")
    centre.enrol(kiosk)
    kiosk.use(MONDAY)
    kiosk.use(TUESDAY)
    down = f"http://127.0.0.1:{free_port()}"

    result = kiosk.send(down)

    assert not result.ok and "cannot be reached" in result.problem
    assert result.pending == 2 and kiosk.confirmed() == {}
    assert not any(centre.inbox.iterdir())
    running = InboxServer(centre.inbox, centre.htpasswd).start()
    try:
        retried = kiosk.send(running.url)
    finally:
        running.stop()
    assert retried.ok and retried.days_sent == (MONDAY.date(), TUESDAY.date())
    assert set(kiosk.confirmed()) == {"2026-11-23", "2026-11-24"}


def test_a_server_that_never_answers_runs_into_the_timeout(centre, make_kiosk):
    kiosk = make_kiosk("bb-klotzsche-1")
    centre.enrol(kiosk)
    kiosk.use(MONDAY)
    with socket.socket() as silent:  # listens, never accepts nor answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        result = kiosk.send(url, timeout_s=0.2)
    assert not result.ok and "did not answer within 0.2 s" in result.problem
    assert kiosk.confirmed() == {}


def test_a_kiosk_cannot_write_or_read_another_kiosks_folder(server, centre, make_kiosk):
    one, two = make_kiosk("bb-altstadt-1"), make_kiosk("bb-gorbitz-1")
    secret_one = centre.enrol(one)
    centre.enrol(two)
    two.use(MONDAY)
    assert two.send(centre.url).ok
    target = centre.inbox / two.id / "stats" / "2026-11-23.json"
    before = target.read_bytes()
    forged = build_batch(one.conn, two.id, MONDAY.date()).to_json()

    assert (
        raw_put(f"{centre.url}/{two.id}/stats/2026-11-23.json", one.id, secret_one, forged) == 403
    )
    assert raw_put(f"{centre.url}/{two.id}/heartbeat.json", one.id, secret_one, b"{}") == 403
    assert raw_put(f"{centre.url}/{one.id}/other.json", one.id, secret_one, b"{}") == 403
    assert raw_put(f"{centre.url}/{one.id}/heartbeat.json", one.id, "wrong", b"{}") == 401
    assert raw_put(f"{centre.url}/{two.id}/heartbeat.json", two.id, secret_one, b"{}") == 401
    assert target.read_bytes() == before
    # Kiosks read nothing back: no file, no listing.
    assert raw_put(
        f"{centre.url}/{two.id}/stats/2026-11-23.json", one.id, secret_one, b"", method="GET"
    ) in (403, 405)
    assert raw_put(f"{centre.url}/", one.id, secret_one, b"", method="GET") in (403, 405)
    # A batch in one's own folder claiming another kiosk is not imported as that kiosk.
    (centre.inbox / one.id / "stats").mkdir(parents=True, exist_ok=True)
    (centre.inbox / one.id / "stats" / "2026-11-23.json").write_bytes(forged)
    result = centre.import_all()
    assert [path.parent.parent.name for path, _ in result.problems] == [one.id]
    assert centre.fleet_counts(two.id) == two.counts() and centre.fleet_counts(one.id) == {}


# -- the import ------------------------------------------------------------------------------
def _write(path: Path, data: bytes | dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else json.dumps(data).encode())


def test_malformed_batches_are_reported_the_rest_imported_nothing_half_applied(
    python_server, centre, make_kiosk
):
    good, other = make_kiosk("bb-altstadt-1"), make_kiosk("bb-gorbitz-1")
    for kiosk in (good, other):
        centre.enrol(kiosk)
        kiosk.use(MONDAY, 2)
        assert kiosk.send(centre.url).ok
    assert centre.import_all().ok
    counted = centre.fleet_counts(other.id)

    # The other kiosk's Monday is replaced by a file with one bad row among good ones.
    path = centre.inbox / other.id / "stats" / "2026-11-23.json"
    payload = json.loads(path.read_text())
    payload["rows"].append({**payload["rows"][0], "event": "visitor_name", "count": 0})
    _write(path, payload)
    _write(centre.inbox / other.id / "stats" / "2026-11-24.json", b'{"format": "wegweiser-usa')
    _write(centre.inbox / other.id / "stats" / "yesterday.json", b"{}")
    _write(centre.inbox / "Not A Kiosk" / "stats" / "2026-11-23.json", b"{}")
    good.use(TUESDAY, 1)
    assert good.send(centre.url).ok

    result = centre.import_all()

    problems = {
        path.name if path.is_file() else path.parent.name + "/" + path.name: text
        for path, text in result.problems
    }
    assert not result.ok and len(result.problems) == 4
    assert "unknown event 'visitor_name'" in problems["2026-11-23.json"]
    assert "count: 0 is not between 1" in problems["2026-11-23.json"]
    assert "not JSON" in problems["2026-11-24.json"]
    assert "not a day" in problems["yesterday.json"]
    assert [(k, d) for k, d, _ in result.imported] == [(good.id, TUESDAY.date())]
    assert centre.fleet_counts(other.id) == counted  # the broken day kept its imported rows
    assert centre.fleet_counts(good.id) == good.counts()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p.update(format="other/1"), "format"),
        (lambda p: p.update(kiosk="Bad_Id"), "not a kiosk id"),
        (lambda p: p.update(day="2026-02-30"), "not a date"),
        (lambda p: p.update(rows="none"), "not a list"),
        (lambda p: p.update(visitor="x"), "unknown field"),
        (lambda p: p["rows"][0].update(hour="2026-11-23T24"), "is not an hour"),
        (lambda p: p["rows"][0].update(hour="2026-11-22T10"), "not on the batch's day"),
        (lambda p: p["rows"][0].update(hour="2026-11-23 10"), "is not an hour"),
        (lambda p: p["rows"][0].update(event="typed_text"), "unknown event"),
        (lambda p: p["rows"][0].update(count=0), "not between 1"),
        (lambda p: p["rows"][0].update(count=-3), "not between 1"),
        (lambda p: p["rows"][0].update(count=2.5), "not a whole number"),
        (lambda p: p["rows"][0].update(count=True), "not a whole number"),
        (lambda p: p["rows"][0].update(language=7), "is not text"),
        (lambda p: p["rows"][0].update(language="ar\n"), "control characters"),
        (lambda p: p["rows"][0].update(offer_id="x" * 101), "longer than 100"),
        (lambda p: p["rows"][0].update(event=["offer_viewed"]), "unknown event"),
        (lambda p: p["rows"].__setitem__(0, ["2026-11-23T10"]), "not an object"),
        (lambda p: p["rows"][0].update(session="abc"), "unknown field"),
        (lambda p: p["rows"][0].pop("need"), "missing need"),
        (lambda p: p["rows"].append(dict(p["rows"][0])), "twice"),
        (
            lambda p: p["rows"].append(
                {**p["rows"][0], "event": "feedback_helped", "language": "ar"}
            ),
            "per offer only",
        ),
    ],
)
def test_batch_checks_every_row(change, message):
    row = {
        "hour": "2026-11-23T10",
        "event": "offer_viewed",
        "language": "ar",
        "age_band": "27+",
        "need": "work",
        "offer_id": "mbe-test",
        "count": 2,
    }
    payload = {"format": BATCH_FORMAT, "kiosk": "bb-altstadt-1", "day": "2026-11-23", "rows": [row]}
    assert parse_batch(json.dumps(payload).encode()).total() == 2
    change(payload)
    with pytest.raises(BatchError, match=message):
        parse_batch(json.dumps(payload).encode())


def test_batch_of_a_day_is_the_kiosks_hourly_rows(make_kiosk):
    kiosk = make_kiosk("bb-altstadt-1")
    kiosk.use(MONDAY, 2)
    kiosk.use(MONDAY.replace(hour=23, minute=59))
    kiosk.use(TUESDAY)
    batch = build_batch(kiosk.conn, kiosk.id, MONDAY.date())
    assert {row.key(): row.count for row in batch.rows} == {
        key: count for key, count in kiosk.counts().items() if key[0].startswith("2026-11-23")
    }
    again = parse_batch(batch.to_json(), kiosk_id=kiosk.id, day=MONDAY.date())
    assert again == batch and again.digest() == batch.digest()


# -- status ----------------------------------------------------------------------------------
def test_status_marks_kiosks_stale_by_heartbeat_age_and_content_check(
    python_server, centre, make_kiosk, monkeypatch
):
    fresh, quiet, behind = (make_kiosk(f"bb-kiosk-{n}") for n in (1, 2, 3))
    enrolled_only = make_kiosk("bb-kiosk-4")
    for kiosk in (fresh, quiet, behind, enrolled_only):
        centre.enrol(kiosk, "Bürgerbüro Blasewitz")
    now = dt.datetime.now(dt.UTC)
    for kiosk, checked in ((fresh, now), (quiet, now), (behind, now - dt.timedelta(days=2))):
        monkeypatch.setattr(upload, "content_state", lambda conn, c=checked: ("r7", c.isoformat()))
        assert kiosk.send(centre.url, now=now).ok
    three_hours_ago = (now - dt.timedelta(hours=3)).timestamp()
    os.utime(centre.inbox / quiet.id / "heartbeat.json", (three_hours_ago, three_hours_ago))
    _write(centre.inbox / "bb-unknown-1" / "heartbeat.json", b"not json")

    statuses = {
        s.kiosk_id: s for s in fleet_status(centre.inbox, now=now, central_conn=centre.conn)
    }

    assert not statuses[fresh.id].stale and statuses[fresh.id].reasons == ()
    assert statuses[quiet.id].stale and statuses[quiet.id].reasons == ("no heartbeat for 3 h",)
    assert statuses[behind.id].reasons == ("last content check 2 days ago",)
    assert statuses[enrolled_only.id].reasons == ("no heartbeat received yet",)
    unknown = statuses["bb-unknown-1"]
    assert unknown.office == "" and not unknown.enrolled and unknown.stale
    assert "heartbeat unreadable" in unknown.reasons[0]


# -- the credential --------------------------------------------------------------------------
def test_credential_never_appears_in_logs_or_messages(server, centre, make_kiosk, caplog):
    caplog.set_level("DEBUG")
    kiosk = make_kiosk("bb-altstadt-1")
    secret = centre.enrol(kiosk)
    token = base64.b64encode(f"{kiosk.id}:{secret}".encode()).decode()
    kiosk.use(MONDAY)
    results = [kiosk.send(centre.url)]
    results.append(kiosk.send(f"http://127.0.0.1:{free_port()}"))
    kiosk.use(TUESDAY)
    revoke(centre.htpasswd, kiosk.id)
    results.append(kiosk.send(centre.url))
    credential = load_credentials(kiosk.credential, kiosk.id)
    shown = [caplog.text, repr(credential), str(credential)]
    shown += [repr(result) for result in results]
    shown += [centre.htpasswd.read_text(), getattr(server, "error_log", str)()]
    assert [r.ok for r in results] == [True, False, False]
    for text in shown:
        assert secret not in text and token not in text


def test_enrol_prints_the_secret_once_to_stdout_and_stores_only_its_hash(centre, capsys):
    args = [
        "--db",
        str(centre.db_path),
        "fleet",
        "enrol",
        "--htpasswd",
        str(centre.htpasswd),
        "--kiosk",
        "bb-altstadt-1",
        "--office",
        "Bürgerbüro Altstadt",
    ]
    assert main(args) == 0
    out, err = capsys.readouterr()
    secret = out.strip()
    assert len(secret) >= 40 and "\n" not in secret and secret not in err
    assert "0600" in err
    line = centre.htpasswd.read_text().strip()
    assert line.startswith("bb-altstadt-1:{SSHA}") and secret not in line
    assert check_password(centre.htpasswd, "bb-altstadt-1", secret)
    assert not check_password(centre.htpasswd, "bb-altstadt-1", secret + "x")
    assert stat.S_IMODE(centre.htpasswd.stat().st_mode) == 0o640
    # Enrolling again replaces the old secret.
    assert main(args) == 0
    assert not check_password(centre.htpasswd, "bb-altstadt-1", secret)
    assert centre.htpasswd.read_text().count("bb-altstadt-1:") == 1
    assert (
        main(
            [
                "--db",
                str(centre.db_path),
                "fleet",
                "revoke",
                "--htpasswd",
                str(centre.htpasswd),
                "--kiosk",
                "bb-altstadt-1",
            ]
        )
        == 0
    )
    assert centre.htpasswd.read_text() == ""
    office, revoked = centre.conn.execute(
        "SELECT office, revoked_at FROM fleet_kiosk WHERE kiosk_id = 'bb-altstadt-1'"
    ).fetchone()
    assert office == "Bürgerbüro Altstadt" and revoked


def test_credential_file_with_wrong_permissions_is_refused(python_server, centre, make_kiosk):
    kiosk = make_kiosk("bb-altstadt-1")
    centre.enrol(kiosk)
    kiosk.use(MONDAY)
    kiosk.credential.chmod(0o644)
    result = kiosk.send(centre.url)
    assert not result.ok and "chmod 600" in result.problem and "0644" in result.problem
    with pytest.raises(CredentialError, match="read or written by others"):
        load_credentials(kiosk.credential, kiosk.id)
    kiosk.credential.chmod(0o600)
    link = kiosk.credential.with_name("link")
    link.symlink_to(kiosk.credential)
    with pytest.raises(CredentialError, match="symbolic link"):
        load_credentials(link, kiosk.id)
    with pytest.raises(CredentialError, match="does not exist"):
        load_credentials(kiosk.credential.with_name("missing"), kiosk.id)
    assert python_server.requests == [] and kiosk.confirmed() == {}
    assert load_credentials(kiosk.credential, kiosk.id).kiosk_id == kiosk.id


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_credential_file_of_another_user_is_refused(make_kiosk, centre):
    kiosk = make_kiosk("bb-altstadt-1")
    centre.enrol(kiosk)
    os.chown(kiosk.credential, 65534, 65534)
    with pytest.raises(CredentialError, match="belongs to user id 65534"):
        load_credentials(kiosk.credential, kiosk.id)


def test_plain_http_to_another_machine_is_refused():
    with pytest.raises(ValueError, match="only travels over HTTPS"):
        FleetConfig("bb-altstadt-1", "http://statistik.wegweiser.invalid", Path("x"))
    assert FleetConfig("bb-altstadt-1", "https://statistik.wegweiser.invalid/w", Path("x"))
    with pytest.raises(ValueError, match="not a kiosk id"):
        FleetConfig("../etc", "https://statistik.wegweiser.invalid", Path("x"))


# -- the command line, end to end --------------------------------------------------------------
def test_cli_send_import_status(python_server, centre, make_kiosk, capsys):
    kiosk = make_kiosk("bb-altstadt-1")
    centre.enrol(kiosk)
    kiosk.use(MONDAY)
    kiosk.conn.close()
    send = [
        "--db",
        str(kiosk.db_path),
        "fleet",
        "send",
        "--url",
        centre.url,
        "--kiosk",
        kiosk.id,
        "--credentials",
        str(kiosk.credential),
        "--printer-state",
        "jam",
    ]
    assert main(send) == 0
    assert "statistics of 2026-11-23" in capsys.readouterr().out
    down = [*send[:5], f"http://127.0.0.1:{free_port()}", *send[6:]]
    assert main(down) == 1
    assert "cannot be reached" in capsys.readouterr().err
    assert main([*send[:5], "http://statistik.wegweiser.invalid", *send[6:]]) == 2
    # Configured once, the kiosk's timer (and `fleet send` without arguments) use the stored place.
    assert main(send[:4]) == 2
    assert "no fleet configuration" in capsys.readouterr().err
    assert main(["--db", str(kiosk.db_path), "fleet", "configure", *send[4:10]]) == 0
    assert main([*send[:4], "--printer-state", "jam"]) == 0
    assert "sent and confirmed: heartbeat" in capsys.readouterr().out
    check = open_database(kiosk.db_path)
    try:
        stored = upload.configured(check)
    finally:
        check.close()
    assert stored == FleetConfig(kiosk.id, centre.url, kiosk.credential)
    assert main(["--db", str(kiosk.db_path), "fleet", "configure", "--off"]) == 0
    assert main(send[:4]) == 2
    capsys.readouterr()
    kiosk.conn = open_database(kiosk.db_path)

    assert main(["--db", str(centre.db_path), "fleet", "import", "--inbox", str(centre.inbox)]) == 0
    assert "1 batch(es) imported" in capsys.readouterr().out
    assert (
        main(
            ["--db", str(centre.db_path), "fleet", "status", "--inbox", str(centre.inbox), "--json"]
        )
        == 0
    )
    [status] = json.loads(capsys.readouterr().out)
    assert (status["kiosk"], status["printer"], status["office"]) == (
        kiosk.id,
        "jam",
        "Bürgerbüro Altstadt",
    )
    assert main(["--db", str(centre.db_path), "fleet", "status", "--inbox", str(centre.inbox)]) == 0
    out = capsys.readouterr().out
    assert kiosk.id in out and "1 kiosk(s)" in out


def test_heartbeat_takes_versions_from_the_content_store(conn):
    store = pytest.importorskip("kiosk.content.store")
    moment = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    release = store.ReleaseInfo(12, moment, moment, "ab" * 32)
    check = store.CheckStatus(moment, True, moment, None)
    assert upload._as_text(release, "version") == "12"
    assert upload._as_text(check, "last_success") == "2026-11-24T08:00:00+00:00"
    assert upload._as_text(store.CheckStatus(moment, False, None, None), "last_success") is None
    version, checked = upload.content_state(conn)  # a standalone kiosk: nothing or release 0
    assert checked is None and version in (None, "0")


def test_migration_gives_every_database_the_fleet_tables(conn):
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"fleet_config", "fleet_upload", "fleet_kiosk", "fleet_usage", "fleet_import"} <= tables
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO fleet_usage VALUES ('k1', '2026-11-23', '2026-11-24T10', "
            "'offer_viewed', '', '', '', '', 1)"
        )
