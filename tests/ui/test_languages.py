"""Every kiosk language, walked like a visitor: nothing left in English, nothing cut off, the
right reading direction, every script in the bundled fonts, and a change of language that keeps
the visitor's place.

The journey runs once per enabled language (and the pseudo-locale, whose stretched strings find
tight spots first) in one window, checked in landscape and portrait on every screen.
"""

from __future__ import annotations

import json
import math
import re
import string
import unicodedata
from functools import cache

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QEventLoop, QLibraryInfo, QPoint, QRect, Qt
from PySide6.QtGui import QRawFont, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.db.seeding import load_seed_offers
from kiosk.i18n import PSEUDO_LOCALE, TRANSLATIONS_DIR, load_catalogue
from tests.ui.accessibility_checks import (
    accessible_name_problems,
    squeezed_buttons,
    touch_target_problems,
    visible_buttons,
)
from tests.ui.conftest import Visitor
from ui.fonts import FONTS_DIR
from ui.localizer import Localizer, is_rtl_language
from ui.theme import Metrics
from ui.widgets.fitting_label import FittingLabel, paragraph_direction

SEED_CATALOGUE = TRANSLATIONS_DIR.parent / "kiosk" / "db" / "seed" / "catalogue.json"
ENABLED = [
    lang["code"]
    for lang in json.loads(SEED_CATALOGUE.read_text("utf-8"))["languages"]
    if lang["enabled"]
]
RIGHT_TO_LEFT = {"ar", "fa", "fa-AF", "ps"}
SIZES = [(1920, 1080), (1080, 1920)]
BAND = "27-plus"
TOLERANCE = 1  # px: rounding of fractional font metrics


# -- helpers -------------------------------------------------------------------------------
def settle() -> None:
    """Let posted events (layout, re-translation) run; this never waits for time to pass.
    (A resize of a long list takes several rounds: a card's new height posts the next layout.)"""
    for _ in range(12):
        QCoreApplication.sendPostedEvents()
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def visible_text_widgets(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if isinstance(w, QLabel | QAbstractButton) and w.isVisible() and w.text()
    ]


def _needed_rect(widget: QWidget) -> tuple[QRect, QRect]:
    """(room the widget gives its text, room the text needs), in widget coordinates."""
    metrics = widget.fontMetrics()
    # A FittingLabel draws its text with breaks offered inside words too long for it.
    text = widget.shown_text() if hasattr(widget, "shown_text") else widget.text()
    if isinstance(widget, QPushButton):
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        contents = QStyle.SubElement.SE_PushButtonContents
        room = widget.style().subElementRect(contents, option, widget)
        # The advance width, as Qt sizes the button by it; glyph ink may overhang the padding.
        return room, QRect(QPoint(0, 0), metrics.size(0, text))
    room = widget.contentsRect()
    margin = widget.margin()
    room = room.adjusted(margin, margin, -margin, -margin)
    if (
        isinstance(widget, FittingLabel)
        and widget.wordWrap()
        and paragraph_direction(text, widget.layoutDirection()) == Qt.LayoutDirection.RightToLeft
    ):
        # (drawn by the label itself as a right-to-left paragraph: measured the same way,
        # not as a left-to-right one, whose lines break elsewhere)
        return room, _right_to_left_need(widget, text, room)
    flags = int(widget.alignment())
    if widget.wordWrap():
        flags |= int(Qt.TextFlag.TextWordWrap)
    return room, metrics.boundingRect(room, flags, text)


