"""Content polling figures: 1,000 simulated kiosks checking one static server on loopback.

The repository holds one real release (built from the shipped data.db). Every simulated kiosk
has its own follower state (copied from one enrolled kiosk, as after its first check) and runs
the kiosk's own check, :func:`kiosk.content.follow.check_for_release`, once, when nothing has
changed since its last check: the usual case of a poll every ~15 minutes. At most
``CONCURRENT`` checks run at a time and the whole run stops at ``DEADLINE_S``.

The server is a real nginx with the deployed site (``deploy/nginx-content.conf``) when nginx is
installed, else Python's http.server in a child process; its CPU time is read from /proc
before and after. Figures: requests and response bytes per poll, the server's CPU seconds per
1,000 polls, and the size of a release.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

from kiosk import SHIPPED_DATABASE
from kiosk.content import publishing
from kiosk.content.follow import DEFAULT_TIMEOUT_S, DOWNLOAD_DEADLINE_S, _Fetcher, check_for_release
from kiosk.content.release import build_release
from kiosk.db.connection import open_database

KIOSKS = 1000
CONCURRENT = 32
DEADLINE_S = 180.0

BUDGETS = {
    "content_poll_requests": 2.0,  # timestamp.json and the look for a newer root
    "content_poll_bytes": 4096.0,
    "content_server_cpu_s_per_1000_polls": 5.0,
    "content_release_bytes": 5 * 1024 * 1024.0,
}


class _CountingFetcher(_Fetcher):
    """The kiosk's fetcher, counting requests and response body bytes (shared by threads)."""

    totals: ClassVar[dict[str, int]] = {"requests": 0, "bytes": 0}
    lock = threading.Lock()

    def _fetch(self, url):
        with self.lock:
            self.totals["requests"] += 1
        chunks = super()._fetch(url)  # (a 404 raises here: its small body is not counted)

        def counted():
            for chunk in chunks:
                with self.lock:
                    self.totals["bytes"] += len(chunk)
                yield chunk

        return counted()


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _family(pid: int) -> list[int]:
    """``pid`` and its children (nginx's master and workers)."""
    pids = [pid]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                pids.append(int(entry))
    return pids


def _python_server(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    while True:  # (the bench may wait for its server; the tests never do)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, url
        except OSError:
            if time.monotonic() - started > 10:
                process.kill()
                raise
            time.sleep(0.05)


def _measure(base: Path) -> dict[str, float | str]:
    repo, keys = base / "repo", base / "keys"
    now = dt.datetime.now(dt.UTC)
    publishing.init_keys(repo, keys, now=now)
    work = base / "central.db"
    shutil.copyfile(SHIPPED_DATABASE, work)
    conn = open_database(work)
    try:
        data = build_release(conn, version=1, published=now.replace(microsecond=0))
    finally:
        conn.close()
    publishing.publish(repo, keys, data, version=1, now=now)
    root = (repo / "metadata" / "1.root.json").read_bytes()

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.content_server import NginxServer, nginx_binary

    nginx = None
    process = None
    if nginx_binary() is not None:
        nginx = NginxServer(repo, base / "nginx").start()
        url, server_name = nginx.url, "nginx (deploy/nginx-content.conf)"
        pids = _family(nginx.pid)
    else:
        process, url = _python_server(repo)
        server_name, pids = "python http.server", [process.pid]
    try:
        template = base / "enrolled"
        first = check_for_release(url, template / "metadata", template / "cache", bootstrap=root)
        assert first.kind == "release", first.reason
        digest = first.sha256
        for number in range(KIOSKS):
            shutil.copytree(template / "metadata", base / "kiosks" / f"{number:04d}" / "metadata")

        _CountingFetcher.totals.update(requests=0, bytes=0)
        outcomes: list[str] = []
        deadline = time.monotonic() + DEADLINE_S

        def poll(number: int) -> None:
            if time.monotonic() > deadline:
                return
            state = base / "kiosks" / f"{number:04d}"
            outcome = check_for_release(
                url,
                state / "metadata",
                state / "cache",
                bootstrap=root,
                current_sha256=digest,
                fetcher=_CountingFetcher(DEFAULT_TIMEOUT_S, DOWNLOAD_DEADLINE_S),
            )
            outcomes.append(outcome.kind)

        cpu_before = _cpu_seconds(_family(nginx.pid) if nginx else pids)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            list(pool.map(poll, range(KIOSKS)))
        took = time.perf_counter() - started
        cpu_after = _cpu_seconds(_family(nginx.pid) if nginx else pids)
    finally:
        if nginx is not None:
            nginx.stop()
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
    polls = len(outcomes)
    unchanged = outcomes.count("unchanged")
    assert polls and unchanged == polls, f"{polls - unchanged} of {polls} polls did not succeed"
    totals = _CountingFetcher.totals
    return {
        "server": server_name,
        "polls": polls,
        "seconds": took,
        "requests_per_poll": totals["requests"] / polls,
        "bytes_per_poll": totals["bytes"] / polls,
        "server_cpu_per_1000": (cpu_after - cpu_before) * 1000 / polls,
        "release_bytes": len(data),
        "offers": data.count(b'"id":'),
    }


def poll_figures() -> list[tuple[str, float, float, str]]:
    """(name, value, budget, what it is) for the content polling part of the bench."""
    with tempfile.TemporaryDirectory(prefix="content-poll-bench-") as temp:
        m = _measure(Path(temp))
    where = f"{m['polls']} kiosks, {CONCURRENT} at a time, {m['server']}, {m['seconds']:.1f} s"
    return [
        (
            "content_poll_requests",
            m["requests_per_poll"],
            BUDGETS["content_poll_requests"],
            f"HTTP requests per poll when nothing changed ({where})",
        ),
        (
            "content_poll_bytes",
            m["bytes_per_poll"],
            BUDGETS["content_poll_bytes"],
            "response body bytes per unchanged poll (timestamp.json; 404 bodies, headers not "
            "counted)",
        ),
        (
            "content_server_cpu_s_per_1000_polls",
            m["server_cpu_per_1000"],
            BUDGETS["content_server_cpu_s_per_1000_polls"],
            f"static server CPU seconds per 1,000 polls ({m['server']})",
        ),
        (
            "content_release_bytes",
            float(m["release_bytes"]),
            BUDGETS["content_release_bytes"],
            "bytes of one release of the shipped data (downloaded once per new release)",
        ),
    ]


if __name__ == "__main__":
    for name, value, budget, what in poll_figures():
        mark = "ok" if value <= budget else "OVER"
        print(f"{name:38} {value:12.2f}  (budget {budget:g}) {mark}  {what}")
