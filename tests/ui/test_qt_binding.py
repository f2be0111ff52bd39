"""Guards against a broken Qt binding: the kiosk must survive millions of Qt calls a day."""

from __future__ import annotations

import gc
import sys

from PySide6.QtWidgets import QVBoxLayout, QWidget


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
