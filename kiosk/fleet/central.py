"""Centre side: enrol and revoke kiosks, import their statistics, list their status.

The inbox is the folder nginx writes the kiosks' PUTs to (``deploy/nginx-fleet.conf``): one
folder per kiosk, named by its id, with ``heartbeat.json`` and ``stats/<YYYY-MM-DD>.json``.

* :func:`enrol` draws a random secret for a kiosk, writes its salted hash into the htpasswd
  file nginx checks (``{SSHA}``, RFC 2307 style, which nginx's ``auth_basic_user_file``
  reads besides crypt(3)), records the kiosk's office in the central database and returns
  the secret once. The secret is 256 random bits, so a fast salted hash is safe against
  guessing (no dictionary to try). :func:`revoke` deletes the line: nginx reads the file at
  every request, so the kiosk's next PUT gets 401.
* :func:`import_inbox` reads every kiosk's daily batches into ``fleet_usage``: each file is
  checked whole and applied in one transaction that replaces its kiosk and day, so a resend
  is counted once and a broken file changes nothing (it is reported; the others go in).
* :func:`fleet_status` reads the heartbeats: last seen, versions, printer, stale or not.
* :func:`fleet_usage_report` gives the same :class:`~kiosk.usage_reports.UsageReport` as the kiosk's
  own statistics, for all kiosks, one kiosk or one office.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.db.fleet_repository import CentralFleetRepository
from kiosk.db.repository import transaction
from kiosk.fleet.batches import (
    KIOSK_ID,
    MAX_BATCH_BYTES,
    MAX_HEARTBEAT_BYTES,
    BatchError,
    aware_time,
    check_kiosk_id,
    parse_batch,
    parse_heartbeat,
)
from kiosk.stats import DIMENSIONS
from kiosk.usage_reports import UsageReport

#: A kiosk without a heartbeat for longer than this is stale.
HEARTBEAT_STALE_AFTER = dt.timedelta(hours=2)
#: A kiosk whose last successful content check is older than this is stale.
CONTENT_CHECK_STALE_AFTER = dt.timedelta(days=1)
FLEET_DIMENSIONS = (*DIMENSIONS, "kiosk", "office")
SECRET_BYTES = 32
SSHA = "{SSHA}"


class FleetError(Exception):
    """A fleet command cannot run as asked; the message is meant for the city's IT."""


# -- htpasswd --------------------------------------------------------------------------------
def ssha_hash(secret: str, salt: bytes | None = None) -> str:
    """``{SSHA}`` + base64(SHA-1(secret + salt) + salt), as nginx's auth_basic reads it."""
    salt = os.urandom(8) if salt is None else salt
    digest = hashlib.sha1(secret.encode("utf-8") + salt).digest()
    return SSHA + base64.b64encode(digest + salt).decode("ascii")


def _read_lines(htpasswd_path: Path) -> list[str]:
    try:
        return htpasswd_path.read_text("utf-8").splitlines()
    except FileNotFoundError:
        return []


def _user_of(line: str) -> str:
    return line.split(":", 1)[0]


def _write_lines(htpasswd_path: Path, lines: list[str]) -> None:
    """Replace the file in one step (nginx never reads half a file); keeps its mode, new
    files get 0640 (nginx's group reads it; it holds hashes only)."""
    try:
        mode = htpasswd_path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o640
    htpasswd_path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".htpasswd-", dir=htpasswd_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, htpasswd_path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def check_password(htpasswd_path: Path | str, user: str, secret: str) -> bool:
    """Whether ``user``:``secret`` matches the file's ``{SSHA}`` line (what nginx checks)."""
    for line in _read_lines(Path(htpasswd_path)):
        name, _, stored = line.partition(":")
        if name != user or not stored.startswith(SSHA):
            continue
        try:
            raw = base64.b64decode(stored[len(SSHA) :], validate=True)
        except ValueError:
            return False
        digest, salt = raw[:20], raw[20:]
        return hmac.compare_digest(hashlib.sha1(secret.encode("utf-8") + salt).digest(), digest)
    return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def enrol(
    htpasswd_path: Path | str,
    kiosk_id: str,
    office: str,
    *,
    central_conn: sqlite3.Connection,
    now: dt.datetime | None = None,
) -> str:
    """Enrol (or re-enrol) a kiosk for ``office``; returns its new secret, which is kept
    nowhere else. A re-enrolment replaces the old secret (the old one stops working)."""
    check_kiosk_id(kiosk_id)
    office = office.strip()
    if not office or len(office) > 200:
        raise FleetError("the office (Bürgerbüro) needs a name of 1–200 characters")
    htpasswd_path = Path(htpasswd_path)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    moment = (now or _now()).isoformat(timespec="seconds")
    lines = [line for line in _read_lines(htpasswd_path) if _user_of(line) != kiosk_id]
    lines.append(f"{kiosk_id}:{ssha_hash(secret)}")
    with transaction(central_conn):
        CentralFleetRepository(central_conn).enrol(kiosk_id, office, moment)
        _write_lines(htpasswd_path, lines)  # (a failure here rolls the registry back)
    return secret


