"""What the problem and change record pages share: a form of named rows whose refusals are said
under the field they are about (as FormDialog does), a time that may be unset, the incidents a
record serves, the save through the one write path, and the window they are shown in.

A page shows one record (``show_record``); it reloads when the record or an incident it serves
changes, keeping whatever the person has typed and not saved (as the incident page does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTime, QTimeZone, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from desktop import labels
from desktop.context import AppContext
from desktop.services.changes import Changes
from desktop.text.display import fill
from desktop.text.normalize import isolate
from desktop.views import inputs
from desktop.views.directory_common import field_row, joined
from desktop.views.elided import never_widen, paragraph, refusal_line


# A person field → the detail's attribute with that person's name.
PERSON_NAMES = {"owner_id": "owner", "approved_by": "approver"}


class OptionalTime(QWidget):
    """A time that may be unset: a box to tick, then the date and time (Jalali in Persian, in
    any digits: inputs.DateTimeEdit)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.given = QCheckBox(self)
        self.edit = inputs.DateTimeEdit(self)
        # Numbers read left to right in Persian too; the direction before the format (see incident.py).
        self.edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.edit.setDisplayFormat("yyyy/MM/dd HH:mm")
        self.edit.setCalendarPopup(True)
        self.edit.setEnabled(False)
        self.given.toggled.connect(self._given)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.given)
        row.addWidget(self.edit, 1)

    def _given(self, on: bool) -> None:
        if on and not self.edit.property("crisisroom_shown"):
            self.edit.setDateTime(QDateTime.currentDateTimeUtc().toTimeZone(self.edit.timeZone()))
            self.edit.setProperty("crisisroom_shown", True)
        self.edit.setEnabled(on)

    def follow(self, formatter: Any) -> None:
        self.edit.follow(formatter)

    def value(self) -> dt.datetime | None:
        if not self.given.isChecked():
            return None
        return self.edit.dateTime().toUTC().toPython().replace(tzinfo=dt.timezone.utc)

    def show_value(self, moment: dt.datetime | None, zone: QTimeZone) -> None:
        if moment is not None:
            moment = moment.astimezone(dt.timezone.utc)
            utc = QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute),
                            QTimeZone.utc())
            self.edit.setDateTime(utc.toTimeZone(zone))
            self.edit.setProperty("crisisroom_shown", True)
        self.given.setChecked(moment is not None)
        self.edit.setEnabled(moment is not None)

    def readable(self) -> bool:
        return not self.given.isChecked() or self.edit.readable()


def same_minute(a: dt.datetime | None, b: dt.datetime | None) -> bool:
    """Times are edited to the minute."""
    if a is None or b is None:
        return a is b
    return a.astimezone(dt.timezone.utc).replace(second=0, microsecond=0) == \
        b.astimezone(dt.timezone.utc).replace(second=0, microsecond=0)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return same_minute(a, b)
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return tuple(a or ()) == tuple(b or ())
    if isinstance(a, str) or isinstance(b, str):
        return (a or "").strip() == (b or "").strip()
    return a == b


