"""A kiosk follows the central content repository: one check, and the new release applied.

:func:`check_for_release` asks the repository over HTTP(S) through python-tuf's client
(``tuf.ngclient.Updater``), which checks every signature, version and expiry against the
``root.json`` the kiosk was enrolled with, and returns the release bytes only once they match
their signed length and hash. :func:`follow_once` then checks the release in full (the same
code as every import), applies it in one transaction and records how the check went, so staff
see it. Nothing here touches the GUI: the kiosk runs it in a worker thread with its own
database connection; ``kiosk-admin content follow --once`` runs the same function.

A check that fails changes no content: the kiosk keeps the last good release. When the signed
information has expired (the server or its refresh timer is down: a *freeze*), the check is
recorded as failed with the expiry, which the staff screen shows.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import urllib3
from tuf.api import exceptions as tuf_errors
from tuf.api.metadata import Metadata, Root
from tuf.ngclient import FetcherInterface, Updater, UpdaterConfig
from tuf.ngclient.urllib3_fetcher import Urllib3Fetcher

from kiosk.content.publishing import MAX_RELEASE_BYTES, RELEASE_TARGET, release_version_of

#: Network timeout (connect, and longest silence while receiving), seconds.
DEFAULT_TIMEOUT_S = 20.0
#: Longest a single file may take in all, seconds (a server that drips bytes is cut off).
DOWNLOAD_DEADLINE_S = 300.0

#: Upper bounds for the signed metadata files (ours are a few kilobytes each).
_CONFIG = UpdaterConfig(
    max_root_rotations=64,
    max_delegations=1,
    root_max_length=256 * 1024,
    timestamp_max_length=16 * 1024,
    snapshot_max_length=64 * 1024,
    targets_max_length=256 * 1024,
    app_user_agent="wegweiser-kiosk",
)

APPLIED, CURRENT, REFUSED, AVAILABLE = "applied", "current", "refused", "available"


@dataclass(frozen=True)
class FetchOutcome:
    """What one check found. ``kind``: ``release`` (``data`` holds the verified bytes), ``none``
    (the repository has no release yet), ``unchanged`` (the kiosk's own release, not fetched)
    or why it failed: ``unreachable``, ``download``,
    ``expired``, ``rollback``, ``tampered``, ``too_large``, ``local``."""

    kind: str
    reason: str = ""
    data: bytes | None = None
    version: int | None = None  # the release version in the signed target entry
    sha256: str | None = None
    expires: datetime | None = None  # when the trusted signed information expires (or did)

    @property
    def ok(self) -> bool:
        return self.kind in ("release", "unchanged", "none")


@dataclass(frozen=True)
class FollowResult:
    status: str  # applied | current | refused (| available, with apply=False)
    reason: str = ""
    version: int | None = None
    expires: datetime | None = None
    # with status available: the verified release, for apply_pending
    data: bytes | None = field(default=None, repr=False, compare=False)
    release: object | None = field(default=None, repr=False, compare=False)


# -- transport ---------------------------------------------------------------------------------
class _Fetcher(Urllib3Fetcher):
    """python-tuf's urllib3 fetcher (proxies from the environment as usual) with our timeouts,
    a deadline per file, no retry storms, and every transport failure as a DownloadError."""

    def __init__(self, timeout_s: float, deadline_s: float):
        super().__init__(socket_timeout=max(1, round(timeout_s)), app_user_agent="wegweiser-kiosk")
        self._timeout = urllib3.Timeout(connect=timeout_s, read=timeout_s)
        self._deadline_s = deadline_s
        self.requests = 0

    def _fetch(self, url: str) -> Iterator[bytes]:
        self.requests += 1
        try:
            response = self._proxy_env.request(
                "GET",
                url,
                preload_content=False,
                timeout=self._timeout,
                # no retries: the next check comes in a quarter of an hour anyway
                retries=urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=2),
            )
        except urllib3.exceptions.MaxRetryError as error:
            if isinstance(error.reason, urllib3.exceptions.NewConnectionError):
                # (a subclass of urllib3's TimeoutError, but a refusal, not a timeout)
                raise tuf_errors.DownloadError(f"not reachable ({_short(error.reason)})") from None
            if isinstance(error.reason, urllib3.exceptions.TimeoutError):
                raise tuf_errors.SlowRetrievalError("no answer in time") from None
            raise tuf_errors.DownloadError(f"not reachable ({_short(error.reason)})") from None
        except urllib3.exceptions.TimeoutError:
            raise tuf_errors.SlowRetrievalError("no answer in time") from None
        except urllib3.exceptions.HTTPError as error:
            raise tuf_errors.DownloadError(f"not reachable ({_short(error)})") from None
        if response.status >= 400:
            response.close()
            raise tuf_errors.DownloadHTTPError(f"HTTP {response.status}", response.status)
        return self._stream(response)

    def _stream(self, response: urllib3.BaseHTTPResponse) -> Iterator[bytes]:
        started = time.monotonic()
        try:
            for chunk in response.stream(self.chunk_size):
                if time.monotonic() - started > self._deadline_s:
                    raise tuf_errors.SlowRetrievalError("the download took too long")
                yield chunk
        except urllib3.exceptions.TimeoutError:
            raise tuf_errors.SlowRetrievalError("the server stopped sending") from None
        except urllib3.exceptions.HTTPError as error:
            raise tuf_errors.DownloadError(f"the download broke off ({_short(error)})") from None
        finally:
            response.release_conn()


def _short(error: object) -> str:
    text = str(error).strip() or type(error).__name__
    marker = "Failed to establish a new connection: "
    if marker in text:
        return text.split(marker, 1)[1][:160]
    # urllib3 puts the connection object's repr first; keep what a person can read
    if ": " in text and text.startswith("<"):
        text = text.split(": ", 1)[1]
    return text[:160]


def _trusted_expiry(metadata_dir: Path) -> datetime | None:
    """When the signed information this kiosk trusts expires: the earliest of its files (each
    was verified by the updater before it was stored; read here only to tell staff)."""
    moments = []
    for name in ("root.json", "timestamp.json", "snapshot.json", "targets.json"):
        try:
            moments.append(Metadata.from_bytes((metadata_dir / name).read_bytes()).signed.expires)
        except Exception:  # absent or unreadable: nothing to report from it
            continue
    return min(moments) if moments else None


def _describe(error: Exception, url: str, timeout_s: float) -> tuple[str, str]:
    """(kind, a sentence for staff) for what the TUF client raised."""
    host = urlsplit(url).netloc or url
    if isinstance(error, tuf_errors.DownloadHTTPError):
        if error.status_code in (403, 404):
            return "unreachable", (
                f"The content server {host} has no content repository at {url} "
                f"(HTTP {error.status_code})."
            )
        return "unreachable", f"The content server {host} answered with an error ({error})."
    if isinstance(error, tuf_errors.SlowRetrievalError):
        return "unreachable", f"The content server {host} did not answer in time ({error})."
    if isinstance(error, tuf_errors.DownloadLengthMismatchError):
        return "tampered", (
            f"A file from {host} is larger than its signed size or the allowed size: refused."
        )
    if isinstance(error, tuf_errors.DownloadError):
        text = str(error)
        if text.startswith("the download broke off"):
            return "download", f"The download from {host} broke off; nothing was changed."
        return "unreachable", f"The content server {host} is {text or 'not reachable'}."
    if isinstance(error, tuf_errors.ExpiredMetadataError):
        return "expired", (
            "The signed content information has expired (the content server, or its refresh "
            "timer, has not renewed it). The kiosk keeps its current content."
        )
    if isinstance(error, tuf_errors.EqualVersionNumberError):
        return "tampered", "The content server sent signed information that contradicts itself."
    if isinstance(error, tuf_errors.BadVersionNumberError):
        return "rollback", (
            "The content server offers older signed information than this kiosk already has "
            "(a rollback): refused."
        )
    if isinstance(error, tuf_errors.UnsignedMetadataError):
        return "tampered", (
            "The content information is not signed by the keys this kiosk trusts (tampered, "
            "or a different repository): refused."
        )
    if isinstance(error, tuf_errors.LengthOrHashMismatchError):
        return "tampered", (
            "The downloaded release does not match its signed size and hash (tampered or "
            "damaged): refused."
        )
    if isinstance(error, tuf_errors.RepositoryError):
        return "tampered", f"The content repository's signed information is not valid: {error}"
    if isinstance(error, OSError):
        return "local", f"The kiosk cannot store what it downloaded: {error.strerror or error}"
    return "tampered", f"The content server's answer could not be used ({type(error).__name__})."


# -- one check ---------------------------------------------------------------------------------
def check_for_release(
    url: str,
    metadata_dir: Path,
    cache_dir: Path,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    bootstrap: bytes | None = None,
    current_sha256: str | None = None,
    fetcher: FetcherInterface | None = None,
) -> FetchOutcome:
    """Refresh the signed metadata from ``url`` (the folder with ``metadata/`` and ``targets/``)
    and return the current release, verified. ``metadata_dir`` holds the trusted ``root.json``
    (copied there at enrolment, or given as ``bootstrap``) and what the client learnt since;
    ``cache_dir`` keeps the last downloaded release so an unchanged one is not fetched again;
    with ``current_sha256`` (the release the kiosk has applied) an unchanged release is not
    even read (kind ``unchanged``, no data). ``fetcher`` replaces the HTTP client (for
    measurements). Never raises for anything the network or the server does."""
    metadata_dir, cache_dir = Path(metadata_dir), Path(cache_dir)
    base = url.rstrip("/")
    fetcher = fetcher or _Fetcher(timeout_s, DOWNLOAD_DEADLINE_S)
    try:
        metadata_dir.mkdir(parents=True, exist_ok=True)
        cache_dir.mkdir(parents=True, exist_ok=True)
        updater = Updater(
            metadata_dir=str(metadata_dir),
            metadata_base_url=f"{base}/metadata/",
            target_dir=str(cache_dir),
            target_base_url=f"{base}/targets/",
            fetcher=fetcher,
            config=_CONFIG,
            bootstrap=bootstrap,
        )
        updater.refresh()
        info = updater.get_targetinfo(RELEASE_TARGET)
        expires = _trusted_expiry(metadata_dir)
        if info is None:
            return FetchOutcome("none", "The content server has no release yet.", expires=expires)
        if info.length > MAX_RELEASE_BYTES:
            return FetchOutcome(
                "too_large",
                f"The release is larger than the kiosk takes ({info.length} bytes): refused.",
                expires=expires,
            )
        digest = info.hashes.get("sha256")
        if current_sha256 is not None and digest == current_sha256:
            return FetchOutcome(
                "unchanged",
                version=release_version_of(info) or None,
                sha256=digest,
                expires=expires,
            )
        path = updater.find_cached_target(info) or updater.download_target(info)
        data = Path(path).read_bytes()
        info.verify_length_and_hashes(data)
    except Exception as error:
        kind, reason = _describe(error, url, timeout_s)
        expires = _trusted_expiry(metadata_dir)
        if kind == "expired":  # (what expired may be newer than what the kiosk kept)
            moment = datetime.now(UTC)
            expires = moment if expires is None else min(expires, moment)
        return FetchOutcome(kind, reason, expires=expires)
    return FetchOutcome(
        "release",
        data=data,
        version=release_version_of(info) or None,
        sha256=hashlib.sha256(data).hexdigest(),
        expires=expires,
    )


# -- check and apply ---------------------------------------------------------------------------
def state_paths(state_dir: Path) -> tuple[Path, Path]:
    """(metadata folder, release cache) of a kiosk's follower state folder."""
    return Path(state_dir) / "metadata", Path(state_dir) / "cache"


def enrol(root_json: Path | bytes, state_dir: Path) -> None:
    """Put the trusted root into the follower's metadata folder (once; later checks chain from
    there to newer roots)."""
    metadata_dir, _ = state_paths(state_dir)
    metadata_dir.mkdir(parents=True, exist_ok=True)
    target = metadata_dir / "root.json"
    if not target.exists():
        data = root_json if isinstance(root_json, bytes) else Path(root_json).read_bytes()
        tmp = target.with_name(".root.json.new")
        tmp.write_bytes(data)
        os.replace(tmp, target)


TRUSTED_ROOT = "trusted-root.json"


def check_root(data: bytes) -> int:
    """The version of a trusted root.json, checked to be TUF root metadata signed by its own
    keys (threshold); raises ``ValueError`` with a sentence for staff otherwise."""
    try:
        md = Metadata.from_bytes(data)
    except Exception:
        raise ValueError(
            "this is not TUF metadata (a root.json of the content repository)"
        ) from None
    root = md.signed
    if not isinstance(root, Root):
        raise ValueError(f"this is {md.signed.type} metadata, not a root.json")
    if not root.get_root_verification_result(None, md.signed_bytes, md.signatures):
        raise ValueError("this root.json is not signed by enough of its own root keys")
    return root.version


def enrol_kiosk(
    conn: sqlite3.Connection, url: str, root_json: bytes, state_dir: Path, *, now: datetime
) -> Path:
    """Make the kiosk follow ``url``: the checked root.json kept as the kiosk's trust anchor in
    ``state_dir`` (and given to the TUF client), the URL stored (the kiosk is then managed:
    content editing in staff mode is off). Returns where the root is kept."""
    from kiosk.content.store import set_managed

    check_root(root_json)
    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    kept = state_dir / TRUSTED_ROOT
    tmp = kept.with_name(f".{TRUSTED_ROOT}.new")
    tmp.write_bytes(root_json)
    os.replace(tmp, kept)
    enrol(root_json, state_dir)
    set_managed(conn, url, now=now)
    return kept


def follow_once(
    conn: sqlite3.Connection,
    url: str,
    root_json: Path | bytes,
    state_dir: Path,
    *,
    now: datetime,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    apply: bool = True,
) -> FollowResult:
    """One check for a new release and, if there is one, its full check and application in one
    transaction; every outcome is recorded (``record_check``) for the staff screen.

    ``conn`` must be this thread's own connection. With ``apply=False`` a valid newer release is
    only reported (status ``available``, the verified bytes in the result) and changes nothing;
    :func:`apply_pending` applies it later, at the next start screen."""
    from kiosk.content.release import ReleaseError, parse_release
    from kiosk.content.store import current_release, pinned_version, record_check

    def refuse(reason: str, expires: datetime | None) -> FollowResult:
        record_check(conn, at=now, ok=False, message=reason, expires=expires)
        return FollowResult(REFUSED, reason, expires=expires)

    try:
        bootstrap = root_json if isinstance(root_json, bytes) else Path(root_json).read_bytes()
    except OSError as error:
        return refuse(f"The trusted root.json cannot be read: {error.strerror or error}", None)
    metadata_dir, cache_dir = state_paths(state_dir)
    try:
        enrol(bootstrap, state_dir)
    except OSError as error:
        return refuse(f"The follower's folder cannot be written: {error.strerror or error}", None)
    current = current_release(conn)
    outcome = check_for_release(
        url,
        metadata_dir,
        cache_dir,
        timeout_s=timeout_s,
        bootstrap=bootstrap,
        current_sha256=getattr(current, "digest", None) if current is not None else None,
    )
    if outcome.kind == "none" or not outcome.ok:
        return refuse(outcome.reason, outcome.expires)
    if outcome.kind == "unchanged":
        record_check(conn, at=now, ok=True, message="", expires=outcome.expires)
        return FollowResult(CURRENT, "", outcome.version, outcome.expires)
    assert outcome.data is not None
    if current is not None and outcome.version is not None:
        if outcome.version < current.version:
            return refuse(
                f"The server offers release {outcome.version}, older than release "
                f"{current.version} on this kiosk: refused.",
                outcome.expires,
            )
        if outcome.version == current.version:
            if getattr(current, "digest", outcome.sha256) != outcome.sha256:
                return refuse(
                    f"The server offers a different release under the number {outcome.version} "
                    "this kiosk already has: refused.",
                    outcome.expires,
                )
            record_check(conn, at=now, ok=True, message="", expires=outcome.expires)
            return FollowResult(CURRENT, "", outcome.version, outcome.expires)
    try:
        release = parse_release(outcome.data)
    except ReleaseError as error:
        return refuse(f"Release {outcome.version} failed its check: {error}", outcome.expires)
    if outcome.version is not None and release.version != outcome.version:
        return refuse(
            f"The release says it is version {release.version}, but was signed as version "
            f"{outcome.version}: refused.",
            outcome.expires,
        )
    pinned = pinned_version(conn)
    if release.version <= pinned:  # staff rolled this release back here: not applied again
        message = (
            f"Release {release.version} was rolled back by staff on this kiosk; the next newer "
            "release will be applied."
        )
        record_check(conn, at=now, ok=True, message=message, expires=outcome.expires)
        return FollowResult(CURRENT, message, release.version, outcome.expires)
    pending = FollowResult(
        AVAILABLE, "", release.version, outcome.expires, data=outcome.data, release=release
    )
    if not apply:
        return pending
    return apply_pending(conn, pending, url=url, now=now)


def apply_pending(
    conn: sqlite3.Connection, pending: FollowResult, *, url: str, now: datetime
) -> FollowResult:
    """Apply a release :func:`follow_once` found with ``apply=False`` (already verified and
    checked), in one transaction, and record the outcome. For the kiosk's start screen: the
    worker checks in the background, the release changes the content only between visitors."""
    from kiosk.content.release import ReleaseError
    from kiosk.content.store import StaleRelease, apply_release, record_check

    if pending.status != AVAILABLE or pending.data is None:
        raise ValueError("apply_pending takes a result with status 'available'")
    release, expires = pending.release, pending.expires

    def refuse(reason: str) -> FollowResult:
        record_check(conn, at=now, ok=False, message=reason, expires=expires)
        return FollowResult(REFUSED, reason, expires=expires)

    try:
        apply_release(conn, pending.data, now=now, source=url, parsed=release)
    except StaleRelease as error:
        # (say, staff rolled it back meanwhile): not applied again, and not a fault
        record_check(conn, at=now, ok=True, message=str(error), expires=expires)
        return FollowResult(CURRENT, str(error), pending.version, expires)
    except ReleaseError as error:
        return refuse(f"Release {pending.version} was not applied: {error}")
    except sqlite3.Error as error:
        return refuse(
            f"Release {pending.version} was not applied (database: {error}); the content is "
            "unchanged."
        )
    record_check(conn, at=now, ok=True, message="", expires=expires)
    return FollowResult(APPLIED, "", pending.version, expires)
