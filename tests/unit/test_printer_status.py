"""Printer state from CUPS: parsed from lpoptions, tolerant when CUPS is not there."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from kiosk.printer_status import (
    PrinterHealth,
    PrinterProblem,
    PrinterState,
    PrinterStatus,
    cancel_job,
    parse_lpoptions,
    printer_queues,
    printer_status,
    queue_jobs,
    wait_for_job,
)

IDLE = (
    "copies=1 device-uri=usb://EPSON/TM-T88 finishings=3 job-cancel-after=10800 "
    "marker-change-time=0 printer-info='EPSON TM-T88 (Bürgerbüro)' printer-is-accepting-jobs=true "
    "printer-is-shared=false printer-make-and-model='EPSON TM BA Thermal' printer-state=3 "
    "printer-state-change-time=1764000000 printer-state-reasons=none printer-type=4180"
)
PAPER_OUT = (
    "printer-is-accepting-jobs=true printer-state=5 "
    "printer-state-reasons=media-empty-error,offline-report "
    "printer-state-message='Paper out, please load paper'"
)


def _runner(returncode: int = 0, stdout: str = "", stderr: str = "", error=None):
    calls = []

    def run(args, **kwargs):
        calls.append(args)
        if error is not None:
            raise error
        return subprocess.CompletedProcess(args, returncode, stdout, stderr)

    run.calls = calls
    return run


def test_an_idle_printer_can_print():
    status = parse_lpoptions("kiosk", IDLE)
    assert status.state is PrinterState.IDLE
    assert status.reasons == () and status.accepting_jobs is True
    assert status.can_print


def test_paper_out_is_a_problem_and_so_is_cups_offline_report():
    status = parse_lpoptions("kiosk", PAPER_OUT)
    assert status.state is PrinterState.STOPPED
    # CUPS' ipp backend says "offline-report" when it cannot reach the printer at all.
    assert status.problems == ("media-empty-error", "offline-report")
    assert status.problem is PrinterProblem.PAPER_OUT, "the more specific reason comes first"
    assert not parse_lpoptions("k", "printer-state-reasons=toner-low-report").problems
    assert status.message == "Paper out, please load paper"
    assert not status.can_print
    assert "media-empty-error" in status.describe()


def test_jam_and_offline_stop_printing_but_low_toner_does_not():
    jam = parse_lpoptions("k", "printer-state=4 printer-state-reasons=media-jam-error")
    assert jam.state is PrinterState.PRINTING and not jam.can_print
    assert not parse_lpoptions("k", "printer-state=3 printer-state-reasons=offline").can_print
    low = parse_lpoptions("k", "printer-state=3 printer-state-reasons=toner-low-warning")
    assert low.can_print


def test_status_asks_lpoptions_for_the_named_printer():
    run = _runner(stdout=IDLE)
    assert printer_status("kiosk", run=run).state is PrinterState.IDLE
    assert run.calls == [["lpoptions", "-p", "kiosk"]]


def test_without_cups_the_state_is_unknown_and_nothing_raises():
    status = printer_status("kiosk", run=_runner(error=FileNotFoundError("lpoptions")))
    assert status.state is PrinterState.UNKNOWN and status.can_print
    timeout = subprocess.TimeoutExpired(["lpoptions"], 5)
    assert printer_status("kiosk", run=_runner(error=timeout)).state is PrinterState.UNKNOWN


def test_an_unknown_printer_is_not_found():
    run = _runner(returncode=1, stderr="lpoptions: Unknown printer or class.")
    status = printer_status("nope", run=run)
    assert status.state is PrinterState.NOT_FOUND and not status.can_print
    assert printer_status("").state is PrinterState.NOT_FOUND


@pytest.mark.parametrize(
    ("attributes", "problem"),
    [
        ("printer-state=3 printer-state-reasons=none", PrinterProblem.NONE),
        ("printer-state=3 printer-state-reasons=media-empty-error", PrinterProblem.PAPER_OUT),
        ("printer-state=3 printer-state-reasons=media-needed", PrinterProblem.PAPER_OUT),
        ("printer-state=4 printer-state-reasons=media-jam-error", PrinterProblem.JAM),
        ("printer-state=3 printer-state-reasons=offline-report", PrinterProblem.OFFLINE),
        ("printer-state=5 printer-state-reasons=paused", PrinterProblem.STOPPED),
        ("printer-state=5 printer-state-reasons=none", PrinterProblem.STOPPED),
        ("printer-state=3 printer-is-accepting-jobs=false", PrinterProblem.REJECTING),
        ("printer-state=3 printer-state-reasons=door-open-error", PrinterProblem.OTHER),
        ("printer-state=3 printer-state-reasons=toner-low-warning", PrinterProblem.NONE),
    ],
)
def test_each_state_has_one_problem_for_staff(attributes, problem):
    status = parse_lpoptions("kiosk", attributes)
    assert status.problem is problem
    assert status.can_print == (problem is PrinterProblem.NONE)


def test_no_name_no_queue_and_no_answer_are_told_apart():
    assert printer_status("").problem is PrinterProblem.NO_PRINTER
    assert PrinterStatus("k", PrinterState.NOT_FOUND).problem is PrinterProblem.NOT_FOUND
    unknown = PrinterStatus("k", PrinterState.UNKNOWN)
    assert unknown.problem is PrinterProblem.UNKNOWN and unknown.can_print


class _Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 23, 9, 0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += dt.timedelta(minutes=minutes)


def test_health_remembers_since_when_the_kiosk_sees_a_state():
    clock = _Clock()
    health = PrinterHealth(clock)
    assert health.current() is None
    paper_out = parse_lpoptions("k", "printer-state=3 printer-state-reasons=media-empty-error")
    first = health.observe(paper_out)
    clock.advance(10)
    again = health.observe(paper_out)
    assert first.problem is again.problem is PrinterProblem.PAPER_OUT
    assert again.since == dt.datetime(2026, 11, 23, 9, 0), "the first sighting counts"
    assert again.checked == dt.datetime(2026, 11, 23, 9, 10)
    assert again.reasons == ("media-empty-error",)
    clock.advance(5)
    ready = health.observe(parse_lpoptions("k", "printer-state=3"))
    assert ready.ready and ready.since == dt.datetime(2026, 11, 23, 9, 15)


def test_a_stuck_job_stays_the_news_until_a_job_prints_or_the_printer_complains():
    clock = _Clock()
    health = PrinterHealth(clock)
    health.job_stuck("k", "job k-3 did not finish within 45 s; withdrawn")
    clock.advance(1)
    idle = parse_lpoptions("k", "printer-state=3")
    assert health.observe(idle).problem is PrinterProblem.JOB_STUCK
    assert health.current().since == dt.datetime(2026, 11, 23, 9, 0)
    jam = parse_lpoptions("k", "printer-state=3 printer-state-reasons=media-jam-error")
    assert health.observe(jam).problem is PrinterProblem.JAM
    health.job_stuck("k", "again")
    assert health.job_printed("k").ready


LPSTAT = (
    "kiosk-7                 root             75776   Tue Dec  1 11:58:15 2026\n"
    "kiosk-12                root             75776   Tue Dec  1 11:59:15 2026\n"
)


def test_jobs_are_read_from_lpstat_and_withdrawn_with_cancel():
    run = _runner(stdout=LPSTAT)
    assert queue_jobs("kiosk", "not-completed", run=run) == {7, 12}
    assert run.calls == [["lpstat", "-W", "not-completed", "-o", "kiosk"]]
    assert queue_jobs("kiosk", run=_runner(error=FileNotFoundError("lpstat"))) is None
    assert queue_jobs("kiosk", run=_runner(returncode=1, stderr="lpstat: boom")) is None
    cancel = _runner()
    assert cancel_job("kiosk", 12, run=cancel) and cancel.calls == [["cancel", "kiosk-12"]]
    assert not cancel_job("kiosk", 12, run=_runner(returncode=1, stderr="already completed"))


def test_waiting_for_a_job_ends_when_it_leaves_the_queue_or_at_the_timeout():
    answers = iter([LPSTAT, LPSTAT, ""])

    def run(args, **kwargs):
        return subprocess.CompletedProcess(args, 0, next(answers), "")

    ticks = iter(range(100))
    assert wait_for_job("kiosk", 12, 10, run, sleep=lambda s: None, clock=lambda: next(ticks))
    stuck = _runner(stdout=LPSTAT)
    ticks = iter(range(100))
    assert not wait_for_job("kiosk", 12, 3, stuck, sleep=lambda s: None, clock=lambda: next(ticks))
    assert len(stuck.calls) == 3, "asked until the deadline, then given up"


def test_the_queues_come_from_lpstat_and_a_silent_cups_gives_none():
    run = _runner(stdout="kiosk-receipt\nkiosk\n\n")
    assert printer_queues(run=run) == ["kiosk", "kiosk-receipt"]
    assert run.calls == [["lpstat", "-e"]]
    assert printer_queues(run=_runner(returncode=1, stderr="lpstat: No destinations added.")) == []
    assert printer_queues(run=_runner(error=FileNotFoundError("lpstat"))) is None
    hung = subprocess.TimeoutExpired(["lpstat"], 5)
    assert printer_queues(run=_runner(error=hung)) is None
