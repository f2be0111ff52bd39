"""Everything about one offer, in the visitor's language first, and how to take it away.

Top down: the summary in the visitor's language as the headline, the German official name below
it (what the door sign says), the kind of offer as a pictogram with its name, whether it is open
now (pictogram + words), and — when the information is old — a note saying so and what to do.
Then the essentials, where / when / how to reach (two columns where the screen is wide enough),
so they are on screen without scrolling at 1920×1080 and 1080×1920; then the rest: what they do,
for whom, languages, good to know, and when the information was last checked.

The hand-over (QR codes, print button) and the one-tap "Did this help?" stand beside the text in
landscape and right after the essentials in portrait. The whole screen is **one** scroll area:
no box scrolls inside another, and a flick moves everything.

Printing goes to the :class:`~ui.printing.HandoutPrinter` passed in by the composition root, on
a worker thread; a visitor never sees a print dialog. Without a printer, or when printing fails,
the screen says so and points to the QR codes, which stay on screen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.hours import opening_status
from kiosk.domain.models import DayStatus, Offer
from kiosk.domain.texts import text_for
from kiosk.handout import build_handout, qr_caption
from kiosk.labels import address_lines, checked_line, contact_lines, outdated_note
from kiosk.qr import ErrorCorrection, OfferCodes, offer_codes, qr_matrix
from kiosk.visitor import KioskSettings, VisitorCatalogue
from ui.presenting import present, weekly_hours_lines
from ui.printing import BackgroundPrint, HandoutPrinter, paper_format
from ui.screens.base import Screen, discard, empty_layout, make_label, make_scroll_area
from ui.spoken import sentences
from ui.widgets.offer_marks import KindIcon, OpenStateMark
from ui.widgets.qr_view import MIN_MODULE_PX, QrWidget

log = logging.getLogger(__name__)

#: Pictogram on the print button (Noto Sans Symbols 2 has it).
PRINTER_SYMBOL = "\U0001f5a8"
#: The QR codes on screen are at least this wide (the contact card usually needs more).
QR_TARGET_MM = 40
#: The hand-over panel stands beside the text only if the text keeps at least this much width.
BESIDE_TEXT_MM = 130
#: In landscape, the essentials (where | when | how to reach) stand in three (or two) columns
#: if each keeps this much width (in portrait one below the other: there is height enough).
ESSENTIAL_COLUMN_MM = 110
#: Pictograms on the "Did this help?" buttons (Noto Sans Symbols 2): a tick and a cross —
#: not thumbs, which are a rude gesture in parts of the Middle East and Afghanistan.
YES_SYMBOL = "\u2714"
NO_SYMBOL = "\u2718"


class PrintState(Enum):
    """Where the visitor's print request stands."""

    IDLE = "idle"
    PRINTING = "printing"  # sent; "please take your sheet" until the notice time is over
    FAILED = "failed"  # no printer or the job failed: use the QR codes


class _Section(QFrame):
    """A framed block with a heading and lines of text."""

    def __init__(self, name: str, parent: QWidget):
        super().__init__(parent)
        self.setObjectName(f"detail_{name}")
        self.setProperty("role", "section")
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(20, 14, 20, 14)
        self._box.setSpacing(6)
        self._name = name
        self.heading = make_label(f"detail_{name}_heading", "heading", self)
        self._box.addWidget(self.heading)
        self._box.addStretch(1)  # a section taller than its text keeps the text at the top
        self.lines: list[QLabel] = []

    def add_layout(self, layout) -> None:
        """More content below the lines (the weekly hours)."""
        self._box.insertLayout(self._box.count() - 1, layout)

    def set_content(self, heading: str, lines: list[str]) -> None:
        """One label per line, so each paragraph keeps its own reading direction."""
        lines = [line for line in lines if line]
        self.heading.setText(heading)
        while len(self.lines) < len(lines):
            label = make_label(f"detail_{self._name}_line{len(self.lines)}", "", self)
            self._box.insertWidget(len(self.lines) + 1, label)
            self.lines.append(label)
        for index, label in enumerate(self.lines):
            label.setText(lines[index] if index < len(lines) else "")
            label.setVisible(index < len(lines))
        self.setVisible(bool(lines))

    def text(self) -> str:
        return "\n".join(label.text() for label in self.lines if label.isVisibleTo(self))


