"""Completeness and staleness: the shipped data's real gaps show up, a completed offer scores
higher, provider scores aggregate, the sort orders hold, the CSV/text/HTML reports and
``kiosk-admin check --completeness``."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest
from babel.messages.pofile import read_po

from kiosk.admin.completeness import (
    CSV_COLUMNS,
    GAP_TEXTS_MACHINE,
    GAP_TEXTS_MISSING,
    WEIGHTS,
    Gap,
    Item,
    SortKey,
    assess_offer,
    completeness_report,
    provider_scores,
    sort_offers,
    to_csv,
    to_html,
    to_text,
)
from kiosk.cli import main
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository
from kiosk.domain.models import (
    Address,
    Contact,
    DayHours,
    DayStatus,
    OfferKind,
    OfferText,
    TextStatus,
    TimeSlot,
    WeeklyHours,
)
from kiosk.i18n import catalogue_path, cldr_tag, load_catalogue

TODAY = dt.date(2026, 12, 1)  # fixed: which checks are "too old" must not move with the clock


@pytest.fixture
def report(conn):
    return completeness_report(conn, TODAY)


def by_id(report):
    return {o.offer.id: o for o in report.offers}


def test_weights_add_up_to_100():
    assert sum(WEIGHTS.values()) == 100


def test_shipped_data_shows_its_known_gaps(report, conn):
    offers = OfferRepository(conn).all()
    active = [o for o in offers if o.active]
    assert len(report.offers) == len(active) == 25, "active offers only by default"
    found = by_id(report)

    # counted straight from the data, not through the report's own rules
    rows = conn.execute(
        "SELECT count(*) FROM offer WHERE active = 1 AND hours_known = 0 AND appointment_only = 0"
        " AND kind <> 'online_service'"
    ).fetchone()[0]
    assert report.count(Item.HOURS) == rows == 11
    unlisted = conn.execute(
        "SELECT count(*) FROM offer o WHERE active = 1 AND NOT EXISTS "
        "(SELECT 1 FROM offer_language l WHERE l.offer_id = o.id)"
    ).fetchone()[0]
    assert report.count(Item.LANGUAGES) == unlisted == 15
    # five active offers have no phone; two are online services, reached through their site
    no_phone = {o.offer.id for o in report.offers if not o.offer.contact.phone}
    assert no_phone == {"jmd4you", "mbeon", "mbe-awo-prohlis", "msa-sufw", "rlc-dresden"}
    assert {o.offer.id for o in report.offers if Item.PHONE in o.missing} == no_phone - {
        "jmd4you",
        "mbeon",
    }
    assert not found["mbeon"].item(Item.PHONE).applies

    # the Caritas MBE has an address by now, but no map position and no languages listed
    caritas = found["mbe-caritas"]
    assert caritas.item(Item.REACH).complete
    assert Item.COORDINATES in caritas.missing and Item.LANGUAGES in caritas.missing
    # no street address at all: the Refugee Law Clinic, the PSZ, the BAMF course search
    assert {o.offer.id for o in report.offers if o.item(Item.REACH).earned == 0} == {
        "rlc-dresden",
        "psz-dresden",
        "integrationskurs-bamf",
    }
    texts = [g.text() for g in found["msa-sufw"].gaps]
    assert "address without postcode" in texts and "no phone number" in texts

    # every text is a machine draft: nobody has reviewed one yet
    assert all(len(o.texts.machine) == 17 and not o.texts.reviewed for o in report.offers)
    assert all(o.item(Item.TEXTS).earned == WEIGHTS[Item.TEXTS] / 2 for o in report.offers)

    # "last checked" goes back to 2011; at 6 months only two offers are fresh
    oldest = report.sorted(SortKey.AGE)[0]
    assert oldest.offer.id == "jmd-caritas-freital"
    assert oldest.offer.verified_on == dt.date(2011, 1, 1)
    assert oldest.age_days == (TODAY - dt.date(2011, 1, 1)).days
    assert {o.offer.id for o in report.offers if not o.outdated} == {
        "auslaenderbehoerde-dresden",
        "mbe-awo-prohlis",
    }


def test_online_services_need_a_web_address_not_a_street(report):
    found = by_id(report)
    online = found["jmd4you"]
    assert online.offer.kind is OfferKind.ONLINE_SERVICE
    assert online.item(Item.REACH).complete
    for item in (Item.PHONE, Item.HOURS, Item.COORDINATES):
        assert not online.item(item).applies
    without_web = dataclasses.replace(online.offer, contact=Contact())
    assessed = assess_offer(without_web, TODAY, report.months, report.languages)
    assert assessed.item(Item.REACH).earned == 0
    assert assessed.score < online.score


def test_completing_an_offer_raises_its_score_to_100(report):
    start = by_id(report)["mbe-caritas"]
    offer = start.offer
    languages = report.languages
    week = tuple(
        DayHours(DayStatus.OPEN, (TimeSlot(dt.time(9), dt.time(12)),))
        if day < 5
        else DayHours(DayStatus.CLOSED)
        for day in range(7)
    )
    steps = [
        dict(languages=("de", "en")),
        dict(address=dataclasses.replace(offer.address, lat=51.05, lon=13.76)),
        dict(verified_on=TODAY),
        dict(
            texts={
                code: dataclasses.replace(text, status=TextStatus.REVIEWED)
                for code, text in offer.texts.items()
            }
        ),
        dict(hours=WeeklyHours(week)),
    ]
    score = start.score
    for change in steps:
        offer = dataclasses.replace(offer, **change)
        assessed = assess_offer(offer, TODAY, report.months, languages)
        assert assessed.score >= score, change
        score = assessed.score
    assert score == 100 and assessed.gaps == ()
    assert start.score < 100


def test_texts_count_reviewed_fully_machine_half_missing_nothing(report):
    offer = by_id(report)["cabana-oeiz"].offer
    languages = ("de", "en", "ar", "uk")
    texts = {
        "de": OfferText("de", "Beratung", status=TextStatus.REVIEWED),
        "en": OfferText("en", "Counselling", status=TextStatus.MACHINE),
        "ar": OfferText("ar", "", status=TextStatus.MACHINE),  # empty: missing
    }
    assessed = assess_offer(dataclasses.replace(offer, texts=texts), TODAY, 6, languages)
    coverage = assessed.texts
    assert coverage.reviewed == ("de",) and coverage.machine == ("en",)
    assert coverage.missing == ("ar", "uk")
    assert assessed.item(Item.TEXTS).earned == pytest.approx(20 * 1.5 / 4)
    messages = [g.text() for g in assessed.gaps if g.item is Item.TEXTS]
    assert messages == ["no text in 2 languages: ar, uk", "1 text only machine-translated"]


def _text_gaps(report, machine: int, missing: int) -> list[Gap]:
    """The text gaps of a real offer with ``machine`` machine drafts and ``missing`` texts
    missing (the languages are made-up codes; only their number counts)."""
    offer = by_id(report)["cabana-oeiz"].offer
    languages = [f"m{i}" for i in range(machine)] + [f"x{i}" for i in range(missing)]
    texts = {c: OfferText(c, "Beratung", status=TextStatus.MACHINE) for c in languages[:machine]}
    assessed = assess_offer(dataclasses.replace(offer, texts=texts), TODAY, 6, languages)
    return [g for g in assessed.gaps if g.item is Item.TEXTS]


def test_counted_gaps_are_plural_messages_with_their_count(report):
    missing, machine = _text_gaps(report, machine=5, missing=1)
    assert (missing.message, missing.plural, missing.n) == (
        GAP_TEXTS_MISSING[0],
        GAP_TEXTS_MISSING[1],
        1,
    )
    assert dict(missing.values) == {"languages": "x0"}
    assert (machine.message, machine.plural, machine.n) == (*GAP_TEXTS_MACHINE, 5)
    assert [g.text() for g in (missing, machine)] == [
        "no text in 1 language: x0",
        "5 texts only machine-translated",
    ]
    # the catalogue's ngettext gets singular, plural and the count, and decides the form
    calls = []

    def plural(singular, plural_, n, **values):
        calls.append((singular, plural_, n, values))
        return "counted"

    assert machine.text(lambda message, **v: "not counted", plural) == "counted"
    assert calls == [(*GAP_TEXTS_MACHINE, 5, {})]
    with pytest.raises(TypeError, match="n_"):
        machine.text(lambda message, **values: message)  # a plain function has no n_
    with pytest.raises(ValueError, match="plural"):
        Gap(Item.TEXTS, GAP_TEXTS_MACHINE[0], n=2)


@pytest.mark.parametrize(
    ("lang", "counts"),
    [
        # Russian and Ukrainian: 1, 21 one form; 2–4, 22 another; 5–20, 25 the third
        ("ru", {1: 0, 21: 0, 2: 1, 3: 1, 22: 1, 5: 2, 11: 2, 25: 2}),
        ("uk", {1: 0, 21: 0, 2: 1, 4: 1, 5: 2, 12: 2}),
        # Polish: 1 alone; 2–4, 22–24 ; 5–21
        ("pl", {1: 0, 2: 1, 4: 1, 22: 1, 5: 2, 12: 2, 21: 2}),
        # Arabic: six forms (0, 1, 2, 3–10, 11–99, 100–102 …)
        ("ar", {1: 1, 2: 2, 3: 3, 10: 3, 11: 4, 99: 4, 100: 5}),
        ("de", {1: 0, 2: 1, 17: 1}),
    ],
)
def test_counted_gaps_use_the_plural_forms_of_each_language(report, lang, counts):
    """Each count is rendered in the plural form the language's catalogue chooses for it:
    the forms differ where the language's rules differ, and the count stands in the text."""
    cat = load_catalogue(lang)
    with catalogue_path(lang).open("rb") as fp:
        po = read_po(fp, locale=cldr_tag(lang))
    for messages in (GAP_TEXTS_MACHINE, GAP_TEXTS_MISSING):
        forms = po[messages[0]].string
        assert isinstance(forms, tuple) and len(forms) == po.num_plurals and all(forms)
        rendered = {}
        for n, form in counts.items():
            missing, machine = _text_gaps(report, machine=n, missing=n)
            gap = machine if messages is GAP_TEXTS_MACHINE else missing
            languages = ", ".join(f"x{i}" for i in range(n))
            expected = forms[form].format(n=n, languages=languages)
            assert gap.text(cat._) == expected == gap.text(cat._, cat.n_), (lang, n)
            assert str(n) in expected or n <= 2, (lang, n, expected)  # "two texts" in words
            rendered.setdefault(form, set()).add(forms[form])
        if messages is GAP_TEXTS_MACHINE:  # "2 texts" and "5 texts" differ where forms do
            assert len({f for fs in rendered.values() for f in fs}) == len(set(counts.values()))


