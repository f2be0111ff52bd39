"""What CUPS says about a printer: idle, printing or stopped, and why (paper out, jam, offline).

Read with ``lpoptions -p NAME`` (which lists the printer's IPP attributes) and tolerant of a machine
without CUPS: then the state is simply unknown. Jobs are followed with ``lpstat -W … -o NAME``
and a job that does not finish in time is withdrawn with ``cancel``. Every call has a short
timeout and is meant for a worker thread. :class:`PrinterHealth` remembers what the kiosk last
saw of its printer and since when, for the staff screens; nothing here knows about Qt.
"""

from __future__ import annotations

import datetime as dt
import logging
import shlex
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

log = logging.getLogger(__name__)

#: Each question to CUPS (lpoptions, lpstat, cancel) gives up after this long.
LPOPTIONS_TIMEOUT_S = 3.0
#: How often a running job is looked at.
JOB_POLL_S = 0.25

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
#: "-report" reasons are informational (RFC 8011), except this one: CUPS' ipp backend sets it
#: when it cannot reach the printer at all.
_BLOCKING_REPORTS = ("offline-report",)


class PrinterProblem(StrEnum):
    """Why no sheet would come out, in the words the staff screen uses."""

    NONE = "none"  # ready
    NO_PRINTER = "no-printer"  # the setting ``printer`` is empty
    NOT_FOUND = "not-found"  # CUPS has no queue of that name
    PAPER_OUT = "paper-out"  # media-empty, media-needed
    JAM = "jam"  # media-jam
    OFFLINE = "offline"  # offline, offline-report, shutdown
    STOPPED = "stopped"  # the queue is stopped (cupsdisable) or the printer paused
    REJECTING = "rejecting"  # the queue does not accept jobs (cupsreject)
    OTHER = "other"  # another reason that stops it (door open, toner empty …)
    JOB_STUCK = "job-stuck"  # the last job did not finish in time and was withdrawn
    JOB_FAILED = "job-failed"  # the print system did not take the last job
    UNKNOWN = "unknown"  # CUPS did not answer (printing is still tried)


