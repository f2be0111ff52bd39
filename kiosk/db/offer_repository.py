"""Reading and writing offers with their texts, needs, languages and hours (the SQL of them).

Returns the dataclasses of :mod:`kiosk.domain.models`; writes are grouped by the caller in one
transaction (:func:`kiosk.db.repository.transaction`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict

from kiosk.domain.models import (
    Address,
    Contact,
    DayHours,
    DayStatus,
    HoursException,
    Offer,
    OfferKind,
    OfferText,
    TextStatus,
    TimeSlot,
    WeeklyHours,
)


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def _slots_from_text(text: str) -> tuple[TimeSlot, ...]:
    slots = []
    for part in filter(None, text.split(",")):
        start, end = part.split("-")
        slots.append(TimeSlot(_time(start), _time(end)))
    return tuple(slots)


def _slots_to_text(slots: tuple[TimeSlot, ...]) -> str:
    return ",".join(f"{s.start:%H:%M}-{s.end:%H:%M}" for s in slots)


_OFFER_COLUMNS = (
    "id, kind, provider, name, min_age, max_age, street, postcode, city, district, lat, lon, "
    "stop, phone, email, web, hours_known, appointment_only, accessibility, source, "
    "verified_on, active, staff_note"
)


class OfferRepository:
    """Offers with their texts, needs, languages and hours."""

    def __init__(self, conn: sqlite3.Connection):
        self._conn = conn

    # -- reading ---------------------------------------------------------------------------
    def all(self, *, active_only: bool = False) -> list[Offer]:
        where = " WHERE active = 1" if active_only else ""
        rows = self._conn.execute(f"SELECT {_OFFER_COLUMNS} FROM offer{where} ORDER BY id")
        return self._assemble(rows.fetchall())

    def get(self, offer_id: str) -> Offer | None:
        rows = self._conn.execute(
            f"SELECT {_OFFER_COLUMNS} FROM offer WHERE id = ?", (offer_id,)
        ).fetchall()
        found = self._assemble(rows)
        return found[0] if found else None

    def _assemble(self, rows: list[tuple]) -> list[Offer]:
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        texts: dict[str, dict[str, OfferText]] = defaultdict(dict)
        for offer_id, lang, summary, description, audience, status in self._conn.execute(
            "SELECT offer_id, lang, summary, description, audience, status FROM offer_text "
            f"WHERE offer_id IN ({marks})",
            ids,
        ):
            texts[offer_id][lang] = OfferText(
                lang, summary, description, audience, TextStatus(status)
            )
        needs: dict[str, set[str]] = defaultdict(set)
        for offer_id, need_id in self._conn.execute(
            f"SELECT offer_id, need_id FROM offer_need WHERE offer_id IN ({marks})", ids
        ):
            needs[offer_id].add(need_id)
        spoken: dict[str, list[str]] = defaultdict(list)
        for offer_id, lang in self._conn.execute(
            f"SELECT offer_id, lang FROM offer_language WHERE offer_id IN ({marks}) "
            "ORDER BY offer_id, position",
            ids,
        ):
            spoken[offer_id].append(lang)
        days: dict[str, dict[int, DayStatus]] = defaultdict(dict)
        for offer_id, weekday, status in self._conn.execute(
            f"SELECT offer_id, weekday, status FROM offer_day WHERE offer_id IN ({marks})", ids
        ):
            days[offer_id][weekday] = DayStatus(status)
        slots: dict[tuple[str, int], list[TimeSlot]] = defaultdict(list)
        for offer_id, weekday, start, end in self._conn.execute(
            f"SELECT offer_id, weekday, start_time, end_time FROM offer_slot "
            f"WHERE offer_id IN ({marks}) ORDER BY start_time",
            ids,
        ):
            slots[(offer_id, weekday)].append(TimeSlot(_time(start), _time(end)))
        exceptions: dict[str, list[HoursException]] = defaultdict(list)
        for offer_id, day, status, slot_text, note in self._conn.execute(
            f"SELECT offer_id, day, status, slots, note FROM offer_exception "
            f"WHERE offer_id IN ({marks}) ORDER BY day",
            ids,
        ):
            exceptions[offer_id].append(
                HoursException(
                    dt.date.fromisoformat(day),
                    DayHours(DayStatus(status), _slots_from_text(slot_text)),
                    note,
                )
            )

        offers = []
        for row in rows:
            (
                oid,
                kind,
                provider,
                name,
                min_age,
                max_age,
                street,
                postcode,
                city,
                district,
                lat,
                lon,
                stop,
                phone,
                email,
                web,
                hours_known,
                appointment_only,
                accessibility,
                source,
                verified_on,
                active,
                staff_note,
            ) = row
            hours = None
            if hours_known:
                week = tuple(
                    DayHours(days[oid].get(i, DayStatus.CLOSED), tuple(slots.get((oid, i), ())))
                    for i in range(7)
                )
                hours = WeeklyHours(week, tuple(exceptions[oid]))
            offers.append(
                Offer(
                    id=oid,
                    kind=OfferKind(kind),
                    provider=provider,
                    name=name,
                    texts=dict(texts[oid]),
                    min_age=min_age,
                    max_age=max_age,
                    needs=frozenset(needs[oid]),
                    languages=tuple(spoken[oid]),
                    address=Address(street, postcode, city, district, lat, lon, stop),
                    contact=Contact(phone, email, web),
                    hours=hours,
                    appointment_only=bool(appointment_only),
                    accessibility=accessibility,
                    source=source,
                    verified_on=dt.date.fromisoformat(verified_on) if verified_on else None,
                    active=bool(active),
                    staff_note=staff_note,
                )
            )
        return offers

    # -- writing (inside the caller's transaction) -----------------------------------------
    def save(self, offer: Offer) -> None:
        """Insert or fully replace one offer with everything that belongs to it."""
        self.save_many([offer])

    def save_many(self, offers: list[Offer]) -> None:
        """Insert or fully replace offers with everything that belongs to them, one
        statement per table (a content release writes thousands at once)."""
        self._conn.executemany("DELETE FROM offer WHERE id = ?", [(o.id,) for o in offers])
        self._conn.executemany(
            f"INSERT INTO offer ({_OFFER_COLUMNS}) VALUES ({','.join('?' * 23)})",
            [
                (
                    offer.id,
                    offer.kind.value,
                    offer.provider,
                    offer.name,
                    offer.min_age,
                    offer.max_age,
                    offer.address.street,
                    offer.address.postcode,
                    offer.address.city,
                    offer.address.district,
                    offer.address.lat,
                    offer.address.lon,
                    offer.address.stop,
                    offer.contact.phone,
                    offer.contact.email,
                    offer.contact.web,
                    int(offer.hours is not None),
                    int(offer.appointment_only),
                    offer.accessibility,
                    offer.source,
                    offer.verified_on.isoformat() if offer.verified_on else None,
                    int(offer.active),
                    offer.staff_note,
                )
                for offer in offers
            ],
        )
        self._conn.executemany(
            "INSERT INTO offer_text (offer_id, lang, summary, description, audience, status) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (offer.id, t.lang, t.summary, t.description, t.audience, t.status.value)
                for offer in offers
                for t in offer.texts.values()
            ],
        )
        self._conn.executemany(
            "INSERT INTO offer_need (offer_id, need_id) VALUES (?, ?)",
            [(offer.id, n) for offer in offers for n in sorted(offer.needs)],
        )
        self._conn.executemany(
            "INSERT INTO offer_language (offer_id, lang, position) VALUES (?, ?, ?)",
            [(offer.id, lang, i) for offer in offers for i, lang in enumerate(offer.languages)],
        )
        timed = [offer for offer in offers if offer.hours is not None]
        self._conn.executemany(
            "INSERT INTO offer_day (offer_id, weekday, status) VALUES (?, ?, ?)",
            [
                (offer.id, weekday, day.status.value)
                for offer in timed
                for weekday, day in enumerate(offer.hours.days)
            ],
        )
        self._conn.executemany(
            "INSERT INTO offer_slot (offer_id, weekday, start_time, end_time) VALUES (?, ?, ?, ?)",
            [
                (offer.id, weekday, f"{s.start:%H:%M}", f"{s.end:%H:%M}")
                for offer in timed
                for weekday, day in enumerate(offer.hours.days)
                for s in day.slots
            ],
        )
        self._conn.executemany(
            "INSERT INTO offer_exception (offer_id, day, status, slots, note) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    offer.id,
                    e.date.isoformat(),
                    e.hours.status.value,
                    _slots_to_text(e.hours.slots),
                    e.note,
                )
                for offer in timed
                for e in offer.hours.exceptions
            ],
        )
