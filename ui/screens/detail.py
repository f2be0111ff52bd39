"""Everything about one offer: what, for whom, where, when, how to reach, which languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.models import Offer
from kiosk.visitor import VisitorCatalogue
from ui.presenting import present, weekly_hours_lines
from ui.screens.base import Screen, discard, make_label, make_scroll_area


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


class DetailScreen(Screen):
    """The full description of the chosen offer, with its "last checked" date."""

    screen_name = "detail"

    def __init__(self, data: VisitorCatalogue, clock: Callable[[], dt.datetime], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._data = data
        self._clock = clock
        self._offer: Offer | None = None
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
        self._layout.addWidget(self.scroll, 1)

    def show_offer(self, offer_id: str) -> bool:
        self._offer = self._data.offer(offer_id)
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()
        return self._offer is not None

    def offer(self) -> Offer | None:
        return self._offer

    def retranslate(self) -> None:
        offer = self._offer
        if offer is None:
            self.title.clear()
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
        a = offer.address
        where = [cat.isolate(a.street), cat.isolate(" ".join(p for p in (a.postcode, a.city) if p))]
        if a.district:
            where.append(cat._("District: {district}", district=cat.isolate(a.district)))
        if a.stop:
            where.append(cat._("Nearest stop: {stop}", stop=cat.isolate(a.stop)))
        if not a.is_known:
            where = [cat._("No address known – please use the contact details.")]
        self.sections["where"].set_content(cat._("Where"), where)
        self.sections["hours"].set_content(cat._("Opening hours"), [view.opening, view.access])
        self._fill_hours(weekly_hours_lines(cat, offer))
        c = offer.contact
        contact = []
        if c.phone:
            contact.append(cat._("Phone: {phone}", phone=cat.ltr(c.phone)))
        if c.email:
            contact.append(cat._("E-mail: {email}", email=cat.ltr(c.email)))
        if c.web:
            contact.append(cat._("Web: {web}", web=cat.ltr(c.web)))
        if not contact:
            contact = [cat._("No phone, e-mail or website known.")]
        self.sections["contact"].set_content(cat._("Contact"), contact)
        self.sections["languages"].set_content(cat._("Languages"), [view.languages])
        self.sections["more"].set_content(cat._("Good to know"), [offer.accessibility])
        if offer.verified_on:
            self.checked.setText(
                cat._("Information last checked on {date}.", date=cat.date(offer.verified_on))
            )
        else:
            self.checked.setText(cat._("This information has not been checked yet."))

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
        self.retranslate()
