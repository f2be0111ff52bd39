"""Every colour pair of both themes meets WCAG AAA for text (7:1) and 3:1 for controls."""

from __future__ import annotations

import pytest

from ui.contrast import contrast_ratio
from ui.theme import HIGH_CONTRAST, Palette

THEMES = {"default": Palette(), "high-contrast": HIGH_CONTRAST}


def test_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#1a1a1a", "#ffffff") == pytest.approx(17.4, abs=0.1)


@pytest.mark.parametrize("name", THEMES)
def test_text_pairs_reach_7_to_1(name):
    p = THEMES[name]
    pairs = {
        "text on background": (p.text, p.background),
        "text on surface": (p.text, p.surface),
        "secondary on background": (p.text_secondary, p.background),
        "secondary on surface": (p.text_secondary, p.surface),
        "on accent": (p.on_accent, p.accent),
        "on highlight": (p.on_highlight, p.highlight),
        "text on highlight (pressed)": (p.on_highlight, p.highlight),
    }
    low = {k: round(contrast_ratio(*v), 2) for k, v in pairs.items() if contrast_ratio(*v) < 7}
    assert not low, f"{name}: below 7:1: {low}"


@pytest.mark.parametrize("name", THEMES)
def test_control_outlines_reach_3_to_1(name):
    p = THEMES[name]
    for edge, ground in (
        (p.accent, p.background),
        (p.accent, p.surface),
        (p.border, p.background),
        (p.border, p.surface),
    ):
        assert contrast_ratio(edge, ground) >= 3, (name, edge, ground)
