"""The three display-mode toggles (large text, high contrast, low reach), as the start screen
and the navigation bar both show them: made and translated in one place. (A module of its own:
the start screen, drawn before anything else, needs these and not the whole bar.)"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.theme import Metrics
from ui.widgets.pictogram import PictogramButton


def display_mode_buttons(
    prefix: str, metrics: Metrics, parent: QWidget
) -> tuple[PictogramButton, PictogramButton, PictogramButton]:
    """The three display-mode toggles (large text, contrast, low reach), named ``prefix_…``."""
    return tuple(
        PictogramButton(
            f"{prefix}_{name}",
            icon,
            metrics.tool_icon,
            metrics.touch_min,
            parent,
            checkable=True,
        )
        for name, icon in (
            ("large_text", "large-text"),
            ("contrast", "contrast"),
            ("low_reach", "low-reach"),
        )
    )


def translate_display_modes(cat, large_text, contrast, low_reach) -> None:
    """Captions and accessible names of the display-mode toggles, in the current language."""
    # TRANSLATORS: short caption of a toggle button: bigger letters on every screen
    large_text.setText(cat._("Large text"))
    large_text.setAccessibleName(cat._("Large text on or off"))
    # TRANSLATORS: short caption of a toggle button: black and white, strong colours
    contrast.setText(cat._("Contrast"))
    contrast.setAccessibleName(cat._("High contrast on or off"))
    # TRANSLATORS: short caption of a toggle button: moves all buttons to the lower part of the
    # screen, for people in a wheelchair and children
    low_reach.setText(cat._("Move down"))
    low_reach.setAccessibleName(cat._("All buttons lower down, on or off"))
