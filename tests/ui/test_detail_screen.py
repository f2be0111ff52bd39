"""The offer screen as a visitor meets it: their language first, the essentials on screen at
once, old information marked as old, one scroll area, "Did this help?" — and right-to-left
paragraphs that start at the right edge and lose nothing at the left.

The real window, driven by taps; pixels are read from what the screen draws.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QScrollArea, QWidget

from kiosk.domain.hours import opening_status
from kiosk.domain.texts import text_for
from kiosk.i18n import load_catalogue
from kiosk.labels import (
    address_lines,
    contact_lines,
    opening_label,
    outdated_note,
    weekly_hours_lines,
)
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.conftest import SLOW, Visitor
from tests.ui.test_languages import SIZES, check_screen, settle
from ui.widgets.fitting_label import (
    SOFT_HYPHEN,
    ZERO_WIDTH_SPACE,
    FittingLabel,
    breakable,
    paragraph_direction,
)

BAND = "27-plus"
RTL_LANGUAGES = ["ar", "fa", "fa-AF", "ps"]


def essentials_size(catalogue, offer_id: str, lang: str) -> tuple[int, int]:
    """How much an offer puts into where / when / how to reach (lines, then letters)."""
    offer = catalogue.offer(offer_id)
    cat = load_catalogue(lang)
    lines = (
        address_lines(cat, offer.address)
        + contact_lines(cat, offer.contact)
        + [f"{d} {v}" for d, v in weekly_hours_lines(cat, offer)]
    )
    text = text_for(offer, lang).text
    return len(lines), len("".join(lines)) + (len(text.summary) if text else 0)


def open_longest(qtbot, window, catalogue, lang: str) -> str:
    """Open, like a visitor, the offer with the most to say in its essentials."""
    visitor = Visitor(qtbot, window)
    shown = visitor.results_for(lang, BAND)
    offer_id = max(shown, key=lambda o: essentials_size(catalogue, o, lang))
    visitor.tap(f"offer_{offer_id}")
    visitor.on("detail")
    settle()
    return offer_id


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


# -- visitor language first, essentials without scrolling ----------------------------------
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_essentials_are_on_screen_without_scrolling(qtbot, make_window, catalogue, lang):
    window = make_window()
    offer_id = open_longest(qtbot, window, catalogue, lang)
    detail = window.detail
    lines, _ = essentials_size(catalogue, offer_id, lang)
    assert lines >= 12, f"{offer_id} is not a long offer ({lines} lines)"
    problems = []
    for size in SIZES:
        window.resize(*size)
        settle()
        detail.scroll.verticalScrollBar().setValue(0)
        settle()
        viewport = detail.scroll.viewport()
        for name in ("where", "hours", "contact"):
            section = detail.sections[name]
            assert section.isVisible(), name
            where = rect_in(section, viewport)
            if not viewport.rect().contains(where):
                problems.append(f"{lang} {size}: {name} at {where}, viewport {viewport.size()}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["de", "ar", "ti"])
def test_the_headline_is_the_summary_in_the_visitors_language(qtbot, make_window, catalogue, lang):
    window = make_window()
    offer_id = open_longest(qtbot, window, catalogue, lang)
    detail, offer = window.detail, catalogue.offer(offer_id)
    cat = load_catalogue(lang)
    shown = text_for(offer, lang).text
    assert shown is not None and shown.lang == lang
    assert detail.title.text() == shown.summary
    # The German name as on the door, below the headline, smaller.
    assert offer.name in detail.official_name.text()
    below = rect_in(detail.official_name, detail).top() >= rect_in(detail.title, detail).bottom()
    assert below and detail.official_name.font().pixelSize() < detail.title.font().pixelSize()
    # A pictogram for the kind, and open or not in words beside a pictogram (never colour).
    assert detail.kind_icon.isVisible() and detail.kind_icon.kind is offer.kind
    assert detail.kind_icon.accessibleName() in detail.kind.text()
    status = opening_status(offer, MONDAY_AFTERNOON)
    assert detail.open_state.isVisible() and detail.open_state.icon.isVisible()
    assert detail.open_state.state() is status.state
    assert detail.open_state.text() == opening_label(cat, status, MONDAY_AFTERNOON)


def test_one_scroll_area_and_the_codes_and_print_reachable(qtbot, make_window, catalogue):
    problems = []
    for size in SIZES:
        window = make_window(size=size)
        open_longest(qtbot, window, catalogue, "ar")
        detail = window.detail
        areas = [a for a in detail.findChildren(QScrollArea) if a.isVisibleTo(detail)]
        if [a.objectName() for a in areas] != ["detail_scroll"]:
            problems.append(f"{size}: scroll areas {[a.objectName() for a in areas]}")
        for widget in (detail.qr_contact, detail.qr_map, detail.print_button):
            if not widget.isVisible():
                continue
            detail.scroll.ensureWidgetVisible(widget, 0, 0)
            settle()
            viewport = detail.scroll.viewport()
            if not viewport.rect().contains(rect_in(widget, viewport)):
                problems.append(f"{size}: {widget.objectName()} cannot be scrolled into view")
        # In portrait the codes come right after the essentials, before the long texts.
        if size[1] > size[0]:
            codes = rect_in(detail.handover, detail.content)
            if not rect_in(detail.essentials, detail.content).bottom() < codes.top():
                problems.append("portrait: the codes are not below the essentials")
            if not codes.bottom() < rect_in(detail.sections["about"], detail.content).top():
                problems.append("portrait: the codes are not above the description")
        else:
            beside = rect_in(detail.handover, detail.content).top()
            if beside > rect_in(detail.essentials, detail.content).top():
                problems.append("landscape: the codes do not stand beside the essentials")
    assert not problems, "\n".join(problems)


# -- old information ---------------------------------------------------------------------
def test_old_information_says_so_near_the_top_and_fresh_does_not(qtbot, make_window, catalogue):
    window = make_window()
    visitor = Visitor(qtbot, window)
    shown = visitor.results_for("ar", BAND)
    today = MONDAY_AFTERNOON.date()
    months = SLOW.verify_after_months
    cat = load_catalogue("ar")
    old = [o for o in shown if outdated_note(cat, catalogue.offer(o), today, months)]
    fresh = [o for o in shown if o not in old]
    assert old, "the seed has old offers (2011–2017)"
    visitor.tap(f"offer_{old[0]}")
    visitor.on("detail")
    settle()
    detail = window.detail
    note = outdated_note(cat, catalogue.offer(old[0]), today, months)
    assert detail.outdated.isVisible() and detail.outdated.text() == note
    assert detail.outdated.property("role") == "notice"
    assert rect_in(detail.outdated, detail).bottom() < rect_in(detail.essentials, detail).top()
    assert detail.checked.isVisibleTo(detail), "'last checked on …' stays"
    # A fresher limit: the same offer is not old any more, and the note goes.
    window.detail.apply_settings(SLOW._replace(verify_after_months=12 * 30))
    window.detail.show_offer(old[0])
    assert not detail.outdated.isVisibleTo(detail)
    for offer_id in fresh[:1]:
        window.detail.apply_settings(SLOW)
        window.detail.show_offer(offer_id)
        assert not detail.outdated.isVisibleTo(detail)


# -- "Did this help?" ----------------------------------------------------------------------
@pytest.mark.parametrize(("answer", "helped"), [("yes", True), ("no", False)])
def test_did_this_help_takes_one_tap_says_thanks_and_asks_once(
    qtbot, make_window, catalogue, answer, helped, metrics
):
    window = make_window()
    offer_id = open_longest(qtbot, window, catalogue, "de")
    visitor = Visitor(qtbot, window)
    detail = window.detail
    cat = load_catalogue("de")
    detail.scroll.ensureWidgetVisible(detail.feedback)
    settle()
    assert visitor.sees(cat._("Did this help you?"))
    yes, no = detail.feedback_yes, detail.feedback_no
    assert yes.accessibleName() == cat._("Yes, this helped me")
    assert no.accessibleName() == cat._("No, this did not help me")
    for button in (yes, no):
        assert button.height() >= metrics.touch_primary
    answers = []
    detail.feedback_given.connect(lambda *args: answers.append(args))
    with qtbot.waitSignal(detail.feedback_given, timeout=1000):
        visitor.tap(f"detail_feedback_{answer}")
    assert answers == [(offer_id, helped)]
    assert detail.feedback_thanks.isVisible()
    assert detail.feedback_thanks.text() == cat._("Thank you for your answer!")
    assert not yes.isVisible() and not no.isVisible(), "not asked again on this look"
    yes.click()  # even a stray programmatic click counts nothing more
    assert answers == [(offer_id, helped)]
    # A language change keeps the answer; going back and opening an offer asks again.
    visitor.tap("nav_back")
    visitor.on("results")
    visitor.tap(f"offer_{offer_id}")
    visitor.on("detail")
    assert yes.isVisible() and not detail.feedback_thanks.isVisible()
    detail.feedback_no.click()
    window.reset()
    settle()
    assert detail.feedback_answer() is None and detail.offer() is None


# -- right-to-left paragraphs --------------------------------------------------------------
_DARK = bytes(1 if value < 110 else 0 for value in range(256))


def _ink_columns(image: QImage, top: float, bottom: float) -> tuple[int, int] | None:
    """Leftmost and rightmost dark pixel column between two heights (device pixels)."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data, stride = bytes(gray.constBits()), gray.bytesPerLine()
    left, right = None, None
    for y in range(max(0, int(top)), min(gray.height(), int(bottom))):
        row = data[y * stride : y * stride + gray.width()].translate(_DARK)
        first = row.find(1)
        if first >= 0:
            last = row.rfind(1)
            left = first if left is None else min(left, first)
            right = last if right is None else max(right, last)
    return None if left is None else (left, right)


