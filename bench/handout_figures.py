"""QR and handout figures for bench/run.py: QR payload + matrix + paint, A4 and 80 mm handouts.

QR, as a visitor gets it (``qr_ms``): building the payload, taking the matrix the kiosk encoded
ahead in a worker thread after start-up (ui.widgets.qr_view.encode_in_background) and painting the
widget at kiosk size. QR cold (``qr_cold_ms``, for information): the matrix cache is cleared
first, so the sample also pays for encoding, as the first view of an offer edited a moment
ago might.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from bench.figures import summary
from kiosk.handout import build_handout
from kiosk.qr import ErrorCorrection, encode_screen_codes, offer_codes, qr_matrix
from kiosk.visitor import VisitorCatalogue
from ui.printing import PaperFormat, write_pdf
from ui.theme import Metrics
from ui.widgets.qr_view import MIN_MODULE_PX, QrWidget

ROUNDS = 5
LANGUAGES = ("de", "ar", "ti", "uk", "zh-Hans")


def measure(data: VisitorCatalogue, metrics: Metrics) -> dict[str, dict[str, float]]:
    offers = [m.offer for m in data.results("de", None, None)]
    widget = QrWidget("bench_qr")
    widget.show()

    def one_code(offer) -> float | None:
        started = time.perf_counter()
        shown = offer_codes(offer).shown
        if not shown:
            return None
        payload = shown[0].payload
        matrix = qr_matrix(payload, ErrorCorrection.SCREEN)
        target = max(metrics.mm(40), MIN_MODULE_PX * matrix.size_with_quiet_zone)
        widget.set_code(payload, matrix, "Scan", target)
        widget.grab()  # paints the widget now
        return time.perf_counter() - started

    cold, served = [], []
    for _ in range(ROUNDS):
        for offer in offers:
            qr_matrix.cache_clear()
            took = one_code(offer)
            if took is not None:
                cold.append(took)
    qr_matrix.cache_clear()
    encode_screen_codes(offers)  # what the kiosk does in a worker thread after its first frame
    for _ in range(ROUNDS):
        for offer in offers:
            took = one_code(offer)
            if took is not None:
                served.append(took)
    widget.close()

    folder = Path(tempfile.mkdtemp(prefix="kiosk-bench-handouts-"))
    today = dt.date.today()
    settings = data.settings()
    names = {lang.code: lang.endonym for lang in data.languages()}
    results: dict[str, list[float]] = {"handout_a4_ms": [], "handout_receipt_ms": []}
    for key, paper in (
        ("handout_a4_ms", PaperFormat.A4),
        ("handout_receipt_ms", PaperFormat.RECEIPT),
    ):
        for index, offer in enumerate(offers):
            lang = LANGUAGES[index % len(LANGUAGES)]
            started = time.perf_counter()
            handout = build_handout(
                offer,
                lang,
                today,
                "Bürgerbüro Altstadt",
                verify_after_months=settings.verify_after_months,
                language_names=names,
            )
            write_pdf(handout, paper, folder / f"{key}-{offer.id}.pdf")
            results[key].append(time.perf_counter() - started)
    return {
        "qr_ms": summary(served),
        "qr_cold_ms": summary(cold),
        **{k: summary(v) for k, v in results.items()},
    }
