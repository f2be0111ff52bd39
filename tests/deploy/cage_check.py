"""The deployment as documented, run for real: ``deploy/cage-kiosk.sh`` under Cage.

What ``make deploy-check`` (``scripts/deploy-check``) and ``tests/deploy/test_cage.py`` run:

1. The real ``kiosk`` command through ``deploy/cage-kiosk.sh`` under the Cage compositor, on Qt's
   ``wayland`` platform, as an unprivileged user (Cage refuses to run as root), with systemd's
   environment imitated: ``NOTIFY_SOCKET`` (a datagram socket bound here), ``WATCHDOG_USEC`` and
   ``WATCHDOG_PID`` naming the unit's main process (Cage, as systemd would). Checked: READY=1
   and WATCHDOG=1 beats arrive from the kiosk process, which has Qt's Wayland plugin loaded; a
   ``grim`` screenshot (Wayland screencopy from Cage) shows the start screen over the whole
   output.
2. A journey by pointer input from outside the kiosk: Cage runs on wlroots' X11 backend inside
   an Xvfb, and ``xdotool`` clicks on the Xvfb; Cage turns them into Wayland pointer events for
   the kiosk. (Not the headless backend: it has no input devices, Cage 0.1.4 offers no
   virtual-pointer protocol, and with Debian's wlroots 0.15 + pixman its output keeps showing
   the client's very first buffer — frame callbacks go on, screencopy stays stale.) Where to
   click comes from
   ``tests/deploy/kiosk_probe.py``, which runs the same ``ui.app.main`` and only reports the
   geometry of the visible buttons. Each screen is photographed with ``grim``.
3. The watchdog against a hung GUI thread in that real process: after ``SIGUSR1`` the probe's
   handler sleeps on the GUI thread; the beats must stop for that long, then come back.

Needs Debian's ``cage``, ``xwayland`` (Cage 0.1.4 will not start without it), ``grim``, ``xvfb``,
``xdotool`` and the Qt Wayland plugin's ``libwayland-cursor0``.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "deploy" / "cage-kiosk.sh"
KIOSK = ROOT / ".venv" / "bin" / "kiosk"
PYTHON = ROOT / ".venv" / "bin" / "python"
TOOLS = ("cage", "Xwayland", "grim", "Xvfb", "xdotool", "xwininfo")
SIZE = (1920, 1080)
#: WATCHDOG_USEC for the check: the kiosk beats every second.
WATCHDOG_USEC = 2_000_000


class DeployCheckError(AssertionError):
    """The deployment does not work as documented (the message says what was seen)."""


JOURNEY_LANGUAGES = ("de", "ar", "ti")


def missing_tools() -> list[str]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        missing.append("setpriv")
    return missing


# -- systemd's notify socket -----------------------------------------------------------------
class NotifySocket:
    """A stand-in for systemd's ``NOTIFY_SOCKET``: records (time, sender pid, message)."""

    def __init__(self, path: Path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        os.chmod(path, 0o666)  # the kiosk runs as another user
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.settimeout(0.2)
        self.messages: list[tuple[float, int, str]] = []
        self._lock = threading.Lock()
        self._stop = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        creds_size = socket.CMSG_SPACE(struct.calcsize("3i"))
        while not self._stop:
            try:
                data, ancillary, _flags, _addr = self.sock.recvmsg(4096, creds_size)
            except (TimeoutError, OSError):
                continue
            pid = 0
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = struct.unpack("3i", payload[: struct.calcsize("3i")])[0]
            with self._lock:
                self.messages.append((time.monotonic(), pid, data.decode("utf-8", "replace")))

    def received(self, text: str, since: float = 0.0) -> list[tuple[float, int]]:
        with self._lock:
            return [(at, pid) for at, pid, msg in self.messages if at >= since and text in msg]

    def wait_for(self, text: str, timeout: float, since: float = 0.0) -> tuple[float, int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.received(text, since)
            if found:
                return found[0]
            time.sleep(0.02)
        raise DeployCheckError(f"no {text!r} on the notify socket within {timeout} s")

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


# -- the unprivileged user Cage runs as ----------------------------------------------------------
@dataclass
class RunAs:
    """Cage refuses to run as root; as root the check runs it as ``nobody``. Where the
    checkout's Python cannot be reached by that user (a pyenv under root's 0700 home), the user
    gets CAP_DAC_READ_SEARCH (read and search any directory, nothing else) — said in the log."""

    prefix: list[str] = field(default_factory=list)
    uid: int = field(default_factory=os.geteuid)
    gid: int = field(default_factory=os.getegid)
    note: str = ""

    @classmethod
    def choose(cls) -> RunAs:
        if os.geteuid() != 0:
            return cls()
        user = pwd.getpwnam("nobody")
        prefix = [
            "setpriv",
            f"--reuid={user.pw_uid}",
            f"--regid={user.pw_gid}",
            "--clear-groups",
        ]
        probe = [*prefix, "sh", "-c", f'exec "{PYTHON}" -c pass']
        if subprocess.run(probe, capture_output=True).returncode == 0:
            return cls(prefix, user.pw_uid, user.pw_gid, "as nobody")
        caps = ["--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"]
        return cls(
            [*prefix, *caps],
            user.pw_uid,
            user.pw_gid,
            "as nobody with CAP_DAC_READ_SEARCH (the venv's Python is not readable for nobody)",
        )

    def own(self, *paths: Path) -> None:
        for path in paths:
            os.chown(path, self.uid, self.gid)


# -- one Cage session ------------------------------------------------------------------------
class CageSession:
    """Xvfb + ``deploy/cage-kiosk.sh COMMAND…`` (Cage on wlroots' X11 backend), with a scratch
    database, a private 0700 XDG_RUNTIME_DIR and the notify socket."""

    def __init__(self, scratch: Path, command: list[str], run_as: RunAs, log):
        self.scratch = scratch
        self.run_as = run_as
        self.log = log
        self.data_dir = scratch / "data"
        self.command = [part.replace("{data}", str(self.data_dir)) for part in command]
        self.runtime = scratch / "runtime"
        self.gate = scratch / "data" / "go"
        self.probe_file = self.data_dir / "probe.json"
        self.xvfb: subprocess.Popen | None = None
        self.cage: subprocess.Popen | None = None
        self.display = ""
        self.notify: NotifySocket | None = None
        self.kiosk_pid = 0
        self.output = scratch / "cage.log"

    # (start) ------------------------------------------------------------------------------
    def start(self) -> None:
        for folder in (self.data_dir, self.runtime):
            folder.mkdir(parents=True)
        os.chmod(self.runtime, 0o700)
        shutil.copyfile(ROOT / "data.db", self.data_dir / "kiosk.db")
        self.run_as.own(self.data_dir, self.data_dir / "kiosk.db", self.runtime)
        self.notify = NotifySocket(self.scratch / "notify.sock")
        self._start_xvfb()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.data_dir),
            "LANG": "C.UTF-8",
            "DISPLAY": self.display,
            "XDG_RUNTIME_DIR": str(self.runtime),
            "XDG_SESSION_TYPE": "wayland",
            "QT_QPA_PLATFORM": "wayland",  # as in deploy/wegweiser-kiosk.service
            "WLR_BACKENDS": "x11",
            "WLR_RENDERER": "pixman",
            "WLR_LIBINPUT_NO_DEVICES": "1",
            "NOTIFY_SOCKET": str(self.notify.path),
            "WATCHDOG_USEC": str(WATCHDOG_USEC),
            "WEGWEISER_PROBE_FILE": str(self.probe_file),
            "PYTHONPATH": str(ROOT),
        }
        # systemd names the unit's main process in WATCHDOG_PID: the launcher's pid, which
        # stays Cage's after its exec. The kiosk is Cage's child.
        wrapper = 'export WATCHDOG_PID=$$; exec "$@"'
        # The kiosk starts once Cage's output has its full size (the start screen is arranged
        # for the width it first gets): a gate file, then exec, so it is still Cage's child.
        gate = f'while [ ! -e "{self.gate}" ]; do sleep 0.02; done; exec "$@"'
        argv = [
            *self.run_as.prefix,
            "sh",
            "-c",
            wrapper,
            "launcher",
            str(LAUNCHER),
            "sh",
            "-c",
            gate,
            "gate",
            *self.command,
        ]
        self.log(f"cage-kiosk.sh {' '.join(self.command)}  ({self.run_as.note or 'as is'})")
        with open(self.output, "wb") as out:
            self.cage = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._size_output()
        self.gate.touch()

    def _start_xvfb(self) -> None:
        read, write = os.pipe()
        self.xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write),
                "-screen",
                "0",
                f"{SIZE[0]}x{SIZE[1]}x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise DeployCheckError("Xvfb did not start")
        self.display = f":{number}"

    def _xdotool(self, *args: str, timeout: float = 10) -> str:
        return subprocess.run(
            ["xdotool", *args],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        ).stdout

    def _top_window(self) -> str:
        """Cage's X11 output window: the only child of the Xvfb's root (it has no name)."""
        tree = subprocess.run(
            ["xwininfo", "-root", "-children"],
            env={**os.environ, "DISPLAY": self.display},
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
        for line in tree.splitlines():
            words = line.split()
            if words and words[0].startswith("0x") and "child" not in line:
                return words[0]
        return ""

    def _size_output(self) -> None:
        """wlroots' X11 backend opens a 1024×768 window; a kiosk screen is 1920×1080."""
        deadline = time.monotonic() + 10
        window = ""
        while not window and time.monotonic() < deadline:
            if self.cage.poll() is not None:
                raise DeployCheckError(f"cage ended at once:\n{self.output.read_text()[-2000:]}")
            window = self._top_window()
            time.sleep(0.05)
        if not window:
            raise DeployCheckError("Cage's output window did not appear on the Xvfb")
        self._xdotool("windowsize", window, str(SIZE[0]), str(SIZE[1]))
        self._xdotool("windowmove", window, "0", "0")
        time.sleep(0.2)  # (the ConfigureNotify reaches Cage, which resizes its output)

    # (checks) -----------------------------------------------------------------------------
    def wait_ready(self, timeout: float = 30) -> float:
        at, pid = self.notify.wait_for("READY=1", timeout)
        self.kiosk_pid = pid
        return at

    def wayland_socket(self) -> str:
        names = [p.name for p in self.runtime.iterdir() if p.name.startswith("wayland-")]
        names = [n for n in names if not n.endswith(".lock")]
        if not names:
            raise DeployCheckError("Cage made no Wayland socket in XDG_RUNTIME_DIR")
        return names[0]

    def screenshot(self, path: Path) -> Path:
        """``grim`` over Cage's Wayland socket, once two shots in a row are the same."""
        env = {
            **os.environ,
            "XDG_RUNTIME_DIR": str(self.runtime),
            "WAYLAND_DISPLAY": self.wayland_socket(),
        }
        previous = b""
        for _ in range(20):
            subprocess.run(["grim", str(path)], env=env, check=True, timeout=10)
            shot = path.read_bytes()
            if shot == previous:
                return path
            previous = shot
            time.sleep(0.15)
        return path

    def probe(self) -> dict:
        try:
            return json.loads(self.probe_file.read_text("utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}

    def wait_screen(self, name: str, timeout: float = 10) -> dict:
        deadline = time.monotonic() + timeout
        state: dict = {}
        while time.monotonic() < deadline:
            state = self.probe()
            if state.get("screen") == name:
                return state
            time.sleep(0.03)
        raise DeployCheckError(
            f"screen {name!r} did not come, the kiosk shows {state.get('screen')!r}"
        )

    def click(self, name: str) -> None:
        """A pointer click from outside: xdotool → Xvfb → Cage → Wayland → the kiosk."""
        state = self.probe()
        if name not in state.get("widgets", {}):
            raise DeployCheckError(f"{name} is not visible on screen {state.get('screen')!r}")
        x, y, width, height = state["widgets"][name]
        wx, wy = state["window"][:2]
        self._xdotool("mousemove", "--sync", str(wx + x + width // 2), str(wy + y + height // 2))
        self._xdotool("click", "1")

    def kiosk_maps(self) -> str:
        return Path(f"/proc/{self.kiosk_pid}/maps").read_text()

    def kiosk_parent(self) -> int:
        stat = Path(f"/proc/{self.kiosk_pid}/stat").read_text()
        return int(stat.rsplit(")", 1)[1].split()[1])

    # (stop) -------------------------------------------------------------------------------
    def stop(self) -> None:
        for process in (self.cage, self.xvfb):
            if process is not None and process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(5)
        if self.notify is not None:
            self.notify.close()


# -- looking at a screenshot ---------------------------------------------------------------------
def screen_facts(path: Path) -> dict[str, float]:
    """Size, how much of the border is Cage's black background (a window that does not fill
    the output leaves black), the share of the start screen's background colour, and dark
    (text) pixels in a grid of cells over the screen."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(path))
    if image.isNull():
        raise DeployCheckError(f"{path} is not an image")
    width, height = image.width(), image.height()
    border = [(x, y) for x in range(0, width, 16) for y in (0, height - 1)]
    border += [(x, y) for y in range(0, height, 16) for x in (0, width - 1)]
    black = sum(1 for x, y in border if image.pixel(x, y) & 0xFFFFFF == 0)
    colours: dict[int, int] = {}
    dark_cells = set()
    step = 4
    for y in range(0, height, step):
        for x in range(0, width, step):
            rgb = image.pixel(x, y) & 0xFFFFFF
            colours[rgb] = colours.get(rgb, 0) + 1
            if QColor(rgb).lightness() < 90:
                dark_cells.add((4 * x // width, 4 * y // height))
    total = sum(colours.values())
    background, count = max(colours.items(), key=lambda item: item[1])
    return {
        "width": width,
        "height": height,
        "black_border_share": black / len(border),
        "background": f"#{background:06x}",
        "background_share": count / total,
        "cells_with_text": len(dark_cells),
    }


def check_start_screen(path: Path) -> dict[str, float]:
    facts = screen_facts(path)
    if (facts["width"], facts["height"]) != SIZE:
        raise DeployCheckError(f"screenshot is {facts['width']}×{facts['height']}, not {SIZE}")
    if facts["black_border_share"] > 0.02:
        raise DeployCheckError(f"the kiosk does not fill the output: {facts}")
    if facts["background"] == "#000000" or facts["background_share"] < 0.4:
        raise DeployCheckError(f"the screenshot does not look like the start screen: {facts}")
    if facts["cells_with_text"] < 8:
        raise DeployCheckError(f"too little text on the start screen: {facts}")
    return facts


# -- the whole check -----------------------------------------------------------------------------
def run(out_dir: Path, log=print) -> dict[str, object]:
    """Run every part; raises DeployCheckError on the first problem. Returns what was measured."""
    missing = missing_tools()
    if missing:
        raise DeployCheckError("missing tools: " + ", ".join(missing))
    import tempfile

    out_dir.mkdir(parents=True, exist_ok=True)
    run_as = RunAs.choose()
    results: dict[str, object] = {"user": run_as.note or "current user"}
    started = time.monotonic()
    scratch_root = Path(tempfile.mkdtemp(prefix="wegweiser-deploy-check-"))
    os.chmod(scratch_root, 0o755)
    # The kiosk's own data folder, holding a copy of data.db as after its first start.
    kiosk_args = ["--data-dir", "{data}"]
    try:
        # 1. the real kiosk command
        session = CageSession(scratch_root / "plain", [str(KIOSK), *kiosk_args], run_as, log)
        try:
            spawned = time.monotonic()
            session.start()
            ready_at = session.wait_ready()
            results["ready_s"] = round(ready_at - spawned, 2)
            log(f"READY=1 from pid {session.kiosk_pid} after {results['ready_s']} s")
            cage_pid = session.cage.pid
            if session.kiosk_parent() != cage_pid:
                raise DeployCheckError("READY=1 did not come from Cage's child, the kiosk")
            if "libqwayland" not in session.kiosk_maps():
                raise DeployCheckError("the kiosk has not loaded Qt's Wayland platform plugin")
            cmdline = Path(f"/proc/{session.kiosk_pid}/cmdline").read_bytes().split(b"\0")
            if not any(part.endswith(b"/kiosk") for part in cmdline):
                raise DeployCheckError(f"READY=1 came from {cmdline!r}, not the kiosk command")
            time.sleep(3.2)
            beats = session.notify.received("WATCHDOG=1", since=ready_at)
            log(f"WATCHDOG=1 beats in the 3.2 s after READY: {len(beats)}")
            if len(beats) < 2 or {pid for _, pid in beats} != {session.kiosk_pid}:
                raise DeployCheckError(
                    f"the kiosk under Cage sent {len(beats)} WATCHDOG=1 in 3.2 s "
                    f"(WATCHDOG_USEC={WATCHDOG_USEC}); systemd would restart it"
                )
            results["watchdog_beats_in_3_2_s"] = len(beats)
            shot = session.screenshot(out_dir / "cage-start-screen.png")
            results["start_screen"] = check_start_screen(shot)
            log(f"start screen under Cage: {shot} {results['start_screen']}")
        finally:
            session.stop()

        # 2. + 3. a journey by outside pointer input, then a blocked GUI thread
        probe_cmd = [str(PYTHON), "-m", "tests.deploy.kiosk_probe", *kiosk_args]
        session = CageSession(scratch_root / "journey", probe_cmd, run_as, log)
        try:
            session.start()
            session.wait_ready()
            state = session.wait_screen("attract")
            if state["platform"] != "wayland":
                raise DeployCheckError(f"the kiosk runs on {state['platform']!r}, not wayland")
            # (Cage shows its one window maximised over the output; Qt then does not report
            # the fullscreen state it asked for, but the window covers the whole output.)
            if state["window"] != [0, 0, *SIZE]:
                raise DeployCheckError(f"kiosk window is {state['window']}, the output {SIZE}")
            journey: list[str] = []
            # German, then right to left (Arabic) and Ethiopic script (Tigrinya).
            for lang in JOURNEY_LANGUAGES:
                steps = [
                    ("attract_start", "language"),
                    (f"lang_{lang}", "age"),
                    ("age_27-plus", "need"),
                    ("need_papers", "results"),
                ]
                for button, screen in steps:
                    session.click(button)
                    session.wait_screen(screen)
                    journey.append(f"{button} → {screen}")
                    session.screenshot(
                        out_dir / f"cage-journey-{len(journey):02d}-{lang}-{screen}.png"
                    )
                shown = session.probe()["widgets"]
                cards = [n for n in shown if n.startswith("offer_") and f"{n}_name" in shown]
                if not cards:
                    raise DeployCheckError(f"no offer on the results screen ({lang})")
                session.click(cards[0])
                session.wait_screen("detail")
                journey.append(f"{cards[0]} → detail")
                session.screenshot(out_dir / f"cage-journey-{len(journey):02d}-{lang}-detail.png")
                session.click("nav_home")
                session.wait_screen("attract")
                journey.append("nav_home → attract")
            shot = session.screenshot(out_dir / f"cage-journey-{len(journey):02d}-attract.png")
            check_start_screen(shot)
            results["journey"] = journey
            log("journey by pointer input: " + "; ".join(journey))

            # the watchdog with the GUI thread blocked for 3 s
            session.notify.wait_for("WATCHDOG=1", 5, since=time.monotonic())
            blocked = time.monotonic()
            os.kill(session.kiosk_pid, signal.SIGUSR1)
            resumed_at, _ = session.notify.wait_for("WATCHDOG=1", 10, since=blocked + 0.3)
            gap = resumed_at - blocked
            results["watchdog_gap_while_blocked_s"] = round(gap, 2)
            log(f"GUI thread blocked 3 s: no WATCHDOG=1 for {gap:.2f} s, then beats again")
            if gap < 2.5:
                raise DeployCheckError(
                    f"WATCHDOG=1 went on while the GUI thread slept ({gap:.2f} s)"
                )
            session.notify.wait_for("WATCHDOG=1", 3, since=resumed_at + 0.01)
        finally:
            session.stop()
    finally:
        shutil.rmtree(scratch_root, ignore_errors=True)
    results["seconds"] = round(time.monotonic() - started, 1)
    log(f"deployment check passed in {results['seconds']} s")
    return results


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "deploy-check", help="screenshots")
    args = parser.parse_args(argv)
    try:
        results = run(args.out)
    except DeployCheckError as problem:
        print(f"deployment check FAILED: {problem}", file=sys.stderr)
        return 1
    (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
