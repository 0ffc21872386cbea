"""The major incident team: who holds which role, since when, and who held it before."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QWidget

from desktop.ops import AppContext
from desktop.services import queries
from desktop.services.queries import RoleRow
from desktop.text.normalize import isolate
from desktop.views import labels
from desktop.views.incident_page import IncidentPage
from desktop.views.snapshot_model import SnapshotModel, read_only_table


class TeamModel(SnapshotModel):
    columns = ("role", "person", "title", "team", "phone", "since", "until")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"role": self.tr("Role"), "person": self.tr("Person"), "title": self.tr("Job title"),
                "team": self.tr("Team"), "phone": self.tr("Phone"), "since": self.tr("Since"),
                "until": self.tr("Until")}[column]

    def cell(self, row: RoleRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            f = self.ctx.formatter
            return {"role": labels.role(row.role), "person": labels.user_text(row.person),
                    "title": labels.user_text(row.title), "team": labels.user_text(row.team), "phone": isolate(row.phone) if row.phone else "",
                    "since": f.datetime(row.assumed_at), "until": f.datetime(row.renounced_at)}[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.renounced_at is not None:
            return QBrush(QColor("#78909c"))  # handed over: history, not the current team
        return None


class TeamPage(IncidentPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, queries.team, parent)
        self.model = TeamModel(ctx, self)
        self.table = read_only_table(self, self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

    def apply(self, rows: list[RoleRow]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def retranslate(self) -> None:
        self.model.retranslate()
