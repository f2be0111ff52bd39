"""Taps counted from outside: the real ``kiosk`` on a real X server, portrait and landscape,
tapped with xdotool from the start screen to an offer in Arabic, Tigrinya and Chinese.

Three taps must reach the result list and four the offer's detail screen. Each screen is
photographed (``import -window root``) into the test's folder, and with
``WEGWEISER_SHOTS=DIR`` also into DIR, to be looked at.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_real_kiosk import Kiosk, _needs
from tests.xserver import XServerUnavailableError, start_xvfb

LANGUAGES = ("ar", "ti", "zh-Hans")
#: How long a screen may take to come after a tap on a busy CI machine (counting taps here).
SCREEN_S = 15
JOURNEY = (  # (what is tapped, the screen it leads to)
    ("attract_lang_{lang}", "age"),
    ("age_27-plus", "need"),
    ("need_skip", "results"),
    (None, "detail"),  # the first offer in the list
)


@pytest.fixture(scope="module", params=["1080x1920", "1920x1080"])
def kiosk(request, tmp_path_factory):
    _needs("Xvfb", "xdotool", "import")
    try:
        xserver = start_xvfb(f"{request.param}x24")
    except XServerUnavailableError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))
    made = Kiosk(request.param, tmp_path_factory.mktemp(f"taps-{request.param}"), xserver, None)
    made.start()
    try:
        assert made.wait(lambda: made.screen() == "attract", 60), (
            made.folder / "kiosk.log"
        ).read_text()[-800:]
        yield made
    finally:
        made.stop()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_four_taps_from_the_start_screen_to_an_offer(kiosk, lang):
    shots = os.environ.get("WEGWEISER_SHOTS")
    if kiosk.screen() != "attract":  # (an earlier language's run stopped half-way)
        kiosk.tap("nav_home")
        assert kiosk.wait(lambda: kiosk.screen() == "attract", SCREEN_S)
    taps = 0
    for widget, screen in JOURNEY:
        name = widget.format(lang=lang) if widget else kiosk.first_offer()
        kiosk.tap(name)  # (how fast it answers is `make bench`'s and test_real_kiosk's part)
        taps += 1
        assert kiosk.wait(lambda s=screen: kiosk.screen() == s, SCREEN_S), (
            f"{name}: still on {kiosk.screen()} after {SCREEN_S} s"
        )
        if screen == "results":
            assert taps == 3
        kiosk.steady_box("screen_stack")
        shot = kiosk.folder / f"{lang}-{taps}-{screen}.png"
        kiosk.screenshot(shot)
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, Path(shots) / f"{kiosk.name}-{shot.name}")
        for name, text in kiosk.state().get("texts", {}).items():
            if name.startswith("nav_") and name in kiosk.state().get("widgets", {}):
                assert text.strip(), f"{lang} {screen}: {name} shows no label"
    assert taps == 4
    assert not kiosk.problems, kiosk.problems
    kiosk.tap("nav_home")
    assert kiosk.wait(lambda: kiosk.screen() == "attract", SCREEN_S)