def _right_to_left_need(widget: QWidget, text: str, room: QRect) -> QRect:
    """The room a right-to-left paragraph takes as FittingLabel lays it out: its lines broken
    at the room's width, the widest line's natural width, the lines' height as the label's."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    layout = QTextLayout(text.replace("\n", "\u2028"), widget.font(), widget)
    layout.setTextOption(option)
    leading = widget.fontMetrics().leading()
    height, widest = 0.0, 0.0
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(max(0, room.width()))
        height = float(math.ceil(height + leading))
        height += line.height()
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return QRect(0, 0, math.ceil(widest), math.ceil(height))


def clipped_texts(window: QWidget) -> list[str]:
    """Every visible label or button whose text does not fit its widget or its window."""
    problems = []
    window_rect = window.rect()
    for widget in visible_text_widgets(window):
        room, need = _needed_rect(widget)
        name = widget.objectName() or type(widget).__name__
        if need.width() > room.width() + TOLERANCE or need.height() > room.height() + TOLERANCE:
            problems.append(
                f"{name}: text needs {need.width()}×{need.height()}, "
                f"has {room.width()}×{room.height()}: {widget.text()!r}"
            )
            continue
        # The widget itself must not stick out of the window (or out of the side of a
        # scroll area: vertically, scrolling is how a visitor reaches it).
        top_left = widget.mapTo(window, widget.rect().topLeft())
        where = QRect(top_left, widget.size())
        scroll = _scroll_area_of(widget)
        if scroll is not None:
            viewport = scroll.viewport()
            inside = QRect(viewport.mapTo(window, viewport.rect().topLeft()), viewport.size())
            if where.left() < inside.left() - TOLERANCE or where.right() > inside.right() + 1:
                problems.append(f"{name}: sticks out of the side of its scroll area")
        elif not window_rect.adjusted(-1, -1, 1, 1).contains(where):
            problems.append(f"{name}: outside the window at {where}: {widget.text()!r}")
    return problems


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


@cache
def _template():
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as fp:
        return [m for m in read_po(fp) if m.id]


def _pattern(source: str) -> re.Pattern | None:
    """A regular expression that finds an English source string, placeholders as wildcards."""
    parts, letters = [], 0
    for literal, field, _, _ in string.Formatter().parse(source):
        parts.append(re.escape(literal))
        letters += sum(c.isalpha() for c in literal)
        if field is not None:
            parts.append(".+?")
    if letters < 3:
        return None  # "{weekday} {time}", "{start} – {end}": nothing English in them
    return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", re.DOTALL)


def _other_placeholders(ids: tuple[str, ...]) -> dict[str, str]:
    """A plural message's placeholders besides ``{n}``, kept as they are (as the singular
    messages are shown here)."""
    return {
        name: "{" + name + "}"
        for text in ids
        for _, name, _, _ in string.Formatter().parse(text)
        if name and name != "n"
    }


@cache
def untranslated_patterns(lang: str) -> list[tuple[str, re.Pattern]]:
    """English source strings that must not be seen in ``lang``: all of them, except those the
    catalogue translates as themselves on purpose ("Start" in German, "Contact" in French)."""
    cat = load_catalogue(lang)
    found, kept = [], set()
    for message in _template():
        if isinstance(message.id, tuple):
            singular, plural = message.id
            others = _other_placeholders(message.id)
            sources = [
                (source, cat.n_(singular, plural, n, **others).replace(str(n), "{n}"))
                for source, n in ((singular, 1), (plural, 5))
            ]
        elif message.context:
            sources = [(message.id, cat.p_(message.context, message.id))]
        else:
            sources = [(message.id, cat._(message.id))]
        for source, translated in sources:
            pattern = _pattern(source)
            if translated == source:
                kept.add(source)  # the same words may come from another message, too
            elif pattern is not None:
                found.append((source, pattern))
    return [(source, pattern) for source, pattern in found if source not in kept]


@cache
def data_texts() -> list[str]:
    """Texts that come from the offers (names, addresses, offer texts in any language):
    they may contain English words by right, and are taken out before looking for leaks."""
    texts = set()
    for offer in load_seed_offers():
        texts.update((offer.name, offer.provider, offer.address.street, offer.contact.web))
        for text in offer.texts.values():
            texts.update((text.summary, text.description, text.audience))
    return sorted((t for t in texts if t), key=len, reverse=True)


def english_leaks(window: QWidget, lang: str) -> list[str]:
    """English left in what a visitor sees, or in what a screen reader says of a button."""
    leaks = []
    shown = [(w, w.text()) for w in visible_text_widgets(window)]
    shown += [(b, b.accessibleName()) for b in visible_buttons(window) if b.accessibleName()]
    for widget, original in shown:
        text = original
        for data in data_texts():
            text = text.replace(data, " ")
        for source, pattern in untranslated_patterns(lang):
            if pattern.search(text):
                leaks.append(f"{widget.objectName()}: {source!r} in {original!r}")
    return leaks


def check_screen(
    window: QWidget, metrics: Metrics, lang: str, screen: str, sizes=SIZES
) -> list[str]:
    """Clipped text, English left over, touch targets, accessible names — in each size; the
    window must keep its size (a layout that does not fit would make it grow off the screen)."""
    problems = []
    for size in sizes:
        window.resize(*size)
        settle()
        where = f"{lang} {screen} {size[0]}×{size[1]}"
        if (window.width(), window.height()) != size:
            problems.append(f"{where}: the window grew to {window.width()}×{window.height()}")
        problems += [f"{where}: clipped: {p}" for p in clipped_texts(window)]
        problems += [f"{where}: squeezed: {p}" for p in squeezed_buttons(window)]
        problems += [f"{where}: target: {p}" for p in touch_target_problems(window, metrics)]
        problems += [f"{where}: name: {p}" for p in accessible_name_problems(window)]
        if lang != "en" and screen != "attract":
            problems += [f"{where}: untranslated: {p}" for p in english_leaks(window, lang)]
    return problems


def choose_language(visitor: Visitor, window, lang: str) -> None:
    if lang == PSEUDO_LOCALE:  # never offered to visitors: no tile to tap
        window.language.language_chosen.emit(lang)
    else:
        visitor.tap(f"lang_{lang}")


# -- the journey in every language ---------------------------------------------------------
@pytest.mark.parametrize("lang", [*ENABLED, PSEUDO_LOCALE])
def test_every_screen_is_translated_unclipped_and_in_reading_direction(
    qtbot, make_window, catalogue, mock_speech, lang, metrics
):
    # With read-aloud (the mock engine reads English only), touch targets and names checked.
    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    cat = load_catalogue(lang)
    problems = []

    visitor.tap("attract_start")
    visitor.on("language")
    choose_language(visitor, window, lang)
    visitor.on("age")
    qtbot.waitUntil(lambda: window.age.title.text() == cat._("How old are you?"), timeout=2000)
    expected = (
        Qt.LayoutDirection.RightToLeft if lang in RIGHT_TO_LEFT else Qt.LayoutDirection.LeftToRight
    )
    assert window.layoutDirection() == expected
    assert window.age.layoutDirection() == expected
    assert cat.is_rtl == (lang in RIGHT_TO_LEFT), "direction comes from CLDR"
    problems += check_screen(window, metrics, lang, "age")

    visitor.tap(f"age_{BAND}")
    visitor.on("need")
    problems += check_screen(window, metrics, lang, "need")

    visitor.tap("need_skip")
    visitor.on("results")
    offers = [card.offer_id for card in window.results.cards]
    assert offers, "an adult gets offers in every language"
    problems += check_screen(window, metrics, lang, "results")

    for offer_id in offers[:2]:
        visitor.tap(f"offer_{offer_id}")
        visitor.on("detail")
        if lang != PSEUDO_LOCALE:
            assert not window.detail.fallback.isVisible(), f"{offer_id} has a text in {lang}"
        problems += check_screen(window, metrics, lang, f"detail of {offer_id}")
        visitor.tap("nav_back")
        visitor.on("results")

    window.idle_warning.start()
    problems += check_screen(window, metrics, lang, "idle warning")
    window.idle_warning.stop()

    visitor.tap("nav_language")
    visitor.on("language")
    problems += check_screen(window, metrics, lang, "language")
    assert not problems, "\n".join(problems)


def test_the_start_screen_greets_in_every_language_unclipped(qtbot, make_window, metrics):
    window = make_window()
    problems = check_screen(window, metrics, "de", "attract")
    greetings = {
        window.findChild(QLabel, f"attract_welcome_{code}").text()
        for code in ENABLED
        if window.findChild(QLabel, f"attract_welcome_{code}").isVisible()
    }
    assert greetings == {load_catalogue(code).p_("attract", "Welcome") for code in ENABLED}
    assert not problems, "\n".join(problems)


# -- changing the language on any screen ---------------------------------------------------
@pytest.mark.parametrize(
    ("screen", "first", "then"),
    [
        ("age", "de", "ar"),
        ("need", "ar", "zh-Hans"),
        ("results", "fa-AF", "de-x-ls"),
        ("detail", "ti", "ps"),
    ],
)
def test_changing_the_language_keeps_the_place(qtbot, make_window, screen, first, then):
    window = make_window()
    visitor = Visitor(qtbot, window)
    visitor.tap("attract_start")
    visitor.on("language")
    visitor.tap(f"lang_{first}")
    visitor.on("age")
    if screen != "age":
        visitor.tap(f"age_{BAND}")
        visitor.on("need")
    if screen in ("results", "detail"):
        visitor.tap("need_skip")
        visitor.on("results")
    offers = [card.offer_id for card in window.results.cards]
    if screen == "detail":
        visitor.tap(f"offer_{offers[-1]}")
        visitor.on("detail")
    session = (window.session.band_id, window.session.need_id, window.session.offer_id)

    visitor.tap("nav_language")
    visitor.on("language")
    visitor.tap(f"lang_{then}")
    visitor.on(screen)
    cat = load_catalogue(then)
    title = {
        "age": cat._("How old are you?"),
        "need": cat._("What do you need help with?"),
        "results": cat._("Offers for you"),
    }
    screen_widget = window.screens[screen]
    if screen in title:
        qtbot.waitUntil(lambda: screen_widget.title.text() == title[screen], timeout=2000)
    else:
        heading = window.detail.sections["about"].heading
        qtbot.waitUntil(lambda: heading.text() == cat._("What they do"), timeout=2000)
        assert window.detail.offer().id == offers[-1]
    assert (window.session.band_id, window.session.need_id, window.session.offer_id) == session
    assert window.session.language == then
    if screen in ("results", "detail"):
        # Same visitor choices → same offers, ranked again for the new language (offers whose
        # counsellors speak it come first) — a hidden list is filled again when it is shown.
        if screen == "detail":
            visitor.tap("nav_back")
            visitor.on("results")
        shown = [card.offer_id for card in window.results.cards]
        assert sorted(shown) == sorted(offers)
        now = window.results._clock()  # (the order depends on the moment: open soon first)
        ranked = [m.offer.id for m in window._data.results(then, BAND, None, now)]
        assert shown == ranked
    expected = (
        Qt.LayoutDirection.RightToLeft if then in RIGHT_TO_LEFT else Qt.LayoutDirection.LeftToRight
    )
    assert window.layoutDirection() == expected
    before = window.current_screen()
    visitor.tap("nav_back")
    assert window.current_screen() != before, "Back still leads back along the journey"


# -- fonts and Qt's own translations -------------------------------------------------------
def _shown_strings(lang: str) -> list[str]:
    """Everything the kiosk can show in ``lang``: UI strings, offer texts, CLDR names."""
    cat = load_catalogue(lang)
    texts = []
    for message in _template():
        if isinstance(message.id, tuple):
            others = _other_placeholders(message.id)
            texts += [cat.n_(*message.id, n, **others) for n in (0, 1, 2, 3, 5, 11, 21, 100)]
        elif message.context:
            texts.append(cat.p_(message.context, message.id))
        else:
            texts.append(cat._(message.id))
    offers = load_seed_offers()
    for offer in offers:
        text = offer.texts.get(lang)
        if text:
            texts += [text.summary, text.description, text.audience]
        texts += [cat.language_name(code) for code in offer.languages]
    texts += [cat.language_name(code) for code in ENABLED]
    texts += [cat.weekday(day) for day in range(7)]
    texts += [cat.date(d.verified_on) for d in offers if d.verified_on]
    return texts


@cache
def _bundled_fonts() -> list[QRawFont]:
    return [QRawFont(str(path), 16) for path in sorted(FONTS_DIR.glob("*.[ot]tf"))]


@pytest.mark.parametrize("lang", ENABLED)
def test_the_bundled_fonts_have_every_character_a_language_shows(qapp, lang):
    fonts = _bundled_fonts()
    assert all(font.isValid() for font in fonts)
    endonyms = json.loads(SEED_CATALOGUE.read_text("utf-8"))["languages"]
    characters = set("".join(_shown_strings(lang)) + "".join(e["endonym"] for e in endonyms))
    missing = sorted(
        c
        for c in characters
        if not c.isspace()
        and unicodedata.category(c) != "Cf"  # bidi marks and joiners have no glyph
        and not any(font.supportsCharacter(ord(c)) for font in fonts)
    )
    assert not missing, (
        f"{lang}: no bundled font has {''.join(missing)!r} "
        "(Chinese: run scripts/subset_cjk_font.py again)"
    )


def test_qt_own_translations_are_loaded_where_qt_has_them(qapp):
    localizer = Localizer("de")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    expected = {"zh-Hans": "qtbase_zh_CN.qm", "fa-AF": "qtbase_fa.qm", "de-x-ls": "qtbase_de.qm"}
    for code, file_name in expected.items():
        translator = localizer._qt_translator(code)
        assert translator is not None and translator.filePath().endswith(file_name), code
    for code in ENABLED:
        translator = localizer._qt_translator(code)
        own = f"{folder}/qtbase_{code.split('-')[0]}.qm"
        if code not in expected and QLibraryInfo and __import__("os").path.exists(own):
            assert translator is not None, f"{code}: Qt ships {own} but it is not loaded"


@pytest.mark.parametrize("lang", [*ENABLED, "ckb", "ur", "he", "ku"])
def test_qt_and_babel_agree_on_the_reading_direction(qapp, lang):
    """The screen direction comes from Qt's compiled-in CLDR (fast at start-up); dates,
    handouts and isolates ask Babel's CLDR. Both must give the same answer."""
    assert is_rtl_language(lang) == load_catalogue(lang).is_rtl


def test_the_tour_renders_the_pseudo_locale(kiosk_app, tmp_path):
    """`kiosk --tour DIR --lang qps-ploc`: never offered to visitors, but renders for checks."""
    from ui.app import main

    assert main(["--tour", str(tmp_path), "--lang", PSEUDO_LOCALE]) == 0
    shots = sorted(p.name for p in (tmp_path / PSEUDO_LOCALE).glob("*.png"))
    assert "02-language.png" in shots and "06-detail.png" in shots
