"""Editing one offer: load it as a form, check it, save it with its audit entries at once.

Shared by the staff screens (and usable from scripts). Saving is one transaction: the offer and
one audit entry per changed field are written together or not at all; a form with problems,
or without changes, writes nothing. A changed German text marks the other languages' texts
``outdated`` (:func:`kiosk.domain.texts.mark_outdated`) unless staff call it a minor edit.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.admin.access import utc_now
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository, transaction
from kiosk.db.staff_repository import AuditRepository, LanguageListRepository
from kiosk.domain.changes import AuditEntry, FieldChange
from kiosk.domain.models import Offer
from kiosk.domain.offer_form import OfferForm, offer_changes, offer_to_form
from kiosk.domain.texts import mark_outdated
from kiosk.domain.validation import Problem, ValidationContext, parse_offer_form, problem
from kiosk.i18n import N_


def local_today(clock: Callable[[], dt.datetime]) -> dt.date:
    """Today's date where the kiosk stands (the clock gives aware UTC or naive local time)."""
    now = clock()
    return (now.astimezone() if now.tzinfo else now).date()


def validation_context(conn: sqlite3.Connection, today: dt.date) -> ValidationContext:
    return ValidationContext(
        text_languages=frozenset(LanguageListRepository(conn).codes()),
        need_ids=frozenset(n.id for n in CatalogueRepository(conn).needs()),
        today=today,
    )


def audit_entries(
    changes: list[FieldChange], offer_id: str, actor: str, now: dt.datetime
) -> list[AuditEntry]:
    return [AuditEntry(now, actor, offer_id, c.field, c.old, c.new) for c in changes]


@dataclass(frozen=True)
class SaveResult:
    """What saving did: problems (nothing written) or the changes written (may be none)."""

    problems: list[Problem] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    offer: Offer | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


class OfferEditing:
    """The offer editor's use cases."""

    def __init__(self, conn: sqlite3.Connection, clock: Callable[[], dt.datetime] = utc_now):
        self._conn = conn
        self._clock = clock
        self._offers = OfferRepository(conn)

    def today(self) -> dt.date:
        return local_today(self._clock)

    def all_offers(self) -> list[Offer]:
        return self._offers.all()

    def get(self, offer_id: str) -> Offer | None:
        return self._offers.get(offer_id)

    def form_for(self, offer_id: str) -> OfferForm | None:
        offer = self._offers.get(offer_id)
        return offer_to_form(offer) if offer else None

    def blank_form(self) -> OfferForm:
        """A new offer: inactive, German and English texts to fill in, source "staff"."""
        form = OfferForm()
        form.fields.update(kind="association", active="no", appointment_only="no")
        form.fields["source"] = "staff"
        form.texts = {
            lang: {"status": "missing", "summary": "", "description": "", "audience": ""}
            for lang in ("de", "en")
            if lang in self.context().text_languages
        }
        return form

    def context(self) -> ValidationContext:
        return validation_context(self._conn, self.today())

    def check(self, form: OfferForm) -> list[Problem]:
        return parse_offer_form(form, self.context())[1]

    def save(
        self,
        form: OfferForm,
        *,
        original_id: str | None,
        actor: str = "staff",
        minor_edit: bool = False,
    ) -> SaveResult:
        """Save an edited offer (``original_id``) or a new one (``None``). A changed German
        text leaves the other languages ``outdated`` unless ``minor_edit`` (a typo fixed)."""
        offer, found = parse_offer_form(form, self.context())
        if offer is not None and original_id is not None and offer.id != original_id:
            found = [problem("id", N_("The id of an existing offer cannot be changed."))]
        if offer is not None and original_id is None and self._offers.get(offer.id):
            found = [problem("id", N_("An offer with this id exists already."))]
        if found or offer is None:
            return SaveResult(problems=found)
        now = self._clock()
        with transaction(self._conn):
            old = self._offers.get(offer.id)
            offer = mark_outdated(old, offer, minor_edit=minor_edit)
            changes = offer_changes(old, offer)
            if changes:
                self._offers.save(offer)
                AuditRepository(self._conn).add(audit_entries(changes, offer.id, actor, now))
        return SaveResult(changes=changes, offer=offer)
