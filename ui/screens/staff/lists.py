"""Staff lists: all offers (to edit), offers to verify (oldest check first), the change log."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.admin.desk import StaffDesk
from kiosk.domain.models import Offer
from kiosk.domain.verification import DueReason, reason_text
from kiosk.i18n import Catalogue
from ui.screens.base import Screen, discard, make_label, make_scroll_area
from ui.screens.staff.common import StaffEntryButton, make_button
from ui.screens.staff.content_status import managed_notice

AUDIT_LIMIT = 200
_VALUE_LIMIT = 160


def offer_state_line(cat: Catalogue, offer: Offer) -> str:
    state = cat._("shown to visitors") if offer.active else cat._("hidden from visitors")
    if offer.verified_on:
        checked = cat._("last checked {date}", date=cat.date(offer.verified_on, "medium"))
    else:
        checked = cat._("never checked")
    return " · ".join((cat.isolate(offer.id), state, checked))


class _ListScreen(Screen):
    """A title, a notice line and a scrolling column of entries."""

    def __init__(self, desk: StaffDesk, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._desk = desk
        self.subtitle = make_label(f"{self.screen_name}_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)
        self.notice = make_label(f"{self.screen_name}_notice", "notice", self)
        self.notice.hide()
        self._layout.addWidget(self.notice)
        # a kiosk whose offers come from the central office says so (and edits nothing)
        self.managed = make_label(f"{self.screen_name}_managed", "notice", self)
        self.managed.hide()
        self._layout.addWidget(self.managed)
        self._managed = False
        self.tools = QHBoxLayout()
        self._layout.addLayout(self.tools)
        self._content = QWidget()
        self._content.setObjectName(f"{self.screen_name}_list")
        self._column = QVBoxLayout(self._content)
        self._column.setSpacing(self._metrics.gap)
        self._column.setContentsMargins(0, 0, self._metrics.gap, 0)
        self._column.addStretch(1)
        self.scroll = make_scroll_area(f"{self.screen_name}_scroll", self._content, self)
        self._layout.addWidget(self.scroll, 1)
        self.entries: list[QWidget] = []

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _clear(self) -> None:
        for entry in self.entries:
            self._column.removeWidget(entry)
            discard(entry)
        self.entries = []

    def _add(self, widget: QWidget) -> None:
        self._column.insertWidget(len(self.entries), widget)
        self.entries.append(widget)

    def refresh(self) -> None:
        """Read the list again and show it (retranslate only re-renders what was read)."""
        self.load()
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()

    def load(self) -> None:
        """Read what the list shows from the database."""

    def _show_managed(self) -> None:
        self.managed.setText(managed_notice(self.cat) if self._managed else "")
        self.managed.setVisible(self._managed)


class OfferListScreen(_ListScreen):
    """Every offer, shown or hidden; tap one to edit it, or start a new one."""

    screen_name = "staff_offers"
    offer_chosen = Signal(str)
    new_requested = Signal()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_offer = make_button("staff_new_offer", self._metrics, self)
        self.new_offer.clicked.connect(self.new_requested)
        self.tools.addWidget(self.new_offer)
        self.tools.addStretch(1)
        self.refresh()

    def load(self) -> None:
        self._offers = sorted(self._desk.offers.all_offers(), key=lambda o: o.name.casefold())
        self._managed = self._desk.content_managed()

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("Offers"))
        self.new_offer.setText(cat._("New offer"))
        self.new_offer.setAccessibleName(self.new_offer.text())
        self.new_offer.setEnabled(not self._managed)
        self._show_managed()
        offers = self._offers
        self.subtitle.setText(cat.n_("{n} offer", "{n} offers", len(offers)))
        self._clear()
        for offer in offers:
            entry = StaffEntryButton(f"staff_offer_{offer.id}", self._metrics, self._content)
            entry.set_texts(offer.name, offer_state_line(cat, offer))
            entry.clicked.connect(lambda _=False, oid=offer.id: self.offer_chosen.emit(oid))
            self._add(entry)


class VerifyListScreen(_ListScreen):
    """Offers not checked for too long, without a way to reach them or without a map position,
    oldest check first."""

    screen_name = "staff_verify"
    offer_chosen = Signal(str)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refresh()

    def load(self) -> None:
        self._due, self._months = self._desk.to_verify()
        self._managed = self._desk.content_managed()

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("To verify"))
        self._show_managed()
        due, months = self._due, self._months
        # TRANSLATORS: staff "to verify" list, above the offers; a map position is the latitude
        # and longitude that put a pin on the map QR code
        rule = cat._(
            "Not checked for more than {months} months, no way to reach them or no map "
            "position, oldest first.",
            months=months,
        )
        # TRANSLATORS: staff "to verify" list, after the sentence above: an active offer that
        # has no text (what it does) in one of the languages visitors can choose
        texts = cat._("Active offers without a text in a visitor language are listed too.")
        # TRANSLATORS: staff "to verify" list, after the sentence above: a translation was
        # written for an earlier German text (the German text was changed since)
        outdated = cat._("So are active offers with an outdated translation.")
        count = cat.n_("{n} offer", "{n} offers", len(due))
        self.subtitle.setText(f"{rule} {texts} {outdated} {count}")
        self._clear()
        self.show_notice("" if due else cat._("Nothing to verify. Every offer is up to date."))
        for item in due:
            entry = StaffEntryButton(f"staff_verify_{item.offer.id}", self._metrics, self._content)
            # which languages: the staff member writes (or updates) those texts
            languages = {
                DueReason.MISSING_TEXTS: item.missing_texts,
                DueReason.OUTDATED_TEXTS: item.outdated_texts,
            }
            parts = []
            for reason in item.reasons:
                part = reason_text(reason, months, cat._)
                if languages.get(reason):
                    names = cat.join([cat.language_name(code) for code in languages[reason]])
                    part = f"{part}: {names}"
                parts.append(part)
            reasons = "; ".join(parts)
            entry.set_texts(item.offer.name, f"{offer_state_line(cat, item.offer)} — {reasons}")
            entry.clicked.connect(lambda _=False, oid=item.offer.id: self.offer_chosen.emit(oid))
            self._add(entry)


def _shorten(value: str) -> str:
    flat = value.replace("\n", " ⏎ ")
    return flat if len(flat) <= _VALUE_LIMIT else flat[: _VALUE_LIMIT - 1] + "…"


class AuditLogScreen(_ListScreen):
    """The newest changes first: when, who, which offer and field, old → new."""

    screen_name = "staff_audit"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refresh()

    def load(self) -> None:
        self._entries = self._desk.audit_log(AUDIT_LIMIT)

    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(cat._("Change log"))
        entries = self._entries
        self.subtitle.setText(
            cat.n_(
                "{n} change, newest first.", "The newest {n} changes, newest first.", len(entries)
            )
            if entries
            else cat._("No changes yet.")
        )
        self._clear()
        for index, entry in enumerate(entries):
            frame = QFrame(self._content)
            frame.setObjectName(f"staff_audit_entry_{index}")
            frame.setProperty("role", "audit")
            box = QVBoxLayout(frame)
            m = self._metrics
            box.setContentsMargins(m.px(14), m.px(8), m.px(14), m.px(8))
            box.setSpacing(m.px(2))
            when = cat.datetime(entry.at.astimezone().replace(tzinfo=None), "short")
            # TRANSLATORS: change log: a change that concerns the whole kiosk, not one offer
            place = cat.isolate(entry.offer_id) if entry.offer_id else cat._("kiosk")
            head = make_label(f"staff_audit_entry_{index}_head", "secondary", frame)
            head.setText(" · ".join((when, cat.isolate(entry.actor), place)))
            body = make_label(f"staff_audit_entry_{index}_change", "", frame)
            body.setText(
                cat._(
                    "{field}: “{old}” → “{new}”",
                    field=cat.isolate(entry.field),
                    old=cat.isolate(_shorten(entry.old)),
                    new=cat.isolate(_shorten(entry.new)),
                )
            )
            box.addWidget(head)
            box.addWidget(body)
            self._add(frame)
