"""The real ``kiosk`` process on a real X server with a real speech-dispatcher, tapped from
outside with xdotool, in the four states speech is found in at a kiosk: audio works, no sound
device, speech-dispatcher hung (SIGSTOP) and killed mid-sentence.

Each kiosk runs through the read-only probe of the deployment check (it reports the screen and
the visible texts; it never sends an event). In every state: the top bar shows its labels, a
tap is answered at once, the idle warning counts down and the start screen is back on time,
and read-aloud disappears or recovers cleanly. With a hung speech-dispatcher a newly started
kiosk must not be blocked either. The four kiosks run at the same time (their idle times are
the shortest the settings allow: 20 s + 20 s), so the whole file takes about a minute.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.speechd import SpeechdUnavailableError, SpeechServer, sox_stat, start_speechd
from tests.xserver import XServer, XServerUnavailableError, start_xvfb

ROOT = Path(__file__).resolve().parents[2]
IDLE_S, WARNING_S = 20, 20
#: Slack for the reset on a busy 2-core CI machine (the timer itself is exact).
RESET_SLACK_S = 8
#: A tap on a live kiosk changes the screen within milliseconds; a frozen one never does.
#: (How fast is measured by `make bench`; this bound only tells alive from frozen. Four kiosks
#: and the other test worker share two cores here, and the first switch to Arabic loads its
#: fonts and catalogue: under that load a live kiosk once took more than 2 s.)
ANSWER_S = 5.0
CONDITIONS = ("audio", "no-device", "hung", "killed")


def _needs(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"not installed: {', '.join(missing)} (`make setup` as root installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@dataclass
class Kiosk:
    """One real kiosk process with its own X server, speech-dispatcher and data folder."""

    name: str
    folder: Path
    xserver: XServer
    speech: SpeechServer | None
    process: subprocess.Popen | None = None
    last_tap: float = 0.0
    answers: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def probe_file(self) -> Path:
        return self.folder / "probe.json"

    def start(self) -> None:
        data = self.folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        db = data / "kiosk.db"
        shutil.copyfile(ROOT / "data.db", db)
        with sqlite3.connect(db) as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)",
                [("idle_timeout_seconds", str(IDLE_S)), ("idle_warning_seconds", str(WARNING_S))],
            )
        speech = self.speech.env() if self.speech else {"WEGWEISER_SPEECH_ENGINE": "none"}
        env = self.xserver.env(
            **speech,
            WEGWEISER_PROBE_FILE=str(self.probe_file),
            WEGWEISER_PROBE_INTERVAL_MS="25",
            PYTHONPATH=str(ROOT),
        )
        env.pop("CI", None)
        self.log = open(self.folder / "kiosk.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.deploy.kiosk_probe", "--data-dir", str(data)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def watch(self) -> None:
        """From now on, note every countdown text and when the start screen came back."""
        import threading

        self.countdowns: list[str] = []
        self.reset_at: float | None = None
        self._watching = True

        def follow() -> None:
            while self._watching and self.reset_at is None:
                state = self.state()
                text = state.get("texts", {}).get("idle_countdown")
                if text and (not self.countdowns or self.countdowns[-1] != text):
                    self.countdowns.append(text)
                    if len(self.countdowns) == 1:
                        self.screenshot(self.folder / "warning.png")
                if state.get("screen") == "attract":
                    self.reset_at = time.monotonic()
                time.sleep(0.05)

        self._watcher = threading.Thread(target=follow, name=f"watch-{self.name}", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        self._watching = False
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        if self.process is not None:
            self.log.close()
        if self.speech is not None:
            self.speech.stop()
        self.xserver.stop()

    # -- what a person sees ---------------------------------------------------------------
    def state(self) -> dict:
        try:
            return json.loads(self.probe_file.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def screen(self) -> str:
        return self.state().get("screen", "")

    def wait(self, what, timeout_s: float, step_s: float = 0.01):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            value = what()
            if value:
                return value
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"{self.name}: the kiosk ended ({self.process.returncode})")
            time.sleep(step_s)
        return what()

    def screenshot(self, path: Path) -> None:
        subprocess.run(
            ["import", "-display", self.xserver.display, "-window", "root", str(path)],
            check=False,
            capture_output=True,
            timeout=30,
        )

    # -- taps from outside ------------------------------------------------------------------
    def tap(self, widget: str, then_screen: str | None = None) -> float:
        """Tap ``widget`` with xdotool; with ``then_screen`` wait until it shows and return
        the time it took."""
        box = self.steady_box(widget)
        assert box, f"{self.name}: {widget} is not on screen ({self.screen()})"
        x, y, width, height = box
        started = time.monotonic()
        subprocess.run(
            [
                "xdotool",
                "mousemove",
                "--sync",
                str(x + width // 2),
                str(y + height // 2),
                "click",
                "1",
            ],
            env={**os.environ, "DISPLAY": self.xserver.display},
            check=True,
            timeout=10,
        )
        if then_screen is None:
            return 0.0
        shown = self.wait(lambda: self.screen() == then_screen, ANSWER_S, 0.002)
        took = time.monotonic() - started
        if not shown:
            self.problems.append(
                f"{widget}: no {then_screen} screen {ANSWER_S} s after the tap ({self.screen()})"
            )
        self.answers.append(took)
        return took

    def hold(self, widget: str, seconds: float) -> None:
        """Press on ``widget`` and keep the finger there for ``seconds``."""
        box = self.steady_box(widget)
        assert box, f"{self.name}: {widget} is not on screen ({self.screen()})"
        x, y, width, height = box
        env = {**os.environ, "DISPLAY": self.xserver.display}
        where = [str(x + width // 2), str(y + height // 2)]
        subprocess.run(["xdotool", "mousemove", "--sync", *where], env=env, check=True)
        subprocess.run(["xdotool", "mousedown", "1"], env=env, check=True)
        time.sleep(seconds)
        subprocess.run(["xdotool", "mouseup", "1"], env=env, check=True)

    def steady_box(self, widget: str, timeout_s: float = 10.0) -> list[int] | None:
        """Where ``widget`` is, once it has stayed there for 150 ms (a screen just shown may
        still be laying itself out, as a person would wait for it to settle)."""
        deadline = time.monotonic() + timeout_s
        box, since = None, time.monotonic()
        while time.monotonic() < deadline:
            now = self.state().get("widgets", {}).get(widget)
            if now != box:
                box, since = now, time.monotonic()
            elif box and time.monotonic() - since >= 0.15:
                return box
            time.sleep(0.01)
        return None

    def first_offer(self) -> str:
        """The topmost result card on screen."""
        widgets = self.steady_box("results_list") and self.state().get("widgets", {})
        cards = sorted(
            (box[1], name)
            for name, box in (widgets or self.state().get("widgets", {})).items()
            if name.startswith("offer_") and name.count("_") == 1
        )
        assert cards, f"{self.name}: no offer on the results screen"
        return cards[0][1]

    def labels_shown(self, where: str) -> None:
        texts = self.state().get("texts", {})
        for name in ("nav_home", "nav_back", "nav_language", "nav_large_text", "nav_contrast"):
            if not texts.get(name, "").strip():
                self.problems.append(f"{where}: {name} shows no label")


@pytest.fixture(scope="module")
def kiosks(tmp_path_factory):
    """Four kiosks walked to the Arabic age screen, each reading it aloud; then each
    condition is made to happen. The tests below check what came of it."""
    _needs("Xvfb", "xdotool", "speech-dispatcher", "sox", "import")
    made: dict[str, Kiosk] = {}
    try:
        for name in CONDITIONS:
            try:
                xserver = start_xvfb("1920x1080x24")
                speech = start_speechd(sound=name != "no-device")
            except (XServerUnavailableError, SpeechdUnavailableError) as error:
                if os.environ.get("CI"):
                    pytest.fail(str(error))
                pytest.skip(str(error))
            made[name] = Kiosk(name, tmp_path_factory.mktemp(name), xserver, speech)
            made[name].start()
        for kiosk in made.values():
            assert kiosk.wait(lambda k=kiosk: k.screen() == "attract", 60), (
                f"{kiosk.name}: no start screen: {(kiosk.folder / 'kiosk.log').read_text()[-800:]}"
            )
        time.sleep(3)  # four kiosks just started on two cores: let their warm-ups finish
        for kiosk in made.values():
            kiosk.tap("attract_start", "language")
            kiosk.labels_shown("language screen")
            kiosk.tap("lang_ar", "age")
            kiosk.labels_shown("Arabic age screen")
            # The engine answers in its own process; the button comes when it has.
            shown = kiosk.wait(
                lambda k=kiosk: "nav_read_aloud" in k.state().get("widgets", {}), 15, 0.05
            )
            if not shown:
                kiosk.screenshot(kiosk.folder / "no-read-aloud.png")
                nav = sorted(w for w in kiosk.state().get("widgets", {}) if w.startswith("nav"))
                kiosk.problems.append(f"no read-aloud button in Arabic (top bar: {nav})")
            else:
                kiosk.tap("nav_read_aloud")
                time.sleep(1.0)  # mid-sentence
            if kiosk.name == "hung":
                kiosk.speech.hang()
            elif kiosk.name == "killed":
                kiosk.speech.kill()
            # A tap while it reads (or hangs): answered at once; it also restarts the idle time.
            kiosk.tap("age_27-plus", "need")
            kiosk.labels_shown("need screen")
            kiosk.tap("need_skip", "results")
            kiosk.labels_shown("results screen")
            first = kiosk.first_offer()
            kiosk.tap(first, "detail")
            kiosk.labels_shown("detail screen")
            kiosk.last_tap = time.monotonic()
            kiosk.watch()
        yield made
    finally:
        for kiosk in made.values():
            kiosk.stop()


def _wait_for_reset(kiosk: Kiosk) -> None:
    last_tap = kiosk.last_tap
    deadline = last_tap + IDLE_S + WARNING_S + RESET_SLACK_S
    while kiosk.reset_at is None and time.monotonic() < deadline:
        time.sleep(0.1)
    # The warning came after the idle time and counted down …
    assert kiosk.countdowns, f"{kiosk.name}: no idle warning after {IDLE_S} s"
    assert len(kiosk.countdowns) >= WARNING_S // 2, (
        f"{kiosk.name}: the countdown did not count: {kiosk.countdowns}"
    )
    # … and the start screen was back on time, ready for the next visitor.
    assert kiosk.reset_at is not None, (
        f"{kiosk.name}: still on {kiosk.screen()} {time.monotonic() - last_tap:.0f} s after the "
        "last tap"
    )
    took = kiosk.reset_at - last_tap
    assert took >= IDLE_S + WARNING_S - 1, f"{kiosk.name}: reset too early, after {took:.1f} s"
    print(f"{kiosk.name}: start screen back {took:.1f} s after the last tap")
    kiosk.screenshot(kiosk.folder / "reset.png")
    # The next visitor's tap is answered at once.
    kiosk.tap("attract_start", "language")


@pytest.mark.parametrize("condition", CONDITIONS)
def test_speech_never_stops_the_screen(kiosks, condition):
    kiosk = kiosks[condition]
    _wait_for_reset(kiosk)
    assert not kiosk.problems, "\n".join(kiosk.problems)
    slowest = max(kiosk.answers)
    print(f"{condition}: slowest answer to a tap {slowest * 1000:.0f} ms ({len(kiosk.answers)})")
    kiosk.tap("lang_ar", "age")
    widgets = kiosk.state().get("widgets", {})
    if condition == "audio":
        # It really spoke: seconds of sound with real amplitude went to the "loudspeaker".
        stats = sox_stat(kiosk.speech.audio)
        assert stats.get("Length (seconds)", 0) > 1.0, stats
        assert stats.get("RMS     amplitude", 0) > 0.01, stats
        assert "nav_read_aloud" in widgets, "read-aloud stays for the next visitor"
    else:
        # Hung or gone: the engine that did not answer (or failed) was given up, so there is
        # no button that would do nothing; it comes back once speech answers again.
        # (A stop sent at the reset is given up 3 s later, when its answer has not come.)
        gone = kiosk.wait(lambda: "nav_read_aloud" not in kiosk.state().get("widgets", {}), 8)
        assert gone, f"read-aloud must go while speech is {condition}"


def test_a_kiosk_started_while_speech_hangs_is_not_blocked(kiosks, tmp_path):
    """A second kiosk, started while speech-dispatcher is stopped, serves visitors at once
    (its speech worker is the one that waits)."""
    hung = kiosks["hung"]
    assert hung.speech.stopped
    fresh = Kiosk("fresh", tmp_path / "fresh", start_xvfb("1920x1080x24"), hung.speech)
    fresh.speech = hung.speech
    try:
        fresh.start()
        assert fresh.wait(lambda: fresh.screen() == "attract", 60), "no start screen"
        fresh.tap("attract_start", "language")
        fresh.tap("lang_ar", "age")
        fresh.labels_shown("Arabic age screen")
        fresh.tap("nav_home", "attract")
        assert not fresh.problems, "\n".join(fresh.problems)
    finally:
        if fresh.process is not None and fresh.process.poll() is None:
            os.killpg(fresh.process.pid, signal.SIGKILL)
            fresh.process.wait(10)
        if fresh.process is not None:
            fresh.log.close()
        fresh.xserver.stop()


def test_staff_reach_staff_mode_on_a_real_x_server(tmp_path):
    """After a normal start (the staff corner is made after the first frame), holding the
    bottom-left corner for 3 s opens the PIN pad; the right PIN opens staff mode."""
    _needs("Xvfb", "xdotool")
    kiosk = Kiosk("staff", tmp_path, start_xvfb("1920x1080x24"), None)
    pin = "481516"
    try:
        kiosk.start()
        assert kiosk.wait(lambda: kiosk.screen() == "attract", 60), "no start screen"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ui.admin_cli",
                "--db",
                str(tmp_path / "data" / "kiosk.db"),
                "set-pin",
                "--pin-stdin",
            ],
            input=f"{pin}\n",
            text=True,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        kiosk.hold("staff_corner", 3.6)
        # The first long press builds the staff screens and use cases; on a loaded 2-core CI
        # machine (two test workers and their kiosks) that once took longer than 5 s. How fast
        # it is belongs to the bench; here only that it opens.
        pad = kiosk.wait(lambda: "pin_digit_1" in kiosk.state().get("widgets", {}), 15)
        assert pad, f"no PIN pad after holding the corner (screen: {kiosk.screen()})"
        assert kiosk.screen() == "attract", "the hold must not start a visitor session"
        for digit in pin:
            kiosk.tap(f"pin_digit_{digit}")
        kiosk.tap("pin_ok")
        opened = kiosk.wait(lambda: "staff_home_subtitle" in kiosk.state().get("texts", {}), 10)
        kiosk.screenshot(tmp_path / "staff.png")
        assert opened, "the right PIN did not open staff mode"
    finally:
        kiosk.stop()
