"""The edit dialog of one kanban card: title, owner, due time, priority, details.

The due time is typed in the language's calendar (Jalali in Persian, Gregorian in English) with
digits in any script, through the same date field as the incident's detection time
(inputs.DateTimeEdit). One save is one command (tasks.edit) and one undo step. A refusal is
said in words beside the field it is about, and the dialog stays open with everything typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from desktop import labels
from desktop.context import AppContext
from desktop.models.keys import Priority
from desktop.services.queries import TaskRow
from desktop.text.calendar import utcnow
from desktop.text.display import fill
from desktop.views import inputs
from desktop.views.elided import ERROR_STYLE

FIELDS = ("title", "owner_id", "due_at", "priority", "details")


def to_qt(moment: dt.datetime, zone: QTimeZone) -> QDateTime:
    """A UTC-aware datetime as a QDateTime in the display zone (to the minute, as it is edited)."""
    moment = moment.astimezone(dt.timezone.utc)
    utc = QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute), QTimeZone.utc())
    return utc.toTimeZone(zone)


def from_qt(moment: QDateTime) -> dt.datetime:
    return moment.toUTC().toPython().replace(tzinfo=dt.timezone.utc, second=0, microsecond=0)


class TaskEditDialog(QDialog):
    """Edits ``row``; ``people``: queries.Choice rows of the directory."""

    def __init__(self, ctx: AppContext, row: TaskRow, people: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.errors: dict[str, QLabel] = {}
        self.words: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.title = inputs.limit(QLineEdit(self), "task", "title")
        self.owner = QComboBox(self)
        self.owner.setMinimumContentsLength(20)
        from desktop.views import people_choice

        people_choice.fill(self.owner, people, none_text=self.tr("No owner"), chosen=row.owner_id or "")
        if row.owner_id and self.owner.findData(row.owner_id) < 0:  # archived from the directory meanwhile
            self.owner.addItem(labels.user_text(row.owner or ""), row.owner_id)
            self.owner.setCurrentIndex(self.owner.count() - 1)
        if not row.owner_id:
            self.owner.setCurrentIndex(0)

        due_row = QWidget(self)
        due_box = QHBoxLayout(due_row)
        due_box.setContentsMargins(0, 0, 0, 0)
        self.has_due = QCheckBox(due_row)
        self.due = inputs.DateTimeEdit(due_row)  # digits in any script, the language's calendar
        # Numbers read left to right in Persian too; the direction goes before the format (see
        # the incident page's detection time).
        self.due.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.due.setDisplayFormat("yyyy/MM/dd HH:mm")
        self.due.setCalendarPopup(True)
        self.due.follow(ctx.formatter)
        self.due.unreadable.connect(self._unreadable)
        start = row.due_at or (utcnow() + dt.timedelta(hours=1))
        self.due.setDateTime(to_qt(start, ctx.formatter.zone))
        self.has_due.setChecked(row.due_at is not None)
        self.due.dateTimeChanged.connect(lambda _: self.has_due.setChecked(True))  # typing a time sets one
        due_box.addWidget(self.has_due)
        due_box.addWidget(self.due, 1)

        self.priority = QComboBox(self)
        for key in Priority:
            self.priority.addItem(labels.priority(key.value), key.value)
        self.priority.setCurrentIndex(max(0, self.priority.findData(row.priority or "normal")))

        self.details = QPlainTextEdit(self)
        self.details.setTabChangesFocus(True)
        self.details.setMinimumHeight(90)

        for name, widget in zip(FIELDS, (self.title, self.owner, due_row, self.priority, self.details)):
            word = QLabel(self)
            word.setBuddy(self.due if name == "due_at" else widget)
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(widget)
            column.addWidget(error)
            form.addRow(word, column)
            self.words[name], self.errors[name] = word, error
        self.message = QLabel(self)  # a refusal about no one field
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        inputs.show_text(self.title, row.title)
        inputs.show_text(self.details, row.details)
        inputs.prepare(self)
        self.retranslate()
        self.resize(max(self.sizeHint().width(), 520), self.sizeHint().height())

    # -- what was typed
    def due_value(self) -> dt.datetime | None:
        return from_qt(self.due.dateTime()) if self.has_due.isChecked() else None

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the card as it was opened, in the stored form."""
        row = self.row
        out: dict[str, Any] = {}
        if self.title.text() != (row.title or ""):
            out["title"] = self.title.text()
        if (self.owner.currentData() or None) != (row.owner_id or None):
            out["owner_id"] = self.owner.currentData() or None
        due = self.due_value()
        stored = row.due_at.astimezone(dt.timezone.utc).replace(second=0, microsecond=0) if row.due_at else None
        if due != stored:
            out["due_at"] = due
        if self.priority.currentData() != (row.priority or "normal"):
            out["priority"] = self.priority.currentData()
        if self.details.toPlainText() != (row.details or ""):
            out["details"] = self.details.toPlainText()
        return out

    # -- saving
    def save(self) -> None:
        self._clear()
        if self.has_due.isChecked() and not self.due.readable():
            return  # said beside the field (unreadable): nothing is saved with a time that is not one
        changes = self.changes()
        if not changes:
            self.accept()
            return
        from desktop.services import tasks  # with the write path, not at start-up

        self.buttons.setEnabled(False)
        title = changes.get("title", self.row.title)
        self.ctx.command(tasks.edit, self.row.id, label=fill(self.tr("Edit task: %1"), labels.user_text(title.strip())),
                         on_done=lambda _fields: self.accept(), on_error=self.refused, **changes)

    def refused(self, code: str, params: dict) -> None:
        """Said beside the field it is about; everything typed stays."""
        self.buttons.setEnabled(True)
        where = str(params.get("field", "")).partition(".")[2] or str(params.get("field", ""))
        if code == "no_owner":
            text = self.tr("A task that is not in “to do” needs an owner: move it back to “to do” first, "
                           "or choose someone.") if self.row.column != "todo" else labels.error(code, params)
            where = "owner_id"
        else:
            text = labels.error(code, params)
        if code in ("empty_title", "blank") and not where:
            where = "title"
        if code == "unknown_person":
            where = "owner_id"
        label = self.errors.get(where, self.message)
        label.setText(text)
        label.show()

    def _unreadable(self) -> None:
        self.errors["due_at"].setText(self.tr(
            "The due time could not be read: type it as year/month/day hour:minute."))
        self.errors["due_at"].show()

    def _clear(self) -> None:
        for label in (*self.errors.values(), self.message):
            label.hide()
            label.clear()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Edit task"))
        words = {"title": self.tr("Title"), "owner_id": self.tr("Owner"), "due_at": self.tr("Due time"),
                 "priority": self.tr("Priority"), "details": self.tr("Details")}
        for name, word in words.items():
            self.words[name].setText(word)
        self.has_due.setText(self.tr("Has a due time"))
        self.title.setPlaceholderText(self.tr("What is to be done"))
        for i in range(self.priority.count()):
            self.priority.setItemText(i, labels.priority(self.priority.itemData(i)))
