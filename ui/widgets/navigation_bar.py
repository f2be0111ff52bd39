"""The bar at the top of every screen after the start: Home, Back and the language."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from ui.localizer import Localizer
from ui.theme import Metrics


class NavigationBar(QWidget):
    """Always-reachable controls. Back points to where "back" is in the reading direction."""

    def __init__(self, localizer: Localizer, metrics: Metrics, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("NavigationBar")
        # Always as tall as its buttons want: Arabic-script lines are taller than Latin ones,
        # and a squeezed bar would cut them.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._localizer = localizer
        self._endonym = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(metrics.px(24), metrics.px(10), metrics.px(24), metrics.px(10))
        row.setSpacing(metrics.gap * 2)
        self.home = QPushButton(self)
        self.home.setObjectName("nav_home")
        self.back = QPushButton(self)
        self.back.setObjectName("nav_back")
        self.language = QPushButton(self)
        self.language.setObjectName("nav_language")
        for button in (self.home, self.back, self.language):
            button.setMinimumHeight(metrics.touch_min)
            button.setMinimumWidth(metrics.mm(30))
        row.addWidget(self.home)
        row.addWidget(self.back)
        row.addStretch(1)
        row.addWidget(self.language)

    def set_language_name(self, endonym: str) -> None:
        self._endonym = endonym
        self.retranslate()

    def retranslate(self) -> None:
        cat = self._localizer.catalogue
        # In right-to-left reading, "back" points to the right.
        arrow = "⇨" if cat.is_rtl else "⇦"
        self.home.setText(cat._("Start"))
        self.home.setAccessibleName(cat._("Back to the start"))
        self.back.setText(f"{arrow}  " + cat._("Back"))
        self.back.setAccessibleName(cat._("Back"))
        self.language.setText(self._endonym or cat._("Language"))
        self.language.setAccessibleName(cat._("Change the language"))

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
