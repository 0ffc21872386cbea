"""What the directory's lists and forms share: a model kept in Persian alphabetical order and
refreshed by diff, a filter that shows the rows a search found, and a form whose refusals are
said beside the field they are about, in the person's language."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout,
    QWidget,
)

from desktop import labels
from desktop.context import AppContext
from desktop.views import inputs
from desktop.views.elided import refusal_line
from desktop.views.snapshot_model import KeyFilter, SnapshotModel, read_only_table

BULK = 200  # rows added or removed by one change past which a list is reset, not told row by row


def joined(words: Iterable[str], lang: str) -> str:
    return ("، " if lang == "fa" else ", ").join(w for w in words if w)


def list_table(parent: QWidget, model: Any) -> QTableView:
    """A page's read-only table whose columns are fitted from their first 50 rows: measuring
    5,000 people's cells on the first show held the GUI thread for a third of a second."""
    table = read_only_table(parent, model)
    table.horizontalHeader().setResizeContentsPrecision(50)
    return table


def choose(table: QTableView, model: SnapshotModel, row_id: str) -> bool:
    """Makes the row of ``row_id`` the current, selected one of ``table`` (whose model is a
    filter over ``model``), scrolled into sight; False when the filter hides it."""
    row = model.row_of(row_id)
    shown = table.model().mapFromSource(model.index(row, 0)) if row is not None else QModelIndex()
    if not shown.isValid():
        return False
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().setCurrentIndex(shown, flags)
    table.scrollTo(shown)
    return True


class DirectoryModel(SnapshotModel):
    """Rows in the order of their ``sort`` key (then id), whatever order changes arrive in."""

    def merge(self, rows: Sequence[Any], asked: Iterable[str]) -> None:
        """The rows of ``asked`` ids are now ``rows`` (an id asked for and not among them was
        archived). Each is changed in place, or — when its name moved it elsewhere in the order,
        or it is new or gone — removed and inserted at its place: one signal per row. (Moving
        rows one step at a time cost the filter a pass over all 5,000 rows per step.) More than
        BULK rows new or gone (an import) are one reset instead: 5,000 inserts, one signal each,
        held the GUI thread for a tenth of a second."""
        fresh, asked = {r.id: r for r in rows}, set(asked)
        if sum(row_id not in self._position for row_id in fresh) + sum(
                row_id in self._position and row_id not in fresh for row_id in asked) > BULK:
            kept = [r for r in self._rows if r.id not in asked and r.id not in fresh]
            self.beginResetModel()
            self._rows = sorted((*kept, *fresh.values()), key=lambda r: (r.sort, r.id))
            self._position = {}
            self._reindex()
            self.endResetModel()
            return
        for row_id in asked:
            i = self._position.get(row_id)
            if i is None:
                continue
            row = fresh.get(row_id)
            if row is not None and row.sort == self._rows[i].sort:
                del fresh[row_id]
                if row != self._rows[i]:
                    self._rows[i] = row
                    self._changed(i)
                continue
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            del self._position[row_id]
            self._reindex(i)
            self.endRemoveRows()
        for row in fresh.values():
            if row.id in self._position:  # not asked for, yet sent: taken as a change
                self.upsert([row])
                continue
            at = bisect.bisect_left(self._rows, (row.sort, row.id), key=lambda r: (r.sort, r.id))
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, row)
            self._reindex(at)
            self.endInsertRows()


class Found(KeyFilter):
    """The rows a search found (``matches``; None: all of them), in the model's order. Asked one
    call a row (6 ms for 5,000 people), not through the key role as KeyFilter does (the model's
    index, data and columnCount for every row: 19 ms); with no search the call only says yes (a
    reset of 5,000 rows: 3 ms, where KeyFilter's empty pattern asks nothing)."""

    def __init__(self, model: DirectoryModel, parent: Any = None) -> None:
        super().__init__(model, parent)
        self.matches: frozenset[str] | None = None

    def filterAcceptsRow(self, source_row: int, _source_parent: Any) -> bool:  # noqa: N802 - Qt's name
        return self.matches is None or self._model.row_at(source_row).id in self.matches

    def show_only(self, matches: frozenset[str] | None) -> None:
        if matches == self.matches:
            return
        self.matches = matches
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)


# A refusal's code, when it is about one field: where it is said.
_FIELD_OF_CODE = {"empty_name": "name", "team_exists": "name", "bad_email": "email", "bad_phone": "phone",
                  "empty_organisation": "organisation", "bad_minutes": "sla_sev1"}


