"""The incident timeline: notes and the automatic entry every change writes, oldest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import EntryRow, TimelineData
from desktop.reports.describe import describe
from desktop import labels
from desktop.views.incident_tab import IncidentTab
from desktop.views.snapshot_model import SnapshotModel, read_only_table
from desktop.labels import QtWords


class TimelineModel(SnapshotModel):
    columns = ("at", "author", "kind", "text")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.people: dict[str, str] = {}
        self.tasks: dict[str, str] = {}

    def header(self, column: str) -> str:
        return {"at": self.tr("Time"), "author": self.tr("By"), "kind": self.tr("Kind"),
                "text": self.tr("Entry")}[column]

    def describe(self, row: EntryRow) -> str:
        return describe(row, QtWords(), self.people, self.tasks, labels.user_text)

    def cell(self, row: EntryRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "at":
                return self.ctx.formatter.datetime(row.at)
            if column == "author":
                return labels.user_text(row.author)
            if column == "kind":
                return ("📌 " if row.pinned else "") + labels.entry_kind(row.kind)
            return self.describe(row)
        if role == Qt.ItemDataRole.ForegroundRole and row.kind != "note" and column == "text":
            return QBrush(QColor("#455a64"))
        if role == Qt.ItemDataRole.FontRole and row.pinned:
            font = QFont()
            font.setBold(True)
            return font
        return None


class TimelinePage(IncidentTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, queries.timeline_data, parent)
        self.model = TimelineModel(ctx, self)
        self.note = QLineEdit(self)
        self.note.returnPressed.connect(self.add_note)
        self.pin_new = QCheckBox(self)
        self.pin_button = QPushButton(self)
        self.pin_button.clicked.connect(self.toggle_pin)
        entry = QHBoxLayout()
        entry.addWidget(self.note, 1)
        entry.addWidget(self.pin_new)
        entry.addWidget(self.pin_button)
        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        self.table = read_only_table(self, self.model, wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(50)  # measure 50 rows, not 1,000 of a long timeline
        header.setStretchLastSection(True)

    def show_data(self, data: TimelineData | list) -> None:
        if isinstance(data, list):  # no incident selected
            data = TimelineData([], {}, {})
        self.model.people, self.model.tasks = data.people, data.tasks
        self.model.set_rows(data.rows)
        self.table.scrollToBottom()

    def add_note(self) -> None:
        """Enter adds the note; a refused one stays in the field, nothing typed is lost."""
        from desktop.services import timeline

        text = self.note.text()
        if not text.strip() or self.incident_id is None:
            return
        self.ctx.command(timeline.add_note, self.incident_id, text, self.pin_new.isChecked(),
                         label=self.tr("Add note"), on_done=lambda _id: self.note.clear(),
                         on_error=lambda code, params: self.note.setToolTip(labels.error(code, params)))

    def toggle_pin(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        from desktop.services import timeline

        row = self.model.rows()[index.row()]
        self.ctx.command(timeline.set_pinned, row.id, not row.pinned,
                         label=self.tr("Unpin") if row.pinned else self.tr("Pin"))

    def retranslate(self) -> None:
        self.note.setPlaceholderText(self.tr("Add a note to the timeline and press Enter…"))
        self.pin_new.setText(self.tr("Pinned"))
        self.pin_button.setText(self.tr("Pin / unpin selected"))
        self.model.retranslate()
