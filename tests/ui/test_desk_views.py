"""The desk editor's views: provider check-in, completeness, links, open formats, the fleet.

Each view is opened from its menu action on a desk editor over a copy of the shipped data.db
and driven with the mouse; what it shows is compared with the core use cases it calls, and the
database (or the file written) is checked afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from kiosk import SHIPPED_DATABASE
from kiosk.admin import checkin
from kiosk.admin.completeness import completeness_report
from kiosk.admin.offers import local_today
from kiosk.db.connection import open_database
from kiosk.db.offer_repository import OfferRepository
from kiosk.fleet.batches import Batch, UsageRow, build_heartbeat
from kiosk.fleet.central import enrol, fleet_usage_report
from kiosk.stats import UsageEvent
from ui.desk_views import INBOX_KEY
from ui.editor import DeskEditorWindow
from ui.localizer import Localizer
from ui.screens.staff.dashboard import VIEWS

CARITAS = "Caritasverband für Dresden e.V."
OFFER = "jmd-caritas-dresden"
NEW_PHONE = "+49 351 4984700"
_LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def central(tmp_path):
    db_path = tmp_path / "central.db"
    shutil.copyfile(SHIPPED_DATABASE, db_path)
    conn = open_database(db_path)
    yield conn, db_path
    conn.close()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "desk-editor.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_desk(qtbot, kiosk_app, central, settings):
    """Opens the desk editor (after a test has prepared the database)."""
    conn, db_path = central
    _, metrics = kiosk_app
    windows = []

    def make() -> DeskEditorWindow:
        localizer = Localizer("de")
        localizer.set_language("de")
        window = DeskEditorWindow(conn, db_path, localizer, metrics, settings)
        qtbot.addWidget(window)
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        for dialog in window.views.dialogs.values():
            dialog.done(0)
        window.close()


def _trigger(window: DeskEditorWindow, key: str):
    window.views.actions[key].trigger()
    return window.views.dialogs.get(key)


def _check_names(root) -> None:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QTableWidget, QTreeWidget)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, kinds) and widget.isVisible() and widget.window() is root:
            if widget.objectName().startswith("qt_"):
                continue
            assert widget.objectName(), widget
            assert widget.accessibleName(), widget.objectName()


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def _excel_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _fill(rows, what: str, offer_id: str, value: str, key: str = "") -> None:
    prefix = f"wwc1|{what}|{offer_id}" + (f"|{key}|" if key else "")
    (index,) = [
        i for i, r in enumerate(rows) if r[5] == prefix or (key and r[5].startswith(prefix))
    ]
    rows[index][checkin.CORRECTION] = value


# -- 1. provider check-in --------------------------------------------------------------------
def _export(qtbot, window, path: Path) -> Path:
    dialog = _trigger(window, "checkin_export")
    qtbot.waitExposed(dialog)
    index = dialog.provider.findData(CARITAS)
    assert index >= 0
    dialog.provider.setCurrentIndex(index)
    dialog.contact.setText("Integrationsbüro, integration@example.org")
    dialog.file.setText(str(path))
    with qtbot.waitSignal(dialog.written, timeout=20_000):
        qtbot.mouseClick(dialog.write_button, _LEFT)
    assert not dialog.error.isVisible()
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_check_in_sheet_is_written_and_read_back(qtbot, open_desk, tmp_path, suffix):
    window = open_desk()
    path = _export(qtbot, window, tmp_path / f"caritas{suffix}")
    sheet = checkin.read_returned(path.read_bytes())
    assert sheet.problems == []
    assert sheet.provider == CARITAS
    assert sheet.format == suffix[1:]
    assert OFFER in {o.offer_id for o in sheet.offers}
    assert "Geschrieben" in window.views.dialogs["checkin_export"].status.text()


def test_the_check_in_sheet_as_pdf(qtbot, open_desk, tmp_path):
    window = open_desk()
    path = _export(qtbot, window, tmp_path / "caritas.pdf")
    assert path.read_bytes().startswith(b"%PDF")


def test_a_file_name_without_a_known_ending_writes_nothing(qtbot, open_desk, tmp_path):
    window = open_desk()
    dialog = _trigger(window, "checkin_export")
    dialog.file.setText(str(tmp_path / "caritas.txt"))
    qtbot.mouseClick(dialog.write_button, _LEFT)
    assert dialog.error.isVisible() and ".xlsx" in dialog.error.text()
    assert not (tmp_path / "caritas.txt").exists()


def _returned(qtbot, window, tmp_path, *, malformed: bool = False) -> Path:
    path = _export(qtbot, window, tmp_path / "caritas.csv")
    rows = _csv_rows(path.read_bytes())
    _fill(rows, "field", OFFER, NEW_PHONE, "phone")
    _fill(rows, "ok", "mbe-caritas", "x")
    if malformed:
        _fill(rows, "field", "mbe-caritas", "beratung(at)caritas", "email")
    back = tmp_path / "caritas-zurueck.csv"
    back.write_bytes(_excel_csv(rows))
    return back


def test_the_import_shows_the_diff_and_apply_changes_the_database(
    qtbot, open_desk, central, tmp_path
):
    conn, _ = central
    window = open_desk()
    window.area.show_screen("staff_offers")
    old_phone = OfferRepository(conn).get(OFFER).contact.phone
    back = _returned(qtbot, window, tmp_path)
    dialog = window.views.open_checkin_import(back)
    qtbot.waitExposed(dialog)
    _check_names(dialog)
    shown = "\n".join(dialog.shown_lines())
    assert any(
        "phone" in line and old_phone in line and NEW_PHONE in line and "→" in line
        for line in dialog.shown_lines()
    ), shown
    assert "Als heute geprüft markiert" in shown  # verified_on for the ticked and the corrected
    assert OfferRepository(conn).get(OFFER).contact.phone == old_phone, "nothing before Apply"
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(dialog.state_changed, timeout=10_000):
        qtbot.mouseClick(dialog.apply_button, _LEFT)
    assert dialog.state == "applied", dialog.error.text()
    today = local_today(window._clock)
    offer = OfferRepository(conn).get(OFFER)
    assert offer.contact.phone == NEW_PHONE
    assert offer.verified_on == today
    assert OfferRepository(conn).get("mbe-caritas").verified_on == today
    assert not dialog.apply_button.isEnabled(), "applied once"
    # the offer list shows the new state (its entry for the offer was rebuilt)
    entry = window.area.offers.findChild(QAbstractButton, f"staff_offer_{OFFER}")
    assert entry is not None


def test_cancel_changes_nothing(qtbot, open_desk, central, tmp_path):
    conn, _ = central
    window = open_desk()
    before = OfferRepository(conn).get(OFFER)
    dialog = window.views.open_checkin_import(_returned(qtbot, window, tmp_path))
    assert dialog.apply_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, _LEFT)
    assert not dialog.isVisible()
    assert OfferRepository(conn).get(OFFER) == before


def test_a_malformed_row_refuses_the_whole_file(qtbot, open_desk, central, tmp_path):
    conn, _ = central
    window = open_desk()
    before = OfferRepository(conn).all()
    dialog = window.views.open_checkin_import(_returned(qtbot, window, tmp_path, malformed=True))
    assert dialog.state == "refused"
    assert not dialog.apply_button.isEnabled()
    assert "nichts wurde geändert" in dialog.summary.text()
    assert any("mbe-caritas" in line and "email" in line.lower() for line in dialog.shown_lines())
    assert OfferRepository(conn).all() == before


def test_a_foreign_file_is_refused_with_the_reason(qtbot, open_desk, tmp_path):
    window = open_desk()
    foreign = tmp_path / "liste.csv"
    foreign.write_text("Name;Telefon\nA;1\n", "utf-8")
    dialog = window.views.open_checkin_import(foreign)
    assert dialog.state == "refused"
    assert any("wwc1|sheet" in line for line in dialog.shown_lines())


# -- 2. completeness -------------------------------------------------------------------------
def test_completeness_sorted_by_score_shows_the_lowest_first(qtbot, open_desk, central, tmp_path):
    conn, _ = central
    window = open_desk()
    dialog = _trigger(window, "completeness")
    qtbot.waitExposed(dialog)
    _check_names(dialog)
    report = completeness_report(conn, local_today(window._clock))
    # another order first, then the score column's header
    dialog.offer_table.sortItems(1, Qt.SortOrder.AscendingOrder)
    header = dialog.offer_table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), _LEFT, pos=_section_centre(header, 0))
    if dialog.offer_table.horizontalHeader().sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
        qtbot.mouseClick(header.viewport(), _LEFT, pos=_section_centre(header, 0))
    rows = dialog.offer_rows()
    scores = [score for _, score in rows]
    assert scores == sorted(scores)
    assert scores[0] == min(o.score for o in report.offers)
    assert len(rows) == len(report.offers)
    lowest = next(o for o in report.offers if o.offer.id == rows[0][0])
    cat = window._localizer.catalogue
    assert dialog.offer_table.item(0, 5).text() == "\n".join(g.text(cat._) for g in lowest.gaps)
    assert "Telefonnummer" in "\n".join(
        dialog.offer_table.item(r, 5).text() for r in range(dialog.offer_table.rowCount())
    )  # German, not the English source
    assert dialog.provider_table.rowCount() == len(report.providers)

    pdf = dialog.save("pdf", tmp_path / "v.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    csv_file = dialog.save("csv", tmp_path / "v.csv")
    assert len(_csv_rows(csv_file.read_bytes())) == len(report.offers) + 1
    page = dialog.save("html", tmp_path / "v.html").read_text("utf-8")
    assert "Vollständigkeit" in page and report.offers[0].offer.name.split()[0] in page


def _section_centre(header, section: int):
    from PySide6.QtCore import QPoint

    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


# -- 3. links --------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.send_response(200 if self.path.startswith("/da") else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer  # noqa: N815 (the names http.server calls)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def web_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_the_links_check_runs_in_a_worker_and_shows_the_broken_address(
    qtbot, open_desk, central, web_server
):
    conn, _ = central
    repo = OfferRepository(conn)
    active = [o for o in repo.all() if o.active]
    gone_offer = active[0]
    gone, fine = f"{web_server}/weg", f"{web_server}/da"
    for offer in repo.all():  # every address on loopback: no request leaves the machine
        web = gone if offer.id == gone_offer.id else fine
        repo.save(replace(offer, contact=replace(offer.contact, web=web)))
    window = open_desk()
    dialog = _trigger(window, "links")
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(
        dialog.state_changed, timeout=30_000, check_params_cb=lambda s: s != "checking"
    ):
        qtbot.mouseClick(dialog.start_button, _LEFT)
        assert dialog.state == "checking"
        assert dialog.progress.isVisible() and not dialog.start_button.isEnabled()
    assert dialog.state == "done", dialog.error.text()
    assert dialog.group_urls("broken") == [gone]
    assert fine not in dialog.group_urls("moved")
    broken = dialog.tree.topLevelItem(0).child(0)
    assert "404" in broken.text(1)
    assert gone_offer.id in broken.text(2)
    _check_names(dialog)


# -- 4. open formats -------------------------------------------------------------------------
def test_json_ld_and_hsds_exports_parse(open_desk, central, tmp_path):
    conn, _ = central
    window = open_desk()
    path = window.views.export("jsonld", tmp_path / "angebote.jsonld")
    document = json.loads(path.read_text("utf-8"))
    active = [o for o in OfferRepository(conn).all() if o.active]
    assert len(document["@graph"]) == len(active)
    hsds = json.loads(window.views.export("hsds", tmp_path / "hsds.json").read_text("utf-8"))
    assert {s["name"] for s in hsds} >= {o.name for o in active}


def test_an_export_that_cannot_be_written_says_so(open_desk, tmp_path):
    window = open_desk()
    target = tmp_path / "no-such-folder" / "angebote.jsonld"
    assert window.views.export("jsonld", target) is None
    assert not target.exists()
    message = window.views.message
    assert message is not None and message.isVisible()
    assert "Nichts wurde geschrieben" in message.text()
    message.done(0)


# -- 5. fleet statistics and status ----------------------------------------------------------
OFFICES = {"kiosk-altstadt": "Bürgerbüro Altstadt", "kiosk-gorbitz": "Bürgerbüro Gorbitz"}


def _usage_rows(day: dt.date, languages: dict[str, int], offer: str) -> tuple[UsageRow, ...]:
    hour = f"{day.isoformat()}T10"
    rows = [
        UsageRow(hour, UsageEvent.SESSION_STARTED.value, "", "", "", "", sum(languages.values()))
    ]
    rows += [
        UsageRow(hour, UsageEvent.LANGUAGE_CHOSEN.value, lang, "", "", "", n)
        for lang, n in languages.items()
    ]
    rows.append(UsageRow(hour, UsageEvent.OFFER_VIEWED.value, "de", "", "", offer, 2))
    return tuple(rows)


@pytest.fixture
def fleet(central, tmp_path):
    """Two kiosks in two offices, their batches and heartbeats in an inbox."""
    conn, _ = central
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for kiosk_id, office in OFFICES.items():
        enrol(tmp_path / "fleet.htpasswd", kiosk_id, office, central_conn=conn)
    today = dt.date.today()
    batches = {
        "kiosk-altstadt": _usage_rows(today, {"ar": 3, "uk": 1}, OFFER),
        "kiosk-gorbitz": _usage_rows(today, {"ar": 1, "ru": 4, "fa": 2}, "mbe-caritas"),
    }
    now = dt.datetime.now(dt.UTC)
    for kiosk_id, rows in batches.items():
        folder = inbox / kiosk_id / "stats"
        folder.mkdir(parents=True)
        (folder / f"{today.isoformat()}.json").write_bytes(Batch(kiosk_id, today, rows).to_json())
    heartbeat = build_heartbeat(
        "kiosk-altstadt",
        app_version="1.4.0",
        content_version="7",
        last_content_check=now.isoformat(timespec="seconds"),
        printer_state="paper-out",
        now=now,
    )
    (inbox / "kiosk-altstadt" / "heartbeat.json").write_bytes(heartbeat.to_json())
    return inbox


def _settled(state: str) -> bool:
    return state != "reading"


def _import(qtbot, window, inbox: Path):
    dialog = _trigger(window, "fleet_status")
    qtbot.waitExposed(dialog)
    dialog.inbox.setText(str(inbox))
    with qtbot.waitSignal(
        dialog.state_changed, timeout=20_000, check_params_cb=lambda s: s != "reading"
    ):
        qtbot.mouseClick(dialog.import_button, _LEFT)
    assert dialog.state == "done", dialog.error.text()
    return dialog


def test_the_kiosk_status_lists_every_kiosk_and_remembers_the_inbox(
    qtbot, open_desk, fleet, settings
):
    window = open_desk()
    dialog = _import(qtbot, window, fleet)
    _check_names(dialog)
    table = dialog.table
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert set(rows) == set(OFFICES)
    altstadt, gorbitz = rows["kiosk-altstadt"], rows["kiosk-gorbitz"]
    assert table.item(altstadt, 1).text() == "Bürgerbüro Altstadt"
    assert table.item(altstadt, 5).text() == "7"
    assert table.item(altstadt, 7).text() == "1.4.0"
    assert table.item(altstadt, 3).text() == "Papier leer"  # the printer state, in German
    assert table.item(altstadt, 2).text() == "OK"  # a fresh heartbeat, a fresh content check
    gorbitz_state = table.item(gorbitz, 2).text()
    assert gorbitz_state.startswith("Braucht Aufmerksamkeit")
    assert "no heartbeat received yet" in gorbitz_state
    with qtbot.waitSignal(dialog.state_changed, timeout=20_000, check_params_cb=_settled):
        qtbot.mouseClick(dialog.read_button, _LEFT)
    assert dialog.status.text() == "Kioske: 2; brauchen Aufmerksamkeit: 1."
    assert settings.value(INBOX_KEY) == str(fleet)
    # the next time the folder is already there
    dialog.done(0)
    again = window.views.open_fleet_status()
    assert again.inbox.text() == str(fleet)


def test_the_statistics_for_one_office_equal_the_fleet_report(qtbot, open_desk, central, fleet):
    conn, _ = central
    window = open_desk()
    _import(qtbot, window, fleet).done(0)
    dialog = _trigger(window, "fleet_stats")
    qtbot.waitExposed(dialog)
    _check_names(dialog)
    board = dialog.dashboard
    start, end = board.period()

    def shown(view: str) -> list[int]:
        return sorted(value for _, value in board.charts[view].rows())

    def expected(view: str, **scope) -> list[int]:
        by, event = VIEWS[view]
        report = fleet_usage_report(conn, by, start, end, **scope)
        return sorted(n for _, counts in report.rows() if (n := counts.get(event.value, 0)))

    assert shown("language") == expected("language") == [1, 2, 4, 4]  # ar 3+1, ru 4, fa 2, uk 1
    dialog.set_scope("office", "Bürgerbüro Altstadt")
    for view in VIEWS:
        assert shown(view) == expected(view, office="Bürgerbüro Altstadt"), view
    assert shown("language") == [1, 3]
    assert "Besuche: 4" in board.totals.text()
    dialog.set_scope("kiosk", "kiosk-gorbitz")
    assert shown("language") == expected("language", kiosk="kiosk-gorbitz") == [1, 2, 4]
    # the period buttons of the dashboard
    qtbot.mouseClick(board.period_buttons["7"], _LEFT)
    assert board.period()[0] == end - dt.timedelta(days=6)
    assert shown("language") == [1, 2, 4]
