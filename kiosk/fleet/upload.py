"""Kiosk side: send the statistics batches and the heartbeat to the centre (HTTP PUT).

The centre is a WebDAV location that nginx serves (``deploy/nginx-fleet.conf``): the kiosk PUTs

* ``<base>/<kiosk-id>/stats/<YYYY-MM-DD>.json`` for each day whose rows the centre has not yet
  confirmed as they are now (today, every time; an earlier day until its last rows are
  confirmed; days missed while offline, up to :attr:`FleetConfig.catchup_days` back), and
* ``<base>/<kiosk-id>/heartbeat.json`` last, once every batch went through.

It signs in with HTTP basic auth: its kiosk id and the secret from its credential file
(:func:`load_credentials`: mode 0600, owned by the kiosk's user, refused otherwise). The secret
and the Authorization header are never logged nor put in a message or exception; plain
``http://`` is refused except to this machine (loopback), so the secret only travels over HTTPS.

:func:`send_pending` is one send, meant for a worker thread with its own database connection
(it keeps no state outside the database); every request has a timeout, a failure stops the
send, leaves everything unconfirmed that was not answered 2xx, and the next send tries again.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import ipaddress
import logging
import os
import sqlite3
import stat
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from kiosk.db.fleet_repository import FleetUploadRepository
from kiosk.db.repository import transaction
from kiosk.fleet.batches import Batch, build_batch, build_heartbeat, check_kiosk_id, usage_days

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 15.0
#: Days back a kiosk sends what it has not had confirmed (a kiosk offline for longer keeps
#: the older days' counts locally; ``kiosk-admin stats`` on the kiosk still shows them).
DEFAULT_CATCHUP_DAYS = 35
MAX_SECRET_CHARS = 200


class CredentialError(Exception):
    """The credential file cannot be used; the message says why (never what it holds)."""


@dataclass(frozen=True, slots=True)
class FleetConfig:
    kiosk_id: str
    base_url: str  # e.g. https://statistik.example/wegweiser (no trailing slash needed)
    credential_file: Path
    catchup_days: int = DEFAULT_CATCHUP_DAYS

    def __post_init__(self) -> None:
        check_kiosk_id(self.kiosk_id)
        check_base_url(self.base_url)


@dataclass(frozen=True, slots=True)
class Credential:
    kiosk_id: str
    secret: str = field(repr=False)

    def __repr__(self) -> str:  # (also hides the secret from tracebacks with locals)
        return f"Credential(kiosk_id={self.kiosk_id!r}, secret=<hidden>)"

    def authorization(self) -> str:
        token = base64.b64encode(f"{self.kiosk_id}:{self.secret}".encode()).decode("ascii")
        return f"Basic {token}"


@dataclass(frozen=True, slots=True)
class SendResult:
    ok: bool
    days_sent: tuple[dt.date, ...] = ()
    heartbeat_sent: bool = False
    pending: int = 0  # days that still wait for confirmation
    problem: str | None = None
    http_status: int | None = None


def check_base_url(url: str) -> str:
    """``https://…``, or ``http://`` to a loopback address only; raises ValueError."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("the fleet URL carries no user, password, query or fragment")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValueError(
            f"{url}: the kiosk's credential only travels over HTTPS (plain http only to this "
            "machine, for tests)"
        )
    return url


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_credentials(path: Path | str, kiosk_id: str) -> Credential:
    """The kiosk's secret from ``path``: a regular file (no symlink) owned by this process's
    user and readable by it alone (0600 or 0400), holding the secret on one line."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise CredentialError(f"the credential file {path} does not exist") from None
    except OSError as error:
        raise CredentialError(
            f"the credential file {path} cannot be opened: {error.strerror} "
            "(a symbolic link is not accepted)"
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CredentialError(f"the credential file {path} is not a regular file")
        if info.st_uid != os.geteuid():
            raise CredentialError(
                f"the credential file {path} belongs to user id {info.st_uid}, not to the "
                f"kiosk's user (id {os.geteuid()}); refused. Fix: chown <kiosk user> {path}"
            )
        if info.st_mode & 0o077:
            raise CredentialError(
                f"the credential file {path} can be read or written by others "
                f"(mode {stat.S_IMODE(info.st_mode):04o}); refused. Fix: chmod 600 {path}"
            )
        data = os.read(fd, MAX_SECRET_CHARS + 2)
    finally:
        os.close(fd)
    try:
        secret = data.decode("ascii").strip()
    except UnicodeDecodeError:
        raise CredentialError(f"the credential file {path} does not hold a secret") from None
    if (
        not secret
        or len(secret) > MAX_SECRET_CHARS
        or any(not (33 <= ord(c) < 127) or c == ":" for c in secret)
    ):
        raise CredentialError(
            f"the credential file {path} does not hold a secret on one line "
            "(as printed by kiosk-admin fleet enrol)"
        )
    return Credential(check_kiosk_id(kiosk_id), secret)


# -- where this kiosk sends -------------------------------------------------------------------
def configured(conn: sqlite3.Connection) -> FleetConfig | None:
    """The kiosk's stored fleet configuration; None when it sends nothing (standalone)."""
    row = FleetUploadRepository(conn).config()
    return None if row is None else FleetConfig(row[0], row[1], Path(row[2]))


