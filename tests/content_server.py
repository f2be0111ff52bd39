"""Loopback web servers for the content repository tests (and the poll bench).

:class:`StaticServer` is Python's http.server in a thread on 127.0.0.1, port 0, serving one
folder (which can be swapped, to replay an older copy) with faults on request: a file cut off
half-way. :class:`NginxServer` is a real nginx started with the site of
``deploy/nginx-content.conf`` (TLS and the system's log paths taken out) on a free loopback
port. :func:`refused_url` is an address where nothing listens.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
NGINX_SITE = REPO_ROOT / "deploy" / "nginx-content.conf"


class _Handler(http.server.SimpleHTTPRequestHandler):
    server: _Server

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=str(server.root))

    def log_message(self, format, *args):  # quiet
        pass

    def do_GET(self):
        self.server.count_request(self.path)
        path = self.path.split("?", 1)[0]
        if path in self.server.truncate:
            file = Path(self.translate_path(path))
            if file.is_file():
                data = file.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
        super().do_GET()

    def copyfile(self, source, outputfile):
        data = source.read()
        self.server.count_bytes(len(data))
        outputfile.write(data)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = Path(root)
        self.truncate: set[str] = set()
        self.requests: list[str] = []
        self.body_bytes = 0
        self._lock = threading.Lock()

    def count_request(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def count_bytes(self, n: int) -> None:
        with self._lock:
            self.body_bytes += n


class StaticServer:
    """``with StaticServer(folder) as server: server.url`` — stopped on leaving."""

    def __init__(self, root: Path):
        self._server = _Server(root)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def root(self) -> Path:
        return self._server.root

    @root.setter
    def root(self, value: Path) -> None:
        self._server.root = Path(value)

    @property
    def truncate(self) -> set[str]:
        return self._server.truncate

    @property
    def requests(self) -> list[str]:
        return self._server.requests

    def start(self) -> StaticServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> StaticServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


@contextlib.contextmanager
def refused_url():
    """A loopback URL whose port is held (bound, never listening): connections are refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def site_for_test(site: str, *, root: Path, port: int, logs: Path) -> str:
    """The deployed site's first server block, on loopback without TLS, logging into ``logs``."""
    block = site[site.index("server {") :]
    depth, end = 0, 0
    for i, ch in enumerate(block):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                end = i + 1
                break
    block = block[:end]
    lines = []
    listened = False
    for line in block.splitlines():
        stripped = line.strip()
        if stripped.startswith("listen "):
            if not listened:
                lines.append(f"    listen 127.0.0.1:{port};")
                listened = True
            continue
        if stripped.startswith(("ssl_", "http2 ")):
            continue
        line = re.sub(r"^(\s*)root\s+[^;]+;", rf"\1root {root};", line)
        line = re.sub(r"^(\s*)access_log\s+[^;]+;", r"\1access_log off;", line)
        line = re.sub(r"^(\s*)error_log\s+[^;]+;", rf"\1error_log {logs}/site-error.log;", line)
        lines.append(line)
    return "\n".join(lines)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NginxServer:
    """A real nginx serving ``root`` with the deployed site config. nginx's start command
    returns only once it listens (it binds before it daemonises), so no waiting is needed."""

    def __init__(self, root: Path, workdir: Path):
        self.root = Path(root)
        self.workdir = Path(workdir)
        self.port = _free_port()
        self.pid: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> NginxServer:
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is not installed")
        work = self.workdir
        for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (work / sub).mkdir(parents=True, exist_ok=True)
        site = site_for_test(
            NGINX_SITE.read_text(encoding="utf-8"), root=self.root, port=self.port, logs=work
        )
        user = "user root root;" if os.geteuid() == 0 else ""
        conf = work / "nginx.conf"
        conf.write_text(
            f"""{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ application/json json; }}
    default_type application/octet-stream;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
{site}
}}
""",
            encoding="utf-8",
        )
        result = subprocess.run(
            [binary, "-p", str(work), "-e", str(work / "error.log"), "-c", str(conf)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode != 0:
            raise RuntimeError(f"nginx did not start: {result.stderr.strip()}")
        self.pid = int((work / "nginx.pid").read_text().strip())
        return self

    def stop(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            self.pid = None

    def __enter__(self) -> NginxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
