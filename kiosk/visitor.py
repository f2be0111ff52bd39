"""What the visitor screens ask of the core: lists to choose from and matching offers.

One object, built on an open database connection, that keeps the active offers in memory (a
kiosk holds a few dozen) and answers every visitor question without SQL in the UI. The offers
and their index are read when first asked for: the start screen, drawn before anything else,
needs only the languages.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import TYPE_CHECKING, NamedTuple

from kiosk.db.repository import CatalogueRepository, SettingsRepository
from kiosk.domain import settings as declared
from kiosk.domain.choices import AgeBand, Language, Need

if TYPE_CHECKING:
    from kiosk.domain.matching import Match, OfferIndex
    from kiosk.domain.models import Offer


class KioskSettings(NamedTuple):
    """Operational settings of this kiosk, read from the database (:meth:`VisitorCatalogue.
    settings`, with the bounds declared in :mod:`kiosk.domain.settings`). A named tuple for the
    same reason as :class:`~kiosk.domain.settings.Setting`."""

    idle_timeout_ms: int = 1000 * declared.IDLE_TIMEOUT.default
    idle_warning_ms: int = 1000 * declared.IDLE_WARNING.default
    location: str = declared.LOCATION.default
    printer: str = declared.PRINTER.default  # CUPS queue for handouts; empty: no printer
    printer_paper: str = declared.PRINTER_PAPER.default  # "a4" or "receipt" (80 mm roll)
    print_notice_ms: int = 1000 * declared.PRINT_NOTICE.default  # "please take your sheet"
    # Staff mode: how long the hidden corner must be held, and its own idle time.
    staff_gesture_ms: int = 1000 * declared.STAFF_GESTURE.default
    staff_idle_ms: int = 1000 * declared.STAFF_IDLE_TIMEOUT.default
    # How far a visitor's eyes are from the screen: large text is sized for it (0.7° for a
    # capital H, EN 301 549 5.1.4).
    viewing_distance_cm: int = declared.VIEWING_DISTANCE.default
    # Information last checked longer ago than this is shown to visitors as old (and staff
    # find the offer on their "to verify" list).
    verify_after_months: int = declared.VERIFY_AFTER_MONTHS.default
    # Offers whose information is older than this are not shown to visitors; 0: all shown
    # (old ones with a note to call first).
    hide_outdated_after_months: int = declared.HIDE_OUTDATED_AFTER_MONTHS.default


class VisitorCatalogue:
    """Languages, age bands, needs and offers as the visitor screens need them."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn
        self.reload()

    def reload(self) -> None:
        """Read everything again (after staff changed the data)."""
        lists = CatalogueRepository(self._conn)
        self._languages = lists.enabled_languages()
        self._bands = lists.age_bands()
        self._needs = lists.needs()
        self._loaded: tuple[list[Offer], dict[str, Offer], OfferIndex] | None = None
        self._cached_settings: KioskSettings | None = None

    def _active(self) -> tuple[list[Offer], dict[str, Offer], OfferIndex]:
        """The active offers, by id and indexed for matching (read at the first question)."""
        if self._loaded is None:
            from kiosk.db.offer_repository import OfferRepository
            from kiosk.domain.matching import OfferIndex

            offers = OfferRepository(self._conn).all(active_only=True)
            self._loaded = (offers, {o.id: o for o in offers}, OfferIndex(offers))
        return self._loaded

    @property
    def _offers(self) -> list[Offer]:
        return self._active()[0]

    def languages(self) -> list[Language]:
        return list(self._languages)

    def age_bands(self) -> list[AgeBand]:
        return list(self._bands)

    def age_band(self, band_id: str | None) -> AgeBand | None:
        return next((b for b in self._bands if b.id == band_id), None)

    def needs(self) -> list[Need]:
        return list(self._needs)

    def offers(self) -> list[Offer]:
        """Every active offer."""
        return list(self._offers)

    def offer(self, offer_id: str) -> Offer | None:
        return self._active()[1].get(offer_id)

    def results(
        self,
        language: str,
        band_id: str | None,
        need_id: str | None,
        now: dt.datetime | None = None,
        settings: KioskSettings | None = None,
    ) -> list[Match]:
        """Matching offers, what helps this visitor first (:mod:`kiosk.domain.ranking`) at
        ``now`` (naive local time). Without ``now`` the hours and the age of the information
        cannot count (for callers that only need which offers match)."""
        settings = settings if settings is not None else self.current_settings()
        return self._active()[2].match(
            language,
            self.age_band(band_id),
            need_id,
            now,
            verify_after_months=settings.verify_after_months,
            hide_outdated_after_months=settings.hide_outdated_after_months if now else 0,
        )

    def current_settings(self) -> KioskSettings:
        """The settings as of the last :meth:`reload` (a query must not wait on the database
        more than once per data change)."""
        if self._cached_settings is None:
            self._cached_settings = self.settings()
        return self._cached_settings

    def online_services(self, band_id: str | None) -> list[Offer]:
        """Active online counselling with a web address that fits the age band (mbeon 27+,
        jmd4you 12–26): what a visitor can use when no office fits now."""
        from kiosk.domain.matching import age_overlaps
        from kiosk.domain.models import OfferKind

        band = self.age_band(band_id)
        return [
            offer
            for offer in self._offers
            if offer.kind is OfferKind.ONLINE_SERVICE
            and offer.active
            and offer.contact.web
            and age_overlaps(offer, band)
        ]

    def general_offers(self) -> list[Offer]:
        """Offers for everyone on every topic, such as the city's integration office: a way
        forward when nothing else matches (active city offices without an age rule)."""
        from kiosk.domain.models import OfferKind

        return [
            offer
            for offer in self._offers
            if offer.active and offer.kind is OfferKind.CITY_OFFICE and not offer.has_age_rule
        ]

    def settings(self) -> KioskSettings:
        stored = SettingsRepository(self._conn)

        def read(setting: declared.Setting):
            return setting.read(stored.get(setting.key))

        return KioskSettings(
            idle_timeout_ms=1000 * read(declared.IDLE_TIMEOUT),
            idle_warning_ms=1000 * read(declared.IDLE_WARNING),
            location=read(declared.LOCATION),
            printer=read(declared.PRINTER),
            printer_paper=read(declared.PRINTER_PAPER).lower(),
            print_notice_ms=1000 * read(declared.PRINT_NOTICE),
            staff_gesture_ms=1000 * read(declared.STAFF_GESTURE),
            staff_idle_ms=1000 * read(declared.STAFF_IDLE_TIMEOUT),
            viewing_distance_cm=read(declared.VIEWING_DISTANCE),
            verify_after_months=read(declared.VERIFY_AFTER_MONTHS),
            hide_outdated_after_months=read(declared.HIDE_OUTDATED_AFTER_MONTHS),
        )
