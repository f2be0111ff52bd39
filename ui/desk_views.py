"""The desk editor's views for keeping the offers true and for the fleet (issues 18 and 19).

:class:`DeskViews` adds two menus to :class:`~ui.editor.DeskEditorWindow`:

*Providers and checks*
  - **Check-in sheet…** (:class:`CheckinExportDialog`): a provider from the offers, whom to send
    it back to, a file name ending in .xlsx, .csv or .pdf → the sheet of
    :mod:`kiosk.admin.checkin` (PDF drawn by :mod:`ui.checkin_pdf`).
  - **Import check-in…** (:class:`CheckinImportDialog`): the returned file is read and planned
    (nothing written); the dialog shows the problems that refuse the file, or per offer the
    corrections old → new, "checked today", conflicts, notes and the provider's remarks.
    Only *Apply* writes (:func:`~kiosk.admin.checkin.apply_checkin`, one transaction); the
    offer lists are read again.
  - **Completeness** (:class:`CompletenessDialog`): sortable tables of the offers (score,
    provider, name, last check, what is missing, as staff read it) and the providers (score,
    oldest check, how many to check); print, save as PDF, CSV or HTML.
  - **Check links** (:class:`LinksDialog`): every web address tried in a worker thread
    (:func:`~kiosk.admin.links.check_offers`), then the broken, moved and unchecked addresses
    and the phone numbers and e-mail addresses that cannot be right, each with its offers.
  - **Export for the website (JSON-LD)…** and **Export HSDS…**: the open formats
    (:mod:`kiosk.opendata`), written to a file in one step; errors are shown.

*Kiosks*
  - **Statistics** (:class:`FleetStatisticsDialog`): the kiosk's own usage dashboard
    (:class:`~ui.screens.staff.dashboard.UsageDashboardScreen`, given
    :func:`~kiosk.fleet.central.fleet_usage_report` as its report source) for all kiosks, one
    office or one kiosk, over the dashboard's periods.
  - **Kiosk status** (:class:`FleetStatusDialog`): every kiosk's last heartbeat, versions,
    printer and whether it is stale (:func:`~kiosk.fleet.central.fleet_status`), read from the
    inbox folder (remembered in QSettings); *Import statistics* brings the kiosks' daily
    batches into the central database (:func:`~kiosk.fleet.central.import_inbox`). Both run in
    worker threads on their own database connection.

Nothing here waits on the network or on a folder that may hang: those steps run on worker
threads (:class:`ui.worker_threads.WorkerJob`) and report back on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMarginsF, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QPageLayout, QPageSize, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin.offers import local_today
from kiosk.i18n import N_, Catalogue
from ui.screens.staff.dashboard import UsageDashboardScreen
from ui.worker_threads import WorkerJob

if TYPE_CHECKING:
    from ui.editor import DeskEditorWindow

CHECKIN_FOLDER_KEY, CHECKIN_CONTACT_KEY = "checkin/folder", "checkin/contact"
EXPORT_FOLDER_KEY = "export/folder"
INBOX_KEY = "fleet/inbox"
CHECKIN_FORMATS = (".xlsx", ".csv", ".pdf")
#: Screens of the staff area that show offers and are read again after a check-in.
OFFER_SCREENS = ("staff_home", "staff_offers", "staff_verify", "staff_audit")


# -- small helpers -----------------------------------------------------------------------------
def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` in one step (a temporary file beside it, then renamed): a
    failure leaves any file there as it was."""
    path = Path(path)
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError as error:  # (name the file asked for, not the temporary one)
        raise OSError(error.errno, error.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _named(widget: QWidget, object_name: str) -> QWidget:
    widget.setObjectName(object_name)
    return widget


def _error_label(parent: QWidget, object_name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setProperty("role", "error")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _show_error(label: QLabel, text: str) -> None:
    label.setText(f"⚠ {text}" if text else "")
    label.setVisible(bool(text))


def _short(value: str, limit: int = 80) -> str:
    flat = value.replace("\r\n", "\n").replace("\n", " ⏎ ")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def never_checked(cat: Catalogue) -> str:
    # TRANSLATORS: completeness view: an offer whose data was never checked
    return cat._("never checked")


def action_title(cat: Catalogue, key: str) -> str:
    """A window's title: its menu entry without the dots."""
    return cat._(ACTIONS[key][1]).rstrip("…").rstrip()


def _label_name(label: QLabel) -> str:
    """A field's accessible name: its label without the colon."""
    return label.text().rstrip(": ").strip()


class _SortItem(QTableWidgetItem):
    """A table cell shown as text and sorted by a key of its own (numbers, dates)."""

    def __init__(self, text: str, key: Any):
        super().__init__(text)
        self.key = key
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _SortItem):
            return self.key < other.key
        return super().__lt__(other)


def _table(parent: QWidget, object_name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setObjectName(object_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    # rows as high as their wrapped text at the widths the columns have when shown
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class _Dialog(QDialog):
    """A non-modal desk window with the desk's catalogue."""

    def __init__(self, views: DeskViews, object_name: str):
        super().__init__(views.window)
        self.setObjectName(object_name)
        self.views = views
        self.setWindowFlag(Qt.WindowType.Window, True)

    @property
    def cat(self) -> Catalogue:
        return self.views.cat

    def retranslate(self) -> None:  # pragma: no cover - every dialog has its own
        raise NotImplementedError


# -- 1. provider check-in ----------------------------------------------------------------------
class CheckinExportDialog(_Dialog):
    """Provider, contact, file → the check-in sheet."""

    written = Signal(str)

    def __init__(self, views: DeskViews):
        super().__init__(views, "desk_checkin_export_dialog")
        from kiosk.admin.checkin import providers

        self.provider_label = QLabel(self)
        self.provider = _named(QComboBox(self), "desk_checkin_provider")
        for name, count in providers(views.conn):
            self.provider.addItem(f"{name} ({count})", name)
        self.contact_label = QLabel(self)
        self.contact = _named(QLineEdit(self), "desk_checkin_contact")
        self.contact.setText(str(views.settings.value(CHECKIN_CONTACT_KEY, "") or ""))
        self.file_label = QLabel(self)
        self.file = _named(QLineEdit(self), "desk_checkin_file")
        self.browse = _named(QPushButton(self), "desk_checkin_browse")
        self.browse.clicked.connect(self._browse)
        self.provider.currentIndexChanged.connect(self._suggest_name)
        for label, widget in (
            (self.provider_label, self.provider),
            (self.contact_label, self.contact),
            (self.file_label, self.file),
        ):
            label.setBuddy(widget)
            label.setWordWrap(True)
        self.status = _named(QLabel(self), "desk_checkin_status")
        self.status.setWordWrap(True)
        self.error = _error_label(self, "desk_checkin_error")
        self.write_button = _named(QPushButton(self), "desk_checkin_write")
        self.write_button.setProperty("primary", True)
        self.write_button.clicked.connect(lambda: self.write())
        self.close_button = _named(QPushButton(self), "desk_checkin_close")
        self.close_button.clicked.connect(self.reject)

        box = QVBoxLayout(self)
        box.addWidget(self.provider_label)
        box.addWidget(self.provider)
        box.addWidget(self.contact_label)
        box.addWidget(self.contact)
        box.addWidget(self.file_label)
        line = QHBoxLayout()
        line.addWidget(self.file, 1)
        line.addWidget(self.browse)
        box.addLayout(line)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        actions.addWidget(self.write_button)
        box.addLayout(actions)
        self.resize(760, 420)
        self._suggest_name()
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.setWindowTitle(action_title(cat, "checkin_export"))
        self.provider_label.setText(cat._("Provider (number of offers):"))
        # TRANSLATORS: desk editor, check-in sheet: printed on the sheet as "please return to"
        self.contact_label.setText(cat._("Please return to (printed on the sheet):"))
        self.file_label.setText(cat._("File (.xlsx to fill in, .csv, or .pdf to print):"))
        self.browse.setText(cat._("Choose…"))
        self.write_button.setText(cat._("Write the sheet"))
        self.close_button.setText(cat._("Close"))
        for widget, name in (
            (self.provider, _label_name(self.provider_label)),
            (self.contact, _label_name(self.contact_label)),
            (self.file, _label_name(self.file_label)),
            (self.browse, f"{self.browse.text()} {_label_name(self.file_label)}"),
            (self.write_button, self.write_button.text()),
            (self.close_button, self.close_button.text()),
        ):
            widget.setAccessibleName(name)

    def _folder(self) -> Path:
        return Path(str(self.views.settings.value(CHECKIN_FOLDER_KEY, "") or Path.home()))

    def _suggest_name(self) -> None:
        provider = self.provider.currentData()
        if not provider:
            return
        slug = re.sub(r"[^a-z0-9]+", "-", provider.casefold()).strip("-")[:40] or "anbieter"
        name = f"checkin-{slug}-{self.views.today().isoformat()}.xlsx"
        current = Path(self.file.text().strip()) if self.file.text().strip() else None
        folder = current.parent if current else self._folder()
        suffix = current.suffix.lower() if current and current.suffix else ".xlsx"
        self.file.setText(str(folder / Path(name).with_suffix(suffix)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.browse.accessibleName(),
            self.file.text(),
            "Excel (*.xlsx);;CSV (*.csv);;PDF (*.pdf)",
        )
        if path:
            self.file.setText(path)

    def write(self) -> Path | None:
        """Write the sheet to the file named; the path, or None (the error is shown)."""
        from kiosk.admin.checkin import (
            UnknownProviderError,
            build_sheet,
            iter_missing,
            sheet_to_csv,
            sheet_to_xlsx,
        )

        cat = self.cat
        _show_error(self.error, "")
        self.status.clear()
        provider = self.provider.currentData()
        text = self.file.text().strip()
        if not provider:
            _show_error(self.error, cat._("Please choose a provider."))
            return None
        path = Path(text).expanduser() if text else None
        if path is None or path.suffix.lower() not in CHECKIN_FORMATS:
            _show_error(self.error, cat._("Please give a file name ending in .xlsx, .csv or .pdf."))
            return None
        contact = self.contact.text().strip()
        try:
            sheet = build_sheet(self.views.conn, provider, self.views.today(), contact)
            suffix = path.suffix.lower()
            if suffix == ".pdf":
                from ui.checkin_pdf import write_sheet_pdf

                with tempfile.TemporaryDirectory(dir=path.parent) as folder:
                    drawn = Path(folder) / "sheet.pdf"
                    write_sheet_pdf(sheet, drawn)
                    write_file(path, drawn.read_bytes())
            else:
                write_file(path, sheet_to_xlsx(sheet) if suffix == ".xlsx" else sheet_to_csv(sheet))
        except (OSError, UnknownProviderError, ValueError) as error:
            _show_error(self.error, cat._("Nothing was written: {error}", error=str(error)))
            return None
        self.views.settings.setValue(CHECKIN_FOLDER_KEY, str(path.parent))
        self.views.settings.setValue(CHECKIN_CONTACT_KEY, contact)
        self.views.settings.sync()
        missing = len(list(iter_missing(sheet)))
        self.status.setText(
            " ".join(
                (
                    cat._("Written: {path}", path=cat.ltr(str(path))),
                    # TRANSLATORS: desk editor, check-in sheet: {count} is "4 offers";
                    # {missing} values are marked "missing" on the sheet
                    cat._(
                        "{count}; missing details marked: {missing}.",
                        count=cat.n_("{n} offer", "{n} offers", len(sheet.offers)),
                        missing=missing,
                    ),
                )
            )
        )
        self.written.emit(str(path))
        return path


class CheckinImportDialog(_Dialog):
    """The returned sheet: problems, or the diff per offer; Apply writes it."""

    #: planned | refused | applied | failed
    state_changed = Signal(str)

    def __init__(self, views: DeskViews, path: Path, data: bytes):
        super().__init__(views, "desk_checkin_import_dialog")
        from kiosk.admin.checkin import plan_checkin, read_returned

        self.path = Path(path)
        self.summary = _named(QLabel(self), "desk_checkin_import_summary")
        self.summary.setWordWrap(True)
        self.tree = _named(QTreeWidget(self), "desk_checkin_import_diff")
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.status = _named(QLabel(self), "desk_checkin_import_status")
        self.status.setWordWrap(True)
        self.error = _error_label(self, "desk_checkin_import_error")
        self.apply_button = _named(QPushButton(self), "desk_checkin_apply")
        self.apply_button.setProperty("primary", True)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button = _named(QPushButton(self), "desk_checkin_cancel")
        self.cancel_button.clicked.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.tree, 1)
        box.addWidget(self.status)
        box.addWidget(self.error)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.apply_button)
        box.addLayout(actions)
        self.resize(1100, 760)

        self.sheet = read_returned(data)
        self.plan = plan_checkin(views.conn, self.sheet, views.today())
        self.state = "planned" if self.plan.ok else "refused"
        self.result = None
        self._fill()
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.setWindowTitle(action_title(cat, "checkin_import"))
        self.apply_button.setText(cat._("Apply the changes"))
        self.cancel_button.setText(
            cat._("Close") if self.state in ("applied", "refused") else cat._("Cancel")
        )
        self.tree.setAccessibleName(self.windowTitle())
        for button in (self.apply_button, self.cancel_button):
            button.setAccessibleName(button.text())
        self.apply_button.setEnabled(self.state == "planned" and self.plan.has_changes)

    def _fill(self) -> None:
        cat = self.cat
        self.tree.clear()
        plan, sheet = self.plan, self.sheet
        if not plan.ok:
            self.summary.setText(
                # TRANSLATORS: check-in import; {problems}: the number of problems listed below
                cat._(
                    "Problems in {file}: {problems}. The whole file is refused; nothing was "
                    "changed. Please correct the cells and import it again.",
                    file=cat.ltr(self.path.name),
                    problems=len(plan.problems),
                )
            )
            for problem in plan.problems:
                QTreeWidgetItem(self.tree, [f"⚠ {problem}"])
            return
        exported = cat.date(sheet.exported_on, "medium") if sheet.exported_on else "?"
        self.summary.setText(
            # TRANSLATORS: desk editor, check-in import: {date} when the sheet was written
            cat._(
                "Check-in sheet of {provider} from {date}: {count}. Nothing is changed before "
                "you choose “Apply the changes”.",
                provider=cat.isolate(plan.provider),
                date=exported,
                count=cat.n_("{n} offer", "{n} offers", len(plan.outcomes)),
            )
        )
        for outcome in plan.outcomes:
            top = QTreeWidgetItem(self.tree, [f"{outcome.name} · {outcome.offer_id}"])
            for change in outcome.corrections:
                QTreeWidgetItem(
                    top,
                    [
                        cat._(
                            "{field}: “{old}” → “{new}”",
                            field=cat.isolate(change.field),
                            old=cat.isolate(_short(change.old)),
                            new=cat.isolate(_short(change.new)),
                        )
                    ],
                )
            verified = next((c for c in outcome.changes if c.field == "verified_on"), None)
            if verified is not None:
                why = (
                    cat._("ticked “still correct”")
                    if outcome.confirmed
                    else cat._("corrected by the provider")
                )
                QTreeWidgetItem(
                    top,
                    [
                        # TRANSLATORS: check-in import: the offer's "last checked" date is set
                        cat._("Marked as checked today ({reason}).", reason=why)
                    ],
                )
            elif outcome.verified:
                QTreeWidgetItem(top, [cat._("Already marked as checked today.")])
            if outcome.changed_since and not outcome.verified:
                if outcome.confirmed or outcome.corrections:
                    QTreeWidgetItem(
                        top,
                        [
                            cat._(
                                "Not marked as checked: staff changed {field} after the "
                                "export, so the provider saw older values.",
                                field=cat.isolate(", ".join(outcome.changed_since)),
                            )
                        ],
                    )
            for conflict in outcome.conflicts:
                QTreeWidgetItem(
                    top,
                    [
                        # TRANSLATORS: check-in import: a correction that is not applied
                        cat._(
                            "Conflict, not applied: {field} was changed by staff after the "
                            "export (now “{old}”); the provider wants “{new}”. Please decide "
                            "by hand.",
                            field=cat.isolate(conflict.label),
                            old=cat.isolate(_short(conflict.now)),
                            new=cat.isolate(_short(conflict.wanted)),
                        )
                    ],
                )
            for note in outcome.notes:
                QTreeWidgetItem(top, [cat._("Note: {text}", text=cat.isolate(note))])
            if outcome.remark:
                QTreeWidgetItem(
                    top,
                    [
                        cat._(
                            "Remark from the provider: {text}",
                            text=cat.isolate(_short(outcome.remark, 300)),
                        )
                    ],
                )
            if not (outcome.changes or outcome.conflicts or outcome.confirmed or outcome.remark):
                QTreeWidgetItem(top, [cat._("No answer (neither ticked nor corrected).")])
            top.setExpanded(True)
        if not plan.has_changes:
            self.status.setText(cat._("Nothing to change."))

    def shown_lines(self) -> list[str]:
        """Every line of the diff as shown (offers and their lines)."""
        lines = []
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            lines.append(top.text(0))
            lines += [top.child(i).text(0) for i in range(top.childCount())]
        return lines

    def apply(self) -> None:
        from kiosk.admin.checkin import apply_checkin

        cat = self.cat
        if self.state != "planned" or self.sheet is None:
            return
        try:
            plan = apply_checkin(self.views.conn, self.sheet, self.views.now(), self.views.today())
        except Exception as error:  # a database error: shown as it is, nothing half-written
            self.state = "failed"
            _show_error(self.error, cat._("Nothing was changed: {error}", error=str(error)))
            self.retranslate()
            self.state_changed.emit(self.state)
            return
        if not plan.ok:
            self.state = "failed"
            _show_error(
                self.error,
                cat._("The database changed meanwhile; nothing was changed. Import it again."),
            )
        else:
            self.state = "applied"
            self.result = plan
            corrected = sum(1 for o in plan.outcomes if o.corrections)
            verified = sum(1 for o in plan.outcomes if o.verified)
            self.status.setText(
                cat._(
                    "Applied. Offers corrected: {corrected}; marked as checked today: {verified}.",
                    corrected=corrected,
                    verified=verified,
                )
            )
            self.views.offers_changed()
        self.retranslate()
        self.state_changed.emit(self.state)


# -- 2. completeness ---------------------------------------------------------------------------
class CompletenessDialog(_Dialog):
    """Offers and providers with their scores; print and save."""

    OFFER_COLUMNS = 6  # score, provider, offer, last check, days since, missing
    PROVIDER_COLUMNS = 5  # score, provider, offers, to check, oldest check

    def __init__(self, views: DeskViews):
        super().__init__(views, "desk_completeness_dialog")
        self.intro = _named(QLabel(self), "desk_completeness_intro")
        self.intro.setWordWrap(True)
        self.tabs = _named(QTabWidget(self), "desk_completeness_tabs")
        self.offer_table = _table(self, "desk_completeness_offers", self.OFFER_COLUMNS)
        self.provider_table = _table(self, "desk_completeness_providers", self.PROVIDER_COLUMNS)
        self.tabs.addTab(self.offer_table, "")
        self.tabs.addTab(self.provider_table, "")
        self.error = _error_label(self, "desk_completeness_error")
        self.status = _named(QLabel(self), "desk_completeness_status")
        self.status.setWordWrap(True)
        self.print_button = _named(QPushButton(self), "desk_completeness_print")
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = _named(QPushButton(self), "desk_completeness_pdf")
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button = _named(QPushButton(self), "desk_completeness_csv")
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        self.html_button = _named(QPushButton(self), "desk_completeness_html")
        self.html_button.clicked.connect(lambda: self.save("html"))
        self.close_button = _named(QPushButton(self), "desk_completeness_close")
        self.close_button.clicked.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.status)
        box.addWidget(self.error)
        outputs = QHBoxLayout()  # (a row of their own: the kiosk's buttons are large)
        for button in (
            self.print_button,
            self.pdf_button,
            self.csv_button,
            self.html_button,
        ):
            outputs.addWidget(button)
        outputs.addStretch(1)
        box.addLayout(outputs)
        box.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.resize(1500, 900)
        self.report = None
        self.refresh()

    # -- the tables ----------------------------------------------------------------------------
    def refresh(self) -> None:
        from kiosk.admin.completeness import completeness_report

        self.report = completeness_report(self.views.conn, self.views.today())
        self.retranslate()

    def _fill(self) -> None:
        cat = self.cat
        report = self.report
        for table in (self.offer_table, self.provider_table):
            table.setSortingEnabled(False)
            table.clearContents()
        self.offer_table.setRowCount(len(report.offers))
        for row, item in enumerate(report.sorted("score")):
            offer = item.offer
            age_key = -1 if item.age_days is None else item.age_days
            gaps = "\n".join(gap.text(cat._) for gap in item.gaps)
            cells = (
                _SortItem(str(item.score), (item.score, offer.name.casefold())),
                _SortItem(offer.provider, (offer.provider.casefold(), offer.name.casefold())),
                _SortItem(f"{offer.name}\n{offer.id}", (offer.name.casefold(), offer.id)),
                # never checked sorts as the oldest
                _SortItem(
                    cat.date(offer.verified_on, "medium")
                    if offer.verified_on
                    else never_checked(cat),
                    (offer.verified_on or dt.date.min, offer.name.casefold()),
                ),
                _SortItem("—" if age_key < 0 else str(age_key), (age_key < 0, age_key)),
                _SortItem(gaps or "—", (len(item.gaps), gaps)),
            )
            for column, cell in enumerate(cells):
                cell.setData(Qt.ItemDataRole.UserRole, offer.id)
                self.offer_table.setItem(row, column, cell)
        providers = report.providers
        self.provider_table.setRowCount(len(providers))
        for row, provider in enumerate(providers):
            oldest = provider.oldest_check
            cells = (
                _SortItem(str(provider.score), (provider.score, provider.provider.casefold())),
                _SortItem(provider.provider, provider.provider.casefold()),
                _SortItem(str(len(provider.offers)), len(provider.offers)),
                _SortItem(str(provider.outdated), provider.outdated),
                _SortItem(
                    cat.date(oldest, "medium") if oldest else never_checked(cat),
                    dt.date.min if oldest is None else oldest,
                ),
            )
            for column, cell in enumerate(cells):
                self.provider_table.setItem(row, column, cell)
        # score, provider, offer, last check, days: readable widths; what is missing: the rest
        mm = self.views.metrics.mm
        for table, widths in (
            (self.offer_table, (26, 75, 95, 42, 30)),
            (self.provider_table, (26, 130, 30, 30)),
        ):
            table.setSortingEnabled(True)
            header = table.horizontalHeader()
            for column, width in enumerate(widths):  # (never narrower than the title)
                table.setColumnWidth(column, max(mm(width), header.sectionSizeHint(column)))
        self.offer_table.sortItems(0, Qt.SortOrder.AscendingOrder)
        self.provider_table.sortItems(0, Qt.SortOrder.AscendingOrder)

    def offer_rows(self) -> list[tuple[str, int]]:
        """(offer id, score) in the order the table shows them."""
        return [
            (
                self.offer_table.item(row, 0).data(Qt.ItemDataRole.UserRole),
                int(self.offer_table.item(row, 0).text()),
            )
            for row in range(self.offer_table.rowCount())
        ]

    def retranslate(self) -> None:
        cat = self.cat
        report = self.report
        self.setWindowTitle(action_title(cat, "completeness"))
        self.intro.setText(
            # TRANSLATORS: completeness view; {count} is "15 offers", the score is 0–100
            cat._(
                "{count}, mean score {score} of 100 (the share of what a visitor needs that "
                "is there). A check stays valid for {months} months.",
                count=cat.n_("{n} offer", "{n} offers", len(report.offers)),
                score=report.score,
                months=report.months,
            )
        )
        self.offer_table.setHorizontalHeaderLabels(
            [
                cat._("Score"),
                cat._("Provider"),
                cat._("Offer"),
                cat._("Last checked"),
                # TRANSLATORS: completeness view column: days since the offer was last checked
                cat._("Days since"),
                cat._("What is missing"),
            ]
        )
        self.provider_table.setHorizontalHeaderLabels(
            [
                cat._("Score"),
                cat._("Provider"),
                cat._("Offers"),
                # TRANSLATORS: completeness view: offers whose last check is too old
                cat._("To check"),
                cat._("Oldest check"),
            ]
        )
        self.tabs.setTabText(0, cat._("Offers"))
        self.tabs.setTabText(1, cat._("Providers"))
        self.print_button.setText(cat._("Print…"))
        self.pdf_button.setText(cat._("Save as PDF…"))
        self.csv_button.setText(cat._("Save as CSV…"))
        self.html_button.setText(cat._("Save as HTML…"))
        self.close_button.setText(cat._("Close"))
        self.tabs.setAccessibleName(self.windowTitle())
        self.offer_table.setAccessibleName(cat._("Offers"))
        self.provider_table.setAccessibleName(cat._("Providers"))
        for button in (
            self.print_button,
            self.pdf_button,
            self.csv_button,
            self.html_button,
            self.close_button,
        ):
            button.setAccessibleName(button.text())
        self._fill()

    # -- printing and saving -------------------------------------------------------------------
    def report_html(self) -> str:
        """The two tables as shown (their order too), as a printable HTML page."""
        cat, esc = self.cat, html.escape

        def table(widget: QTableWidget) -> str:
            head = "".join(
                f"<th>{esc(widget.horizontalHeaderItem(c).text())}</th>"
                for c in range(widget.columnCount())
            )
            rows = "".join(
                "<tr>"
                + "".join(
                    f"<td>{esc(widget.item(r, c).text()).replace(chr(10), '<br>')}</td>"
                    for c in range(widget.columnCount())
                )
                + "</tr>"
                for r in range(widget.rowCount())
            )
            return (
                '<table border="1" cellspacing="0" cellpadding="3" width="100%">'
                f"<tr>{head}</tr>{rows}</table>"
            )

        return (
            f'<html lang="{esc(str(cat.locale).replace("_", "-"))}"><head><meta charset="utf-8">'
            f"<title>{esc(self.windowTitle())}</title></head><body>"
            f"<h1>{esc(self.windowTitle())} – {esc(cat.date(self.report.today, 'medium'))}</h1>"
            f"<p>{esc(self.intro.text())}</p>"
            f"<h2>{esc(cat._('Offers'))}</h2>{table(self.offer_table)}"
            f"<h2>{esc(cat._('Providers'))}</h2>{table(self.provider_table)}"
            "</body></html>\n"
        )

    def _document(self) -> QTextDocument:
        document = QTextDocument(self)
        document.setHtml(self.report_html())
        return document

    def print_report(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("desk_completeness_print_dialog")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._document().print_(printer)

    def write_pdf(self, path: Path) -> None:
        # (QPdfWriter, not a QPrinter: a PDF file needs no print system, and the first QPrinter
        # of a process fixes which CUPS server it talks to)
        from PySide6.QtGui import QPdfWriter

        writer = QPdfWriter(str(path))
        writer.setResolution(300)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(12, 12, 12, 12),
                QPageLayout.Unit.Millimeter,
            )
        )
        self._document().print_(writer)

    def save(self, kind: str, path: Path | None = None) -> Path | None:
        """Save as ``pdf``, ``csv`` or ``html``; asks for the file unless ``path`` is given."""
        from kiosk.admin.completeness import to_csv

        cat = self.cat
        if path is None:
            folder = Path(str(self.views.settings.value(EXPORT_FOLDER_KEY, "") or Path.home()))
            suggested = folder / f"vollstaendigkeit-{self.report.today.isoformat()}.{kind}"
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.windowTitle(), str(suggested), f"{kind.upper()} (*.{kind})"
            )
            if not chosen:
                return None
            path = Path(chosen)
        _show_error(self.error, "")
        try:
            if kind == "pdf":
                self.write_pdf(path)
            elif kind == "csv":
                write_file(path, to_csv(self.report))
            else:
                write_file(path, self.report_html().encode("utf-8"))
        except OSError as error:
            _show_error(self.error, cat._("Nothing was written: {error}", error=str(error)))
            return None
        self.views.settings.setValue(EXPORT_FOLDER_KEY, str(path.parent))
        self.status.setText(cat._("Written: {path}", path=cat.ltr(str(path))))
        return path


