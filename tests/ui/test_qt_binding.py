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


def test_emptying_a_layout_frees_its_items_but_keeps_the_widgets(qapp):
    """PySide hands ``QLayout.takeAt``'s item to Python without owning it, so an item that is
    only taken out is never freed: the navigation bar lost ~1 KB at every language switch.
    ``empty_layout`` deletes the items and leaves the widgets to their parent."""
    import shiboken6
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    from ui.screens.base import empty_layout

    holder = QWidget()
    row = QHBoxLayout(holder)
    buttons = [QPushButton(str(number), holder) for number in range(3)]
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    items = [row.itemAt(index) for index in range(row.count())]
    assert all(shiboken6.isValid(item) for item in items)
    empty_layout(row)
    assert row.count() == 0
    assert not any(shiboken6.isValid(item) for item in items), "the items are freed"
    assert all(shiboken6.isValid(b) and b.parent() is holder for b in buttons)
