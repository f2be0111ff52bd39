"""Everything staff mode needs from the core, on one open connection (made in ``ui/app.py``).

The staff screens receive one :class:`StaffDesk`; it hands out the use cases (PIN, offers,
settings, the "to verify" list, the audit log). The clock and the PIN hash cost are injected so
tests run fast without lowering anything globally.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.admin.access import StaffAccess, utc_now
from kiosk.admin.offers import OfferEditing, local_today
from kiosk.admin.pin import DEFAULT_PARAMS, ScryptParams
from kiosk.admin.settings import KioskSettingsEditing
from kiosk.admin.verification import offers_to_verify
from kiosk.content import store as content_store
from kiosk.db.repository import CatalogueRepository
from kiosk.db.staff_repository import AuditRepository, LanguageListRepository
from kiosk.domain.changes import AuditEntry
from kiosk.domain.choices import AgeBand, Language, Need
from kiosk.domain.verification import DueOffer
from kiosk.usage_reports import UsageReport, usage_report


@dataclass(frozen=True)
class ContentState:
    """Where this database's content comes from, for the staff screens (never for visitors).

    ``managed``: the kiosk follows the central office's releases, so offers are not edited
    here. ``version`` is ``None`` while the kiosk shows its own content (no release applied,
    or rolled back to it). ``expired``/``check_failed`` ask for a warning to staff.
    """

    managed: bool
    version: int | None = None
    published: dt.datetime | None = None
    applied_at: dt.datetime | None = None
    last_attempt: dt.datetime | None = None
    last_success: dt.datetime | None = None
    check_failed: bool = False
    message: str = ""
    expires: dt.datetime | None = None
    expired: bool = False
    previous_version: int | None = None  # what a rollback brings back (0: own content)

    @property
    def can_roll_back(self) -> bool:
        return self.previous_version is not None


class StaffDesk:
    """The staff use cases for the kiosk window."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        clock: Callable[[], dt.datetime] = utc_now,
        pin_params: ScryptParams = DEFAULT_PARAMS,
    ):
        self._conn = conn
        self._clock = clock
        self.access = StaffAccess(conn, clock, pin_params)
        self.offers = OfferEditing(conn, clock)
        self.settings = KioskSettingsEditing(conn, clock)

    def now(self) -> dt.datetime:
        return self._clock()

    def usage(self, by: str, start: dt.date, end: dt.date) -> UsageReport:
        """The anonymous usage counts between two dates, grouped by ``by`` (the dashboard)."""
        return usage_report(self._conn, by, start, end)

    def age_bands(self) -> list[AgeBand]:
        return CatalogueRepository(self._conn).age_bands()

    def today(self) -> dt.date:
        return local_today(self._clock)

    def to_verify(self) -> tuple[list[DueOffer], int]:
        return offers_to_verify(self._conn, self.today())

    def needs(self) -> list[Need]:
        return CatalogueRepository(self._conn).needs()

    def languages(self) -> list[tuple[Language, bool]]:
        """Every language of the kiosk in display order, with whether it is switched on."""
        return LanguageListRepository(self._conn).all()

    def audit_log(self, limit: int = 200, offer_id: str | None = None) -> list[AuditEntry]:
        return AuditRepository(self._conn).recent(limit, offer_id)

    # -- content from the central office (issue 18) ------------------------------------------
    def content_managed(self) -> bool:
        """Offers come from the central office: content editing in staff mode is off."""
        return content_store.is_managed(self._conn)

    def content_state(self) -> ContentState:
        current = content_store.current_release(self._conn)
        previous = content_store.previous_release(self._conn)
        check = content_store.last_check(self._conn)
        real = current is not None and current.version > 0
        return ContentState(
            managed=content_store.is_managed(self._conn),
            version=current.version if real else None,
            published=current.published if real else None,
            applied_at=current.applied_at if current is not None else None,
            last_attempt=check.last_attempt if check else None,
            last_success=check.last_success if check else None,
            check_failed=check is not None and not check.ok,
            message=check.message if check else "",
            expires=check.expires if check else None,
            expired=check is not None and check.expired(self._clock()),
            previous_version=previous.version if previous is not None else None,
        )

    def rollback_content(self, actor: str = "staff") -> ContentState:
        """Back to the content before the last release (one transaction, audited). Raises
        :class:`kiosk.content.release.ReleaseError` when there is nothing to go back to."""
        content_store.rollback_release(self._conn, now=self._clock(), actor=actor)
        return self.content_state()
