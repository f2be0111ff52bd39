"""A kiosk's side of content releases: apply one, roll back, remember how the last check went.

Applying (:func:`apply_release`) is one ``BEGIN IMMEDIATE`` … ``COMMIT``: the release is checked in
full first, must be newer than what the kiosk has (and than a release staff rolled back), and
then the content tables — offers with everything that belongs to them, needs, age bands, the
language list — are brought to the release's state, the content they held before is kept as a
release document for :func:`rollback_release`, and the audit log gets one row per change.
Any error rolls everything back; a killed process leaves the old content (SQLite's journal).

What a release never changes: the staff PIN and lockout, the settings, the usage statistics,
earlier audit rows, the follower's state, and which languages this kiosk shows — for a language
the kiosk knows, its own choice stays; a language new to the kiosk is shown if the central
office shows it (the release's ``shown``). Should no language be left shown, the release's
choice is taken for all.

Text statuses: a release carries every offer text's status as the central office published
it, ``outdated`` included (the centre's own editor, import and check-in mark it when a German
text changes, :func:`kiosk.domain.texts.mark_outdated`). Applying takes them as they are and
never marks anything itself: the centre's status wins, since the release replaces the kiosk's
texts as a whole (a kiosk's own edits are not kept under central content anyway). A kiosk
older than the status ``outdated`` refuses such a release as invalid and keeps its content, so
kiosks are updated before the centre publishes with it.

Rollback pins the kiosk: after staff go back from release N, releases up to N are refused
(:class:`StaleRelease`) until one newer than N arrives, so the next check does not silently
re-apply what staff just took back. Only one step back is kept.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kiosk.admin.offers import audit_entries
from kiosk.content.release import (
    ContentDiff,
    Release,
    ReleaseError,
    build_release,
    content_changes,
    parse_kept_content,
    parse_release,
    release_digest,
)
from kiosk.db.content_repository import ContentReleaseRepository
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import transaction
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.changes import AuditEntry, FieldChange

ACTOR = "content release"
ROLLBACK_ACTOR = "staff"
MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class ReleaseInfo:
    """A release as a kiosk applied it (version 0: the kiosk's own content before any)."""

    version: int
    published: dt.datetime  # UTC
    applied_at: dt.datetime  # UTC
    digest: str  # SHA-256 (hex) of the release bytes
    source: str = ""


@dataclass(frozen=True)
class CheckStatus:
    """How the follower's checks went: the last attempt, the last good one, the expiry."""

    last_attempt: dt.datetime
    ok: bool  # the last attempt
    last_success: dt.datetime | None
    expires: dt.datetime | None  # when the trusted metadata stops being valid
    message: str = ""

    def expired(self, now: dt.datetime) -> bool:
        """The metadata has expired: the kiosk runs on its last good content (tell staff)."""
        return self.expires is not None and now >= self.expires


class StaleRelease(ReleaseError):  # noqa: N818 (a ReleaseError, named for what it says)
    """The release is not newer than the kiosk's content (or than a rolled-back release).

    ``current`` is the version the kiosk holds, ``pinned`` the version staff rolled back
    (0: none). A follower seeing the same release again treats this as "already current".
    """

    def __init__(self, message: str, *, version: int, current: int, pinned: int):
        super().__init__(message)
        self.version = version
        self.current = current
        self.pinned = pinned


# -- small helpers ---------------------------------------------------------------------------
def _iso(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("times given to the content store must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    moment = dt.datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


def without_credentials(source: str) -> str:
    """``source`` with any ``user:password@`` of a URL removed (it goes into the audit log)."""
    try:
        parts = urlsplit(source)
    except ValueError:
        return source
    if parts.username is None and parts.password is None:
        return source
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _info(row: tuple | None) -> ReleaseInfo | None:
    if row is None:
        return None
    version, published, applied_at, digest, source = row
    return ReleaseInfo(version, _moment(published), _moment(applied_at), digest, source)


def current_release(conn: sqlite3.Connection) -> ReleaseInfo | None:
    """The release the content tables hold; ``None`` for a kiosk that never applied one
    (version 0 after staff rolled back to the kiosk's own content)."""
    return _info(ContentReleaseRepository(conn).current())


def previous_release(conn: sqlite3.Connection) -> ReleaseInfo | None:
    """The content :func:`rollback_release` would bring back (``None``: nothing kept)."""
    return _info(ContentReleaseRepository(conn).previous())


def pinned_version(conn: sqlite3.Connection) -> int:
    """The newest release staff rolled back on this kiosk (0: none)."""
    return ContentReleaseRepository(conn).pinned_version()


def newest_refused(conn: sqlite3.Connection) -> int:
    """A release is applied only when its version is above this number."""
    current = current_release(conn)
    return max(current.version if current else 0, pinned_version(conn))


# -- applying --------------------------------------------------------------------------------
def _replace_content(conn: sqlite3.Connection, release: Release, diff: ContentDiff) -> None:
    """Bring the content tables to the release's state (inside the caller's transaction)."""
    content = ContentReleaseRepository(conn)
    local = content.language_choices()
    rows = [
        (lang.code, lang.endonym, i, int(local[lang.code] if lang.code in local else lang.shown))
        for i, lang in enumerate(release.languages)
    ]
    if not any(row[3] for row in rows):
        rows = [
            (*row[:3], int(lang.shown)) for row, lang in zip(rows, release.languages, strict=True)
        ]
    content.replace_languages(rows)
    content.replace_age_bands(
        [(b.id, b.min_age, b.max_age, i) for i, b in enumerate(release.age_bands)]
    )
    # Needs the new offers use must exist before them; needs that go, only once no offer
    # refers to them any more (offer_need has a foreign key).
    content.upsert_needs([(n.id, n.icon, i) for i, n in enumerate(release.needs)])
    content.delete_offers(diff.offers_removed)
    writing = {*diff.offers_added, *(item.offer_id for item in diff.offers_changed)}
    OfferRepository(conn).save_many([o for o in release.offers if o.id in writing])
    content.delete_needs_except({n.id for n in release.needs})


def _audit(
    release: Release,
    diff: ContentDiff,
    changes: dict[str, list[FieldChange]],
    now: dt.datetime,
    actor: str,
    summary: tuple[str, str],
    by: str,
) -> list[AuditEntry]:
    """The summary row, one row per added or removed offer, one per changed field of a changed
    offer (as the import writes them) and one per change of the lists."""
    entries = [AuditEntry(now, actor, None, "content release", *summary)]
    entries += [
        AuditEntry(now, actor, offer_id, "offer", "", f"added by {by}")
        for offer_id in diff.offers_added
    ]
    for item in diff.offers_changed:
        entries += audit_entries(changes[item.offer_id], item.offer_id, actor, now)
    entries += [
        AuditEntry(now, actor, offer_id, "offer", "present", f"removed by {by}")
        for offer_id in diff.offers_removed
    ]
    for field, lines in (
        ("languages", diff.languages),
        ("needs", diff.needs),
        ("age_bands", diff.age_bands),
    ):
        entries += [AuditEntry(now, actor, None, field, "", line) for line in lines]
    return entries


def _describe(info: ReleaseInfo | None) -> str:
    if info is None or info.version == 0:
        return "the kiosk's own content"
    return f"release {info.version}"


def _write_slot(conn: sqlite3.Connection, slot: str, info: ReleaseInfo, body: bytes | None) -> None:
    ContentReleaseRepository(conn).write_slot(
        slot,
        info.version,
        _iso(info.published),
        _iso(info.applied_at),
        info.digest,
        info.source,
        body,
    )


def _apply(
    conn: sqlite3.Connection,
    release: Release,
    *,
    now: dt.datetime,
    actor: str,
    summary: tuple[str, str],
    by: str,
) -> ContentDiff:
    """Diff, replace and audit (inside the caller's transaction)."""
    diff, changes = content_changes(conn, release)
    _replace_content(conn, release, diff)
    AuditRepository(conn).add(_audit(release, diff, changes, now, actor, summary, by))
    return diff


def apply_release(
    conn: sqlite3.Connection,
    data: bytes,
    *,
    now: dt.datetime,
    source: str,
    parsed: Release | None = None,
) -> ReleaseInfo:
    """Check ``data`` in full and make it the kiosk's content, in one transaction.

    Raises :class:`ReleaseError` (nothing changed) for a release that fails its checks, and
    :class:`StaleRelease` for one that is not newer than the kiosk's content or than a release
    staff rolled back. ``parsed`` — what :func:`parse_release` gave for exactly these bytes
    (say, in a worker thread) — saves checking them again; its digest must match.
    """
    data = bytes(data)
    digest = release_digest(data)
    release = parsed if parsed is not None and parsed.digest == digest else parse_release(data)
    source = without_credentials(source)
    with transaction(conn):
        current = current_release(conn)
        pinned = pinned_version(conn)
        have = current.version if current else 0
        if release.version <= max(have, pinned):
            if release.version <= have:
                why = f"this kiosk has release {have}"
            else:
                why = f"staff rolled back release {pinned} on this kiosk"
            raise StaleRelease(
                f"The content release was refused: older or same release (version "
                f"{release.version}; {why}).",
                version=release.version,
                current=have,
                pinned=pinned,
            )
        if current is None:
            kept = build_release(conn, version=0, published=now)
            before = ReleaseInfo(0, now, now, release_digest(kept), "")
        else:
            kept = build_release(conn, version=current.version, published=current.published)
            before = current
        info = ReleaseInfo(release.version, release.published, now, digest, source)
        _apply(
            conn,
            release,
            now=now,
            actor=ACTOR,
            summary=(
                _describe(current),
                f"release {release.version} from {source or 'unknown source'} "
                f"(sha256 {digest[:16]}…)",
            ),
            by=f"release {release.version}",
        )
        _write_slot(conn, "previous", before, kept)
        _write_slot(conn, "current", info, None)
    return info


def rollback_release(
    conn: sqlite3.Connection, *, now: dt.datetime, actor: str = ROLLBACK_ACTOR
) -> ReleaseInfo:
    """Staff: back to the content before the last applied release, in one transaction.

    Afterwards releases up to the rolled-back version are refused until a newer one arrives
    (see the module). Raises :class:`ReleaseError` when there is nothing to go back to.
    """
    with transaction(conn):
        content = ContentReleaseRepository(conn)
        row = content.previous_with_body()
        current = current_release(conn)
        if row is None or current is None:
            raise ReleaseError(
                "There is no earlier content to go back to: no release was applied since the "
                "last rollback."
            )
        before = _info(row[:5])
        try:
            release = parse_kept_content(bytes(row[5]))
        except ReleaseError as error:
            raise ReleaseError(
                f"The earlier content cannot be restored: {error.problems[0]}", error.problems
            ) from error
        _apply(
            conn,
            release,
            now=now,
            actor=actor,
            summary=(_describe(current), f"rolled back to {_describe(before)}"),
            by=f"the rollback to {_describe(before)}",
        )
        restored = ReleaseInfo(before.version, before.published, now, before.digest, before.source)
        _write_slot(conn, "current", restored, None)
        content.delete_previous()
        content.pin(current.version)
    return restored


# -- the follower's state --------------------------------------------------------------------
def record_check(
    conn: sqlite3.Connection,
    *,
    at: dt.datetime,
    ok: bool,
    message: str = "",
    expires: dt.datetime | None = None,
) -> None:
    """Note the outcome of one check for a release (for staff and the fleet heartbeat).

    ``expires`` (when the trusted metadata expires) is kept from before when not given.
    """
    with transaction(conn):
        ContentReleaseRepository(conn).record_check(
            _iso(at), ok, message[:2000], _iso(expires) if expires else None
        )


def last_check(conn: sqlite3.Connection) -> CheckStatus | None:
    """How the last check went (``None``: never checked)."""
    row = ContentReleaseRepository(conn).last_check()
    if row is None or row[0] is None:
        return None
    attempt, ok, success, expires, message = row
    return CheckStatus(_moment(attempt), bool(ok), _moment(success), _moment(expires), message)


def managed_url(conn: sqlite3.Connection) -> str | None:
    """The content URL this kiosk follows (``None``: a standalone kiosk)."""
    return ContentReleaseRepository(conn).url()


def is_managed(conn: sqlite3.Connection) -> bool:
    """The kiosk follows a content URL: its content is edited centrally, not in staff mode."""
    return managed_url(conn) is not None


def set_managed(
    conn: sqlite3.Connection,
    url: str | None,
    *,
    now: dt.datetime | None = None,
    actor: str = "kiosk-admin",
) -> None:
    """Follow the releases at ``url`` (http or https, no credentials in it), or stop (``None``).

    Raises ``ValueError`` for a URL that cannot be followed. Audited.
    """
    if url is not None:
        url = url.strip()
        try:
            parts = urlsplit(url)
        except ValueError as error:
            raise ValueError(f"not a URL: {error}") from error
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("the content URL must start with https:// (or http://) and a host")
        if parts.username is not None or parts.password is not None:
            raise ValueError("the content URL must not contain a user name or password")
        if len(url) > MAX_URL_LENGTH or any(ch.isspace() or not ch.isprintable() for ch in url):
            raise ValueError("the content URL is too long or contains spaces or control codes")
    moment = now or dt.datetime.now(dt.UTC)
    with transaction(conn):
        old = managed_url(conn)
        if old == url:
            return
        ContentReleaseRepository(conn).set_url(url)
        AuditRepository(conn).add(
            [AuditEntry(moment, actor, None, "content_url", old or "", url or "")]
        )
