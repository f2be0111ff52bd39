"""Staff only: where the kiosk's content comes from, how the last check went, a rollback.

Shown on the staff menu of a kiosk that follows the central office's releases (or that applied
one). Visitors never see it: it lives in staff mode. The panel reads the state through
:meth:`~kiosk.admin.desk.StaffDesk.content_state` in :meth:`refresh` (never in retranslate)
and rolls back through :meth:`~kiosk.admin.desk.StaffDesk.rollback_content` only after staff
confirmed on the panel itself (no pop-up window over the kiosk).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.admin import settings as settings_use_cases
from kiosk.admin.desk import ContentState, StaffDesk
from kiosk.i18n import Catalogue
from ui.localizer import Localizer
from ui.screens.base import make_label
from ui.screens.staff.common import make_button
from ui.theme import Metrics

#: Shown wherever content editing is off on a managed kiosk (the settings refuse the same).
MANAGED_NOTICE = settings_use_cases.MANAGED_NOTICE


def managed_notice(cat: Catalogue) -> str:
    return cat._(MANAGED_NOTICE)


def _when(cat: Catalogue, moment: dt.datetime) -> str:
    return cat.datetime(moment.astimezone().replace(tzinfo=None), "short")


class ContentStatusPanel(QFrame):
    """Release version and date, the last successful check, a warning, and Roll back."""

    rolled_back = Signal(str)  # what the kiosk shows now (a sentence for staff)
    failed = Signal(str)

    def __init__(self, desk: StaffDesk, localizer: Localizer, metrics: Metrics, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("content_status")
        self.setProperty("role", "section")
        self._desk = desk
        self._localizer = localizer
        self._state = ContentState(managed=False)
        m = metrics
        box = QVBoxLayout(self)
        box.setContentsMargins(m.px(20), m.px(14), m.px(20), m.px(18))
        box.setSpacing(m.gap)
        self.heading = make_label("content_status_heading", "heading", self)
        self.source = make_label("content_status_source", "", self)
        self.version = make_label("content_status_version", "", self)
        self.check = make_label("content_status_check", "", self)
        self.warning = make_label("content_status_warning", "error", self)
        self.warning.hide()
        for label in (self.heading, self.source, self.version, self.check, self.warning):
            box.addWidget(label)
        row = QHBoxLayout()
        self.rollback = make_button("content_rollback", m, self, on_click=self._ask)
        row.addWidget(self.rollback)
        row.addStretch(1)
        box.addLayout(row)
        self.question = make_label("content_rollback_question", "notice", self)
        self.question.hide()
        box.addWidget(self.question)
        confirm_row = QHBoxLayout()
        self.confirm = make_button(
            "content_rollback_confirm", m, self, primary=True, on_click=self._roll_back
        )
        self.cancel = make_button("content_rollback_cancel", m, self, on_click=self._unask)
        confirm_row.addWidget(self.cancel)
        confirm_row.addStretch(1)
        confirm_row.addWidget(self.confirm)
        box.addLayout(confirm_row)
        self.confirm.hide()
        self.cancel.hide()

    @property
    def cat(self) -> Catalogue:
        return self._localizer.catalogue

    @property
    def state(self) -> ContentState:
        return self._state

    def refresh(self) -> None:
        """Read the state again; the panel shows only where there is something to say."""
        self._state = self._desk.content_state()
        state = self._state
        self.setVisible(state.managed or state.version is not None or state.can_roll_back)
        self._unask()
        self.retranslate()

    def retranslate(self) -> None:
        cat, state = self.cat, self._state
        # TRANSLATORS: staff menu, heading of the panel about the offers' central source
        self.heading.setText(cat._("Content from the integration office"))
        self.source.setText(
            cat._("This kiosk takes its offers from the central content server.")
            if state.managed
            else cat._("This kiosk does not follow the central content server.")
        )
        if state.version is None:
            self.version.setText(cat._("Content: the kiosk's own data (no central release)."))
        else:
            self.version.setText(
                cat._(
                    "Content: release {n} of {date}.",
                    n=state.version,
                    date=_when(cat, state.published),
                )
            )
        if state.last_success is not None:
            self.check.setText(
                cat._("Last successful check: {date}.", date=_when(cat, state.last_success))
            )
        else:
            self.check.setText(cat._("No successful check yet."))
        warning = ""
        if state.expired and state.expires is not None:
            warning = cat._(
                "The signed content information expired on {date}. The kiosk keeps showing its "
                "last good content. Please tell the IT service: the content server or its "
                "signing timer may be down.",
                date=_when(cat, state.expires),
            )
        elif state.check_failed and state.last_attempt is not None:
            warning = cat._(
                "The last check failed ({date}). The kiosk keeps showing its last good content.",
                date=_when(cat, state.last_attempt),
            )
        if warning and state.check_failed and state.message:
            warning = f"{warning} {cat.isolate(state.message)}"
        self.warning.setText(f"⚠ {warning}" if warning else "")
        self.warning.setVisible(bool(warning))
        self.rollback.setText(cat._("Roll back to the previous content"))
        self.rollback.setAccessibleName(self.rollback.text())
        self.rollback.setEnabled(state.can_roll_back)
        if state.previous_version:
            question = cat._(
                "Go back to release {n}? The kiosk then refuses the current release until a "
                "newer one is published.",
                n=state.previous_version,
            )
        else:  # (no central release came before: the kiosk's content from before following)
            question = cat._(
                "Go back to the kiosk's own earlier content? The kiosk then refuses the current "
                "release until a newer one is published."
            )
        self.question.setText(question)
        self.confirm.setText(cat._("Yes, roll back"))
        self.confirm.setAccessibleName(self.confirm.text())
        self.cancel.setText(cat._("Cancel"))
        self.cancel.setAccessibleName(self.cancel.text())

    # -- rollback ----------------------------------------------------------------------------
    def _ask(self) -> None:
        if not self._state.can_roll_back:
            return
        for widget in (self.question, self.confirm, self.cancel):
            widget.show()
        self.rollback.hide()

    def _unask(self) -> None:
        for widget in (self.question, self.confirm, self.cancel):
            widget.hide()
        self.rollback.show()

    def _roll_back(self) -> None:
        from kiosk.content.release import ReleaseError

        cat = self.cat
        try:
            state = self._desk.rollback_content()
        except ReleaseError as error:
            self.refresh()
            self.failed.emit(
                cat._("The rollback was not possible: {error}", error=cat.isolate(str(error)))
            )
            return
        self.refresh()
        if state.version:
            done = cat._("Rolled back: the kiosk shows release {n} again.", n=state.version)
        else:
            done = cat._("Rolled back: the kiosk shows its own earlier content again.")
        self.rolled_back.emit(done)
