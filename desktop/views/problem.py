"""The problem record page: the root cause, the five whys in order, contributing factors, the
workaround and the known error, its state and owner, and the incidents it serves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QPushButton, QSizePolicy, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from desktop import labels
from desktop.context import AppContext
from desktop.models.keys import ProblemState, values
from desktop.views.record_common import RecordPage

MAX_WHYS = 20  # services/records.py refuses more (too_many_whys); the page stops adding there


class WhysEditor(QWidget):
    """The five whys: an ordered list, each why one line, numbered in the language's digits;
    add, remove, move up and down. ``edited`` on any change."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = "fa"
        self.table = QTableWidget(0, 1, self)
        self.table.horizontalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(150)
        self.table.itemChanged.connect(lambda _item: self.edited.emit())
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        self.add_button, self.remove_button, self.up_button, self.down_button = (QPushButton(self) for _ in range(4))
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button.clicked.connect(lambda: self.remove())
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(1))
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        self._enable()

    def whys(self) -> list[str]:
        return [(self.table.item(n, 0).text() if self.table.item(n, 0) else "") for n in range(self.table.rowCount())]

    def set_whys(self, whys: list[str] | tuple[str, ...]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for why in whys:
            self._append(why)
        self.table.blockSignals(False)
        self._number()

    def _append(self, text: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(text))
        return row

    def add(self, text: str = "") -> None:
        """A new why at the end, ready to be typed."""
        if self.table.rowCount() >= MAX_WHYS:
            return
        row = self._append(text)
        self._number()
        self.table.setCurrentCell(row, 0)
        if not text:
            self.table.editItem(self.table.item(row, 0))
        self.edited.emit()

    def remove(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        self._number()
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)
        self.edited.emit()

    def move(self, step: int) -> None:
        """The current why one place up (-1) or down (1), staying the current one."""
        row = self.table.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.table.rowCount():
            return
        self.table.blockSignals(True)
        mine, theirs = self.table.takeItem(row, 0), self.table.takeItem(other, 0)
        self.table.setItem(row, 0, theirs)
        self.table.setItem(other, 0, mine)
        self.table.blockSignals(False)
        self.table.setCurrentCell(other, 0)
        self.edited.emit()

    def _number(self) -> None:
        """Why ۱, ۲, ۳ … in the language's digits (the header's own numbers are Latin)."""
        from desktop.text.display import digits

        self.table.setVerticalHeaderLabels([digits(str(n + 1), self.lang) for n in range(self.table.rowCount())])
        self._enable()

    def _enable(self) -> None:
        row, count = self.table.currentRow(), self.table.rowCount()
        self.add_button.setEnabled(count < MAX_WHYS)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.add_button.setText(self.tr("Add a why"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self._number()


class ProblemPage(RecordPage):
    entity = "problem_record"
    kind = "problem"
    FIELDS = ("title", "state", "owner_id", "root_cause", "five_whys", "contributing_factors", "workaround",
              "known_error")
    FIELD_OF_CODE = {"no_root_cause": "root_cause", "too_many_whys": "five_whys", "no_known_error": "known_error"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.analysis, form = self.box()
        self.add_row(form, "title", self.line("title"))
        self.state = self.add_row(form, "state", self.combo(values(ProblemState)))
        self.owner = self.add_row(form, "owner_id", self.combo(()))
        self.people_combos = (self.owner,)
        cause = self.add_row(form, "root_cause", self.text("root_cause", 140))
        policy = cause.sizePolicy()
        policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)  # the whys take the height left
        cause.setSizePolicy(policy)
        self.whys = self.add_row(form, "five_whys", WhysEditor())
        self.known, form = self.box()
        self.add_row(form, "contributing_factors", self.text("contributing_factors"))
        self.add_row(form, "workaround", self.text("workaround"))
        self.known_flag = QCheckBox(self.known)
        form.addRow(self.known_flag)
        self.add_row(form, "known_error", self.text("known_error"))
        self.known_flag.toggled.connect(self.widgets["known_error"].setEnabled)
        side = QVBoxLayout()
        side.addWidget(self.known, 1)
        side.addWidget(self.incidents_box())
        self.columns.addWidget(self.analysis, 3)
        self.columns.addLayout(side, 2)
        self.finish()

    def query(self) -> Callable[..., Any]:
        from desktop.services import record_queries

        return record_queries.problem_detail

    def command(self) -> Callable[..., Any]:
        from desktop.services import records  # with the write path, not at start-up

        return records.edit_problem

    def value(self, name: str) -> Any:
        if name == "five_whys":
            return [why.strip() for why in self.whys.whys() if why.strip()]
        if name == "known_error":
            return self.widgets[name].toPlainText() if self.known_flag.isChecked() else ""
        return super().value(name)

    def show_field(self, name: str, stored: Any) -> None:
        if name == "five_whys":
            self.whys.set_whys(stored)
            return
        super().show_field(name, stored)
        if name == "known_error":
            self.known_flag.setChecked(bool(stored))
            self.widgets[name].setEnabled(bool(stored))

    def check(self) -> bool:
        """A known error is said in words: the box ticked with nothing written is refused."""
        if self.known_flag.isChecked() and not self.widgets["known_error"].toPlainText().strip():
            self.say("known_error", self.tr("Say what is known of the error (or untick “Known error”)."))
            return False
        return super().check()

    def retranslate(self) -> None:
        super().retranslate()
        self.analysis.setTitle(self.tr("Root cause analysis"))
        self.known.setTitle(self.tr("Workaround and known error"))
        self.known_flag.setText(self.tr("This is a known error"))
        self.names["known_error"].setText(self.tr("What is known of the error"))
        self.link_button.setText(self.tr("Link to another incident…"))
        for n, key in enumerate(values(ProblemState)):
            self.state.setItemText(n, labels.problem_state(key))
        if self.owner.count() and self.owner.itemData(0) is None:
            self.owner.setItemText(0, self.tr("Nobody"))
        self.whys.retranslate(self.ctx.lang)