class DetailScreen(Screen):
    """The full description of the chosen offer in the visitor's language, with its essentials
    on screen at once, a note when the information is old, the QR codes, the print button and
    a one-tap "Did this help?"."""

    screen_name = "detail"
    #: A handout of this offer came out of the printer while the visitor was still here.
    printed = Signal(str)
    #: A visitor asked for a handout of this offer and none came out (no printer, paper out,
    #: a stuck job …); the screen has pointed them to the QR codes.
    print_failed = Signal(str)
    #: The visitor answered "Did this help?" for the offer on view: (offer id, helped). Nothing
    #: else is known or kept about them; asked once per look at an offer.
    feedback_given = Signal(str, bool)

    def __init__(
        self,
        data: VisitorCatalogue,
        clock: Callable[[], dt.datetime],
        *args,
        printer: HandoutPrinter | None = None,
        settings: KioskSettings | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._data = data
        self._clock = clock
        self._printer = printer
        self._settings = settings or KioskSettings()
        self._offer: Offer | None = None
        self._codes = OfferCodes(None, None)
        self._landscape: bool | None = None
        self._columns: int | None = None
        gap = self._metrics.gap

        content = QWidget()
        content.setObjectName("detail_content")
        self.content = content
        page = QVBoxLayout(content)
        page.setSpacing(gap * 2)
        page.setContentsMargins(0, 0, gap, 0)
        # The headline scrolls with the rest: the whole screen is one scroll area.
        self._layout.removeWidget(self.title)
        self.title.setParent(content)
        header = QVBoxLayout()
        header.setSpacing(gap // 2)
        header.addWidget(self.title)
        self.official_name = make_label("detail_official_name", "", content)
        header.addWidget(self.official_name)
        # The kind of offer and whether it is open: side by side in landscape.
        self._marks = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._marks.setSpacing(gap * 3)
        kind_row = QHBoxLayout()
        kind_row.setSpacing(gap)
        self.kind_icon = KindIcon(self._metrics.tool_icon, content, "detail_kind_icon")
        kind_row.addWidget(self.kind_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        self.kind = make_label("detail_kind", "subtitle", content)
        kind_row.addWidget(self.kind, 1)
        self._marks.addLayout(kind_row, 1)
        self.open_state = OpenStateMark(content, "detail_open_state")
        self._marks.addWidget(self.open_state, 1)
        header.addLayout(self._marks)
        self.outdated = make_label("detail_outdated", "notice", content)
        header.addWidget(self.outdated)
        self.fallback = make_label("detail_fallback", "notice", content)
        header.addWidget(self.fallback)
        page.addLayout(header)

        self.sections: dict[str, _Section] = {}
        for name in ("where", "hours", "contact", "about", "audience", "languages", "more"):
            self.sections[name] = _Section(name, content)
        # Reading order (and read-aloud order): the essentials first.
        self.essentials = QWidget(content)
        self.essentials.setObjectName("detail_essentials")
        self._essentials_grid = QGridLayout(self.essentials)
        self._essentials_grid.setContentsMargins(0, 0, 0, 0)
        self._essentials_grid.setSpacing(gap * 2)
        self._hours_grid = QGridLayout()
        self._hours_grid.setHorizontalSpacing(gap * 3)
        self._hours_grid.setVerticalSpacing(2)
        self._hours_grid.setColumnStretch(1, 1)
        self.sections["hours"].add_layout(self._hours_grid)
        self._hour_labels: list[QLabel] = []
        self._hours_note: list[QLabel] = []
        self.checked = make_label("detail_checked", "secondary", content)

        self._build_handover(content)
        self._build_feedback(content)
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(gap * 2)
        self._main = QVBoxLayout()
        self._main.setSpacing(gap * 2)
        self._side = QVBoxLayout()
        self._side.setSpacing(gap * 2)
        self._body.addLayout(self._main, 1)
        self._body.addLayout(self._side, 0)
        page.addLayout(self._body)
        page.addStretch(1)
        self._arrange(landscape=True, columns=3)

        self.scroll = make_scroll_area("detail_scroll", content, self)
        self._layout.addWidget(self.scroll, 1)

        self._print_state = PrintState.IDLE
        self._print_job = 0
        self._job_offers: dict[int, str] = {}  # print job → offer, until it has finished
        self._runner = BackgroundPrint(self)
        self._runner.finished.connect(self._on_print_finished)
        self._notice = QTimer(self)
        self._notice.setSingleShot(True)
        self._notice.timeout.connect(self._on_notice_over)
        self._feedback_answer: bool | None = None

    def _build_handover(self, parent: QWidget) -> None:
        """The panel with the QR codes, the print state and the print button."""
        self.handover = QFrame(parent)
        self.handover.setObjectName("detail_handover")
        self.handover.setProperty("role", "section")
        panel = QVBoxLayout(self.handover)
        gap = self._metrics.gap
        panel.setContentsMargins(gap * 2, gap, gap * 2, gap * 2)
        panel.setSpacing(gap)
        self.handover_heading = make_label("detail_handover_heading", "heading", self.handover)
        panel.addWidget(self.handover_heading)
        # Side by side below the text (portrait); one above the other beside it (landscape),
        # so the text keeps the width for its essentials.
        codes = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._codes_row = codes
        codes.setSpacing(gap * 2)
        codes.addStretch(1)
        # The first code reaches the office (contact card, else the website), the second is
        # the map; object names stay as they were for the tests and the tour.
        self.qr_contact = QrWidget("detail_qr_contact", self.handover)
        self.qr_map = QrWidget("detail_qr_map", self.handover)
        for widget in (self.qr_contact, self.qr_map):
            codes.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        codes.addStretch(1)
        panel.addLayout(codes)
        self.print_status = make_label("detail_print_status", "notice", self.handover)
        self.print_status.hide()
        panel.addWidget(self.print_status)
        self.print_button = QPushButton(self.handover)
        self.print_button.setObjectName("detail_print")
        self.print_button.setProperty("primary", True)
        self.print_button.setMinimumHeight(self._metrics.touch_primary)
        self.print_button.clicked.connect(self._on_print_clicked)
        panel.addWidget(self.print_button)

    def _build_feedback(self, parent: QWidget) -> None:
        """ "Did this help?" with a yes and a no button; a thank-you once answered."""
        self.feedback = QFrame(parent)
        self.feedback.setObjectName("detail_feedback")
        self.feedback.setProperty("role", "section")
        gap = self._metrics.gap
        box = QVBoxLayout(self.feedback)
        box.setContentsMargins(gap * 2, gap, gap * 2, gap * 2)
        box.setSpacing(gap)
        self.feedback_question = make_label("detail_feedback_question", "", self.feedback)
        box.addWidget(self.feedback_question)
        # Side by side below the text; one above the other in the narrow column beside it.
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._answers = row
        row.setSpacing(gap * 2)
        self.feedback_yes = QPushButton(self.feedback)
        self.feedback_yes.setObjectName("detail_feedback_yes")
        self.feedback_no = QPushButton(self.feedback)
        self.feedback_no.setObjectName("detail_feedback_no")
        for button, helped in ((self.feedback_yes, True), (self.feedback_no, False)):
            # Big answer targets: the style sheet's minimum for buttons is the smaller touch_min.
            button.setStyleSheet(f"min-height: {self._metrics.touch_primary}px;")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, helped=helped: self._on_feedback(helped))
            row.addWidget(button, 1)
        box.addLayout(row)
        self.feedback_thanks = make_label("detail_feedback_thanks", "", self.feedback)
        self.feedback_thanks.hide()
        box.addWidget(self.feedback_thanks)

    # -- showing an offer -----------------------------------------------------------------
    def show_offer(self, offer_id: str) -> bool:
        self._offer = self._data.offer(offer_id)
        self._codes = offer_codes(self._offer) if self._offer else OfferCodes(None, None)
        self._set_print_state(PrintState.IDLE)
        self._feedback_answer = None  # a new look at an offer: asked again
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()
        self._stale = False
        return self._offer is not None

    def offer(self) -> Offer | None:
        return self._offer

    def codes(self) -> OfferCodes:
        """The payloads of the QR codes on screen."""
        return self._codes

    def retranslate(self) -> None:
        offer = self._offer
        if offer is None:
            self.title.clear()
            self.content.hide()
            return
        self.content.show()
        cat = self.cat
        now = self._clock()
        view = present(cat, offer, now)
        # The visitor's language first: the summary is the headline; the German name (as on
        # the door) below it. Without a summary in any language, the name is the headline.
        self.title.setText(view.summary or view.name)
        # TRANSLATORS: detail screen, below the headline: the offer's official German name,
        # as written on the sign at the office's door
        self.official_name.setText(cat._("Name on the door: {name}", name=view.name))
        self.official_name.setVisible(bool(view.summary))
        provider = cat.isolate(offer.provider) if cat.is_rtl else offer.provider
        same = offer.provider == offer.name or not offer.provider
        self.kind.setText(view.kind if same else f"{view.kind} – {provider}")
        self.kind_icon.set_kind(offer.kind)
        self.kind_icon.setAccessibleName(view.kind)
        self.open_state.set_state(opening_status(offer, now).state, view.opening)
        note = outdated_note(cat, offer, now.date(), self._settings.verify_after_months)
        self.outdated.setText(note)
        self.outdated.setVisible(bool(note))
        self.fallback.setText(view.fallback_note)
        self.fallback.setVisible(bool(view.fallback_note))
        self.sections["where"].set_content(cat._("Where"), address_lines(cat, offer.address))
        rows = weekly_hours_lines(cat, offer)
        hours = [view.access]  # (hours unknown: the open-state mark above says so)
        self.sections["hours"].set_content(cat._("Opening hours"), hours)
        self._fill_hours(*self._hours_rows(cat, offer, rows))
        self.sections["contact"].set_content(cat._("Contact"), contact_lines(cat, offer.contact))
        about = [view.description] if view.summary else [view.summary, view.description]
        self.sections["about"].set_content(cat._("What they do"), about)
        self.sections["audience"].set_content(cat._("For whom"), [view.audience, view.ages])
        self.sections["languages"].set_content(cat._("Languages"), [view.languages])
        self.sections["more"].set_content(cat._("Good to know"), [offer.accessibility])
        self.checked.setText(checked_line(cat, offer))
        self._retranslate_handover()
        self._retranslate_feedback()
        if self.isVisible():  # (hidden, the screen has no size yet: showEvent arranges)
            self._arrange_for(self.size())

    def _qr_target_px(self) -> int:
        sizes = [
            qr_matrix(code.payload, ErrorCorrection.SCREEN).size_with_quiet_zone
            for code in self._codes.shown
        ]
        smallest = MIN_MODULE_PX * max(sizes, default=0)
        return max(self._metrics.mm(QR_TARGET_MM), smallest)

    def _retranslate_handover(self) -> None:
        cat = self.cat
        target = self._qr_target_px()
        for widget, code in ((self.qr_contact, self._codes.reach), (self.qr_map, self._codes.map)):
            if code is None:
                widget.set_code(None, None, "", target)
                continue
            matrix = qr_matrix(code.payload, ErrorCorrection.SCREEN)
            widget.set_code(code.payload, matrix, qr_caption(cat, code.kind), target, code.kind)
        # TRANSLATORS: heading above the QR codes and the print button on the offer screen
        self.handover_heading.setText(cat._("Take it with you"))
        # TRANSLATORS: button on the offer screen: prints the details on paper at the kiosk
        self.print_button.setText(f"{PRINTER_SYMBOL}  " + cat._("Print"))
        self.print_button.setAccessibleName(cat._("Print these details on paper"))
        self._show_print_state()

    def _retranslate_feedback(self) -> None:
        cat = self.cat
        # TRANSLATORS: detail screen: one anonymous question with a yes and a no button
        self.feedback_question.setText(cat._("Did this help you?"))
        # TRANSLATORS: answer button to "Did this help you?"
        self.feedback_yes.setText(f"{YES_SYMBOL}  " + cat._("Yes"))
        # TRANSLATORS: answer button to "Did this help you?"
        self.feedback_no.setText(f"{NO_SYMBOL}  " + cat._("No"))
        # TRANSLATORS: what a screen reader says for the "Yes" button under "Did this help you?"
        self.feedback_yes.setAccessibleName(cat._("Yes, this helped me"))
        # TRANSLATORS: what a screen reader says for the "No" button under "Did this help you?"
        self.feedback_no.setAccessibleName(cat._("No, this did not help me"))
        # TRANSLATORS: shown after the visitor answered "Did this help you?"; nothing about
        # them is stored, only the count of answers
        self.feedback_thanks.setText(cat._("Thank you for your answer!"))
        self._show_feedback_state()

    # -- "Did this help?" -------------------------------------------------------------------
    def feedback_answer(self) -> bool | None:
        """The answer given for the offer on view (None: not asked yet)."""
        return self._feedback_answer

    def _on_feedback(self, helped: bool) -> None:
        offer = self._offer
        if offer is None or self._feedback_answer is not None:
            return  # one answer per look at an offer
        self._feedback_answer = helped
        self._show_feedback_state()
        self.feedback_given.emit(offer.id, helped)

    def _show_feedback_state(self) -> None:
        answered = self._feedback_answer is not None
        self.feedback_question.setVisible(not answered)
        self.feedback_yes.setVisible(not answered)
        self.feedback_no.setVisible(not answered)
        self.feedback_thanks.setVisible(answered)

    # -- printing --------------------------------------------------------------------------
    def apply_settings(self, settings: KioskSettings) -> None:
        """Staff saved new settings: location on handouts, printer queue and paper."""
        self._settings = settings
        if self._printer is not None:
            self._printer.configure(settings.printer, paper_format(settings.printer_paper))

    def has_codes(self) -> bool:
        """Whether a QR code is on screen for the current offer."""
        return bool(self._codes.shown)

    def _on_print_clicked(self) -> None:
        offer = self._offer
        if offer is None or self._print_state is PrintState.PRINTING:
            return
        if self._printer is None or not self._printer.is_configured:
            log.info("print requested for %s, but no printer is configured", offer.id)
            self._set_print_state(PrintState.FAILED)
            self.print_failed.emit(offer.id)
            return
        handout = build_handout(
            offer,
            self.cat.code,
            self._clock().date(),
            self._settings.location,
            verify_after_months=self._settings.verify_after_months,
            language_names={lang.code: lang.endonym for lang in self._data.languages()},
        )
        self._set_print_state(PrintState.PRINTING)
        self._print_job = self._runner.start(self._printer, handout)
        self._job_offers[self._print_job] = offer.id
        log.info("printing handout %s in %s (job %d)", offer.id, self.cat.code, self._print_job)

    def _on_print_finished(self, job: int, ok: bool, detail: str) -> None:
        if ok:
            log.info("print job %d done: %s", job, detail)
        else:
            log.warning("print job %d failed: %s", job, detail)
        offer_id = self._job_offers.pop(job, "")
        if not ok and offer_id:
            self.print_failed.emit(offer_id)  # counted even when the visitor has moved on
        if job != self._print_job or self._print_state is not PrintState.PRINTING:
            return  # the visitor has moved on
        if ok:
            self._notice.start(self._settings.print_notice_ms)
            if self._offer is not None:
                self.printed.emit(self._offer.id)
        else:
            self._set_print_state(PrintState.FAILED)

    def _on_notice_over(self) -> None:
        if self._print_state is PrintState.PRINTING and not self._runner.busy:
            self._set_print_state(PrintState.IDLE)

    def _set_print_state(self, state: PrintState) -> None:
        if state is not PrintState.PRINTING:
            self._notice.stop()
        if state is PrintState.IDLE:
            self._print_job += 1  # a job still running belongs to nobody now
        self._print_state = state
        self._show_print_state()

    def _show_print_state(self) -> None:
        cat = self.cat
        state = self._print_state
        if state is PrintState.PRINTING:
            # TRANSLATORS: shown while the kiosk prints the handout
            text = cat._("Printing… please take your sheet.")
        elif state is PrintState.FAILED:
            # TRANSLATORS: shown when the kiosk has no printer or printing failed
            text = cat._("Printing is not possible right now. Please scan the QR code.")
        else:
            text = ""
        self.print_status.setText(text)
        self.print_status.setVisible(bool(text))
        self.print_button.setEnabled(state is not PrintState.PRINTING)

    # -- layout ----------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange_for(event.size())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._arrange_for(self.size())  # the texts were filled while the screen was hidden

    def is_landscape(self) -> bool:
        """Whether the hand-over stands beside the text (else after the essentials)."""
        return bool(self._landscape)

    def _arrange_for(self, size: QSize) -> None:
        # Beside the text only where the text keeps a readable column (a portrait screen in
        # low-reach mode is wider than the room left, but still narrow).
        # (The codes stand one above the other beside the text: the panel is as wide as the
        # wider code.)
        codes = max(self.qr_contact.sizeHint().width(), self.qr_map.sizeHint().width())
        margins = self.handover.layout().contentsMargins()
        side = max(
            codes + margins.left() + margins.right(),
            self.handover_heading.minimumSizeHint().width(),
            self.feedback.minimumSizeHint().width(),
        )
        wide = size.width() >= side + self._metrics.mm(BESIDE_TEXT_MM)
        landscape = size.width() >= size.height() and wide
        page = self._layout.contentsMargins()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        main = size.width() - page.left() - page.right() - bar - self._metrics.gap
        if landscape:
            main -= side + self._body.spacing()
        column = self._metrics.mm(ESSENTIAL_COLUMN_MM)
        spacing = self._essentials_grid.spacing()
        columns = 1
        if landscape:
            columns = next((n for n in (3, 2) if main >= n * column + (n - 1) * spacing), 1)
        self._arrange(landscape, columns)

    def _arrange(self, landscape: bool, columns: int) -> None:
        """Put the blocks in their places: essentials (in ``columns`` columns), then (portrait)
        the hand-over and the feedback, then the other sections; in landscape the hand-over
        stands beside them."""
        if (landscape, columns) == (self._landscape, self._columns):
            return
        self._landscape, self._columns = landscape, columns
        across, down = QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom
        self._marks.setDirection(across if landscape else down)
        self._codes_row.setDirection(down if landscape else across)
        self._answers.setDirection(down if landscape else across)
        for code in (self.qr_contact, self.qr_map):
            self._codes_row.setAlignment(
                code, Qt.AlignmentFlag.AlignHCenter if landscape else Qt.AlignmentFlag.AlignTop
            )
        grid = self._essentials_grid
        for name in ("where", "hours", "contact"):
            grid.removeWidget(self.sections[name])
        for index in range(3):
            grid.setColumnStretch(index, 0)
            grid.setRowStretch(index, 0)
        if columns == 3:  # where | when | how to reach
            for index, name in enumerate(("where", "hours", "contact")):
                grid.addWidget(self.sections[name], 0, index)
                grid.setColumnStretch(index, 1)
        elif columns == 2:  # where and how to reach | when
            grid.addWidget(self.sections["where"], 0, 0)
            grid.addWidget(self.sections["contact"], 1, 0)
            grid.addWidget(self.sections["hours"], 0, 1, 2, 1)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            grid.setRowStretch(1, 1)
        else:
            for row, name in enumerate(("where", "hours", "contact")):
                grid.addWidget(self.sections[name], row, 0)
            grid.setColumnStretch(0, 1)
        blocks = [
            self.essentials,
            self.handover,
            self.feedback,
            *(self.sections[n] for n in ("about", "audience", "languages", "more")),
            self.checked,
        ]
        for block in blocks:
            self._main.removeWidget(block)
            self._side.removeWidget(block)
        empty_layout(self._side)  # (the stretch below the side blocks)
        for block in blocks:
            if landscape and block in (self.handover, self.feedback):
                self._side.addWidget(block)
            else:
                self._main.addWidget(block)
        if landscape:
            self._side.addStretch(1)

    @staticmethod
    def _hours_rows(cat, offer: Offer, rows: list[tuple[str, str]]):
        """The days with opening hours or appointments; closed days summed up in one line
        (as on the handout), so the week takes less height."""
        if offer.hours is None:
            return rows, ""
        closed = [day.status is DayStatus.CLOSED for day in offer.hours.days]
        if not any(closed) or all(closed):
            return rows, ""
        kept = [row for row, is_closed in zip(rows, closed, strict=True) if not is_closed]
        # TRANSLATORS: on the offer screen and a printed handout, after the days with hours
        return kept, cat._("Closed on all other days.")

    def _fill_hours(self, rows: list[tuple[str, str]], closed_note: str = "") -> None:
        if self.cat.is_rtl:  # times start at the right like the weekdays, never reordered
            rows = [(day, self.cat.isolate(value)) for day, value in rows]
        for label in [*self._hour_labels, *self._hours_note]:
            self._hours_grid.removeWidget(label)
            discard(label)
        self._hour_labels = []
        self._hours_note = []
        for row, (day, value) in enumerate(rows):
            for column, text in enumerate((day, value)):
                label = make_label(f"detail_hours_{row}_{column}", "", self.sections["hours"])
                label.setText(text)
                self._hours_grid.addWidget(label, row, column)
                self._hour_labels.append(label)
        if closed_note:
            label = make_label("detail_hours_closed", "", self.sections["hours"])
            label.setText(closed_note)
            self._hours_grid.addWidget(label, len(rows), 0, 1, 2)
            self._hours_note.append(label)

    def reset(self) -> None:
        self._offer = None
        self._codes = OfferCodes(None, None)
        self._feedback_answer = None
        self._set_print_state(PrintState.IDLE)
        self.retranslate()

    # -- read-aloud ------------------------------------------------------------------------
    def spoken_parts(self) -> list[tuple[str, str]]:
        """Headline, name, kind, open state, notes and every section as shown; the offer's own
        texts in the language they are really shown in (a fallback is read with its own voice,
        or not at all)."""
        ui = self.cat.code
        offer = self._offer
        if offer is None:
            return [(sentences([self.title.text()]), ui)]
        shown = text_for(offer, ui).text
        own = {shown.summary, shown.description, shown.audience} if shown else set()
        text_lang = shown.lang if shown else ui
        title_lang = text_lang if self.title.text() in own else ui
        lines: list[tuple[str, str]] = [(self.title.text(), title_lang)]
        for label in (self.official_name, self.kind):
            if label.isVisibleTo(self):
                lines.append((label.text(), ui))
        lines.append((self.open_state.text(), ui))
        for label in (self.outdated, self.fallback):
            if label.isVisibleTo(self):
                lines.append((label.text(), ui))
        for name, section in self.sections.items():
            if not section.isVisibleTo(self):
                continue
            lines.append((section.heading.text(), ui))
            for label in section.lines:
                if not label.isVisibleTo(section):
                    continue
                if label.text() in own:
                    lines.append((label.text(), text_lang))
                elif name == "more":  # free text staff write in German
                    lines.append((label.text(), "de"))
                else:
                    lines.append((label.text(), ui))
            if name == "hours":
                cells = [label.text() for label in self._hour_labels]
                lines += [(f"{d}: {v}", ui) for d, v in zip(cells[::2], cells[1::2], strict=True)]
                lines += [(label.text(), ui) for label in self._hours_note]
        lines.append((self.checked.text(), ui))
        parts: list[tuple[list[str], str]] = []
        for text, lang in lines:
            if parts and parts[-1][1] == lang:
                parts[-1][0].append(text)
            else:
                parts.append(([text], lang))
        return [(sentences(texts), lang) for texts, lang in parts]

    def spoken_text(self) -> str:
        return "\n".join(text for text, _ in self.spoken_parts())
