"""What the QR codes of an offer say, and their module matrix — no Qt, no image library.

Up to two codes per offer, each with a :class:`CodeKind` that says what a phone does with it
(and so which caption it gets, :func:`kiosk.handout.qr_caption`):

* a way to reach the office — a **contact card** (vCard 3.0, RFC 2426) with the German official
  name, the address, the phone number in E.164, the e-mail address and the website, but only
  when there is a phone number or an e-mail address to save (a card with just a name, an
  address and a link would be labelled "save the contact" and hold nobody to contact); else
  the **website** alone when one is known; else nothing;
* the **map** — an https OpenStreetMap link with a marker at the coordinates when they are
  known (:attr:`CodeKind.MAP_PIN`), else a search for the address (:attr:`CodeKind.MAP_SEARCH`,
  captioned as a search: the map may find the wrong door) — only when the street is known.
  Coordinates are never guessed.

Why an https link and not ``geo:``: a phone's camera opens an https address on every phone (the
browser, or a map app that claims openstreetmap.org links); ``geo:`` needs a map app that
registered the scheme — common on Android, missing on iPhones, where the scan then does nothing.

:func:`qr_matrix` turns a payload into the QR symbol's modules with ``qrcode``: error correction M
for the screen, Q for paper, UTF-8 announced by an ECI header when the text is not plain ASCII.
The matrix does **not** include the quiet zone; whoever draws it adds :data:`QUIET_ZONE` light
modules on every side.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from urllib.parse import quote, urlencode

import qrcode
from qrcode import base as qrcode_base
from qrcode import util as qrcode_util
from qrcode.constants import ERROR_CORRECT_M, ERROR_CORRECT_Q

from kiosk.domain.models import Address, Contact, Offer

log = logging.getLogger(__name__)

#: Light modules around the symbol that every renderer must add (ISO/IEC 18004).
QUIET_ZONE = 4
#: Region used to read phone numbers written without a country code.
PHONE_REGION = "DE"
#: RFC 2425 folds content lines longer than this many octets (not counting the CRLF).
FOLD_OCTETS = 75
CRLF = "\r\n"

OSM_BASE = "https://www.openstreetmap.org/"
OSM_MARKER_ZOOM = 18


class ErrorCorrection(StrEnum):
    """QR error-correction level: M on the screen (smaller code), Q on paper (survives folds)."""

    SCREEN = "M"
    PAPER = "Q"


_QRCODE_LEVELS = {ErrorCorrection.SCREEN: ERROR_CORRECT_M, ErrorCorrection.PAPER: ERROR_CORRECT_Q}


@dataclass(frozen=True, slots=True)
class QrMatrix:
    """The dark (True) and light (False) modules of a QR symbol, row by row, top row first.

    The quiet zone is not included: draw :data:`QUIET_ZONE` light modules around it.
    """

    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side without the quiet zone."""
        return len(self.rows)

    @property
    def size_with_quiet_zone(self) -> int:
        return self.size + 2 * QUIET_ZONE

    def is_dark(self, row: int, column: int) -> bool:
        return self.rows[row][column]


class CodeKind(StrEnum):
    """What a QR code of an offer holds, i.e. what a phone does when it is scanned."""

    CONTACT = "contact"  # a contact card with a phone number or an e-mail address
    WEB = "web"  # the offer's website (no phone or e-mail known)
    MAP_PIN = "map"  # a map with a marker at the offer's coordinates
    MAP_SEARCH = "map_search"  # a map search for the offer's address (no coordinates known)


@dataclass(frozen=True, slots=True)
class OfferCode:
    """One code: what it is and the text it encodes."""

    kind: CodeKind
    payload: str


@dataclass(frozen=True, slots=True)
class OfferCodes:
    """The payloads of an offer; None where the offer has nothing to put in one.

    ``vcard`` only exists with a phone or an e-mail address; ``web`` is the website, used as
    the code to reach the office when there is no card; ``map_pin`` says whether
    ``map_link`` marks the coordinates (True) or searches the address (False).
    """

    vcard: str | None
    map_link: str | None
    web: str | None = None
    map_pin: bool = False

    @property
    def reach(self) -> OfferCode | None:
        """The code that reaches the office: the contact card, else the website."""
        if self.vcard:
            return OfferCode(CodeKind.CONTACT, self.vcard)
        if self.web:
            return OfferCode(CodeKind.WEB, self.web)
        return None

    @property
    def map(self) -> OfferCode | None:
        if not self.map_link:
            return None
        return OfferCode(CodeKind.MAP_PIN if self.map_pin else CodeKind.MAP_SEARCH, self.map_link)

    @property
    def shown(self) -> tuple[OfferCode, ...]:
        """The codes to show or print, in order: reach first, then the map."""
        return tuple(code for code in (self.reach, self.map) if code is not None)


