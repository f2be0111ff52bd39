"""Accessible to everyone at the counter: read-aloud, large text, high contrast, low reach,
time-outs, names and pictograms — walked like a visitor, with Qt's mock speech engine.

The mock engine has English (and Nordic) voices only: English shows read-aloud, German and
Arabic do not, which is exactly what a language without a voice must look like.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.i18n import PSEUDO_LOCALE, load_catalogue
from kiosk.stats import UsageRecorder
from kiosk.visitor import KioskSettings
from tests.conftest import MONDAY_AFTERNOON
from tests.ui.accessibility_checks import (
    accessible_name_problems,
    smallest_target_mm,
    squeezed_buttons,
    touch_target_problems,
    visible_buttons,
)
from tests.ui.conftest import Visitor
from tests.ui.test_languages import check_screen, choose_language, settle
from ui.accessibility import LOW_REACH_PORTRAIT
from ui.fonts import application_font
from ui.speech import LOUD_VOLUME, NORMAL_VOLUME
from ui.spoken import speakable
from ui.theme import HIGH_CONTRAST, Metrics, Palette, cap_height_mm

PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)


def read_aloud_counts(conn) -> int:
    row = conn.execute(
        "SELECT sum(count) FROM usage_hourly WHERE event = 'read_aloud_used'"
    ).fetchone()
    return row[0] or 0


@pytest.fixture
def speaking_window(make_window, mock_speech, conn):
    usage = UsageRecorder(conn, lambda: MONDAY_AFTERNOON)
    return make_window(speech=lambda: mock_speech, usage=usage)


# -- read-aloud ------------------------------------------------------------------------------
def test_read_aloud_reads_the_results_as_shown_and_counts_it(
    qtbot, speaking_window, mock_speech, conn
):
    window, speech = speaking_window, mock_speech
    visitor = Visitor(qtbot, window)
    assert not window.nav.read_aloud.isVisible()
    visitor.results_for("en", "27-plus")
    assert window.nav.read_aloud.isVisible(), "English has a voice in the mock engine"
    assert not window.nav.read_stop.isEnabled(), "nothing to stop yet"

    with qtbot.waitSignal(speech.speaking_changed, timeout=2000):
        visitor.tap("nav_read_aloud")
    assert speech.last_language == "en"
    spoken = speech.last_text
    en = load_catalogue("en")
    assert en._("Offers for you") in spoken
    assert en.n_("{n} offer", "{n} offers", len(window.results.cards)) in spoken
    position = 0
    for card in window.results.cards:  # every card, in reading order: summary, name, opening
        for part in ("summary", "name", "opening"):
            text = card.labels[part].text()
            if text:
                found = spoken.find(text.rstrip("."), position)
                assert found >= 0, f"{card.offer_id} {part} not read (or not in order)"
                position = found
    assert "✓" not in spoken, "symbols are not read out"
    assert read_aloud_counts(conn) == 1

    qtbot.waitUntil(window.nav.read_stop.isEnabled, timeout=2000)
    visitor.tap("nav_read_stop")
    qtbot.waitUntil(lambda: not speech.is_speaking(), timeout=2000)

    visitor.tap("nav_read_aloud")  # again: reads the screen again from the start
    assert speech.last_text == spoken
    assert read_aloud_counts(conn) == 2


def test_read_aloud_on_the_offer_reads_its_name_and_every_section(
    qtbot, speaking_window, mock_speech
):
    window, speech = speaking_window, mock_speech
    visitor = Visitor(qtbot, window)
    offers = visitor.results_for("en", "27-plus")
    visitor.tap(f"offer_{offers[0]}")
    visitor.on("detail")
    visitor.tap("nav_read_aloud")
    spoken = speech.last_text
    detail = window.detail
    assert detail.title.text() in spoken
    for section in detail.sections.values():
        if section.isVisibleTo(detail):
            assert section.heading.text() in spoken
            for label in section.lines:
                if label.isVisibleTo(section):  # isolates and symbols are not read
                    assert speakable(label.text()).rstrip(".") in spoken, label.objectName()
    assert detail.checked.text().rstrip(".") in spoken

    visitor.tap("nav_back")  # leaving the screen ends the reading
    visitor.on("results")
    qtbot.waitUntil(lambda: not speech.is_speaking(), timeout=2000)


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_no_read_aloud_where_the_language_has_no_voice(qtbot, speaking_window, lang):
    visitor = Visitor(qtbot, speaking_window)
    offers = visitor.results_for(lang, "27-plus")
    assert not speaking_window.nav.read_aloud.isVisible()
    visitor.tap(f"offer_{offers[0]}")
    visitor.on("detail")
    assert not speaking_window.nav.read_aloud.isVisible()
    assert not speaking_window.access.read_screen() or lang == "en"


def test_without_a_speech_module_there_is_no_read_aloud(qtbot, window):
    Visitor(qtbot, window).results_for("en", "27-plus")
    assert not window.nav.read_aloud.isVisible()
    assert not window.access.read_screen()


def test_a_fallback_text_is_never_read_with_the_visitors_voice(speaking_window, mock_speech):
    """An English offer text on an Arabic screen is read in English, the Arabic around it not
    at all (no Arabic voice) — never Arabic words with an English voice or the other way."""
    window = speaking_window
    window._localizer.set_language("ar")
    settle()
    window.results.show_results("27-plus", None)
    parts = window.results.spoken_parts()
    assert {lang for _, lang in parts} == {"ar"}, "the seed has Arabic texts for every offer"
    mock_speech.speak_parts([("مرحبا", "ar"), ("Counselling for adults", "en")])
    assert mock_speech.last_text == "Counselling for adults"
    assert mock_speech.last_language == "en"


def test_volume_step_and_everything_reset_for_the_next_visitor(qtbot, speaking_window, mock_speech):
    window, speech = speaking_window, mock_speech
    visitor = Visitor(qtbot, window)
    visitor.results_for("en", "27-plus")
    visitor.tap("nav_volume")
    assert speech.loud and speech.volume() == pytest.approx(LOUD_VOLUME)
    assert 20 * math.log10(LOUD_VOLUME / NORMAL_VOLUME) >= 12
    visitor.tap("nav_read_aloud")
    visitor.tap_mode("nav_large_text")
    visitor.tap_mode("nav_contrast")
    visitor.tap_mode("nav_low_reach")
    assert window.access.modes.large_text and window.access.modes.high_contrast

    visitor.tap("nav_home")
    visitor.on("attract")
    assert not speech.loud and speech.volume() == pytest.approx(NORMAL_VOLUME)
    assert not speech.is_speaking() and speech.last_text == ""
    assert not window.nav.volume.isChecked()
    assert not window.access.modes.any()
    assert window.styleSheet() == "", "normal look again"
    assert not window.access.spacer.isVisible()
    for name in ("attract_large_text", "attract_contrast", "attract_low_reach"):
        assert not visitor.find(name).isChecked()


# -- large text ------------------------------------------------------------------------------
@pytest.mark.parametrize(("dpi", "distance_cm"), [(96, 50), (100, 50), (92.6, 50), (96, 70)])
def test_large_text_has_a_capital_h_of_0_7_degrees(qapp, dpi, distance_cm, metrics):
    metrics = Metrics(dpi, distance_cm)
    needed = cap_height_mm(distance_cm)
    assert needed == pytest.approx(6.11 if distance_cm == 50 else 8.55, abs=0.01)
    from ui.fonts import load_bundled_fonts

    load_bundled_fonts()
    for css_px in (24, 26, 30, 34, 44):  # every text size of the style sheet
        font = application_font(metrics.text(css_px, large=True))
        assert QFont(font).family() == "Noto Sans"
        cap_px = QFontMetrics(font).capHeight()
        assert cap_px * 25.4 / dpi >= needed, (css_px, cap_px)
        assert QFontMetricsF(font).capHeight() * 25.4 / dpi >= needed
    assert metrics.text(24, large=True) >= metrics.text(24) * 1.25, "visibly larger"


def test_large_text_on_screen_measures_up_and_resets(qtbot, make_window, metrics):
    window = make_window()
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    card = window.results.cards[0]
    secondary = card.labels["kind"]  # the smallest text on the screen
    normal = QFontMetrics(secondary.font()).capHeight()
    visitor.tap_mode("nav_large_text")
    assert window.nav.large_text.isChecked()
    cap = QFontMetrics(secondary.font()).capHeight()
    assert cap * 25.4 / metrics.dpi >= cap_height_mm(50), f"capital H {cap} px"
    assert cap > normal
    assert QFontMetrics(window.nav.home.font()).capHeight() * 25.4 / metrics.dpi >= 6.1
    visitor.tap_mode("nav_large_text")
    assert QFontMetrics(secondary.font()).capHeight() == normal


@pytest.mark.parametrize("lang", ["de", "ar", "ti", PSEUDO_LOCALE])
def test_large_text_reflows_without_clipping(qtbot, make_window, mock_speech, lang, metrics):
    """The whole journey in large text: nothing cut off, targets big enough, the window keeps
    its size (portrait and landscape)."""
    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    visitor.tap("attract_large_text")
    problems = check_screen(window, metrics, "de", "attract")
    visitor.tap("attract_start")
    visitor.on("language")
    choose_language(visitor, window, lang)
    visitor.on("age")
    assert window.nav.large_text.isChecked(), "the mode stays on along the journey"
    problems += check_screen(window, metrics, lang, "age")
    visitor.tap("age_27-plus")
    visitor.on("need")
    problems += check_screen(window, metrics, lang, "need")
    visitor.tap("need_skip")
    visitor.on("results")
    problems += check_screen(window, metrics, lang, "results")
    offers = [card.offer_id for card in window.results.cards]
    visitor.tap(f"offer_{offers[0]}")
    visitor.on("detail")
    problems += check_screen(window, metrics, lang, "detail")
    window.idle_warning.start()
    problems += check_screen(window, metrics, lang, "idle warning")
    window.idle_warning.stop()
    assert not problems, "\n".join(problems)


# -- contrast --------------------------------------------------------------------------------
def test_high_contrast_switches_every_colour_and_resets(qtbot, make_window):
    window = make_window()
    visitor = Visitor(qtbot, window)
    visitor.tap("attract_contrast")  # one tap on the start screen too
    assert window.attract.contrast.isChecked()
    visitor.start_in("de")
    assert window.nav.contrast.isChecked()
    title = window.age.title
    assert title.palette().color(QPalette.ColorRole.WindowText) == QColor(HIGH_CONTRAST.text)
    pictogram = window.age.grid.tiles()[0].pictogram
    assert pictogram is not None and pictogram.colour() == QColor(HIGH_CONTRAST.text)
    assert HIGH_CONTRAST.accent in window.styleSheet()
    visitor.tap_mode("nav_contrast")
    assert title.palette().color(QPalette.ColorRole.WindowText) == QColor(Palette().text)
    visitor.tap_mode("nav_contrast")
    visitor.tap("nav_home")
    visitor.on("attract")
    assert not window.attract.contrast.isChecked() and window.styleSheet() == ""


def test_a_mode_left_on_at_the_start_screen_goes_off_for_the_next_passer_by(qtbot, make_window):
    window = make_window(KioskSettings(idle_timeout_ms=300, idle_warning_ms=20_000))
    Visitor(qtbot, window).tap("attract_large_text")
    assert window.access.modes.large_text
    qtbot.waitUntil(lambda: not window.access.modes.large_text, timeout=3000)
    assert not window.attract.large_text.isChecked()


# -- low reach -------------------------------------------------------------------------------
def _button_tops(window) -> dict[str, float]:
    return {
        b.objectName(): b.mapTo(window, b.rect().topLeft()).y() / window.height()
        for b in visible_buttons(window)
    }


def test_low_reach_puts_every_control_in_the_lower_part_of_a_tall_screen(
    qtbot, make_window, mock_speech, metrics
):
    window = make_window(size=PORTRAIT, speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    limit = LOW_REACH_PORTRAIT - 0.005
    visitor.tap("attract_low_reach")
    settle()
    high = {n: t for n, t in _button_tops(window).items() if t < limit}
    assert not high, f"start screen: above {limit:.0%}: {high}"
    visitor.tap("attract_start")
    visitor.on("language")
    visitor.tap("lang_en")
    visitor.on("age")
    for step, screen in (("age_27-plus", "need"), ("need_skip", "results"), (None, "detail")):
        if step is None:
            visitor.tap(f"offer_{window.results.cards[0].offer_id}")
        else:
            visitor.tap(step)
        visitor.on(screen)
        settle()
        assert (window.width(), window.height()) == PORTRAIT
        high = {n: t for n, t in _button_tops(window).items() if t < limit}
        assert not high, f"{screen}: above {limit:.0%}: {high}"
    window.idle_warning.start()
    settle()
    top = window.idle_warning.button.mapTo(window, window.idle_warning.button.rect().topLeft())
    assert top.y() / window.height() > 0.6, "More time is at the bottom too"
    window.idle_warning.stop()
    problems = check_screen(
        window, metrics, "en", "detail in low reach", sizes=[PORTRAIT, LANDSCAPE]
    )
    assert not problems, "\n".join(problems)
    visitor.tap_mode("nav_low_reach")
    assert not window.access.spacer.isVisible()


# -- time-outs (WCAG 2.2.1) ------------------------------------------------------------------
def test_more_time_can_be_asked_for_again_and_again(qtbot, make_window, metrics):
    window = make_window(KioskSettings(idle_timeout_ms=60, idle_warning_ms=5_000))
    visitor = Visitor(qtbot, window)
    visitor.results_for("de", "27-plus")
    warning = window.idle_warning
    assert visible_buttons(window) == [warning.button] or not warning.isVisible()
    for attempt in range(12):
        qtbot.waitUntil(warning.isVisible, timeout=3000)
        assert warning.remaining_seconds() == 5, f"countdown starts afresh ({attempt})"
        assert visible_buttons(window) == [warning.button], "one single button"
        assert warning.button.height() >= metrics.mm(30)
        visitor.tap("idle_more_time")
        assert not warning.isVisible()
        assert window.current_screen() == "results" and window.session.language == "de"


def test_the_warning_gives_at_least_20_seconds_whatever_staff_set(conn, catalogue):
    from kiosk.db.repository import SettingsRepository, transaction

    with transaction(conn):
        SettingsRepository(conn).set("idle_warning_seconds", "5")
    assert catalogue.settings().idle_warning_ms >= 20_000


def test_the_warning_is_spoken_once_read_aloud_was_used(qtbot, make_window, mock_speech):
    window = make_window(
        KioskSettings(idle_timeout_ms=150, idle_warning_ms=20_000), speech=lambda: mock_speech
    )
    visitor = Visitor(qtbot, window)
    visitor.results_for("en", "27-plus")
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=3000)
    assert mock_speech.last_text == "", "not spoken to a visitor who never used read-aloud"
    visitor.tap("idle_more_time")
    visitor.tap("nav_read_aloud")
    qtbot.waitUntil(window.idle_warning.isVisible, timeout=3000)
    en = load_catalogue("en")
    assert en._("Are you still there?") in mock_speech.last_text
    assert en._("More time") in mock_speech.last_text
    visitor.tap("idle_more_time")
    qtbot.waitUntil(lambda: not mock_speech.is_speaking(), timeout=2000)


# -- names, roles, pictograms ----------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ar", "uk"])
def test_every_control_has_a_name_and_role_in_the_visitors_language(
    qtbot, make_window, mock_speech, lang
):
    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    problems = [f"attract: {p}" for p in accessible_name_problems(window)]
    offers = visitor.results_for(lang, "27-plus")
    problems += [f"results: {p}" for p in accessible_name_problems(window)]
    cat = load_catalogue(lang)
    assert window.nav.large_text.accessibleName() == cat._("Large text on or off")
    assert window.nav.contrast.accessibleName() == cat._("High contrast on or off")
    visitor.tap(f"offer_{offers[0]}")
    visitor.on("detail")
    problems += [f"detail: {p}" for p in accessible_name_problems(window)]
    visitor.tap("nav_language")
    visitor.on("language")
    problems += [f"language: {p}" for p in accessible_name_problems(window)]
    assert not problems, "\n".join(problems)


def test_age_and_need_tiles_show_their_pictograms(qtbot, window):
    visitor = Visitor(qtbot, window)
    visitor.start_in("de")
    icons = {tile.objectName(): tile.pictogram for tile in window.age.grid.tiles()}
    assert all(p is not None and p.isVisible() for p in icons.values()), icons
    assert icons["age_under-12"].name == "age-child"
    assert icons["age_27-plus"].name == "age-adult"
    visitor.tap("age_18-26")
    visitor.on("need")
    for tile in window.need.grid.tiles():
        assert tile.pictogram is not None and tile.pictogram.isVisible(), tile.objectName()
        assert tile.pictogram.name == tile.objectName().removeprefix("need_")
        # Drawn in the tile's text colour: dark on the light tile.
        image = tile.pictogram.grab().toImage()
        dark = [
            image.pixelColor(x, y)
            for x in range(0, image.width(), 2)
            for y in range(0, image.height(), 2)
            if image.pixelColor(x, y).lightness() < 80
        ]
        assert dark, f"{tile.objectName()}: the pictogram is painted"


def test_the_controls_of_the_bar_fit_in_every_language_and_orientation(
    qtbot,
    make_window,
    mock_speech,
    metrics,
):
    """The nav bar holds Home, Back, language, read-aloud and the three modes unclipped."""
    from tests.ui.test_languages import ENABLED, clipped_texts

    window = make_window(speech=lambda: mock_speech)
    visitor = Visitor(qtbot, window)
    visitor.results_for("en", "27-plus")
    problems = []
    for lang in [*ENABLED, PSEUDO_LOCALE]:
        window._localizer.set_language(lang)
        # Read-aloud shown as where a real voice exists (the mock engine has English only).
        window.nav.set_speech_offered(True)
        window.nav.show_speech(True)
        for size in (LANDSCAPE, PORTRAIT):
            window.resize(*size)
            settle()
            bar = [p for p in clipped_texts(window) if p.startswith("nav_") or "NavigationBar" in p]
            problems += [f"{lang} {size}: {p}" for p in bar]
            problems += [f"{lang} {size}: {p}" for p in squeezed_buttons(window)]
            problems += [
                f"{lang} {size}: {p}" for p in touch_target_problems(window, metrics) if "nav_" in p
            ]
            assert window.nav.height() < window.height() // 5, f"{lang} {size}: bar too tall"
    assert smallest_target_mm(window, metrics) >= 15 - 0.3
    assert not problems, "\n".join(problems)
    labels = [w for w in window.nav.findChildren(QLabel) if w.isVisible()]
    assert not labels or all(isinstance(w.parentWidget(), QAbstractButton) for w in labels)


def test_read_aloud_shows_once_the_engine_answers_from_its_thread(make_window, qtbot):
    """The engine starts in its own thread: the screen never waits for it, and the controls
    appear when it has a voice for the visitor's language."""
    from ui.app import create_read_aloud

    reader = create_read_aloud("mock")
    try:
        window = make_window(speech=lambda: reader)
        visitor = Visitor(qtbot, window)
        visitor.results_for("en", "27-plus")
        qtbot.waitUntil(lambda: window.nav.speech_group.isVisible(), timeout=5000)
        assert reader.is_ready and reader.engine == "mock"
        visitor.tap("nav_read_aloud")
        qtbot.waitUntil(reader.is_speaking, timeout=3000)
    finally:
        reader.shutdown()
        reader.deleteLater()
