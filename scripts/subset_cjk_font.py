"""Make the small Simplified-Chinese font in assets/fonts from Debian's full Noto Sans CJK.

The full Noto Sans CJK collection is about 20 MB per weight; the kiosk only needs the Chinese
characters it can actually show. This script collects them from

* the zh-Hans UI catalogue (translations/zh_Hans/LC_MESSAGES/messages.po),
* the zh-Hans offer texts and the language endonyms in kiosk/db/seed/*.json,
* the CLDR data Babel formats with in zh-Hans: weekday and month names, day periods, date
  patterns (年月日) and the Chinese names of every language the kiosk or an offer mentions,
* common CJK punctuation, and the arrows ← → (Noto Sans has none),

keeps those that Noto Sans (the Latin/Cyrillic base font) does not have, and writes
``assets/fonts/NotoSansCJKsc-Subset-{Regular,Bold}.otf`` (family "Noto Sans CJK SC", SIL OFL 1.1,
see COPYRIGHT-fonts-noto-cjk.txt). Run it again whenever Chinese texts change; a test
(tests/ui/test_languages.py) fails when a character shown in zh-Hans is missing from the fonts.

Development tool, not a runtime dependency:

    apt-get install fonts-noto-cjk          # the source fonts (Debian/Ubuntu)
    .venv/bin/pip install fonttools         # the subsetter
    .venv/bin/python scripts/subset_cjk_font.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel import Locale
from babel.dates import get_day_names, get_month_names, get_period_names
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.i18n import catalogue_path, cldr_tag  # noqa: E402

SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
FAMILY = "Noto Sans CJK SC"
FONTS = ROOT / "assets" / "fonts"
SEED = ROOT / "kiosk" / "db" / "seed"
BASE_FONT = FONTS / "NotoSans-Regular.ttf"
LANGUAGE = "zh-Hans"
PUNCTUATION = "，。、：；！？（）《》〈〉「」『』【】“”‘’…—～·％＋－／＝　"
# Arrows the staff screens use in every language ("old → new"; "←" in right-to-left ones):
# Noto Sans has none, so they ride along in this font.
ARROWS = "←→"


def _strings_of_catalogue() -> list[str]:
    with catalogue_path(LANGUAGE).open("rb") as fp:
        catalog = read_po(fp, locale=cldr_tag(LANGUAGE))
    texts = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts.extend(s for s in strings if s)
    return texts


def _strings_of_seed() -> list[str]:
    offers = json.loads((SEED / "offers.json").read_text("utf-8"))["offers"]
    catalogue = json.loads((SEED / "catalogue.json").read_text("utf-8"))
    texts = [lang["endonym"] for lang in catalogue["languages"]]
    for offer in offers:
        text = offer.get("texts", {}).get(LANGUAGE)
        if text:
            texts.extend((text["summary"], text.get("description", ""), text.get("audience", "")))
    return texts


def _strings_of_cldr() -> list[str]:
    locale = Locale.parse(cldr_tag(LANGUAGE))
    offers = json.loads((SEED / "offers.json").read_text("utf-8"))["offers"]
    catalogue = json.loads((SEED / "catalogue.json").read_text("utf-8"))
    codes = {lang["code"] for lang in catalogue["languages"]}
    codes |= {code for offer in offers for code in offer.get("languages", [])}
    tags = {cldr_tag(code) for code in codes} | {code.split("-")[0] for code in codes}
    texts = [locale.languages[tag] for tag in sorted(tags) if tag in locale.languages]
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            texts.extend(get_day_names(width, context=context, locale=locale).values())
            texts.extend(get_month_names(width, context=context, locale=locale).values())
    texts.extend(get_period_names(locale=locale).values())
    texts.extend(str(locale.date_formats[width]) for width in ("full", "long", "medium"))
    return texts


def wanted_characters() -> set[str]:
    """Every character zh-Hans can show that the base font lacks (plus CJK punctuation)."""
    from fontTools.ttLib import TTFont

    base = TTFont(BASE_FONT).getBestCmap()
    text = "".join([*_strings_of_catalogue(), *_strings_of_seed(), *_strings_of_cldr()])
    chars = {c for c in text if ord(c) not in base and not c.isspace()}
    return chars | set(PUNCTUATION) | set(ARROWS)


def subset(weight: str, chars: set[str], source_dir: Path) -> Path:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source_dir / f"NotoSansCJK-{weight}.ttc"))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == FAMILY)
    options = ft_subset.Options()
    options.name_IDs = ["*"]  # keep copyright, licence and names
    options.name_languages = ["*"]
    options.layout_features = ["*"]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    target = FONTS / f"NotoSansCJKsc-Subset-{weight}.otf"
    font.save(str(target))
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR, help="folder of the .ttc files")
    args = parser.parse_args()
    chars = wanted_characters()
    for weight in ("Regular", "Bold"):
        target = subset(weight, chars, args.source)
        size = target.stat().st_size
        print(f"{target.relative_to(ROOT)}: {len(chars)} characters, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
