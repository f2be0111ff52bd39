"""The staff PIN: its format, and salted scrypt hashes compared in constant time.

Only the hash and its parameters are stored (``scrypt$n=…$r=…$p=…$len=…``), so the cost can
be raised later and old hashes still verify. Tests pass cheaper :class:`ScryptParams` to
:func:`hash_pin`; nothing lowers the default globally.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

from kiosk.db.staff_repository import StoredPin

PIN_MIN_DIGITS, PIN_MAX_DIGITS = 6, 12
_SALT_BYTES = 16
_MAX_N = 2**20  # refuse absurd costs from a tampered database


class PinFormatError(ValueError):
    """The PIN is not 6–12 digits; the message is meant for staff."""


def check_pin_format(pin: str) -> None:
    if not (pin.isascii() and pin.isdigit()):
        raise PinFormatError("The PIN must consist of digits only (0–9).")
    if not PIN_MIN_DIGITS <= len(pin) <= PIN_MAX_DIGITS:
        raise PinFormatError(f"The PIN must have {PIN_MIN_DIGITS} to {PIN_MAX_DIGITS} digits.")


@dataclass(frozen=True, slots=True)
class ScryptParams:
    """scrypt cost: n=2**16, r=8 takes 64 MiB and about a quarter second per try."""

    n: int = 2**16
    r: int = 8
    p: int = 1
    length: int = 32

    @property
    def scheme(self) -> str:
        return f"scrypt$n={self.n}$r={self.r}$p={self.p}$len={self.length}"

    @classmethod
    def from_scheme(cls, scheme: str) -> ScryptParams:
        match = re.fullmatch(r"scrypt\$n=(\d+)\$r=(\d+)\$p=(\d+)\$len=(\d+)", scheme)
        if not match:
            raise ValueError("unknown PIN hash scheme")
        n, r, p, length = (int(g) for g in match.groups())
        if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError("PIN hash parameters out of range")
        if not 32 <= length <= 64:
            raise ValueError("PIN hash length out of range")
        return cls(n, r, p, length)

    def digest(self, pin: str, salt: bytes) -> bytes:
        return hashlib.scrypt(
            pin.encode("ascii"),
            salt=salt,
            n=self.n,
            r=self.r,
            p=self.p,
            dklen=self.length,
            maxmem=128 * self.r * (self.n + self.p + 2) + 2**20,
        )


DEFAULT_PARAMS = ScryptParams()


def hash_pin(pin: str, now: dt.datetime, params: ScryptParams = DEFAULT_PARAMS) -> StoredPin:
    """A fresh random salt and the PIN's hash; raises :class:`PinFormatError` first."""
    check_pin_format(pin)
    salt = os.urandom(_SALT_BYTES)
    return StoredPin(params.scheme, salt, params.digest(pin, salt), now)


def pin_matches(pin: str, stored: StoredPin) -> bool:
    """Whether ``pin`` is the stored PIN (constant-time comparison of the hashes)."""
    if not (pin.isascii() and pin.isdigit() and len(pin) <= PIN_MAX_DIGITS):
        return False
    try:
        params = ScryptParams.from_scheme(stored.scheme)
    except ValueError:
        return False
    return hmac.compare_digest(params.digest(pin, stored.salt), stored.digest)
