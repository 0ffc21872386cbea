"""The follow-up register page: the review action items of every closed incident — overdue ones
first, said in words and in red — filtered by state, counted, exported to CSV for the people who
chase them. A double-click opens the incident's review."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import labels
from desktop.context import AppContext
from desktop.services.changes import Changes
from desktop.text.display import fill
from desktop.text.normalize import isolate
from desktop.views.elided import never_widen
from desktop.views.snapshot_model import KeyFilter, SnapshotModel, read_only_table

OVERDUE = QColor("#b71c1c")
STATES = ("overdue", "open", "done")  # services/follow_ups.STATES (not imported: no write path at start-up)


class FollowUpModel(SnapshotModel):
    columns = ("state", "due", "action", "owner", "incident")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"state": self.tr("State"), "due": self.tr("Due"), "action": self.tr("Action item"),
                "owner": self.tr("Owner"), "incident": self.tr("Incident")}[column]

    def state_word(self, state: str) -> str:
        return {"overdue": self.tr("Overdue"), "open": self.tr("Open"), "done": self.tr("Completed")}[state]

    def filter_key(self, row: Any) -> str:
        return row.state

    def cell(self, row: Any, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            return OVERDUE if row.state == "overdue" and column in ("state", "due") else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return labels.user_text(row.incident_title) if column == "incident" else None
        if column == "state":
            return self.state_word(row.state)
        if column == "due":
            return self.ctx.formatter.datetime(row.due_at) if row.due_at else self.tr("No due time")
        if column == "action":
            return labels.user_text(row.title)
        if column == "owner":
            return labels.user_text(row.owner) if row.owner else self.tr("No owner")
        return f"{isolate(row.ref, rtl=False)} · {labels.user_text(row.incident_title)}"


class FollowUpsPage(QWidget):
    loaded = Signal()
    open_incident = Signal(str)  # a row double-clicked: its incident's review

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = FollowUpModel(ctx, self)
        self.shown = KeyFilter(self.model, self)
        bar = QHBoxLayout()
        self.which = QComboBox(self)
        self.which.currentIndexChanged.connect(lambda _i: self.shown.show_key(self.which.currentData()))
        self.counts = QLabel(self)
        never_widen(self.counts)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.export_csv())
        bar.addWidget(self.which)
        bar.addWidget(self.counts, 1)
        bar.addWidget(self.export_button)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        never_widen(self.status)
        self.status.hide()  # until there is something to say
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        self.table = read_only_table(self, self.shown)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FollowUpModel.columns.index("action"), QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._opened)
        self._asked = False
        self._stale = False
        self.rows: list[Any] = []
        ctx.bus.changed.connect(self._on_changed)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._asked or self._stale:
            self.reload()
        super().showEvent(event)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self._asked and (changes.touches("task") or changes.touches("incident") or changes.touches("person")):
            if self.isVisible():
                self.reload()
            else:
                self._stale = True

    def reload(self) -> None:
        from desktop.services import follow_ups
        from desktop.text.calendar import utcnow

        self._asked, self._stale = True, False
        self.ctx.query(follow_ups.register, utcnow(), on_done=self._take)

    def _take(self, rows: list[Any]) -> None:
        first = not self.model.rowCount()
        self.rows = rows
        self.model.set_rows(rows)
        if first and rows:
            for column in ("state", "due", "owner", "incident"):
                self.table.resizeColumnToContents(FollowUpModel.columns.index(column))
        self._say_counts()
        self.loaded.emit()

    def _say_counts(self) -> None:
        found = {state: 0 for state in STATES}
        for row in self.rows:
            found[row.state] += 1
        number = self.ctx.formatter.number
        self.counts.setText(fill(self.tr("Overdue: %1 · Open: %2 · Done: %3"), number(found["overdue"]),
                                 number(found["open"]), number(found["done"])))

    def _opened(self, index: Any) -> None:
        row = self.shown.row(index)
        if row is not None:
            self.open_incident.emit(row.incident_id)

    def export_csv(self, path: str | None = None) -> bool:
        """Writes what the filter shows to ``path`` (asked for when None); says where, or why not."""
        from desktop.files import error_code, write_atomically
        from desktop.services import follow_ups

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the follow-up register"),
                                                  self.tr("follow-ups") + ".csv", self.tr("CSV files (*.csv)"))
            if not path:
                return False
        shown = [self.shown.row(self.shown.index(r, 0)) for r in range(self.shown.rowCount())]
        header = [self.tr("Incident"), self.tr("Incident title"), self.tr("Action item"), self.tr("Owner"),
                  self.tr("Due"), self.tr("State"), self.tr("Done at"), self.tr("Due (UTC, ISO 8601)")]
        data = follow_ups.to_csv(shown, header, self.model.state_word, self.ctx.formatter.datetime)
        try:
            write_atomically(path, data)
        except OSError as exc:
            self.status.setText(labels.error(error_code(exc)))
            self.status.setStyleSheet("color: #b71c1c;")
            self.status.show()
            return False
        self.status.setText(fill(self.tr("%1 action items written to %2."), self.ctx.formatter.number(len(shown)),
                                 isolate(path, rtl=False)))
        self.status.setStyleSheet("")
        self.status.show()
        return True

    def retranslate(self) -> None:
        current = self.which.currentData()
        self.which.blockSignals(True)
        self.which.clear()
        self.which.addItem(self.tr("All action items"), None)
        for state in STATES:
            self.which.addItem(self.model.state_word(state), state)
        self.which.setCurrentIndex(max(0, self.which.findData(current)))
        self.which.blockSignals(False)
        self.export_button.setText(self.tr("Export to CSV…"))
        self.model.retranslate()
        self._say_counts()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
