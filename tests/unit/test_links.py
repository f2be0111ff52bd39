"""Links and contacts checked: every answer of a loopback server classified right (200, 301,
302, 404, 500, a redirect loop, a server that never answers, nothing listening), phones and
e-mails from the shipped data, and the exit codes of ``kiosk-admin check --links``."""

from __future__ import annotations

import csv
import dataclasses
import http.server
import io
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from kiosk.admin import links
from kiosk.admin.links import LinkState, check_url, check_urls, contact_problems
from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import transaction
from kiosk.domain.models import Contact

SHORT = 0.5  # seconds: the timeout for the server that never answers


class _Site(http.server.BaseHTTPRequestHandler):
    """Answers by path; ``/hang`` never answers until the fixture lets it go."""

    release: threading.Event
    seen: list[tuple[str, str, str]]

    def log_message(self, *args: object) -> None:  # quiet in the test output
        pass

    def _answer(self, status: int, location: str = "", body: bool = True) -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body and self.command == "GET":
            self.wfile.write(b"ok")

    def _route(self) -> None:
        self.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if path == "/ok":
            self._answer(200)
        elif path == "/moved":
            self._answer(301, "/ok")
        elif path == "/moved-308":
            self._answer(308, "/moved")  # 308 → 301 → 200: permanent all the way
        elif path == "/found":
            self._answer(302, "/ok")
        elif path == "/gone":
            self._answer(404)
        elif path == "/error":
            self._answer(500)
        elif path == "/loop-a":
            self._answer(301, "/loop-b")
        elif path == "/loop-b":
            self._answer(302, "/loop-a")
        elif path.startswith("/chain/"):
            step = int(path.rsplit("/", 1)[1])
            self._answer(301, f"/chain/{step + 1}")
        elif path == "/no-head":
            self._answer(405 if self.command == "HEAD" else 200)
        elif path == "/moved-away":
            self._answer(301, "/gone")
        elif path == "/hang":
            self.release.wait(30)  # never answers while the test runs
            self.close_connection = True
        else:
            self._answer(404)

    def do_HEAD(self) -> None:
        self._route()

    def do_GET(self) -> None:
        self._route()


