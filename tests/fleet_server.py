"""Loopback stand-ins for the centre's WebDAV inbox: Python's http.server, and a real nginx.

Both accept what ``deploy/nginx-fleet.conf`` accepts: an HTTP PUT with basic auth against the
htpasswd file (read at every request, so a revocation works at once) to
``/<user>/heartbeat.json`` or ``/<user>/stats/<YYYY-MM-DD>.json`` of the signed-in user only
(403 for another kiosk's folder, 401 without a valid credential); each file is replaced in one
step. Both listen on 127.0.0.1 and are stopped by their fixture.
"""

from __future__ import annotations

import base64
import http.server
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from kiosk import PROJECT_ROOT
from kiosk.fleet.central import check_password

_PATH = re.compile(r"^/([a-z0-9][a-z0-9-]{1,62})/(heartbeat\.json|stats/\d{4}-\d{2}-\d{2}\.json)$")
MAX_BODY = 4 * 2**20


class _Handler(http.server.BaseHTTPRequestHandler):
    server: InboxServer

    def log_message(self, format: str, *args: object) -> None:  # quiet in tests
        self.server.requests.append(f"{self.command} {self.path}")

    def _answer(self, status: int, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _user(self) -> str | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            user, _, secret = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return user if check_password(self.server.htpasswd, user, secret) else None

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(min(length, MAX_BODY + 1))
        user = self._user()
        if user is None:
            self._answer(401, {"WWW-Authenticate": 'Basic realm="Wegweiser fleet"'})
            return
        match = _PATH.match(self.path)
        if match is None or match.group(1) != user:
            self._answer(403)
            return
        if len(body) > MAX_BODY:
            self._answer(413)
            return
        target = self.server.root / match.group(1) / match.group(2)
        existed = target.exists()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".put-", dir=target.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
        os.replace(temp, target)
        self.server.stored.append(f"{match.group(1)}/{match.group(2)}")
        self._answer(204 if existed else 201)

    def do_GET(self) -> None:
        self._answer(405)


class InboxServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, htpasswd: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.htpasswd = htpasswd
        self.requests: list[str] = []
        self.stored: list[str] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> InboxServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Nginx:
    """A real nginx with ``deploy/nginx-fleet.conf``'s location, on a free loopback port."""

    prefix: Path
    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        subprocess.run(
            [
                nginx_binary(),
                "-p",
                str(self.prefix),
                "-c",
                "nginx.conf",
                "-e",
                "error.log",
                "-s",
                "stop",
            ],
            check=False,
            capture_output=True,
            timeout=30,
        )

    def error_log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text("utf-8", "replace") if path.exists() else ""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if os.access(path, os.X_OK)), None
    )


def fleet_location() -> str:
    """The ``location`` blocks of deploy/nginx-fleet.conf (between its two markers)."""
    text = (PROJECT_ROOT / "deploy" / "nginx-fleet.conf").read_text("utf-8")
    start = text.index("# >>> fleet locations")
    end = text.index("# <<< fleet locations")
    return text[start:end]


def start_nginx(base: Path, root: Path, htpasswd: Path) -> Nginx:
    """nginx as a daemon: when the command returns, its socket listens (no waiting)."""
    binary = nginx_binary()
    assert binary, "nginx is not installed"
    prefix = base / "nginx"
    for name in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / name).mkdir(parents=True, exist_ok=True)
    port = free_port()
    location = (
        fleet_location()
        .replace("/srv/wegweiser/fleet-inbox", str(root))
        .replace("/etc/wegweiser/fleet/htpasswd", str(htpasswd))
        .replace("/var/lib/nginx/fleet-body", str(prefix / "tmp/body"))
    )
    user = "user root root;\n" if os.geteuid() == 0 else ""
    config = f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{location}
    }}
}}
"""
    (prefix / "nginx.conf").write_text(config, "utf-8")
    done = subprocess.run(
        [binary, "-p", str(prefix), "-c", "nginx.conf", "-e", "error.log"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if done.returncode != 0:
        raise RuntimeError(f"nginx did not start: {done.stderr}")
    return Nginx(prefix, root, port)
