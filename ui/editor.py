"""The desk editor: the staff screens on the central office's database, and Publish.

``kiosk-editor --db CENTRAL.db`` opens a normal desktop window (keyboard and mouse, resizable,
no full screen, no lockdown, no idle reset) with the staff screens of the kiosk — offers, the
offer editor, the "to verify" list, the change log, the languages' order and the age bands —
run by :class:`~ui.screens.staff.area.StaffArea` in its desk mode. There is no PIN: the desk
is the office's own computer, and who may edit is decided by the operating-system account that
can open the window and write the database file (and the key folder).

**Publish** (menu *Content*, or the button in the tool bar) asks for the repository folder and
the key folder (remembered in QSettings), works out in a worker thread what changes for the
kiosks against the release the repository serves now (``publishing.prepare_release``: built,
checked in full, diffed, nothing written), shows that list, and only after *Sign and publish*
signs and publishes it (``publishing.publish``), again in a worker thread: the window never
waits on signing or disk. A failure is shown as it is; the repository's own publishing writes
``timestamp.json`` last, so kiosks see either the old or the new release.

The editor refuses a kiosk's database that follows a content server (its content would be
overwritten by the next release): the desk is for the central database only.
"""

from __future__ import annotations

import ui.qt_binding  # noqa: F401  (first of all: see there)

# isort: split
import argparse
import datetime as dt
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin.access import utc_now
from kiosk.admin.desk import StaffDesk
from kiosk.i18n import Catalogue
from ui.localizer import Localizer
from ui.theme import Metrics
from ui.worker_threads import WorkerJob

#: The desk editor speaks German unless ``--lang`` says otherwise (the office works in German).
DESK_LANGUAGE = "de"
SETTINGS_ORGANISATION = "Landeshauptstadt Dresden"
SETTINGS_APPLICATION = "Wegweiser Desk-Editor"
REPO_KEY, KEYS_KEY = "publish/repository", "publish/keys"


# -- work off the GUI thread -------------------------------------------------------------------
# -- the publishing steps (worker threads; no widgets here) ------------------------------------
def prepare(db_path: Path, repo: Path, now: dt.datetime):
    """Build and check the next release from the database file and diff it against the
    repository's current one, on this thread's own connection (reads only)."""
    from kiosk.content import publishing
    from kiosk.db.connection import open_database

    if not (repo / "metadata" / "1.root.json").is_file():
        raise publishing.PublishingError(
            f"{repo} is not a content repository (no metadata/1.root.json): set it up with "
            "`kiosk-admin content keys init`."
        )
    conn = open_database(db_path)
    try:
        return publishing.prepare_release(conn, repo, now=now)
    finally:
        conn.close()


def sign_and_publish(repo: Path, keys: Path, prepared, now: dt.datetime):
    """Check that the key folder holds the online keys root.json names, then publish. The check
    comes first so a missing key never leaves a release file without metadata naming it."""
    from kiosk.content import publishing

    status = publishing.repository_status(repo, keys)  # reads every key file: a broken one fails
    missing = [
        role for role in publishing.ONLINE_ROLES if not status.key_files.get(role)
    ]  # (root keys stay offline)
    if missing:
        raise publishing.PublishingError(
            f"The key folder {keys} lacks the key for "
            + ", ".join(missing)
            + " (or holds other keys than root.json names): nothing was published."
        )
    return publishing.publish(repo, keys, prepared.data, version=prepared.version, now=now)


def diff_lines(cat: Catalogue, prepared) -> list[str]:
    """What changes for the kiosks, one line each, in the desk's language."""
    release = prepared.release
    names = {offer.id: f"{offer.name} · {offer.id}" for offer in release.offers}
    # TRANSLATORS: desk editor, Publish: the number of the release about to be signed
    head = " ".join(
        (
            cat._("Release {n}.", n=prepared.version),
            cat.n_("{n} offer", "{n} offers", len(release.offers)),
        )
    )
    diff = prepared.diff
    if diff is None:
        return [head, cat._("This is the first release of this repository: all of it is new.")]
    lines = [head, cat._("Changes against release {n}:", n=prepared.previous_version)]
    if diff.empty:
        return [*lines, cat._("Nothing has changed since the published release.")]
    lines += [
        cat._("Offer added: {name}", name=names.get(offer_id, offer_id))
        for offer_id in diff.offers_added
    ]
    lines += [
        # TRANSLATORS: {field}: the changed fields' names (phone, hours …), as in the change log
        cat._(
            "Offer changed: {name} ({field})",
            name=names.get(item.offer_id, item.offer_id),
            field=", ".join(item.fields),
        )
        for item in diff.offers_changed
    ]
    lines += [cat._("Offer removed: {name}", name=offer_id) for offer_id in diff.offers_removed]
    # TRANSLATORS: {text}: what changed in the list, in English (from the release check)
    lines += [cat._("Languages: {text}", text=line) for line in diff.languages]
    lines += [cat._("Topics: {text}", text=line) for line in diff.needs]
    lines += [cat._("Age bands: {text}", text=line) for line in diff.age_bands]
    return lines


