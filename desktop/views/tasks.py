"""The incident's tasks in four columns (to do, in progress, blocked, done), right to left in fa."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QVBoxLayout, QWidget

from desktop.models.keys import Column
from desktop.ops import AppContext
from desktop.services import queries
from desktop.services.queries import TaskRow
from desktop.text.calendar import utcnow
from desktop.views import labels
from desktop.views.incident_page import IncidentPage
from desktop.views.snapshot_model import SnapshotModel

COLUMN_ROLE = Qt.ItemDataRole.UserRole + 3
KANBAN = tuple(c.value for c in Column)  # board order


class TaskModel(SnapshotModel):
    columns = ("task",)
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole}) | {COLUMN_ROLE}

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return self.tr("Task")

    def cell(self, row: TaskRow, column: str, role: int) -> Any:
        if role == COLUMN_ROLE:
            return row.column
        if role == Qt.ItemDataRole.DisplayRole:
            details = [labels.user_text(row.owner) if row.owner else self.tr("No owner")]
            if row.due_at and row.column != "done":
                details.append(self.tr("due %1").replace("%1", self.ctx.formatter.datetime(row.due_at)))
            return f"{labels.user_text(row.title)}\n{' · '.join(details)}"
        if role == Qt.ItemDataRole.ForegroundRole and row.column != "done" and row.due_at \
                and row.due_at < utcnow():
            return QBrush(QColor("#c62828"))  # overdue
        return None


class _ColumnFilter(QSortFilterProxyModel):
    def __init__(self, column: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.column = column

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(COLUMN_ROLE) == self.column


class TasksPage(IncidentPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, queries.tasks, parent)
        self.model = TaskModel(ctx, self)
        self.lists: dict[str, QListView] = {}
        self.titles: dict[str, QLabel] = {}
        row = QHBoxLayout(self)  # mirrored by Qt in right-to-left layouts: "to do" on the right
        row.setContentsMargins(0, 0, 0, 0)
        for column in KANBAN:
            box = QVBoxLayout()
            title = QLabel(self)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold; padding: 6px; background: #eceff1;")
            proxy = _ColumnFilter(column, self)
            proxy.setSourceModel(self.model)
            view = QListView(self)
            view.setModel(proxy)
            view.setWordWrap(True)
            view.setSpacing(3)
            view.setAlternatingRowColors(True)
            box.addWidget(title)
            box.addWidget(view)
            row.addLayout(box)
            self.lists[column] = view
            self.titles[column] = title
        self.retranslate()

    def apply(self, rows: list[TaskRow]) -> None:
        self.model.set_rows(rows)
        self._count()

    def _count(self) -> None:
        f = self.ctx.formatter
        for column, title in self.titles.items():
            count = self.lists[column].model().rowCount()
            title.setText(f"{labels.column(column)} ({f.number(count)})")

    def retranslate(self) -> None:
        self._count()
        self.model.retranslate()
