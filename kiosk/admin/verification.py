"""The "to verify" list: offers to check again, oldest check first (staff screen and CLI)."""

from __future__ import annotations

import datetime as dt
import sqlite3

from kiosk.admin.settings import load_configuration
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository
from kiosk.domain.verification import DueOffer, due_for_verification


def offers_to_verify(conn: sqlite3.Connection, today: dt.date) -> tuple[list[DueOffer], int]:
    """The due offers and the number of months the ``verify_after_months`` setting allows."""
    months = load_configuration(conn).verify_after_months
    visitor_languages = [lang.code for lang in CatalogueRepository(conn).enabled_languages()]
    offers = OfferRepository(conn).all()
    return due_for_verification(offers, today, months, visitor_languages), months
