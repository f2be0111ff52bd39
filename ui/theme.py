"""Colours, sizes and the style sheet of the kiosk, derived from the screen's physical DPI.

Sizes are defined in millimetres (touch targets) or as 96-dpi pixel equivalents (type) and
converted with the real DPI of the screen, so a 15 mm button is 15 mm on every panel.
"""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_INCH = 25.4
FALLBACK_DPI = 96.0


@dataclass(frozen=True)
class Palette:
    """Colour pairs chosen for at least 7:1 text contrast (see DESIGN.md)."""

    text: str = "#1a1a1a"
    text_secondary: str = "#4a4a4a"
    background: str = "#f4f1ea"
    surface: str = "#ffffff"
    accent: str = "#004b87"
    on_accent: str = "#ffffff"
    highlight: str = "#ffd24d"
    on_highlight: str = "#1a1a1a"
    border: str = "#4a4a4a"


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one screen."""

    dpi: float

    @classmethod
    def for_dpi(cls, dpi: float | None) -> Metrics:
        usable = dpi if dpi and 50.0 <= dpi <= 600.0 else FALLBACK_DPI
        return cls(usable)

    def mm(self, millimetres: float) -> int:
        return round(millimetres * self.dpi / MM_PER_INCH)

    def px(self, css_px: float) -> int:
        """A size given in 96-dpi pixels, scaled to this screen."""
        return round(css_px * max(self.dpi, FALLBACK_DPI) / FALLBACK_DPI)

    @property
    def touch_min(self) -> int:
        return self.mm(15)

    @property
    def touch_primary(self) -> int:
        return self.mm(20)

    @property
    def gap(self) -> int:
        return max(self.mm(3), self.px(12))

    @property
    def tile_height(self) -> int:
        """Height of the choice tiles: well above the 20 mm of a primary button."""
        return self.mm(28)

    @property
    def body(self) -> int:
        return self.px(26)

    @property
    def small(self) -> int:
        return self.px(24)

    @property
    def title(self) -> int:
        return self.px(44)

    @property
    def button(self) -> int:
        return self.px(30)


def stylesheet(m: Metrics, p: Palette = Palette()) -> str:
    """The application style sheet; object names and dynamic properties select the roles."""
    return f"""
QWidget {{ color: {p.text}; font-size: {m.body}px; }}
QWidget#KioskWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {p.background};
}}
QLabel[role="title"] {{ font-size: {m.title}px; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {m.px(34)}px; font-weight: bold; }}
QLabel[role="subtitle"] {{ color: {p.text_secondary}; font-size: {m.body}px; }}
QLabel[role="secondary"] {{ color: {p.text_secondary}; font-size: {m.small}px; }}
QLabel[role="greeting"] {{ font-size: {m.px(40)}px; font-weight: bold; }}
QLabel[role="tile"] {{ font-size: {m.px(34)}px; }}
QLabel[role="tile-large"] {{ font-size: {m.px(44)}px; }}
QLabel[role="notice"] {{
    background: {p.highlight}; color: {p.on_highlight}; padding: {m.px(8)}px;
    border-radius: {m.px(6)}px;
}}
QPushButton {{
    background: {p.surface}; color: {p.text}; border: 3px solid {p.accent};
    border-radius: {m.px(14)}px; padding: {m.px(6)}px {m.px(18)}px;
    font-size: {m.button}px; min-height: {m.touch_min}px; min-width: {m.touch_min}px;
}}
QPushButton:pressed {{ background: {p.highlight}; color: {p.on_highlight}; }}
QPushButton:focus {{
    border: 4px solid {p.text}; padding: {m.px(6) - 1}px {m.px(18) - 1}px;
}}
QPushButton:checked {{
    background: {p.highlight}; color: {p.on_highlight};
    border: 4px solid {p.text}; padding: {m.px(6) - 1}px {m.px(18) - 1}px;
}}
QPushButton[primary="true"] {{
    background: {p.accent}; color: {p.on_accent}; min-height: {m.touch_primary}px;
}}
QPushButton[primary="true"]:pressed {{ background: {p.highlight}; color: {p.on_highlight}; }}
QPushButton[primary="true"] QLabel {{ color: {p.on_accent}; background: transparent; }}
QPushButton QLabel {{ background: transparent; }}
QPushButton#OfferCard {{ text-align: left; padding: {m.px(16)}px; }}
QWidget#NavigationBar {{ background: {p.surface}; border-bottom: 2px solid {p.border}; }}
QWidget#IdleWarning {{ background: rgba(26, 26, 26, 200); }}
QFrame#IdleWarningPanel {{
    background: {p.surface}; border: 4px solid {p.accent}; border-radius: {m.px(20)}px;
}}
QFrame[role="section"] {{
    background: {p.surface}; border: 2px solid {p.border}; border-radius: {m.px(12)}px;
}}
QScrollBar:vertical {{ width: {m.mm(8)}px; background: {p.background}; }}
QScrollBar::handle:vertical {{
    background: {p.text_secondary}; min-height: {m.mm(15)}px; border-radius: {m.mm(3)}px;
}}
"""


#: For visitors who see poorly: black on white, black controls, yellow only as a highlight.
HIGH_CONTRAST = Palette(
    text="#000000",
    text_secondary="#000000",
    background="#ffffff",
    surface="#ffffff",
    accent="#000000",
    on_accent="#ffffff",
    highlight="#ffff00",
    on_highlight="#000000",
    border="#000000",
)
