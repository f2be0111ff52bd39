"""The editor's and the settings' use cases: checked, one transaction, every change logged."""

from __future__ import annotations

import datetime as dt

from kiosk.admin.offers import OfferEditing
from kiosk.admin.settings import KioskSettingsEditing
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository
from kiosk.db.seeding import logical_dump
from kiosk.db.staff_repository import AuditRepository
from kiosk.domain.configuration import configuration_to_form

NOW = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.UTC)


def test_saving_an_edit_writes_the_offer_and_one_entry_per_field(conn):
    editing = OfferEditing(conn, lambda: NOW)
    form = editing.form_for("msa-caritas-prohlis")
    form.fields["phone"] = "+49 351 25935000"
    form.fields["hours_mon"] = "13:00-16:00"
    form.texts["de"]["summary"] = "Neu"
    result = editing.save(form, original_id="msa-caritas-prohlis")
    assert result.ok
    # (the German summary changed: the other languages' texts are now outdated, issue 19)
    assert {c.field for c in result.changes if not c.field.endswith(".status")} == {
        "phone",
        "hours_mon",
        "texts.de.summary",
    }
    offer = OfferRepository(conn).get("msa-caritas-prohlis")
    assert offer.contact.phone == "+49 351 25935000"
    assert offer.hours.days[0].slots[0].start == dt.time(13)
    entries = {e.field: e for e in AuditRepository(conn).recent(offer_id="msa-caritas-prohlis")}
    assert entries["phone"].old == "+49 351 25935393" and entries["phone"].new == "+49 351 25935000"
    assert entries["hours_mon"].old == "14:00-16:00" and entries["hours_mon"].at == NOW
    assert entries["phone"].actor == "staff"


def test_a_form_with_problems_or_without_changes_writes_nothing(conn, seed_db):
    editing = OfferEditing(conn, lambda: NOW)
    before = logical_dump(seed_db)
    form = editing.form_for("mbe-caritas")
    assert editing.save(form, original_id="mbe-caritas").changes == []
    form.fields["email"] = "kaputt"
    form.fields["min_age"] = "200"
    result = editing.save(form, original_id="mbe-caritas")
    assert {p.field for p in result.problems} == {"email", "min_age"}
    assert logical_dump(seed_db) == before


def test_ids_cannot_collide_or_change(conn):
    editing = OfferEditing(conn, lambda: NOW)
    form = editing.form_for("mbe-caritas")
    form.fields["id"] = "mbe-caritas-neu"
    assert editing.save(form, original_id="mbe-caritas").problems[0].field == "id"
    assert editing.save(editing.form_for("mbe-caritas"), original_id=None).problems[0].field == "id"


def test_a_new_offer_starts_hidden_and_is_logged(conn):
    editing = OfferEditing(conn, lambda: NOW)
    form = editing.blank_form()
    form.fields.update(id="neu", name="Neue Stelle", phone="0351 1234567")
    form.texts["de"].update(status="reviewed", summary="Kurz")
    result = editing.save(form, original_id=None)
    assert result.ok and not result.offer.active
    assert any(c.field == "name" for c in result.changes)
    assert AuditRepository(conn).recent(offer_id="neu")


def test_settings_are_checked_saved_and_logged(conn):
    editing = KioskSettingsEditing(conn, lambda: NOW)
    form = configuration_to_form(editing.load())
    form.languages = [(lang, on and lang.code != "en") for lang, on in form.languages]
    form.age_bands = [("", "17"), ("18", "")]
    form.location = "Bürgerbüro Altstadt"
    form.printer = "Kiosk-Drucker"
    result = editing.save(form)
    assert result.ok
    assert {c.field for c in result.changes} == {
        "languages.enabled",
        "age_bands",
        "kiosk_location",
        "printer",
    }
    codes = [lang.code for lang in CatalogueRepository(conn).enabled_languages()]
    assert "en" not in codes and "de" in codes
    assert [b.id for b in CatalogueRepository(conn).age_bands()] == ["under-18", "18-plus"]
    loaded = editing.load()
    assert loaded.printer == "Kiosk-Drucker" and loaded.location == "Bürgerbüro Altstadt"
    form.idle_timeout_seconds = "5"
    assert editing.save(form).problems[0].field == "idle_timeout_seconds"