def _lines(label: QLabel, text: str, width: int) -> tuple[QTextLayout, list]:
    layout = QTextLayout(text.replace("\n", "\u2028"), label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout.setTextOption(option)
    leading, y, lines = label.fontMetrics().leading(), 0.0, []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        y = float(math.ceil(y + leading))
        line.setPosition(QPointF(0, y))
        lines.append(line)
        y += line.height()
    layout.endLayout()
    return layout, lines


def _reference_right(label: QLabel, piece: str, width: int, height: int) -> int | None:
    """Where the ink of one line ends on the right when it is drawn alone, unwrapped and
    without trailing spaces, against the right edge of a box of ``width``: what "starts at
    the right edge" means for exactly these glyphs (a "1" has room on its right, an "ج" not)."""
    layout = QTextLayout(piece, label.font())
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setPosition(QPointF(0, 0))
    layout.endLayout()
    image = QImage(width + 40, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setPen(QColor("#000000"))
    layout.draw(painter, QPointF(20 + width - line.naturalTextWidth(), 0))
    painter.end()
    found = _ink_columns(image, height * 0.2, height * 0.8)
    return None if found is None else found[1] - 20


def _open_isolates(before: str) -> str:
    """The isolates (LRI, RLI, FSI) still open at the end of ``before``."""
    stack: list[str] = []
    for char in before:
        if char in "\u2066\u2067\u2068":
            stack.append(char)
        elif char == "\u2069" and stack:
            stack.pop()
    return "".join(stack)


def rtl_line_problems(label: FittingLabel) -> list[str]:
    """A right-to-left paragraph: each line's ink ends on the right where the same line drawn
    alone against the right edge ends, and none is cut off at the left. (Half a space to
    spare: a line that starts with digits joins differently alone; the defect was a space.)"""
    text = label.shown_text()
    image: QImage = label.grab().toImage()
    ratio = image.devicePixelRatio()
    margin = max(0, label.margin())
    room = label.contentsRect().adjusted(margin, margin, -margin, -margin)
    centred = bool(label.alignment() & Qt.AlignmentFlag.AlignHCenter)
    slack = label.fontMetrics().horizontalAdvance(" ") / 2
    layout, lines = _lines(label, text, room.width())
    total = lines[-1].y() + lines[-1].height() if lines else 0
    offset = 0.0
    if label.alignment() & Qt.AlignmentFlag.AlignVCenter:
        offset = (room.height() - total) / 2
    elif label.alignment() & Qt.AlignmentFlag.AlignBottom:
        offset = room.height() - total
    shown = layout.text()
    problems = []
    for number, line in enumerate(lines):
        top = room.top() + offset + line.y()
        found = _ink_columns(
            image, (top + line.height() * 0.2) * ratio, (top + line.height() * 0.8) * ratio
        )
        start = line.textStart()
        # (A line inside an isolate opened on an earlier line is still inside it.)
        piece = _open_isolates(shown[:start]) + shown[start : start + line.textLength()].rstrip()
        if found is None or not piece.strip("\u200f\u2066\u2067\u2068\u2069\u00ad\u200b"):
            continue
        left, right = found[0] / ratio, found[1] / ratio
        name = f"{label.objectName()} line {number + 1} {label.text()[:40]!r}"
        if left < room.left():
            problems.append(f"{name}: cut off at the left edge (ink from x={left})")
        if centred:
            continue
        expected = _reference_right(label, piece, room.width(), math.ceil(line.height()))
        if expected is not None and abs((right - room.left()) - expected) > slack:
            problems.append(
                f"{name}: ends {expected - (right - room.left()):.0f} px short of the right edge"
            )
    return problems


def rtl_paragraphs(detail: QWidget) -> list[FittingLabel]:
    return [
        label
        for label in detail.findChildren(FittingLabel)
        if label.isVisible()
        and label.text()
        and paragraph_direction(label.text(), label.layoutDirection())
        == Qt.LayoutDirection.RightToLeft
    ]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("lang", RTL_LANGUAGES)
def test_rtl_paragraphs_start_at_the_right_edge_and_lose_nothing(
    qtbot,
    make_window,
    catalogue,
    lang,
    large,
    metrics,
):
    window = make_window()
    visitor = Visitor(qtbot, window)
    if large:
        visitor.tap("attract_large_text")
    shown = visitor.results_for(lang, BAND)
    problems, checked = [], 0
    for offer_id in shown:
        visitor.tap(f"offer_{offer_id}")
        visitor.on("detail")
        for size in SIZES:
            window.resize(*size)
            settle()
            for label in rtl_paragraphs(window.detail):
                checked += 1
                problems += [f"{offer_id} {size}: {p}" for p in rtl_line_problems(label)]
        if offer_id == shown[0]:
            problems += check_screen(window, metrics, lang, f"detail of {offer_id}")
        visitor.tap("nav_back")
        visitor.on("results")
    assert checked > 20 * len(shown) // 2, f"only {checked} right-to-left paragraphs seen"
    assert not problems, "\n".join(problems[:30])


def test_a_latin_name_at_the_start_of_an_rtl_line_stays_at_the_right(qapp):
    cat = load_catalogue("ar")
    rtl = Qt.LayoutDirection.RightToLeft
    # Arabic text that begins with a German name, and an isolated German address line.
    assert paragraph_direction("AWO Prohlis " + cat._("Where"), rtl) == rtl
    assert paragraph_direction(cat.isolate("Gamigstraße 22"), rtl) == rtl
    assert paragraph_direction(cat._("Phone: {phone}", phone=cat.ltr("+49 351 1")), rtl) == rtl
    # German staff text in an Arabic screen stays German; times are never reordered.
    assert paragraph_direction("Rollstuhlgerecht.", rtl) == Qt.LayoutDirection.LeftToRight
    assert paragraph_direction("10:00 – 14:00", rtl) == Qt.LayoutDirection.LeftToRight
    label = FittingLabel()
    label.setLayoutDirection(rtl)
    label.setWordWrap(True)
    label.setText("Caritasverband " + "تقوم كاريتاس بتكليف من مدينة دريسدن بالعمل الاجتماعي " * 4)
    label.resize(420, label.heightForWidth(420))
    assert not rtl_line_problems(label)


def test_web_and_email_addresses_break_without_a_visible_hyphen(qapp):
    """A hyphen shown inside a web or e-mail address would be copied by the visitor."""
    metrics = QFontMetrics(QFont("Noto Sans", 20))
    for address in (
        "https://www.caritas-dresden.de/hilfe-und-beratung/migrationssozialarbeit/fsa/msa",
        "migrationssozialarbeit.prohlis@caritas-dresden.de",
    ):
        shown = breakable(address, 150, metrics, "de_DE")
        assert SOFT_HYPHEN not in shown, shown
        assert ZERO_WIDTH_SPACE in shown and shown.replace(ZERO_WIDTH_SPACE, "") == address
