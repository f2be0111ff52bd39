"""Reading and saving the kiosk's settings (languages, age bands, timeouts, place, printer).

Saving checks the whole form first, then writes everything and the audit entries in one
transaction. The kiosk window applies the new settings right after (no restart).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.admin.access import utc_now
from kiosk.db.repository import CatalogueRepository, SettingsRepository, transaction
from kiosk.db.staff_repository import AuditRepository, LanguageListRepository
from kiosk.domain.changes import AuditEntry, FieldChange, diff_values
from kiosk.domain.configuration import (
    HIDE_OUTDATED_AFTER_MONTHS,
    HIDE_OUTDATED_RANGE,
    IDLE_RANGE,
    IDLE_TIMEOUT,
    LOCATION,
    PRINTER,
    STAFF_IDLE_RANGE,
    STAFF_IDLE_TIMEOUT,
    VERIFY_AFTER_MONTHS,
    VERIFY_RANGE,
    ConfigurationForm,
    KioskConfiguration,
    parse_configuration,
)
from kiosk.domain.validation import Problem
from kiosk.domain.verification import DEFAULT_VERIFY_AFTER_MONTHS


def _bounded(value: str | None, default: int, bounds: tuple[int, int]) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(number, bounds[0]), bounds[1])


def load_configuration(conn: sqlite3.Connection) -> KioskConfiguration:
    settings = SettingsRepository(conn)
    return KioskConfiguration(
        languages=tuple(LanguageListRepository(conn).all()),
        age_bands=tuple(CatalogueRepository(conn).age_bands()),
        idle_timeout_seconds=_bounded(settings.get(IDLE_TIMEOUT), 90, IDLE_RANGE),
        staff_idle_timeout_seconds=_bounded(
            settings.get(STAFF_IDLE_TIMEOUT), 120, STAFF_IDLE_RANGE
        ),
        verify_after_months=_bounded(
            settings.get(VERIFY_AFTER_MONTHS), DEFAULT_VERIFY_AFTER_MONTHS, VERIFY_RANGE
        ),
        location=settings.get(LOCATION, "") or "",
        printer=settings.get(PRINTER, "") or "",
        hide_outdated_after_months=_bounded(
            settings.get(HIDE_OUTDATED_AFTER_MONTHS), 0, HIDE_OUTDATED_RANGE
        ),
    )


@dataclass(frozen=True)
class SettingsSaveResult:
    problems: list[Problem] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class KioskSettingsEditing:
    """The settings screen's use cases."""

    def __init__(self, conn: sqlite3.Connection, clock: Callable[[], dt.datetime] = utc_now):
        self._conn = conn
        self._clock = clock

    def load(self) -> KioskConfiguration:
        return load_configuration(self._conn)

    def save(self, form: ConfigurationForm, actor: str = "staff") -> SettingsSaveResult:
        new, found = parse_configuration(form)
        if new is None:
            return SettingsSaveResult(problems=found)
        now = self._clock()
        with transaction(self._conn):
            old = load_configuration(self._conn)
            changes = diff_values(old.flat(), new.flat())
            if not changes:
                return SettingsSaveResult()
            lists = CatalogueRepository(self._conn)
            if new.languages != old.languages:
                lists.replace_languages(list(new.languages))
            if new.age_bands != old.age_bands:
                lists.replace_age_bands(list(new.age_bands))
            settings = SettingsRepository(self._conn)
            settings.set(IDLE_TIMEOUT, str(new.idle_timeout_seconds))
            settings.set(STAFF_IDLE_TIMEOUT, str(new.staff_idle_timeout_seconds))
            settings.set(VERIFY_AFTER_MONTHS, str(new.verify_after_months))
            settings.set(HIDE_OUTDATED_AFTER_MONTHS, str(new.hide_outdated_after_months))
            settings.set(LOCATION, new.location)
            settings.set(PRINTER, new.printer)
            AuditRepository(self._conn).add(
                AuditEntry(now, actor, None, c.field, c.old, c.new) for c in changes
            )
        return SettingsSaveResult(changes=changes)
