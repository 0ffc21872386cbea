"""What the board shows: the candidate lane of proposals, and filters over the open incidents."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QSizePolicy,
    QVBoxLayout, QWidget,
)

from desktop.models.keys import PHASE_OF_STATUS, Phase, Severity, Status, values
from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import BoardRow, Choice
from desktop import labels
from desktop.views.snapshot_model import ID_ROLE, ROW_ROLE, SORT_ROLE, SnapshotModel
from desktop.views import inputs
from desktop.models.limits import TITLE



class BoardFilter(QSortFilterProxyModel):
    """The open incidents that pass the filters, in board order; proposals go to the lane."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.severity: str | None = None
        self.phase: str | None = None
        self.service: str | None = None
        self.mine: str | None = None  # a person id
        self.matches: frozenset[str] | None = None  # incident ids found by a search
        self.setSortRole(SORT_ROLE)
        # Filtering reads the row snapshot: with the default (display) filter role, every tick
        # of the clock would re-filter and re-sort the whole board.
        self.setFilterRole(ROW_ROLE)

    def refresh(self) -> None:
        """The filters changed: re-filter the rows (invalidateFilter is deprecated in Qt 6.11)."""
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        row: BoardRow = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if row is None or row.status == "proposed":
            return False
        return ((self.severity is None or row.severity == self.severity)
                and (self.phase is None or PHASE_OF_STATUS.get(row.status) == self.phase)
                and (self.service is None or self.service in row.services)
                and (self.mine is None or self.mine in row.holders)
                and (self.matches is None or row.id in self.matches))


class _Proposals(QSortFilterProxyModel):
    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        row = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        return row is not None and row.status == "proposed"

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            row: BoardRow = super().data(index, ROW_ROLE)
            services = "، ".join(labels.user_text(s) for s in row.services)
            return f"{labels.severity(row.severity)} · {labels.user_text(row.title)}" + (
                f" · {services}" if services else "")
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole,
                    Qt.ItemDataRole.TextAlignmentRole):
            return None  # the board's severity cell colours, not meant for a list line
        return super().data(index, role)


class CandidateLane(QWidget):
    """Suspected major incidents from the reporting channel: accept, reject or merge."""

    def __init__(self, ctx: AppContext, model: SnapshotModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.proxy = _Proposals(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.sort(0)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.list = QListView(self)
        self.list.setModel(self.proxy)
        self.list.setFixedHeight(72)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.accept_button, self.reject_button, self.merge_button = (QPushButton(self) for _ in range(3))
        self.accept_button.clicked.connect(lambda: self.act("accept"))
        self.reject_button.clicked.connect(lambda: self.act("reject"))
        self.merge_button.clicked.connect(lambda: self.act("merge"))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        for button in (self.accept_button, self.reject_button, self.merge_button):
            header.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.addLayout(header)
        column.addWidget(self.list)
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.rowsRemoved.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.retranslate()

    def selected(self) -> str | None:
        index = self.list.currentIndex()
        if not index.isValid() and self.proxy.rowCount():
            index = self.proxy.index(0, 0)
        return index.data(ID_ROLE) if index.isValid() else None

    def act(self, action: str, into: str | None = None) -> None:
        incident_id = self.selected()
        if incident_id is None:
            return
        from desktop.services import incidents

        if action == "accept":
            self.ctx.command(incidents.move, incident_id, Status.DECLARED, label=self.accept_button.text())
        elif action == "reject":
            self.ctx.command(incidents.move, incident_id, "cancelled", label=self.reject_button.text())
        elif into is not None:
            self.ctx.command(incidents.merge, incident_id, into, label=self.merge_button.text())
        else:
            self.ctx.query(queries.open_incidents, incident_id,
                           on_done=lambda choices: self._ask_merge(choices))

    def _ask_merge(self, choices: list[Choice]) -> None:
        if not choices:
            return
        name, ok = inputs.ask_item(self, self.merge_button.text(), self.tr("Duplicate of:"), [c.name for c in choices])
        if ok:
            self.act("merge", next(c.id for c in choices if c.name == name))

    def _count(self, *_: object) -> None:
        count = self.proxy.rowCount()
        self.title.setText(self.tr("Reported, awaiting a decision (%1)").replace(
            "%1", self.ctx.formatter.number(count)))
        for button in (self.accept_button, self.reject_button, self.merge_button):
            button.setEnabled(count > 0)
        self.setVisible(count > 0)

    def retranslate(self) -> None:
        self.accept_button.setText(self.tr("Accept and declare"))
        self.reject_button.setText(self.tr("Reject"))
        self.merge_button.setText(self.tr("Merge into…"))
        self._count()


class FilterBar(QWidget):
    changed = Signal()
    search_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        inputs.set_limit(self.search, TITLE)  # a title, a reference or a few words
        self.severity, self.phase, self.service = QComboBox(self), QComboBox(self), QComboBox(self)
        self.mine = QCheckBox(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 2)
        for widget in (self.severity, self.phase, self.service, self.mine):
            row.addWidget(widget)
        for combo in (self.severity, self.phase, self.service):
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
        self.mine.toggled.connect(lambda *_: self.changed.emit())
        self.search.textChanged.connect(self.search_changed.emit)
        self.retranslate()
        ctx.query(queries.services, on_done=self._fill_services)

    def _fill_services(self, choices: list[Choice]) -> None:
        for choice in choices:
            self.service.addItem(labels.user_text(choice.name), choice.name)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search incidents and timelines…"))
        for combo, keys, word, everything in (
                (self.severity, values(Severity), labels.severity, self.tr("All severities")),
                (self.phase, values(Phase), labels.phase,
                 self.tr("All phases"))):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for key in keys:
                combo.addItem(word(key), key)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)
        if self.service.count() == 0:
            self.service.addItem(self.tr("All services"), None)
        else:
            self.service.setItemText(0, self.tr("All services"))
        self.mine.setText(self.tr("Mine"))
        self.mine.setToolTip(self.tr("Incidents where the operator at this station holds a role"))
