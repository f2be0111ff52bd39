"""Every setting of the ``setting`` table, declared once: key, default, bounds, unit, label, hint.

The kiosk (:meth:`kiosk.visitor.VisitorCatalogue.settings`), the command line and staff mode
(:mod:`kiosk.domain.configuration`, the settings screen) read and check settings only through
these declarations, so a value means the same everywhere. A stored value outside the bounds is
never used as it is: :meth:`Setting.read` clamps it to the nearest bound and logs that (staff
mode refuses to save it in the first place); a value that is not a number gives the default.

Kept free of the validation (which the visitor side need not load before its first frame).
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from kiosk.i18n import N_

#: Information last checked longer ago than this many months shows as old (the default of the
#: setting below; the rules themselves are in :mod:`kiosk.domain.verification`).
DEFAULT_VERIFY_AFTER_MONTHS = 6

log = logging.getLogger(__name__)


class Setting(NamedTuple):
    """One setting. Whole numbers have ``bounds``; text settings have none.

    ``label`` and ``hint`` are the msgids of the settings screen (empty: staff set it only in
    the database, see the README); a hint states the bounds in words, so it is kept here beside
    them. (A named tuple, not a frozen dataclass: this module is imported before the start
    screen's first frame, and a frozen dataclass costs ~2 ms to make there, a named tuple a
    tenth of that.)"""

    key: str
    default: int | str
    bounds: tuple[int, int] | None = None
    unit: str = ""
    label: str = ""
    hint: str = ""

    def read(self, stored: str | None) -> int | str:
        """The value to use for ``stored`` (None: not set)."""
        if self.bounds is None:
            return self.default if stored is None else stored.strip()
        if stored is None:
            return self.default
        try:
            number = int(stored)
        except ValueError:
            log.warning("setting %s=%r is not a number; using %s", self.key, stored, self.default)
            return self.default
        low, high = self.bounds
        if not low <= number <= high:
            used = min(max(number, low), high)
            log.warning(
                "setting %s=%s is outside %s to %s %s; using %s",
                self.key,
                number,
                low,
                high,
                self.unit,
                used,
            )
            return used
        return number


# -- on the settings screen ------------------------------------------------------------------
LOCATION = Setting(
    "kiosk_location",
    "",
    label=N_("Name of this kiosk's location"),
    hint=N_("e.g. Bürgerbüro Altstadt"),
)
PRINTER = Setting(
    "printer",
    "",
    label=N_("Printer for handouts"),
    hint=N_("Empty: this kiosk has no printer"),
)
IDLE_TIMEOUT = Setting(
    "idle_timeout_seconds",
    90,
    (20, 3600),
    "s",
    N_("Start again after this many idle seconds"),
    N_("20 to 3600; a warning with “More time” comes first"),
)
STAFF_IDLE_TIMEOUT = Setting(
    "staff_idle_timeout_seconds",
    120,
    (20, 3600),
    "s",
    N_("Leave staff mode after this many idle seconds"),
    N_("20 to 3600"),
)
VERIFY_AFTER_MONTHS = Setting(
    "verify_after_months",
    DEFAULT_VERIFY_AFTER_MONTHS,
    (1, 60),
    "months",
    N_("Verify offers again after this many months"),
    N_("1 to 60"),
)
#: Hide offers from visitors whose information is older than this many months; 0: show all.
HIDE_OUTDATED_AFTER_MONTHS = Setting(
    "hide_outdated_after_months",
    0,
    (0, 240),
    "months",
    # TRANSLATORS: staff settings: offers whose information was last checked longer ago
    # than this are not shown to visitors at all (instead of being shown with a note)
    N_("Hide offers from visitors when their information is older than this many months"),
    # TRANSLATORS: staff settings, hint below the field above
    N_("0 to 240; 0: show every offer, old information with a note to call first"),
)

# -- set in the database only (README, deploy/ANLEITUNG.md) ------------------------------------
IDLE_WARNING = Setting("idle_warning_seconds", 30, (20, 3600), "s")
PRINTER_PAPER = Setting("printer_paper", "a4")  # "a4" or "receipt" (80 mm roll)
PRINT_NOTICE = Setting("print_notice_seconds", 8, (3, 600), "s")
STAFF_GESTURE = Setting("staff_gesture_seconds", 3, (1, 30), "s")
VIEWING_DISTANCE = Setting("viewing_distance_cm", 50, (30, 150), "cm")
BACKUP_HOUR = Setting("backup_hour", 2, (0, 23), "h")
BACKUP_KEEP_DAYS = Setting("backup_keep_days", 14, (1, 365), "days")
HIDE_CURSOR = Setting("hide_cursor", "0")  # "1": no mouse pointer on the kiosk screen

#: The settings the staff settings screen shows, in its order.
ON_SETTINGS_SCREEN = (
    LOCATION,
    PRINTER,
    IDLE_TIMEOUT,
    STAFF_IDLE_TIMEOUT,
    VERIFY_AFTER_MONTHS,
    HIDE_OUTDATED_AFTER_MONTHS,
)
