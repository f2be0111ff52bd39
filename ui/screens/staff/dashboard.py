"""Staff dashboard: the printer's state, and how the kiosk is used, by language, age band, need,
offer, weekday, hour.

Reads the anonymous hourly counters (kiosk/stats.py) for a chosen period and draws one bar
chart per view; the numbers are exact and the same as ``kiosk-admin stats`` prints. Above them,
the printer's state (:class:`~ui.screens.staff.printer_panel.PrinterStatePanel`). Under the
offers viewed, the answers to "Did this help?" per offer: yes and no, and the share of yes once
an offer has :data:`~kiosk.usage_reports.MIN_ANSWERS_FOR_SHARE` answers (fewer say nothing).

The counts come from a *report source* (``usage``: grouping, start, end → UsageReport); by
default the staff desk's own counters (``StaffDesk.usage``). The desk editor's fleet statistics
(:mod:`ui.desk_views`) pass ``kiosk.fleet.central.fleet_usage_report`` for all kiosks, one
office or one kiosk, without the printer panel (there is no printer at the desk); a subclass
with another ``screen_name`` gets its own object names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from babel.numbers import format_percent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.admin.desk import StaffDesk
from kiosk.domain.choices import AgeBand
from kiosk.labels import age_band_label, need_label
from kiosk.stats import ALL_NEEDS, UsageEvent
from kiosk.usage_reports import (
    MIN_ANSWERS_FOR_SHARE,
    OfferFeedback,
    UsageReport,
    offer_feedback,
)
from ui.screens.base import Screen, make_label, make_scroll_area
from ui.screens.staff.common import make_button
from ui.screens.staff.printer_panel import PrinterStatePanel
from ui.widgets.bar_chart import BarChartWidget

if TYPE_CHECKING:
    from ui.printing import HandoutPrinter

#: view → (grouping of kiosk.stats, the event counted for it)
VIEWS: dict[str, tuple[str, UsageEvent]] = {
    "language": ("language", UsageEvent.LANGUAGE_CHOSEN),
    "age": ("age", UsageEvent.AGE_CHOSEN),
    "need": ("need", UsageEvent.NEED_CHOSEN),
    "offer": ("offer", UsageEvent.OFFER_VIEWED),
    "weekday": ("weekday", UsageEvent.SESSION_STARTED),
    "hour": ("hour", UsageEvent.SESSION_STARTED),
}
PERIODS = {"7": 7, "30": 30, "365": 365}
#: Where the counts come from: (grouping, first day, last day) → report.
UsageSource = Callable[[str, dt.date, dt.date], UsageReport]


class UsageDashboardScreen(Screen):
    """The printer's state, period buttons, totals and six bar charts."""

    screen_name = "staff_stats"

    def __init__(
        self,
        desk: StaffDesk,
        *args,
        printer: HandoutPrinter | None = None,
        usage: UsageSource | None = None,
        show_printer: bool = True,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._desk = desk
        self._usage: UsageSource = usage or desk.usage
        self._days = 30
        self.printer_panel: PrinterStatePanel | None = None
        if show_printer:
            self.printer_panel = PrinterStatePanel(printer, self.cat, self._metrics, self)
            self._layout.addWidget(self.printer_panel)
        prefix = self.screen_name
        self.subtitle = make_label(f"{prefix}_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)
        periods = QHBoxLayout()
        self.period_buttons = {}
        for key in PERIODS:
            button = make_button(
                f"{prefix}_period_{key}",
                self._metrics,
                self,
                on_click=lambda k=key: self.set_period(PERIODS[k]),
            )
            button.setCheckable(True)
            periods.addWidget(button)
            self.period_buttons[key] = button
        periods.addStretch(1)
        self._layout.addLayout(periods)
        self.totals = make_label(f"{prefix}_totals", "", self)
        self._layout.addWidget(self.totals)
        self.failed = make_label(f"{prefix}_failed", "", self)
        self._layout.addWidget(self.failed)
        content = QWidget()
        content.setObjectName(f"{prefix}_content")
        column = QVBoxLayout(content)
        column.setSpacing(self._metrics.gap * 2)
        self.headings = {}
        self.charts: dict[str, BarChartWidget] = {}
        for view in VIEWS:
            heading = make_label(f"{prefix}_{view}_heading", "heading", content)
            chart = BarChartWidget(f"{prefix}_{view}_chart", content)
            column.addWidget(heading)
            column.addWidget(chart)
            self.headings[view] = heading
            self.charts[view] = chart
            if view == "offer":
                self._add_feedback(column, content)
        column.addStretch(1)
        self._layout.addWidget(make_scroll_area(f"{prefix}_scroll", content, self), 1)
        self.refresh()

    def _add_feedback(self, column: QVBoxLayout, content: QWidget) -> None:
        """The answers to "Did this help?": a heading, the totals and one bar per offer."""
        heading = make_label(f"{self.screen_name}_feedback_heading", "heading", content)
        self.feedback_summary = make_label(f"{self.screen_name}_feedback_summary", "", content)
        self.feedback_summary.setWordWrap(True)
        chart = BarChartWidget(f"{self.screen_name}_feedback_chart", content)
        for widget in (heading, self.feedback_summary, chart):
            column.addWidget(widget)
        self.headings["feedback"] = heading
        self.charts["feedback"] = chart

    def feedback(self) -> list[OfferFeedback]:
        """The answers per offer in the period shown, most answers first."""
        return list(self._feedback)

    def set_period(self, days: int) -> None:
        self._days = days
        self.refresh()

    def period(self) -> tuple[dt.date, dt.date]:
        end = self._desk.today()
        return end - dt.timedelta(days=self._days - 1), end

    def refresh(self) -> None:
        """Read the counters again (here, never in retranslate) and redraw."""
        start, end = self.period()
        self._reports = {view: self._usage(by, start, end) for view, (by, _) in VIEWS.items()}
        self._bands = {band.id: band for band in self._desk.age_bands()}
        self._offer_names = {offer.id: offer.name for offer in self._desk.offers.all_offers()}
        self._feedback = offer_feedback(self._reports["offer"])
        self.retranslate()

    def _label(self, view: str, key: str) -> str:
        """A row's label, starting with a capital where the script has case (CLDR writes
        language names in lower case in many languages: "арабська", "arabe"); an offer's name
        stays as the offer writes it ("sowieso")."""
        label = self._row_label(view, key)
        return label if view == "offer" else label[:1].upper() + label[1:]

    def _row_label(self, view: str, key: str) -> str:
        cat = self.cat
        if view == "language":
            return cat.language_name(key) if key else cat._("not chosen")
        if view == "age":
            band: AgeBand | None = self._bands.get(key)
            return age_band_label(cat, band) if band else (key or cat._("not chosen"))
        if view == "need":
            return cat._("All topics") if key == ALL_NEEDS else need_label(cat, key)
        if view == "offer":
            return self._offer_names.get(key, key)
        if view == "weekday":
            # (SQLite counts from Sunday = 0, Babel from Monday = 0)
            return cat.weekday((int(key) + 6) % 7)
        hour = f"{int(key):02d}"
        # TRANSLATORS: a full hour of the day on the usage dashboard, e.g. "09:00"
        return cat._("{hour}:00", hour=hour)

    def _sort_key(self, view: str, key: str, value: int) -> tuple:
        if view == "weekday":
            return ((int(key) + 6) % 7,)
        if view == "hour":
            return (int(key),)
        return (-value, key)

    def retranslate(self) -> None:
        cat = self.cat
        start, end = self.period()
        self.title.setText(cat._("Usage"))
        self.subtitle.setText(
            cat._(
                "Anonymous counts from {start} to {end}. No visitor can be identified from them.",
                start=cat.date(start, "medium"),
                end=cat.date(end, "medium"),
            )
        )
        for key, days in PERIODS.items():
            button = self.period_buttons[key]
            button.setText(cat.n_("Last {n} day", "Last {n} days", days))
            button.setAccessibleName(button.text())
            button.setChecked(days == self._days)
        totals = self._reports["language"]
        self.totals.setText(
            cat._(
                "Visits: {sessions} · offers viewed: {viewed} · handouts "
                "printed: {printed} · read aloud: {spoken}",
                sessions=totals.total(UsageEvent.SESSION_STARTED),
                viewed=totals.total(UsageEvent.OFFER_VIEWED),
                printed=totals.total(UsageEvent.HANDOUT_PRINTED),
                spoken=totals.total(UsageEvent.READ_ALOUD_USED),
            )
        )
        self.failed.setText(
            # TRANSLATORS: usage dashboard: visitors tapped "Print" and no sheet came out
            cat._(
                "Print requests without a sheet (no printer, paper out, jam …): {failed}",
                failed=totals.total(UsageEvent.HANDOUT_FAILED),
            )
        )
        if self.printer_panel is not None:
            self.printer_panel.set_catalogue(cat)
        titles = {
            "language": cat._("Languages chosen"),
            "age": cat._("Age bands chosen"),
            "need": cat._("Topics chosen"),
            "offer": cat._("Offers viewed"),
            "weekday": cat._("Visits by weekday"),
            "hour": cat._("Visits by hour of the day"),
        }
        for view, (_, event) in VIEWS.items():
            self.headings[view].setText(titles[view])
            rows = [(key, counts.get(event.value, 0)) for key, counts in self._reports[view].rows()]
            rows = [(key, value) for key, value in rows if value]
            rows.sort(key=lambda r, v=view: self._sort_key(v, r[0], r[1]))
            self.charts[view].set_rows(
                [(self._label(view, key), value) for key, value in rows],
                cat._("No visits in this period."),
            )
        self._retranslate_feedback()

    def _feedback_note(self, row: OfferFeedback) -> str:
        cat = self.cat
        if row.share is None:
            # TRANSLATORS: usage dashboard, beside an offer's bar: how often visitors answered
            # "Did this help?" with yes and with no (too few answers for a percentage)
            return cat._("yes {yes} · no {no}", yes=row.helped, no=row.not_helped)
        # TRANSLATORS: usage dashboard, beside an offer's bar: answers to "Did this help?";
        # {share} is a percentage such as "70 %", the share of yes answers
        return cat._(
            "yes {yes} · no {no} · {share} yes",
            yes=row.helped,
            no=row.not_helped,
            share=format_percent(row.share, locale=cat.locale),
        )

    def _retranslate_feedback(self) -> None:
        cat = self.cat
        # TRANSLATORS: usage dashboard: heading of the answers visitors gave to the question
        # "Did this help?" on an offer's screen, counted per offer
        self.headings["feedback"].setText(cat._("“Did this help?” per offer"))
        self.feedback_summary.setText(
            # TRANSLATORS: usage dashboard, under the heading "“Did this help?” per offer";
            # {minimum} is a number of answers, e.g. 5
            cat._(
                "Yes: {yes} · no: {no}. Each answer is counted for the offer only. The share "
                "of yes is shown once an offer has {minimum} answers.",
                yes=sum(row.helped for row in self._feedback),
                no=sum(row.not_helped for row in self._feedback),
                minimum=MIN_ANSWERS_FOR_SHARE,
            )
        )
        self.charts["feedback"].set_rows(
            [
                (self._offer_names.get(row.offer_id, row.offer_id), row.answers)
                for row in self._feedback
            ],
            # TRANSLATORS: usage dashboard: nobody answered "Did this help?" in the period
            cat._("No answers in this period."),
            notes=[self._feedback_note(row) for row in self._feedback],
        )
