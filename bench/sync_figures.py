"""Taps while the kiosk follows the centre: tap → painted with a content check running.

A repository on loopback (Python's http.server) holds a release of the real data; checks run
back to back exactly as the kiosk's background checker runs them (:func:`ui.central_sync.
run_follow`: ``kiosk-admin content follow --once --check-only`` in a process of its own, which
refreshes the signed metadata, downloads the release — a fresh follower folder each time, so
nothing is cached — and checks it in full) while the timed journeys of :func:`bench.run.
ui_figures` tap through the kiosk. The figure is the taps' p95; the number of checks that ran
meanwhile says the load was real (a kiosk checks once in 15 minutes).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from kiosk import SHIPPED_DATABASE
from kiosk.content import publishing
from kiosk.content.release import build_release
from kiosk.db.connection import open_database


def _repository(folder: Path) -> tuple[Path, Path]:
    """A signed repository with a release of the real data; (repository, trusted root)."""
    now = dt.datetime.now(dt.UTC)
    repo, keys = folder / "repo", folder / "keys"
    shutil.copyfile(SHIPPED_DATABASE, folder / "central.db")
    central = open_database(folder / "central.db")
    try:
        real = build_release(central, version=1, published=now)
    finally:
        central.close()
    publishing.init_keys(repo, keys, now=now)
    publishing.publish(repo, keys, real, version=1, now=now)
    return repo, repo / "metadata" / "1.root.json"


def taps_during_checks(run_journeys: Callable[[], dict]) -> tuple[dict, int]:
    """``run_journeys()`` (the UI figures) while checks run; (its figures, checks done)."""
    from tests.content_server import StaticServer

    with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        folder = Path(tmp)
        repo, root = _repository(folder)
        kiosk_db = folder / "kiosk.db"
        shutil.copyfile(SHIPPED_DATABASE, kiosk_db)
        stop = threading.Event()
        done: list[str] = []

        def checks(url: str) -> None:
            from ui.central_sync import run_follow

            while not stop.is_set():
                state = folder / f"follower-{len(done)}"
                done.append(run_follow(kiosk_db, url, root, state, apply=False).status)
                shutil.rmtree(state, ignore_errors=True)

        with StaticServer(repo) as server:
            worker = threading.Thread(target=checks, args=(server.url,), daemon=True)
            worker.start()
            try:
                figures = run_journeys()
            finally:
                stop.set()
                worker.join(timeout=120)
        if any(status != "available" for status in done):
            raise RuntimeError(f"a background check did not find the release: {set(done)}")
        return figures, len(done)
