"""The printer's state for staff: ready or what is wrong (paper out, jam, offline, queue stopped,
a stuck job …), the reasons CUPS gives, and since when the kiosk has seen it.

CUPS is asked on a worker thread (:class:`~ui.printing.PrinterWatcher`) when the panel is shown,
every few seconds while it is, and on "Check now"; the panel never waits for an answer.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import N_, Catalogue
from kiosk.printer_status import PrinterCondition, PrinterProblem
from ui.printing import HandoutPrinter, PrinterWatcher
from ui.screens.base import make_label
from ui.screens.staff.common import make_button
from ui.theme import Metrics

#: While the panel is visible, CUPS is asked again this often.
REFRESH_MS = 5000

PROBLEM_TEXTS = {
    # TRANSLATORS: printer state in staff mode
    PrinterProblem.NONE: N_("Ready"),
    PrinterProblem.NO_PRINTER: N_("No printer is set (Settings → Printer)"),
    PrinterProblem.NOT_FOUND: N_("The print system does not know this printer"),
    PrinterProblem.PAPER_OUT: N_("Paper out"),
    PrinterProblem.JAM: N_("Paper jam"),
    PrinterProblem.OFFLINE: N_("Printer offline"),
    PrinterProblem.STOPPED: N_("Print queue stopped"),
    PrinterProblem.REJECTING: N_("Print queue does not accept jobs"),
    PrinterProblem.OTHER: N_("Printer needs attention"),
    PrinterProblem.JOB_STUCK: N_("The last handout did not come out in time and was withdrawn"),
    PrinterProblem.JOB_FAILED: N_("The print system did not take the last handout"),
    PrinterProblem.UNKNOWN: N_("The print system does not answer"),
}


def problem_text(cat: Catalogue, problem: PrinterProblem) -> str:
    return cat._(PROBLEM_TEXTS[problem])


class PrinterStatePanel(QFrame):
    """One framed block: heading, state, reasons, since when, and "Check now"."""

    def __init__(
        self,
        printer: HandoutPrinter | None,
        catalogue: Catalogue,
        metrics: Metrics,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("staff_printer_panel")
        self.setProperty("role", "section")
        self._cat = catalogue
        self.watcher = PrinterWatcher(printer, self)
        self.watcher.changed.connect(self._on_changed)
        box = QVBoxLayout(self)
        box.setContentsMargins(metrics.gap * 2, metrics.gap, metrics.gap * 2, metrics.gap)
        row = QHBoxLayout()
        self.heading = make_label("staff_printer_heading", "heading", self)
        row.addWidget(self.heading, 1)
        self.check_button = make_button(
            "staff_printer_check", metrics, self, on_click=self.watcher.refresh
        )
        row.addWidget(self.check_button)
        box.addLayout(row)
        self.state = make_label("staff_printer_state", "", self)
        self.reasons = make_label("staff_printer_reasons", "secondary", self)
        self.since = make_label("staff_printer_since", "secondary", self)
        for label in (self.state, self.reasons, self.since):
            box.addWidget(label)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.watcher.refresh)
        self.setVisible(self.watcher.watchable)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self._cat = catalogue
        self.retranslate()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.watcher.refresh()
        self._timer.start()

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def _on_changed(self, _condition: PrinterCondition | None) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        cat = self._cat
        condition = self.watcher.condition()
        # TRANSLATORS: heading of the printer's state on the staff dashboard
        self.heading.setText(cat._("Printer"))
        # TRANSLATORS: button on the staff dashboard: ask the print system for the state now
        self.check_button.setText(cat._("Check now"))
        self.check_button.setAccessibleName(cat._("Check the printer's state now"))
        if condition is None:
            self.state.setText(cat._("Checking…"))
            self.reasons.clear()
            self.since.clear()
            return
        state = problem_text(cat, condition.problem)
        if condition.printer:
            # TRANSLATORS: printer state in staff mode, e.g. "Paper out (queue: kiosk)"
            state = cat._("{state} (queue: {queue})", state=state, queue=condition.printer)
        self.state.setText(state)
        details = [*condition.reasons]
        if condition.detail:
            details.append(condition.detail)
        self.reasons.setText(
            # TRANSLATORS: the technical reasons the print system gives, e.g. media-empty-error
            cat._("The print system says: {reasons}", reasons=" · ".join(details))
            if details
            else ""
        )
        self.reasons.setVisible(bool(details))
        self.since.setText(
            # TRANSLATORS: since when the kiosk has seen this printer state; last look at it
            cat._(
                "Since {since} · last checked {checked}",
                since=cat.datetime(condition.since),
                checked=cat.time(condition.checked),
            )
        )