@dataclass
class Site:
    base: str
    seen: list[tuple[str, str, str]]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site() -> Iterator[Site]:
    release = threading.Event()
    handler = type("Handler", (_Site,), {"release": release, "seen": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_address[1]}", handler.seen)
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def nothing_listens() -> Iterator[str]:
    """An address on loopback where nothing listens: a port bound but never listened on."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        sock.close()


@pytest.mark.parametrize(
    ("path", "state", "status", "final", "permanent"),
    [
        ("/ok", LinkState.OK, 200, "/ok", False),
        ("/moved", LinkState.MOVED, 200, "/ok", True),
        ("/moved-308", LinkState.MOVED, 200, "/ok", True),
        ("/found", LinkState.MOVED, 200, "/ok", False),
        ("/gone", LinkState.BROKEN, 404, "/gone", False),
        ("/error", LinkState.BROKEN, 500, "/error", False),
        ("/moved-away", LinkState.BROKEN, 404, "/gone", True),
        ("/loop-a", LinkState.BROKEN, 302, "/loop-a", False),
        ("/chain/0", LinkState.BROKEN, 301, "/chain/6", True),
    ],
)
def test_every_answer_is_classified(site, path, state, status, final, permanent):
    result = check_url(site.url(path), timeout_s=5)
    assert result.state is state, result
    assert result.status == status
    assert result.final_url == site.url(final)
    assert result.permanent is permanent


def test_moved_reports_the_final_address_and_each_hop(site):
    result = check_url(site.url("/moved-308"), timeout_s=5)
    assert result.reason == f"moved permanently → {site.url('/ok')}"
    assert [(h.status, h.location) for h in result.hops] == [
        (308, site.url("/moved")),
        (301, site.url("/ok")),
    ]
    temporary = check_url(site.url("/found"), timeout_s=5)
    assert temporary.reason == f"moved temporarily → {site.url('/ok')}"
    loop = check_url(site.url("/loop-a"), timeout_s=5)
    assert loop.reason.startswith("redirect loop")
    assert check_url(site.url("/chain/0"), timeout_s=5, max_redirects=10).state is LinkState.BROKEN
    assert check_url(site.url("/chain/0"), timeout_s=5, max_redirects=2).reason == (
        "more than 2 redirects"
    )


def test_head_first_then_get_when_head_is_refused_with_a_user_agent(site):
    assert check_url(site.url("/ok"), timeout_s=5).method == "HEAD"
    result = check_url(site.url("/no-head"), timeout_s=5)
    assert result.state is LinkState.OK and result.method == "GET"
    assert [(m, p) for m, p, _ in site.seen] == [
        ("HEAD", "/ok"),
        ("HEAD", "/no-head"),
        ("GET", "/no-head"),
    ]
    assert all(agent == links.USER_AGENT for _, _, agent in site.seen)
    assert links.USER_AGENT.startswith("wegweiser-kiosk/")


def test_a_server_that_never_answers_is_broken_after_the_timeout(site):
    result = check_url(site.url("/hang"), timeout_s=SHORT)
    assert result.state is LinkState.BROKEN and result.status is None
    assert result.reason == "no answer in time"


def test_an_address_where_nothing_listens_is_broken(nothing_listens):
    result = check_url(nothing_listens, timeout_s=SHORT)
    assert result.state is LinkState.BROKEN and result.status is None
    assert result.reason.startswith("no connection")


def test_a_malformed_address_is_broken_without_a_request(site):
    for bad in ("www.example.org", "ftp://example.org/x", "https://name@example.org/"):
        result = check_url(bad, timeout_s=SHORT)
        assert result.state is LinkState.BROKEN and result.status is None
    assert site.seen == []


def test_many_addresses_in_parallel_each_once_and_in_order(site, nothing_listens):
    urls = [site.url(p) for p in ("/ok", "/gone", "/moved", "/ok", "/error")] + [nothing_listens]
    results = check_urls(urls, timeout_s=5, workers=3)
    assert list(results) == list(dict.fromkeys(urls))
    assert [r.state for r in results.values()] == [
        LinkState.OK,
        LinkState.BROKEN,
        LinkState.MOVED,
        LinkState.BROKEN,
        LinkState.BROKEN,
    ]
    assert sum(path == "/ok" for _, path, _ in site.seen) == 2, "/ok once itself, once after /moved"


def test_the_overall_bound_leaves_what_is_not_done_as_not_checked(site):
    # the request itself would wait up to 30 s; the whole check ends long before that
    results = check_urls([site.url("/hang")], timeout_s=30, overall_s=0.05)
    result = results[site.url("/hang")]
    assert result.state is LinkState.NOT_CHECKED
    assert "limited to 0.05 s" in result.reason


# -- contacts ----------------------------------------------------------------------------------
def test_the_shipped_phones_and_emails_are_valid(conn):
    offers = OfferRepository(conn).all()
    assert sum(bool(o.contact.phone) for o in offers) >= 20
    assert contact_problems(offers) == []


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("phone", "+49 351 4984712", True),  # Caritas MBE, as in the data
        ("phone", "+49 176 39255033", True),  # a mobile number (JMD Freital)
        ("phone", "0351 4884741", True),  # German numbers may leave out +49
        ("phone", "+49 911 9430", True),  # BAMF Nürnberg
        ("phone", "+49 351 12", False),  # too short
        ("phone", "0351-CARITAS", True),  # letters dial as digits (phonenumbers)
        ("phone", "+49 351 49847129999999", False),  # too long
        ("email", "refugee-LawClinic@mailbox.tu-dresden.de", True),
        ("email", "mbe@caritas-dresden.de", True),
        ("email", "mbe@caritas-dresden", False),  # no top-level domain
        ("email", "mbe caritas@caritas-dresden.de", False),
        ("email", "mbe@@caritas-dresden.de", False),
    ],
)
def test_phone_and_email_validation(conn, field, value, valid):
    offer = OfferRepository(conn).get("mbe-caritas")
    changed = dataclasses.replace(
        offer, contact=dataclasses.replace(offer.contact, **{field: value})
    )
    problems = contact_problems([changed])
    assert (problems == []) is valid, problems
    if not valid:
        assert problems[0].field == field and problems[0].value == value
        assert problems[0].offer_id == "mbe-caritas" and problems[0].message


def test_offers_sharing_an_address_are_checked_once_and_named(conn, site):
    repo = OfferRepository(conn)
    a = dataclasses.replace(repo.get("mbe-caritas"), contact=Contact(web=site.url("/gone")))
    b = dataclasses.replace(repo.get("jmd-caritas-dresden"), contact=Contact(web=site.url("/gone")))
    c = dataclasses.replace(repo.get("cabana-oeiz"), contact=Contact(web=site.url("/moved")))
    report = links.check_offers([c, a, b], timeout_s=5)
    assert [link.result.state for link in report.links] == [LinkState.BROKEN, LinkState.MOVED]
    assert [u.offer_id for u in report.broken[0].uses] == ["mbe-caritas", "jmd-caritas-dresden"]
    assert sum(path == "/gone" for _, path, _ in site.seen) == 2, "one HEAD, one GET, once"
    assert report.has_problems
    text = links.links_to_text(report)
    assert "1 broken, 1 moved" in text and "used by mbe-caritas, jmd-caritas-dresden" in text
    rows = list(
        csv.reader(io.StringIO(links.links_to_csv(report).decode("utf-8-sig")), delimiter=";")
    )
    assert rows[0] == list(links.LINK_CSV_COLUMNS)
    assert rows[2][:6] == ["web", "moved", site.url("/moved"), "200", site.url("/ok"), "yes"]


def test_source_addresses_only_on_request(conn):
    offer = OfferRepository(conn).get("mbe-caritas")
    assert set(links.offer_links([offer])) == {offer.contact.web}
    assert set(links.offer_links([offer], sources=True)) == {offer.contact.web, offer.source}


# -- kiosk-admin check --links ------------------------------------------------------------------
def _point_every_link_at(db, url: str) -> None:
    conn = open_database(db)
    with transaction(conn):
        conn.execute("UPDATE offer SET web = ? WHERE web <> ''", (url,))
    conn.close()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exit_codes(seed_db, site, capsys):
    db = str(seed_db)
    _point_every_link_at(seed_db, site.url("/moved"))
    code, out, _ = run(capsys, "--db", db, "check", "--links", "--timeout", "5")
    assert code == 0, out  # moved is reported, not broken
    assert "0 broken, 1 moved" in out and f"moved permanently → {site.url('/ok')}" in out

    _point_every_link_at(seed_db, site.url("/error"))
    code, out, _ = run(capsys, "--db", db, "check", "--links", "--format", "csv")
    assert code == 1
    assert ";broken;" in out and "HTTP 500" in out

    _point_every_link_at(seed_db, site.url("/ok"))
    conn = open_database(seed_db)
    with transaction(conn):
        conn.execute("UPDATE offer SET phone = '+49 351 12' WHERE id = 'mbe-caritas'")
    conn.close()
    code, out, _ = run(capsys, "--db", db, "check", "--links")
    assert code == 1 and "mbe-caritas" in out and "+49 351 12" in out

    assert run(capsys, "--db", db, "check", "--links", "--format", "html")[0] == 2
    assert run(capsys, "--db", db, "check", "--links", "--timeout", "0")[0] == 2
    assert run(capsys, "--db", db, "check", "--links", "--workers", "99")[0] == 2


def test_cli_plain_check_is_unchanged(seed_db, site, capsys):
    code, out, _ = run(capsys, "--db", str(seed_db), "check")
    assert code == 1 and "offer(s) to verify" in out
    assert site.seen == [], "the plain check never touches the network"
