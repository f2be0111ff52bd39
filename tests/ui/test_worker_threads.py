"""Worker jobs (the desk editor's): the result comes on the GUI thread, and the garbage
collector, off while a worker runs, is on again afterwards, also when the window that started
the job was closed meanwhile."""

from __future__ import annotations

import gc
import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread

from ui import worker_threads
from ui.worker_threads import WorkerJob


@pytest.fixture(autouse=True)
def no_other_worker_running(qtbot):
    """These tests start from no worker running (another test's worker may still be on its
    way in this process) and the collector on."""
    qtbot.waitUntil(lambda: worker_threads._running == 0, timeout=10_000)
    assert gc.isenabled()


def test_a_job_reports_its_result_on_the_gui_thread(qtbot):
    owner = QObject()
    job = WorkerJob(owner)
    results, threads = [], []
    job.done.connect(lambda value: (results.append(value), threads.append(QThread.currentThread())))
    with qtbot.waitSignal(job.done, timeout=3000):
        job.start(lambda: 6 * 7, "answer")
    assert results == [42]
    assert threads == [owner.thread()], "delivered on the GUI thread"
    assert gc.isenabled()


def test_a_failing_job_says_why(qtbot):
    owner = QObject()
    job = WorkerJob(owner)

    def broken():
        raise ValueError("the repository is not reachable")

    with qtbot.waitSignal(job.failed, timeout=3000) as failed:
        job.start(broken, "broken")
    assert failed.args == ["the repository is not reachable"]
    assert gc.isenabled()


def test_closing_the_window_during_a_job_leaves_the_collector_on_afterwards(qtbot):
    owner = QObject()
    job = WorkerJob(owner)
    release = threading.Event()
    job.start(lambda: release.wait(5), "slow")
    assert not gc.isenabled(), "off while the worker runs"
    shiboken6.delete(owner)  # (the dialog closed: its job goes with it)
    assert not shiboken6.isValid(job)
    release.set()
    qtbot.waitUntil(gc.isenabled, timeout=3000)
    assert worker_threads._running == 0