# -- 3. links ----------------------------------------------------------------------------------
class LinksDialog(_Dialog):
    """Every web address tried in a worker thread; then what is broken or moved."""

    #: idle | checking | done | failed
    state_changed = Signal(str)

    def __init__(self, views: DeskViews, check: Callable[..., Any] | None = None):
        super().__init__(views, "desk_links_dialog")
        from kiosk.admin.links import check_offers

        self._check = check or check_offers
        self.state = "idle"
        self.report = None
        self._job = WorkerJob(self)
        self._job.done.connect(self._on_done)
        self._job.failed.connect(self._on_failed)
        self.intro = _named(QLabel(self), "desk_links_intro")
        self.intro.setWordWrap(True)
        self.start_button = _named(QPushButton(self), "desk_links_start")
        self.start_button.setProperty("primary", True)
        self.start_button.clicked.connect(self.start)
        self.progress = _named(QProgressBar(self), "desk_links_progress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = _named(QLabel(self), "desk_links_status")
        self.status.setWordWrap(True)
        self.error = _error_label(self, "desk_links_error")
        self.tree = _named(QTreeWidget(self), "desk_links_results")
        self.tree.setColumnCount(3)
        self.tree.setWordWrap(True)
        self.close_button = _named(QPushButton(self), "desk_links_close")
        self.close_button.clicked.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.intro)
        box.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addWidget(self.tree, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        box.addLayout(actions)
        self.resize(1400, 800)
        mm = views.metrics.mm
        self.tree.setColumnWidth(0, mm(120))
        self.tree.setColumnWidth(1, mm(90))
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.setWindowTitle(action_title(cat, "links"))
        self.intro.setText(
            cat._(
                "Every web address of the active offers is tried; this needs the internet and "
                "can take a few minutes. Phone numbers and e-mail addresses are checked for "
                "their form."
            )
        )
        self.start_button.setText(cat._("Start the check"))
        self.tree.setHeaderLabels([cat._("Address or value"), cat._("Result"), cat._("Offers")])
        self.close_button.setText(cat._("Close"))
        self.tree.setAccessibleName(self.windowTitle())
        self.progress.setAccessibleName(cat._("Progress"))
        for button in (self.start_button, self.close_button):
            button.setAccessibleName(button.text())

    def start(self) -> None:
        if self._job.running():
            return
        offers = [o for o in self.views.window.desk.offers.all_offers() if o.active]
        check = self._check
        self._set_state("checking", self.cat._("Checking the web addresses…"))
        self._job.start(lambda: check(offers), "desk-links")

    def _set_state(self, state: str, status: str = "", error: str = "") -> None:
        self.state = state
        busy = state == "checking"
        self.progress.setVisible(busy)
        self.start_button.setEnabled(not busy)
        self.status.setText(status)
        _show_error(self.error, error)
        self.retranslate()
        self.state_changed.emit(state)

    def _on_done(self, report) -> None:
        self.report = report
        self._fill()
        cat = self.cat
        self._set_state(
            "done",
            # TRANSLATORS: links check; {links} is "23 web addresses", the others numbers
            cat._(
                "{links} tried; not reachable: {broken}; moved: {moved}; not checked: "
                "{unchecked}. Phone numbers and e-mail addresses with a problem: {contacts}.",
                links=cat.n_("{n} web address", "{n} web addresses", len(report.links)),
                broken=len(report.broken),
                moved=len(report.moved),
                unchecked=len(report.not_checked),
                contacts=len(report.contacts),
            ),
        )

    def _on_failed(self, message: str) -> None:
        self._set_state("failed", error=self.cat._("The check failed: {error}", error=message))

    def _fill(self) -> None:
        cat, report = self.cat, self.report
        self.tree.clear()

        def offers_of(uses) -> str:
            return "\n".join(f"{u.offer_name} · {u.offer_id}" for u in uses)

        groups = (
            (cat._("Not reachable"), report.broken, "broken"),
            (cat._("Moved to another address"), report.moved, "moved"),
            (cat._("Not checked (time ran out)"), report.not_checked, "not_checked"),
        )
        for title, links, key in groups:
            if not links:
                continue
            top = QTreeWidgetItem(self.tree, [f"{title} ({len(links)})"])
            top.setData(0, Qt.ItemDataRole.UserRole, key)
            for link in links:
                result = link.result
                reason = result.reason
                if key == "moved":
                    reason = (
                        cat._(
                            "moved for good to {url}: change the address",
                            url=cat.ltr(result.final_url),
                        )
                        if result.permanent
                        else cat._("redirected for now to {url}", url=cat.ltr(result.final_url))
                    )
                child = QTreeWidgetItem(top, [result.url, reason, offers_of(link.uses)])
                for column in range(3):  # (elided in the column: the whole text on hover)
                    child.setToolTip(column, child.text(column))
                child.setData(0, Qt.ItemDataRole.UserRole, result.url)
            top.setExpanded(True)
        if report.contacts:
            top = QTreeWidgetItem(
                self.tree,
                [f"{cat._('Phone numbers and e-mail addresses')} ({len(report.contacts)})"],
            )
            top.setData(0, Qt.ItemDataRole.UserRole, "contacts")
            for item in report.contacts:
                QTreeWidgetItem(
                    top,
                    [
                        f"{item.field}: {item.value}",
                        item.message,
                        f"{item.offer_name} · {item.offer_id}",
                    ],
                )
            top.setExpanded(True)
        if not self.tree.topLevelItemCount():
            QTreeWidgetItem(self.tree, [cat._("No problems found.")])

    def group_urls(self, key: str) -> list[str]:
        """The addresses shown under ``broken``, ``moved`` or ``not_checked``."""
        for index in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(index)
            if top.data(0, Qt.ItemDataRole.UserRole) == key:
                return [top.child(i).text(0) for i in range(top.childCount())]
        return []

    def reject(self) -> None:
        if self._job.running():
            return  # the check ends by its own time limits; the window closes then
        super().reject()


# -- 5. fleet ----------------------------------------------------------------------------------
class FleetDashboard(UsageDashboardScreen):
    """The kiosk's usage dashboard on the fleet's counts (its own object names)."""

    screen_name = "desk_fleet_stats"


class FleetStatisticsDialog(_Dialog):
    """All kiosks, one office or one kiosk → the dashboard's charts."""

    def __init__(self, views: DeskViews):
        super().__init__(views, "desk_fleet_stats_dialog")
        from kiosk.fleet.central import offices, registry
        from ui.screens.staff.style import staff_stylesheet

        self.setStyleSheet(staff_stylesheet(views.metrics))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.scope_label = QLabel(self)
        self.scope = _named(QComboBox(self), "desk_fleet_scope")
        self._kiosks = registry(views.conn)
        #: the choices, by index of the combo box
        self.scopes: list[tuple[str, str | None]] = [
            ("all", None),
            *(("office", office) for office in offices(views.conn)),
            *(("kiosk", kiosk_id) for kiosk_id in self._kiosks),
        ]
        for _scope in self.scopes:
            self.scope.addItem("")
        self.scope_label.setBuddy(self.scope)
        self.dashboard = FleetDashboard(
            views.window.desk,
            views.localizer,
            views.metrics,
            self,
            usage=self._usage,
            show_printer=False,
        )
        self.scope.currentIndexChanged.connect(lambda _i: self.dashboard.refresh())
        box = QVBoxLayout(self)
        line = QHBoxLayout()
        line.addWidget(self.scope_label)
        line.addWidget(self.scope, 1)
        box.addLayout(line)
        box.addWidget(self.dashboard, 1)
        self.resize(1200, 900)
        self.retranslate()

    def scope_value(self) -> tuple[str, str | None]:
        index = self.scope.currentIndex()
        return self.scopes[index] if 0 <= index < len(self.scopes) else ("all", None)

    def set_scope(self, kind: str, value: str | None = None) -> None:
        self.scope.setCurrentIndex(self.scopes.index((kind, value)))

    def _usage(self, by: str, start: dt.date, end: dt.date):
        from kiosk.fleet.central import fleet_usage_report

        kind, value = self.scope_value()
        return fleet_usage_report(
            self.views.conn,
            by,
            start,
            end,
            office=value if kind == "office" else None,
            kiosk=value if kind == "kiosk" else None,
        )

    def retranslate(self) -> None:
        cat = self.cat
        self.setWindowTitle(action_title(cat, "fleet_stats"))
        # TRANSLATORS: desk statistics: followed by a choice: all kiosks, an office, a kiosk
        self.scope_label.setText(cat._("Show the statistics of:"))
        for index, (kind, value) in enumerate(self.scopes):
            if kind == "all":
                text = cat._("All kiosks")
            elif kind == "office":
                # TRANSLATORS: desk statistics: the kiosks of one citizens' office
                text = cat._("Office: {name}", name=cat.isolate(value))
            else:
                entry = self._kiosks[value]
                text = cat._(
                    "Kiosk: {name} ({office})",
                    name=cat.ltr(value),
                    office=cat.isolate(entry.office),
                )
            self.scope.setItemText(index, text)
        self.scope.setAccessibleName(_label_name(self.scope_label))
        self.dashboard.retranslate()


class FleetStatusDialog(_Dialog):
    """Every kiosk's heartbeat from the inbox; the statistics import."""

    #: idle | reading | done | failed
    state_changed = Signal(str)
    COLUMNS = 8

    def __init__(self, views: DeskViews):
        super().__init__(views, "desk_fleet_status_dialog")
        self.state = "idle"
        self.statuses: list = []
        self._job = WorkerJob(self)
        self._job.done.connect(self._on_done)
        self._job.failed.connect(self._on_failed)
        self.inbox_label = QLabel(self)
        self.inbox = _named(QLineEdit(self), "desk_fleet_inbox")
        self.inbox.setText(str(views.settings.value(INBOX_KEY, "") or ""))
        self.inbox_label.setBuddy(self.inbox)
        self.browse = _named(QPushButton(self), "desk_fleet_inbox_browse")
        self.browse.clicked.connect(self._browse)
        self.read_button = _named(QPushButton(self), "desk_fleet_status_read")
        self.read_button.setProperty("primary", True)
        self.read_button.clicked.connect(self.read)
        self.import_button = _named(QPushButton(self), "desk_fleet_import")
        self.import_button.clicked.connect(self.import_statistics)
        self.progress = _named(QProgressBar(self), "desk_fleet_progress")
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.status = _named(QLabel(self), "desk_fleet_status_text")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = _error_label(self, "desk_fleet_error")
        self.table = _table(self, "desk_fleet_status_table", self.COLUMNS)
        self.close_button = _named(QPushButton(self), "desk_fleet_close")
        self.close_button.clicked.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.inbox_label)
        line = QHBoxLayout()
        line.addWidget(self.inbox, 1)
        line.addWidget(self.browse)
        box.addLayout(line)
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.error)
        box.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        box.addLayout(actions)
        self.resize(1550, 700)
        self.retranslate()

    def retranslate(self) -> None:
        cat = self.cat
        self.setWindowTitle(action_title(cat, "fleet_status"))
        # TRANSLATORS: desk editor: the folder the web server writes the kiosks' reports to
        self.inbox_label.setText(cat._("Inbox folder of the kiosks (on the web server):"))
        self.browse.setText(cat._("Choose…"))
        self.read_button.setText(cat._("Show the status"))
        # TRANSLATORS: desk editor: bring the kiosks' daily statistics into the central database
        self.import_button.setText(cat._("Import the statistics"))
        self.close_button.setText(cat._("Close"))
        self.table.setHorizontalHeaderLabels(
            [
                cat._("Kiosk"),
                cat._("Office"),
                cat._("State"),
                cat._("Printer"),
                cat._("Last seen"),
                # TRANSLATORS: kiosk status: the number of the content release a kiosk shows
                cat._("Content release"),
                cat._("Last content check"),
                cat._("App version"),
            ]
        )
        for widget, name in (
            (self.inbox, _label_name(self.inbox_label)),
            (self.browse, f"{self.browse.text()} {_label_name(self.inbox_label)}"),
            (self.read_button, self.read_button.text()),
            (self.import_button, self.import_button.text()),
            (self.close_button, self.close_button.text()),
            (self.table, self.windowTitle()),
            (self.progress, cat._("Progress")),
        ):
            widget.setAccessibleName(name)
        if self.statuses:
            self._fill()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.browse.text(), self.inbox.text())
        if folder:
            self.inbox.setText(folder)

    def _folder(self) -> Path | None:
        text = self.inbox.text().strip()
        if not text:
            self._set_state("failed", error=self.cat._("Please give the inbox folder."))
            return None
        return Path(text).expanduser()

    def _set_state(self, state: str, status: str = "", error: str = "") -> None:
        self.state = state
        busy = state == "reading"
        self.progress.setVisible(busy)
        for widget in (self.read_button, self.import_button, self.inbox, self.browse):
            widget.setEnabled(not busy)
        if status or state != "done":
            self.status.setText(status)
        _show_error(self.error, error)
        self.state_changed.emit(state)

    def read(self) -> None:
        inbox = self._folder()
        if inbox is None or self._job.running():
            return
        db_path, now = self.views.db_path, self.views.now()
        self._set_state("reading", self.cat._("Reading the kiosks' reports…"))
        self._job.start(lambda: ("status", _fleet_status(db_path, inbox, now)), "desk-fleet")

    def import_statistics(self) -> None:
        inbox = self._folder()
        if inbox is None or self._job.running():
            return
        db_path, now = self.views.db_path, self.views.now()
        self._set_state("reading", self.cat._("Importing the statistics…"))
        self._job.start(lambda: ("import", _fleet_import(db_path, inbox, now)), "desk-fleet")

    def _on_done(self, outcome) -> None:
        kind, value = outcome
        cat = self.cat
        self.views.settings.setValue(INBOX_KEY, self.inbox.text().strip())
        self.views.settings.sync()
        if kind == "status":
            self.statuses = value
            self._fill()
            stale = sum(s.stale for s in value)
            self._set_state(
                "done",
                # TRANSLATORS: kiosk status: {stale} kiosks have not reported for too long
                cat._("Kiosks: {kiosks}; need attention: {stale}.", kiosks=len(value), stale=stale),
            )
            return
        result, statuses = value
        self.statuses = statuses
        self._fill()
        days = len(result.imported)
        # TRANSLATORS: kiosk status: days of a kiosk's statistics read from the inbox
        text = cat._(
            "Days of statistics imported: {days}; unchanged: {unchanged}.",
            days=days,
            unchanged=result.unchanged,
        )
        problems = "; ".join(f"{path.name}: {why}" for path, why in result.problems)
        self._set_state(
            "done",
            text,
            cat._("Not imported: {error}", error=problems) if problems else "",
        )
        self.views.statistics_changed()

    def _on_failed(self, message: str) -> None:
        self._set_state(
            "failed", error=self.cat._("The inbox could not be read: {error}", error=message)
        )

    def _fill(self) -> None:
        from kiosk.printer_status import PrinterProblem
        from ui.screens.staff.printer_panel import problem_text

        cat = self.cat
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.statuses))

        def when(moment: dt.datetime | None) -> str:
            return cat.datetime(moment.astimezone(), "short") if moment else "—"

        for row, status in enumerate(self.statuses):
            try:
                printer = (
                    problem_text(cat, PrinterProblem(status.printer)) if status.printer else "—"
                )
            except ValueError:
                printer = status.printer
            state = (
                cat._("Needs attention: {reason}", reason=cat.isolate("; ".join(status.reasons)))
                if status.stale
                else cat._("OK")
            )
            if not status.enrolled:
                # TRANSLATORS: kiosk status: a kiosk folder in the inbox the registry does not know
                unknown = cat._("(not enrolled)")
                state = f"{state} {unknown}"
            cells = (
                status.kiosk_id,
                status.office or "—",
                state,
                printer,
                when(status.last_seen),
                status.content_version or "—",
                when(status.last_content_check),
                status.app_version or "—",
            )
            for column, text in enumerate(cells):
                item = _SortItem(text, text.casefold())
                self.table.setItem(row, column, item)
        self.table.setSortingEnabled(True)
        self.table.sortItems(1, Qt.SortOrder.AscendingOrder)  # by office, as fleet_status
        self.table.resizeColumnsToContents()
        # the state (with its reasons) wraps in a column of its own width
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), self.views.metrics.mm(110)))

    def reject(self) -> None:
        if self._job.running():
            return
        super().reject()


