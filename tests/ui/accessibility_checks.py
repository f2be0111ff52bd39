"""Checks a person with a finger, a screen reader or poor sight would make on any screen:
touch targets and the gaps between them, accessible names and roles.

Used by the walk through every language (tests/ui/test_languages.py) and by the
accessibility tests; each returns a list of problems (empty: fine).
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QPushButton, QScrollArea, QWidget

from ui.theme import Metrics

TOLERANCE = 1  # px: rounding of millimetres to pixels


def visible_buttons(window: QWidget) -> list[QAbstractButton]:
    """Buttons a visitor can see now: those of the idle warning when it covers the screen."""
    overlay = getattr(window, "idle_warning", None)
    root = overlay if overlay is not None and overlay.isVisible() else window
    return [b for b in root.findChildren(QAbstractButton) if b.isVisible()]


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _shown_rect(window: QWidget, widget: QWidget) -> QRect:
    """The part of ``widget`` on screen, in window coordinates (scrolled-away parts cut off)."""
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    scroll = _scroll_area_of(widget)
    while scroll is not None:
        viewport = scroll.viewport()
        rect = rect.intersected(
            QRect(viewport.mapTo(window, viewport.rect().topLeft()), viewport.size())
        )
        scroll = _scroll_area_of(scroll)
    return rect


def _distance(a: QRect, b: QRect) -> int:
    """Free pixels between two rectangles (0 when they touch or overlap)."""
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    return max(dx, dy)


def touch_target_problems(window: QWidget, metrics: Metrics) -> list[str]:
    """Every visible button ≥ 15 mm (primary ones ≥ 20 mm) and ≥ 3 mm from the next one."""
    problems = []
    shown = []
    for button in visible_buttons(window):
        name = button.objectName() or type(button).__name__
        smallest = metrics.touch_primary if button.property("primary") else metrics.touch_min
        if min(button.width(), button.height()) < smallest - TOLERANCE:
            problems.append(
                f"{name}: {button.width()}×{button.height()} px, needs {smallest} px "
                f"({'20' if button.property('primary') else '15'} mm)"
            )
        rect = _shown_rect(window, button)
        if not rect.isEmpty():
            shown.append((name, rect))
    gap = metrics.mm(3)
    for index, (name, rect) in enumerate(shown):
        for other, other_rect in shown[index + 1 :]:
            if rect.intersects(other_rect):
                problems.append(f"{name} and {other} overlap")
            elif _distance(rect, other_rect) < gap - TOLERANCE:
                problems.append(
                    f"{name} and {other}: {_distance(rect, other_rect)} px apart, need {gap}"
                )
    return problems


def smallest_target_mm(window: QWidget, metrics: Metrics) -> float:
    sides = [min(b.width(), b.height()) for b in visible_buttons(window)]
    return min(sides) * 25.4 / metrics.dpi if sides else 0.0


def accessible_name_problems(window: QWidget) -> list[str]:
    """Every visible button has an object name, an accessible name and a button role
    (checkable ones say whether they are on)."""
    problems = []
    for button in visible_buttons(window):
        name = button.objectName()
        if not name:
            problems.append(f"a {type(button).__name__} without an object name: {button.text()!r}")
        if not button.accessibleName().strip():
            problems.append(f"{name or button}: no accessible name")
        interface = QAccessible.queryAccessibleInterface(button)
        if interface is None:
            problems.append(f"{name}: no accessible interface")
            continue
        if interface.role() not in (QAccessible.Role.Button, QAccessible.Role.CheckBox):
            problems.append(f"{name}: accessible role {interface.role()}")
        if interface.text(QAccessible.Text.Name) != button.accessibleName():
            problems.append(f"{name}: assistive technology is told another name")
        state = interface.state()
        if button.isCheckable() and (not state.checkable or state.checked != button.isChecked()):
            problems.append(f"{name}: its on/off state is not told")
    return problems


def squeezed_buttons(window: QWidget) -> list[str]:
    """Push buttons whose own text (and pictogram) got less room than they need: a layout
    squeezed them below their size hint. Tiles and cards wrap their text in labels and are
    checked as labels."""
    problems = []
    for button in visible_buttons(window):
        if not isinstance(button, QPushButton) or button.layout() is not None:
            continue
        hint = button.sizeHint()
        if button.width() < hint.width() - TOLERANCE or button.height() < hint.height() - TOLERANCE:
            problems.append(
                f"{button.objectName()}: {button.width()}×{button.height()} px, its text and "
                f"pictogram need {hint.width()}×{hint.height()}: {button.text()!r}"
            )
    return problems