def test_counted_gaps_in_chinese_have_one_form(report):
    cat = load_catalogue("zh-Hans")
    texts = {gap.text(cat._) for n in (1, 2, 5) for gap in _text_gaps(report, n, 0)}
    assert len(texts) == 3 and all(any(d in t for d in "125") for t in texts)
    assert not any("(s)" in t or "text" in t for t in texts)


def test_score_is_the_share_of_applicable_points(report):
    offer = dataclasses.replace(
        by_id(report)["rlc-dresden"].offer,
        address=Address(),
        contact=Contact(),
        languages=(),
        hours=None,
        texts={},
        verified_on=None,
    )
    nothing = assess_offer(offer, TODAY, 6, ("de",))
    assert nothing.score == 0
    assert [g.text() for g in nothing.gaps][-1] == "never checked"
    # no street address: the map position does not apply, so 90 points are possible
    assert sum(s.weight for s in nothing.items if s.applies) == 90
    phone_only = assess_offer(
        dataclasses.replace(offer, contact=Contact(phone="+49 351 4984712")), TODAY, 6, ("de",)
    )
    assert phone_only.score == round(10 * 100 / 90)


def test_provider_score_is_the_mean_of_its_offers(report):
    providers = {p.provider: p for p in report.providers}
    caritas = providers["Caritasverband für Dresden e.V."]
    ids = {o.offer.id for o in caritas.offers}
    assert ids == {
        "mbe-caritas",
        "jmd-caritas-dresden",
        "jmd-caritas-freital",
        "msa-caritas-prohlis",
    }
    mean = sum(o.score for o in caritas.offers) / 4
    assert caritas.score == int(mean + 0.5)
    assert caritas.oldest_check == dt.date(2011, 1, 1)
    assert caritas.outdated == 4
    assert sum(len(p.offers) for p in report.providers) == len(report.offers)
    scores = [(p.score, p.provider.casefold()) for p in report.providers]
    assert scores == sorted(scores), "lowest provider score first"
    # the provider's score moves with its offers
    better = [
        o if o.offer.id != "jmd-caritas-freital" else _complete(o, report) for o in caritas.offers
    ]
    assert provider_scores(better)[0].score > caritas.score


