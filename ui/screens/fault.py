"""Staff-facing screens for start-up problems: "cannot start" and "started from a backup".

Visitors may see these too, so they say plainly that staff know what to do; the technical
reason and the commands for staff follow underneath.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.i18n import Catalogue
from kiosk.runtime import Fault
from ui.screens.base import make_label
from ui.theme import Metrics
from ui.widgets.buttons import TileButton


class FaultScreen(QWidget):
    """Shown instead of the kiosk when no usable database could be opened."""

    def __init__(
        self,
        cat: Catalogue,
        metrics: Metrics,
        problem: str,
        data_path: str,
        fault: Fault = Fault.DATABASE,
    ):
        super().__init__()
        self.setObjectName("fault_screen")
        column = QVBoxLayout(self)
        margin = metrics.px(60)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(metrics.gap * 2)
        self.title = make_label("fault_title", "title", self)
        self.title.setText(cat._("This kiosk is out of order at the moment."))
        self.visitor_hint = make_label("fault_visitor_hint", "subtitle", self)
        self.visitor_hint.setText(cat._("Please ask the staff at the counter for help."))
        self.details = make_label("fault_details", "notice", self)
        self.details.setText(_staff_advice(cat, fault, problem, data_path))
        column.addStretch(1)
        for label in (self.title, self.visitor_hint, self.details):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(label)
        column.addStretch(1)


def _staff_advice(cat: Catalogue, fault: Fault, problem: str, data_path: str) -> str:
    """What is wrong and what staff (or IT) do about it; ``problem`` is the technical reason."""
    folder = cat.ltr(str(Path(data_path).parent))
    if fault is Fault.READ_ONLY:
        return cat._(
            "For staff: the kiosk cannot save its data because a file or folder is read-only. "
            "{problem} Make the folder {folder} and the files in it writable for the kiosk's "
            "user account, then restart the kiosk.",
            problem=cat.ltr(problem),
            folder=folder,
        )
    if fault is Fault.DISK_FULL:
        return cat._(
            "For staff: the kiosk cannot save its data because the disk is full. {problem} "
            "Free space on the disk that holds {folder}, then restart the kiosk.",
            problem=cat.ltr(problem),
            folder=folder,
        )
    return cat._(
        "For staff: the offers database cannot be used. {problem} Restore a backup with "
        "“kiosk-admin --db {path} restore BACKUP.db” and restart the kiosk.",
        problem=cat.ltr(problem),
        path=cat.ltr(data_path),
    )


class StartupNotice(QWidget):
    """Covers the kiosk window after a fallback to a backup until staff (or a timer) dismiss it."""

    dismissed = Signal()

    def __init__(
        self,
        cat: Catalogue,
        metrics: Metrics,
        problem: str,
        source: str,
        parent: QWidget,
        timeout_ms: int = 60_000,
    ):
        super().__init__(parent)
        self.setObjectName("startup_notice")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        column = QVBoxLayout(self)
        margin = metrics.px(60)
        column.setContentsMargins(margin, margin, margin, margin)
        column.setSpacing(metrics.gap * 2)
        self.message = make_label("startup_notice_message", "notice", self)
        self.message.setText(
            cat._(
                "For staff: the offers database could not be used ({problem}). The kiosk started "
                "with a copy from {source}. Changes made after that copy may be missing.",
                problem=cat.ltr(problem),
                source=cat.ltr(source),
            )
        )
        self.ok = TileButton("startup_notice_ok", self, primary=True)
        self.ok.set_texts(cat._("Understood"))
        self.ok.setMinimumHeight(metrics.touch_primary)
        self.ok.clicked.connect(self.dismiss)
        column.addStretch(1)
        column.addWidget(self.message)
        column.addWidget(self.ok)
        column.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        self._timer.start(timeout_ms)
        self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.dismissed.emit()
            self.deleteLater()
