"""One application-wide event filter for every part of the kiosk that watches input.

Qt calls an application's event filters for every event of every object: each paint, layout
request, show, language change, hundreds of them per tap. A filter written in Python costs a
trip into Python each time (wrappers for the event and its receiver, the event's type as an
enum). The idle timer, flick scrolling, the lockdown, staff mode and the display panel each
care about a handful of event types, and with one filter each the kiosk paid for the trip four
or five times per event — about half of a tap's time on the 2-core kiosk.

The hub is that one filter. A watcher is a callable ``(receiver, event) -> bool`` registered
for the event types it needs; it is called only for those. As with Qt's own filters, the watcher
added last is asked first, and one that returns True takes the event: no later watcher and no
widget sees it. A watcher belongs to an owner QObject and goes when the owner is destroyed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from shiboken6 import isValid

Watcher = Callable[[QObject, QEvent], bool]

_NAME = "input_hub"


class InputHub(QObject):
    """The application's one event filter; get it with :meth:`of`."""

    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.setObjectName(_NAME)
        self._by_kind: dict[QEvent.Type, tuple[Watcher, ...]] = {}
        app.installEventFilter(self)

    @classmethod
    def of(cls, app: QCoreApplication | None = None) -> InputHub:
        """The hub of ``app`` (the running application), made at the first call."""
        app = app or QCoreApplication.instance()
        hub = app.findChild(InputHub, _NAME, Qt.FindChildOption.FindDirectChildrenOnly)
        return hub if hub is not None else cls(app)

    def watch(self, kinds: Iterable[QEvent.Type], watcher: Watcher, owner: QObject) -> None:
        """Call ``watcher`` for events of ``kinds`` until :meth:`unwatch` or ``owner`` goes."""
        for kind in kinds:
            current = self._by_kind.get(kind, ())
            if watcher not in current:
                self._by_kind[kind] = (watcher, *current)

        def gone(*_args) -> None:
            if isValid(self):  # (at the end the application may have taken the hub first)
                self.unwatch(watcher)

        owner.destroyed.connect(gone)

    def unwatch(self, watcher: Watcher) -> None:
        for kind, current in list(self._by_kind.items()):
            rest = tuple(w for w in current if w != watcher)
            if rest:
                self._by_kind[kind] = rest
            else:
                del self._by_kind[kind]

    def watching(self, kind: QEvent.Type) -> int:
        """How many watchers want events of ``kind`` (for tests)."""
        return len(self._by_kind.get(kind, ()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        watchers = self._by_kind.get(event.type())
        if watchers is None:
            return False
        for watcher in watchers:
            if watcher(watched, event):
                return True
        return False
