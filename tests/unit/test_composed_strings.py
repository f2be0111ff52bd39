"""Strings the code composes from catalogue text and CLDR data, in every kiosk language: the
24-hour clock, ages that cannot be misread, no doubled full stop after a long date, opening-hour
rows that start with a capital letter, time ranges joined with the script's comma."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.domain.models import DayHours, DayStatus, Offer, OfferKind, TimeSlot, WeeklyHours
from kiosk.i18n import PSEUDO_LOCALE, catalogue_codes, load_catalogue
from kiosk.labels import checked_line, offer_age_label, weekly_hours_lines

LANGUAGES = [code for code in catalogue_codes() if code != PSEUDO_LOCALE]
#: What 12-hour clocks write beside the time (CLDR day periods of the kiosk's languages).
TWELVE_HOUR_MARKS = (
    "AM",
    "PM",
    "am",
    "pm",
    " م",
    " ص",
    "ድ.ቀ.",
    "ቅ.ቀ.",
    "上午",
    "下午",
    " SA",
    " CH",
)
#: Languages whose weekday names CLDR writes in lower case (stand-alone).
LOWER_CASE_WEEKDAYS = ("uk", "ru", "pl", "ro", "fr", "kmr")


def _offer(**fields) -> Offer:
    base = dict(id="o", kind=OfferKind.ASSOCIATION, name="Beratung", provider="Träger", texts={})
    return Offer(**{**base, **fields})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_times_are_on_the_24_hour_clock(lang):
    cat = load_catalogue(lang)
    afternoon = cat.time(dt.time(16, 0))
    morning = cat.time(dt.time(9, 5))
    assert "16" in afternoon, f"{lang}: {afternoon!r}"
    assert "05" in morning, f"{lang}: {morning!r}"
    for shown in (afternoon, morning):
        assert not any(mark in shown for mark in TWELVE_HOUR_MARKS), f"{lang}: {shown!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_upper_age_limit_names_the_first_age_not_included(lang):
    """An offer for 0–17 says "under 18" (as its own text does), never "up to 17", which
    reads as "younger than 17" in several languages."""
    cat = load_catalogue(lang)
    shown = offer_age_label(cat, None, 17)
    assert "18" in shown and "17" not in shown, f"{lang}: {shown!r}"
    if lang == "zh-Hans":
        assert "未满" in shown  # (岁以下 would include the 18)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_long_date_at_a_sentence_end_has_one_full_stop(lang):
    cat = load_catalogue(lang)
    shown = checked_line(cat, _offer(verified_on=dt.date(2026, 3, 12)))
    assert ".." not in shown, f"{lang}: {shown!r}"
    assert "2026" in shown


def test_ukrainian_and_russian_dates_keep_their_abbreviation():
    for lang, year_mark in (("uk", "р."), ("ru", "г.")):
        shown = checked_line(load_catalogue(lang), _offer(verified_on=dt.date(2026, 3, 12)))
        assert shown.endswith(year_mark), f"{lang}: {shown!r}"


def _two_slot_monday() -> WeeklyHours:
    slots = (TimeSlot(dt.time(9, 0), dt.time(12, 0)), TimeSlot(dt.time(13, 0), dt.time(16, 0)))
    closed = DayHours(DayStatus.CLOSED)
    return WeeklyHours((DayHours(DayStatus.OPEN, slots), *([closed] * 6)))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_opening_hour_rows_start_with_a_capital_where_the_script_has_case(lang):
    cat = load_catalogue(lang)
    rows = weekly_hours_lines(cat, _offer(hours=_two_slot_monday()))
    assert len(rows) == 7
    for day, _hours in rows:
        first = day[:1]
        assert first == first.upper(), f"{lang}: {day!r}"
    if lang in LOWER_CASE_WEEKDAYS:
        assert cat.weekday(0) != rows[0][0], "the plain weekday stays as CLDR writes it"


@pytest.mark.parametrize(
    ("lang", "comma"),
    [
        ("ar", "،"),
        ("fa", "،"),
        ("ps", "،"),
        ("ti", "፣"),
        ("zh-Hans", "，"),
        ("de", ","),
        ("uk", ","),
    ],
)
def test_two_time_ranges_are_joined_with_the_scripts_comma(lang, comma):
    cat = load_catalogue(lang)
    _day, hours = weekly_hours_lines(cat, _offer(hours=_two_slot_monday()))[0]
    first = cat._("{start} – {end}", start=cat.time(dt.time(9, 0)), end=cat.time(dt.time(12, 0)))
    assert hours.startswith(first)
    assert hours[len(first)] == comma, f"{lang}: {hours!r}"
    if comma != ",":
        assert "," not in hours, f"{lang}: a Latin comma in {hours!r}"
