"""Long words break to fit their box: at hyphenation points where the language has rules."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle

from ui.widgets.fitting_label import (
    SOFT_HYPHEN,
    ZERO_WIDTH_SPACE,
    FittingLabel,
    breakable,
    right_to_left_alignment,
)


def _metrics(qapp) -> QFontMetrics:
    return QFontMetrics(QFont("Noto Sans", 20))


def test_text_that_fits_is_left_alone(qapp):
    metrics = _metrics(qapp)
    text = "Menschen treffen und Gemeinschaften"
    assert breakable(text, metrics.horizontalAdvance(text) + 1, metrics, "de_DE") == text


def test_german_breaks_at_its_hyphenation_points_and_only_where_needed(qapp):
    metrics = _metrics(qapp)
    width = metrics.horizontalAdvance("Änderungsprot")
    shown = breakable("Zum Änderungsprotokoll", width, metrics, "de_DE")
    assert shown == f"Zum Änderungs{SOFT_HYPHEN}protokoll", "a real syllable, not 'protok-oll'"
    for piece in shown.split(" ")[1].split(SOFT_HYPHEN):
        assert metrics.horizontalAdvance(piece + "-") <= width


def test_without_rules_or_room_any_letter_may_break_and_every_piece_fits(qapp):
    metrics = _metrics(qapp)
    word = "Migrationsberatungsstelle" * 4
    for locale in ("de_DE", "tr_TR", ""):
        shown = breakable(word, 120, metrics, locale)
        assert shown.replace(SOFT_HYPHEN, "") == word
        assert all(metrics.horizontalAdvance(p + "-") <= 120 for p in shown.split(SOFT_HYPHEN))


def test_scripts_without_hyphens_get_an_invisible_break(qapp):
    metrics = _metrics(qapp)
    word = "الاستشارات" * 6
    shown = breakable(word, 150, metrics, "ar_EG")
    assert SOFT_HYPHEN not in shown and ZERO_WIDTH_SPACE in shown
    assert shown.replace(ZERO_WIDTH_SPACE, "") == word


def test_the_label_keeps_the_text_it_was_given(qtbot):
    label = FittingLabel()
    qtbot.addWidget(label)
    label.setText("Migrationsberatungsstelle" * 4)
    label.resize(200, 100)
    label.show()
    qtbot.waitUntil(lambda: SOFT_HYPHEN in label.shown_text(), timeout=2000)
    assert label.text() == "Migrationsberatungsstelle" * 4
    assert label.accessibleName() == label.text()
    assert label.minimumSizeHint().width() < 200, "never holds its window open"


def test_a_right_to_left_height_is_kept_per_text_font_and_width(qtbot):
    """Heights of right-to-left paragraphs are laid out once and kept; a kept height never
    answers for another font size or width (the same text in large text wraps to more lines)."""
    from PySide6.QtCore import Qt

    from ui.widgets import fitting_label

    text = "تقدم الاستشارة للمهاجرين البالغين المساعدة في الرسائل والطلبات والمواعيد " * 3
    heights = {}
    for size in (16, 28):
        label = FittingLabel()
        qtbot.addWidget(label)
        label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        label.setFont(QFont("Noto Sans", size))
        label.setText(text)
        fitting_label._RIGHT_TO_LEFT_HEIGHTS.clear()
        fresh = label.heightForWidth(300)
        assert len(fitting_label._RIGHT_TO_LEFT_HEIGHTS) == 1
        label._heights.clear()  # (the label's own answers, dropped with any change)
        assert label.heightForWidth(300) == fresh, "the kept height is the one laid out"
        assert label.heightForWidth(600) < fresh, "another width is laid out anew"
        heights[size] = fresh
    assert heights[28] > heights[16]


def test_the_kept_right_to_left_heights_stay_bounded(qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from ui.widgets import fitting_label

    monkeypatch.setattr(fitting_label, "RIGHT_TO_LEFT_HEIGHTS_KEPT", 5)
    fitting_label._RIGHT_TO_LEFT_HEIGHTS.clear()
    label = FittingLabel()
    qtbot.addWidget(label)
    label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    label.setText("الاستشارة للمهاجرين")
    for width in range(100, 120):
        label.heightForWidth(width)
    assert len(fitting_label._RIGHT_TO_LEFT_HEIGHTS) == 5
    assert (label.shown_text(), 119) == next(reversed(fitting_label._RIGHT_TO_LEFT_HEIGHTS))[:2]


def test_right_to_left_alignment_is_qt_s_visual_alignment(qapp):
    """The label's own rule (it spares the start-up QStyle's enum classes) gives what Qt gives,
    for every horizontal flag, with and without a vertical one and AlignAbsolute."""
    flag = Qt.AlignmentFlag
    horizontal = (flag(0), flag.AlignLeft, flag.AlignRight, flag.AlignHCenter, flag.AlignJustify)
    vertical = (flag(0), flag.AlignTop, flag.AlignVCenter, flag.AlignBottom)
    for h, v, absolute in itertools.product(horizontal, vertical, (flag(0), flag.AlignAbsolute)):
        alignment = h | v | absolute
        expected = QStyle.visualAlignment(Qt.LayoutDirection.RightToLeft, alignment)
        assert right_to_left_alignment(alignment) == expected, alignment
