"""Visitor scenarios through ``kiosk-admin match``: language, age, need and moment → which
offers must and must not appear, and in which order (reachability and language).

Most scenarios run on a small database built here (the seed's languages, age bands and needs;
the seed's offers switched off, a dozen offers of our own), so they do not change when the
seed data does. A few run on the real seed and assert only facts that must hold whatever its
offers say (JMD never at 27+, MBE never at 18–26, closed organisations never, unreachable
offers last).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import SettingsRepository
from kiosk.db.seeding import build_database
from kiosk.domain.models import (
    CLOSED_DAY,
    Address,
    Contact,
    DayHours,
    DayStatus,
    Offer,
    OfferKind,
    OfferText,
    TextStatus,
    TimeSlot,
    WeeklyHours,
)

FRESH = dt.date(2026, 10, 1)  # checked within six months of the scenario moments
OLD = dt.date(2011, 1, 1)
MONDAY_10 = "2026-12-07T10:00"
MONDAY_EVENING = "2026-12-07T20:00"


def _weekdays(start: int, end: int) -> WeeklyHours:
    day = DayHours(DayStatus.OPEN, (TimeSlot(dt.time(start), dt.time(end)),))
    return WeeklyHours((day,) * 5 + (CLOSED_DAY,) * 2)


MORNINGS = _weekdays(9, 12)
AFTERNOONS = _weekdays(13, 17)
TUE_THU = WeeklyHours(
    (
        CLOSED_DAY,
        DayHours(DayStatus.OPEN, (TimeSlot(dt.time(13), dt.time(17)),)),
        CLOSED_DAY,
        DayHours(DayStatus.OPEN, (TimeSlot(dt.time(13), dt.time(17)),)),
        CLOSED_DAY,
        CLOSED_DAY,
        CLOSED_DAY,
    )
)
STREET = Address(street="Beispielweg 1", postcode="01067", city="Dresden")


def _offer(oid: str, kind: OfferKind, needs, **fields) -> Offer:
    texts = {
        "de": OfferText("de", f"Beratung {oid}", status=TextStatus.REVIEWED),
        "en": OfferText("en", f"Counselling {oid}", status=TextStatus.REVIEWED),
        "ti": OfferText("ti", f"ምኽሪ {oid}", status=TextStatus.REVIEWED),
        "ar": OfferText("ar", f"استشارة {oid}", status=TextStatus.REVIEWED),
    }
    values = {
        "provider": "Testträger",
        "name": f"Stelle {oid}",
        "texts": texts,
        "needs": frozenset(needs),
        "address": STREET,
        "contact": Contact(phone="0351 000000"),
        "hours": MORNINGS,
        "verified_on": FRESH,
        "source": "test fixture",
    }
    values.update(fields)
    return Offer(id=oid, kind=kind, **values)


#: The scenario offers (fixtures: no real organisation, no real contact).
SCENARIO_OFFERS = [
    _offer("mbe-fix", OfferKind.MBE, ["papers", "work"], min_age=27, languages=("ar", "de")),
    _offer(
        "jmd-fix",
        OfferKind.JMD,
        ["papers", "education", "work"],
        min_age=12,
        max_age=26,
        languages=("ti", "de"),
        hours=TUE_THU,
    ),
    _offer("assoc-ti", OfferKind.ASSOCIATION, ["family", "papers"], languages=("ti",), hours=None),
    _offer(
        "assoc-open",
        OfferKind.ASSOCIATION,
        ["papers", "family"],
        languages=("de", "en"),
        hours=AFTERNOONS,
    ),
    _offer("assoc-ru", OfferKind.ASSOCIATION, ["papers"], languages=("ru",)),
    _offer(
        "club-nocontact",
        OfferKind.SELF_ORGANISATION,
        ["papers", "community"],
        languages=("ti",),
        address=Address(city="Dresden"),
        contact=Contact(web="https://club.example.org"),
    ),
    _offer("old-open", OfferKind.ASSOCIATION, ["papers"], verified_on=OLD),
    _offer("closed-org", OfferKind.ASSOCIATION, ["papers"], languages=("ti", "ar"), active=False),
    _offer("city-office", OfferKind.CITY_OFFICE, ["papers"]),
    _offer(
        "online-adult",
        OfferKind.ONLINE_SERVICE,
        ["papers", "work", "family"],
        min_age=27,
        address=Address(),
        contact=Contact(web="https://online-adult.example.org/"),
        hours=None,
    ),
    _offer(
        "online-young",
        OfferKind.ONLINE_SERVICE,
        ["papers", "education", "family"],
        min_age=12,
        max_age=26,
        address=Address(),
        contact=Contact(web="https://online-young.example.org/"),
        hours=None,
    ),
    _offer(
        "online-noweb",
        OfferKind.ONLINE_SERVICE,
        ["papers"],
        min_age=27,
        address=Address(),
        contact=Contact(),
        hours=None,
    ),
    _offer(
        "online-off",
        OfferKind.ONLINE_SERVICE,
        ["papers"],
        min_age=27,
        address=Address(),
        contact=Contact(web="https://online-off.example.org/"),
        hours=None,
        active=False,
    ),
]


def build_scenario_db(folder: Path, *, hide_outdated_after_months: int = 0) -> Path:
    """The seed's lists and settings with only :data:`SCENARIO_OFFERS` active."""
    target = build_database(folder / "scenarios.db")
    conn = open_database(target)
    try:
        offers = OfferRepository(conn)
        for offer in offers.all():
            offers.save(dataclasses.replace(offer, active=False))
        for offer in SCENARIO_OFFERS:
            offers.save(offer)
        SettingsRepository(conn).set("verify_after_months", "6")
        if hide_outdated_after_months:
            SettingsRepository(conn).set(
                "hide_outdated_after_months", str(hide_outdated_after_months)
            )
        conn.commit()
    finally:
        conn.close()
    return target


