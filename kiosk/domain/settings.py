"""The keys of the ``setting`` table that the configuration and the visitor side both read.

Kept apart from :mod:`kiosk.domain.configuration` (which checks what staff type and imports
the whole validation) so the visitor side can read settings before the first frame without it.
"""

from __future__ import annotations

IDLE_TIMEOUT = "idle_timeout_seconds"
STAFF_IDLE_TIMEOUT = "staff_idle_timeout_seconds"
VERIFY_AFTER_MONTHS = "verify_after_months"
#: Hide offers from visitors whose information is older than this many months; 0: show all.
HIDE_OUTDATED_AFTER_MONTHS = "hide_outdated_after_months"
LOCATION = "kiosk_location"
PRINTER = "printer"
