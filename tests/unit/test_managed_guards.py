"""A kiosk that follows the central releases does not take content edits that the next release
would silently undo: not from a file import, not from the settings' language list or age bands.
What stays the kiosk's own (which languages are shown, place, printer, times) still saves."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.admin.settings import KioskSettingsEditing
from kiosk.cli import main
from kiosk.content.store import set_managed
from kiosk.db.connection import open_database
from kiosk.db.seeding import logical_dump
from kiosk.domain.configuration import configuration_to_form

URL = "https://inhalte.example.org/wegweiser"


def _managed(db: Path) -> None:
    conn = open_database(db)
    try:
        set_managed(conn, URL)
    finally:
        conn.close()


def test_an_import_into_a_managed_kiosk_is_refused_and_changes_nothing(seed_db, tmp_path, capsys):
    exported = tmp_path / "offers.json"
    assert main(["--db", str(seed_db), "export", "--format", "json", "--out", str(exported)]) == 0
    offers = json.loads(exported.read_text("utf-8"))
    offers["offers"][0]["phone"] = "+49 351 4886010"
    exported.write_text(json.dumps(offers, ensure_ascii=False), "utf-8")
    _managed(seed_db)
    before = logical_dump(seed_db)
    capsys.readouterr()
    assert main(["--db", str(seed_db), "import", str(exported)]) == 1
    err = capsys.readouterr().err
    assert "central content releases" in err and URL in err and "Nothing was changed" in err
    assert logical_dump(seed_db) == before
    # A dry run still shows what the file would change (nothing is written either way).
    assert main(["--db", str(seed_db), "import", "--dry-run", str(exported)]) == 0


def test_a_kiosk_on_its_own_still_imports(seed_db, tmp_path, capsys):
    exported = tmp_path / "offers.json"
    assert main(["--db", str(seed_db), "export", "--format", "json", "--out", str(exported)]) == 0
    offers = json.loads(exported.read_text("utf-8"))
    offers["offers"][0]["phone"] = "+49 351 4886010"
    exported.write_text(json.dumps(offers, ensure_ascii=False), "utf-8")
    assert main(["--db", str(seed_db), "import", str(exported)]) == 0


def test_settings_keep_content_central_and_local_choices_local(seed_db):
    _managed(seed_db)
    conn = open_database(seed_db)
    try:
        editing = KioskSettingsEditing(conn)
        form = configuration_to_form(editing.load())

        reordered = configuration_to_form(editing.load())
        reordered.languages = [reordered.languages[1], reordered.languages[0], *form.languages[2:]]
        result = editing.save(reordered)
        assert not result.ok and {p.path for p in result.problems} == {("languages",)}

        banded = configuration_to_form(editing.load())
        banded.age_bands = banded.age_bands[:-1]
        result = editing.save(banded)
        assert not result.ok and {p.path for p in result.problems} == {("age_bands",)}
        assert configuration_to_form(editing.load()) == form, "nothing was saved"

        local = configuration_to_form(editing.load())
        language, shown = local.languages[-1]
        local.languages[-1] = (language, not shown)
        local.location = "Bürgerbüro Altstadt"
        result = editing.save(local)
        assert result.ok, result.problems
        saved = editing.load()
        assert saved.location == "Bürgerbüro Altstadt"
        assert dict(saved.languages)[language] is (not shown)
    finally:
        conn.close()
