"""Links and contacts checked: every web address of the offers tried, phone numbers and e-mail
addresses validated (desk side; the kiosk itself never runs this).

A dead web address is a dead QR code on a printed handout. :func:`check_url` asks with ``HEAD``
(and again with ``GET`` when the server refuses ``HEAD`` or answers it with an error), follows
redirects itself up to :data:`MAX_REDIRECTS` so each hop can be reported — ``moved`` with the
final address, permanent (301, 308) or temporary (302, 303, 307) — and calls a link broken for
an HTTP error (4xx, 5xx), a name that does not resolve, a refused connection, a redirect loop or
no answer within the timeout. :func:`check_urls` checks a few addresses at once in a thread pool,
each request with its own timeout and the whole run with an overall bound; what is left when
that runs out is reported as not checked.

Phones are checked with ``phonenumbers`` (region DE) and e-mail addresses by their syntax only
(no network), through the same rules as the offer editor (:mod:`kiosk.domain.validation`).
"""

from __future__ import annotations

import concurrent.futures
import csv
import importlib.metadata
import io
import sqlite3
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import urllib3

from kiosk.admin.csv_format import DELIMITER, neutralise
from kiosk.db.offer_repository import OfferRepository
from kiosk.domain.models import Offer
from kiosk.domain.validation import email_problem, phone_problem, url_problem

DEFAULT_TIMEOUT_S = 10.0  # per request (connect, and each read)
DEFAULT_OVERALL_S = 180.0  # the whole run
DEFAULT_WORKERS = 4
MAX_REDIRECTS = 5
PERMANENT = frozenset({301, 308})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def _user_agent() -> str:
    try:
        version = importlib.metadata.version("wegweiser-kiosk")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    return f"wegweiser-kiosk/{version} link-check (checks the addresses of its offers)"


USER_AGENT = _user_agent()