def configure(conn: sqlite3.Connection, config: FleetConfig | None) -> None:
    """Store where this kiosk sends (None: send nothing any more)."""
    with transaction(conn):
        fleet = FleetUploadRepository(conn)
        fleet.clear_config()
        if config is not None:
            fleet.add_config(config.base_url, config.kiosk_id, str(config.credential_file))


# -- what was confirmed ----------------------------------------------------------------------
def confirmed_digests(conn: sqlite3.Connection) -> dict[dt.date, str]:
    return {
        dt.date.fromisoformat(day): digest
        for day, digest in FleetUploadRepository(conn).confirmed_digests().items()
    }


def pending_batches(
    conn: sqlite3.Connection, kiosk_id: str, today: dt.date, catchup_days: int
) -> list[Batch]:
    """The days from ``catchup_days`` before ``today`` on whose rows differ from what the
    centre confirmed, oldest first."""
    confirmed = confirmed_digests(conn)
    batches = []
    for day in usage_days(conn, today - dt.timedelta(days=catchup_days)):
        if day > today:
            continue  # (a clock set back: hours "in the future" wait until their day)
        batch = build_batch(conn, kiosk_id, day)
        if confirmed.get(day) != batch.digest():
            batches.append(batch)
    return batches


def _confirm(conn: sqlite3.Connection, batch: Batch, digest: str, now: dt.datetime) -> None:
    with transaction(conn):
        FleetUploadRepository(conn).confirm(
            batch.day.isoformat(), digest, len(batch.rows), now.isoformat(timespec="seconds")
        )


# -- what the heartbeat says -----------------------------------------------------------------
def app_version() -> str:
    try:
        return metadata.version("wegweiser-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


def _as_text(value: object, *names: str) -> str | None:
    """A version or time from whatever the content store returns (text, a datetime, an
    object with one of ``names``), or None."""
    if value is None:
        return None
    for name in names:
        if hasattr(value, name):
            return _as_text(getattr(value, name))
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.astimezone()).isoformat(timespec="seconds")
    if isinstance(value, str | int):
        return str(value)[:100]
    return None


