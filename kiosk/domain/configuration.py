"""The settings staff can change: languages and their order, age bands, timeouts, place, printer.

:class:`KioskConfiguration` is the checked value; :class:`ConfigurationForm` is the same as text,
as the settings screen holds it. :func:`parse_configuration` turns one into the other and lists
every problem by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain.choices import AgeBand, Language
from kiosk.domain.settings import (
    HIDE_OUTDATED_AFTER_MONTHS,
    IDLE_TIMEOUT,
    LOCATION,
    PRINTER,
    STAFF_IDLE_TIMEOUT,
    VERIFY_AFTER_MONTHS,
    Setting,
)
from kiosk.domain.validation import (
    Problem,
    parse_age_bands,
    parse_whole_number,
    problem,
    text_problems,
)
from kiosk.i18n import N_


@dataclass(frozen=True, slots=True)
class KioskConfiguration:
    """Everything on the settings screen, checked."""

    languages: tuple[tuple[Language, bool], ...]  # every language, in order, enabled or not
    age_bands: tuple[AgeBand, ...]
    idle_timeout_seconds: int
    staff_idle_timeout_seconds: int
    verify_after_months: int
    location: str
    printer: str
    hide_outdated_after_months: int = 0  # 0: old offers are shown (with a note), not hidden

    def flat(self) -> dict[str, str]:
        """One string per setting, for the audit log."""
        return {
            "languages.enabled": ", ".join(lang.code for lang, on in self.languages if on),
            "languages.order": ", ".join(lang.code for lang, _ in self.languages),
            "age_bands": ", ".join(band.id for band in self.age_bands),
            IDLE_TIMEOUT.key: str(self.idle_timeout_seconds),
            STAFF_IDLE_TIMEOUT.key: str(self.staff_idle_timeout_seconds),
            VERIFY_AFTER_MONTHS.key: str(self.verify_after_months),
            HIDE_OUTDATED_AFTER_MONTHS.key: str(self.hide_outdated_after_months),
            LOCATION.key: self.location,
            PRINTER.key: self.printer,
        }


@dataclass
class ConfigurationForm:
    """The settings as the screen holds them (numbers as text)."""

    languages: list[tuple[Language, bool]] = field(default_factory=list)
    age_bands: list[tuple[str, str]] = field(default_factory=list)  # (from, to); empty = open
    idle_timeout_seconds: str = str(IDLE_TIMEOUT.default)
    staff_idle_timeout_seconds: str = str(STAFF_IDLE_TIMEOUT.default)
    verify_after_months: str = str(VERIFY_AFTER_MONTHS.default)
    location: str = ""
    printer: str = ""
    hide_outdated_after_months: str = str(HIDE_OUTDATED_AFTER_MONTHS.default)


def configuration_to_form(config: KioskConfiguration) -> ConfigurationForm:
    return ConfigurationForm(
        languages=list(config.languages),
        age_bands=[
            (
                "" if band.min_age is None else str(band.min_age),
                "" if band.max_age is None else str(band.max_age),
            )
            for band in config.age_bands
        ],
        idle_timeout_seconds=str(config.idle_timeout_seconds),
        staff_idle_timeout_seconds=str(config.staff_idle_timeout_seconds),
        verify_after_months=str(config.verify_after_months),
        location=config.location,
        printer=config.printer,
        hide_outdated_after_months=str(config.hide_outdated_after_months),
    )


def _whole_number(setting: Setting, text: str) -> tuple[int, list[Problem]]:
    return parse_whole_number(setting.key, text, *setting.bounds)


def parse_configuration(
    form: ConfigurationForm,
) -> tuple[KioskConfiguration | None, list[Problem]]:
    found: list[Problem] = []
    if not any(enabled for _, enabled in form.languages):
        found.append(problem("languages", N_("At least one language must be switched on.")))
    bands, more = parse_age_bands(form.age_bands)
    found += more
    idle, more = _whole_number(IDLE_TIMEOUT, form.idle_timeout_seconds)
    found += more
    staff_idle, more = _whole_number(STAFF_IDLE_TIMEOUT, form.staff_idle_timeout_seconds)
    found += more
    months, more = _whole_number(VERIFY_AFTER_MONTHS, form.verify_after_months)
    found += more
    hide, more = _whole_number(HIDE_OUTDATED_AFTER_MONTHS, form.hide_outdated_after_months)
    found += more
    found += text_problems(LOCATION.key, form.location, kind="location")
    found += text_problems(PRINTER.key, form.printer, kind="printer")
    if found:
        return None, found
    return (
        KioskConfiguration(
            languages=tuple(form.languages),
            age_bands=tuple(bands),
            idle_timeout_seconds=idle,
            staff_idle_timeout_seconds=staff_idle,
            verify_after_months=months,
            location=form.location.strip(),
            printer=form.printer.strip(),
            hide_outdated_after_months=hide,
        ),
        [],
    )
