"""Helpers for tests of the deployed situation: code run as an unprivileged user, files owned
by root, a small full disk. Root ignores file permissions, so these tests drop to ``nobody``
(or, run as an ordinary user, simply run as that user)."""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import PROJECT_ROOT

UNPRIVILEGED = "nobody"


def _is_root() -> bool:
    return os.geteuid() == 0


def unprivileged_ids() -> tuple[int, int]:
    entry = pwd.getpwnam(UNPRIVILEGED)
    return entry.pw_uid, entry.pw_gid


def give_to_user(*paths: Path) -> None:
    """Make ``paths`` belong to the unprivileged user (nothing to do when not root)."""
    if not _is_root():
        return
    uid, gid = unprivileged_ids()
    for path in paths:
        os.chown(path, uid, gid)


def _drop_privileges() -> None:
    uid, gid = unprivileged_ids()
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


def _environment(home: Path) -> dict[str, str]:
    site = sysconfig.get_paths()["purelib"]
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), site]),
        "PYTHONDONTWRITEBYTECODE": "1",
        "QT_QPA_PLATFORM": "offscreen",
        "WEGWEISER_SPEECH_ENGINE": "none",
        "XDG_RUNTIME_DIR": str(home),
    }


_interpreter_cache: list[str] = []


def interpreter(home: Path) -> str:
    """A Python 3.11+ of the same minor version that the unprivileged user may run (the
    test venv's own interpreter may live in root's home)."""
    if _interpreter_cache:
        return _interpreter_cache[0]
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    candidates = [
        sys.executable,
        getattr(sys, "_base_executable", ""),
        shutil.which(f"python{version}"),
        f"/usr/bin/python{version}",
    ]
    probe = f"import sys, sqlite3, PySide6; assert sys.version.startswith('{version}')"
    for candidate in filter(None, candidates):
        try:
            result = subprocess.run(
                [candidate, "-c", probe],
                env=_environment(home),
                preexec_fn=_drop_privileges if _is_root() else None,
                capture_output=True,
                timeout=60,
            )
        except OSError:
            continue
        if result.returncode == 0:
            _interpreter_cache.append(candidate)
            return candidate
    pytest.skip(f"no Python {version} that the user {UNPRIVILEGED} may run")


def run_as_user(code: str, home: Path, timeout: float = 300) -> dict:
    """Run ``code`` as the unprivileged user; it prints one JSON line last, returned here."""
    home.mkdir(parents=True, exist_ok=True)
    give_to_user(home)
    result = subprocess.run(
        [interpreter(home), "-c", code],
        env=_environment(home),
        cwd=home,
        preexec_fn=_drop_privileges if _is_root() else None,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    outcome = json.loads(lines[-1])
    outcome["exit"] = result.returncode
    outcome["stderr"] = result.stderr
    return outcome


@contextlib.contextmanager
def reachable_scratch() -> Iterator[Path]:
    """A scratch folder the unprivileged user can reach (pytest's own is root's, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="wegweiser-deployed-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for mount in sorted(folder.rglob("*"), reverse=True):
            if mount.is_dir() and os.path.ismount(mount):
                subprocess.run(["umount", "-l", str(mount)], check=False)
        for path in [folder, *folder.rglob("*")]:
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    os.chmod(path, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def root_owned_install(folder: Path, source: Path) -> Path:
    """``source`` copied as ``folder/data.db``: folder 0755 and file 0644, both root's
    (as after ``chown -R root:root /opt/wegweiser``)."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = folder / "data.db"
    shutil.copyfile(source, shipped)
    os.chmod(folder, 0o755)
    os.chmod(shipped, 0o644)
    return shipped


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "600k") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``folder`` for the unprivileged user; skips the test
    where mounting is not permitted."""
    if not _is_root():
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        give_to_user(folder)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_disk(folder: Path, leave: int = 0) -> None:
    """Fill the file system of ``folder`` up to ``leave`` bytes."""
    filler = folder / "filler"
    with filler.open("wb") as fp:
        chunk = b"\0" * 4096
        try:
            while shutil.disk_usage(folder).free > leave + len(chunk):
                fp.write(chunk)
                fp.flush()
        except OSError:
            pass
