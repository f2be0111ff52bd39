"""Everything staff mode needs from the core, on one open connection (made in ``ui/app.py``).

The staff screens receive one :class:`StaffDesk`; it hands out the use cases (PIN, offers,
settings, the "to verify" list, the audit log). The clock and the PIN hash cost are injected so
tests run fast without lowering anything globally.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable

from kiosk.admin.access import StaffAccess, utc_now
from kiosk.admin.offers import OfferEditing, local_today
from kiosk.admin.pin import DEFAULT_PARAMS, ScryptParams
from kiosk.admin.settings import KioskSettingsEditing
from kiosk.admin.verification import offers_to_verify
from kiosk.db.repository import CatalogueRepository
from kiosk.db.staff_repository import AuditRepository, LanguageListRepository
from kiosk.domain.changes import AuditEntry
from kiosk.domain.models import AgeBand, Language, Need
from kiosk.domain.verification import DueOffer
from kiosk.stats import UsageReport, usage_report


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
