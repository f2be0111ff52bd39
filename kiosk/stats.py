"""Anonymous usage statistics: what the kiosk counts (the reports built from the counts are in
:mod:`kiosk.usage_reports`).

Counting never stores who did something: an event adds one to the counter of its hour and of
its combination of language, age band, need and offer. There is no visitor or session id and
no time finer than the hour. Hours older than the retention period are folded into monthly
totals. The same numbers feed the staff dashboard and ``kiosk-admin stats``.

The answers to "Did this help?" on an offer's detail screen (:meth:`UsageRecorder.record_feedback`)
are counted for the offer and the hour alone: not with the language, age band or need of the visit
(with so few answers per hour those could point to a person), and nothing else is asked.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from enum import StrEnum

from kiosk.db.repository import SettingsRepository, transaction
from kiosk.db.usage_repository import DIMENSION_COLUMNS, UsageRepository

log = logging.getLogger(__name__)


class UsageEvent(StrEnum):
    SESSION_STARTED = "session_started"
    LANGUAGE_CHOSEN = "language_chosen"
    AGE_CHOSEN = "age_chosen"
    NEED_CHOSEN = "need_chosen"
    OFFER_VIEWED = "offer_viewed"
    QR_SHOWN = "qr_shown"
    HANDOUT_PRINTED = "handout_printed"
    HANDOUT_FAILED = "handout_failed"  # print tapped, no sheet came out (QR codes shown instead)
    READ_ALOUD_USED = "read_aloud_used"
    FEEDBACK_HELPED = "feedback_helped"  # "Did this help?" answered yes on an offer's screen
    FEEDBACK_NOT_HELPED = "feedback_not_helped"  # … answered no
    SESSION_ENDED_HOME = "session_ended_home"
    SESSION_ENDED_TIMEOUT = "session_ended_timeout"


DIMENSIONS = tuple(DIMENSION_COLUMNS)
ALL_NEEDS = "*"  # need chosen: "show all offers"
#: The event of each answer to "Did this help?".
FEEDBACK_EVENTS = {True: UsageEvent.FEEDBACK_HELPED, False: UsageEvent.FEEDBACK_NOT_HELPED}


def hour_key(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H")


class UsageRecorder:
    """Counts events; a failure to count is logged and never disturbs the visitor."""

    def __init__(
        self, conn: sqlite3.Connection, clock: Callable[[], dt.datetime] = dt.datetime.now
    ):
        self._conn = conn
        self._clock = clock

    def record(
        self,
        event: UsageEvent,
        *,
        language: str = "",
        age_band: str = "",
        need: str = "",
        offer_id: str = "",
    ) -> None:
        try:
            with transaction(self._conn):
                UsageRepository(self._conn).add(
                    hour_key(self._clock()),
                    UsageEvent(event).value,
                    language,
                    age_band,
                    need,
                    offer_id,
                )
        except sqlite3.Error as error:
            log.error("usage event %s not counted: %s", event, error)

    def record_feedback(self, offer_id: str, helped: bool) -> None:
        """Count one answer to "Did this help?" for an offer: yes (``helped``) or no.

        Only the offer and the hour are kept — no language, age band, need or anything else of
        the visit. An answer without an offer id is not counted (logged).
        """
        if not offer_id:
            log.warning("an answer to 'Did this help?' came without an offer; not counted")
            return
        self.record(FEEDBACK_EVENTS[bool(helped)], offer_id=offer_id)

    def fold_old_hours(self, months: int | None = None) -> int:
        """Apply the retention setting: hours older than N months become monthly totals."""
        if months is None:
            value = SettingsRepository(self._conn).get("stats_retention_months", "24")
            months = int(value) if value and value.isdigit() else 24
        today = self._clock().date()
        year, month = today.year, today.month - months
        while month <= 0:
            month += 12
            year -= 1
        cutoff = f"{year:04d}-{month:02d}-01T00"
        try:
            with transaction(self._conn):
                return UsageRepository(self._conn).fold_before(cutoff)
        except sqlite3.Error as error:
            log.error("old usage hours not folded: %s", error)
            return 0
