"""Everything about one offer: what, for whom, where, when, how to reach, which languages —
and how to take it away: two QR codes (contact card, map) and a silent "Print" button.

The hand-over panel stands beside the text in landscape and below it in portrait. Printing goes
to the :class:`~ui.printing.HandoutPrinter` passed in by the composition root, on a worker thread;
a visitor never sees a print dialog. Without a printer, or when printing fails, the screen says so
and points to the QR codes, which stay on screen.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.models import Offer
from kiosk.domain.texts import text_for
from kiosk.handout import build_handout, qr_caption
from kiosk.labels import address_lines, checked_line, contact_lines
from kiosk.qr import ErrorCorrection, OfferCodes, offer_codes, qr_matrix
from kiosk.visitor import KioskSettings, VisitorCatalogue
from ui.presenting import present, weekly_hours_lines
from ui.printing import BackgroundPrint, HandoutPrinter, paper_format
from ui.screens.base import Screen, discard, make_label, make_scroll_area
from ui.spoken import sentences
from ui.widgets.qr_view import MIN_MODULE_PX, QrWidget

log = logging.getLogger(__name__)

#: Pictogram on the print button (Noto Sans Symbols 2 has it).
PRINTER_SYMBOL = "\U0001f5a8"
#: The QR codes on screen are at least this wide (the contact card usually needs more).
QR_TARGET_MM = 40
#: The hand-over panel stands beside the text only if the text keeps at least this much width.
BESIDE_TEXT_MM = 130
#: No maximum (Qt's QWIDGETSIZE_MAX).
QWIDGETSIZE_MAX = (1 << 24) - 1


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
        self.lines: list[QLabel] = []

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


class _PanelArea(QScrollArea):
    """Holds the hand-over panel: as big as the panel wants, but it may be lower, and then
    scrolls (large text on a landscape screen), so the window never grows beyond the screen.
    The panel always keeps the height its texts need at its width (never squeezed)."""

    def __init__(self, panel: QWidget, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("detail_handover_area")
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.setWidget(panel)
        self.verticalScrollBar().rangeChanged.connect(lambda *_: self.updateGeometry())

    def _bar(self) -> int:
        bar = self.verticalScrollBar()
        return bar.sizeHint().width() if bar.maximum() > 0 else 0

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint()
        return QSize(hint.width() + self._bar(), hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.widget().minimumSizeHint().width() + self._bar(), 0)

    def fit_panel(self) -> None:
        """The panel as wide as the room (at least its minimum) and as tall as it needs."""
        panel = self.widget()
        layout = panel.layout()
        width = max(panel.minimumSizeHint().width(), self.viewport().width())
        height = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if panel.size() != QSize(width, height):
            panel.resize(width, height)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self.updateGeometry()  # large text: the panel's sizes changed

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # another offer: other codes, other captions
            self.fit_panel()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_panel()


class DetailScreen(Screen):
    """The full description of the chosen offer, with its "last checked" date, the QR codes
    and the print button."""

    screen_name = "detail"
    #: A handout of this offer came out of the printer while the visitor was still here.
    printed = Signal(str)
    #: A visitor asked for a handout of this offer and none came out (no printer, paper out,
    #: a stuck job …); the screen has pointed them to the QR codes.
    print_failed = Signal(str)

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
        self.kind = make_label("detail_kind", "subtitle", self)
        self._layout.addWidget(self.kind)
        self.fallback = make_label("detail_fallback", "notice", self)
        self._layout.addWidget(self.fallback)
        content = QWidget()
        content.setObjectName("detail_content")
        column = QVBoxLayout(content)
        column.setSpacing(self._metrics.gap * 2)
        column.setContentsMargins(0, 0, self._metrics.gap, 0)
        self.sections: dict[str, _Section] = {}
        for name in ("about", "audience", "where", "hours", "contact", "languages", "more"):
            section = _Section(name, content)
            column.addWidget(section)
            self.sections[name] = section
        self._hours_grid = QGridLayout()
        self._hours_grid.setHorizontalSpacing(self._metrics.gap * 3)
        self.sections["hours"].layout().addLayout(self._hours_grid)
        self._hour_labels: list[QLabel] = []
        self.checked = make_label("detail_checked", "secondary", content)
        column.addWidget(self.checked)
        column.addStretch(1)
        self.scroll = make_scroll_area("detail_scroll", content, self)
        # The text takes the room the hand-over panel leaves (below it, the panel gets all the
        # height it wants first; the text scrolls anyway).
        self.scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self._body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._body.setSpacing(self._metrics.gap * 2)
        self._body.addWidget(self.scroll, 1)
        self._build_handover()
        # The panel scrolls on its own where the screen is too low for it (large text in
        # landscape); it never makes the window taller than the screen.
        self.handover_area = _PanelArea(self.handover, self)
        self._body.addWidget(self.handover_area, 0, Qt.AlignmentFlag.AlignTop)
        self._layout.addLayout(self._body, 1)

        self._print_state = PrintState.IDLE
        self._print_job = 0
        self._job_offers: dict[int, str] = {}  # print job → offer, until it has finished
        self._runner = BackgroundPrint(self)
        self._runner.finished.connect(self._on_print_finished)
        self._notice = QTimer(self)
        self._notice.setSingleShot(True)
        self._notice.timeout.connect(self._on_notice_over)

    def _build_handover(self) -> None:
        """The panel with both QR codes, the print state and the print button."""
        self.handover = QFrame(self)
        self.handover.setObjectName("detail_handover")
        self.handover.setProperty("role", "section")
        panel = QVBoxLayout(self.handover)
        gap = self._metrics.gap
        panel.setContentsMargins(gap * 2, gap, gap * 2, gap * 2)
        panel.setSpacing(gap)
        self.handover_heading = make_label("detail_handover_heading", "heading", self.handover)
        panel.addWidget(self.handover_heading)
        codes = QHBoxLayout()
        codes.setSpacing(gap * 2)
        self.qr_contact = QrWidget("detail_qr_contact", self.handover)
        self.qr_map = QrWidget("detail_qr_map", self.handover)
        for widget in (self.qr_contact, self.qr_map):
            codes.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
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

    # -- showing an offer -----------------------------------------------------------------
    def show_offer(self, offer_id: str) -> bool:
        self._offer = self._data.offer(offer_id)
        self._codes = offer_codes(self._offer) if self._offer else OfferCodes(None, None)
        self._set_print_state(PrintState.IDLE)
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
            self.handover.hide()
            self.handover_area.hide()
            return
        cat = self.cat
        view = present(cat, offer, self._clock())
        self.title.setText(view.name)
        provider = cat.isolate(offer.provider) if cat.is_rtl else offer.provider
        same = offer.provider == offer.name
        self.kind.setText(view.kind if same else f"{view.kind} – {provider}")
        self.fallback.setText(view.fallback_note)
        self.fallback.setVisible(bool(view.fallback_note))
        self.sections["about"].set_content(cat._("What they do"), [view.summary, view.description])
        self.sections["audience"].set_content(cat._("For whom"), [view.audience, view.ages])
        self.sections["where"].set_content(cat._("Where"), address_lines(cat, offer.address))
        self.sections["hours"].set_content(cat._("Opening hours"), [view.opening, view.access])
        self._fill_hours(weekly_hours_lines(cat, offer))
        self.sections["contact"].set_content(cat._("Contact"), contact_lines(cat, offer.contact))
        self.sections["languages"].set_content(cat._("Languages"), [view.languages])
        self.sections["more"].set_content(cat._("Good to know"), [offer.accessibility])
        self.checked.setText(checked_line(cat, offer))
        self._retranslate_handover()

    def _qr_target_px(self) -> int:
        sizes = [
            qr_matrix(payload, ErrorCorrection.SCREEN).size_with_quiet_zone
            for payload in (self._codes.vcard, self._codes.map_link)
            if payload
        ]
        smallest = MIN_MODULE_PX * max(sizes, default=0)
        return max(self._metrics.mm(QR_TARGET_MM), smallest)

    def _retranslate_handover(self) -> None:
        cat = self.cat
        target = self._qr_target_px()
        for widget, payload, which in (
            (self.qr_contact, self._codes.vcard, "contact"),
            (self.qr_map, self._codes.map_link, "map"),
        ):
            matrix = qr_matrix(payload, ErrorCorrection.SCREEN) if payload else None
            widget.set_code(payload, matrix, qr_caption(cat, which), target)
        # TRANSLATORS: heading above the QR codes and the print button on the offer screen
        self.handover_heading.setText(cat._("Take it with you"))
        # TRANSLATORS: button on the offer screen: prints the details on paper at the kiosk
        self.print_button.setText(f"{PRINTER_SYMBOL}  " + cat._("Print"))
        self.print_button.setAccessibleName(cat._("Print these details on paper"))
        self._show_print_state()
        self.handover.show()
        self.handover_area.show()
        self.handover_area.updateGeometry()
        if self.isVisible():  # (hidden, the screen has no size yet: showEvent arranges)
            self._arrange_body(self.size())  # other codes: the panel may have another width

    # -- printing --------------------------------------------------------------------------
    def apply_settings(self, settings: KioskSettings) -> None:
        """Staff saved new settings: location on handouts, printer queue and paper."""
        self._settings = settings
        configure = getattr(self._printer, "configure", None)
        if callable(configure):
            configure(settings.printer, paper_format(settings.printer_paper))

    def has_codes(self) -> bool:
        """Whether a QR code is on screen for the current offer."""
        return bool(self._codes.vcard or self._codes.map_link)

    def print_state(self) -> PrintState:
        return self._print_state

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
        self._arrange_body(event.size())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._arrange_body(self.size())  # the panel was filled while the screen was hidden

    def _arrange_body(self, size: QSize) -> None:
        # Beside the text only where the text keeps a readable column (a portrait screen in
        # low-reach mode is wider than the room left, but still narrow).
        wide = size.width() >= self.handover.sizeHint().width() + self._metrics.mm(BESIDE_TEXT_MM)
        landscape = size.width() >= size.height() and wide
        direction = (
            QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        )
        if self._body.direction() != direction:
            self._body.setDirection(direction)
            alignment = Qt.AlignmentFlag.AlignTop if landscape else Qt.AlignmentFlag.AlignHCenter
            self._body.setAlignment(self.handover_area, alignment)
        # Below the text, the codes never take more than half of the screen's height.
        self.handover_area.setMaximumHeight(
            QWIDGETSIZE_MAX if landscape else max(self._metrics.mm(60), size.height() // 2)
        )

    def _fill_hours(self, rows: list[tuple[str, str]]) -> None:
        for label in self._hour_labels:
            self._hours_grid.removeWidget(label)
            discard(label)
        self._hour_labels = []
        for row, (day, value) in enumerate(rows):
            for column, text in enumerate((day, value)):
                label = make_label(f"detail_hours_{row}_{column}", "", self.sections["hours"])
                label.setText(text)
                self._hours_grid.addWidget(label, row, column)
                self._hour_labels.append(label)

    def reset(self) -> None:
        self._offer = None
        self._codes = OfferCodes(None, None)
        self._set_print_state(PrintState.IDLE)
        self.retranslate()

    # -- read-aloud ------------------------------------------------------------------------
    def spoken_parts(self) -> list[tuple[str, str]]:
        """Name, kind and every section as shown; the offer's own texts in the language they
        are really shown in (a fallback is read with its own voice, or not at all)."""
        ui = self.cat.code
        offer = self._offer
        if offer is None:
            return [(sentences([self.title.text()]), ui)]
        shown = text_for(offer, ui).text
        own = {shown.summary, shown.description, shown.audience} if shown else set()
        text_lang = shown.lang if shown else ui
        lines: list[tuple[str, str]] = [(self.title.text(), ui), (self.kind.text(), ui)]
        if self.fallback.isVisibleTo(self):
            lines.append((self.fallback.text(), ui))
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
        lines.append((self.checked.text(), ui))
        parts: list[tuple[str, str]] = []
        for text, lang in lines:
            if parts and parts[-1][1] == lang:
                parts[-1][0].append(text)
            else:
                parts.append(([text], lang))
        return [(sentences(texts), lang) for texts, lang in parts]

    def spoken_text(self) -> str:
        return "\n".join(text for text, _ in self.spoken_parts())