def _fleet_status(db_path: Path, inbox: Path, now: dt.datetime):
    """The kiosks' status on this thread's own connection (reads only)."""
    from kiosk.db.connection import open_database
    from kiosk.fleet.central import fleet_status

    conn = open_database(db_path)
    try:
        return fleet_status(inbox, now=now, central_conn=conn)
    finally:
        conn.close()


def _fleet_import(db_path: Path, inbox: Path, now: dt.datetime):
    from kiosk.db.connection import open_database
    from kiosk.fleet.central import fleet_status, import_inbox

    conn = open_database(db_path)
    try:
        return import_inbox(conn, inbox), fleet_status(inbox, now=now, central_conn=conn)
    finally:
        conn.close()


# -- the menus ---------------------------------------------------------------------------------
#: action name → (menu, text source)
ACTIONS = {
    "checkin_export": ("checks", N_("Check-in sheet for a provider…")),
    "checkin_import": ("checks", N_("Import a check-in sheet…")),
    "completeness": ("checks", N_("Completeness of the offers")),
    "links": ("checks", N_("Check links and contacts")),
    "export_jsonld": ("checks", N_("Export for the website (JSON-LD)…")),
    "export_hsds": ("checks", N_("Export as Open Referral HSDS…")),
    "fleet_stats": ("fleet", N_("Statistics of the kiosks")),
    "fleet_status": ("fleet", N_("Kiosk status")),
}


