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
    ConfigurationForm,
    KioskConfiguration,
    parse_configuration,
)
from kiosk.domain.settings import (
    HIDE_OUTDATED_AFTER_MONTHS,
    IDLE_TIMEOUT,
    LOCATION,
    PRINTER,
    STAFF_IDLE_TIMEOUT,
    VERIFY_AFTER_MONTHS,
)
from kiosk.domain.validation import Problem
from kiosk.i18n import N_


def load_configuration(conn: sqlite3.Connection) -> KioskConfiguration:
    """The settings as the kiosk uses them (stored values outside the bounds clamped)."""
    stored = SettingsRepository(conn)
    return KioskConfiguration(
        languages=tuple(LanguageListRepository(conn).all()),
        age_bands=tuple(CatalogueRepository(conn).age_bands()),
        idle_timeout_seconds=IDLE_TIMEOUT.read(stored.get(IDLE_TIMEOUT.key)),
        staff_idle_timeout_seconds=STAFF_IDLE_TIMEOUT.read(stored.get(STAFF_IDLE_TIMEOUT.key)),
        verify_after_months=VERIFY_AFTER_MONTHS.read(stored.get(VERIFY_AFTER_MONTHS.key)),
        location=LOCATION.read(stored.get(LOCATION.key)),
        printer=PRINTER.read(stored.get(PRINTER.key)),
        hide_outdated_after_months=HIDE_OUTDATED_AFTER_MONTHS.read(
            stored.get(HIDE_OUTDATED_AFTER_MONTHS.key)
        ),
    )


# TRANSLATORS: staff mode on a kiosk that takes its offers from the city's central database;
# the integration office is the city's office for integration (Integrationsbüro)
MANAGED_NOTICE = N_(
    "The offers of this kiosk are edited centrally by the integration office. Changes made "
    "here would be overwritten, so they cannot be made here."
)


def _central_content_changed(
    conn: sqlite3.Connection, old: KioskConfiguration, new: KioskConfiguration
) -> list[Problem]:
    """On a kiosk that follows the central releases, the languages' list and order and the
    age bands are content (which languages are shown stays the kiosk's own choice)."""
    from kiosk.content.store import is_managed

    if not is_managed(conn):
        return []
    found = []
    if [lang for lang, _ in new.languages] != [lang for lang, _ in old.languages]:
        found.append(Problem(("languages",), MANAGED_NOTICE))
    if new.age_bands != old.age_bands:
        found.append(Problem(("age_bands",), MANAGED_NOTICE))
    return found


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
            centrally = _central_content_changed(self._conn, old, new)
            if centrally:
                return SettingsSaveResult(problems=centrally)
            lists = CatalogueRepository(self._conn)
            if new.languages != old.languages:
                lists.replace_languages(list(new.languages))
            if new.age_bands != old.age_bands:
                lists.replace_age_bands(list(new.age_bands))
            settings = SettingsRepository(self._conn)
            for setting, value in (
                (IDLE_TIMEOUT, new.idle_timeout_seconds),
                (STAFF_IDLE_TIMEOUT, new.staff_idle_timeout_seconds),
                (VERIFY_AFTER_MONTHS, new.verify_after_months),
                (HIDE_OUTDATED_AFTER_MONTHS, new.hide_outdated_after_months),
                (LOCATION, new.location),
                (PRINTER, new.printer),
            ):
                settings.set(setting.key, str(value))
            AuditRepository(self._conn).add(
                AuditEntry(now, actor, None, c.field, c.old, c.new) for c in changes
            )
        return SettingsSaveResult(changes=changes)
