"""Re-extract UI strings and merge them into every catalogue under translations/.

English is the source language: its catalogue gets every message translated as itself, so
coverage reports count it complete. New messages in other languages stay empty (never fuzzy)
until a translator fills them in; obsolete ones are dropped. The pseudo-locale (qps-ploc) is
generated afresh from the template. Run through `make messages`.

The merge uses Babel's API instead of ``pybabel update``: that command takes every folder name
as a CLDR locale and stops at private-use tags such as ``de_x_ls`` (Leichte Sprache) or the
pseudo-locale ``qps_ploc``. Check coverage afterwards with ``kiosk-admin translations``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.i18n import (  # noqa: E402
    PSEUDO_LOCALE,
    SOURCE_LANGUAGE,
    TRANSLATIONS_DIR,
    catalogue_codes,
    catalogue_path,
    cldr_tag,
)
from scripts.pseudo_locale import write_pseudo_catalogue  # noqa: E402

POT = TRANSLATIONS_DIR / "messages.pot"
BIN = Path(sys.executable).parent
WIDTH = 100


def extract() -> None:
    subprocess.run(
        [
            str(BIN / "pybabel"),
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "n_:1,2",
            "-k",
            "p_:1c,2",
            "-k",
            "N_",
            "--add-comments=TRANSLATORS:",
            "--sort-by-file",
            "--no-location",
            "-o",
            str(POT),
            ".",
        ],
        check=True,
        cwd=ROOT,
    )


def _is_empty(string: str | tuple[str, ...]) -> bool:
    return not string if isinstance(string, str) else not all(string)


def read_template() -> Catalog:
    with POT.open("rb") as fp:
        return read_po(fp)


def merge(code: str, template: Catalog) -> list[str]:
    """Bring one catalogue in line with the template; returns the ids still untranslated.

    ``Catalog.update`` puts the template's own message objects into the catalogue, so each
    catalogue needs a template of its own (else English filled in here leaks into the next).
    """
    path = catalogue_path(code)
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=cldr_tag(code))
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=True)
    catalog.obsolete.clear()
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if code == SOURCE_LANGUAGE and _is_empty(message.string):
            message.string = message.id
        if isinstance(message.id, tuple | list) and isinstance(message.string, tuple | list):
            # A new plural message: one (empty) string per plural form of the language.
            wanted = catalog.num_plurals
            message.string = (tuple(message.string) + ("",) * wanted)[:wanted]
        if _is_empty(message.string):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    with path.open("wb") as fp:
        write_po(fp, catalog, width=WIDTH, no_location=True, ignore_obsolete=True)
    return missing


def main() -> int:
    extract()
    for code in catalogue_codes():
        if code == PSEUDO_LOCALE:
            continue
        missing = merge(code, read_template())
        if missing:
            print(f"{code}: {len(missing)} message(s) to translate")
    write_pseudo_catalogue(POT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
