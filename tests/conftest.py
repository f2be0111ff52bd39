"""Shared fixtures: offscreen Qt, databases built through the real migrations, fixed clocks."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Read-aloud in tests speaks through Qt's mock engine, never a real voice of the machine.
os.environ.setdefault("WEGWEISER_SPEECH_ENGINE", "mock")

#: QT_QPA_PLATFORM=xcb runs the suite on a real X server: a private Xvfb started here, before
#: any QApplication exists (`make test` runs the UI tests this way as well as offscreen).
_XSERVER = None
if os.environ["QT_QPA_PLATFORM"] == "xcb":
    import atexit

    from tests.xserver import start_xvfb

    _XSERVER = start_xvfb()
    atexit.register(_XSERVER.stop)
    os.environ["DISPLAY"] = _XSERVER.display
    os.environ.pop("WAYLAND_DISPLAY", None)

from kiosk.db.connection import open_database  # noqa: E402 (after the platform is chosen)
from kiosk.db.seeding import build_database  # noqa: E402 (after the platform is chosen)
from kiosk.visitor import VisitorCatalogue  # noqa: E402 (after the platform is chosen)


def pytest_report_header(config: pytest.Config) -> str:
    where = f" on Xvfb {_XSERVER.display}" if _XSERVER is not None else ""
    return f"Qt platform: {os.environ['QT_QPA_PLATFORM']}{where}"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("soak", "soak, monkey and crash tests (reduced sizes by default)")
    group.addoption(
        "--soak-sessions",
        type=int,
        default=60,
        help="visitor sessions in the soak test (full run: 10000)",
    )
    group.addoption(
        "--monkey-events",
        type=int,
        default=600,
        help="random taps in the monkey test (full run: 100000)",
    )
    group.addoption(
        "--kill-runs",
        type=int,
        default=4,
        help="processes killed during writes in the crash test (full run: 50)",
    )
    group.addoption("--soak-seed", type=int, default=20261126, help="random seed for the monkey")


#: A Monday afternoon (not a holiday in Saxony); the Caritas MSA is open Mon 14–16.
MONDAY_AFTERNOON = dt.datetime(2026, 11, 23, 14, 30)


@pytest.fixture(scope="session")
def seed_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database built from the seed per test session; tests get copies."""
    return build_database(tmp_path_factory.mktemp("seed") / "seed.db")


@pytest.fixture
def seed_db(seed_db_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "data.db"
    shutil.copyfile(seed_db_template, target)
    return target


@pytest.fixture
def conn(seed_db: Path):
    connection = open_database(seed_db)
    yield connection
    connection.close()


@pytest.fixture
def catalogue(conn) -> VisitorCatalogue:
    return VisitorCatalogue(conn)
