"""Marks on an offer that say without reading much what it is and whether it is open.

Two marks, each a pictogram from ``assets/icons`` (own drawings, see its README), drawn in the
colour of the text around it like every pictogram of the kiosk (:mod:`ui.widgets.pictogram`):

* **the kind of offer** — one pictogram per :class:`~kiosk.domain.models.OfferKind`
  (migration counselling, youth migration service, city office, online counselling …). Never a
  flag: a flag names a country, not a language or a service.
* **the open state** — open now / opens later / appointment only / closed / hours unknown, as a
  pictogram *and* its words side by side: never colour alone (the high-contrast theme has no
  colours at all, and colour is not a meaning to everyone).

API (the cards of the results screen and the detail screen use the same):

``kind_icon_name(kind) -> str``
    the pictogram's file name (without ``.svg``) of a kind of offer.
``kind_pixmap(kind, px, colour="#1a1a1a", ratio=1.0) -> QPixmap``
    that pictogram as a ``px``×``px`` pixmap (e.g. for a printout preview or a QIcon).
``KindIcon(px, parent, object_name=...)``
    a widget showing the pictogram of a kind; ``set_kind(kind)`` changes it. It paints in the
    current text colour; its accessible name is empty by default — set it to the kind's label
    (``kiosk.labels.kind_label``) where the label is not written next to it.
``open_state_icon_name(state) -> str``
    the pictogram of an :class:`~kiosk.domain.hours.OpenState`.
``open_state_pixmap(state, px, colour="#1a1a1a", ratio=1.0) -> QPixmap``
    that pictogram as a pixmap.
``OpenStateMark(parent, object_name=...)``
    pictogram + wrapping text in one row (the row follows the layout direction, so the
    pictogram stands at the start of the line in right-to-left languages too);
    ``set_state(state, text)`` shows a state with its words (``kiosk.labels.opening_label``),
    ``text()`` returns the words, ``state()`` the state. The pictogram is as high as a line of
    the text, so large text makes it larger; the whole mark's accessible name is the text.
    ``label`` is the :class:`~ui.widgets.fitting_label.FittingLabel` inside (give it a role).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from kiosk.domain.hours import OpenState
from kiosk.domain.models import OfferKind
from ui.widgets.fitting_label import FittingLabel
from ui.widgets.pictogram import SOURCE_COLOUR, PictogramWidget, pictogram

__all__ = [
    "KIND_ICONS",
    "OPEN_STATE_ICONS",
    "KindIcon",
    "OpenStateMark",
    "kind_icon_name",
    "kind_pixmap",
    "open_state_icon_name",
    "open_state_pixmap",
]

#: The pictogram of each kind of offer (files in assets/icons).
KIND_ICONS: dict[OfferKind, str] = {
    OfferKind.MBE: "kind-mbe",
    OfferKind.JMD: "kind-jmd",
    OfferKind.ASSOCIATION: "kind-association",
    OfferKind.REFUGEE_SOCIAL_WORK: "kind-refugee-social-work",
    OfferKind.SELF_ORGANISATION: "kind-self-organisation",
    OfferKind.INTEGRATION_COURSE: "kind-integration-course",
    OfferKind.CITY_OFFICE: "kind-city-office",
    OfferKind.ONLINE_SERVICE: "kind-online-service",
}

#: The pictogram of each open state: a tick (open now), a clock (opens later), a calendar
#: with a tick (by appointment), a bar (closed for now), a question mark (hours unknown).
OPEN_STATE_ICONS: dict[OpenState, str] = {
    OpenState.OPEN_NOW: "state-open",
    OpenState.OPENS_LATER: "state-opens-later",
    OpenState.APPOINTMENT_ONLY: "state-appointment",
    OpenState.CLOSED_FOR_NOW: "state-closed",
    OpenState.UNKNOWN: "state-unknown",
}

_DEFAULT_COLOUR = SOURCE_COLOUR.decode()


def kind_icon_name(kind: OfferKind) -> str:
    return KIND_ICONS.get(kind, "kind-association")


def open_state_icon_name(state: OpenState) -> str:
    return OPEN_STATE_ICONS.get(state, "state-unknown")


def kind_pixmap(
    kind: OfferKind, px: int, colour: QColor | str = _DEFAULT_COLOUR, ratio: float = 1.0
) -> QPixmap:
    return pictogram(kind_icon_name(kind), colour, px, ratio)


def open_state_pixmap(
    state: OpenState, px: int, colour: QColor | str = _DEFAULT_COLOUR, ratio: float = 1.0
) -> QPixmap:
    return pictogram(open_state_icon_name(state), colour, px, ratio)


class KindIcon(PictogramWidget):
    """The pictogram of a kind of offer, in the colour of the text around it."""

    def __init__(
        self,
        px: int,
        parent: QWidget | None = None,
        object_name: str = "kind_icon",
        kind: OfferKind = OfferKind.ASSOCIATION,
    ):
        super().__init__(kind_icon_name(kind), px, parent, object_name)
        self._kind = kind

    @property
    def kind(self) -> OfferKind:
        return self._kind

    def set_kind(self, kind: OfferKind) -> None:
        self._kind = kind
        self.set_name(kind_icon_name(kind))


class OpenStateMark(QWidget):
    """Open now / closed / appointment only / unknown: a pictogram and its words in one row."""

    def __init__(self, parent: QWidget | None = None, object_name: str = "open_state"):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._state = OpenState.UNKNOWN
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.icon = PictogramWidget(
            open_state_icon_name(self._state), 24, self, f"{object_name}_icon"
        )
        self.label = FittingLabel(self)
        self.label.setObjectName(f"{object_name}_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def set_state(self, state: OpenState, text: str) -> None:
        self._state = state
        self.icon.set_name(open_state_icon_name(state))
        self.label.setText(text)
        self.setAccessibleName(text)
        self._follow_text_size()
        self.updateGeometry()

    def state(self) -> OpenState:
        return self._state

    def text(self) -> str:
        return self.label.text()

    def _follow_text_size(self) -> None:
        """One line of the text high, so the pictogram grows with large text."""
        line = QFontMetrics(self.label.font()).height()
        self.icon.set_side(max(16, line))

    def event(self, event) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._follow_text_size()
        return handled

    def showEvent(self, event) -> None:
        self._follow_text_size()
        super().showEvent(event)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().heightForWidth(width)
