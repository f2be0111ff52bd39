"""A tappable card in the results list: name, what it is for, when open, which languages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.presenting import OfferView


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
            label = QLabel(self)
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

    def sizeHint(self):
        return self.layout().sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().heightForWidth(width)