def revoke(
    htpasswd_path: Path | str,
    kiosk_id: str,
    *,
    central_conn: sqlite3.Connection | None = None,
    now: dt.datetime | None = None,
) -> bool:
    """Take a kiosk's credential away (its statistics so far stay); False when the htpasswd
    file had no line for it."""
    check_kiosk_id(kiosk_id)
    htpasswd_path = Path(htpasswd_path)
    lines = _read_lines(htpasswd_path)
    kept = [line for line in lines if _user_of(line) != kiosk_id]
    if len(kept) != len(lines):
        _write_lines(htpasswd_path, kept)
    if central_conn is not None:
        with transaction(central_conn):
            CentralFleetRepository(central_conn).revoke(
                kiosk_id, (now or _now()).isoformat(timespec="seconds")
            )
    return len(kept) != len(lines)


@dataclass(frozen=True, slots=True)
class EnrolledKiosk:
    kiosk_id: str
    office: str
    enrolled_at: str
    revoked_at: str | None


def registry(conn: sqlite3.Connection) -> dict[str, EnrolledKiosk]:
    return {row[0]: EnrolledKiosk(*row) for row in CentralFleetRepository(conn).kiosks()}


def offices(conn: sqlite3.Connection) -> list[str]:
    """The offices with an enrolled kiosk (for a dashboard's choice of office)."""
    return CentralFleetRepository(conn).offices()


# -- import ----------------------------------------------------------------------------------
@dataclass
class ImportResult:
    imported: list[tuple[str, dt.date, int]] = field(default_factory=list)  # kiosk, day, rows
    unchanged: int = 0
    problems: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _kiosk_folders(inbox_dir: Path, problems: list[tuple[Path, str]] | None) -> list[Path]:
    if not inbox_dir.is_dir():
        raise FleetError(f"the inbox {inbox_dir} is not a folder")
    folders = []
    for entry in sorted(inbox_dir.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        if not KIOSK_ID.match(entry.name):
            if problems is not None:
                problems.append((entry, "not a kiosk id; the folder is left alone"))
            continue
        folders.append(entry)
    return folders


def _read_small(path: Path, limit: int) -> bytes:
    size = path.stat().st_size
    if size > limit:
        raise BatchError([f"the file is too large ({size} bytes; at most {limit})"])
    return path.read_bytes()


def import_inbox(central_conn: sqlite3.Connection, inbox_dir: Path | str) -> ImportResult:
    """Bring every kiosk's daily batches from the inbox into ``fleet_usage``."""
    inbox_dir = Path(inbox_dir)
    result = ImportResult()
    fleet = CentralFleetRepository(central_conn)
    done = fleet.imported_digests()
    moment = _now().isoformat(timespec="seconds")
    for folder in _kiosk_folders(inbox_dir, result.problems):
        stats_dir = folder / "stats"
        if not stats_dir.is_dir():
            continue
        for path in sorted(stats_dir.glob("*.json")):
            if path.name.startswith("."):
                continue
            try:
                day = dt.date.fromisoformat(path.stem)
            except ValueError:
                result.problems.append((path, "the file name is not a day YYYY-MM-DD.json"))
                continue
            try:
                data = _read_small(path, MAX_BATCH_BYTES)
                sha = hashlib.sha256(data).hexdigest()
                if done.get((folder.name, day.isoformat())) == sha:
                    result.unchanged += 1
                    continue
                batch = parse_batch(data, kiosk_id=folder.name, day=day)
            except (BatchError, OSError) as error:
                result.problems.append((path, str(error)))
                continue
            with transaction(central_conn):
                fleet.replace_day(batch.kiosk_id, day.isoformat(), batch.rows, sha, moment)
            result.imported.append((batch.kiosk_id, day, len(batch.rows)))
    return result


# -- status ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class KioskStatus:
    kiosk_id: str
    office: str  # "" for a folder of a kiosk the registry does not know
    last_seen: dt.datetime | None  # when the centre received the last heartbeat
    app_version: str | None
    content_version: str | None
    last_content_check: dt.datetime | None
    printer: str | None  # a PrinterProblem value ("none": ready), None without heartbeat
    stale: bool
    reasons: tuple[str, ...]  # why stale (or a heartbeat that cannot be read)
    enrolled: bool

    def as_dict(self) -> dict[str, object]:
        def when(moment: dt.datetime | None) -> str | None:
            return None if moment is None else moment.isoformat(timespec="seconds")

        return {
            "kiosk": self.kiosk_id,
            "office": self.office,
            "last_seen": when(self.last_seen),
            "app_version": self.app_version,
            "content_version": self.content_version,
            "last_content_check": when(self.last_content_check),
            "printer": self.printer,
            "stale": self.stale,
            "reasons": list(self.reasons),
            "enrolled": self.enrolled,
        }


def _age(now: dt.datetime, then: dt.datetime) -> str:
    hours = (now - then).total_seconds() / 3600
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} days"


