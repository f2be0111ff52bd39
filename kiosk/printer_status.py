"""What CUPS says about a printer: idle, printing or stopped, and why (paper out, jam, offline).

Read with ``lpoptions -p NAME`` (which lists the printer's IPP attributes) and tolerant of a machine
without CUPS: then the state is simply unknown. Used before every kiosk print job and meant for
the staff screens; nothing here knows about Qt.
"""

from __future__ import annotations

import logging
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

log = logging.getLogger(__name__)

LPOPTIONS_TIMEOUT_S = 5.0

#: printer-state-reasons (RFC 8011 §5.4.12) that stop a job; "-report"/"-warning" do not.
_BLOCKING_REASONS = (
    "media-empty",
    "media-needed",
    "media-jam",
    "offline",
    "paused",
    "door-open",
    "cover-open",
    "shutdown",
    "stopped",
    "input-tray-missing",
    "output-area-full",
    "marker-supply-empty",
    "toner-empty",
)


class PrinterState(StrEnum):
    """The printer's state as CUPS reports it, plus the two cases where it cannot tell."""

    IDLE = "idle"
    PRINTING = "printing"
    STOPPED = "stopped"
    NOT_FOUND = "not-found"  # CUPS does not know a printer of that name
    UNKNOWN = "unknown"  # no CUPS here, or it did not answer


_IPP_STATES = {"3": PrinterState.IDLE, "4": PrinterState.PRINTING, "5": PrinterState.STOPPED}


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """One look at a printer: state, reasons (IPP keywords) and the printer's own message."""

    name: str
    state: PrinterState
    reasons: tuple[str, ...] = ()
    accepting_jobs: bool | None = None
    message: str = ""

    @property
    def problems(self) -> tuple[str, ...]:
        """The reasons that keep a sheet from coming out (paper out, jam, offline …)."""
        found = []
        for reason in self.reasons:
            if reason.endswith(("-report", "-warning")):
                continue
            base = reason.removesuffix("-error")
            if any(base.startswith(blocking) for blocking in _BLOCKING_REASONS):
                found.append(reason)
        return tuple(found)

    @property
    def can_print(self) -> bool:
        """False when CUPS says a job would not come out now; True when it cannot tell."""
        if self.state in (PrinterState.NOT_FOUND, PrinterState.STOPPED):
            return False
        if self.accepting_jobs is False:
            return False
        return not self.problems

    def describe(self) -> str:
        """One line for logs and the staff screen (English, technical)."""
        parts = [f"printer {self.name!r}: {self.state.value}"]
        if self.reasons:
            parts.append("reasons " + ", ".join(self.reasons))
        if self.accepting_jobs is False:
            parts.append("not accepting jobs")
        if self.message:
            parts.append(repr(self.message))
        return "; ".join(parts)


def parse_lpoptions(name: str, output: str) -> PrinterStatus:
    """A status from the ``key=value`` attributes that ``lpoptions -p NAME`` prints."""
    try:
        words = shlex.split(output)
    except ValueError:
        words = output.split()
    attributes = dict(word.split("=", 1) for word in words if "=" in word)
    state = _IPP_STATES.get(attributes.get("printer-state", ""), PrinterState.UNKNOWN)
    reasons = tuple(
        r.strip()
        for r in attributes.get("printer-state-reasons", "").split(",")
        if r.strip() and r.strip() != "none"
    )
    accepting = attributes.get("printer-is-accepting-jobs")
    return PrinterStatus(
        name=name,
        state=state,
        reasons=reasons,
        accepting_jobs=None if accepting is None else accepting.lower() == "true",
        message=attributes.get("printer-state-message", ""),
    )


Runner = Callable[..., subprocess.CompletedProcess]


def printer_status(name: str, run: Runner = subprocess.run) -> PrinterStatus:
    """Ask CUPS about printer ``name``; never raises (an unknown state when CUPS is absent)."""
    if not name:
        return PrinterStatus(name, PrinterState.NOT_FOUND)
    try:
        result = run(
            ["lpoptions", "-p", name],
            capture_output=True,
            text=True,
            timeout=LPOPTIONS_TIMEOUT_S,
            check=False,
        )
    except FileNotFoundError:
        log.info("CUPS tools not installed; state of printer %r unknown", name)
        return PrinterStatus(name, PrinterState.UNKNOWN)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("cannot ask CUPS about printer %r: %s", name, error)
        return PrinterStatus(name, PrinterState.UNKNOWN)
    if result.returncode != 0:
        text = (result.stderr or result.stdout or "").strip()
        if "unknown printer" in text.lower() or "not found" in text.lower():
            return PrinterStatus(name, PrinterState.NOT_FOUND, message=text)
        log.warning("lpoptions -p %s failed: %s", name, text)
        return PrinterStatus(name, PrinterState.UNKNOWN, message=text)
    return parse_lpoptions(name, result.stdout)
