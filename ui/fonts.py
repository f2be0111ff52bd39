"""Loading the bundled Noto fonts so every enabled script renders on a bare machine."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

from kiosk import PROJECT_ROOT

log = logging.getLogger(__name__)

FONTS_DIR = PROJECT_ROOT / "assets" / "fonts"
BASE_FAMILY = "Noto Sans"
# Tried in order for characters the base family lacks. Noto Sans itself covers Latin (also
# Vietnamese, Turkish, Kurmanji, Romanian, Polish), Cyrillic and Greek; the others add the
# Arabic script (Arabic, Persian, Dari, Pashto; also Urdu and Sorani letters), Ethiopic
# (Tigrinya), Simplified Chinese (a subset made by scripts/subset_cjk_font.py) and symbols.
FALLBACK_FAMILIES = [
    "Noto Sans Arabic",
    "Noto Sans Ethiopic",
    "Noto Sans CJK SC",
    "Noto Sans Symbols2",  # the family name in the font file (no space before the 2)
]


def load_bundled_fonts(directory: Path = FONTS_DIR) -> list[str]:
    """Register every font file in ``assets/fonts``; returns the families found."""
    families: set[str] = set()
    for path in sorted(directory.glob("*.[ot]tf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.error("could not load font %s", path)
            continue
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(families)


def application_font(pixel_size: int) -> QFont:
    """The kiosk's base font with the script fallbacks set up."""
    font = QFont(BASE_FAMILY)
    font.setFamilies([BASE_FAMILY, *FALLBACK_FAMILIES])
    font.setPixelSize(pixel_size)
    return font
