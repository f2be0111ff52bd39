"""Long words break to fit their box: at hyphenation points where the language has rules."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics

from ui.widgets.fitting_label import SOFT_HYPHEN, ZERO_WIDTH_SPACE, FittingLabel, breakable


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
