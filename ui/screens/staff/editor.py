"""The offer editor: every field of one offer, big enough for a finger, checked by the core.

The screen only holds text: :meth:`load` fills it from an
:class:`~kiosk.domain.offer_form.OfferForm`, :meth:`form` reads it back, and saving goes
through :class:`~kiosk.admin.offers.OfferEditing` (validation, one transaction, audit log).
Problems appear under the field they are about. Cancel throws the edits away; nothing is
written before Save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.admin.desk import StaffDesk
from kiosk.domain.models import DayStatus, OfferKind, TextStatus
from kiosk.domain.offer_form import NO, YES, ExceptionForm, OfferForm
from kiosk.domain.schema import DAY_NAMES, WEEKDAYS
from kiosk.domain.validation import Problem
from kiosk.i18n import N_
from kiosk.labels import kind_label, need_label
from ui.screens.base import Screen, discard, make_label, make_scroll_area
from ui.screens.staff.common import (
    FieldBlock,
    SegmentButtons,
    ToggleButton,
    make_button,
    make_section,
    mark_invalid,
    plain_text_edit,
)

#: Single-line fields: name → (label, hint), gettext sources.
LINE_FIELDS = {
    "id": (N_("Id"), N_("Small letters a–z, digits and hyphens; cannot change later")),
    "name": (N_("Name"), ""),
    "provider": (N_("Provider"), ""),
    "min_age": (N_("From age"), N_("Empty: no lower limit")),
    "max_age": (N_("Up to age"), N_("Empty: no upper limit")),
    "languages": (
        N_("Languages spoken by the counsellors"),
        N_("Language codes separated by commas, e.g. de, ar, fa-AF"),
    ),
    "street": (N_("Street and number"), ""),
    "postcode": (N_("Postcode"), ""),
    "city": (N_("City"), ""),
    "district": (N_("District"), ""),
    "stop": (N_("Nearest stop"), N_("Tram or bus stop")),
    "lat": (N_("Latitude"), N_("Decimal degrees, e.g. 51.0504; empty if not known")),
    "lon": (N_("Longitude"), N_("Decimal degrees, e.g. 13.7373; empty if not known")),
    "phone": (N_("Phone"), N_("e.g. +49 351 1234567")),
    "email": (N_("E-mail"), ""),
    "web": (N_("Website"), N_("Starting with https://")),
    "source": (N_("Source"), N_("Web address the information comes from, or “staff”")),
    "verified_on": (N_("Last checked on"), N_("YYYY-MM-DD")),
}
PLAIN_FIELDS = {
    "accessibility": (N_("Accessibility"), N_("e.g. step-free entrance, lift")),
    "staff_note": (N_("Note for staff"), N_("Never shown to visitors")),
}
SECTION_TITLES = {
    "general": N_("The offer"),
    "audience": N_("For whom"),
    "address": N_("Address"),
    "contact": N_("Contact"),
    "hours": N_("Opening hours"),
    "texts": N_("Texts for visitors"),
    "check": N_("Source and check"),
}
#: Fields that hold codes, numbers, addresses of the web: always left to right, even in RTL.
LTR_FIELDS = {
    "id",
    "min_age",
    "max_age",
    "languages",
    "postcode",
    "lat",
    "lon",
    "phone",
    "email",
    "web",
    "source",
    "verified_on",
}
DAY_STATES = (DayStatus.OPEN.value, DayStatus.APPOINTMENT.value, DayStatus.CLOSED.value)
TEXT_STATES = tuple(s.value for s in TextStatus)


class _DayRow(QWidget):
    """One weekday: open (with times) / by appointment / closed."""

    def __init__(self, day: str, metrics, parent: QWidget):
        super().__init__(parent)
        self.day = day
        self.setObjectName(f"editor_hours_{day}_row")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(metrics.px(4))
        self.weekday = make_label(f"editor_hours_{day}_label", "field", self)
        line = QHBoxLayout()
        line.setSpacing(metrics.gap)
        self.state = SegmentButtons(f"editor_hours_{day}", DAY_STATES, metrics, self)
        self.slots = QLineEdit(self)
        self.slots.setObjectName(f"editor_hours_{day}_slots")
        self.slots.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.slots.setMinimumHeight(metrics.touch_min)
        self.slots.setMinimumWidth(metrics.mm(45))
        line.addWidget(self.state, 0)
        line.addWidget(self.slots, 1)
        self.error = make_label(f"editor_hours_{day}_error", "error", self)
        self.error.hide()
        box.addWidget(self.weekday)
        box.addLayout(line)
        box.addWidget(self.error)
        self.state.changed.connect(self._on_state)

    def _on_state(self, value: str) -> None:
        self.slots.setEnabled(value == DayStatus.OPEN.value)

    def set_text(self, text: str) -> None:
        value = text.strip().lower()
        if value in (DayStatus.CLOSED.value, DayStatus.APPOINTMENT.value, ""):
            self.state.set_value(value or DayStatus.CLOSED.value)
            self.slots.clear()
        else:
            self.state.set_value(DayStatus.OPEN.value)
            self.slots.setText(text)
        self._on_state(self.state.value())

    def text(self) -> str:
        state = self.state.value()
        if state == DayStatus.OPEN.value:
            return self.slots.text().strip() or DayStatus.OPEN.value
        return state


class _ExceptionRow(QWidget):
    """One dated exception: date, state, times, note, remove."""

    removed = Signal(int)

    def __init__(self, index: int, metrics, parent: QWidget):
        super().__init__(parent)
        self.index = index
        name = f"editor_exception_{index}"
        self.setObjectName(f"{name}_row")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(metrics.px(4))
        first, second = QHBoxLayout(), QHBoxLayout()
        first.setSpacing(metrics.gap)
        second.setSpacing(metrics.gap)
        self.date = QLineEdit(self)
        self.date.setObjectName(f"{name}_date")
        self.date.setMaximumWidth(metrics.mm(50))
        self.state = SegmentButtons(f"{name}_status", DAY_STATES, metrics, self)
        self.slots = QLineEdit(self)
        self.slots.setObjectName(f"{name}_slots")
        self.note = QLineEdit(self)
        self.note.setObjectName(f"{name}_note")
        self.remove = make_button(f"{name}_remove", metrics, self)
        self.remove.clicked.connect(lambda: self.removed.emit(self.index))
        for edit in (self.date, self.slots, self.note):
            edit.setMinimumHeight(metrics.touch_min)
        for edit in (self.date, self.slots):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        first.addWidget(self.date)
        first.addWidget(self.state, 1)
        second.addWidget(self.slots, 1)
        second.addWidget(self.note, 2)
        second.addWidget(self.remove)
        self.error = make_label(f"{name}_error", "error", self)
        self.error.hide()
        box.addLayout(first)
        box.addLayout(second)
        box.addWidget(self.error)
        self.state.changed.connect(lambda v: self.slots.setEnabled(v == DayStatus.OPEN.value))

    def set_value(self, entry: ExceptionForm) -> None:
        self.date.setText(entry.date)
        self.state.set_value(entry.status or DayStatus.CLOSED.value)
        self.slots.setText(entry.slots)
        self.slots.setEnabled(self.state.value() == DayStatus.OPEN.value)
        self.note.setText(entry.note)

    def value(self) -> ExceptionForm:
        state = self.state.value()
        slots = self.slots.text().strip() if state == DayStatus.OPEN.value else ""
        return ExceptionForm(self.date.text().strip(), state, slots, self.note.text().strip())


class _TextGroup(QWidget):
    """The visitor texts of one language with their translation status."""

    removed = Signal(str)

    def __init__(self, lang: str, metrics, parent: QWidget):
        super().__init__(parent)
        self.lang = lang
        prefix = f"editor_text_{lang}"
        self.setObjectName(f"{prefix}_group")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, metrics.px(8), 0, metrics.px(8))
        box.setSpacing(metrics.px(6))
        head = QHBoxLayout()
        self.heading = make_label(f"{prefix}_heading", "heading", self)
        self.remove = make_button(f"{prefix}_remove", metrics, self)
        self.remove.clicked.connect(lambda: self.removed.emit(self.lang))
        head.addWidget(self.heading, 1)
        head.addWidget(self.remove)
        box.addLayout(head)
        self.error = make_label(f"{prefix}_error", "error", self)
        self.error.hide()
        box.addWidget(self.error)
        self.status = SegmentButtons(f"{prefix}_status", TEXT_STATES, metrics, None)
        # Easy-language texts put one sentence per line, even in the summary.
        self.summary = plain_text_edit(f"{prefix}_summary", metrics, 2)
        self.description = plain_text_edit(f"{prefix}_description", metrics, 4)
        self.audience = plain_text_edit(f"{prefix}_audience", metrics, 2)
        self.blocks = {
            "status": FieldBlock("status", self.status, metrics, self, prefix),
            "summary": FieldBlock("summary", self.summary, metrics, self, prefix),
            "description": FieldBlock("description", self.description, metrics, self, prefix),
            "audience": FieldBlock("audience", self.audience, metrics, self, prefix),
        }
        for block in self.blocks.values():
            box.addWidget(block)

    def set_value(self, values: dict[str, str]) -> None:
        self.status.set_value(values.get("status", TextStatus.MACHINE.value))
        self.summary.setPlainText(values.get("summary", ""))
        self.description.setPlainText(values.get("description", ""))
        self.audience.setPlainText(values.get("audience", ""))

    def value(self) -> dict[str, str]:
        return {
            "status": self.status.value(),
            "summary": self.summary.toPlainText(),
            "description": self.description.toPlainText(),
            "audience": self.audience.toPlainText(),
        }


class OfferEditorScreen(Screen):
    """Edit every field of an offer; ``saved`` (id, number of changes) or ``cancelled``."""

    screen_name = "staff_editor"
    saved = Signal(str, int)
    cancelled = Signal()

    def __init__(self, desk: StaffDesk, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._desk = desk
        self._original_id: str | None = None
        self._problems: list[Problem] = []
        self._languages = desk.languages()  # read again on every load, never in retranslate
        m = self._metrics
        self.subtitle = make_label("editor_subtitle", "subtitle", self)
        self._layout.addWidget(self.subtitle)
        self.problems_label = make_label("editor_problems", "notice", self)
        self.problems_label.hide()
        self._layout.addWidget(self.problems_label)

        self._content = QWidget()
        self._content.setObjectName("editor_content")
        column = QVBoxLayout(self._content)
        column.setSpacing(m.gap * 2)
        column.setContentsMargins(0, 0, m.gap, 0)
        self.sections: dict[str, tuple[QWidget, QLabel]] = {}
        for name in SECTION_TITLES:
            frame, heading = make_section(f"editor_section_{name}", self._content, m)
            self.sections[name] = (frame, heading)
            column.addWidget(frame)
        column.addStretch(1)
        self.blocks: dict[str, FieldBlock] = {}
        self.lines: dict[str, QLineEdit] = {}
        self.plains: dict[str, QPlainTextEdit] = {}
        self._build_general()
        self._build_audience()
        self._build_address_and_contact()
        self._build_hours()
        self._build_texts()
        self._build_check()
        self.scroll = make_scroll_area("editor_scroll", self._content, self)
        self._layout.addWidget(self.scroll, 1)

        actions = QHBoxLayout()
        actions.setSpacing(m.gap * 2)
        self.cancel = make_button("editor_cancel", m, self, on_click=self.cancelled.emit)
        self.save = make_button("editor_save", m, self, primary=True, on_click=self._on_save)
        actions.addWidget(self.cancel)
        actions.addStretch(1)
        actions.addWidget(self.save)
        self._layout.addLayout(actions)
        self.retranslate()

    # -- building ----------------------------------------------------------------------------
    def _section_box(self, name: str) -> QVBoxLayout:
        return self.sections[name][0].layout()

    def _line(self, name: str, layout) -> FieldBlock:
        edit = QLineEdit()
        edit.setObjectName(f"editor_{name}")
        if name in LTR_FIELDS:
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        block = FieldBlock(name, edit, self._metrics, self._content)
        self.blocks[name] = block
        self.lines[name] = edit
        if isinstance(layout, QHBoxLayout):
            layout.addWidget(block, 1, Qt.AlignmentFlag.AlignTop)
        else:
            layout.addWidget(block)
        return block

    def _pair(self, names: tuple[str, ...], section: str) -> None:
        row = QHBoxLayout()
        row.setSpacing(self._metrics.gap * 2)
        for name in names:
            self._line(name, row)
        self._section_box(section).addLayout(row)

    def _build_general(self) -> None:
        box = self._section_box("general")
        self._line("id", box)
        self.kind = QComboBox()
        self.kind.setObjectName("editor_kind")
        for kind in OfferKind:
            self.kind.addItem(kind.value, kind.value)
        self.blocks["kind"] = FieldBlock("kind", self.kind, self._metrics, self._content)
        box.addWidget(self.blocks["kind"])
        self._line("name", box)
        self._line("provider", box)
        toggles = QHBoxLayout()
        toggles.setSpacing(self._metrics.gap * 2)
        self.active = ToggleButton("editor_active", self._metrics)
        self.appointment_only = ToggleButton("editor_appointment_only", self._metrics)
        self.blocks["active"] = FieldBlock("active", self.active, self._metrics, self._content)
        self.blocks["appointment_only"] = FieldBlock(
            "appointment_only", self.appointment_only, self._metrics, self._content
        )
        toggles.addWidget(self.blocks["active"])
        toggles.addWidget(self.blocks["appointment_only"])
        box.addLayout(toggles)

    def _build_audience(self) -> None:
        self._pair(("min_age", "max_age"), "audience")
        needs = QWidget()
        needs.setObjectName("editor_needs")
        grid = QGridLayout(needs)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(self._metrics.gap)
        self.need_toggles: dict[str, ToggleButton] = {}
        for index, need in enumerate(self._desk.needs()):
            toggle = ToggleButton(f"editor_need_{need.id}", self._metrics, needs)
            grid.addWidget(toggle, index // 2, index % 2)
            self.need_toggles[need.id] = toggle
        self.blocks["needs"] = FieldBlock("needs", needs, self._metrics, self._content)
        self._section_box("audience").addWidget(self.blocks["needs"])
        self._line("languages", self._section_box("audience"))

    def _build_address_and_contact(self) -> None:
        box = self._section_box("address")
        self._line("street", box)
        self._pair(("postcode", "city"), "address")
        self._pair(("district", "stop"), "address")
        self._pair(("lat", "lon"), "address")
        box = self._section_box("contact")
        for name in ("phone", "email", "web"):
            self._line(name, box)

    def _build_hours(self) -> None:
        box = self._section_box("hours")
        self.hours_known = ToggleButton("editor_hours_known", self._metrics, self._content)
        self.hours_known.toggled.connect(self._on_hours_known)
        box.addWidget(self.hours_known)
        self.days: dict[str, _DayRow] = {}
        self._days_box = QWidget(self._content)
        self._days_box.setObjectName("editor_days")
        days_layout = QVBoxLayout(self._days_box)
        days_layout.setContentsMargins(0, 0, 0, 0)
        days_layout.setSpacing(self._metrics.gap)
        for day in WEEKDAYS:
            row = _DayRow(day, self._metrics, self._days_box)
            days_layout.addWidget(row)
            self.days[day] = row
        box.addWidget(self._days_box)
        self.exceptions_heading = make_label("editor_exceptions_heading", "field", self._content)
        box.addWidget(self.exceptions_heading)
        self.exceptions_hint = make_label("editor_exceptions_hint", "hint", self._content)
        box.addWidget(self.exceptions_hint)
        self._exceptions_box = QVBoxLayout()
        self._exceptions_box.setSpacing(self._metrics.gap)
        box.addLayout(self._exceptions_box)
        self.exception_rows: list[_ExceptionRow] = []
        self.exceptions_error = make_label("editor_exceptions_error", "error", self._content)
        self.exceptions_error.hide()
        box.addWidget(self.exceptions_error)
        self.add_exception = make_button(
            "editor_add_exception", self._metrics, self._content, on_click=self._on_add_exception
        )
        box.addWidget(self.add_exception, 0, Qt.AlignmentFlag.AlignLeading)

    def _build_texts(self) -> None:
        box = self._section_box("texts")
        self._texts_box = QVBoxLayout()
        self._texts_box.setSpacing(self._metrics.gap)
        box.addLayout(self._texts_box)
        self.text_groups: dict[str, _TextGroup] = {}
        row = QHBoxLayout()
        row.setSpacing(self._metrics.gap)
        self.add_text_lang = QComboBox(self._content)
        self.add_text_lang.setObjectName("editor_add_text_lang")
        self.add_text_lang.setMinimumHeight(self._metrics.touch_min)
        self.add_text = make_button(
            "editor_add_text", self._metrics, self._content, on_click=self._on_add_text
        )
        row.addWidget(self.add_text_lang, 1)
        row.addWidget(self.add_text)
        box.addLayout(row)
        self.texts_error = make_label("editor_texts_error", "error", self._content)
        self.texts_error.hide()
        box.addWidget(self.texts_error)

    def _build_check(self) -> None:
        box = self._section_box("check")
        self._line("source", box)
        row = QHBoxLayout()
        row.setSpacing(self._metrics.gap * 2)
        self._line("verified_on", row)
        self.verified_today = make_button(
            "editor_verified_today", self._metrics, self._content, on_click=self._on_verified_today
        )
        row.addWidget(self.verified_today, 0, Qt.AlignmentFlag.AlignBottom)
        box.addLayout(row)
        for name, lines in (("accessibility", 2), ("staff_note", 5)):
            edit = plain_text_edit(f"editor_{name}", self._metrics, lines)
            self.plains[name] = edit
            self.blocks[name] = FieldBlock(name, edit, self._metrics, self._content)
            box.addWidget(self.blocks[name])

    # -- loading and reading -----------------------------------------------------------------
    def edit_offer(self, offer_id: str) -> bool:
        form = self._desk.offers.form_for(offer_id)
        if form is None:
            return False
        self.load(form, offer_id)
        return True

    def new_offer(self) -> None:
        self.load(self._desk.offers.blank_form(), None)

    def original_id(self) -> str | None:
        return self._original_id

    def load(self, form: OfferForm, original_id: str | None) -> None:
        self._original_id = original_id
        self._languages = self._desk.languages()
        for name, edit in self.lines.items():
            edit.setText(form.get(name))
            edit.setCursorPosition(0)
        self.lines["id"].setReadOnly(original_id is not None)
        for name, edit in self.plains.items():
            edit.setPlainText(form.get(name))
        index = self.kind.findData(form.get("kind"))
        self.kind.setCurrentIndex(max(index, 0))
        self.active.setChecked(form.get("active") == YES)
        self.appointment_only.setChecked(form.get("appointment_only") == YES)
        chosen = {n.strip() for n in form.get("needs").split(",")}
        for need_id, toggle in self.need_toggles.items():
            toggle.setChecked(need_id in chosen)
        known = any(form.get(key).strip() for key in DAY_NAMES)
        for day, key in zip(WEEKDAYS, DAY_NAMES, strict=True):
            self.days[day].set_text(form.get(key))
        self.hours_known.setChecked(known)
        self._on_hours_known(known)
        self._set_exceptions(form.exceptions)
        self._set_texts(form.texts)
        self._show_problems([])
        self.scroll.verticalScrollBar().setValue(0)
        self.retranslate()

    def form(self) -> OfferForm:
        form = OfferForm()
        for name, edit in self.lines.items():
            form.fields[name] = edit.text()
        for name, edit in self.plains.items():
            form.fields[name] = edit.toPlainText()
        form.fields["kind"] = self.kind.currentData() or ""
        form.fields["active"] = YES if self.active.isChecked() else NO
        form.fields["appointment_only"] = YES if self.appointment_only.isChecked() else NO
        form.fields["needs"] = ", ".join(
            need_id for need_id, toggle in self.need_toggles.items() if toggle.isChecked()
        )
        known = self.hours_known.isChecked()
        for day, key in zip(WEEKDAYS, DAY_NAMES, strict=True):
            form.fields[key] = self.days[day].text() if known else ""
        form.exceptions = [row.value() for row in self.exception_rows]
        form.texts = {lang: group.value() for lang, group in self.text_groups.items()}
        return form

    def _set_exceptions(self, entries: list[ExceptionForm]) -> None:
        for row in self.exception_rows:
            self._exceptions_box.removeWidget(row)
            discard(row)
        self.exception_rows = []
        for index, entry in enumerate(entries):
            row = _ExceptionRow(index, self._metrics, self._content)
            row.set_value(entry)
            row.removed.connect(self._on_remove_exception)
            self._exceptions_box.addWidget(row)
            self.exception_rows.append(row)
        self._retranslate_exceptions()

    def _set_texts(self, texts: dict[str, dict[str, str]]) -> None:
        for group in self.text_groups.values():
            self._texts_box.removeWidget(group)
            discard(group)
        self.text_groups = {}
        order = [lang.code for lang, _ in self._languages]
        for lang in sorted(texts, key=lambda c: (order.index(c) if c in order else 99, c)):
            group = _TextGroup(lang, self._metrics, self._content)
            group.set_value(texts[lang])
            group.removed.connect(self._on_remove_text)
            self._texts_box.addWidget(group)
            self.text_groups[lang] = group
        self._retranslate_texts()

    # -- actions -----------------------------------------------------------------------------
    def _on_hours_known(self, known: bool) -> None:
        self._days_box.setVisible(known)

    def _on_add_exception(self) -> None:
        entries = [row.value() for row in self.exception_rows]
        entries.append(ExceptionForm(self._desk.today().isoformat(), DayStatus.CLOSED.value))
        self._set_exceptions(entries)
        self.exception_rows[-1].date.setFocus()

    def _on_remove_exception(self, index: int) -> None:
        entries = [row.value() for row in self.exception_rows]
        del entries[index]
        self._set_exceptions(entries)

    def _on_add_text(self) -> None:
        lang = self.add_text_lang.currentData()
        if not lang or lang in self.text_groups:
            return
        texts = {code: group.value() for code, group in self.text_groups.items()}
        texts[lang] = {"status": TextStatus.MISSING.value}
        self._set_texts(texts)
        self.text_groups[lang].summary.setFocus()
        self.scroll.ensureWidgetVisible(self.text_groups[lang])

    def _on_remove_text(self, lang: str) -> None:
        texts = {code: group.value() for code, group in self.text_groups.items()}
        texts.pop(lang, None)
        self._set_texts(texts)

    def _on_verified_today(self) -> None:
        self.lines["verified_on"].setText(self._desk.today().isoformat())

    def _on_save(self) -> None:
        result = self._desk.offers.save(self.form(), original_id=self._original_id)
        if not result.ok:
            self._show_problems(result.problems)
            return
        self._show_problems([])
        self.saved.emit(result.offer.id, len(result.changes))

    # -- problems ----------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def _error_target(self, field: str) -> tuple[QLabel | None, FieldBlock | None, QWidget | None]:
        """Where a problem is shown: (error label, block) and the widget to scroll to."""
        if field in self.blocks:
            return None, self.blocks[field], self.blocks[field]
        if field.startswith("hours_") and field.removeprefix("hours_") in self.days:
            row = self.days[field.removeprefix("hours_")]
            return row.error, None, row
        if field.startswith("exceptions."):
            index = int(field.split(".")[1])
            if index < len(self.exception_rows):
                row = self.exception_rows[index]
                return row.error, None, row
        if field == "exceptions":
            return self.exceptions_error, None, self.exceptions_error
        if field.startswith("texts."):
            parts = field.split(".")
            group = self.text_groups.get(parts[1])
            if group is not None and len(parts) == 3 and parts[2] in group.blocks:
                return None, group.blocks[parts[2]], group.blocks[parts[2]]
            if group is not None:
                return group.error, None, group
            return self.texts_error, None, self.texts_error
        return None, None, None

    def _show_problems(self, problems: list[Problem]) -> None:
        self._problems = list(problems)
        cat = self.cat
        for block in self.blocks.values():
            block.set_error("")
        for group in self.text_groups.values():
            group.error.hide()
            for block in group.blocks.values():
                block.set_error("")
        labels = [row.error for row in self.days.values()]
        labels += [row.error for row in self.exception_rows]
        labels += [self.exceptions_error, self.texts_error]
        for label in labels:
            label.clear()
            label.hide()
        for row in self.days.values():
            mark_invalid(row.slots, any(p.field == f"hours_{row.day}" for p in problems))
        for row in self.exception_rows:
            bad = {
                p.field.split(".")[-1]
                for p in problems
                if p.field.startswith(f"exceptions.{row.index}.")
            }
            mark_invalid(row.date, "date" in bad)
            mark_invalid(row.slots, "slots" in bad)
            mark_invalid(row.note, "note" in bad)
        messages: dict[int, list[str]] = {}
        owners: dict[int, QLabel | FieldBlock] = {}
        first: QWidget | None = None
        unplaced = []
        for item in problems:
            label, block, anchor = self._error_target(item.field)
            owner = block if block is not None else label
            if owner is None:
                unplaced.append(item.text(cat._))
                continue
            messages.setdefault(id(owner), []).append(item.text(cat._))
            owners[id(owner)] = owner
            if first is None:
                first = anchor
        for key, owner in owners.items():
            text = "\n⚠ ".join(messages[key])
            if isinstance(owner, FieldBlock):
                owner.set_error(text)
            else:
                owner.setText(f"⚠ {text}")
                owner.show()
        if problems:
            summary = cat.n_(
                "{n} problem must be fixed before saving; see the marked fields.",
                "{n} problems must be fixed before saving; see the marked fields.",
                len(problems),
            )
            self.problems_label.setText("\n".join([summary, *unplaced]))
        self.problems_label.setVisible(bool(problems))
        if first is not None:
            self.scroll.ensureWidgetVisible(first)

    # -- language ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        cat = self.cat
        new = self._original_id is None
        self.title.setText(cat._("New offer") if new else cat._("Edit offer"))
        name = self.lines["name"].text()
        self.subtitle.setText(cat.isolate(name) if name else "")
        for key, (_frame, heading) in self.sections.items():
            heading.setText(cat._(SECTION_TITLES[key]))
        for name, (label, hint) in {**LINE_FIELDS, **PLAIN_FIELDS}.items():
            self.blocks[name].set_texts(cat._(label), cat._(hint) if hint else "")
        self.blocks["kind"].set_texts(cat._("Kind of offer"))
        current = self.kind.currentData()
        for index, kind in enumerate(OfferKind):
            self.kind.setItemText(index, kind_label(cat, kind))
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        self.blocks["active"].set_texts(cat._("Visibility"))
        self.active.set_label(cat._("Shown to visitors"))
        self.blocks["appointment_only"].set_texts(cat._("Appointments"))
        self.appointment_only.set_label(cat._("Only by appointment"))
        self.blocks["needs"].set_texts(cat._("Helps with"))
        for need_id, toggle in self.need_toggles.items():
            toggle.set_label(need_label(cat, need_id))
        self.hours_known.set_label(cat._("The opening hours are known"))
        day_labels = self._day_labels()
        for index, day in enumerate(WEEKDAYS):
            row = self.days[day]
            row.weekday.setText(cat.weekday(index, line_start=True))
            row.state.set_labels(day_labels)
            row.slots.setPlaceholderText(cat._("e.g. 09:00-12:00, 13:00-15:00"))
            row.slots.setAccessibleName(
                cat._("Opening times on {weekday}", weekday=cat.weekday(index))
            )
        self.exceptions_heading.setText(cat._("Dated exceptions (holidays, closures)"))
        self.exceptions_hint.setText(
            cat._("A date (YYYY-MM-DD) that differs from the usual week, with an optional note.")
        )
        self.add_exception.setText(cat._("Add a dated exception"))
        self._retranslate_exceptions()
        self._retranslate_texts()
        self.verified_today.setText(cat._("Mark as verified today"))
        self.cancel.setText(cat._("Cancel"))
        self.save.setText(cat._("Save"))
        self._show_problems(self._problems)

    def _day_labels(self) -> dict[str, str]:
        cat = self.cat
        return {
            DayStatus.OPEN.value: cat._("Open"),
            DayStatus.APPOINTMENT.value: cat._("By appointment"),
            DayStatus.CLOSED.value: cat._("Closed"),
        }

    def _retranslate_exceptions(self) -> None:
        cat = self.cat
        labels = self._day_labels()
        for row in self.exception_rows:
            number = row.index + 1
            row.state.set_labels(labels)
            row.date.setPlaceholderText(cat._("YYYY-MM-DD"))
            row.date.setAccessibleName(cat._("Date of exception {n}", n=number))
            row.slots.setPlaceholderText(cat._("e.g. 09:00-12:00"))
            row.slots.setAccessibleName(cat._("Opening times of exception {n}", n=number))
            row.note.setPlaceholderText(cat._("Note, e.g. Christmas Eve"))
            row.note.setAccessibleName(cat._("Note of exception {n}", n=number))
            row.remove.setText(cat._("Remove"))
            row.remove.setAccessibleName(cat._("Remove exception {n}", n=number))

    def _retranslate_texts(self) -> None:
        cat = self.cat
        names = {lang.code: lang.endonym for lang, _ in self._languages}
        status_labels = {
            TextStatus.MISSING.value: cat._("Missing"),
            TextStatus.MACHINE.value: cat._("Draft, not reviewed"),
            TextStatus.REVIEWED.value: cat._("Reviewed"),
        }
        for lang, group in self.text_groups.items():
            language = cat.isolate(names.get(lang, lang))
            group.heading.setText(f"{language} ({lang})")
            group.remove.setText(cat._("Remove"))
            group.remove.setAccessibleName(cat._("Remove the {language} text", language=language))
            group.status.set_labels(status_labels)
            group.blocks["status"].set_texts(cat._("Translation status"))
            group.blocks["summary"].set_texts(cat._("Summary"))
            group.blocks["description"].set_texts(cat._("Description"))
            group.blocks["audience"].set_texts(cat._("For whom"))
        self.add_text_lang.clear()
        for lang, _ in self._languages:
            if lang.code not in self.text_groups:
                self.add_text_lang.addItem(f"{lang.endonym} ({lang.code})", lang.code)
        self.add_text_lang.setAccessibleName(cat._("Language of a new text"))
        self.add_text.setText(cat._("Add a text in this language"))
        self.add_text.setEnabled(self.add_text_lang.count() > 0)
