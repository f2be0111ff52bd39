"""A private X server (Xvfb) for tests that run the kiosk on Qt's real ``xcb`` platform.

The kiosk stands on a real display server, not on Qt's ``offscreen`` plugin: fonts, window
geometry, focus, input and the first frame differ. Tests start their own Xvfb — never the
developer's display — and stop it when they end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: Big enough for a landscape (1920×1080) and a portrait (1080×1920) kiosk window; 96 dpi as
#: Qt's offscreen platform reports, so sizes in millimetres come out the same.
SCREEN = "1920x1920x24"
DPI = "96"


class XServerUnavailableError(RuntimeError):
    pass


@dataclass
class XServer:
    process: subprocess.Popen
    display: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a program that should draw on this server."""
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb", **extra)
        return env


def start_xvfb(screen: str = SCREEN, timeout_s: float = 10.0) -> XServer:
    """Start Xvfb on a free display number (Xvfb picks it and tells us through a pipe)."""
    if shutil.which("Xvfb") is None:
        raise XServerUnavailableError(
            "Xvfb is not installed (Debian package xvfb; `make setup` as root)"
        )
    read_end, write_end = os.pipe()
    log = Path(tempfile.mkstemp(prefix="xvfb-", suffix=".log")[1])
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                screen,
                "-dpi",
                DPI,
                "-nolisten",
                "tcp",
                "-noreset",
                "+extension",
                "XTEST",
            ],
            pass_fds=(write_end,),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    os.close(write_end)
    number = b""
    deadline = time.monotonic() + timeout_s
    os.set_blocking(read_end, False)
    try:
        while time.monotonic() < deadline and not number.endswith(b"\n"):
            if process.poll() is not None:
                break
            try:
                chunk = os.read(read_end, 16)
            except BlockingIOError:
                time.sleep(0.02)
                continue
            if not chunk:
                break
            number += chunk
    finally:
        os.close(read_end)
    if not number.strip().isdigit():
        process.kill()
        raise XServerUnavailableError(
            f"Xvfb did not start: {log.read_text(errors='replace')[-500:]}"
        )
    return XServer(process, f":{number.decode().strip()}", log)
