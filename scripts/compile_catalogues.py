"""Compile every ``translations/<lang>/LC_MESSAGES/messages.po`` into its ``.mo`` (build output).

Part of ``make setup`` (the ``translations`` target). Uses Babel's API rather than
``pybabel compile -d translations``, which takes each folder name as a CLDR locale and stops at
private-use tags such as ``de_x_ls`` (Leichte Sprache). The kiosk also compiles a ``.po`` in
memory when its ``.mo`` is missing or older, so this step only saves start-up time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.i18n import (  # noqa: E402
    START_SCREEN_TABLE,
    TRANSLATIONS_DIR,
    catalogue_codes,
    catalogue_path,
    cldr_tag,
    load_catalogue,
    start_screen_texts_of,
)


def compile_all(quiet: bool = False) -> int:
    """Write a ``.mo`` beside every ``.po`` and the start screen's table of texts (read before
    the first frame); returns the number of catalogues compiled."""
    count = 0
    codes = catalogue_codes()
    for code in codes:
        po = catalogue_path(code)
        with po.open("rb") as fp:
            catalog = read_po(fp, locale=cldr_tag(code))
        messages = [m for m in catalog if m.id]
        done = sum(
            1
            for m in messages
            if (m.string if isinstance(m.string, str) else all(m.string)) and not m.fuzzy
        )
        with po.with_suffix(".mo").open("wb") as fp:
            write_mo(fp, catalog)
        count += 1
        if not quiet:
            print(f"{code:9} {done} of {len(messages)} messages translated")
    load_catalogue.cache_clear()  # read the .mo files just written
    table = {code: list(start_screen_texts_of(load_catalogue(code))) for code in codes}
    (TRANSLATIONS_DIR / START_SCREEN_TABLE).write_text(
        json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return count


if __name__ == "__main__":
    compile_all(quiet="--quiet" in sys.argv)
