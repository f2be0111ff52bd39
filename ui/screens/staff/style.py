"""The extra style of staff mode: big input fields, segment buttons, error lines.

Applied to the staff area only, on top of the kiosk style sheet (``ui/theme.py``). Colours are
the kiosk palette; an error is never shown by colour alone (it starts with "⚠").
"""

from __future__ import annotations

from kiosk import PROJECT_ROOT
from ui.theme import Metrics, Palette
from ui.widgets.pin_pad import KEY_MM

CHEVRON = (PROJECT_ROOT / "assets" / "icons" / "chevron-down.svg").as_posix()
ERROR_TEXT = "#8a1c1c"  # on #ffffff 8.6:1, on #f4f1ea 7.6:1


def staff_stylesheet(m: Metrics, p: Palette | None = None) -> str:
    p = p or Palette()
    field_height = m.touch_min
    return f"""
QWidget#StaffArea {{ background: {p.background}; }}
QWidget#StaffBar {{ background: {p.accent}; }}
QWidget#StaffBar QLabel {{ color: {p.on_accent}; font-size: {m.px(30)}px; font-weight: bold; }}
QLineEdit, QPlainTextEdit, QComboBox {{
    background: {p.surface}; color: {p.text}; border: 2px solid {p.border};
    border-radius: {m.px(8)}px; padding: {m.px(6)}px {m.px(10)}px; font-size: {m.body}px;
    min-height: {field_height - 2 * m.px(6)}px;
    selection-background-color: {p.accent}; selection-color: {p.on_accent};
    placeholder-text-color: {p.text_secondary};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus {{ border: 3px solid {p.accent}; }}
QLineEdit:read-only {{ background: {p.background}; color: {p.text_secondary}; }}
QLineEdit:disabled {{ background: {p.background}; color: {p.text_secondary}; }}
QComboBox QAbstractItemView {{ font-size: {m.body}px; }}
QComboBox QAbstractItemView::item {{ min-height: {m.touch_min}px; }}
QComboBox::drop-down {{ width: {m.mm(12)}px; border: none; }}
QComboBox::down-arrow {{ image: url({CHEVRON}); width: {m.mm(6)}px; height: {m.mm(6)}px; }}
QPushButton:disabled {{
    color: {p.text_secondary}; border-style: dashed; border-color: {p.text_secondary};
    background: {p.background};
}}
QLabel[role="field"] {{ font-weight: bold; }}
QLabel[role="error"] {{ color: {ERROR_TEXT}; font-weight: bold; }}
QLabel[role="hint"] {{ color: {p.text_secondary}; font-size: {m.small}px; }}
QPushButton[segment="true"] {{ border-radius: {m.px(6)}px; padding: {m.px(6)}px {m.px(12)}px; }}
QPushButton[segment="true"]:checked, QPushButton[toggle="true"]:checked {{
    background: {p.accent}; color: {p.on_accent};
}}
QPushButton[toggle="true"] {{ padding: 0; }}
QPushButton[toggle="true"] QLabel {{ background: transparent; font-size: {m.button}px; }}
QPushButton[toggle="true"] QLabel[on="true"] {{ color: {p.on_accent}; }}
QPushButton[entry="true"] {{ text-align: left; padding: {m.px(12)}px; }}
QPushButton[entry="true"] QLabel {{ background: transparent; }}
QFrame[role="audit"] {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: {m.px(8)}px;
}}
QLabel#pin_display {{
    background: {p.surface}; border: 2px solid {p.border}; border-radius: {m.px(8)}px;
    font-size: {m.px(44)}px; padding: {m.px(8)}px;
}}
QPushButton[pin="true"] {{
    font-size: {m.px(40)}px; font-weight: bold; padding: 0;
    min-height: {m.mm(KEY_MM)}px; min-width: {m.mm(KEY_MM)}px;
    max-height: {m.mm(KEY_MM)}px; max-width: {m.mm(KEY_MM)}px;
}}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{
    border: 3px solid {ERROR_TEXT};
}}
"""
