"""The soak tests drive the same real window as the UI tests."""

from tests.ui.conftest import kiosk_app, make_window  # noqa: F401 (fixtures)