# -- phone numbers ---------------------------------------------------------------------------
def e164(phone: str, region: str = PHONE_REGION) -> str:
    """The phone number in E.164 (``+493514886009``); the number as written if it cannot be
    read as a valid number (never a made-up one), empty for an empty input."""
    phone = phone.strip()
    if not phone:
        return ""
    import phonenumbers  # ~45 ms to import: only when a contact card is built

    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        log.warning("phone number %r cannot be parsed; kept as written", phone)
        return phone
    if not phonenumbers.is_valid_number(number):
        log.warning("phone number %r is not valid; kept as written", phone)
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# -- vCard 3.0 -------------------------------------------------------------------------------
#: Every line break a reader might honour: CRLF, CR, LF, VT, FF, NEL, U+2028, U+2029.
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
#: Kept although invisible: ZWNJ and ZWJ are part of Persian, Pashto and emoji spelling.
_JOINERS = frozenset("\u200c\u200d")


def _printable(char: str) -> bool:
    """False for what must never reach a contact card raw: controls, format characters (bidi
    overrides and isolates …), lone surrogates (not even encodable as UTF-8), non-characters."""
    category = unicodedata.category(char)
    return char in _JOINERS or category not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def escape_text(value: str) -> str:
    """Escape a vCard TEXT value (RFC 2426 §4): backslash, comma, semicolon and line breaks.

    Validation keeps control and format characters out of the database; should one be there
    anyway (older data), every line break becomes ``\\n`` and the rest is dropped, so a card
    can neither gain a content line nor show its text reversed."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    lines = _LINE_BREAKS.split(value)
    return "\\n".join("".join(ch for ch in line if _printable(ch)) for line in lines)


def uri_value(uri: str) -> str:
    """A URI for a vCard: RFC 2426 does not escape URI values, but many readers split text on
    "," and ";" anyway, so those two are percent-encoded (same address for a browser).
    White space is removed and any other control or format character is percent-encoded."""
    uri = "".join(uri.split()).replace(",", "%2C").replace(";", "%3B")
    return "".join(
        ch if _printable(ch) else quote(_encodable(ch).encode("utf-8"), safe="") for ch in uri
    )


def _encodable(char: str) -> str:
    return "\ufffd" if unicodedata.category(char) == "Cs" else char


def fold_line(line: str, limit: int = FOLD_OCTETS) -> str:
    """Fold one content line into CRLF + space continuations of at most ``limit`` octets,
    never inside a UTF-8 sequence (RFC 2425 §5.8.1)."""
    if len(line.encode("utf-8")) <= limit:
        return line
    pieces: list[str] = []
    current, size = "", 0
    budget = limit
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > budget:
            pieces.append(current)
            current, size = "", 0
            budget = limit - 1  # continuation lines start with one space
        current += char
        size += octets
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def can_be_contacted(contact: Contact) -> bool:
    """Whether a contact card would hold a way to reach someone: a phone number or an
    e-mail address (a website alone is shown as a web code, an address as the map)."""
    return bool(contact.phone.strip() or contact.email.strip())


def vcard(offer: Offer) -> str | None:
    """A vCard 3.0 for the offer, or None when it has neither a phone number nor an e-mail
    address (see :func:`can_be_contacted`); the website and address go in as well.

    Names stay in their German official form (what the office is called on its door). Lines end
    in CRLF and are folded at 75 octets; the text is meant to be encoded as UTF-8.
    """
    contact = offer.contact
    if not can_be_contacted(contact):
        return None
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        # N is required in vCard 3.0; an organisation has no personal name parts.
        "N:;;;;",
        f"FN:{escape_text(offer.name)}",
        f"ORG:{escape_text(offer.provider or offer.name)}",
    ]
    address = offer.address
    if address.is_known:
        parts = ("", "", address.street, address.city, "", address.postcode, "")
        lines.append("ADR;TYPE=WORK:" + ";".join(escape_text(p) for p in parts))
    if contact.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{e164(contact.phone)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{escape_text(contact.email)}")
    if contact.web:
        lines.append(f"URL:{uri_value(contact.web)}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + CRLF for line in lines)


# -- map link --------------------------------------------------------------------------------
_NOTE_IN_BRACKETS = re.compile(r"\s*\([^)]*\)")


def address_query(address: Address) -> str:
    """The address as one search phrase: street, postcode and city; notes in brackets
    ("(4./5. Etage)") and dashes in house-number ranges do not help a geocoder."""
    street = _NOTE_IN_BRACKETS.sub("", address.street).replace("–", "-").strip()
    place = " ".join(p for p in (address.postcode, address.city) if p)
    return ", ".join(p for p in (street, place) if p)


def map_link(address: Address) -> str | None:
    """An https OpenStreetMap link: a marker at the coordinates when known, else an address
    search; None when the street is not known."""
    if has_coordinates(address):
        lat, lon = f"{address.lat:.6f}", f"{address.lon:.6f}"
        query = urlencode({"mlat": lat, "mlon": lon})
        return f"{OSM_BASE}?{query}#map={OSM_MARKER_ZOOM}/{lat}/{lon}"
    if not address.is_known:
        return None
    return f"{OSM_BASE}search?query={quote(address_query(address), safe='')}"


def has_coordinates(address: Address) -> bool:
    return address.lat is not None and address.lon is not None


def web_link(contact: Contact) -> str | None:
    """The website as a phone opens it: an address without a scheme gets https://."""
    web = "".join(contact.web.split())
    if not web:
        return None
    if "://" not in web:
        web = "https://" + web
    return uri_value(web)