class LinkState(StrEnum):
    OK = "ok"
    MOVED = "moved"  # answers, but at another address
    BROKEN = "broken"
    NOT_CHECKED = "not_checked"  # the overall time ran out first


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect: ``url`` answered ``status`` pointing to ``location`` (absolute)."""

    status: int
    url: str
    location: str

    @property
    def permanent(self) -> bool:
        return self.status in PERMANENT


@dataclass(frozen=True, slots=True)
class LinkResult:
    """What one web address answered. ``reason`` is English, for staff."""

    url: str
    state: LinkState
    reason: str
    status: int | None = None  # the last HTTP status (None: no answer)
    final_url: str = ""  # where the redirects ended
    hops: tuple[Hop, ...] = ()
    method: str = "HEAD"

    @property
    def permanent(self) -> bool:
        """Moved for good (every hop 301/308): the address should be changed in the data."""
        return bool(self.hops) and all(h.permanent for h in self.hops)


@dataclass(frozen=True, slots=True)
class LinkUse:
    """Where an address is used: the offer and its field (``web`` or ``source``)."""

    offer_id: str
    offer_name: str
    field: str


@dataclass(frozen=True, slots=True)
class CheckedLink:
    result: LinkResult
    uses: tuple[LinkUse, ...]


@dataclass(frozen=True, slots=True)
class ContactProblem:
    """A phone number or e-mail address (or web address) that cannot be right."""

    offer_id: str
    offer_name: str
    field: str  # phone, email, web, source
    value: str
    message: str  # English, from the editor's own rules


@dataclass(frozen=True, slots=True)
class LinkReport:
    links: tuple[CheckedLink, ...]
    contacts: tuple[ContactProblem, ...]

    def in_state(self, state: LinkState) -> tuple[CheckedLink, ...]:
        return tuple(link for link in self.links if link.result.state is state)

    @property
    def broken(self) -> tuple[CheckedLink, ...]:
        return self.in_state(LinkState.BROKEN)

    @property
    def moved(self) -> tuple[CheckedLink, ...]:
        return self.in_state(LinkState.MOVED)

    @property
    def not_checked(self) -> tuple[CheckedLink, ...]:
        return self.in_state(LinkState.NOT_CHECKED)

    @property
    def has_problems(self) -> bool:
        """Anything broken, a contact that cannot be right, or links left unchecked."""
        return bool(self.broken or self.contacts or self.not_checked)


# -- one address -------------------------------------------------------------------------------
class _Pools:
    """One urllib3 pool manager per proxy (proxies from the environment, as browsers and the
    content follower use them; ``no_proxy`` respected)."""

    def __init__(self, user_agent: str):
        self._headers = {"User-Agent": user_agent, "Accept": "*/*"}
        self._direct = urllib3.PoolManager(headers=self._headers, retries=False)
        self._proxies: dict[str, urllib3.ProxyManager] = {}
        self._env = urllib.request.getproxies()

    def for_url(self, url: str) -> urllib3.PoolManager:
        parts = urlsplit(url)
        proxy = self._env.get(parts.scheme)
        if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
            return self._direct
        if proxy not in self._proxies:
            self._proxies[proxy] = urllib3.ProxyManager(proxy, headers=self._headers, retries=False)
        return self._proxies[proxy]

    def clear(self) -> None:
        self._direct.clear()
        for manager in self._proxies.values():
            manager.clear()


def _short(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "…"


def _transport_reason(error: urllib3.exceptions.HTTPError) -> str:
    cause = getattr(error, "reason", None) or error
    if isinstance(cause, urllib3.exceptions.NameResolutionError):
        return "the host name does not resolve (DNS)"
    if isinstance(cause, urllib3.exceptions.NewConnectionError):
        return f"no connection ({_short(cause).rpartition(': ')[2]})"
    if isinstance(cause, urllib3.exceptions.TimeoutError):
        return "no answer in time"
    if isinstance(cause, urllib3.exceptions.SSLError):
        return f"TLS/certificate problem ({_short(cause)})"
    if isinstance(cause, urllib3.exceptions.ProtocolError):
        return f"the connection broke off ({_short(cause)})"
    return f"not reachable ({_short(cause)})"


def _ask(pools: _Pools, method: str, url: str, timeout: urllib3.Timeout) -> tuple[int, str]:
    """Status and ``Location`` of one request; the body is never read."""
    response = pools.for_url(url).urlopen(
        method,
        url,
        redirect=False,
        retries=False,
        timeout=timeout,
        preload_content=False,
    )
    try:
        return response.status, response.headers.get("Location", "")
    finally:
        response.close()


def check_url(
    url: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_redirects: int = MAX_REDIRECTS,
    user_agent: str = USER_AGENT,
    _pools: _Pools | None = None,
) -> LinkResult:
    """Try one web address (see the module's description)."""
    issue = url_problem("web", url)
    if issue is not None:
        return LinkResult(url, LinkState.BROKEN, issue.text())
    pools = _pools or _Pools(user_agent)
    timeout = urllib3.Timeout(connect=timeout_s, read=timeout_s)
    hops: list[Hop] = []
    seen = {url}
    current, method = url, "HEAD"
    try:
        while True:
            try:
                status, location = _ask(pools, method, current, timeout)
                if method == "HEAD" and status >= 400:  # refused HEAD (405, 501, 403 …)
                    method = "GET"
                    status, location = _ask(pools, method, current, timeout)
            except urllib3.exceptions.HTTPError as error:
                return LinkResult(
                    url,
                    LinkState.BROKEN,
                    _transport_reason(error),
                    final_url=current,
                    hops=tuple(hops),
                    method=method,
                )
            if status in REDIRECTS and location:
                target = urljoin(current, location.strip())
                hops.append(Hop(status, current, target))
                if target in seen:
                    return LinkResult(
                        url,
                        LinkState.BROKEN,
                        f"redirect loop (back to {target})",
                        status,
                        target,
                        tuple(hops),
                        method,
                    )
                if len(hops) > max_redirects:
                    return LinkResult(
                        url,
                        LinkState.BROKEN,
                        f"more than {max_redirects} redirects",
                        status,
                        target,
                        tuple(hops),
                        method,
                    )
                if urlsplit(target).scheme not in ("http", "https"):
                    return LinkResult(
                        url,
                        LinkState.BROKEN,
                        f"redirected to an address that is not a web page ({target})",
                        status,
                        target,
                        tuple(hops),
                        method,
                    )
                seen.add(target)
                current = target
                continue
            if status >= 400:
                reason = f"HTTP {status}" + (f" at {current} (redirected)" if hops else "")
                return LinkResult(
                    url, LinkState.BROKEN, reason, status, current, tuple(hops), method
                )
            if hops:
                kind = "permanently" if all(h.permanent for h in hops) else "temporarily"
                return LinkResult(
                    url,
                    LinkState.MOVED,
                    f"moved {kind} → {current}",
                    status,
                    current,
                    tuple(hops),
                    method,
                )
            return LinkResult(url, LinkState.OK, f"HTTP {status}", status, current, (), method)
    finally:
        if _pools is None:
            pools.clear()


def check_urls(
    urls: Iterable[str],
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    overall_s: float = DEFAULT_OVERALL_S,
    workers: int = DEFAULT_WORKERS,
    max_redirects: int = MAX_REDIRECTS,
    user_agent: str = USER_AGENT,
) -> dict[str, LinkResult]:
    """Each address once, ``workers`` at a time; an address not done within ``overall_s``
    seconds is reported as not checked (its request still ends by its own timeout)."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}
    pools = _Pools(user_agent)
    pool = concurrent.futures.ThreadPoolExecutor(
        max_workers=max(1, min(workers, len(unique))), thread_name_prefix="link-check"
    )
    try:
        futures = {
            pool.submit(
                check_url,
                url,
                timeout_s=timeout_s,
                max_redirects=max_redirects,
                user_agent=user_agent,
                _pools=pools,
            ): url
            for url in unique
        }
        done, _ = concurrent.futures.wait(futures, timeout=overall_s)
        results: dict[str, LinkResult] = {}
        for future, url in futures.items():
            if future in done:
                error = future.exception()
                results[url] = (
                    future.result()
                    if error is None
                    else LinkResult(url, LinkState.BROKEN, f"check failed ({_short(error)})")
                )
            else:
                results[url] = LinkResult(
                    url,
                    LinkState.NOT_CHECKED,
                    f"not checked: the whole check is limited to {overall_s:g} s",
                )
        return {url: results[url] for url in unique}
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


# -- contacts ----------------------------------------------------------------------------------
def contact_problems(offers: Iterable[Offer]) -> list[ContactProblem]:
    """Phones (``phonenumbers``, DE), e-mail syntax and web address syntax of the offers."""
    checks = (("phone", phone_problem), ("email", email_problem))
    found = []
    for offer in offers:
        for field, check in checks:
            value = getattr(offer.contact, field).strip()
            issue = check(field, value) if value else None
            if issue is not None:
                found.append(ContactProblem(offer.id, offer.name, field, value, issue.text()))
    return found


def offer_links(offers: Iterable[Offer], *, sources: bool = False) -> dict[str, list[LinkUse]]:
    """Web addresses and where they are used (``sources``: also each offer's source URL)."""
    uses: dict[str, list[LinkUse]] = {}
    for offer in offers:
        fields = [("web", offer.contact.web)]
        if sources:
            fields.append(("source", offer.source))
        for field, value in fields:
            value = value.strip()
            if value.startswith(("http://", "https://")) or (field == "web" and value):
                uses.setdefault(value, []).append(LinkUse(offer.id, offer.name, field))
    return uses


Checker = Callable[..., Mapping[str, LinkResult]]


def link_report(
    conn: sqlite3.Connection,
    *,
    sources: bool = False,
    include_inactive: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    overall_s: float = DEFAULT_OVERALL_S,
    workers: int = DEFAULT_WORKERS,
    checker: Checker = check_urls,
) -> LinkReport:
    """Check the links and contacts of the active offers (all with ``include_inactive``).

    The database is only read, before any request is made (no connection is held open while
    the network is asked)."""
    offers = [o for o in OfferRepository(conn).all() if include_inactive or o.active]
    return check_offers(
        offers,
        sources=sources,
        timeout_s=timeout_s,
        overall_s=overall_s,
        workers=workers,
        checker=checker,
    )


def check_offers(
    offers: Iterable[Offer],
    *,
    sources: bool = False,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    overall_s: float = DEFAULT_OVERALL_S,
    workers: int = DEFAULT_WORKERS,
    checker: Checker = check_urls,
) -> LinkReport:
    offers = list(offers)
    uses = offer_links(offers, sources=sources)
    results = checker(uses, timeout_s=timeout_s, overall_s=overall_s, workers=workers)
    order = {LinkState.BROKEN: 0, LinkState.NOT_CHECKED: 1, LinkState.MOVED: 2, LinkState.OK: 3}
    links = sorted(
        (CheckedLink(results[url], tuple(used)) for url, used in uses.items()),
        key=lambda c: (order[c.result.state], c.result.url),
    )
    return LinkReport(tuple(links), tuple(contact_problems(offers)))


# -- printable forms ---------------------------------------------------------------------------
def _used_in(link: CheckedLink) -> str:
    return ", ".join(
        f"{u.offer_id}" + ("" if u.field == "web" else f" ({u.field})") for u in link.uses
    )


def links_to_text(report: LinkReport) -> str:
    """Broken, unchecked and moved links, then contacts that cannot be right (English)."""
    lines = [
        f"{len(report.links)} web address(es) tried: {len(report.broken)} broken, "
        f"{len(report.moved)} moved, {len(report.not_checked)} not checked, "
        f"{len(report.in_state(LinkState.OK))} fine; "
        f"{len(report.contacts)} phone/e-mail problem(s)."
    ]
    for title, links in (
        ("Broken", report.broken),
        ("Not checked", report.not_checked),
        ("Moved (change the address in the data when permanent)", report.moved),
    ):
        if not links:
            continue
        lines += ["", f"{title}:"]
        for link in links:
            result = link.result
            lines.append(f"  {result.url}")
            lines.append(f"      {result.reason}  — used by {_used_in(link)}")
    if report.contacts:
        lines += ["", "Phone numbers and e-mail addresses:"]
        for item in report.contacts:
            lines.append(f"  {item.offer_id:30} {item.field:6} {item.value}  — {item.message}")
    return "\n".join(lines) + "\n"


LINK_CSV_COLUMNS = (
    "kind",
    "state",
    "value",
    "status",
    "final_url",
    "permanent",
    "reason",
    "offers",
)


def links_to_csv(report: LinkReport) -> bytes:
    """One row per web address and per contact problem (UTF-8 with BOM, ``;``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(LINK_CSV_COLUMNS)
    for link in report.links:
        result = link.result
        row = [
            "web",
            str(result.state),
            result.url,
            "" if result.status is None else str(result.status),
            result.final_url if result.hops else "",
            ("yes" if result.permanent else "no") if result.hops else "",
            result.reason,
            _used_in(link),
        ]
        writer.writerow([neutralise(cell) for cell in row])
    for item in report.contacts:
        row = [item.field, "invalid", item.value, "", "", "", item.message, item.offer_id]
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