def _status(
    kiosk_id: str, office: str, enrolled: bool, folder: Path, now: dt.datetime
) -> KioskStatus:
    reasons: list[str] = []
    path = folder / "heartbeat.json"
    heartbeat = last_seen = check = None
    try:
        data = _read_small(path, MAX_HEARTBEAT_BYTES)
        last_seen = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        heartbeat = parse_heartbeat(data, kiosk_id=kiosk_id)
    except FileNotFoundError:
        reasons.append("no heartbeat received yet")
    except (BatchError, OSError) as error:
        reasons.append(f"heartbeat unreadable: {error}")
    if last_seen is not None and now - last_seen > HEARTBEAT_STALE_AFTER:
        reasons.append(f"no heartbeat for {_age(now, last_seen)}")
    if heartbeat is not None:
        check = aware_time(heartbeat.last_content_check)
        if check is None:
            reasons.append("has not checked for new content yet")
        elif now - check > CONTENT_CHECK_STALE_AFTER:
            reasons.append(f"last content check {_age(now, check)} ago")
    return KioskStatus(
        kiosk_id,
        office,
        last_seen,
        heartbeat.app_version if heartbeat else None,
        heartbeat.content_version if heartbeat else None,
        check,
        heartbeat.printer if heartbeat else None,
        bool(reasons),
        tuple(reasons),
        enrolled,
    )


def fleet_status(
    inbox_dir: Path | str,
    *,
    now: dt.datetime,
    central_conn: sqlite3.Connection | None = None,
) -> list[KioskStatus]:
    """Every enrolled (not revoked) kiosk, and every kiosk folder the registry does not
    know, by office and id. ``now`` must be aware. Without ``central_conn`` every folder in
    the inbox is listed, without offices."""
    if now.tzinfo is None:
        raise ValueError("fleet_status needs an aware time")
    inbox_dir = Path(inbox_dir)
    known = registry(central_conn) if central_conn is not None else {}
    folders = {folder.name: folder for folder in _kiosk_folders(inbox_dir, None)}
    statuses = []
    for kiosk_id in sorted(set(known) | set(folders)):
        entry = known.get(kiosk_id)
        if entry is not None and entry.revoked_at is not None:
            continue
        statuses.append(
            _status(
                kiosk_id,
                entry.office if entry else "",
                entry is not None,
                folders.get(kiosk_id, inbox_dir / kiosk_id),
                now,
            )
        )
    statuses.sort(key=lambda status: (status.office, status.kiosk_id))
    return statuses


# -- reports ---------------------------------------------------------------------------------
def fleet_usage_report(
    conn: sqlite3.Connection,
    by: str,
    start: dt.date,
    end: dt.date,
    *,
    kiosk: str | None = None,
    office: str | None = None,
) -> UsageReport:
    """Counts of all kiosks (or one kiosk, or one office's) between two dates inclusive,
    grouped by one dimension (also ``kiosk`` or ``office``): the kiosk's report, fleet-wide."""
    if by not in FLEET_DIMENSIONS:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(FLEET_DIMENSIONS)}")
    if end < start:
        raise ValueError("the end date is before the start date")
    report = UsageReport(by, start, end)
    rows = CentralFleetRepository(conn).grouped(
        by, start.isoformat(), end.isoformat(), kiosk=kiosk, office=office
    )
    for group, event, count in rows:
        report.add(group, event, count)
    return report
