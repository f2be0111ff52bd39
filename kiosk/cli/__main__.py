"""``python -m kiosk.cli``: the staff command line without Qt (see :mod:`kiosk.cli`)."""

import sys

from kiosk.cli import main

sys.exit(main())
