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


def test_pyside_learns_which_modules_use_it_without_keeping_their_source(tmp_path, monkeypatch):
    """PySide asks after every new import whether the module uses PySide (for its optional
    ``__feature__`` switches) and read the whole source through linecache for it; the kiosk
    answers the same from the file's bytes, and keeps nothing (ui.qt_binding)."""
    import linecache

    import ui.qt_binding
    from ui.qt_binding import lighten_feature_checks, mentions_pyside

    feature = sys.modules["shibokensupport.feature"]
    assert lighten_feature_checks()
    assert feature._mod_uses_pyside is mentions_pyside
    (tmp_path / "uses_qt_probe.py").write_text("from PySide6.QtCore import QTimer\n")
    (tmp_path / "plain_probe.py").write_text("import json\nVALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    # (an import statement: PySide's hook sits in builtins.__import__)
    uses, plain = (__import__(name) for name in ("uses_qt_probe", "plain_probe"))
    # (what PySide recorded for them: 0 = a module with PySide, -1 = ignored)
    assert feature.pyside_feature_dict["uses_qt_probe"] == 0
    assert feature.pyside_feature_dict["plain_probe"] == -1
    assert mentions_pyside(uses) and not mentions_pyside(plain)
    assert not mentions_pyside(sys) and not mentions_pyside(ui.qt_binding.ModuleType("x"))
    assert str(tmp_path / "uses_qt_probe.py") not in linecache.cache
    for name in ("uses_qt_probe", "plain_probe"):
        sys.modules.pop(name, None)


def test_the_standard_library_is_answered_without_reading_it(tmp_path, monkeypatch):
    """Modules of the standard library never use PySide: not read. Packages installed below
    it (site-packages, as in a Python without a virtual environment) still are."""
    import os
    import types

    import ui.qt_binding
    from ui.qt_binding import mentions_pyside

    monkeypatch.setattr(ui.qt_binding, "_STANDARD_LIBRARY", str(tmp_path) + os.sep)
    installed = tmp_path / "site-packages"
    installed.mkdir()
    for folder in (tmp_path, installed):
        (folder / "names_qt.py").write_text("from PySide6.QtCore import QTimer\n")
    standard, third_party = types.ModuleType("standard"), types.ModuleType("third_party")
    standard.__file__ = str(tmp_path / "names_qt.py")
    third_party.__file__ = str(installed / "names_qt.py")
    assert not mentions_pyside(standard), "in the standard library: not read"
    assert mentions_pyside(third_party)
    monkeypatch.undo()
    import json

    assert os.path.abspath(json.__file__).startswith(ui.qt_binding._STANDARD_LIBRARY)
    assert not mentions_pyside(json)


def test_without_pysides_hook_nothing_is_changed(monkeypatch):
    from ui.qt_binding import lighten_feature_checks

    feature = sys.modules["shibokensupport.feature"]
    monkeypatch.delattr(feature, "_mod_uses_pyside")
    assert not lighten_feature_checks()
    assert not hasattr(feature, "_mod_uses_pyside")
