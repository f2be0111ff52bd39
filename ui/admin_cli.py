"""The ``kiosk-admin`` entry point: the core's staff commands plus ``handout`` and the check-in
sheet's PDF (``checkin export --out FILE.pdf``), which draw with Qt.
Every other command runs exactly as ``python -m kiosk.cli`` (no Qt is imported)."""

from __future__ import annotations

import sys

from kiosk import cli
from ui import checkin_pdf, cli_handout


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, extra_groups=(cli_handout, checkin_pdf))


if __name__ == "__main__":
    sys.exit(main())
