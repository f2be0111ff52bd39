"""The list of matching offers, those in the visitor's language first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.labels import age_band_label, need_label
from kiosk.visitor import VisitorCatalogue
from ui.presenting import present
from ui.screens.base import Screen, discard, make_label, make_scroll_area
from ui.spoken import sentences
from ui.widgets.offer_card import OfferCard

#: Cards kept for re-use; past this many, cards not shown are deleted.
CARD_POOL_SIZE = 200


class ResultsScreen(Screen):
    """Cards for every offer matching the visitor's age band and need."""

    screen_name = "results"
    offer_chosen = Signal(str)

    def __init__(self, data: VisitorCatalogue, clock: Callable[[], dt.datetime], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._data = data
        self._clock = clock
        self._query: tuple[str | None, str | None] | None = None
        self.subtitle = make_label("results_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)
        self.empty = make_label("results_empty", "notice", self)
        self._layout.addWidget(self.empty)
        self._list = QWidget()
        self._list.setObjectName("results_list")
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setSpacing(self._metrics.gap * 2)
        self._list_layout.setContentsMargins(0, 0, self._metrics.gap, 0)
        self._list_layout.addStretch(1)
        self.scroll = make_scroll_area("results_scroll", self._list, self)
        self._layout.addWidget(self.scroll, 1)
        self.cards: list[OfferCard] = []
        self._pool: dict[str, OfferCard] = {}  # offer id → its card, shown or hidden
        self.retranslate()

    def show_results(self, band_id: str | None, need_id: str | None) -> None:
        self._query = (band_id, need_id)
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()  # title and cards in the current language
        self._stale = False

    def _fill(self) -> None:
        """Show the cards of the current query in the current language.

        Cards are kept for the offers they show: a language switch or the next query fills
        them again in place (hidden when not matching), instead of building every card anew.
        """
        if self._query is None:
            matches = []
        else:
            band_id, need_id = self._query
            cat = self.cat
            now = self._clock()
            matches = self._data.results(cat.code, band_id, need_id)
        self.cards = []
        for index, match in enumerate(matches):
            card = self._pool.get(match.offer.id)
            if card is None:
                card = OfferCard(match.offer.id, self._list)
                card.clicked.connect(
                    lambda _=False, oid=match.offer.id: self.offer_chosen.emit(oid)
                )
                self._pool[match.offer.id] = card
            if self._list_layout.indexOf(card) != index:
                self._list_layout.removeWidget(card)
                self._list_layout.insertWidget(index, card)
            badge = cat._("✓ Help in your language") if match.speaks_language else ""
            card.show_view(present(cat, match.offer, now), badge)
            card.show()
            self.cards.append(card)
        shown = {card.offer_id for card in self.cards}
        for offer_id, card in list(self._pool.items()):
            if offer_id in shown:
                continue
            card.hide()
            if len(self._pool) > CARD_POOL_SIZE:  # (a very large catalogue: keep memory flat)
                del self._pool[offer_id]
                self._list_layout.removeWidget(card)
                discard(card)
        if self._query is None:
            return
        parts = []
        band = self._data.age_band(band_id)
        if band is not None:
            parts.append(age_band_label(cat, band))
        parts.append(need_label(cat, need_id) if need_id else cat._("All topics"))
        count = cat.n_("{n} offer", "{n} offers", len(matches))
        self.subtitle.setText(" · ".join([*parts, count]))
        self.empty.setText(
            cat._(
                "No offer matches this choice. Please go back and choose "
                "“Show all offers”, or ask the staff at the counter."
            )
        )
        self.empty.setVisible(not matches)

    def retranslate(self) -> None:
        self.title.setText(self.cat._("Offers for you"))
        self._fill()

    def reset(self) -> None:
        self._query = None
        self._fill()
        self.subtitle.clear()
        self.empty.hide()

    # -- read-aloud ------------------------------------------------------------------------
    def spoken_parts(self) -> list[tuple[str, str]]:
        """Title and count, then each card's name, summary and opening (see OfferCard)."""
        lines = [self.title.text(), self.subtitle.text()]
        if self.empty.isVisibleTo(self):
            lines.append(self.empty.text())
        parts = [(sentences(lines), self.cat.code)]
        for card in self.cards:
            parts += card.spoken_parts(self._data.offer(card.offer_id), self.cat.code)
        return parts

    def spoken_text(self) -> str:
        return "\n".join(text for text, _ in self.spoken_parts())