# -- the Publish dialog ------------------------------------------------------------------------
class PublishDialog(QDialog):
    """Folders → the kiosks' diff → Sign and publish; every step in a worker thread."""

    #: idle | preparing | ready | publishing | published | failed
    state_changed = Signal(str)

    def __init__(
        self,
        db_path: Path,
        localizer: Localizer,
        settings: QSettings,
        clock: Callable[[], dt.datetime] = utc_now,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("desk_publish_dialog")
        self.setModal(True)
        self._db_path = Path(db_path)
        self._localizer = localizer
        self._settings = settings
        self._clock = clock
        self._prepared = None
        self._lines: list[str] = []
        self.state = "idle"
        self.result = None
        self._job = WorkerJob(self)
        self._job.done.connect(self._on_done)
        self._job.failed.connect(self._on_failed)

        folders = QVBoxLayout()
        self.repo_label = QLabel(self)
        self.repo = QLineEdit(self)
        self.repo.setObjectName("desk_publish_repo")
        self.repo_browse = QPushButton(self)
        self.repo_browse.setObjectName("desk_publish_repo_browse")
        self.keys_label = QLabel(self)
        self.keys = QLineEdit(self)
        self.keys.setObjectName("desk_publish_keys")
        self.keys_browse = QPushButton(self)
        self.keys_browse.setObjectName("desk_publish_keys_browse")
        self.repo_label.setBuddy(self.repo)
        self.keys_label.setBuddy(self.keys)
        for label, edit, browse in (
            (self.repo_label, self.repo, self.repo_browse),
            (self.keys_label, self.keys, self.keys_browse),
        ):
            label.setWordWrap(True)
            folders.addWidget(label)
            line = QHBoxLayout()
            line.addWidget(edit, 1)
            line.addWidget(browse)
            folders.addLayout(line)
        self.repo.setText(str(settings.value(REPO_KEY, "") or ""))
        self.keys.setText(str(settings.value(KEYS_KEY, "") or ""))
        self.repo_browse.clicked.connect(lambda: self._browse(self.repo))
        self.keys_browse.clicked.connect(lambda: self._browse(self.keys))
        self.repo.textChanged.connect(self._forget_preview)
        self.keys.textChanged.connect(self._on_keys_edited)

        self.preview = QPushButton(self)
        self.preview.setObjectName("desk_publish_preview")
        self.preview.clicked.connect(self.start_preview)
        self.diff_label = QLabel(self)
        self.diff = QPlainTextEdit(self)
        self.diff.setObjectName("desk_publish_diff")
        self.diff.setReadOnly(True)
        self.diff_label.setBuddy(self.diff)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("desk_publish_progress")
        self.progress.setRange(0, 0)  # busy: signing takes as long as it takes
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("desk_publish_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel(self)
        self.error.setObjectName("desk_publish_error")
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.confirm = QPushButton(self)
        self.confirm.setObjectName("desk_publish_confirm")
        self.confirm.setProperty("primary", True)
        self.confirm.setEnabled(False)
        self.confirm.clicked.connect(self.start_publish)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("desk_publish_cancel")
        self.close_button.clicked.connect(self.reject)

        box = QVBoxLayout(self)
        box.addLayout(folders)
        box.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.diff_label)
        box.addWidget(self.diff, 1)
        box.addWidget(self.progress)
        box.addWidget(self.status)
        box.addWidget(self.error)
        actions = QHBoxLayout()
        actions.addWidget(self.close_button)
        actions.addStretch(1)
        actions.addWidget(self.confirm)
        box.addLayout(actions)
        self.resize(1100, 720)
        self.retranslate()

    @property
    def cat(self) -> Catalogue:
        return self._localizer.catalogue

    def retranslate(self) -> None:
        cat = self.cat
        self.setWindowTitle(cat._("Publish for the kiosks"))
        # TRANSLATORS: desk editor, Publish: the folder the web server serves to the kiosks
        self.repo_label.setText(cat._("Content repository (folder on the web server):"))
        # TRANSLATORS: desk editor, Publish: the folder with the office's private signing keys
        self.keys_label.setText(cat._("Key folder (private keys, never on the web server):"))
        self.repo_browse.setText(cat._("Choose…"))
        self.keys_browse.setText(cat._("Choose…"))
        self.preview.setText(cat._("Show what changes for the kiosks"))
        self.diff_label.setText(cat._("What changes for the kiosks:"))
        self.confirm.setText(cat._("Sign and publish"))
        self.close_button.setText(cat._("Close") if self.state == "published" else cat._("Cancel"))
        names = {
            self.repo: cat._("Content repository folder"),
            self.keys: cat._("Key folder"),
            self.repo_browse: cat._("Choose the content repository folder"),
            self.keys_browse: cat._("Choose the key folder"),
            self.preview: self.preview.text(),
            self.diff: self.diff_label.text(),
            self.progress: cat._("Progress"),
            self.confirm: self.confirm.text(),
            self.close_button: self.close_button.text(),
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)

    # -- steps ---------------------------------------------------------------------------------
    def _set_state(self, state: str, status: str = "", error: str = "") -> None:
        self.state = state
        busy = state in ("preparing", "publishing")
        self.progress.setVisible(busy)
        for widget in (self.repo, self.keys, self.repo_browse, self.keys_browse, self.preview):
            widget.setEnabled(not busy and state != "published")
        self.close_button.setEnabled(not busy)
        self.confirm.setEnabled(
            state == "ready" and self._prepared is not None and not self._unchanged()
        )
        self.status.setText(status)
        self.error.setText(f"⚠ {error}" if error else "")
        self.error.setVisible(bool(error))
        self.retranslate()
        self.state_changed.emit(state)

    def _unchanged(self) -> bool:
        diff = self._prepared.diff if self._prepared is not None else None
        return diff is not None and diff.empty

    def _folders(self) -> tuple[Path, Path] | None:
        repo, keys = self.repo.text().strip(), self.keys.text().strip()
        if not repo or not keys:
            self._set_state(
                "failed", error=self.cat._("Please give the repository folder and the key folder.")
            )
            return None
        return Path(repo).expanduser(), Path(keys).expanduser()

    def start_preview(self) -> None:
        folders = self._folders()
        if folders is None or self._job.running():
            return
        repo, _keys = folders
        self._prepared = None
        self.diff.clear()
        now = self._clock()
        self._set_state("preparing", self.cat._("Building the release and comparing…"))
        self._job.start(lambda: ("prepared", prepare(self._db_path, repo, now)), "desk-prepare")

    def start_publish(self) -> None:
        folders = self._folders()
        if folders is None or self._prepared is None or self._job.running():
            return
        repo, keys = folders
        prepared, now = self._prepared, self._clock()
        self._set_state("publishing", self.cat._("Signing and publishing…"))
        self._job.start(
            lambda: ("published", sign_and_publish(repo, keys, prepared, now)), "desk-publish"
        )

    def _on_done(self, outcome: tuple[str, Any]) -> None:
        kind, value = outcome
        cat = self.cat
        if kind == "prepared":
            self._prepared = value
            self._lines = diff_lines(cat, value)
            self.diff.setPlainText("\n".join(self._lines))
            if self._unchanged():
                status = cat._("Nothing to publish: the kiosks already have this content.")
            else:
                status = cat._(
                    "Check the changes. Nothing is signed before you choose “Sign and publish”."
                )
            self._set_state("ready", status)
            return
        self.result = value
        self._settings.setValue(REPO_KEY, self.repo.text().strip())
        self._settings.setValue(KEYS_KEY, self.keys.text().strip())
        self._settings.sync()
        self._set_state(
            "published",
            cat._(
                "Release {n} is published. The kiosks take it at their next check.",
                n=value.version,
            ),
        )

    def _on_failed(self, message: str) -> None:
        cat = self.cat
        if self.state == "publishing":
            text = cat._("Not published: {error}", error=message)
        else:
            text = cat._("The release could not be prepared: {error}", error=message)
            self._prepared = None
        self._set_state("failed", error=text)
        if self._prepared is not None:  # a publishing error: the preview still stands
            self.confirm.setEnabled(True)

    def _forget_preview(self) -> None:
        if self.state in ("ready", "failed") and not self._job.running():
            self._prepared = None
            self.diff.clear()
            self._set_state("idle")

    def _on_keys_edited(self) -> None:
        if self.state == "failed" and self._prepared is not None:
            self.confirm.setEnabled(True)

    def _browse(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, edit.accessibleName(), edit.text())
        if folder:
            edit.setText(folder)

    # -- not while working ---------------------------------------------------------------------
    def reject(self) -> None:
        if self._job.running():
            return  # signing cannot be cut off half-way; the dialog closes once it is done
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._job.running():
            event.ignore()
            return
        super().closeEvent(event)


# -- the window --------------------------------------------------------------------------------
class DeskEditorWindow(QMainWindow):
    """A desktop window around the staff screens in desk mode, with Publish."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        db_path: Path,
        localizer: Localizer,
        metrics: Metrics,
        settings: QSettings | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
    ):
        super().__init__()
        from ui.screens.staff.area import StaffArea

        self.setObjectName("desk_editor")
        self._conn = conn
        self._db_path = Path(db_path)
        self._localizer = localizer
        self._settings = settings or QSettings(SETTINGS_ORGANISATION, SETTINGS_APPLICATION)
        self._clock = clock
        self.desk = StaffDesk(conn, clock)
        self.area = StaffArea(self.desk, localizer, metrics, self, desk_mode=True)
        self.setCentralWidget(self.area)
        self.publish_dialog: PublishDialog | None = None

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("desk_toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.publish_action = QAction(self)
        self.publish_action.setObjectName("desk_publish_action")
        self.publish_action.setShortcut(QKeySequence("Ctrl+P"))
        self.publish_action.triggered.connect(self.open_publish)
        # a real button (the kiosk style makes it big and clear), the action's twin
        self.publish_button = QPushButton(self.toolbar)
        self.publish_button.setObjectName("desk_publish")
        self.publish_button.setProperty("primary", True)
        self.publish_button.clicked.connect(self.publish_action.trigger)
        self.toolbar.addWidget(self.publish_button)
        self.quit_action = QAction(self)
        self.quit_action.setObjectName("desk_quit_action")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.content_menu = self.menuBar().addMenu("")
        self.content_menu.setObjectName("desk_content_menu")
        self.content_menu.addAction(self.publish_action)
        self.content_menu.addSeparator()
        self.content_menu.addAction(self.quit_action)
        self.menuBar().setObjectName("desk_menu_bar")
        self.statusBar().setObjectName("desk_status_bar")
        from ui.desk_views import DeskViews  # (it builds on this module's worker job)

        # check-in sheets, completeness, links, open formats, the kiosks' statistics and status
        self.views = DeskViews(self)
        self.area.open_desk(self._db_path.name)
        self.retranslate()

    def retranslate(self) -> None:
        cat = self._localizer.catalogue
        self.setWindowTitle(
            cat._("Wegweiser desk editor – {path}", path=str(self._db_path.resolve()))
        )
        self.publish_action.setText(cat._("Publish for the kiosks…"))
        self.publish_button.setText(self.publish_action.text())
        self.publish_button.setAccessibleName(self.publish_action.text())
        self.quit_action.setText(cat._("Quit"))
        self.content_menu.setTitle(cat._("Content"))
        self.menuBar().setAccessibleName(cat._("Menu"))
        self.toolbar.setAccessibleName(cat._("Tools"))
        self.statusBar().showMessage(
            cat._("Central database: {path}", path=str(self._db_path.resolve()))
        )
        self.views.retranslate()

    def open_publish(self) -> PublishDialog:
        """The Publish dialog (modal over the window; tests drive the returned dialog)."""
        if self.publish_dialog is not None:
            self.publish_dialog.deleteLater()
        self.publish_dialog = PublishDialog(
            self._db_path, self._localizer, self._settings, self._clock, self
        )
        self.publish_dialog.open()
        return self.publish_dialog


# -- the command -------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk-editor",
        description="Wegweiser desk editor: edit the central database and publish it to the "
        "kiosks. Access is by operating-system account (no PIN).",
    )
    parser.add_argument(
        "--db",
        type=Path,
        required=True,
        help="the central database (never a kiosk's own database)",
    )
    parser.add_argument(
        "--lang", default=DESK_LANGUAGE, help=f"language of the window (default {DESK_LANGUAGE})"
    )
    parser.add_argument("--size", default="1400x900", metavar="WxH", help="window size")
    return parser


def open_central(path: Path) -> sqlite3.Connection:
    """The central database; a kiosk's database that follows a content server is refused."""
    from kiosk.content.store import is_managed
    from kiosk.db.connection import open_database

    conn = open_database(path)
    if is_managed(conn):
        conn.close()
        raise ValueError(
            f"{path} is a kiosk's database that follows a content server: its offers come from "
            "the central database. Open the central database instead."
        )
    return conn


def main(argv: list[str] | None = None) -> int:
    from kiosk.db.connection import DatabaseError
    from kiosk.i18n import catalogue_codes
    from ui.app import create_application, parse_size

    args = build_parser().parse_args(argv)
    if args.lang != "en" and args.lang not in catalogue_codes():
        print(f"kiosk-editor: no catalogue for the language {args.lang!r}", file=sys.stderr)
        return 2
    lang = args.lang
    size = parse_size(args.size)
    try:
        conn = open_central(args.db)
    except (DatabaseError, ValueError) as error:
        print(f"kiosk-editor: {error}", file=sys.stderr)
        return 1
    app, metrics = create_application(sys.argv[:1])
    app.setApplicationName(SETTINGS_APPLICATION)
    localizer = Localizer(lang)
    localizer.set_language(lang)
    window = DeskEditorWindow(conn, args.db, localizer, metrics)
    if size:
        window.resize(*size)
    window.show()
    try:
        return app.exec()
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
