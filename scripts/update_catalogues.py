"""Re-extract UI strings and merge them into every catalogue under translations/.

English is the source language: its catalogue gets every message translated as itself, so
coverage reports count it complete. New messages in other languages stay empty (never fuzzy)
until a translator fills them in. Run through `make messages`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
BIN = Path(sys.executable).parent


def run(*args: str) -> None:
    subprocess.run([str(BIN / "pybabel"), *args], check=True, cwd=ROOT)


def main() -> int:
    run(
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
    )
    run(
        "update",
        "-d",
        str(TRANSLATIONS),
        "-i",
        str(POT),
        "-D",
        "messages",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
        "--width",
        "100",
    )
    english = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
    with english.open("rb") as fp:
        catalog = read_po(fp, locale="en")
    for message in catalog:
        if message.id and not (
            message.string if isinstance(message.string, str) else all(message.string)
        ):
            message.string = message.id
    with english.open("wb") as fp:
        write_po(fp, catalog, width=100, no_location=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
