"""The list of matching offers, what helps this visitor first, and never a dead end.

The order is the core's (:mod:`kiosk.domain.ranking`): reachable offers in the visitor's
language that are open soon first, offers with missing essentials last, each card saying what
to do. Around the cards:

* when no offer lists the visitor's language, a notice in that language says so and what
  helps instead (offers in a language they may also read, English or German, offers whose own
  text says they work with interpreters, asking at the counter);
* when nothing matches, two one-tap ways forward, handled here (the screen asks again
  itself): "All offers for your age" (the same age, any topic) and "General offers" (the
  city's offices for everyone, such as the integration office);
* when every matching office is closed now, or none speaks the visitor's language, or nothing
  matches, the online counselling for the visitor's age (mbeon 27+, jmd4you 12–26) as a QR code
  of its web address — only an active offer of kind ``online_service`` with a web address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.matching import Match, nobody_speaks, offices_all_closed, online_help_wanted
from kiosk.domain.models import Offer, OfferKind
from kiosk.domain.ranking import (
    LanguageFit,
    mentions_interpreting,
    primary_language,
    related_languages,
)
from kiosk.domain.texts import text_for
from kiosk.labels import (
    age_band_label,
    kind_label,
    need_label,
    no_language_lines,
    online_caption,
)
from kiosk.qr import CodeKind, ErrorCorrection, qr_matrix, web_link
from kiosk.visitor import VisitorCatalogue
from ui.presenting import present
from ui.screens.base import Screen, discard, make_label, make_scroll_area
from ui.spoken import sentences
from ui.widgets.buttons import TileButton
from ui.widgets.offer_card import OfferCard
from ui.widgets.qr_view import QrWidget

#: Cards kept for re-use; past this many, cards not shown are deleted.
CARD_POOL_SIZE = 200
#: Cards shown per turn of the event loop after the first frame (see ``_fill``).
REVEAL_BATCH = 3
#: The rest of the list follows at the latest this long after the first cards (ms), also when
#: no frame was drawn (a window not on any screen).
REVEAL_FALLBACK_MS = 150
#: Side of an online counselling's QR code on the results screen.
ONLINE_QR_MM = 38
#: Online services shown at most (one per age group: mbeon, jmd4you).
MAX_ONLINE = 2

#: What the list shows: the visitor's choice, all topics for their age, or general offers.
CHOSEN, ALL_FOR_AGE, GENERAL = "chosen", "all_for_age", "general"


class ResultsScreen(Screen):
    """Cards for every offer matching the visitor's age band and need."""

    screen_name = "results"
    offer_chosen = Signal(str)
    #: The list changed to another question on the visitor's tap (the mode: ALL_FOR_AGE or
    #: GENERAL); the screen has already filled itself again.
    widened = Signal(str)

    def __init__(self, data: VisitorCatalogue, clock: Callable[[], dt.datetime], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._data = data
        self._clock = clock
        self._query: tuple[str | None, str | None] | None = None
        self._mode = CHOSEN
        m = self._metrics
        self.subtitle = make_label("results_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)

        self._content = QWidget()
        self._content.setObjectName("results_content")
        column = QVBoxLayout(self._content)
        column.setSpacing(m.gap * 2)
        column.setContentsMargins(0, 0, m.gap, 0)
        # Above the cards (scrolling with them): the notices, the ways forward, online help.
        self.language_notice = make_label("results_language_notice", "notice", self._content)
        self.language_notice.hide()
        column.addWidget(self.language_notice)
        self.empty = make_label("results_empty", "notice", self._content)
        self.empty.hide()
        column.addWidget(self.empty)
        self._ways = QWidget(self._content)
        self._ways.setObjectName("results_ways_forward")
        ways = QHBoxLayout(self._ways)
        ways.setContentsMargins(0, 0, 0, 0)
        ways.setSpacing(m.gap)
        self.all_for_age = TileButton("results_all_for_age", self._ways, primary=True)
        self.all_for_age.clicked.connect(lambda: self._widen(ALL_FOR_AGE))
        self.general = TileButton("results_general", self._ways)
        self.general.clicked.connect(lambda: self._widen(GENERAL))
        for button in (self.all_for_age, self.general):
            button.set_min_height(m.touch_primary)
            ways.addWidget(button, 1)
        self._ways.hide()
        column.addWidget(self._ways)
        # The online counselling: per service a row of its QR code (captioned with the web
        # address, as a person could also type it) and what it is, in the visitor's language.
        self._online = QWidget(self._content)
        self._online.setObjectName("results_online")
        online = QVBoxLayout(self._online)
        online.setContentsMargins(0, 0, 0, 0)
        online.setSpacing(m.gap)
        self.online_codes: list[QrWidget] = []
        self.online_texts: list[QLabel] = []
        self._online_rows: list[QWidget] = []
        for number in range(MAX_ONLINE):
            row = QWidget(self._online)
            row.setObjectName(f"results_online_{number}")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(m.gap * 2)
            code = QrWidget(f"results_online_qr_{number}", row)
            line.addWidget(code, 0, Qt.AlignmentFlag.AlignTop)
            text = make_label(f"results_online_text_{number}", "", row)
            line.addWidget(text, 1, Qt.AlignmentFlag.AlignTop)
            row.hide()
            online.addWidget(row)
            self.online_codes.append(code)
            self.online_texts.append(text)
            self._online_rows.append(row)
        self._online.hide()
        column.addWidget(self._online)
        self._list = QWidget(self._content)
        self._list.setObjectName("results_list")
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setSpacing(m.gap * 2)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.addStretch(1)
        column.addWidget(self._list, 1)
        self.scroll = make_scroll_area("results_scroll", self._content, self)
        self._layout.addWidget(self.scroll, 1)
        self.cards: list[OfferCard] = []
        self.matches: list[Match] = []
        self.online_offers: list[Offer] = []
        self._pool: dict[str, OfferCard] = {}  # offer id → its card, shown or hidden
        # Cards of the current list not shown yet (they follow after the first frame).
        self._unrevealed: list[OfferCard] = []
        # … and what they will show, filled in when they come (a language switch then costs
        # only the cards in view: the others are shaped and wrapped after the first frame).
        # (the arguments only: a bound method kept here would tie the screen into a cycle)
        self._pending: dict[str, tuple[Match, dt.datetime, int]] = {}
        self._watched_card: OfferCard | None = None
        self._reveal = QTimer(self)
        self._reveal.setSingleShot(True)
        self._reveal.timeout.connect(self._reveal_more)
        self.retranslate()

    # -- the question ----------------------------------------------------------------------
    def show_results(self, band_id: str | None, need_id: str | None) -> None:
        self._query = (band_id, need_id)
        self._mode = CHOSEN
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()  # title and cards in the current language
        self._stale = False

    def mode(self) -> str:
        return self._mode

    def _widen(self, mode: str) -> None:
        """A way forward from an empty list: the same age with every topic, or the general
        offers. The screen asks again itself; "Back" still leads to the visitor's choices."""
        if self._query is None:
            return
        self._mode = mode
        self.scroll.verticalScrollBar().setValue(0)
        self._fill()
        self.widened.emit(mode)

    def _matches(self, now: dt.datetime) -> list[Match]:
        band_id, need_id = self._query
        code = self.cat.code
        if self._mode == ALL_FOR_AGE:
            return self._data.results(code, band_id, None, now)
        if self._mode == GENERAL:
            general = {offer.id for offer in self._data.general_offers()}
            return [m for m in self._data.results(code, None, None, now) if m.offer.id in general]
        return self._data.results(code, band_id, need_id, now)

    def _fill(self) -> None:
        """Show the cards of the current query in the current language.

        Cards are kept for the offers they show: a language switch or the next query fills
        them again in place (hidden when not matching), instead of building every card anew.
        """
        cat = self.cat
        now = self._clock()
        matches = [] if self._query is None else self._matches(now)
        self.matches = matches
        settings = self._data.current_settings()
        self.cards = []
        self._stop_revealing()
        room = self.scroll.viewport().height()
        width = self._list.width() or self.scroll.viewport().width()
        holder = self.parentWidget()
        if holder is not None and holder.size() != self.size():
            # Not laid out at the window's size yet (the first list of the day, a turned
            # screen): the whole page is the upper bound of what the view will show.
            room, width = holder.height(), holder.width()
        used = 0
        for index, match in enumerate(matches):
            card = self._pool.get(match.offer.id)
            if card is None:
                card = OfferCard(match.offer.id, self._list)
                card.kind_icon.set_side(self._metrics.mm(12))
                card.clicked.connect(
                    lambda _=False, oid=match.offer.id: self.offer_chosen.emit(oid)
                )
                self._pool[match.offer.id] = card
            if self._list_layout.indexOf(card) != index:
                self._list_layout.removeWidget(card)
                self._list_layout.insertWidget(index, card)
            fill = (match, now, settings.verify_after_months)
            if used <= room:
                self._show_match(card, *fill)
                card.show()
                used += card.heightForWidth(width) + self._list_layout.spacing()
            else:
                card.hide()
                self._pending[card.offer_id] = fill
                self._unrevealed.append(card)
            self.cards.append(card)
        self._reveal_after_next_frame()
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
            self._hide_help()
            return
        band_id, need_id = self._query
        parts = []
        band = self._data.age_band(band_id)
        if band is not None and self._mode != GENERAL:
            parts.append(age_band_label(cat, band))
        if self._mode == GENERAL:
            # TRANSLATORS: results subtitle after "General offers" was tapped: the city's
            # offices that help everyone with every topic
            parts.append(cat._("General offers for everyone"))
        elif need_id and self._mode == CHOSEN:
            parts.append(need_label(cat, need_id))
        else:
            parts.append(cat._("All topics"))
        count = cat.n_("{n} offer", "{n} offers", len(matches))
        self.subtitle.setText(" · ".join([*parts, count]))
        self._show_help(matches, now)

    def _show_match(
        self, card: OfferCard, match: Match, now: dt.datetime, verify_after_months: int
    ) -> None:
        cat = self.cat
        # TRANSLATORS: a mark on an offer card: its counsellors speak the visitor's language
        badge = cat._("✓ Help in your language") if match.speaks_language else ""
        view = present(
            cat, match.offer, now, hint=match.hint, verify_after_months=verify_after_months
        )
        card.show_view(view, badge, rtl=cat.is_rtl)

    def _complete(self, card: OfferCard) -> None:
        """Fill a card that waited for its turn with what it shows."""
        fill = self._pending.pop(card.offer_id, None)
        if fill is not None:
            self._show_match(card, *fill)

    def complete_cards(self) -> None:
        """Every card of the list filled (read-aloud reads them all, shown yet or not)."""
        for card in self.cards:
            self._complete(card)

    # -- the rest of the list after the first frame --------------------------------------------
    # Laying out a card costs a few milliseconds (its texts are shaped and wrapped, twice when
    # the reading direction changed), and a list may hold 20 or more. Only the cards that fill
    # the visible part of the list are shown before the first frame; the others follow a few
    # per turn of the event loop once that frame is drawn, while the visitor reads the first
    # ones, and long before a finger could scroll to them. ``revealed`` says when all are there.

    def revealed(self) -> bool:
        """Every card of the current list is shown (none waits for its turn)."""
        return not self._unrevealed

    def _reveal_after_next_frame(self) -> None:
        if not self._unrevealed or not self.isVisible():
            return
        first = self.cards[0]
        if self._watched_card is not first:
            self._unwatch_card()
            first.installEventFilter(self)
            self._watched_card = first
        self._reveal.start(REVEAL_FALLBACK_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched_card and event.type() == QEvent.Type.Paint:
            # (the frame with the first cards is being drawn: go on right after it)
            self._unwatch_card()
            self._reveal.start(0)
        return False

    def _unwatch_card(self) -> None:
        if self._watched_card is not None:
            self._watched_card.removeEventFilter(self)
            self._watched_card = None

    def _reveal_more(self) -> None:
        if not self.isVisible():
            return  # (on the next show)
        batch, self._unrevealed = self._unrevealed[:REVEAL_BATCH], self._unrevealed[REVEAL_BATCH:]
        for card in batch:
            self._complete(card)
            card.show()
        if self._unrevealed:
            self._reveal.start(0)

    def _stop_revealing(self) -> None:
        self._reveal.stop()
        self._unwatch_card()
        self._unrevealed = []
        self._pending = {}

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._reveal_after_next_frame()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._reveal.stop()
        self._unwatch_card()

    # -- what helps besides the cards --------------------------------------------------------
    def _hide_help(self) -> None:
        for widget in (self.language_notice, self.empty, self._ways, self._online):
            widget.hide()
        self.online_offers = []

    def _show_help(self, matches: list[Match], now: dt.datetime) -> None:
        cat = self.cat
        band_id, need_id = self._query
        # No offer in the visitor's language: say so, in their language, and what helps.
        no_language = nobody_speaks(matches)
        if no_language:
            related = [
                code
                for code in related_languages(cat.code)
                if any(
                    m.facts.language is LanguageFit.RELATED and _lists(m.offer, code)
                    for m in matches
                )
            ]
            general = any(m.facts.language is LanguageFit.GENERAL for m in matches)
            interpreting = [m.offer.name for m in matches if mentions_interpreting(m.offer)]
            self.language_notice.setText(
                "\n".join(no_language_lines(cat, cat.code, related, general, interpreting))
            )
        self.language_notice.setVisible(no_language)
        # Nothing matches: say so and offer the ways forward, one tap each.
        empty = not matches
        if empty:
            if self._mode == GENERAL:
                # TRANSLATORS: results screen: not even the general offers are available now
                text = cat._("No general offer is available right now. Please ask at the counter.")
            else:
                # TRANSLATORS: results screen when nothing matches the visitor's choice; the
                # buttons below it lead on
                text = cat._(
                    "No offer matches this choice. The buttons below show more offers, "
                    "or ask the staff at the counter."
                )
            self.empty.setText(text)
            # TRANSLATORS: button on an empty results screen: the offers for the visitor's age
            # on every topic (the chosen topic is dropped)
            self.all_for_age.set_texts(cat._("All offers for your age"))
            # TRANSLATORS: button on an empty results screen: offices for everyone
            general = cat._("General offers")
            # TRANSLATORS: second line of the button above: e.g. the city's integration office
            example = cat._("For example the city's integration office")
            self.general.set_texts(general, example)
            self.all_for_age.setVisible(self._mode == CHOSEN and need_id is not None)
            self.general.setVisible(self._mode != GENERAL and bool(self._data.general_offers()))
        self.empty.setVisible(empty)
        self._ways.setVisible(
            empty
            and (self.all_for_age.isVisibleTo(self._ways) or self.general.isVisibleTo(self._ways))
        )
        # Online counselling for the age when no office helps now.
        all_closed = offices_all_closed(matches, now)
        online = []
        if online_help_wanted(matches, now):
            online = self._data.online_services(band_id)[:MAX_ONLINE]
        self.online_offers = online
        target = self._metrics.mm(ONLINE_QR_MM)
        side = Qt.AlignmentFlag.AlignRight if cat.is_rtl else Qt.AlignmentFlag.AlignLeft
        for number, row in enumerate(self._online_rows):
            offer = online[number] if number < len(online) else None
            link = web_link(offer.contact) if offer is not None else None
            if link is None:
                row.hide()
                continue
            matrix = qr_matrix(link, ErrorCorrection.SCREEN)
            shown = text_for(offer, cat.code).text
            caption = online_caption(cat, offer.name, all_closed and not empty)
            if shown is not None and shown.summary:
                caption = f"{caption}\n{shown.summary}"
            caption = f"{caption}\n{cat.ltr(link.split('://', 1)[-1].rstrip('/'))}"
            # (under the code its kind, "Online counselling"; beside it what scanning does)
            self.online_codes[number].set_code(
                link, matrix, kind_label(cat, OfferKind.ONLINE_SERVICE), target, CodeKind.WEB
            )
            self.online_codes[number].setAccessibleName(caption)
            self.online_texts[number].setText(caption)
            self.online_texts[number].setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
            row.show()
        self._online.setVisible(bool(online))

    def retranslate(self) -> None:
        self.title.setText(self.cat._("Offers for you"))
        self._fill()

    def reset(self) -> None:
        self._query = None
        self._mode = CHOSEN
        self._fill()
        self.subtitle.clear()

    # -- read-aloud ------------------------------------------------------------------------
    def spoken_parts(self) -> list[tuple[str, str]]:
        """Title and count, the notices, then each card's headline, name and opening (see
        OfferCard)."""
        self.complete_cards()
        lines = [self.title.text(), self.subtitle.text()]
        for notice in (self.language_notice, self.empty):
            if notice.isVisibleTo(self):
                lines.append(notice.text())
        parts = [(sentences(lines), self.cat.code)]
        for card in self.cards:
            parts += card.spoken_parts(self._data.offer(card.offer_id), self.cat.code)
        return parts

    def spoken_text(self) -> str:
        return "\n".join(text for text, _ in self.spoken_parts())


def _lists(offer: Offer, base: str) -> bool:
    return any(primary_language(code) == base for code in offer.languages)
