"""Python's cyclic garbage collector kept off worker threads.

The collector runs in whichever thread happens to allocate when a threshold is passed. Run in a
worker thread, it may collect the wrappers of Qt objects that became garbage on the GUI thread,
and Qt then deletes them in the wrong thread: the test suite saw a segmentation fault in the desk
editor's Publish worker. So while any worker thread of ours runs, the automatic collector is
off (memory without cycles is still freed at once, by reference counting), and it is switched on
again, with a collection on the GUI thread, when the last one ends. Call both functions on the
GUI thread only.

:class:`WorkerJob` runs one function on such a thread for a window (the desk editor's jobs):
its end always reaches the GUI thread, also when the window that started it was closed
meanwhile (the collector would otherwise stay off for the rest of the process).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal

_running = 0
_was_enabled = True


def worker_starting() -> None:
    """A worker thread is about to start (GUI thread)."""
    global _running, _was_enabled
    if _running == 0:
        _was_enabled = gc.isenabled()
        gc.collect()  # what is garbage now goes here, on this thread
        gc.disable()
    _running += 1


def worker_ended() -> None:
    """A worker thread has ended, as the GUI thread heard (its result arrived)."""
    global _running
    if _running == 0:
        return
    _running -= 1
    if _running == 0 and _was_enabled:
        gc.enable()
        gc.collect()


class WorkerJob(QObject):
    """Runs one function on a worker thread; ``done`` (its result) or ``failed`` (the error's
    message) arrive on the GUI thread, unless the job's parent is gone by then."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.thread: threading.Thread | None = None

    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, work: Callable[[], Any], name: str) -> None:
        relay = _Relay.of_application()

        def run() -> None:
            try:
                outcome = ("done", work())
            except Exception as error:  # shown to the office as it is (never key material)
                outcome = ("failed", _message(error))
            relay.ended.emit((self, *outcome))  # (queued: the relay lives on the GUI thread)

        worker_starting()
        self.thread = threading.Thread(target=run, name=name, daemon=True)
        self.thread.start()


class _Relay(QObject):
    """Lives as long as the application, on the GUI thread: hears each job's end there."""

    ended = Signal(object)  # (job, "done" or "failed", value)
    _current: _Relay | None = None

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.ended.connect(self._deliver)

    @classmethod
    def of_application(cls) -> _Relay:
        if cls._current is None or not shiboken6.isValid(cls._current):
            cls._current = cls(QCoreApplication.instance())
        return cls._current

    @staticmethod
    def _deliver(outcome: tuple) -> None:
        job, signal, value = outcome
        worker_ended()
        if shiboken6.isValid(job):  # (not when its window was closed meanwhile)
            getattr(job, signal).emit(value)


def _message(error: Exception) -> str:
    text = str(error).strip()
    return text or type(error).__name__
