"""The kiosk's ties to the centre while it runs: content checks and statistics, off the screen.

Where the content comes from and where the statistics go is stored in the kiosk's database at
enrolment (``kiosk-admin content enrol --url URL --root ROOT.json`` keeps the trusted root in
the follower's folder ``content/`` beside the database; ``kiosk-admin fleet configure``), and
read again for every job, so a change takes effect without a restart.

:class:`CentralSync` asks the content server every ~15 minutes and sends the statistics and
the heartbeat every ~hour (each wait with jitter), always off the screen's thread: the network
can take seconds or hang until its timeout, and the screen never waits for it. A content check
runs in a process of its own (``kiosk-admin content follow --once``: checking a release is
mostly pure Python, which in a thread would hold the interpreter lock against the screen); the
statistics go from a worker thread with its own database connection. One job of each kind runs
at a time; a job still running when the next is due is simply not doubled.

A new release is put into the database only while the start screen shows and staff mode is
closed: when a check finds one during a visitor's session it is only fetched and checked, and
applied at the next start screen. The visitor screens show it once they are read again, which
:class:`~ui.maintenance.OutsideChanges` does at the start screen too, so nobody sees offers
change under their finger.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from ui.worker_threads import start_worker

log = logging.getLogger(__name__)

#: How often a kiosk asks the content server, seconds (each wait varies by ±JITTER, so ten
#: offices that started together do not ask at the same moment).
CONTENT_CHECK_S = 15 * 60
#: How often a kiosk sends its statistics and heartbeat, seconds (also ±JITTER).
FLEET_SEND_S = 60 * 60
JITTER = 0.2
#: The first check and send after the start (a kiosk restarted at night is not silent long).
FIRST_CHECK_S = 60


def jittered_ms(seconds: float, rng: random.Random) -> int:
    """``seconds`` ± :data:`JITTER`, in milliseconds."""
    return int(1000 * seconds * rng.uniform(1 - JITTER, 1 + JITTER))


#: The longest a check may take in all (the follower's own limits end it long before).
CHECK_DEADLINE_S = 600


@dataclass(frozen=True)
class FollowOutcome:
    """How one check ended: ``applied``, ``current``, ``available`` or ``refused``."""

    status: str
    reason: str = ""


def run_follow(
    database: Path,
    url: str,
    root: Path,
    state_dir: Path,
    *,
    apply: bool,
    started: Callable[[subprocess.Popen | None], None] = lambda _process: None,
) -> FollowOutcome:
    """One check (and with ``apply`` the new release applied) in a process of its own:
    ``kiosk-admin content follow --once``, the same code as on the command line. Checking a
    release is pure Python for a good part of a second; in a thread of the kiosk it would
    hold the interpreter lock against the screen. ``started`` hears of the process (and of
    its end, with None) so that the kiosk can stop it when it ends itself."""
    command = [
        sys.executable,
        "-m",
        "kiosk.cli",
        "--db",
        str(database),
        "content",
        "follow",
        "--url",
        url,
        "--root",
        str(root),
        "--state",
        str(state_dir),
        "--once",
    ]
    if not apply:
        command.append("--check-only")
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL
    )
    started(process)
    try:
        out, err = process.communicate(timeout=CHECK_DEADLINE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return FollowOutcome("refused", "the check did not end in time; it was stopped")
    finally:
        started(None)
    if process.returncode == 0:
        if out.startswith("Applied"):
            return FollowOutcome("applied")
        if "is available" in out:
            return FollowOutcome("available")
        return FollowOutcome("current")
    lines = [line for line in err.splitlines() if line.strip()]
    reason = lines[-1].removeprefix("kiosk-admin: ").removeprefix("refused: ") if lines else ""
    return FollowOutcome("refused", reason or f"the check ended with code {process.returncode}")


def follower_dir(database: Path) -> Path:
    """The content follower's folder of a kiosk: ``content/`` beside its database (as for
    ``kiosk-admin content follow``)."""
    return Path(database).resolve().parent / "content"


def trusted_root(state_dir: Path) -> Path:
    """The root.json the kiosk was enrolled with (newer roots chain from it)."""
    from kiosk.content.follow import TRUSTED_ROOT

    return Path(state_dir) / TRUSTED_ROOT


class CentralSync(QObject):
    """Runs the content follower and the statistics sender of one kiosk in worker threads."""

    #: A content check ended: (status, reason) — see :mod:`kiosk.content.follow`.
    content_checked = Signal(str, str)
    #: A statistics send ended: (ok, problem).
    fleet_sent = Signal(bool, str)

    def __init__(
        self,
        database: Path,
        window,
        printer_state: Callable[[], str],
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        rng: random.Random | None = None,
        first_s: float = FIRST_CHECK_S,
    ):
        """``database`` is the kiosk's database file (each job opens its own connection);
        ``window`` the kiosk's navigator (which screen shows, staff mode, the reset);
        ``printer_state`` says the printer's condition for the heartbeat (GUI thread)."""
        super().__init__(window)
        self._database = Path(database)
        self._window = window
        self._state_dir = follower_dir(database)
        self._printer_state = printer_state
        self._clock = clock
        self._rng = rng or random.Random()
        self._busy: set[str] = set()
        self._process: subprocess.Popen | None = None  # a content check under way
        self._apply_waiting = False
        self._stopped = False
        self._content_timer = self._timer(self.check_content)
        self._fleet_timer = self._timer(self.send_statistics)
        window.session_reset.connect(self._at_start_screen)
        self._content_timer.start(jittered_ms(first_s, self._rng))
        self._fleet_timer.start(jittered_ms(first_s, self._rng))

    def _timer(self, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    # -- what runs ------------------------------------------------------------------------
    def busy(self) -> bool:
        return bool(self._busy)

    def _quiet(self) -> bool:
        """Nobody at the kiosk: the start screen shows and staff mode is closed."""
        window = self._window
        staff = window.staff_mode
        return window.current_screen() == "attract" and not (staff and staff.is_open())

    def check_content(self) -> None:
        """Ask the content server now (applying a new release only if nobody is at the
        kiosk); the next check follows in ~15 minutes. A kiosk that follows no content
        server (not enrolled) does nothing."""
        if self._stopped:
            return
        self._content_timer.start(jittered_ms(CONTENT_CHECK_S, self._rng))
        apply = self._quiet()
        self._start("content", lambda: self._follow(apply=apply))

    def send_statistics(self) -> None:
        """Send the statistics not yet confirmed and the heartbeat; the next in ~an hour.
        A kiosk that is configured to send nothing does nothing."""
        if self._stopped:
            return
        self._fleet_timer.start(jittered_ms(FLEET_SEND_S, self._rng))
        printer = self._printer_state()  # read here, on the GUI thread

        def send():
            from kiosk.fleet.upload import configured, send_pending

            with self._connection() as conn:
                fleet = configured(conn)
                if fleet is None:
                    return None
                return send_pending(conn, fleet, now=self._clock(), printer_state=printer)

        self._start("fleet", send)

    def _at_start_screen(self) -> None:
        if self._apply_waiting and self._quiet():
            self._start("content", lambda: self._follow(apply=True))

    def _follow(self, *, apply: bool) -> FollowOutcome | None:
        from kiosk.content.store import managed_url

        with self._connection() as conn:
            url = managed_url(conn)
        root = trusted_root(self._state_dir)
        if url is None or not root.is_file():
            return None  # a kiosk on its own
        return run_follow(
            self._database, url, root, self._state_dir, apply=apply, started=self._child
        )

    def _connection(self) -> contextlib.closing[sqlite3.Connection]:
        """The worker's own connection (sqlite3 connections stay in their thread)."""
        from kiosk.db.connection import connect

        return contextlib.closing(connect(self._database))

    def _start(self, kind: str, job: Callable[[], object]) -> None:
        if kind in self._busy:
            log.info("%s: the last one is still running; not starting another", kind)
            return
        self._busy.add(kind)

        def run() -> object:
            try:
                return job()
            except Exception as error:  # a fault in the job must not end the worker silently
                log.exception("%s job failed", kind)
                return error

        def deliver(result: object) -> None:
            if not self._stopped and shiboken6.isValid(self):
                self._on_finished(kind, result)

        start_worker(run, deliver, f"central-{kind}")

    def _on_finished(self, kind: str, result: object) -> None:
        self._busy.discard(kind)
        if kind == "content":
            self._content_done(result)
        else:
            self._fleet_done(result)

    def _content_done(self, result: object) -> None:
        if result is None:
            return  # not enrolled
        if isinstance(result, Exception):
            status, reason = "refused", f"the check failed: {result}"
        else:
            status, reason = result.status, result.reason
        log.info("content check: %s%s", status, f" ({reason})" if reason else "")
        self._apply_waiting = status == "available"
        if self._apply_waiting:
            self._at_start_screen()  # nobody there any more: at once
        self.content_checked.emit(status, reason)

    def _fleet_done(self, result: object) -> None:
        if result is None:
            return  # sends nothing
        if isinstance(result, Exception):
            ok, problem = False, f"the send failed: {result}"
        else:
            ok, problem = result.ok, result.problem or ""
        if ok:
            log.info("statistics sent")
        else:
            log.warning("statistics not sent: %s", problem)
        self.fleet_sent.emit(ok, problem)

    def _child(self, process: subprocess.Popen | None) -> None:
        self._process = process

    def shutdown(self) -> None:
        """The kiosk ends: no new jobs; a content check under way is stopped, a statistics
        send ends on its own (its thread is a daemon, and every request has a timeout)."""
        self._stopped = True
        self._content_timer.stop()
        self._fleet_timer.stop()
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