class RecordPage(QWidget):
    """One problem or change record. Subclasses build the rows (``add_row``), say how each field
    is read and shown (``value``/``show_field``), and name their query and command."""

    loaded = Signal()
    saved = Signal()
    entity = ""  # "problem_record" or "change_record"
    kind = ""  # "problem" or "change"
    FIELDS: tuple[str, ...] = ()
    # A refusal's code, when it is about one field: where it is said (else params' field).
    FIELD_OF_CODE: dict[str, str] = {}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id: str | None = None
        self.detail: Any = None
        self.names: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.inner = QWidget()
        self.columns = QHBoxLayout()
        self.message = refusal_line(self.inner)
        self.status = QLabel(self.inner)
        self.status.setWordWrap(True)
        never_widen(self.status)
        self.save_button = QPushButton(self.inner)
        self.save_button.clicked.connect(self.save)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        column = QVBoxLayout(self.inner)
        column.addLayout(self.columns, 1)
        column.addWidget(self.message)
        column.addLayout(bottom)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        ctx.bus.changed.connect(self._on_changed)

    # -- building
    def box(self) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(self.inner)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, form

    def add_row(self, form: QFormLayout, name: str, widget: QWidget) -> QWidget:
        """A row: its label, the field, and under it the place its refusal is said."""
        self.names[name], self.errors[name] = field_row(form, form.parentWidget(), widget)
        self.widgets[name] = widget
        return widget

    def line(self, name: str) -> QLineEdit:
        return inputs.limit(QLineEdit(), self.entity, name)

    def text(self, name: str, height: int = 90) -> QPlainTextEdit:
        widget = inputs.limit(QPlainTextEdit(), self.entity, name)
        widget.setTabChangesFocus(True)
        widget.setMinimumHeight(height)
        return widget

    def combo(self, keys: tuple[str, ...], none: bool = False) -> QComboBox:
        widget = QComboBox()
        if none:
            widget.addItem("", None)
        for key in keys:
            widget.addItem(key, key)
        return widget

    def incidents_box(self) -> QGroupBox:
        """The incidents the record serves (double-click: show that incident)."""
        self.incidents_group = QGroupBox(self.inner)
        column = QVBoxLayout(self.incidents_group)
        self.incidents = QListWidget(self.incidents_group)
        self.incidents.setMinimumHeight(90)
        self.incidents.itemActivated.connect(
            lambda item: self.ctx.selection.set_incident(item.data(Qt.ItemDataRole.UserRole)))
        column.addWidget(self.incidents)
        self.link_button = QPushButton(self.incidents_group)
        self.link_button.clicked.connect(lambda: self.ask_link())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.link_button)
        column.addLayout(row)
        return self.incidents_group

    def finish(self) -> None:
        inputs.prepare(self.inner)
        self.retranslate()
        self.setEnabled(False)

    # -- fields (the subclass's)
    def value(self, name: str) -> Any:
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, OptionalTime):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        raise KeyError(name)

    def stored(self, name: str) -> Any:
        return getattr(self.detail, name)

    def show_field(self, name: str, stored: Any) -> None:
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            if stored and widget.findData(stored) < 0 and name in PERSON_NAMES and self.detail is not None:
                # Archived from the directory (or not arrived yet): kept, by name, not cleared on save.
                widget.addItem(labels.user_text(getattr(self.detail, PERSON_NAMES[name]) or "—"), stored)
            widget.setCurrentIndex(max(widget.findData(stored), 0))
        elif isinstance(widget, OptionalTime):
            widget.show_value(stored, self.ctx.formatter.zone)
        else:
            inputs.show_text(widget, stored)

    def changed_fields(self) -> dict[str, Any]:
        if self.detail is None:
            return {}
        return {name: self.value(name) for name in self.FIELDS if not _same(self.value(name), self.stored(name))}

    # -- loading
    def query(self) -> Callable[..., Any]:
        raise NotImplementedError

    def command(self) -> Callable[..., Any]:
        raise NotImplementedError

    def show_record(self, record_id: str | None) -> None:
        self._stale = False  # loaded now
        if record_id != self.record_id:
            self.detail = None  # another record: nothing typed for the last one is kept
        self.record_id = record_id
        self.reload()

    people_combos: tuple[QComboBox, ...] = ()  # owner, approver: filled from the directory

    def reload(self) -> None:
        if self.people_combos and getattr(self, "_people_stale", True):
            self._people_stale = False
            from desktop.services import queries

            self.ctx.query(queries.people, on_done=self._people_loaded)
        asked = self.record_id
        if asked is None:
            self.show_data(None)
            self.loaded.emit()
            return

        def done(detail: Any) -> None:
            if asked == self.record_id:
                self.show_data(detail)
                self.loaded.emit()

        self.ctx.query(self.query(), asked, on_done=done)

    def _people_loaded(self, people: list) -> None:
        from desktop.views import people_choice

        for combo in self.people_combos:
            people_choice.fill(combo, people, none_text=self.tr("Nobody"))
        if self.detail is not None:  # the stored person again, even one no longer in the directory
            for name, widget in self.widgets.items():
                if widget in self.people_combos:
                    self.show_field(name, self.stored(name))

    def show_data(self, detail: Any) -> None:
        """A fresh snapshot: fields being edited keep what the person typed."""
        edited = set(self.changed_fields())
        self.detail = detail
        self.setEnabled(detail is not None)
        if detail is None:
            return
        for name in self.FIELDS:
            if name not in edited:
                self.show_field(name, self.stored(name))
        self.show_incidents()
        self.after_show()

    def after_show(self) -> None:
        """What follows the fields (enabled states)."""

    def show_incidents(self) -> None:
        self.incidents.clear()
        rtl = self.ctx.lang == "fa"
        for incident in self.detail.incidents if self.detail else ():
            text = f"{isolate(incident.ref, rtl=False)} · {labels.user_text(incident.title)} · " \
                   f"{labels.status(incident.status)}"
            item = QListWidgetItem(paragraph(text, rtl))
            item.setData(Qt.ItemDataRole.UserRole, incident.id)
            self.incidents.addItem(item)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self.record_id is None:
            return
        # The record itself; an incident's row (one it serves renamed or moved, or one newly
        # linked to it: a small query, and incidents' rows change seldom next to their timelines);
        # a person (the owner's or approver's name).
        if changes.touches("person"):
            self._people_stale = True
        if self.record_id in changes.get(self.entity) or changes.touches("incident") or changes.touches("person"):
            if self.isVisible():
                self.reload()
            else:  # a closed window reloads when shown again, not on every edit meanwhile
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if getattr(self, "_stale", False):
            self._stale = False
            self.reload()
        super().showEvent(event)

    # -- saving
    def save(self) -> None:
        """One save, one command, one undo step."""
        if self.record_id is None or self.detail is None:
            return
        self.clear_refusals()
        if not self.check():
            return
        changes = self.changed_fields()
        if not changes:
            self.status.setText(self.tr("Nothing to save."))
            return
        self.status.clear()
        self.ctx.command(self.command(), self.record_id, label=self.edit_label(list(changes)),
                         on_done=self._saved, on_error=self.refused, **changes)

    def check(self) -> bool:
        """The view's own checks before the command (a date that is not one); False: said."""
        for name, widget in self.widgets.items():
            if isinstance(widget, OptionalTime) and not widget.readable():
                self.say(name, self.tr("This time could not be read: type it as year/month/day hour:minute."))
                return False
        return True

    def _saved(self, _value: Any) -> None:
        self.status.setText(self.tr("Saved."))
        self.saved.emit()

    def edit_label(self, fields: list[str]) -> str:
        """What Edit ▸ Undo names: the fields and the record."""
        names = joined((labels.field(name) for name in self.FIELDS if name in fields), self.ctx.lang)
        return fill(self.tr("Edit %1 (%2)"), names, labels.entity(self.entity))

    def clear_refusals(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()
        self.message.clear()
        self.message.hide()

    def say(self, where: str, text: str) -> None:
        shown = self.errors.get(where)
        target = shown if shown is not None else self.message
        target.setText(text)
        target.show()
        if shown is not None:
            self.widgets[where].setFocus()

    def refused(self, code: str, params: dict) -> None:
        """Said under the field it is about, in words; everything typed stays."""
        where = self.FIELD_OF_CODE.get(code) or str(params.get("field", "")).partition(".")[2]
        self.say(where, labels.error(code, params))

    # -- linking the record to another incident
    def ask_link(self, incident_id: str | None = None) -> None:
        """Names this record for another incident too (asks which unless given)."""
        if self.record_id is None:
            return
        if incident_id is None:
            from desktop.services import queries

            served = {i.id for i in self.detail.incidents} if self.detail else set()
            self.ctx.query(queries.open_incidents, None, on_done=lambda choices: self._ask_link(
                [c for c in choices if c.id not in served]))
            return
        from desktop.services import records

        command = records.link_problem if self.kind == "problem" else records.link_change
        self.ctx.command(command, incident_id, self.record_id, label=self.link_button.text().rstrip("…"),
                         on_error=lambda code, params: self.say("", labels.error(code, params)))

    def _ask_link(self, choices: list) -> None:
        if not choices:
            self.say("", self.tr("There is no other open incident to link."))
            return
        name, ok = inputs.ask_item(self, self.link_button.text().rstrip("…"), self.tr("Incident:"),
                                   [c.name for c in choices])
        if ok:
            self.ask_link(next(c.id for c in choices if c.name == name))

    # -- words
    def retranslate(self) -> None:
        for name, label in self.names.items():
            label.setText(labels.field(name))
        self.save_button.setText(self.tr("Save"))
        self.incidents_group.setTitle(self.tr("Incidents it serves"))
        for widget in self.widgets.values():
            if isinstance(widget, OptionalTime):
                widget.follow(self.ctx.formatter)
                widget.given.setText(self.tr("Set"))
        if self.detail is not None:
            self.show_incidents()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class RecordWindow(QDialog):
    """A record page in a window of its own, opened from the incident page (not modal: the
    incident stays in reach while its problem is written up)."""

    def __init__(self, page: RecordPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        page.setParent(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)
        self.resize(1100, 760)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(labels.entity(self.page.entity))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
