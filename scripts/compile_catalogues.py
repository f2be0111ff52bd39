"""Compile every ``translations/<lang>/LC_MESSAGES/messages.po`` into its ``.mo`` (build output).

Part of ``make setup`` (the ``translations`` target). Uses Babel's API rather than
``pybabel compile -d translations``, which takes each folder name as a CLDR locale and stops at
private-use tags such as ``de_x_ls`` (Leichte Sprache). The kiosk also compiles a ``.po`` in
memory when its ``.mo`` is missing or older, so this step only saves start-up time.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.admin.translation_review import compile_language  # noqa: E402
from kiosk.i18n import START_SCREEN_TABLE, TRANSLATIONS_DIR, catalogue_codes  # noqa: E402


def compile_all(quiet: bool = False) -> int:
    """Write a ``.mo`` beside every ``.po`` and the start screen's table of texts (read before
    the first frame); returns the number of catalogues compiled."""
    codes = catalogue_codes()
    # (the table is written afresh: only languages that have a catalogue)
    (TRANSLATIONS_DIR / START_SCREEN_TABLE).unlink(missing_ok=True)
    for code in codes:
        catalog = compile_language(code)
        messages = [m for m in catalog if m.id]
        done = sum(
            1
            for m in messages
            if (m.string if isinstance(m.string, str) else all(m.string)) and not m.fuzzy
        )
        if not quiet:
            print(f"{code:9} {done} of {len(messages)} messages translated")
    return len(codes)


if __name__ == "__main__":
    compile_all(quiet="--quiet" in sys.argv)
