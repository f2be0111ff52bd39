"""A real, private CUPS for the printing tests: ``cupsd`` with an IPP Everywhere queue whose
"printer" is CUPS' own ``ippeveprinter``, all started and stopped by the tests.

Everything lives in one temporary directory (configuration, spool, logs, cache, state, the
printer's output) and listens on free loopback ports only — never the machine's ``/run/cups``.
The kiosk is pointed at it with ``CUPS_SERVER`` (Qt's CUPS support and ``lp*`` honour it).

The queue ``wegweiser`` is made with ``lpadmin -m everywhere`` from what ``ippeveprinter``
reports, so a job goes the whole real way: QPrinter → cupsd → filters → ipp backend →
printer, which keeps every document it gets (``-k``). Printer states are set the ways CUPS
has for them: ``cupsdisable -r`` and ``cupsreject`` for the queue, and for what a printer
reports (paper out, jam, offline) the queue's ``printer-state-reasons`` through
CUPS-Add-Modify-Printer with ``ipptool`` — the attribute CUPS' backends set. A stuck job is a
printer whose print command does not return.

``ippeveprinter`` insists on a D-Bus system bus for DNS-SD even with advertising off, so a
private ``dbus-daemon`` is started for it too. Without the tools (or not as root) the tests are
skipped with the reason; with ``CI`` set they fail instead, so CI can never skip them silently.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

QUEUE = "wegweiser"
TOOLS = (
    "cupsd",
    "ippeveprinter",
    "ipptool",
    "lpadmin",
    "lpstat",
    "lpoptions",
    "cupsdisable",
    "cupsenable",
    "cupsaccept",
    "cupsreject",
    "cancel",
    "dbus-daemon",
    "pdftotext",
    "pdftoppm",
)
START_TIMEOUT_S = 15.0

CUPSD_CONF = """\
Listen 127.0.0.1:{port}
LogLevel info
Browsing Off
WebInterface No
DefaultAuthType None
PreserveJobHistory Yes
MaxJobs 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/conf
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
{user}
"""

#: The printer's print command: does what the file "behaviour" beside it says.
PRINT_COMMAND = """\
#!/bin/sh
case "$(cat "$(dirname "$0")/behaviour" 2>/dev/null)" in
  hang) exec sleep 600 ;;
