"""Keeping visitors inside the kiosk: no closing, no menus, no drag and drop, no shortcuts.

A watcher of the application's input (:mod:`ui.input_hub`) swallows the events a visitor
could use to leave or to poke at the system; a filter on the window refuses to close it. Only
staff mode may quit, by calling :meth:`Lockdown.allow_quit` first.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.input_hub import InputHub

log = logging.getLogger(__name__)

_SWALLOWED = {
    QEvent.Type.ContextMenu,
    QEvent.Type.DragEnter,
    QEvent.Type.DragMove,
    QEvent.Type.Drop,
    QEvent.Type.Shortcut,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.WhatsThis,
}


def _text_inputs() -> tuple[type, ...]:
    """Widgets that take typed text (looked up at the first key press, not at start-up)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

    return (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)


_ALLOWED_KEYS = {
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Space,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
}


class Lockdown(QObject):
    """Keeps visitors in while the kiosk runs: a filter on the window and, once the kiosk
    guards its input, a watcher of the application's input hub."""

    def __init__(self, window: QWidget, *, hide_cursor: bool = False, guard_input: bool = True):
        """``guard_input=False`` leaves the keys, menus and drops to :meth:`guard_input` (the
        kiosk calls it once the start screen is painted: an application-wide filter is a
        Python call for each of the ~700 events of the first frame). Closing the window is
        refused from the start either way."""
        super().__init__(window)
        self._window = window
        self._quit_allowed = False
        self._cursor_hidden = hide_cursor
        self._guarding = False
        window.installEventFilter(self)  # the window's own events only: a close request
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)
        if hide_cursor:
            app.setOverrideCursor(Qt.CursorShape.BlankCursor)
        if guard_input:
            self.guard_input()

    def guard_input(self) -> None:
        """Swallow menus, drops and shortcuts and allow only navigation keys, from now on."""
        if not self._guarding:
            self._guarding = True
            InputHub.of().watch({QEvent.Type.KeyPress, *_SWALLOWED}, self._on_input, self)

    def release(self) -> None:
        """Undo everything (when the kiosk ends, and between tests)."""
        app = QApplication.instance()
        if shiboken6.isValid(self._window):  # (the window may be gone already)
            self._window.removeEventFilter(self)
        if self._guarding:
            self._guarding = False
            InputHub.of(app).unwatch(self._on_input)
        app.setQuitOnLastWindowClosed(True)
        if self._cursor_hidden:
            app.restoreOverrideCursor()
            self._cursor_hidden = False

    def allow_quit(self) -> None:
        """Staff mode only: let the window close and the application end."""
        self._quit_allowed = True
        QApplication.instance().setQuitOnLastWindowClosed(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # (getattr: while Python shuts down, this object's attributes may already be gone)
        if (
            event.type() == QEvent.Type.Close
            and watched is getattr(self, "_window", None)
            and not self._quit_allowed
        ):
            event.ignore()
            log.info("close request ignored (lockdown)")
            return True
        return False

    def _on_input(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _SWALLOWED:
            return True
        if kind == QEvent.Type.KeyPress:
            return not self._key_allowed(event)
        return False

    @staticmethod
    def _key_allowed(event: QKeyEvent) -> bool:
        """Plain navigation keys everywhere; typing only in the text fields of staff mode."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier):
            return False
        if isinstance(QApplication.focusWidget(), _text_inputs()):
            return True  # staff typing (visitor screens have no text fields)
        plain = modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        return plain and event.key() in _ALLOWED_KEYS
