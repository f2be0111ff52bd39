"""Telling systemd that the kiosk is ready and alive (``sd_notify`` protocol, no library).

systemd passes a datagram socket in ``NOTIFY_SOCKET``; ``READY=1`` after start-up and
``WATCHDOG=1`` at half the ``WatchdogSec`` interval let it restart a hung kiosk. Without systemd
every call is a no-op.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)


def notify(message: str) -> bool:
    """Send one notification; True when systemd is listening and got it."""
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]  # abstract namespace socket
    try:
        import socket  # (not at start-up: the first message goes after the first frame)

        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(message.encode("utf-8"))
    except OSError as error:
        log.warning("sd_notify(%s) failed: %s", message, error)
        return False
    return True


def watchdog_interval_ms() -> int | None:
    """Half the watchdog period systemd asked for, or None when there is no watchdog."""
    usec = os.environ.get("WATCHDOG_USEC")
    pid = os.environ.get("WATCHDOG_PID")
    if not usec or (pid and pid != str(os.getpid())):
        return None
    try:
        return max(500, int(usec) // 2000)
    except ValueError:
        return None
