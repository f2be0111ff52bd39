"""``kiosk-admin handout``: write the printed handout of an offer as a PDF file.

    kiosk-admin handout OFFER_ID --lang ar --format a4|receipt --out handout.pdf

Drawing needs Qt, so this command lives in ``ui/`` and is added to ``kiosk-admin`` by
:mod:`ui.admin_cli`; Qt is imported only when the command runs, with the offscreen platform, so it
works on a server without a display and the other commands never load Qt at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from babel import Locale, UnknownLocaleError

from kiosk.cli.common import EXIT_DATA, EXIT_OK, EXIT_USAGE, opened
from kiosk.db.offer_repository import OfferRepository
from kiosk.db.repository import CatalogueRepository
from kiosk.handout import build_handout
from kiosk.visitor import VisitorCatalogue

FORMATS = ("a4", "receipt")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _is_language(code: str) -> bool:
    """Whether CLDR knows the language (``fa-AF``, ``zh-Hans``, ``de-x-ls`` …)."""
    for candidate in (code, code.replace("_", "-").split("-")[0]):
        try:
            Locale.parse(candidate, sep="-")
            return True
        except (UnknownLocaleError, ValueError):
            continue
    return False


def _handout(args: argparse.Namespace) -> int:
    with opened(args) as conn:
        offer = OfferRepository(conn).get(args.offer_id)
        if offer is None:
            print(f"kiosk-admin: no offer with the id {args.offer_id!r}", file=sys.stderr)
            return EXIT_USAGE
        enabled = CatalogueRepository(conn).enabled_languages()
        languages = [lang.code for lang in enabled]
        settings = VisitorCatalogue(conn).settings()
    if not _is_language(args.lang):
        print(
            f"kiosk-admin: {args.lang!r} is not a language code; "
            f"enabled on this kiosk: {', '.join(languages)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.lang not in languages:
        print(f"Note: {args.lang} is not enabled on this kiosk.", file=sys.stderr)
    if not offer.active:
        print(f"Note: offer {offer.id} is inactive; visitors do not see it.", file=sys.stderr)
    handout = build_handout(
        offer,
        args.lang,
        args.date or dt.date.today(),
        settings.location,
        verify_after_months=settings.verify_after_months,
        language_names={lang.code: lang.endonym for lang in enabled},
    )

    from PySide6.QtGui import QGuiApplication

    from ui.printing import PaperFormat, write_pdf

    # "-platform offscreen" beats any QT_QPA_PLATFORM: no display is needed to draw a PDF.
    app = QGuiApplication.instance() or QGuiApplication(["kiosk-admin", "-platform", "offscreen"])
    layout = write_pdf(handout, PaperFormat(args.format), args.out)
    if not args.out.exists() or args.out.stat().st_size == 0:
        print(f"kiosk-admin: could not write {args.out}", file=sys.stderr)
        return EXIT_DATA
    pages = f"{layout.pages} page" + ("s" if layout.pages > 1 else "")
    size = f"{layout.page_width_mm:.0f} × {layout.page_height_mm:.0f} mm"
    print(f"Wrote {args.out}: {offer.id} in {', '.join(handout.languages)}, {pages}, {size}.")
    del app
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    handout = sub.add_parser("handout", help="write the printed handout of an offer as a PDF")
    handout.add_argument("offer_id", metavar="OFFER_ID", help="offer id, e.g. mbe-caritas")
    handout.add_argument("--lang", default="de", help="visitor language, e.g. ar (default: de)")
    handout.add_argument(
        "--format", choices=FORMATS, default="a4", help="a4 or receipt (80 mm roll)"
    )
    handout.add_argument("--out", type=Path, required=True, help="PDF file to write")
    handout.add_argument(
        "--date", type=_date, default=None, help="print date (YYYY-MM-DD, default: today)"
    )
    handout.set_defaults(func=_handout)
