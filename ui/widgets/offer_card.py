"""A tappable card in the results list: name, what it is for, when open, which languages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.models import Offer
from kiosk.domain.texts import text_for
from ui.presenting import OfferView
from ui.spoken import sentences
from ui.widgets.fitting_label import FittingLabel


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
        for part, role in (
            ("badge", "notice"),
            ("name", "heading"),
            ("kind", "secondary"),
            ("summary", ""),
            ("opening", ""),
            ("access", "secondary"),
            ("languages", "secondary"),
        ):
            label = FittingLabel(self)
            label.setObjectName(f"offer_{offer_id}_{part}")
            if role:
                label.setProperty("role", role)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
            self.labels[part] = label

    def show_view(self, view: OfferView, badge_text: str) -> None:
        self.labels["badge"].setText(badge_text)
        self.labels["badge"].setVisible(bool(badge_text))
        self.labels["badge"].setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.labels["name"].setText(view.name)
        self.labels["kind"].setText(view.kind)
        self.labels["summary"].setText(view.summary)
        self.labels["summary"].setVisible(bool(view.summary))
        self.labels["opening"].setText(view.opening)
        self.labels["access"].setText(view.access)
        self.labels["languages"].setText(view.languages)
        self.setAccessibleName(view.name)
        self.setAccessibleDescription(f"{view.summary} {view.opening} {view.access}")
        self.updateGeometry()

    def spoken_parts(self, offer: Offer | None, lang: str) -> list[tuple[str, str]]:
        """Name, summary and opening as (text, language) parts for read-aloud; the summary in
        the language it is really shown in (it may be a fallback)."""
        shown = text_for(offer, lang).text if offer is not None else None
        summary_lang = shown.lang if shown is not None else lang
        parts = [(sentences([self.labels["name"].text()]), lang)]
        if self.labels["summary"].text():
            parts.append((sentences([self.labels["summary"].text()]), summary_lang))
        parts.append((sentences([self.labels["opening"].text()]), lang))
        return [(text, code) for text, code in parts if text]

    def sizeHint(self):
        return self.layout().sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().heightForWidth(width)
