"""What changed: one field of an offer or a setting from an old value to a new one.

The offer editor, the import and the settings all describe their changes this way; every
change is written to the audit log as one :class:`AuditEntry`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that got a new value (empty strings stand for "no value")."""

    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """A change as recorded in the audit log."""

    at: dt.datetime  # timezone-aware (UTC)
    actor: str  # staff, import, restore, kiosk-admin
    offer_id: str | None  # None for settings and the PIN
    field: str
    old: str
    new: str


def diff_values(old: Mapping[str, str], new: Mapping[str, str]) -> list[FieldChange]:
    """Fields whose value differs, in the order of ``new`` then fields only ``old`` has."""
    changes = [
        FieldChange(key, old.get(key, ""), value)
        for key, value in new.items()
        if old.get(key, "") != value
    ]
    changes.extend(
        FieldChange(key, value, "") for key, value in old.items() if key not in new and value
    )
    return changes
