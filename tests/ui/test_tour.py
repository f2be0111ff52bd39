"""`kiosk --tour` renders every screen of the journey per language, offscreen."""

from __future__ import annotations

from PySide6.QtGui import QImage

from tests.conftest import MONDAY_AFTERNOON
from ui.tour import run_tour

SCREENS = [
    "attract",
    "language",
    "age",
    "need",
    "results",
    "detail",
    "idle-warning",
    "large-text",
    "high-contrast",
    "low-reach",
]


def test_tour_writes_every_screen_for_each_language(kiosk_app, catalogue, tmp_path):
    _, metrics = kiosk_app
    written = run_tour(
        catalogue, metrics, tmp_path, ["de", "ar"], (1080, 1920), lambda: MONDAY_AFTERNOON
    )
    for lang in ("de", "ar"):
        names = sorted(p.name for p in (tmp_path / lang).glob("*.png"))
        assert names == [f"{i:02d}-{s}.png" for i, s in enumerate(SCREENS, start=1)]
    assert len(written) == 2 * len(SCREENS)
    image = QImage(str(tmp_path / "ar" / "05-results.png"))
    assert (image.width(), image.height()) == (1080, 1920)


def test_kiosk_without_display_says_so_in_one_line(monkeypatch, capsys):
    from ui.app import main

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--db", "data.db"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "xvfb-run" in err[0] and "--tour" in err[0]