def content_state(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    """(content version, last successful content check) from ``kiosk.content.store`` when it
    is there and knows them; (None, None) on a standalone kiosk."""
    try:
        store = importlib.import_module("kiosk.content.store")
    except ImportError:
        return None, None
    version = check = None
    try:
        if hasattr(store, "current_release"):
            version = _as_text(store.current_release(conn), "version", "release", "number")
        if hasattr(store, "last_check"):
            check = _as_text(store.last_check(conn), "last_success", "checked_at", "at")
    except (sqlite3.Error, LookupError, TypeError, ValueError) as error:
        log.warning("content version for the heartbeat not known: %s", error)
    return version, check


# -- sending ---------------------------------------------------------------------------------
class _RefusedError(Exception):
    def __init__(self, problem: str, status: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.status = status


def _put(url: str, body: bytes, credential: Credential, timeout_s: float) -> int:
    request = urllib.request.Request(url, data=body, method="PUT")
    request.add_header("Content-Type", "application/json")
    request.add_unredirected_header("Authorization", credential.authorization())
    shown = urllib.parse.urlsplit(url)
    where = f"{shown.scheme}://{shown.netloc}"
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            response.read(4096)
            return response.status
    except urllib.error.HTTPError as error:
        status = error.code
        error.close()
        if status == 401:
            raise _RefusedError(
                f"the centre ({where}) did not accept kiosk {credential.kiosk_id!r}'s credential "
                "(HTTP 401): it was revoked or is wrong. Ask the city's IT to enrol this kiosk "
                "again and put the new secret in its credential file.",
                status,
            ) from None
        if status == 403:
            raise _RefusedError(
                f"the centre ({where}) forbids kiosk {credential.kiosk_id!r} to write "
                f"{shown.path} (HTTP 403): the URL's kiosk id is not this kiosk's.",
                status,
            ) from None
        raise _RefusedError(
            f"the centre ({where}) answered HTTP {status} for {shown.path}", status
        ) from None
    except TimeoutError:
        raise _RefusedError(f"the centre ({where}) did not answer within {timeout_s:g} s") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise _RefusedError(
                f"the centre ({where}) did not answer within {timeout_s:g} s"
            ) from None
        text = getattr(reason, "strerror", None) or str(reason)
        raise _RefusedError(f"the centre ({where}) cannot be reached: {text}") from None
    except (OSError, ValueError) as error:
        raise _RefusedError(
            f"the centre ({where}) cannot be reached: {type(error).__name__}"
        ) from None


def send_pending(
    conn: sqlite3.Connection,
    config: FleetConfig,
    *,
    now: dt.datetime,
    printer_state: str,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    credential: Credential | None = None,
) -> SendResult:
    """Send what the centre has not confirmed, then the heartbeat; never raises for the
    network or the credential (the result says what went wrong).

    ``now`` is this moment (naive means local time, as the usage hours are); ``printer_state``
    a :class:`~kiosk.printer_status.PrinterProblem` value ("none": ready).
    """
    local_now = now.astimezone()
    try:
        if credential is None:
            credential = load_credentials(config.credential_file, config.kiosk_id)
        version, check = content_state(conn)
        heartbeat = build_heartbeat(
            config.kiosk_id,
            app_version=app_version(),
            content_version=version,
            last_content_check=check,
            printer_state=printer_state,
            now=local_now,
        )
    except (CredentialError, ValueError) as error:
        log.error("fleet send refused: %s", error)
        return SendResult(False, problem=str(error))
    base = config.base_url.rstrip("/")
    try:
        batches = pending_batches(conn, config.kiosk_id, local_now.date(), config.catchup_days)
    except sqlite3.Error as error:
        log.error("fleet send: the kiosk database cannot be read: %s", error)
        return SendResult(False, problem=f"the kiosk database cannot be read: {error}")
    sent: list[dt.date] = []
    try:
        for batch in batches:
            body = batch.to_json()
            digest = batch.digest()
            _put(f"{base}/{config.kiosk_id}/stats/{batch.day}.json", body, credential, timeout_s)
            try:
                _confirm(conn, batch, digest, local_now)
            except sqlite3.Error as error:  # (sent, but not noted: sent again next time)
                raise _RefusedError(
                    f"the kiosk database did not take the confirmation: {error}"
                ) from None
            sent.append(batch.day)
        _put(f"{base}/{config.kiosk_id}/heartbeat.json", heartbeat.to_json(), credential, timeout_s)
    except _RefusedError as refused:
        log.warning(
            "fleet send stopped after %d of %d batch(es): %s",
            len(sent),
            len(batches),
            refused.problem,
        )
        return SendResult(
            False,
            tuple(sent),
            False,
            len(batches) - len(sent),
            refused.problem,
            refused.status,
        )
    log.info("fleet send: %d batch(es) and the heartbeat confirmed", len(sent))
    return SendResult(True, tuple(sent), True, 0)
