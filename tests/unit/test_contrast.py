"""Every colour pair of both themes meets WCAG AAA for text (7:1) and 3:1 for controls, and
every colour the generated style sheet uses is one of those checked pairs."""

from __future__ import annotations

import re

import pytest

from ui.contrast import contrast_ratio
from ui.theme import HIGH_CONTRAST, SCRIM_ALPHA, Metrics, Palette, stylesheet

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


# -- every colour of the generated style sheet is in a checked pair -------------------------
COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|rgba\(\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)\s*\)")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def _composite(r: int, g: int, b: int, alpha: int, ground: str) -> str:
    """A translucent colour as it looks over ``ground``."""
    base = [int(ground.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [
        round(c * alpha / 255 + o * (1 - alpha / 255)) for c, o in zip((r, g, b), base, strict=True)
    ]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def sheet_colours(sheet: str, ground: str) -> set[str]:
    """Every colour the style sheet paints with (translucent ones as seen over ``ground``)."""
    found = set()
    for match in COLOUR.finditer(sheet):
        if match.group(1) is None:
            found.add(match.group(0).lower())
        else:
            r, g, b, alpha = (int(match.group(i)) for i in range(1, 5))
            found.add(_composite(r, g, b, alpha, ground))
    return found


def checked_pairs(p: Palette) -> dict[str, tuple[str, str, float]]:
    """Every pair the kiosk shows, with the ratio it needs (7:1 text, 3:1 controls)."""
    scrim = _composite(*(int(p.scrim[i : i + 2], 16) for i in (1, 3, 5)), SCRIM_ALPHA, p.background)
    return {
        "text on background": (p.text, p.background, 7),
        "text on surface": (p.text, p.surface, 7),
        "secondary on background (also disabled)": (p.text_secondary, p.background, 7),
        "secondary on surface": (p.text_secondary, p.surface, 7),
        "on accent (primary buttons)": (p.on_accent, p.accent, 7),
        "on highlight (pressed, checked, notices)": (p.on_highlight, p.highlight, 7),
        "button outline on background": (p.accent, p.background, 3),
        "button outline on surface": (p.accent, p.surface, 3),
        "borders on background": (p.border, p.background, 3),
        "borders on surface": (p.border, p.surface, 3),
        "focus and checked outline on highlight": (p.text, p.highlight, 3),
        "scroll handle on background": (p.text_secondary, p.background, 3),
        "warning panel on the veil": (p.surface, scrim, 3),
    }


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("name", THEMES)
def test_every_colour_of_the_style_sheet_is_in_a_checked_pair(name, large):
    p = THEMES[name]
    sheet = stylesheet(Metrics(96), p, large=large)
    pairs = checked_pairs(p)
    low = {
        label: round(contrast_ratio(a, b), 2)
        for label, (a, b, needed) in pairs.items()
        if contrast_ratio(a, b) < needed
    }
    assert not low, f"{name}: {low}"
    covered = {colour.lower() for a, b, _ in pairs.values() for colour in (a, b)}
    unchecked = sheet_colours(sheet, p.background) - covered
    assert not unchecked, f"{name}: colours in the style sheet without a checked pair: {unchecked}"


@pytest.mark.parametrize("name", THEMES)
def test_every_rule_with_text_and_ground_reaches_7_to_1(name):
    p = THEMES[name]
    sheet = stylesheet(Metrics(96), p)
    checked = 0
    for selector, body in RULE.findall(sheet):
        declarations = dict(
            (part.split(":", 1)[0].strip(), part.split(":", 1)[1].strip())
            for part in body.split(";")
            if ":" in part
        )
        text, ground = declarations.get("color"), declarations.get("background")
        if text and ground and ground != "transparent":
            checked += 1
            ratio = contrast_ratio(text, ground)
            assert ratio >= 7, f"{name}: {selector.strip()}: {text} on {ground} is {ratio:.1f}:1"
    assert checked >= 5


def test_high_contrast_is_stronger_than_the_default():
    for attribute in ("text", "text_secondary", "accent"):
        default = contrast_ratio(getattr(Palette(), attribute), Palette().background)
        high = contrast_ratio(getattr(HIGH_CONTRAST, attribute), HIGH_CONTRAST.background)
        assert high >= default, attribute
    assert HIGH_CONTRAST.outline > Palette().outline
