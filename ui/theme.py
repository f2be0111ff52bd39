"""Colours, sizes and the style sheet of the kiosk, derived from the screen's physical DPI.

Sizes are defined in millimetres (touch targets) or as 96-dpi pixel equivalents (type) and
converted with the real DPI of the screen, so a 15 mm button is 15 mm on every panel.

Large text (EN 301 549 5.1.4): every text grows so that even the smallest one has a capital H of
at least 0.7° of visual angle at the configured viewing distance — 6.1 mm at 50 cm.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from kiosk import PROJECT_ROOT

#: The pictograms (scroll arrows), as the style sheet's url() wants them.
ICONS = (PROJECT_ROOT / "assets" / "icons").as_posix()
MM_PER_INCH = 25.4
FALLBACK_DPI = 96.0
#: Capital H of Noto Sans is 714/1000 of the em; a little less, so rounding never falls short.
CAP_HEIGHT_RATIO = 0.70
#: Visual angle of a capital H in large-text mode (EN 301 549 5.1.4).
LARGE_TEXT_DEGREES = 0.7
DEFAULT_VIEWING_DISTANCE_CM = 50.0
#: Large text is at least this much bigger than normal, also on screens where normal is enough.
LARGE_TEXT_MIN_SCALE = 1.25
#: Opacity (0–255) of the dark veil behind the idle warning.
SCRIM_ALPHA = 200


def cap_height_mm(viewing_distance_cm: float, degrees: float = LARGE_TEXT_DEGREES) -> float:
    """Height that a capital letter needs to span ``degrees`` at ``viewing_distance_cm``."""
    return 2 * viewing_distance_cm * 10 * math.tan(math.radians(degrees) / 2)


class Palette(NamedTuple):
    """Colour pairs chosen for at least 7:1 text contrast (see DESIGN.md), and how thick the
    outlines of controls are drawn (in 96-dpi pixels). (Palette and Metrics are named tuples:
    they are made before the start screen's first frame, where a frozen dataclass costs ~1 ms
    to make and a named tuple a tenth of that.)"""

    text: str = "#1a1a1a"
    text_secondary: str = "#4a4a4a"
    background: str = "#f4f1ea"
    surface: str = "#ffffff"
    accent: str = "#004b87"
    on_accent: str = "#ffffff"
    highlight: str = "#ffd24d"
    on_highlight: str = "#1a1a1a"
    border: str = "#4a4a4a"
    #: The veil behind the idle warning (drawn with SCRIM_ALPHA over the screen).
    scrim: str = "#1a1a1a"
    outline: int = 3


class Metrics(NamedTuple):
    """Pixel sizes for one screen (and the distance a visitor reads it from)."""

    dpi: float
    viewing_distance_cm: float = DEFAULT_VIEWING_DISTANCE_CM

    @classmethod
    def for_dpi(cls, dpi: float | None) -> Metrics:
        usable = dpi if dpi and 50.0 <= dpi <= 600.0 else FALLBACK_DPI
        return cls(usable)

    def mm(self, millimetres: float) -> int:
        return round(millimetres * self.dpi / MM_PER_INCH)

    def px(self, css_px: float) -> int:
        """A size given in 96-dpi pixels, scaled to this screen."""
        return round(css_px * max(self.dpi, FALLBACK_DPI) / FALLBACK_DPI)

    # -- touch targets ---------------------------------------------------------------------
    @property
    def touch_min(self) -> int:
        return self.mm(15)

    @property
    def touch_primary(self) -> int:
        return self.mm(20)

    @property
    def scroll_bar(self) -> int:
        """Width of a scroll bar, and the side of its arrows: a touch target like any other."""
        return self.touch_min

    @property
    def gap(self) -> int:
        return max(self.mm(3), self.px(12))

    @property
    def tile_height(self) -> int:
        """Height of the choice tiles: well above the 20 mm of a primary button."""
        return self.mm(28)

    @property
    def pictogram(self) -> int:
        """Side of a pictogram on a choice tile."""
        return self.mm(16)

    @property
    def tool_icon(self) -> int:
        """Side of a pictogram on a small control (navigation bar, start screen)."""
        return self.mm(7)

    # -- type ------------------------------------------------------------------------------
    def text(self, css_px: float, large: bool = False) -> int:
        """Pixel size of a font given in 96-dpi pixels, in normal or large-text mode."""
        normal = self.px(css_px)
        return math.ceil(normal * self.large_text_scale) if large else normal

    @property
    def large_text_min(self) -> int:
        """Smallest font pixel size whose capital H spans 0.7° at the viewing distance."""
        em_mm = cap_height_mm(self.viewing_distance_cm) / CAP_HEIGHT_RATIO
        return math.ceil(em_mm * self.dpi / MM_PER_INCH)

    @property
    def large_text_scale(self) -> float:
        """How much every text grows in large-text mode: the smallest text reaches the
        minimum, and the change is always big enough to see."""
        return max(LARGE_TEXT_MIN_SCALE, self.large_text_min / self.small)

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


def stylesheet(m: Metrics, p: Palette | None = None, large: bool = False) -> str:
    """The application style sheet; object names and dynamic properties select the roles.

    ``large`` scales every font for large-text mode; ``p`` is the normal or the high-contrast
    palette. Sizes of controls stay in millimetres: layouts grow around the bigger text.
    """
    if p is None:
        p = Palette()

    def f(css_px: float) -> int:
        return m.text(css_px, large)

    line = p.outline
    bar = m.scroll_bar
    return f"""
