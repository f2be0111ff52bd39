"""Guards against a broken Qt binding: the kiosk must survive millions of Qt calls a day."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget


# From Python 3.12 on None is immortal: its count never moves, and a lost reference cannot free
# it (so the binding bug cannot abort Python there either) - this test would pass whatever the
# binding does.
@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_keep_the_reference_count_of_none(qapp):
    """PySide6 6.12.0 drops a reference to None on each void call; Python then aborts."""
    widget = QWidget()
    layout = QVBoxLayout(widget)
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(2000):
        layout.invalidate()
        widget.update()
    gc.collect()
    assert sys.getrefcount(None) >= before - 50
