"""The offer editor: every field of one offer, big enough for a finger, checked by the core.

The screen only holds text: :meth:`load` fills it from an
:class:`~kiosk.domain.offer_form.OfferForm`, :meth:`form` reads it back, and saving goes
through :class:`~kiosk.admin.offers.OfferEditing` (validation, one transaction, audit log).
Problems appear under the field they are about. Cancel throws the edits away; nothing is
written before Save. Saving a changed German text marks the other languages' texts outdated
unless staff tick "minor edit" in the German text's group (a typo fixed).
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
from kiosk.domain.schema import (
    DAY_NAMES,
    OFFER_FIELDS,
    SECTIONS,
    TEXT_FIELDS,
    WEEKDAYS,
    Field,
    Kind,
)
from kiosk.domain.texts import SOURCE_TEXT_LANGUAGE
from kiosk.domain.validation import FieldPath, Problem
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
from ui.screens.staff.content_status import managed_notice

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
        self.edits = {
            spec.name: plain_text_edit(f"{prefix}_{spec.name}", metrics, spec.lines)
            for spec in TEXT_FIELDS
            if spec.kind is Kind.TEXT
        }
        inputs = {"status": self.status, **self.edits}
        self.blocks = {
            spec.name: FieldBlock(spec.name, inputs[spec.name], metrics, self, prefix)
            for spec in TEXT_FIELDS
        }
        for block in self.blocks.values():
            box.addWidget(block)
        # Only under the German text: a change there leaves the translations outdated unless
        # it is a minor edit (the offer editor shows it for existing offers).
        self.minor_edit: ToggleButton | None = None
        if lang == SOURCE_TEXT_LANGUAGE:
            self.minor_edit = ToggleButton("editor_minor_edit", metrics, self)
            box.addWidget(self.minor_edit)

    def set_value(self, values: dict[str, str]) -> None:
        self.status.set_value(values.get("status", TextStatus.MACHINE.value))
        for name, edit in self.edits.items():
            edit.setPlainText(values.get(name, ""))

    def value(self) -> dict[str, str]:
        return {
            "status": self.status.value(),
            **{name: edit.toPlainText() for name, edit in self.edits.items()},
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
        # a kiosk whose offers come from the central office shows them read only
        self.managed = make_label("editor_managed", "notice", self)
        self.managed.hide()
        self._layout.addWidget(self.managed)
        self._managed = False

        self._content = QWidget()
        self._content.setObjectName("editor_content")
        column = QVBoxLayout(self._content)
        column.setSpacing(m.gap * 2)
        column.setContentsMargins(0, 0, m.gap, 0)
        self.sections: dict[str, tuple[QWidget, QLabel]] = {}
        for name in SECTIONS:
            frame, heading = make_section(f"editor_section_{name}", self._content, m)
            self.sections[name] = (frame, heading)
            column.addWidget(frame)
        column.addStretch(1)
        self.blocks: dict[str, FieldBlock] = {}
        self.lines: dict[str, QLineEdit] = {}
        self.plains: dict[str, QPlainTextEdit] = {}
        self.toggles: dict[str, ToggleButton] = {}
        self.need_toggles: dict[str, ToggleButton] = {}
        for name in SECTIONS:
            if name == "hours":
                self._build_hours()
            elif name == "texts":
                self._build_texts()
            else:
                self._build_fields(name)
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

    def _build_fields(self, section: str) -> None:
        """The section's fields from the schema, row by row; fields of one row side by side."""
        box = self._section_box(section)
        fields = [spec for spec in OFFER_FIELDS if spec.section == section]
        for number in sorted({spec.row for spec in fields}):
            specs = [spec for spec in fields if spec.row == number]
            blocks = [self._field(spec) for spec in specs]
            verified = any(spec.name == "verified_on" for spec in specs)
            if len(blocks) == 1 and not verified:
                box.addWidget(blocks[0])
                continue
            row = QHBoxLayout()
            row.setSpacing(self._metrics.gap * 2)
            for spec, block in zip(specs, blocks, strict=True):
                if spec.kind is Kind.FLAG:
                    row.addWidget(block)
                else:
                    row.addWidget(block, 1, Qt.AlignmentFlag.AlignTop)
            if verified:
                self.verified_today = make_button(
                    "editor_verified_today",
                    self._metrics,
                    self._content,
                    on_click=self._on_verified_today,
                )
                row.addWidget(self.verified_today, 0, Qt.AlignmentFlag.AlignBottom)
            box.addLayout(row)

    def _field(self, spec: Field) -> FieldBlock:
        """The input of one field by its kind, in a block with its label, hint and error."""
        name = spec.name
        editor: QWidget
        if spec.kind is Kind.CHOICE:
            self.kind = editor = QComboBox()
            editor.setObjectName(f"editor_{name}")
            for kind in OfferKind:
                editor.addItem(kind.value, kind.value)
        elif spec.kind is Kind.FLAG:
            editor = self.toggles[name] = ToggleButton(f"editor_{name}", self._metrics)
        elif spec.kind is Kind.NEEDS:
            editor = self._need_grid(name)
        elif spec.multiline:
            editor = plain_text_edit(f"editor_{name}", self._metrics, spec.lines)
            self.plains[name] = editor
        else:
            editor = self.lines[name] = QLineEdit()
            editor.setObjectName(f"editor_{name}")
            if spec.ltr:
                editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        block = self.blocks[name] = FieldBlock(name, editor, self._metrics, self._content)
        return block

    def _need_grid(self, name: str) -> QWidget:
        needs = QWidget()
        needs.setObjectName(f"editor_{name}")
        grid = QGridLayout(needs)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(self._metrics.gap)
        for index, need in enumerate(self._desk.needs()):
            toggle = ToggleButton(f"editor_need_{need.id}", self._metrics, needs)
            grid.addWidget(toggle, index // 2, index % 2)
            self.need_toggles[need.id] = toggle
        return needs

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
        self._managed = self._desk.content_managed()
        self._content.setEnabled(not self._managed)
        self.save.setEnabled(not self._managed)
        for name, edit in self.lines.items():
            edit.setText(form.get(name))
            edit.setCursorPosition(0)
        self.lines["id"].setReadOnly(original_id is not None)
        for name, edit in self.plains.items():
            edit.setPlainText(form.get(name))
        index = self.kind.findData(form.get("kind"))
        self.kind.setCurrentIndex(max(index, 0))
        for name, toggle in self.toggles.items():
            toggle.setChecked(form.get(name) == YES)
        chosen = {n.strip() for n in form.get("needs").split(",")}
        for need_id, toggle in self.need_toggles.items():
            toggle.setChecked(need_id in chosen)
        known = any(form.get(key).strip() for key in DAY_NAMES)
        for day, key in zip(WEEKDAYS, DAY_NAMES, strict=True):
            self.days[day].set_text(form.get(key))
        self.hours_known.setChecked(known)
        self._on_hours_known(known)
        self._set_exceptions(form.exceptions)
        self._set_texts(form.texts, minor=False)
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
        for name, toggle in self.toggles.items():
            form.fields[name] = YES if toggle.isChecked() else NO
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

    def is_minor_edit(self) -> bool:
        """Whether staff called this a minor edit (the translations keep their status)."""
        group = self.text_groups.get(SOURCE_TEXT_LANGUAGE)
        return bool(group and group.minor_edit and group.minor_edit.isChecked())

    def _set_texts(self, texts: dict[str, dict[str, str]], *, minor: bool | None = None) -> None:
        minor = self.is_minor_edit() if minor is None else minor
        for group in self.text_groups.values():
            self._texts_box.removeWidget(group)
            discard(group)
        self.text_groups = {}
        order = [lang.code for lang, _ in self._languages]
        for lang in sorted(texts, key=lambda c: (order.index(c) if c in order else 99, c)):
            group = _TextGroup(lang, self._metrics, self._content)
            group.set_value(texts[lang])
            group.removed.connect(self._on_remove_text)
            if group.minor_edit is not None:
                group.minor_edit.setChecked(minor)
                group.minor_edit.setVisible(self._original_id is not None)
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
        self.text_groups[lang].edits["summary"].setFocus()
        self.scroll.ensureWidgetVisible(self.text_groups[lang])

    def _on_remove_text(self, lang: str) -> None:
        texts = {code: group.value() for code, group in self.text_groups.items()}
        texts.pop(lang, None)
        self._set_texts(texts)

    def _on_verified_today(self) -> None:
        self.lines["verified_on"].setText(self._desk.today().isoformat())

    def _on_save(self) -> None:
        if self._managed:  # (the button is off; a key press must not get round it either)
            return
        result = self._desk.offers.save(
            self.form(), original_id=self._original_id, minor_edit=self.is_minor_edit()
        )
        if not result.ok:
            self._show_problems(result.problems)
            return
        self._show_problems([])
        self.saved.emit(result.offer.id, len(result.changes))

    # -- problems ----------------------------------------------------------------------------
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def _error_target(
        self, path: FieldPath
    ) -> tuple[QLabel | None, FieldBlock | None, QWidget | None]:
        """Where a problem is shown: (error label, block) and the widget to scroll to."""
        head, *rest = path
        if not rest and head in self.blocks:
            return None, self.blocks[head], self.blocks[head]
        if head in DAY_NAMES:
            row = self.days[str(head).removeprefix("hours_")]
            return row.error, None, row
        if head == "exceptions" and not rest:
            return self.exceptions_error, None, self.exceptions_error
        if head == "exceptions" and isinstance(rest[0], int) and rest[0] < len(self.exception_rows):
            row = self.exception_rows[rest[0]]
            return row.error, None, row
        if head == "texts" and rest:
            group = self.text_groups.get(str(rest[0]))
            if group is not None and len(rest) == 2 and rest[1] in group.blocks:
                return None, group.blocks[rest[1]], group.blocks[rest[1]]
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
            mark_invalid(row.slots, any(p.path == (f"hours_{row.day}",) for p in problems))
        for row in self.exception_rows:
            bad = {
                p.path[-1] for p in problems if p.path[:2] == ("exceptions", row.index) != p.path
            }
            mark_invalid(row.date, "date" in bad)
            mark_invalid(row.slots, "slots" in bad)
            mark_invalid(row.note, "note" in bad)
        messages: dict[int, list[str]] = {}
        owners: dict[int, QLabel | FieldBlock] = {}
        first: QWidget | None = None
        unplaced = []
        for item in problems:
            label, block, anchor = self._error_target(item.path)
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
        self.managed.setText(managed_notice(cat) if self._managed else "")
        self.managed.setVisible(self._managed)
        name = self.lines["name"].text()
        self.subtitle.setText(cat.isolate(name) if name else "")
        for key, (_frame, heading) in self.sections.items():
            heading.setText(cat._(SECTIONS[key]))
        for spec in OFFER_FIELDS:
            if spec.name in self.blocks:
                self.blocks[spec.name].set_texts(
                    cat._(spec.label), cat._(spec.hint) if spec.hint else ""
                )
            if spec.caption:
                self.toggles[spec.name].set_label(cat._(spec.caption))
        current = self.kind.currentData()
        for index, kind in enumerate(OfferKind):
            self.kind.setItemText(index, kind_label(cat, kind))
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
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
            # TRANSLATORS: staff offer editor, status of a text in one language: it was
            # written for an earlier German text, which has changed since
            TextStatus.OUTDATED.value: cat._("Outdated"),
            TextStatus.REVIEWED.value: cat._("Reviewed"),
        }
        for lang, group in self.text_groups.items():
            language = cat.isolate(names.get(lang, lang))
            group.heading.setText(f"{language} ({lang})")
            group.remove.setText(cat._("Remove"))
            group.remove.setAccessibleName(cat._("Remove the {language} text", language=language))
            group.status.set_labels(status_labels)
            for spec in TEXT_FIELDS:
                group.blocks[spec.name].set_texts(cat._(spec.label))
            if group.minor_edit is not None:
                # TRANSLATORS: staff offer editor, a tick under the German text: the change is
                # small (a typo), so the other languages' texts are not marked outdated
                group.minor_edit.set_label(cat._("Minor edit (the translations stay as they are)"))
        self.add_text_lang.clear()
        for lang, _ in self._languages:
            if lang.code not in self.text_groups:
                self.add_text_lang.addItem(f"{lang.endonym} ({lang.code})", lang.code)
        self.add_text_lang.setAccessibleName(cat._("Language of a new text"))
        self.add_text.setText(cat._("Add a text in this language"))
        self.add_text.setEnabled(self.add_text_lang.count() > 0)