QWidget {{ color: {p.text}; font-size: {f(26)}px; }}
QWidget#navigator, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {p.background};
}}
QLabel[role="title"] {{ font-size: {f(44)}px; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {f(34)}px; font-weight: bold; }}
QLabel[role="subtitle"] {{ color: {p.text_secondary}; font-size: {f(26)}px; }}
QLabel[role="secondary"] {{ color: {p.text_secondary}; font-size: {f(24)}px; }}
QLabel[role="greeting"] {{ font-size: {f(40)}px; font-weight: bold; }}
QLabel[role="tile"] {{ font-size: {f(34)}px; }}
QLabel[role="tile-large"] {{ font-size: {f(44)}px; }}
QLabel[role="notice"] {{
    background: {p.highlight}; color: {p.on_highlight}; padding: {m.px(8)}px;
    border-radius: {m.px(6)}px;
}}
QPushButton {{
    background: {p.surface}; color: {p.text}; border: {line}px solid {p.accent};
    border-radius: {m.px(14)}px; padding: {m.px(6)}px {m.px(18)}px;
    font-size: {f(30)}px; min-height: {m.touch_min}px; min-width: {m.touch_min}px;
}}
QPushButton:pressed {{ background: {p.highlight}; color: {p.on_highlight}; }}
QPushButton:focus {{
    border: {line + 1}px solid {p.text}; padding: {m.px(6) - 1}px {m.px(18) - 1}px;
}}
QPushButton:checked {{
    background: {p.highlight}; color: {p.on_highlight};
    border: {line + 2}px solid {p.text}; padding: {m.px(6) - 2}px {m.px(18) - 2}px;
}}
QPushButton:disabled {{
    background: {p.background}; color: {p.text_secondary};
    border: {line}px dashed {p.border};
}}
QPushButton[primary="true"] {{
    background: {p.accent}; color: {p.on_accent}; min-height: {m.touch_primary}px;
}}
QPushButton[primary="true"]:pressed {{ background: {p.highlight}; color: {p.on_highlight}; }}
QPushButton[primary="true"] QLabel {{ color: {p.on_accent}; background: transparent; }}
QPushButton[primary="true"]:disabled {{
    background: {p.background}; color: {p.text_secondary}; border: {line}px dashed {p.border};
}}
QPushButton QLabel {{ background: transparent; }}
QPushButton[tool="true"] {{ font-size: {f(24)}px; padding: {m.px(4)}px {m.px(12)}px; }}
QPushButton[tool="true"]:focus {{ padding: {m.px(4) - 1}px {m.px(12) - 1}px; }}
QPushButton[tool="true"]:checked {{ padding: {m.px(4) - 2}px {m.px(12) - 2}px; }}
QPushButton#OfferCard {{ text-align: left; padding: {m.px(16)}px; }}
QWidget#NavigationBar {{ background: {p.surface}; border-bottom: 2px solid {p.border}; }}
QWidget#IdleWarning {{ background: {_rgba(p.scrim, SCRIM_ALPHA)}; }}
QFrame#IdleWarningPanel {{
    background: {p.surface}; border: {line + 1}px solid {p.accent}; border-radius: {m.px(20)}px;
}}
QFrame[role="section"] {{
    background: {p.surface}; border: {line - 1}px solid {p.border}; border-radius: {m.px(12)}px;
}}
QScrollBar:vertical {{
    width: {bar}px; background: {p.background}; margin: {bar + m.mm(1)}px 0; border: none;
}}
QScrollBar::handle:vertical {{
    background: {p.text_secondary}; min-height: {bar}px; border-radius: {m.mm(3)}px;
    margin: 0 {m.mm(3)}px;
}}
QScrollBar::sub-line:vertical, QScrollBar::add-line:vertical {{
    width: {bar - 2 * line}px; height: {bar - 2 * line}px; subcontrol-origin: margin;
    background: {p.surface}; border: {line}px solid {p.accent}; border-radius: {m.px(10)}px;
}}
QScrollBar::sub-line:vertical {{ subcontrol-position: top; }}
QScrollBar::add-line:vertical {{ subcontrol-position: bottom; }}
QScrollBar::sub-line:vertical:pressed, QScrollBar::add-line:vertical:pressed {{
    background: {p.highlight};
}}
QScrollBar::up-arrow:vertical, QScrollBar::down-arrow:vertical {{
    width: {m.mm(8)}px; height: {m.mm(8)}px;
}}
QScrollBar::up-arrow:vertical {{ image: url({ICONS}/chevron-up.svg); }}
QScrollBar::down-arrow:vertical {{ image: url({ICONS}/chevron-down.svg); }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QScrollBar:vertical:disabled {{ background: transparent; }}
QScrollBar::handle:vertical:disabled {{ background: transparent; }}
QScrollBar::sub-line:vertical:disabled, QScrollBar::add-line:vertical:disabled {{
    background: transparent; border: none;
}}
QScrollBar::up-arrow:vertical:disabled, QScrollBar::down-arrow:vertical:disabled {{ image: none; }}
"""


def _rgba(colour: str, alpha: int) -> str:
    text = colour.lstrip("#")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"


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
    scrim="#000000",
    outline=4,
)
