"""Printer state from CUPS: parsed from lpoptions, tolerant when CUPS is not there."""

from __future__ import annotations

import subprocess

from kiosk.printer_status import PrinterState, parse_lpoptions, printer_status

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


def test_paper_out_is_a_problem_and_the_report_is_not():
    status = parse_lpoptions("kiosk", PAPER_OUT)
    assert status.state is PrinterState.STOPPED
    assert status.problems == ("media-empty-error",)
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