class DeskViews:
    """The menus and windows above, for one desk editor window."""

    def __init__(self, window: DeskEditorWindow):
        self.window = window
        self.menus = {
            "checks": window.menuBar().addMenu(""),
            "fleet": window.menuBar().addMenu(""),
        }
        self.menus["checks"].setObjectName("desk_checks_menu")
        self.menus["fleet"].setObjectName("desk_fleet_menu")
        self.actions: dict[str, QAction] = {}
        handlers = {
            "checkin_export": self.open_checkin_export,
            "checkin_import": lambda: self.open_checkin_import(),
            "completeness": self.open_completeness,
            "links": self.open_links,
            "export_jsonld": lambda: self.export("jsonld"),
            "export_hsds": lambda: self.export("hsds"),
            "fleet_stats": self.open_fleet_statistics,
            "fleet_status": self.open_fleet_status,
        }
        for key, (menu, _text) in ACTIONS.items():
            action = QAction(window)
            action.setObjectName(f"desk_{key}_action")
            action.triggered.connect(lambda _=False, h=handlers[key]: h())
            self.menus[menu].addAction(action)
            if key in ("checkin_import", "links"):
                self.menus[menu].addSeparator()
            self.actions[key] = action
        self.dialogs: dict[str, QDialog] = {}
        self.message: QMessageBox | None = None
        window.area.offers_changed.connect(self._refresh_completeness)
        self.retranslate()

    # -- what the windows need -----------------------------------------------------------------
    @property
    def cat(self) -> Catalogue:
        return self.window._localizer.catalogue

    @property
    def localizer(self):
        return self.window._localizer

    @property
    def metrics(self):
        return self.window.area._common[1]

    @property
    def conn(self):
        return self.window._conn

    @property
    def db_path(self) -> Path:
        return self.window._db_path

    @property
    def settings(self) -> QSettings:
        return self.window._settings

    def now(self) -> dt.datetime:
        return self.window._clock()

    def today(self) -> dt.date:
        return local_today(self.window._clock)

    def retranslate(self) -> None:
        cat = self.cat
        # TRANSLATORS: desk editor menu: check-in sheets, completeness, links, open formats
        self.menus["checks"].setTitle(cat._("Checks and exports"))
        # TRANSLATORS: desk editor menu: the kiosks in the citizens' offices
        self.menus["fleet"].setTitle(cat._("Kiosks"))
        for key, (_menu, text) in ACTIONS.items():
            self.actions[key].setText(cat._(text))
        for menu in self.menus.values():  # (the kiosk's style makes items wider than measured)
            menu.setMinimumWidth(0)
            menu.setMinimumWidth(menu.sizeHint().width() + self.metrics.mm(10))
        for dialog in self.dialogs.values():
            dialog.retranslate()

    # -- after changes -------------------------------------------------------------------------
    def offers_changed(self) -> None:
        """Read the offer screens again (a check-in changed offers)."""
        area = self.window.area
        for name in OFFER_SCREENS:
            screen = area.screens.get(name)
            if screen is not None:
                screen.refresh()
        area.offers_changed.emit()  # (the completeness view, if open, reads again)

    def _refresh_completeness(self) -> None:
        dialog = self.dialogs.get("completeness")
        if dialog is not None and dialog.isVisible():
            dialog.refresh()

    def statistics_changed(self) -> None:
        dialog = self.dialogs.get("fleet_stats")
        if dialog is not None:
            dialog.dashboard.refresh()

    # -- opening -------------------------------------------------------------------------------
    def _open(self, key: str, make: Callable[[], QDialog], fresh: bool = False) -> QDialog:
        dialog = self.dialogs.get(key)
        if dialog is not None and (fresh or not dialog.isVisible()):
            dialog.deleteLater()
            dialog = None
        if dialog is None:
            dialog = make()
            self.dialogs[key] = dialog
        dialog.show()
        dialog.activateWindow()
        return dialog

    def open_checkin_export(self) -> CheckinExportDialog:
        return self._open("checkin_export", lambda: CheckinExportDialog(self))

    def open_checkin_import(self, path: Path | str | None = None) -> CheckinImportDialog | None:
        from kiosk.admin.importing import MAX_IMPORT_BYTES

        cat = self.cat
        if path is None:
            folder = str(self.settings.value(CHECKIN_FOLDER_KEY, "") or Path.home())
            chosen, _ = QFileDialog.getOpenFileName(
                self.window,
                action_title(cat, "checkin_import"),
                folder,
                "Excel, CSV (*.xlsx *.csv);;*",
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        try:
            if path.stat().st_size > MAX_IMPORT_BYTES:
                raise OSError(cat._("the file is too large"))
            data: bytes | None = path.read_bytes()
        except OSError as error:
            self.show_message(
                action_title(cat, "checkin_import"),
                cat._("The file could not be read; nothing was changed: {error}", error=str(error)),
            )
            return None
        return self._open(
            "checkin_import", lambda: CheckinImportDialog(self, path, data), fresh=True
        )

    def open_completeness(self) -> CompletenessDialog:
        dialog = self._open("completeness", lambda: CompletenessDialog(self))
        return dialog

    def open_links(self) -> LinksDialog:
        return self._open("links", lambda: LinksDialog(self))

    def open_fleet_statistics(self) -> FleetStatisticsDialog:
        return self._open("fleet_stats", lambda: FleetStatisticsDialog(self), fresh=True)

    def open_fleet_status(self) -> FleetStatusDialog:
        return self._open("fleet_status", lambda: FleetStatusDialog(self))

    # -- open formats --------------------------------------------------------------------------
    def export(self, kind: str, path: Path | str | None = None) -> Path | None:
        """Write the offers as ``jsonld`` (schema.org, active offers) or ``hsds`` (every offer,
        checked against the official schema); asks for the file unless ``path`` is given."""
        from kiosk.opendata.hsds import HsdsError, offers_to_hsds
        from kiosk.opendata.jsonld import offers_to_jsonld

        cat = self.cat
        title = action_title(cat, f"export_{kind}")
        if path is None:
            folder = Path(str(self.settings.value(EXPORT_FOLDER_KEY, "") or Path.home()))
            suffix = ".jsonld" if kind == "jsonld" else ".json"
            name = "wegweiser-angebote" + ("-hsds" if kind == "hsds" else "") + suffix
            chosen, _ = QFileDialog.getSaveFileName(
                self.window, title, str(folder / name), f"JSON (*{suffix})"
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        offers = self.window.desk.offers.all_offers()
        try:
            data = offers_to_jsonld(offers) if kind == "jsonld" else offers_to_hsds(offers)
            write_file(path, data)
        except (HsdsError, OSError) as error:
            self.show_message(title, cat._("Nothing was written: {error}", error=str(error)))
            return None
        self.settings.setValue(EXPORT_FOLDER_KEY, str(path.parent))
        self.window.statusBar().showMessage(
            cat._("Written: {path}", path=cat.ltr(str(path))), 15000
        )
        return path

    def show_message(self, title: str, text: str) -> QMessageBox:
        """An error the office must see, without blocking the window."""
        if self.message is not None:
            self.message.deleteLater()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok)
        box.setParent(self.window, box.windowFlags())
        box.setObjectName("desk_message")
        box.button(QMessageBox.StandardButton.Ok).setObjectName("desk_message_ok")
        box.button(QMessageBox.StandardButton.Ok).setAccessibleName(cat_ok(self.cat))
        box.open()
        self.message = box
        return box


def cat_ok(cat: Catalogue) -> str:
    return cat._("OK")
