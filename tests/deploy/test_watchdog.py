"""systemd's watchdog hears the kiosk only while its GUI thread runs the event loop."""

from __future__ import annotations

import itertools
import socket
import statistics
import threading
import time

from PySide6.QtWidgets import QApplication

from ui.watchdog import SystemdWatchdog


class FakeSystemd:
    """A datagram socket bound as NOTIFY_SOCKET, read by a thread of its own (so it keeps
    reading while the GUI thread is blocked): (arrival time, message)."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.05)
        self.messages: list[tuple[float, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop.is_set():
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def beats(self, start: float = 0.0, end: float = float("inf")) -> list[float]:
        return [at for at, msg in list(self.messages) if msg == "WATCHDOG=1" and start < at < end]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        self.sock.close()


def test_beats_stop_while_the_gui_thread_is_blocked_and_come_back(tmp_path, qtbot, monkeypatch):
    systemd = FakeSystemd(tmp_path / "notify.sock")
    monkeypatch.setenv("NOTIFY_SOCKET", str(tmp_path / "notify.sock"))
    monkeypatch.setenv("WATCHDOG_USEC", "1000000")  # → a beat every 0.5 s
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    watchdog = SystemdWatchdog(QApplication.instance())
    try:
        assert watchdog.active
        watchdog.ready("test")
        qtbot.waitUntil(lambda: len(systemd.beats()) >= 3, timeout=4000)
        assert systemd.messages[0][1].startswith("READY=1")
        running = systemd.beats()
        assert 0.3 < statistics.median(b - a for a, b in itertools.pairwise(running)) < 0.9

        # The GUI thread hangs (this test runs on it): 2 s, four beat intervals.
        blocked = time.monotonic()
        time.sleep(2.0)
        unblocked = time.monotonic()
        assert systemd.beats(blocked + 0.1, unblocked) == [], "beats while the loop hung"

        qtbot.waitUntil(lambda: len(systemd.beats(unblocked)) >= 2, timeout=3000)
    finally:
        watchdog.deleteLater()
        systemd.close()