def _complete(item, report):
    offer = item.offer
    return assess_offer(
        dataclasses.replace(
            offer,
            verified_on=TODAY,
            languages=("de",),
            hours=WeeklyHours((DayHours(DayStatus.APPOINTMENT),) * 7),
        ),
        TODAY,
        report.months,
        report.languages,
    )


def test_sort_orders(report):
    by_score = [o.score for o in report.sorted(SortKey.SCORE)]
    assert by_score == sorted(by_score) and by_score[0] < by_score[-1]
    ages = [o.offer.verified_on for o in sort_offers(report.offers, "age")]
    assert ages == sorted(ages)
    providers = [o.offer.provider.casefold() for o in report.sorted(SortKey.PROVIDER)]
    assert providers == sorted(providers)
    names = [o.offer.name.casefold() for o in report.sorted(SortKey.NAME)]
    assert names == sorted(names)
    never = dataclasses.replace(report.offers[-1].offer, verified_on=None, id="zz-never")
    extra = assess_offer(never, TODAY, report.months, report.languages)
    assert sort_offers([*report.offers, extra], SortKey.AGE)[0] is extra, "never checked first"
    with pytest.raises(ValueError):
        sort_offers(report.offers, "colour")


def test_csv_report_opens_in_excel_and_matches_the_report(report):
    data = to_csv(report, SortKey.SCORE)
    assert data.startswith(b"\xef\xbb\xbf"), "BOM for Excel"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(report.offers)
    assert [int(r["score"]) for r in rows] == [o.score for o in report.sorted(SortKey.SCORE)]
    rlc = next(r for r in rows if r["id"] == "rlc-dresden")
    assert rlc["points_reach"] == "0/20" and rlc["points_coordinates"] == "n/a"
    assert "no phone number" in rlc["missing"] and rlc["texts_reviewed"] == ""
    assert rlc["verified_on"] == "2020-01-01" and rlc["outdated"] == "yes"