def field_row(form: QFormLayout, parent: QWidget, widget: QWidget) -> tuple[QLabel, QLabel]:
    """Adds a form row: its label, the field, and under it the (hidden) line where a refusal of
    that field is said. Returns (label, that line)."""
    label = QLabel(parent)
    label.setBuddy(widget)
    error = refusal_line(parent)
    cell = QWidget(parent)
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    column.addWidget(error)
    form.addRow(label, cell)
    return label, error


class FormDialog(QDialog):
    """A form of named rows. ``send`` runs the command; a refusal is shown under the field it
    is about (the rest in a line above the buttons), and everything typed stays."""

    saved = Signal(object)  # the command's value

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.names: dict[str, QLabel] = {}
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.message = refusal_line(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def add_row(self, name: str, widget: QWidget) -> QWidget:
        """A row: its label, the field, and under it the place its refusal is said."""
        self.names[name], self.errors[name] = field_row(self.form, self, widget)
        self.widgets[name] = widget
        return widget

    def finish(self) -> None:
        """After the rows are added: every field prepared (direction, limits), the words set."""
        inputs.prepare(self)
        self.retranslate()

    # -- sending
    def submit(self) -> None:
        self.clear_refusals()
        self.buttons.setEnabled(False)
        if not self.send():
            self.buttons.setEnabled(True)

    def send(self) -> bool:
        """Runs the command through ``self.run``; False when there was nothing to send."""
        raise NotImplementedError

    def run(self, command: Callable[..., Any], *args: Any, label: str, **kwargs: Any) -> None:
        self.ctx.command(command, *args, label=label, on_done=self._done, on_error=self.refused, **kwargs)

    def _done(self, value: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(value)
        self.accept()

    def clear_refusals(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()
        self.message.clear()
        self.message.hide()

    def refused(self, code: str, params: dict) -> None:
        self.buttons.setEnabled(True)
        where = _FIELD_OF_CODE.get(code) or str(params.get("field", "")).partition(".")[2]
        shown = self.errors.get(where)
        target = shown if shown is not None and self.widgets[where].isVisibleTo(self) else self.message
        target.setText(labels.error(code, params))
        target.show()
        if target is not self.message:
            self.widgets[where].setFocus()

    # -- words
    def retranslate(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ListTab(QWidget):
    """A directory list with its buttons (add, any of the tab's own, edit, archive), the line
    where a refusal is said, and the table; what differs per tab is its dialog and its words.
    ``entity``: what a saved dialog's id is (the page reloads it); ``stretched``: the column
    that takes the width left."""

    dialog_opened = Signal(object)
    entity = ""

    def __init__(self, page: Any, model: DirectoryModel, stretched: str, own: int = 0) -> None:
        super().__init__(page)
        self.page, self.ctx, self.model = page, page.ctx, model
        self.stretched = model.columns.index(stretched)
        self.found = Found(model, self)
        self.add_button, self.edit_button, self.archive_button = (QPushButton(self) for _ in range(3))
        self.own_buttons = tuple(QPushButton(self) for _ in range(own))
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.archive_button.clicked.connect(lambda: self.archive())
        bar = QHBoxLayout()
        for button in (self.add_button, *self.own_buttons, self.edit_button, self.archive_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.message = refusal_line(self)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        self.table = list_table(self, self.found)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.stretched, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.found.modelReset.connect(self._enable)
        self.found.rowsRemoved.connect(self._enable)
        self._enable()

    def dialog(self, row: Any | None) -> QDialog:
        """The tab's form for ``row`` (None: a new one)."""
        raise NotImplementedError

    def add(self) -> QDialog:
        return self._open(self.dialog(None))

    def edit(self, row: Any | None = None) -> QDialog | None:
        row = row or self.selected()
        return None if row is None else self._open(self.dialog(row))

    def archive(self, row: Any | None = None) -> None:
        raise NotImplementedError

    def selected(self) -> Any | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        return self.found.row(index)

    def select(self, row_id: str) -> bool:
        """Makes the row the selected one (when the search shows it)."""
        return choose(self.table, self.model, row_id)

    def _enable(self) -> None:
        writable = not self.ctx.read_only  # a database opened to look at: nothing to press
        chosen = self.selected() is not None and writable
        self.edit_button.setEnabled(chosen)
        self.archive_button.setEnabled(chosen)
        for button in (self.add_button, *self.own_buttons):
            button.setEnabled(writable)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda row_id: self.page.after_save(self.entity, row_id))
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def _archive(self, command: Callable[..., Any], row_id: str, label: str) -> None:
        self.message.hide()
        self.ctx.command(command, row_id, label=label, on_error=self._refused)

    def _refused(self, code: str, params: dict) -> None:
        self.message.setText(labels.error(code, params))
        self.message.show()

    def fit_columns(self) -> None:
        for column in range(len(self.model.columns)):
            if column != self.stretched:
                self.table.resizeColumnToContents(column)