def offer_codes(offer: Offer) -> OfferCodes:
    """Every payload of an offer (see the module for which code is shown when)."""
    return OfferCodes(
        vcard=vcard(offer),
        map_link=map_link(offer.address),
        web=web_link(offer.contact),
        map_pin=has_coordinates(offer.address),
    )


# -- the symbol ------------------------------------------------------------------------------
#: ECI designator of UTF-8 (ISO/IEC 18004 §6.4.2, AIM ECI 26).
ECI_UTF8 = 26
_ECI_MODE = 0b0111


def _data_bits(code: qrcode.QRCode, version: int, eci: bool) -> qrcode_util.BitBuffer:
    """The data bit stream of ``code`` for a version: an optional ECI header, then the
    segments as qrcode builds them (``qrcode.util.create_data`` does the same without ECI)."""
    buffer = qrcode_util.BitBuffer()
    if eci:
        buffer.put(_ECI_MODE, 4)
        buffer.put(ECI_UTF8, 8)
    for data in code.data_list:
        buffer.put(data.mode, 4)
        buffer.put(len(data), qrcode_util.length_in_bits(data.mode, version))
        data.write(buffer)
    return buffer


def _codewords(code: qrcode.QRCode, version: int, eci: bool) -> list[int]:
    """Data and error-correction codewords: terminator, byte alignment, pad bytes, RS blocks."""
    buffer = _data_bits(code, version, eci)
    blocks = qrcode_base.rs_blocks(version, code.error_correction)
    limit = sum(block.data_count * 8 for block in blocks)
    if len(buffer) > limit:
        raise ValueError(f"payload too long for a version {version} QR code")
    for _ in range(min(limit - len(buffer), 4)):
        buffer.put_bit(False)
    while len(buffer) % 8:
        buffer.put_bit(False)
    for index in range((limit - len(buffer)) // 8):
        buffer.put(qrcode_util.PAD0 if index % 2 == 0 else qrcode_util.PAD1, 8)
    return qrcode_util.create_bytes(buffer, blocks)


class _EciQRCode(qrcode.QRCode):
    """qrcode's symbol builder with a UTF-8 ECI header in front of the data.

    Without it a decoder must guess the character set of byte-mode data, and some guess wrong
    (zbar reads "für" in UTF-8 as Shift-JIS); with it every reader knows the text is UTF-8.
    """

    def makeImpl(self, test: bool, mask_pattern: int) -> None:
        if self.data_cache is None:
            self.data_cache = _codewords(self, self.version, eci=True)
        super().makeImpl(test, mask_pattern)


#: Symbols kept (each is a few kilobytes); :func:`encode_screen_codes` fills at most half of them.
QR_CACHE_SIZE = 128
ENCODE_AHEAD_LIMIT = QR_CACHE_SIZE // 2


@lru_cache(maxsize=QR_CACHE_SIZE)
def qr_matrix(payload: str, level: ErrorCorrection = ErrorCorrection.SCREEN) -> QrMatrix:
    """The modules of the smallest QR symbol holding ``payload`` at the given error-correction
    level, without the quiet zone. The text is encoded as UTF-8; when it is not plain ASCII an
    ECI header says so."""
    eci = not payload.isascii()
    code = (_EciQRCode if eci else qrcode.QRCode)(
        error_correction=_QRCODE_LEVELS[ErrorCorrection(level)], border=0
    )
    code.add_data(payload.encode("utf-8"))
    if eci:
        limits = qrcode_util.BIT_LIMIT_TABLE[code.error_correction]
        code.version = next(
            (v for v in range(1, 41) if len(_data_bits(code, v, eci=True)) <= limits[v]), None
        )
        if code.version is None:
            raise ValueError("payload too long for a QR code")
        code.make(fit=False)
    else:
        code.make(fit=True)
    return QrMatrix(tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix()))


def encode_screen_codes(offers: Iterable[Offer]) -> int:
    """Encode the on-screen codes of ``offers`` ahead of time, so the offer screen only has
    to paint them (pure-Python encoding takes ~20-30 ms per code on a small PC). Returns how
    many symbols were encoded. Safe in a worker thread: offers are immutable and the cache of
    :func:`qr_matrix` is thread-safe. Stops early rather than push codes out of the cache."""
    encoded = 0
    for offer in offers:
        for code in offer_codes(offer).shown:
            payload = code.payload
            if encoded >= ENCODE_AHEAD_LIMIT:
                return encoded
            qr_matrix(payload, ErrorCorrection.SCREEN)
            encoded += 1
    return encoded