_PROBLEM_OF_REASON = (
    (("media-empty", "media-needed"), PrinterProblem.PAPER_OUT),
    (("media-jam",), PrinterProblem.JAM),
    (("offline", "shutdown"), PrinterProblem.OFFLINE),
    (("paused", "stopped"), PrinterProblem.STOPPED),
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
            if reason.endswith(("-report", "-warning")) and reason not in _BLOCKING_REPORTS:
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

    @property
    def problem(self) -> PrinterProblem:
        """The one problem staff should hear about first (the most specific reason)."""
        if not self.name:
            return PrinterProblem.NO_PRINTER
        if self.state is PrinterState.NOT_FOUND:
            return PrinterProblem.NOT_FOUND
        for reason in self.problems:
            base = reason.removesuffix("-error").removesuffix("-report")
            for prefixes, problem in _PROBLEM_OF_REASON:
                if base.startswith(prefixes):
                    return problem
        if self.problems:
            return PrinterProblem.OTHER
        if self.state is PrinterState.STOPPED:
            return PrinterProblem.STOPPED
        if self.accepting_jobs is False:
            return PrinterProblem.REJECTING
        if self.state is PrinterState.UNKNOWN:
            return PrinterProblem.UNKNOWN
        return PrinterProblem.NONE

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


def _ask(args: list[str], run: Runner) -> subprocess.CompletedProcess | None:
    """Run a CUPS command with the short timeout; None when it cannot run or does not answer."""
    try:
        return run(args, capture_output=True, text=True, timeout=LPOPTIONS_TIMEOUT_S, check=False)
    except FileNotFoundError:
        log.info("CUPS tools not installed (%s)", args[0])
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("%s did not answer: %s", " ".join(args), error)
    return None


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


def printer_queues(run: Runner = subprocess.run) -> list[str] | None:
    """The print queues CUPS knows (``lpstat -e``), sorted; None when CUPS cannot be asked
    (not installed, not running, or no answer within the short timeout)."""
    result = _ask(["lpstat", "-e"], run)
    if result is None:
        return None
    if result.returncode != 0:
        text = (result.stderr or "").strip()
        if "no destinations" in text.lower():
            return []
        log.warning("lpstat -e failed: %s", text)
        return None
    return sorted({line.strip() for line in result.stdout.splitlines() if line.strip()})


# -- jobs -------------------------------------------------------------------------------------
def queue_jobs(name: str, which: str = "all", run: Runner = subprocess.run) -> set[int] | None:
    """The ids of the jobs of queue ``name`` (``which``: ``all``, ``not-completed`` or
    ``completed``, as for ``lpstat -W``); None when CUPS cannot be asked."""
    result = _ask(["lpstat", "-W", which, "-o", name], run)
    if result is None or result.returncode != 0:
        if result is not None:
            log.warning("lpstat -o %s failed: %s", name, (result.stderr or "").strip())
        return None
    jobs = set()
    for line in result.stdout.splitlines():
        words = line.split()
        if words and words[0].startswith(f"{name}-"):
            number = words[0].rsplit("-", 1)[1]
            if number.isdigit():
                jobs.add(int(number))
    return jobs


def wait_for_job(
    name: str,
    job: int,
    timeout_s: float,
    run: Runner = subprocess.run,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> bool:
    """Wait until job ``job`` of queue ``name`` is no longer pending or printing; False when it
    still is after ``timeout_s`` (stuck: paper, jam or a printer that does not answer)."""
    deadline = clock() + timeout_s
    while True:
        pending = queue_jobs(name, "not-completed", run)
        if pending is not None and job not in pending:
            return True
        if clock() >= deadline:
            return False
        sleep(JOB_POLL_S)


def cancel_job(name: str, job: int, run: Runner = subprocess.run) -> bool:
    """Withdraw a job (so that no sheet comes out later for the next visitor)."""
    result = _ask(["cancel", f"{name}-{job}"], run)
    if result is None or result.returncode != 0:
        detail = "" if result is None else (result.stderr or "").strip()
        log.warning("could not cancel job %s-%d: %s", name, job, detail)
        return False
    return True


# -- what the kiosk has seen ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PrinterCondition:
    """The printer's condition as the kiosk last saw it: the problem (or none), the IPP reasons
    behind it, and since when the kiosk has seen this problem."""

    printer: str
    problem: PrinterProblem
    since: dt.datetime
    checked: dt.datetime
    reasons: tuple[str, ...] = ()
    detail: str = ""  # the printer's own message, or what happened to the last job

    @property
    def ready(self) -> bool:
        return self.problem is PrinterProblem.NONE


class PrinterHealth:
    """What the kiosk has seen of its printer, and since when; shared by the print worker
    (which writes) and the staff screens (which read), so every method holds a lock."""

    def __init__(self, clock: Callable[[], dt.datetime] = dt.datetime.now):
        self._clock = clock
        self._lock = threading.Lock()
        self._current: PrinterCondition | None = None

    def current(self) -> PrinterCondition | None:
        with self._lock:
            return self._current

    def observe(self, status: PrinterStatus) -> PrinterCondition:
        """A fresh look at the printer. A stuck or refused last job stays the news until a
        job prints or the printer reports a problem of its own."""
        problem = status.problem
        with self._lock:
            last = self._current
            if (
                problem is PrinterProblem.NONE
                and last is not None
                and last.printer == status.name
                and last.problem in (PrinterProblem.JOB_STUCK, PrinterProblem.JOB_FAILED)
            ):
                self._current = replace(last, checked=self._clock())
                return self._current
            return self._set(status.name, problem, status.problems, status.message)

    def job_printed(self, printer: str) -> PrinterCondition:
        with self._lock:
            return self._set(printer, PrinterProblem.NONE, (), "")

    def job_stuck(self, printer: str, detail: str) -> PrinterCondition:
        with self._lock:
            return self._set(printer, PrinterProblem.JOB_STUCK, (), detail)

    def job_failed(self, printer: str, detail: str) -> PrinterCondition:
        with self._lock:
            return self._set(printer, PrinterProblem.JOB_FAILED, (), detail)

    def _set(
        self, printer: str, problem: PrinterProblem, reasons: tuple[str, ...], detail: str
    ) -> PrinterCondition:
        now = self._clock()
        last = self._current
        same = last is not None and (last.printer, last.problem, last.reasons) == (
            printer,
            problem,
            reasons,
        )
        since = last.since if same else now
        if not same:
            log.info("printer %r: %s %s", printer, problem.value, ",".join(reasons))
        self._current = PrinterCondition(printer, problem, since, now, reasons, detail)
        return self._current
