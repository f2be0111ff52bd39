"""Building blocks of the staff screens: labelled fields with their error line, toggles,
segment buttons and list entries — all big enough for a finger (see ``ui/theme.py``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.screens.base import make_label
from ui.theme import Metrics

CHECKED_MARK, UNCHECKED_MARK = "☑", "☐"


class ToggleButton(QPushButton):
    """An on/off button that says its state in text too (☑/☐), not by colour alone.

    Its text wraps (in a label, as QPushButton cannot wrap), so long labels in any language
    stay readable in a narrow column.
    """

    def __init__(self, object_name: str, metrics: Metrics, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setCheckable(True)
        self.setProperty("toggle", True)
        self.setMinimumHeight(metrics.touch_min)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(metrics.px(14), metrics.px(8), metrics.px(14), metrics.px(8))
        row.setSpacing(metrics.px(10))
        self._mark = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        for label in (self._mark, self._text):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(self._mark, 0)
        row.addWidget(self._text, 1)
        self._label = ""
        self.toggled.connect(self._refresh)
        self._refresh()

    def set_label(self, text: str) -> None:
        self._label = text
        self._refresh()

    def label(self) -> str:
        return self._label

    def _refresh(self) -> None:
        on = self.isChecked()
        self._mark.setText(CHECKED_MARK if on else UNCHECKED_MARK)
        self._text.setText(self._label)
        self.setAccessibleName(self._label)
        for label in (self._mark, self._text):
            if label.property("on") != on:
                label.setProperty("on", on)
                label.style().unpolish(label)
                label.style().polish(label)
        self.updateGeometry()

    def sizeHint(self):
        return self.layout().sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().heightForWidth(width), self.minimumHeight())


class SegmentButtons(QWidget):
    """Exclusive choice between a few values (open / appointment / closed …)."""

    changed = Signal(str)

    def __init__(
        self, object_name: str, values: tuple[str, ...], metrics: Metrics, parent: QWidget | None
    ):
        super().__init__(parent)
        self.setObjectName(object_name)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(metrics.gap // 2)
        self.buttons: dict[str, QPushButton] = {}
        self._labels: dict[str, str] = {}
        for value in values:
            button = QPushButton(self)
            button.setObjectName(f"{object_name}_{value}")
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setProperty("segment", True)
            button.setMinimumHeight(metrics.touch_min)
            button.toggled.connect(lambda on, v=value: self._on_toggled(v, on))
            row.addWidget(button)
            self.buttons[value] = button
        row.addStretch(1)

    def set_labels(self, labels: dict[str, str]) -> None:
        self._labels = dict(labels)
        self._refresh()

    def value(self) -> str:
        return next((v for v, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, value: str) -> None:
        button = self.buttons.get(value)
        if button is not None:
            button.setChecked(True)
        self._refresh()

    def _on_toggled(self, value: str, on: bool) -> None:
        self._refresh()
        if on:
            self.changed.emit(value)

    def _refresh(self) -> None:
        for value, button in self.buttons.items():
            label = self._labels.get(value, value)
            button.setText(f"✓ {label}" if button.isChecked() else label)
            button.setAccessibleName(label)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Give an input the error frame of the staff style (the message says what is wrong)."""
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class FieldBlock(QWidget):
    """A label above an input, an optional hint, and the error line (hidden when all is well)."""

    def __init__(
        self,
        name: str,
        editor: QWidget,
        metrics: Metrics,
        parent: QWidget | None = None,
        prefix: str = "editor",
    ):
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"{prefix}_{name}_block")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(metrics.px(4))
        self.label = make_label(f"{prefix}_{name}_label", "field", self)
        self.editor = editor
        editor.setParent(self)
        if editor.minimumHeight() < metrics.touch_min:
            editor.setMinimumHeight(metrics.touch_min)
        self.hint = make_label(f"{prefix}_{name}_hint", "hint", self)
        self.hint.hide()
        self.error = make_label(f"{prefix}_{name}_error", "error", self)
        self.error.hide()
        self.label.setBuddy(editor)
        for widget in (self.label, editor, self.hint, self.error):
            box.addWidget(widget)

    def set_texts(self, label: str, hint: str = "") -> None:
        self.label.setText(label)
        self.editor.setAccessibleName(label)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    def set_error(self, text: str) -> None:
        self.error.setText(f"⚠ {text}" if text else "")
        self.error.setVisible(bool(text))
        self.editor.setAccessibleDescription(text)
        mark_invalid(self.editor, bool(text))


def plain_text_edit(object_name: str, metrics: Metrics, lines: int = 3) -> QPlainTextEdit:
    """A multi-line field; Tab moves on (it does not insert a tab)."""
    edit = QPlainTextEdit()
    edit.setObjectName(object_name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(max(metrics.touch_min, lines * metrics.px(40)))
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    edit.setFixedHeight(max(metrics.touch_min, lines * metrics.px(40)))
    return edit


def make_section(object_name: str, parent: QWidget, metrics: Metrics) -> tuple[QFrame, QLabel]:
    """A framed block with a heading; returns the frame (its layout is a QVBoxLayout)."""
    frame = QFrame(parent)
    frame.setObjectName(object_name)
    frame.setProperty("role", "section")
    box = QVBoxLayout(frame)
    box.setContentsMargins(metrics.px(20), metrics.px(14), metrics.px(20), metrics.px(18))
    box.setSpacing(metrics.gap)
    heading = make_label(f"{object_name}_heading", "heading", frame)
    box.addWidget(heading)
    return frame, heading


def make_button(
    object_name: str,
    metrics: Metrics,
    parent: QWidget | None = None,
    *,
    primary: bool = False,
    on_click: Callable[[], None] | None = None,
) -> QPushButton:
    button = QPushButton(parent)
    button.setObjectName(object_name)
    button.setProperty("primary", primary)
    button.setMinimumHeight(metrics.touch_primary if primary else metrics.touch_min)
    button.setMinimumWidth(metrics.mm(25))
    if on_click is not None:
        button.clicked.connect(lambda _=False: on_click())
    return button


class StaffEntryButton(QPushButton):
    """A list entry: a bold first line and smaller lines below, left-aligned (wraps)."""

    def __init__(self, object_name: str, metrics: Metrics, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("entry", True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(metrics.touch_min)
        box = QVBoxLayout(self)
        box.setContentsMargins(metrics.px(16), metrics.px(10), metrics.px(16), metrics.px(10))
        box.setSpacing(metrics.px(2))
        self.heading = QLabel(self)
        self.heading.setProperty("role", "heading")
        self.detail = QLabel(self)
        self.detail.setProperty("role", "secondary")
        for label in (self.heading, self.detail):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(label)

    def set_texts(self, heading: str, detail: str) -> None:
        self.heading.setText(heading)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleName(heading)
        self.setAccessibleDescription(detail)
        self.updateGeometry()

    def sizeHint(self):
        return self.layout().sizeHint()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.layout().heightForWidth(width), self.minimumHeight())
