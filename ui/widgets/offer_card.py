"""A tappable card in the results list, in the visitor's language first.

From the top: "✓ Help in your language" (when it is so); the pictogram of the kind of offer
beside the headline — the summary in the visitor's language — with the German official name
below it (people look for it on the door sign) and the kind of offer; the open state as a
pictogram and words (never colour alone); how to get in; the languages spoken; and what to do
when something essential is missing or old ("please call before you go", "ask at the
counter").

Every text is a :class:`~ui.widgets.fitting_label.FittingLabel` (long words break, nothing is
clipped), aligned to the reading direction's start edge explicitly: right-to-left languages
are right-aligned, their paragraphs start at the right edge whatever the first word is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.models import Offer, OfferKind
from kiosk.domain.texts import text_for
from ui.presenting import OfferView
from ui.spoken import sentences
from ui.widgets.fitting_label import FittingLabel
from ui.widgets.offer_marks import KindIcon, OpenStateMark

#: Side of the kind pictogram beside the headline (96-dpi pixels; about 12 mm at 96 dpi).
KIND_ICON_PX = 48


class OfferCard(QPushButton):
    """One result. The whole card is the button; its labels let clicks through."""

    def __init__(self, offer_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.offer_id = offer_id
        self.setObjectName(f"offer_{offer_id}")
        self.setProperty("role", "card")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(6)
        self.labels: dict[str, QLabel] = {}
        self._rtl = False

        self.labels["badge"] = self._label("badge", "notice")
        layout.addWidget(self.labels["badge"], 0, Qt.AlignmentFlag.AlignLeading)
        head = QHBoxLayout()
        head.setSpacing(16)
        self.kind_icon = KindIcon(KIND_ICON_PX, self, f"offer_{offer_id}_kind_icon")
        head.addWidget(self.kind_icon, 0, Qt.AlignmentFlag.AlignTop)
        titles = QVBoxLayout()
        titles.setSpacing(4)
        for part, role in (("summary", "heading"), ("name", ""), ("kind", "secondary")):
            self.labels[part] = self._label(part, role)
            titles.addWidget(self.labels[part])
        head.addLayout(titles, 1)
        layout.addLayout(head)

        self.open_state = OpenStateMark(self, f"offer_{offer_id}_open_state")
        self.open_state.label.setObjectName(f"offer_{offer_id}_opening")
        self.labels["opening"] = self.open_state.label
        layout.addWidget(self.open_state)
        for part, role in (("access", "secondary"), ("languages", "secondary"), ("hint", "notice")):
            self.labels[part] = self._label(part, role)
            layout.addWidget(self.labels[part])

    def _label(self, part: str, role: str) -> FittingLabel:
        label = FittingLabel(self)
        label.setObjectName(f"offer_{self.offer_id}_{part}")
        if role:
            label.setProperty("role", role)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    def _align(self, rtl: bool) -> None:
        """Every line starts at the reading direction's start edge (right in Arabic, Persian,
        Dari, Pashto), also when a line begins with a German name."""
        self._rtl = rtl
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        for label in self.labels.values():
            label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop)

    def show_view(self, view: OfferView, badge_text: str, rtl: bool | None = None) -> None:
        if rtl is None:
            rtl = self.layoutDirection() is Qt.LayoutDirection.RightToLeft
        self._align(rtl)
        self.labels["badge"].setText(badge_text)
        self.labels["badge"].setVisible(bool(badge_text))
        self.labels["badge"].setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        headline = view.headline or view.summary or view.name
        official = view.official_name if view.headline else ""
        self.labels["summary"].setText(headline)
        self.labels["name"].setText(official)
        self.labels["name"].setVisible(bool(official))
        self.labels["kind"].setText(view.kind)
        self.kind_icon.set_kind(view.kind_id or OfferKind.ASSOCIATION)
        self.kind_icon.setAccessibleName(view.kind)
        self.open_state.set_state(view.open_state, view.opening)
        self.labels["access"].setText(view.access)
        self.labels["languages"].setText(view.languages)
        self.labels["hint"].setText(view.hint)
        self.labels["hint"].setVisible(bool(view.hint))
        self.setAccessibleName(f"{headline}. {official}" if official else headline)
        self.setAccessibleDescription(
            " ".join(t for t in (view.kind, view.opening, view.access, view.hint) if t)
        )
        self.updateGeometry()

    def headline(self) -> str:
        return self.labels["summary"].text()

    def official_name(self) -> str:
        return self.labels["name"].text()

    def spoken_parts(self, offer: Offer | None, lang: str) -> list[tuple[str, str]]:
        """Headline (the summary, in the language it is really shown in: it may be a
        fallback), the official name, the opening and the hint, as (text, language) parts."""
        shown = text_for(offer, lang).text if offer is not None else None
        summary_lang = shown.lang if shown is not None else lang
        parts = []
        if self.labels["summary"].text():
            headline_lang = summary_lang if self.labels["name"].text() else lang
            parts.append((sentences([self.labels["summary"].text()]), headline_lang))
        if self.labels["name"].text():
            parts.append((sentences([self.labels["name"].text()]), lang))
        parts.append((sentences([self.labels["opening"].text()]), lang))
        if self.labels["hint"].text():
            parts.append((sentences([self.labels["hint"].text()]), lang))
        return [(text, code) for text, code in parts if text]

    def sizeHint(self):
        return self.layout().sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().heightForWidth(width)
