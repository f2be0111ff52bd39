"""Wegweiser kiosk core: domain rules, database and staff use cases, without any Qt."""

from pathlib import Path

#: Root of the source tree (where data.db, assets/ and translations/ live).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The database shipped with the code (rebuilt from kiosk/db/seed by ``make data``).
SHIPPED_DATABASE = PROJECT_ROOT / "data.db"
