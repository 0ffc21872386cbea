"""The incident timeline: notes and the automatic entry every change writes, oldest first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import EntryRow, TimelineData
from desktop.reports.describe import describe, wire_time_words
from desktop import labels
from desktop.views import inputs
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
        return describe(row, QtWords(), self.people, self.tasks, labels.user_text,
                        wire_time_words(self.ctx.formatter.datetime))

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


class TimelineTable(QTableView):
    """Entries wrapped whole: each row on screen as tall as its text (measured as rows come into
    view — measuring 2,000 entries at once would take a tenth of a second), and at the bottom,
    where the newest entries are, the first row shown whole rather than cut by the top edge."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fitting = False
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.fit_rows())
        self.horizontalHeader().sectionResized.connect(lambda *_: self.fit_rows())

    def fit_rows(self) -> None:
        """The rows on screen to their contents, until that no longer changes which rows are
        on screen; then the top row aligned when at the bottom."""
        model = self.model()
        if self._fitting or model is None or not model.rowCount() or not self.isVisible():
            return
        self._fitting = True
        try:
            header, bar = self.verticalHeader(), self.verticalScrollBar()
            at_bottom = bar.value() == bar.maximum()
            for _round in range(8):
                top = self.rowAt(0)
                bottom = self.rowAt(self.viewport().height() - 1)
                bottom = model.rowCount() - 1 if bottom < 0 else bottom
                changed = False
                for row in range(max(top, 0), bottom + 1):
                    wanted = max(self.sizeHintForRow(row), header.minimumSectionSize())
                    if header.sectionSize(row) != wanted:
                        header.resizeSection(row, wanted)
                        changed = True
                if not changed:
                    break
                super().updateGeometries()  # the scroll range for the new heights, now
                if at_bottom:
                    bar.setValue(bar.maximum())
            self._align_top()
        finally:
            self._fitting = False

    def show_newest(self, columns: range) -> None:
        """Scrolled to the end, ``columns`` fitted to what is on screen, then the rows."""
        self._fitting = True
        try:
            self.scrollToBottom()
            for column in columns:
                self.resizeColumnToContents(column)
        finally:
            self._fitting = False
        self.fit_rows()

    def _align_top(self) -> None:
        """Qt puts the last row at the bottom edge when scrolled to the end, cutting the row at
        the top; the rows from the scroll position fit whole, so they start at the top edge."""
        bar, header = self.verticalScrollBar(), self.verticalHeader()
        if bar.maximum() <= 0 or bar.value() != bar.maximum():
            return
        wanted = header.sectionPosition(header.logicalIndex(bar.value()))
        if header.offset() != wanted:
            header.setOffset(wanted)
            self.viewport().update()

    def updateGeometries(self) -> None:  # noqa: N802
        super().updateGeometries()
        if not self._fitting:
            self.fit_rows()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.fit_rows()


class TimelinePage(IncidentTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, queries.timeline_data, parent)
        self.model = TimelineModel(ctx, self)
        self.note = inputs.limit(QLineEdit(self), "timeline_entry", "text")
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
        self.table = read_only_table(self, self.model, wrap=True, table=TimelineTable(self))
        header = self.table.horizontalHeader()
        # Time, by and kind fit their words (refitted by fit() after every change: Qt's own
        # ResizeToContents does not look again when a row arrives); the entry takes the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(50)  # measure 50 rows, not 1,000 of a long timeline
        header.setStretchLastSection(True)

    def show_data(self, data: TimelineData | list) -> None:
        if isinstance(data, list):  # no incident selected
            data = TimelineData([], {}, {})
        self.model.people, self.model.tasks = data.people, data.tasks
        self.model.set_rows(data.rows)
        self.fit()

    def fit(self) -> None:
        """The newest entries on screen, the columns fitted to them, each row to its text (when
        the page is on screen: a hidden table has no size to fit to, so it is done when shown)."""
        self._fit_when_shown = not self.isVisible()
        if not self._fit_when_shown:
            self.table.show_newest(range(len(self.model.columns) - 1))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if getattr(self, "_fit_when_shown", False) and self.model.rowCount():
            self.fit()

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
        if self.model.rowCount():
            self.fit()  # the other language's dates and words have other widths
