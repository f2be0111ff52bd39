"""Kiosk settings: languages (on/off, order), age bands, times, location and printer.

Saved through :class:`~kiosk.admin.settings.KioskSettingsEditing` (checked, one transaction,
audit log); the kiosk window applies them at once (``saved`` tells it to).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin.desk import StaffDesk
from kiosk.domain.choices import Language
from kiosk.domain.configuration import ConfigurationForm, configuration_to_form
from kiosk.domain.settings import (
    HIDE_OUTDATED_AFTER_MONTHS,
    IDLE_TIMEOUT,
    LOCATION,
    ON_SETTINGS_SCREEN,
    PRINTER,
    STAFF_IDLE_TIMEOUT,
    VERIFY_AFTER_MONTHS,
    Setting,
)
from kiosk.domain.validation import Problem
from ui.screens.base import Screen, discard, make_label, make_scroll_area
from ui.screens.staff.common import FieldBlock, ToggleButton, make_button, make_section

#: The editor of each setting (label and hint come from its declaration).
OBJECT_NAMES = {
    LOCATION: "settings_location",
    PRINTER: "settings_printer",
    IDLE_TIMEOUT: "settings_idle",
    STAFF_IDLE_TIMEOUT: "settings_staff_idle",
    VERIFY_AFTER_MONTHS: "settings_verify_months",
    HIDE_OUTDATED_AFTER_MONTHS: "settings_hide_outdated_months",
}


def printer_names() -> list[str]:
    """Printers the system knows (empty on a machine without CUPS, or when CUPS does not
    answer in time). Asks CUPS: call it off the GUI thread (see :class:`_PrinterList`)."""
    from kiosk.printer_status import printer_queues

    return printer_queues() or []


class _PrinterList(QObject):
    """Fetches the printer names on a worker thread: a hung cupsd must not stop the screen."""

    found = Signal(list)

    def fetch(self) -> None:
        import threading

        threading.Thread(target=self._run, name="printer-list", daemon=True).start()

    def _run(self) -> None:
        names = printer_names()
        try:
            self.found.emit(names)
        except RuntimeError:  # the screen was closed meanwhile
            pass


class _LanguageRow(QWidget):
    """One language: on/off, and up/down to change the order."""

    def __init__(self, language: Language, metrics, parent: QWidget):
        super().__init__(parent)
        self.language = language
        self.setObjectName(f"settings_lang_{language.code}_row")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(metrics.gap)
        self.toggle = ToggleButton(f"settings_lang_{language.code}", metrics, self)
        self.up = make_button(f"settings_lang_{language.code}_up", metrics, self)
        self.down = make_button(f"settings_lang_{language.code}_down", metrics, self)
        self.up.setText("▲")
        self.down.setText("▼")
        row.addWidget(self.toggle, 1)
        row.addWidget(self.up)
        row.addWidget(self.down)


class _BandRow(QWidget):
    """One age band: from age, to age, remove."""

    def __init__(self, index: int, metrics, parent: QWidget):
        super().__init__(parent)
        self.index = index
        self.setObjectName(f"settings_band_{index}_row")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(metrics.px(4))
        row = QHBoxLayout()
        row.setSpacing(metrics.gap)
        self.low = QLineEdit(self)
        self.low.setObjectName(f"settings_band_{index}_min")
        self.high = QLineEdit(self)
        self.high.setObjectName(f"settings_band_{index}_max")
        self.dash = QLabel("–", self)
        for edit in (self.low, self.high):
            edit.setMinimumHeight(metrics.touch_min)
            edit.setMaximumWidth(metrics.mm(40))
        self.remove = make_button(f"settings_band_{index}_remove", metrics, self)
        row.addWidget(self.low)
        row.addWidget(self.dash)
        row.addWidget(self.high)
        row.addStretch(1)
        row.addWidget(self.remove)
        self.error = make_label(f"settings_band_{index}_error", "error", self)
        self.error.hide()
        column.addLayout(row)
        column.addWidget(self.error)


class SettingsScreen(Screen):
    """The kiosk's settings; ``saved`` after a successful save."""

    screen_name = "staff_settings"
    saved = Signal(int)  # number of changed settings
    cancelled = Signal()

    def __init__(self, desk: StaffDesk, *args, desk_mode: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._desk = desk
        self._desk_mode = desk_mode
        self._managed = False
        self._problems: list[Problem] = []
        m = self._metrics
        self.problems_label = make_label("settings_problems", "notice", self)
        self.problems_label.hide()
        self._layout.addWidget(self.problems_label)
        content = QWidget()
        content.setObjectName("settings_content")
        self._content = content
        column = QVBoxLayout(content)
        column.setSpacing(m.gap * 2)
        column.setContentsMargins(0, 0, m.gap, 0)
        self.sections = {}
        for name in ("place", "times", "languages", "bands"):
            frame, heading = make_section(f"settings_section_{name}", content, m)
            self.sections[name] = (frame, heading)
            column.addWidget(frame)
        column.addStretch(1)
        if desk_mode:  # place, printer and times belong to each kiosk, not to the centre
            for name in ("place", "times"):
                self.sections[name][0].hide()

        self.blocks: dict[str, FieldBlock] = {}
        self.printer = QComboBox()
        self.printer.setEditable(True)
        self._printers = _PrinterList(self)
        self._printers.found.connect(self._fill_printers)
        for setting in ON_SETTINGS_SCREEN:
            editor = self.printer if setting is PRINTER else QLineEdit()
            editor.setObjectName(OBJECT_NAMES[setting])
            block = FieldBlock(setting.key, editor, m, content, prefix="settings")
            self.blocks[setting.key] = block
            section = "place" if setting.bounds is None else "times"
            self.sections[section][0].layout().addWidget(block)

        lang_box = self.sections["languages"][0].layout()
        self.managed = make_label("settings_managed", "notice", content)
        self.managed.hide()
        lang_box.addWidget(self.managed)
        self.languages_hint = make_label("settings_languages_hint", "hint", content)
        lang_box.addWidget(self.languages_hint)
        self.languages_error = make_label("settings_languages_error", "error", content)
        self.languages_error.hide()
        lang_box.addWidget(self.languages_error)
        self._languages_layout = QVBoxLayout()
        self._languages_layout.setSpacing(m.gap // 2)
        lang_box.addLayout(self._languages_layout)
        self.language_rows: list[_LanguageRow] = []

        band_box = self.sections["bands"][0].layout()
        self.bands_hint = make_label("settings_bands_hint", "hint", content)
        band_box.addWidget(self.bands_hint)
        self.bands_error = make_label("settings_bands_error", "error", content)
        self.bands_error.hide()
        band_box.addWidget(self.bands_error)
        self._bands_layout = QVBoxLayout()
        self._bands_layout.setSpacing(m.gap // 2)
        band_box.addLayout(self._bands_layout)
        self.band_rows: list[_BandRow] = []
        self.add_band = make_button("settings_band_add", m, content, on_click=self._on_add_band)
        band_box.addWidget(self.add_band)

        self.scroll = make_scroll_area("settings_scroll", content, self)
        self._layout.addWidget(self.scroll, 1)
        actions = QHBoxLayout()
        self.cancel = make_button("settings_cancel", m, self, on_click=self.cancelled.emit)
        self.save = make_button("settings_save", m, self, primary=True, on_click=self._on_save)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        actions.addWidget(self.save)
        self._layout.addLayout(actions)
        self.load()

    # -- loading and reading -----------------------------------------------------------------
    def load(self) -> None:
        form = configuration_to_form(self._desk.settings.load())
        self._widget(LOCATION).setText(form.location)
        self._widget(IDLE_TIMEOUT).setText(form.idle_timeout_seconds)
        self._widget(STAFF_IDLE_TIMEOUT).setText(form.staff_idle_timeout_seconds)
        self._widget(VERIFY_AFTER_MONTHS).setText(form.verify_after_months)
        self._widget(HIDE_OUTDATED_AFTER_MONTHS).setText(form.hide_outdated_after_months)
        self._managed = not self._desk_mode and self._desk.content_managed()
        # The saved printer at once; the others once CUPS has answered (off this thread).
        self._fill_printers([], form.printer)
        if not self._desk_mode:
            self._printers.fetch()
        self._set_languages(form.languages)
        self._set_bands(form.age_bands)
        self._problems = []
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()

    def _fill_printers(self, names: list[str], chosen: str | None = None) -> None:
        chosen = self.printer.currentText() if chosen is None else chosen
        names = list(names)
        if chosen and chosen not in names:
            names.insert(0, chosen)
        self.printer.clear()
        self.printer.addItems(["", *names])
        self.printer.setCurrentText(chosen)

    def _widget(self, setting: Setting) -> QLineEdit:
        return self.blocks[setting.key].editor

    def form(self) -> ConfigurationForm:
        return ConfigurationForm(
            languages=[(row.language, row.toggle.isChecked()) for row in self.language_rows],
            age_bands=[(row.low.text(), row.high.text()) for row in self.band_rows],
            idle_timeout_seconds=self._widget(IDLE_TIMEOUT).text(),
            staff_idle_timeout_seconds=self._widget(STAFF_IDLE_TIMEOUT).text(),
            verify_after_months=self._widget(VERIFY_AFTER_MONTHS).text(),
            hide_outdated_after_months=self._widget(HIDE_OUTDATED_AFTER_MONTHS).text(),
            location=self._widget(LOCATION).text(),
            printer=self.printer.currentText(),
        )

    def _set_languages(self, languages: list[tuple[Language, bool]]) -> None:
        for row in self.language_rows:
            self._languages_layout.removeWidget(row)
            discard(row)
        self.language_rows = []
        for index, (language, enabled) in enumerate(languages):
            row = _LanguageRow(language, self._metrics, self._content)
            row.toggle.setChecked(enabled)
            # the order is content: on a managed kiosk it comes from the central office
            row.up.setEnabled(index > 0 and not self._managed)
            row.down.setEnabled(index < len(languages) - 1 and not self._managed)
            row.up.clicked.connect(lambda _=False, i=index: self._move_language(i, -1))
            row.down.clicked.connect(lambda _=False, i=index: self._move_language(i, 1))
            self._languages_layout.addWidget(row)
            self.language_rows.append(row)
        self._retranslate_languages()

    def _move_language(self, index: int, step: int) -> None:
        languages = [(row.language, row.toggle.isChecked()) for row in self.language_rows]
        target = index + step
        if 0 <= target < len(languages):
            languages[index], languages[target] = languages[target], languages[index]
            self._set_languages(languages)

    def _set_bands(self, bands: list[tuple[str, str]]) -> None:
        for row in self.band_rows:
            self._bands_layout.removeWidget(row)
            discard(row)
        self.band_rows = []
        for index, (low, high) in enumerate(bands):
            row = _BandRow(index, self._metrics, self._content)
            row.low.setText(low)
            row.high.setText(high)
            row.remove.clicked.connect(lambda _=False, i=index: self._on_remove_band(i))
            row.setEnabled(not self._managed)  # age bands are content too
            self._bands_layout.addWidget(row)
            self.band_rows.append(row)
        self.add_band.setEnabled(not self._managed)
        self._retranslate_bands()

    def _on_add_band(self) -> None:
        bands = [(row.low.text(), row.high.text()) for row in self.band_rows]
        bands.append(("", ""))
        self._set_bands(bands)
        self.band_rows[-1].low.setFocus()

    def _on_remove_band(self, index: int) -> None:
        bands = [(row.low.text(), row.high.text()) for row in self.band_rows]
        del bands[index]
        self._set_bands(bands)

    def _on_save(self) -> None:
        result = self._desk.settings.save(self.form())
        if not result.ok:
            self._show_problems(result.problems)
            return
        self._show_problems([])
        self.saved.emit(len(result.changes))

    # -- problems ----------------------------------------------------------------------------
    def _show_problems(self, problems: list[Problem]) -> None:
        self._problems = list(problems)
        cat = self.cat
        for block in self.blocks.values():
            block.set_error("")
        for label in (self.languages_error, self.bands_error, *(r.error for r in self.band_rows)):
            label.clear()
            label.hide()
        for item in problems:
            text = item.text(cat._)
            if item.field in self.blocks:
                self.blocks[item.field].set_error(text)
                continue
            if item.field.startswith("age_bands."):
                index = int(item.field.split(".")[1])
                label = self.band_rows[index].error if index < len(self.band_rows) else None
            elif item.field == "age_bands":
                label = self.bands_error
            else:
                label = self.languages_error
            if label is not None:
                label.setText(f"⚠ {text}")
                label.show()
        self.problems_label.setText(
            cat.n_(
                "{n} problem must be fixed before saving; see the marked fields.",
                "{n} problems must be fixed before saving; see the marked fields.",
                len(problems),
            )
        )
        self.problems_label.setVisible(bool(problems))

    # -- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        cat = self.cat
        self.title.setText(
            cat._("Languages and age bands") if self._desk_mode else cat._("Settings")
        )
        # TRANSLATORS: settings screen of a kiosk whose offers come from the central office
        self.managed.setText(
            cat._(
                "The order of the languages and the age bands come from the integration office "
                "with the offers. Which languages this kiosk shows is set here."
            )
            if self._managed
            else ""
        )
        self.managed.setVisible(self._managed)
        titles = {
            "place": cat._("This kiosk"),
            "times": cat._("Times"),
            "languages": cat._("Languages for visitors"),
            "bands": cat._("Age bands"),
        }
        for name, (_, heading) in self.sections.items():
            heading.setText(titles[name])
        for setting in ON_SETTINGS_SCREEN:
            self.blocks[setting.key].set_texts(cat._(setting.label), cat._(setting.hint))
        self.languages_hint.setText(
            cat._("Switch languages on or off; ▲ ▼ change the order on the language screen.")
        )
        self.bands_hint.setText(
            cat._(
                "From and to age, youngest first; leave “from” empty for the youngest band "
                "and “to” empty for the oldest."
            )
        )
        self.add_band.setText(cat._("Add an age band"))
        self.cancel.setText(cat._("Cancel"))
        self.save.setText(cat._("Save"))
        self._retranslate_languages()
        self._retranslate_bands()
        self._show_problems(self._problems)

    def _retranslate_languages(self) -> None:
        cat = self.cat
        for row in self.language_rows:
            code = row.language.code
            name = cat.language_name(code)
            own = row.language.endonym
            label = own if name.casefold() == own.casefold() else f"{own} – {cat.isolate(name)}"
            row.toggle.set_label(f"{label} ({code})")
            row.up.setAccessibleName(cat._("Move {language} up", language=own))
            row.down.setAccessibleName(cat._("Move {language} down", language=own))

    def _retranslate_bands(self) -> None:
        cat = self.cat
        for row in self.band_rows:
            number = row.index + 1
            row.low.setPlaceholderText(cat._("from"))
            row.high.setPlaceholderText(cat._("to"))
            row.low.setAccessibleName(cat._("Age band {n}: from age", n=number))
            row.high.setAccessibleName(cat._("Age band {n}: to age", n=number))
            row.remove.setText(cat._("Remove"))
            row.remove.setAccessibleName(cat._("Remove age band {n}", n=number))