@pytest.fixture
def scenario_db(tmp_path) -> Path:
    return build_scenario_db(tmp_path)


def match(capsys, db: Path, lang: str, age: str, at: str, need: str | None = None):
    """``kiosk-admin match``: (offer ids in order, {id: reasons}, notes, online ids)."""
    args = ["--db", str(db), "match", "--lang", lang, "--age", age, "--at", at]
    if need:
        args += ["--need", need]
    assert main(args) == 0
    ids, reasons, notes, online = [], {}, [], []
    for line in capsys.readouterr().out.splitlines():
        if line.startswith("note: "):
            notes.append(line[6:])
        elif line.startswith("online: "):
            online.append(line.split()[1])
        else:
            marker, offer_id, *rest = line[0], *line[2:].split()
            ids.append(offer_id)
            reasons[offer_id] = dict(
                part.split("=", 1) for part in rest if "=" in part and not part.startswith("(")
            )
            reasons[offer_id]["speaks"] = marker == "*"
    return ids, reasons, notes, online


# -- scenarios on our own offers -------------------------------------------------------------
def test_tigrinya_adult_monday_morning_order(capsys, scenario_db):
    ids, reasons, notes, online = match(capsys, scenario_db, "ti", "27-plus", MONDAY_10)
    assert ids == [
        "assoc-ti",  # speaks Tigrinya and can be reached (hours unknown: call first)
        "mbe-fix",  # open now, checked; the age-specific services first among equals …
        "online-adult",
        "assoc-open",  # … then by kind: opens this afternoon (soon, like open now)
        "assoc-ru",
        "city-office",
        "old-open",  # open now, but the information is from 2011
        "club-nocontact",  # speaks Tigrinya, but no address or phone: last
        "online-noweb",  # no way to reach it at all
    ]
    assert reasons["assoc-ti"]["speaks"] and reasons["assoc-ti"]["hint"] == "call_hours_unknown"
    assert reasons["club-nocontact"]["reachable"] == "no"
    assert reasons["club-nocontact"]["hint"] == "ask_at_counter"
    assert reasons["old-open"]["outdated"] == "yes" and reasons["old-open"]["hint"] == "outdated"
    for never in ("jmd-fix", "closed-org", "online-young", "online-off"):
        assert never not in ids
    assert notes == [] and online == []  # someone speaks Tigrinya and offices are open


