"""A private, real speech-dispatcher (with espeak-ng) for tests, in one of the states a kiosk
meets: audio that works, no sound device, or a server that hangs or dies mid-sentence.

"Audio works" sends speech-dispatcher's sound through ALSA's ``file`` plugin into a raw file
(the tests measure it with sox); "no sound device" leaves ALSA and PulseAudio with nothing to
play on, so a started sentence never ends — as on a kiosk PC whose speakers are unplugged.
The server listens on its own socket (clients find it through ``SPEECHD_ADDRESS``) and uses
its own configuration, never the machine's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SYSTEM_CONFIG = Path("/etc/speech-dispatcher")
#: espeak-ng's output through speech-dispatcher: 16-bit signed mono at 22,050 Hz.
RAW_FORMAT = ("-t", "raw", "-r", "22050", "-e", "signed", "-b", "16", "-c", "1")


class SpeechdUnavailableError(RuntimeError):
    pass


@dataclass
class SpeechServer:
    root: Path
    audio: Path | None
    process: subprocess.Popen | None = None
    stopped: bool = False
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.root / "speech-dispatcher.log"  # (its --log-dir)

    @property
    def socket(self) -> Path:
        return self.root / "speechd.sock"

    @property
    def address(self) -> str:
        return f"unix_socket:{self.socket}"

    def env(self) -> dict[str, str]:
        """What a client of this server needs in its environment."""
        return {"SPEECHD_ADDRESS": self.address, "WEGWEISER_SPEECH_ENGINE": "speechd"}

    def pids(self) -> list[int]:
        """The server and its output modules (sd_espeak-ng …): its process group."""
        if self.process is None:
            return []
        out = subprocess.run(
            ["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in out.stdout.split()]

    def hang(self) -> None:
        """SIGSTOP the server and its modules: it accepts connections and never answers."""
        self._signal(signal.SIGSTOP)
        self.stopped = True

    def resume(self) -> None:
        self._signal(signal.SIGCONT)
        self.stopped = False

    def kill(self) -> None:
        self._signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(5)

    def _signal(self, sig: int) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, sig)

    def audio_bytes(self) -> int:
        return self.audio.stat().st_size if self.audio and self.audio.exists() else 0

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGCONT)
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
        self.process = None


def start_speechd(sound: bool, timeout_s: float = 15.0) -> SpeechServer:
    """A speech-dispatcher of its own; ``sound``: audio goes to a file, else to no device."""
    binary = shutil.which("speech-dispatcher")
    if binary is None or not SYSTEM_CONFIG.is_dir():
        raise SpeechdUnavailableError(
            "speech-dispatcher is not installed (Debian speech-dispatcher-espeak-ng)"
        )
    root = Path(tempfile.mkdtemp(prefix="wegweiser-speechd-"))
    home = root / "home"
    home.mkdir()
    config = root / "config"
    shutil.copytree(SYSTEM_CONFIG, config)
    conf = config / "speechd.conf"
    lines = [
        line
        for line in conf.read_text().splitlines()
        if not line.lstrip().startswith(("AudioOutputMethod", "DefaultModule"))
    ]
    audio = None
    if sound:
        audio = root / "audio.raw"
        lines.append('AudioOutputMethod "alsa"')
        # ALSA's file plugin: what would go to the loudspeaker goes to audio.raw.
        (home / ".asoundrc").write_text(
            'pcm.!default {\n  type file\n  slave.pcm "null"\n'
            f'  file "{audio}"\n  format "raw"\n}}\n'
        )
    else:
        # No sound server and no sound card: nothing can be played.
        lines.append('AudioOutputMethod "pulse,alsa"')
    lines.append("DefaultModule espeak-ng")
    conf.write_text("\n".join(lines) + "\n")
    server = SpeechServer(root, audio)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(root),
        "PULSE_SERVER": f"unix:{root / 'no-pulse'}",
    }
    with open(root / "speechd.out", "wb") as out:
        server.process = subprocess.Popen(
            [
                binary,
                "--run-single",
                "--timeout",
                "0",
                "--communication-method",
                "unix_socket",
                "--socket-path",
                str(server.socket),
                "--config-dir",
                str(config),
                "--log-dir",
                str(root),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        if (
            server.socket.exists()
            and server.log.exists()
            and (b"waiting for clients" in server.log.read_bytes())
        ):
            return server
        time.sleep(0.05)
    server.stop()
    said = (root / "speechd.out").read_bytes()[-600:].decode(errors="replace")
    raise SpeechdUnavailableError(f"speech-dispatcher did not start: {said}")


def sox_stat(raw: Path) -> dict[str, float]:
    """sox's statistics of a raw espeak-ng recording (length in seconds, RMS amplitude …)."""
    out = subprocess.run(
        ["sox", *RAW_FORMAT, str(raw), "-n", "stat"],
        capture_output=True,
        text=True,
        check=True,
    )
    stats = {}
    for line in out.stderr.splitlines():
        name, _, value = line.partition(":")
        try:
            stats[name.strip()] = float(value.split()[0])
        except (ValueError, IndexError):
            continue
    return stats
