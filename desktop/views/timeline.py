"""The incident timeline: notes and the automatic entry every change writes, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QWidget
from sqlite3 import Connection

from desktop.ops import AppContext
from desktop.services import queries
from desktop.services.queries import EntryRow
from desktop.text.normalize import isolate
from desktop.views import labels
from desktop.views.incident_page import IncidentPage
from desktop.views.snapshot_model import SnapshotModel, read_only_table


@dataclass(frozen=True)
class TimelineData:
    rows: list[EntryRow]
    people: dict[str, str]
    tasks: dict[str, str]


def load(conn: Connection, incident_id: str) -> TimelineData:
    rows = queries.timeline(conn, incident_id)
    people = {v for r in rows for k, v in r.details.items() if k in ("person", "previous") and v}
    tasks = {r.details["task"] for r in rows if r.details.get("task")}
    return TimelineData(rows, queries.names(conn, "people", people), queries.names(conn, "tasks", tasks))


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
        """The entry in words: a note's text, or what the change was (before → after)."""
        d = row.details
        # Logical order is always before, after; the arrow points in the reading direction.
        arrow = " ← " if self.ctx.lang == "fa" else " → "

        def pair(before: str, after: str) -> str:
            return f"{isolate(before)}{arrow}{isolate(after)}"

        if row.kind == "note":
            return labels.user_text(row.text)
        if row.kind == "status":
            if d.get("acknowledged"):
                return self.tr("Acknowledged")
            if d.get("from") is None:
                return self.tr("Reported as %1").replace("%1", labels.status(d.get("to")))
            return pair(labels.status(d.get("from")), labels.status(d.get("to")))
        if row.kind == "field":
            out = []
            for name, before, after in d.get("changes", []):
                if isinstance(before, list) or isinstance(after, list):
                    out.append(labels.field(name))
                    continue
                show = [str(before) if before not in (None, "") else "—",
                        str(after) if after not in (None, "") else "—"]
                if name == "severity":
                    show = [labels.severity(v) if v != "—" else v for v in show]
                out.append(f"{labels.field(name)}: {pair(*show)}")
            return "؛ ".join(out) if self.ctx.lang == "fa" else "; ".join(out)
        if row.kind == "role":
            person = self.people.get(d.get("person") or "", "")
            previous = self.people.get(d.get("previous") or "", "")
            role = labels.role(d.get("role", ""))
            if person and previous:
                return self.tr("%1: %2 took over from %3").replace("%1", role).replace(
                    "%2", person).replace("%3", previous)
            if person:
                return self.tr("%1: %2").replace("%1", role).replace("%2", person)
            return self.tr("%1: %2 stepped down").replace("%1", role).replace("%2", previous)
        if row.kind == "task":
            title = self.tasks.get(d.get("task", ""), "")
            if d.get("action") == "moved":
                return self.tr("Task «%1» moved to %2").replace("%1", title).replace(
                    "%2", labels.column(d.get("to", "")))
            return self.tr("Task added: %1").replace("%1", title)
        if row.kind == "record":
            return {"problem": self.tr("Problem record linked"), "change": self.tr("Change record linked"),
                    "duplicate": self.tr("Marked as duplicate")}.get(d.get("link", ""), "")
        if row.kind == "undo":
            return self.tr("A change was undone") if d.get("action") == "undo" else self.tr("A change was redone")
        return row.text

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


class TimelinePage(IncidentPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, load, parent)
        self.model = TimelineModel(ctx, self)
        self.table = read_only_table(self, self.model, wrap=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def apply(self, data: TimelineData | list) -> None:
        if isinstance(data, list):  # no incident selected
            data = TimelineData([], {}, {})
        self.model.people, self.model.tasks = data.people, data.tasks
        self.model.set_rows(data.rows)
        self.table.scrollToBottom()

    def retranslate(self) -> None:
        self.model.retranslate()