def test_tigrinya_young_person_gets_the_jmd_first_never_the_mbe(capsys, scenario_db):
    ids, reasons, _, _ = match(capsys, scenario_db, "ti", "18-26", MONDAY_10, "papers")
    assert ids[0] == "jmd-fix" and reasons["jmd-fix"]["speaks"]
    assert "mbe-fix" not in ids and "online-adult" not in ids
    assert "online-young" in ids
    assert ids[-1] == "club-nocontact"


def test_ukrainian_adult_sees_russian_speaking_offers_first_but_never_as_ukrainian(
    capsys, scenario_db
):
    ids, reasons, notes, online = match(capsys, scenario_db, "uk", "27-plus", MONDAY_10)
    assert ids[0] == "assoc-ru"
    assert reasons["assoc-ru"]["language"] == "related" and not reasons["assoc-ru"]["speaks"]
    assert notes == ["no offer lists uk"]
    assert online == ["online-adult"]  # no one speaks Ukrainian: the online counselling too


def test_evening_all_offices_closed_shows_the_online_counselling_for_the_age(capsys, scenario_db):
    ids, _, notes, online = match(capsys, scenario_db, "ar", "27-plus", MONDAY_EVENING)
    assert ids[0] == "mbe-fix"  # speaks Arabic, opens tomorrow morning
    assert "every matching office is closed now" in notes
    assert online == ["online-adult"]  # not the one without a web address, not the inactive
    ids, _, _, online = match(capsys, scenario_db, "ar", "18-26", MONDAY_EVENING)
    assert online == ["online-young"]


def test_nobody_speaking_the_language_is_said_and_online_help_offered(capsys, scenario_db):
    ids, _, notes, online = match(capsys, scenario_db, "ar", "18-26", MONDAY_10, "family")
    assert set(ids) == {"assoc-ti", "assoc-open", "online-young"}
    # (and neither office is open at 10:00: one opens at 13:00, the other's hours are unknown)
    assert notes == ["no offer lists ar", "every matching office is closed now"]
    assert online == ["online-young"]


def test_an_empty_result_says_so_and_points_on(capsys, scenario_db):
    ids, _, notes, online = match(capsys, scenario_db, "de", "under-12", MONDAY_10, "work")
    assert ids == []
    assert notes == ["nothing matches; ways forward: all offers for this age, general offers"]
    assert online == []  # no online counselling for children in the data


def test_old_offers_can_be_hidden_by_the_setting(capsys, tmp_path):
    db = build_scenario_db(tmp_path, hide_outdated_after_months=24)
    ids, _, _, _ = match(capsys, db, "ti", "27-plus", MONDAY_10)
    assert "old-open" not in ids and "assoc-ti" in ids


def test_the_moment_decides_open_soon(capsys, scenario_db):
    saturday = "2026-12-12T10:00"
    _, reasons, _, _ = match(capsys, scenario_db, "de", "27-plus", MONDAY_10)
    assert reasons["mbe-fix"]["open"] == "soon"
    _, reasons, _, _ = match(capsys, scenario_db, "de", "27-plus", saturday)
    assert reasons["mbe-fix"]["open"] == "later"


def test_a_moment_that_is_not_one_is_a_usage_error(capsys, scenario_db):
    args = ["--db", str(scenario_db), "match", "--lang", "de", "--age", "27-plus"]
    assert main([*args, "--at", "Montag"]) == 2
    assert "Not a moment" in capsys.readouterr().err


# -- robust facts on the real seed ------------------------------------------------------------
SEED_MOMENTS = ["2026-12-07T10:00", "2026-12-07T18:30", "2026-12-12T11:00"]
SEED_LANGUAGES = ["de", "ar", "ti", "uk", "zh-Hans", "fa-AF"]
NEEDS = [None, "papers", "language", "work", "family", "community"]


@pytest.fixture(scope="module")
def seed_runs(tmp_path_factory):
    """``kiosk-admin match`` on the shipped seed for many visitors (run once per module)."""
    db = build_database(tmp_path_factory.mktemp("seed") / "seed.db")
    conn = open_database(db)
    try:
        offers = {offer.id: offer for offer in OfferRepository(conn).all()}
    finally:
        conn.close()
    return db, offers


def _seed_match(capsys, seed_runs, lang, age, at, need):
    db, _ = seed_runs
    return match(capsys, db, lang, age, at, need)


