"""Python's cyclic garbage collector kept off worker threads.

The collector runs in whichever thread happens to allocate when a threshold is passed. Run in a
worker thread, it may collect the wrappers of Qt objects that became garbage on the GUI thread,
and Qt then deletes them in the wrong thread: the test suite saw a segmentation fault in the desk
editor's Publish worker. So while any worker thread of ours runs, the automatic collector is
off (memory without cycles is still freed at once, by reference counting), and it is switched on
again, with a collection on the GUI thread, when the last one ends. Call both functions on the
GUI thread only.
"""

from __future__ import annotations

import gc

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
