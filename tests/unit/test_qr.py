"""QR payloads: vCard 3.0 escaping, folding and E.164, map links, and the module matrix.

The matrix is checked by drawing it into a plain byte buffer and decoding that with zxing-cpp,
without Qt and without an image library.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
import vobject
import zxingcpp

from kiosk.domain.models import Address, Contact, Offer, OfferKind
from kiosk.handout import qr_caption
from kiosk.i18n import load_catalogue
from kiosk.qr import (
    QUIET_ZONE,
    CodeKind,
    ErrorCorrection,
    QrMatrix,
    e164,
    escape_text,
    fold_line,
    map_link,
    offer_codes,
    qr_matrix,
    vcard,
)


def _offer(**changes) -> Offer:
    base = Offer(
        id="test",
        kind=OfferKind.ASSOCIATION,
        provider="Verein A, B; C\\D e.V.",
        name="Beratung für Migranten; Büro 2, Haus\nB",
        texts={},
        address=Address(street="Theaterstraße 11–15", postcode="01067", city="Dresden"),
        contact=Contact(phone="0351 4886009", email="info@example.org", web="https://x.de/a,b"),
    )
    return dataclasses.replace(base, **changes)


def decode_matrix(matrix: QrMatrix, module: int = 3) -> list[str]:
    """Draw the matrix with its quiet zone into grayscale bytes and decode it."""
    side = matrix.size_with_quiet_zone * module
    pixels = bytearray(b"\xff" * side * side)
    for r, row in enumerate(matrix.rows):
        for c, dark in enumerate(row):
            if dark:
                for dy in range(module):
                    start = ((r + QUIET_ZONE) * module + dy) * side + (c + QUIET_ZONE) * module
                    pixels[start : start + module] = b"\x00" * module
    image = memoryview(bytes(pixels)).cast("B", (side, side))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_escaping_follows_rfc_2426():
    assert escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_vcard_escapes_text_but_not_the_url_and_ends_lines_with_crlf():
    card = vcard(_offer())
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert card.endswith("END:VCARD\r\n")
    assert "\n" not in card.replace("\r\n", "")
    assert "FN:Beratung für Migranten\\; Büro 2\\, Haus\\nB\r\n" in card
    assert "ORG:Verein A\\, B\\; C\\\\D e.V.\r\n" in card
    assert "ADR;TYPE=WORK:;;Theaterstraße 11–15;Dresden;;01067;\r\n" in card
    assert "URL:https://x.de/a%2Cb\r\n" in card, "a URI is not text-escaped; , is encoded"


def test_vcard_round_trips_through_a_vcard_parser():
    offer = _offer()
    card = vobject.readOne(vcard(offer))
    assert card.version.value == "3.0"
    assert card.fn.value == offer.name
    assert card.org.value == [offer.provider]
    assert card.adr.value.street == "Theaterstraße 11–15"
    assert card.adr.value.code == "01067"
    assert card.adr.value.city == "Dresden"
    assert card.tel.value == "+493514886009"
    assert card.email.value == "info@example.org"
    assert card.url.value == "https://x.de/a%2Cb"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    line = "FN:" + "ä" * 100
    folded = fold_line(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    assert "".join(p.removeprefix(" ") if i else p for i, p in enumerate(physical)) == line
    long_url = "https://www.example.org/" + "a" * 120
    card = vobject.readOne(vcard(_offer(contact=Contact(phone="0351 4886009", web=long_url))))
    assert card.url.value == long_url


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("+49 351 4886009", "+493514886009"),
        ("0351 4886009", "+493514886009"),
        ("(0351) 488-6009", "+493514886009"),
        ("+49 176 39255033", "+4917639255033"),
        ("0049 351 4886009", "+493514886009"),
    ],
)
def test_phone_numbers_become_e164(written, expected):
    assert e164(written) == expected


def test_an_unreadable_phone_number_is_kept_as_written_never_invented():
    assert e164("hotline") == "hotline"
    assert e164("") == ""


def test_no_contact_card_without_a_phone_or_an_email():
    assert vcard(_offer(contact=Contact())) is None
    # A name, an address and a link are no one to contact: no card "to save".
    assert vcard(_offer(contact=Contact(web="https://x.de"))) is None
    assert "TEL;" in vcard(_offer(contact=Contact(phone="0351 4886009")))
    assert "EMAIL;" in vcard(_offer(contact=Contact(email="a@b.de")))


@pytest.mark.parametrize(
    ("contact", "address", "kinds"),
    [
        (Contact(phone="0351 4886009", web="https://x.de"), Address(), [CodeKind.CONTACT]),
        (
            Contact(email="a@b.de"),
            Address(street="Weg 1", lat=51.05, lon=13.74),
            ["contact", "map"],
        ),
        (
            Contact(web="https://x.de"),
            Address(street="Weg 1", city="Dresden"),
            ["web", "map_search"],
        ),
        (Contact(), Address(street="Weg 1", city="Dresden"), [CodeKind.MAP_SEARCH]),
        (Contact(), Address(), []),
    ],
    ids=["card", "card-and-pin", "web-and-search", "search-only", "nothing"],
)
def test_which_codes_an_offer_gets(contact, address, kinds):
    codes = offer_codes(_offer(contact=contact, address=address))
    assert [code.kind for code in codes.shown] == kinds
    if codes.reach is not None and codes.reach.kind is CodeKind.WEB:
        assert codes.reach.payload == "https://x.de" and codes.vcard is None
    if codes.map is not None:
        assert ("mlat=" in codes.map.payload) == (codes.map.kind is CodeKind.MAP_PIN)


def test_a_website_without_scheme_opens_over_https():
    codes = offer_codes(_offer(contact=Contact(web="www.x.de/a b")))
    assert codes.web == "https://www.x.de/ab"


@pytest.mark.parametrize("lang", ["de", "ar", "ti"])
def test_each_kind_of_code_has_its_own_honest_caption(lang):
    cat = load_catalogue(lang)
    captions = {kind: qr_caption(cat, kind) for kind in CodeKind}
    assert len(set(captions.values())) == len(CodeKind), captions
    assert captions[CodeKind.CONTACT] == cat._("Scan to save the contact")
    assert captions[CodeKind.WEB] == cat._("Scan to open the website")
    assert captions[CodeKind.MAP_SEARCH] == cat._("Scan to search for the address on a map")


def test_map_link_with_coordinates_opens_a_marker():
    link = map_link(Address(street="Gamigstraße 22", city="Dresden", lat=51.0, lon=13.79))
    assert link == (
        "https://www.openstreetmap.org/?mlat=51.000000&mlon=13.790000#map=18/51.000000/13.790000"
    )


def test_map_link_without_coordinates_searches_the_address_url_encoded():
    link = map_link(
        Address(street="Theaterstraße 11–15 (4./5. Etage)", postcode="01067", city="Dresden")
    )
    assert link == (
        "https://www.openstreetmap.org/search?query=Theaterstra%C3%9Fe%2011-15%2C%2001067%20Dresden"
    )
    assert link.isascii() and " " not in link


def test_no_map_link_without_an_address():
    assert map_link(Address(city="Dresden")) is None
    assert offer_codes(_offer(address=Address())).map_link is None


@pytest.mark.parametrize("level", list(ErrorCorrection))
def test_matrix_decodes_to_the_payload_with_umlauts(level):
    payload = vcard(_offer())
    matrix = qr_matrix(payload, level)
    assert matrix.size == len(matrix.rows[0])
    assert (matrix.size - 17) % 4 == 0, "a QR version's side is 17 + 4·version"
    assert decode_matrix(matrix) == [payload]


def test_paper_codes_carry_more_error_correction():
    payload = vcard(_offer())
    assert qr_matrix(payload, ErrorCorrection.PAPER).size >= qr_matrix(payload).size


def test_ascii_payloads_need_no_eci_header():
    link = "https://www.openstreetmap.org/search?query=Gamigstra%C3%9Fe%2022"
    assert decode_matrix(qr_matrix(link)) == [link]


def test_every_active_offer_of_the_seed_has_decodable_codes(catalogue):
    for match in catalogue.results("de", None, None):
        offer = match.offer
        codes = offer_codes(offer)
        assert codes.shown, offer.id
        for code in codes.shown:
            assert decode_matrix(qr_matrix(code.payload, ErrorCorrection.PAPER)) == [code.payload]
        assert bool(codes.vcard) == bool(offer.contact.phone or offer.contact.email), offer.id
        if codes.map_pin:
            lat, lon = f"{offer.address.lat:.6f}", f"{offer.address.lon:.6f}"
            assert f"mlat={lat}&mlon={lon}" in codes.map_link, offer.id
        if codes.vcard:
            card = vobject.readOne(codes.vcard)
            if offer.contact.phone:
                digits = re.sub(r"\D", "", offer.contact.phone)
                assert card.tel.value == "+" + digits
            if offer.contact.email:
                assert card.email.value == offer.contact.email
            if offer.address.is_known:
                assert card.adr.value.street == offer.address.street


def test_codes_encoded_ahead_are_served_from_the_cache_in_a_worker_thread():
    import threading

    from kiosk.qr import ENCODE_AHEAD_LIMIT, encode_screen_codes

    offers = [_offer(id=f"o{n}", contact=Contact(phone=f"0351 48860{n:02}")) for n in range(3)]
    qr_matrix.cache_clear()
    counted: list[int] = []
    worker = threading.Thread(target=lambda: counted.append(encode_screen_codes(offers)))
    worker.start()
    worker.join(timeout=60)
    assert counted == [6]  # a contact card and a map link each
    before = qr_matrix.cache_info()
    for offer in offers:
        codes = offer_codes(offer)
        assert decode_matrix(qr_matrix(codes.vcard, ErrorCorrection.SCREEN)) == [codes.vcard]
        qr_matrix(codes.map_link, ErrorCorrection.SCREEN)
    after = qr_matrix.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (6, 0)
    # Never more than half the cache: the codes a visitor looks at are not pushed out.
    many = [_offer(id=f"m{n}", name=f"Beratung {n}") for n in range(ENCODE_AHEAD_LIMIT)]
    assert encode_screen_codes(many) == ENCODE_AHEAD_LIMIT
    qr_matrix.cache_clear()