def test_csv_neutralises_formulas(report):
    item = by_id(report)["mbe-caritas"]
    hostile = dataclasses.replace(item.offer, name='=HYPERLINK("http://x")')
    assessed = assess_offer(hostile, TODAY, report.months, report.languages)
    one = dataclasses.replace(report, offers=(assessed,))
    rows = list(csv.reader(io.StringIO(to_csv(one).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1].startswith("'=")


def test_text_and_html_reports(report):
    text = to_text(report, SortKey.AGE)
    assert "Completeness of 25 offer(s) on 2026-12-01" in text
    assert text.index("jmd-caritas-freital") < text.index("mbe-awo-prohlis")
    assert "Caritasverband für Dresden e.V." in text.split("Providers")[1]
    page = to_html(report)
    assert page.startswith("<!DOCTYPE html>") and "Ausländerrat Dresden e.V." in page
    hostile = dataclasses.replace(by_id(report)["mbe-caritas"].offer, name="<script>x</script>")
    one = dataclasses.replace(
        report, offers=(assess_offer(hostile, TODAY, report.months, report.languages),)
    )
    assert "<script>" not in to_html(one) and "&lt;script&gt;" in to_html(one)


def test_verify_after_months_setting_decides_what_is_old(conn):
    conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('verify_after_months', '36')")
    report = completeness_report(conn, TODAY)
    assert report.months == 36
    fresh = {o.offer.id for o in report.offers if not o.outdated}
    assert {"msa-sufw", "integrationsbeauftragte-dresden", "msa-afropa-klotzsche"} <= fresh
    assert "jmd-caritas-freital" not in fresh


def test_inactive_offers_on_request(conn):
    everything = completeness_report(conn, TODAY, include_inactive=True)
    assert len(everything.offers) == len(OfferRepository(conn).all()) > 25
    languages = [lang.code for lang in CatalogueRepository(conn).enabled_languages()]
    assert everything.languages == tuple(languages)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_completeness_text_csv_html_and_min_score(seed_db, tmp_path, capsys):
    code, out, _ = run(capsys, "--db", str(seed_db), "check", "--completeness", "--sort", "name")
    assert code == 0
    assert "Completeness of 25 offer(s)" in out and "Providers (lowest score first)" in out
    assert "offer(s) to verify" not in out, "the to-verify list is the plain check"

    target = tmp_path / "report.csv"
    code, out, err = run(
        capsys,
        "--db",
        str(seed_db),
        "check",
        "--completeness",
        "--format",
        "csv",
        "--out",
        str(target),
    )
    assert code == 0 and out == ""
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig")), delimiter=";"))
    assert len(rows) == 25
    code, _, err = run(
        capsys, "--db", str(seed_db), "check", "--completeness", "--out", str(target)
    )
    assert code == 2 and "exists already" in err

    code, out, _ = run(capsys, "--db", str(seed_db), "check", "--completeness", "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")

    lowest = min(int(r["score"]) for r in rows)
    assert (
        run(capsys, "--db", str(seed_db), "check", "--completeness", "--min-score", str(lowest))[0]
        == 0
    )
    code, _, err = run(
        capsys, "--db", str(seed_db), "check", "--completeness", "--min-score", str(lowest + 1)
    )
    assert code == 1 and "score below" in err
    assert run(capsys, "--db", str(seed_db), "check", "--completeness", "--sort", "colour")[0] == 2
    assert (
        run(capsys, "--db", str(seed_db), "check", "--completeness", "--min-score", "101")[0] == 2
    )
