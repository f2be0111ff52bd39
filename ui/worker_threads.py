"""Python's cyclic garbage collector kept off worker threads.

The collector runs in whichever thread happens to allocate when a threshold is passed. Run in a
worker thread, it may collect the wrappers of Qt objects that became garbage on the GUI thread,
and Qt then deletes them in the wrong thread: the test suite saw a segmentation fault in the desk
editor's Publish worker. So while any worker thread of ours runs, the automatic collector is
off (memory without cycles is still freed at once, by reference counting), and it is switched on
again, with a collection on the GUI thread, when the last one ends. Call both functions on the
GUI thread only.

:func:`start_worker` runs one function on such a thread (the kiosk's content checks and
statistics, through :class:`WorkerJob` the desk editor's jobs): its end always reaches the GUI
thread, also when whoever started it is gone or stopped meanwhile (the collector would otherwise
stay off for the rest of the process).
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal

log = logging.getLogger(__name__)

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


def start_worker(run: Callable[[], Any], deliver: Callable[[Any], None], name: str) -> None:
    """``run()`` on a new worker thread; then ``deliver(its result)`` on the GUI thread, through
    a relay that lives as long as the application, so that the end of every worker is heard
    (and the collector switched on again) even when whoever started it is gone. ``run`` catches
    what it expects; anything else is logged and ``deliver`` gets None."""
    relay = _Relay.of_application()

    def body() -> None:
        result = None
        try:
            result = run()
        except Exception:
            log.exception("worker %s failed", name)
        try:
            relay.ended.emit((deliver, result))  # (queued: the relay lives on the GUI thread)
        except RuntimeError:  # the application itself has ended
            pass

    worker_starting()
    threading.Thread(target=body, name=name, daemon=True).start()


class WorkerJob(QObject):
    """Runs one function on a worker thread; ``done`` (its result) or ``failed`` (the error's
    message) arrive on the GUI thread, unless the job's parent is gone by then."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self._running = False

    def running(self) -> bool:
        return self._running

    def start(self, work: Callable[[], Any], name: str) -> None:
        def run() -> tuple[str, object]:
            try:
                return ("done", work())
            except Exception as error:  # shown to the office as it is (never key material)
                return ("failed", _message(error))

        def deliver(outcome: tuple[str, object]) -> None:
            if shiboken6.isValid(self):  # (not when its window was closed meanwhile)
                self._running = False
                getattr(self, outcome[0]).emit(outcome[1])

        self._running = True
        start_worker(run, deliver, name)


class _Relay(QObject):
    """Lives as long as the application, on the GUI thread: hears each worker's end there."""

    ended = Signal(object)  # (deliver, result)
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
        deliver, result = outcome
        worker_ended()
        deliver(result)


def _message(error: Exception) -> str:
    text = str(error).strip()
    return text or type(error).__name__