@pytest.mark.parametrize("lang", SEED_LANGUAGES)
def test_seed_jmd_never_for_adults_mbe_never_for_young_people(capsys, seed_runs, lang):
    _, offers = seed_runs
    for need in NEEDS:
        adults, _, _, _ = _seed_match(capsys, seed_runs, lang, "27-plus", SEED_MOMENTS[0], need)
        young, _, _, _ = _seed_match(capsys, seed_runs, lang, "18-26", SEED_MOMENTS[0], need)
        assert not [i for i in adults if offers[i].kind is OfferKind.JMD], (lang, need)
        assert not [i for i in young if offers[i].kind is OfferKind.MBE], (lang, need)


def test_seed_closed_organisations_are_never_shown(capsys, seed_runs):
    _, offers = seed_runs
    inactive = {oid for oid, offer in offers.items() if not offer.active}
    assert {"dsm-sachsen", "dvsi-dresden"} <= inactive
    for lang in ("de", "ti"):
        for age in ("under-12", "12-17", "18-26", "27-plus"):
            ids, _, _, _ = _seed_match(capsys, seed_runs, lang, age, SEED_MOMENTS[1], None)
            assert not inactive & set(ids), (lang, age)


@pytest.mark.parametrize("at", SEED_MOMENTS)
def test_seed_reachable_before_unreachable_and_own_language_first_among_them(capsys, seed_runs, at):
    for lang in SEED_LANGUAGES:
        ids, reasons, notes, _ = _seed_match(capsys, seed_runs, lang, "27-plus", at, None)
        reachable = [reasons[i]["reachable"] == "yes" for i in ids]
        assert reachable == sorted(reachable, reverse=True), (lang, at)
        speaking = [reasons[i]["speaks"] for i in ids if reasons[i]["reachable"] == "yes"]
        assert speaking == sorted(speaking, reverse=True), (lang, at)
        if not any(reasons[i]["speaks"] for i in ids):
            assert f"no offer lists {lang}" in notes
        unreachable = [i for i in ids if reasons[i]["reachable"] == "no"]
        assert all(reasons[i]["hint"] == "ask_at_counter" for i in unreachable)


def test_seed_online_counselling_only_when_active_with_a_web_address(capsys, seed_runs):
    _, offers = seed_runs
    for age in ("18-26", "27-plus"):
        _, _, _, online = _seed_match(capsys, seed_runs, "ti", age, "2026-12-12T22:00", None)
        for oid in online:
            offer = offers[oid]
            assert offer.active and offer.contact.web and offer.kind is OfferKind.ONLINE_SERVICE
            low = offer.min_age or 0
            high = offer.max_age if offer.max_age is not None else 200
            assert (low <= 26 and high >= 18) if age == "18-26" else high >= 27


# -- the staff setting that hides old offers --------------------------------------------------
def test_staff_set_hiding_after_months_is_checked_saved_and_used(capsys, scenario_db):
    from kiosk.admin.settings import KioskSettingsEditing
    from kiosk.domain.configuration import configuration_to_form
    from kiosk.domain.settings import HIDE_OUTDATED_AFTER_MONTHS
    from kiosk.visitor import VisitorCatalogue

    conn = open_database(scenario_db)
    try:
        editing = KioskSettingsEditing(conn, lambda: dt.datetime(2026, 12, 7, 9, 0))
        form = configuration_to_form(editing.load())
        assert form.hide_outdated_after_months == "0", "by default every offer is shown"
        for bad in ("zwölf", "-1", "241", ""):
            form.hide_outdated_after_months = bad
            result = editing.save(form)
            assert [p.field for p in result.problems] == [HIDE_OUTDATED_AFTER_MONTHS.key], bad
        assert VisitorCatalogue(conn).settings().hide_outdated_after_months == 0
        form.hide_outdated_after_months = "24"
        result = editing.save(form)
        assert result.ok and [c.field for c in result.changes] == [HIDE_OUTDATED_AFTER_MONTHS.key]
        assert VisitorCatalogue(conn).settings().hide_outdated_after_months == 24
    finally:
        conn.close()
    ids, _, _, _ = match(capsys, scenario_db, "ti", "27-plus", MONDAY_10)
    assert "old-open" not in ids and "mbe-fix" in ids
