"""A table model over frozen row snapshots keyed by id, updated by diff — never reset per change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel, QAbstractTableModel, QLocale, QModelIndex, QModelRoleDataSpan, QObject, QPersistentModelIndex,
    QRegularExpression, QSortFilterProxyModel, Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QLayout, QTableView, QVBoxLayout, QWidget

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 5  # the frozen snapshot itself, for proxies that filter
FILTER_ROLE = Qt.ItemDataRole.UserRole + 6  # the word a KeyFilter shows rows by (``filter_key``)


class SnapshotModel(QAbstractTableModel):
    """Subclasses name their columns and say how a row shows in each (``cell``)."""

    columns: Sequence[str] = ()
    # The roles ``cell`` answers; Qt asks for a dozen per cell on every paint, the rest stop here.
    roles: frozenset[int] = frozenset({Qt.ItemDataRole.DisplayRole})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._position: dict[str, int] = {}

    # -- what subclasses fill in
    def header(self, column: str) -> str:
        return column

    def cell(self, row: Any, column: str, role: int) -> Any:
        return None

    def filter_key(self, row: Any) -> str:
        """The word a KeyFilter over this model compares with the one it shows."""
        return ""

    # -- Qt's model interface
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        # Qt's own asks rowCount and columnCount (two calls into Python) for every index it makes.
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < len(self.columns)):
            return QModelIndex()
        return self.createIndex(row, column)

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:  # noqa: N802 - Qt's name
        """Every role a delegate asks of one cell in one call (Qt's own calls data() a dozen
        times per cell). Each call into Python waits for the interpreter lock, which a worker
        planning an import holds: a repaint then made 1,500 such waits, now 150."""
        if not index.isValid():
            return
        row, column = self._rows[index.row()], self.columns[index.column()]
        for slot in roles:
            role = slot.role()
            if role in self.roles:
                value = self.cell(row, column, role)
            elif role == ID_ROLE:
                value = row.id
            elif role == ROW_ROLE:
                value = row
            elif role == FILTER_ROLE:
                value = self.filter_key(row)
            else:
                value = None
            if value is None:
                slot.clearData()
            else:
                slot.setData(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == ID_ROLE:
            return self._rows[index.row()].id if index.isValid() else None
        if role == ROW_ROLE:
            return self._rows[index.row()] if index.isValid() else None
        if role == FILTER_ROLE:
            return self.filter_key(self._rows[index.row()]) if index.isValid() else None
        if role not in self.roles or not index.isValid():
            return None
        return self.cell(self._rows[index.row()], self.columns[index.column()], role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.header(self.columns[section]) if 0 <= section < len(self.columns) else None
        return QLocale().toString(section + 1)  # Persian digits in fa: Qt would show Latin ones

    # -- snapshots
    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, i: int) -> Any:
        return self._rows[i]

    def row_of(self, row_id: str) -> int | None:
        return self._position.get(row_id)

    def _reindex(self, start: int = 0) -> None:
        for i in range(start, len(self._rows)):
            self._position[self._rows[i].id] = i

    def _changed(self, i: int) -> None:
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))

    def set_rows(self, new_rows: Sequence[Any]) -> None:
        """Makes the model hold ``new_rows`` in that order, with the fewest signals. Rows that
        share nothing with the current ones (another incident chosen) replace them in one reset:
        announcing 2,000 inserts one by one took most of a second."""
        wanted = {r.id for r in new_rows}
        if not self._rows or not wanted or self._position.keys().isdisjoint(wanted):
            self.beginResetModel()
            self._rows = list(new_rows)
            self._position = {}
            self._reindex()
            self.endResetModel()
            return
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].id not in wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._position[self._rows[i].id]
                del self._rows[i]
                self.endRemoveRows()
        self._reindex()
        for target, row in enumerate(new_rows):
            current = self._position.get(row.id)
            if current is None:
                self.beginInsertRows(QModelIndex(), target, target)
                self._rows.insert(target, row)
                self.endInsertRows()
                self._reindex(target)
                continue
            if current != target:  # always upwards: everything before ``target`` is in place
                self.beginMoveRows(QModelIndex(), current, current, QModelIndex(), target)
                self._rows.insert(target, self._rows.pop(current))
                self.endMoveRows()
                self._reindex(target)
            if self._rows[target] != row:
                self._rows[target] = row
                self._changed(target)

    def upsert(self, rows: Sequence[Any], removed: Sequence[str] = ()) -> None:
        """Replaces rows in place or appends them, and drops ``removed``: for narrow refreshes
        behind a sorting proxy."""
        for row_id in removed:
            i = self._position.get(row_id)
            if i is None:
                continue
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            del self._position[row_id]
            self.endRemoveRows()
            self._reindex(i)
        for row in rows:
            i = self._position.get(row.id)
            if i is None:
                end = len(self._rows)
                self.beginInsertRows(QModelIndex(), end, end)
                self._rows.append(row)
                self._position[row.id] = end
                self.endInsertRows()
            elif self._rows[i] != row:
                self._rows[i] = row
                self._changed(i)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))


class KeyFilter(QSortFilterProxyModel):
    """The rows whose ``filter_key`` is the word shown (None: all), compared by Qt itself: with no
    word, a list of 5,000 reset after an import is not filtered row by row in Python (10 ms)."""

    def __init__(self, model: SnapshotModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.key: str | None = None
        self.setFilterRole(FILTER_ROLE)
        self.setSourceModel(model)

    def show_key(self, key: str | None, again: bool = False) -> None:
        """Shows the rows of ``key``; ``again``: the keys changed, filter even if it is the same."""
        if key == self.key and not again:
            return
        self.key = key
        pattern = "" if key is None else f"^{QRegularExpression.escape(key)}$"
        # Once: a new pattern filters the rows itself, and endFilterChange would filter them again
        # (each pass asks Python for every row's key: 14 ms for 5,000 people).
        if self.filterRegularExpression().pattern() != pattern:
            self.setFilterRegularExpression(QRegularExpression(pattern))
        else:
            self.beginFilterChange()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:  # noqa: N802 - Qt's name
        # Qt's proxy answers role by role, each mapped to the source and asked of it apart.
        if index.isValid():
            self._model.multiData(self.mapToSource(index), roles)

    def row(self, index: Index) -> Any:
        """The snapshot behind a (proxy) index of this filter, or None."""
        if not index.isValid():
            return None
        return self._model.row_at(self.mapToSource(index).row())


def read_only_table(page: QWidget, model: QAbstractItemModel, wrap: bool = False,
                    table: QTableView | None = None) -> QTableView:
    """The table every page shows its snapshots in: whole rows, read only, filling the page."""
    table = table or QTableView(page)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(wrap)
    table.verticalHeader().setVisible(False)
    layout: QLayout = page.layout() or QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(table, 1)  # the table takes the room; bars above it keep their height
    return table
