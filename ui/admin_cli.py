"""The ``kiosk-admin`` entry point: the core's staff commands plus ``handout``, which draws
with Qt. Every other command runs exactly as ``python -m kiosk.cli`` (no Qt is imported)."""

from __future__ import annotations

import sys

from kiosk import cli
from ui import cli_handout


def main(argv: list[str] | None = None) -> int:
    return cli.main(argv, extra_groups=(cli_handout,))


if __name__ == "__main__":
    sys.exit(main())