esac
exit 0
"""

SET_REASONS_TEST = """\
{
  NAME "Set printer-state-reasons of a queue"
  OPERATION CUPS-Add-Modify-Printer
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  GROUP printer-attributes-tag
  ATTR keyword printer-state-reasons $reasons
  STATUS successful-ok
}
"""


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where these tests must run."""
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(f"CI must run the CUPS printing tests, but: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class PrivateCups:
    """The running private CUPS and its one queue, with the means to put it in a state."""

    root: Path
    port: int
    printer_port: int
    queue: str = QUEUE
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def server(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def output(self) -> Path:
        """Where the printer keeps every document it received."""
        return self.root / "printer"

    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            list(args), capture_output=True, text=True, env=self.env(), timeout=20, check=False
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {result.stderr or result.stdout}")
        return result

    # -- states ------------------------------------------------------------------------------
    def set_reasons(self, *reasons: str) -> None:
        """Set the queue's printer-state-reasons (what a backend reports: media-empty-error,
        media-jam-error, offline-report …); none for a healthy printer."""
        test = self.root / "set-reasons.test"
        uri = f"ipp://{self.server}/printers/{self.queue}"
        self.run("ipptool", "-d", f"reasons={','.join(reasons) or 'none'}", uri, str(test))

    def behave(self, mode: str) -> None:
        """``ok``: the printer prints at once; ``hang``: its print command never returns."""
        (self.root / "behaviour").write_text(mode + "\n")

    def reset(self) -> None:
        """A healthy, enabled, accepting queue with no jobs and nothing printed yet."""
        self.behave("ok")
        self.run("cancel", "-a", "-x", self.queue, check=False)
        self.run("cupsenable", self.queue)
        self.run("cupsaccept", self.queue)
        self.set_reasons()
        for document in self.output.iterdir():
            document.unlink()

    def status(self) -> str:
        return self.run("lpoptions", "-p", self.queue).stdout

    def documents(self) -> list[Path]:
        """The documents the printer received (a PDF each: the queue sends PDF on)."""
        return sorted(self.output.glob("*.pdf"), key=lambda p: int(p.name.split("-", 1)[0]))

    # -- life --------------------------------------------------------------------------------
    def _start(self, args: list[str], log_name: str, env: dict[str, str]) -> None:
        log = open(self.root / "log" / log_name, "wb")
        process = subprocess.Popen(
            args, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
        log.close()
        self.processes.append(process)

    def start(self) -> None:
        root = self.root
        for sub in ("conf", "spool", "log", "cache", "state", "tmp", "printer", "run"):
            (root / sub).mkdir()
            (root / sub).chmod(0o755)
        (root / "tmp").chmod(0o1777)
        # Filters and backends run as lp: it must reach the spool through the tree.
        user = "User lp\nGroup lp" if os.geteuid() == 0 else ""
        (root / "conf" / "cupsd.conf").write_text(CUPSD_CONF.format(port=self.port))
        (root / "conf" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=root, user=user))
        (root / "set-reasons.test").write_text(SET_REASONS_TEST)
        command = root / "print-command"
        command.write_text(PRINT_COMMAND)
        command.chmod(0o755)
        self.behave("ok")

        conf = [str(root / "conf" / "cupsd.conf"), str(root / "conf" / "cups-files.conf")]
        self._start(["cupsd", "-f", "-c", conf[0], "-s", conf[1]], "cupsd.out", self.env())
        bus = f"unix:path={root / 'run' / 'bus'}"
        self._start(
            ["dbus-daemon", "--session", "--nofork", f"--address={bus}"],
            "dbus.out",
            dict(os.environ),
        )
        self._wait(lambda: (root / "run" / "bus").exists(), "dbus-daemon")
        printer_env = {**os.environ, "DBUS_SYSTEM_BUS_ADDRESS": bus}
        self._start(
            [
                "ippeveprinter",
                "-r",
                "off",
                "-n",
                "localhost",
                "-p",
                str(self.printer_port),
                "-d",
                str(self.output),
                "-k",
                "-c",
                str(command),
                "-f",
                "application/pdf,image/pwg-raster,image/urf",
                "-M",
                "Wegweiser",
                "-m",
                "Test printer",
                "Wegweiser test printer",
            ],
            "ippeveprinter.out",
            printer_env,
        )
        self._wait(lambda: _port_open(self.printer_port), "ippeveprinter")
        self._wait(lambda: "is running" in self.run("lpstat", "-r", check=False).stdout, "cupsd")
        self.run(
            "lpadmin",
            "-p",
            self.queue,
            "-E",
            "-v",
            f"ipp://localhost:{self.printer_port}/ipp/print",
            "-m",
            "everywhere",
            "-o",
            "media-default=iso_a4_210x297mm",
        )

    def _wait(self, ready, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not ready():
            for process in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{process.args[0]} ended with {process.returncode}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start within {START_TIMEOUT_S:g} s")
            time.sleep(0.05)

    def stop(self) -> None:
        for process in reversed(self.processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(self.processes):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        self.processes.clear()

    def logs(self) -> str:
        """The tail of every log, for a failing test's message."""
        parts = []
        for log in sorted((self.root / "log").iterdir()):
            text = log.read_text(errors="replace").splitlines()[-15:]
            parts.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(parts)


@pytest.fixture(name="cups_server", scope="session")
def cups_server_fixture() -> Iterator[PrivateCups]:
    """One private cupsd + printer for the whole session (about a second to start)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        _unavailable(f"CUPS printing tests need {', '.join(missing)} (see system-deps)")
    if os.geteuid() != 0:
        _unavailable("CUPS printing tests start their own cupsd, which needs root")
    # /tmp itself: the filters run as lp and must reach the spool (pytest's tmp is 0700).
    root = Path(tempfile.mkdtemp(prefix="wegweiser-cups-"))
    root.chmod(0o755)
    cups = PrivateCups(root, _free_port(), _free_port())
    try:
        cups.start()
    except (RuntimeError, AssertionError, OSError) as error:
        logs = cups.logs()
        cups.stop()
        _unavailable(f"the private CUPS did not start: {error}\n{logs}")
    previous = os.environ.get("CUPS_SERVER")
    os.environ["CUPS_SERVER"] = cups.server
    try:
        yield cups
    finally:
        if previous is None:
            os.environ.pop("CUPS_SERVER", None)
        else:
            os.environ["CUPS_SERVER"] = previous
        cups.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(name="cups")
def cups_fixture(cups_server: PrivateCups) -> PrivateCups:
    """The private CUPS, healthy and empty for each test."""
    cups_server.reset()
    return cups_server
