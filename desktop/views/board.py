"""The live incident board: one row per open incident; refreshes only the incidents a change
touched, and ticks elapsed time and SLA countdowns every second without querying the database."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QIcon
from PySide6.QtWidgets import QApplication, QHeaderView, QLabel, QStyle, QVBoxLayout, QWidget

from desktop.models.keys import ACTIVE_STATUSES, BOARD_STATUSES, SEVERITY_COLOURS, SEVERITY_TEXT
from desktop.context import AppContext
from desktop.services import queries, staffing
from desktop.services.changes import Changes
from desktop.services.queries import BoardRow
from desktop.text.calendar import utcnow
from desktop.formatting import Formatter
from desktop import labels
from desktop.views.board_clocks import ClockTable
from desktop.views.board_filters import BoardFilter, CandidateLane, FilterBar
from desktop.views.snapshot_model import ID_ROLE, SORT_ROLE, SnapshotModel, read_only_table
from desktop.wire import to_wire_time
from desktop.text.display import fill

@cache
def _brush(colour: str) -> QBrush:
    return QBrush(QColor(colour))  # made once: the board asks on every paint of every cell


@cache
def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


@cache
def _warning_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


_BREACHED = QColor("#c62828")  # an SLA countdown past its due time
_UNSTAFFED = "#ffe0b2"  # a sev1/sev2 without a commander or a communications lead (staffing.py)
_STATUS_RANK = {status: rank for rank, status in enumerate(BOARD_STATUSES)}


class BoardModel(SnapshotModel):
    columns = ("severity", "ref", "title", "services", "commander", "status", "elapsed", "sla",
               "next_update", "tasks", "updated")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole}) | {SORT_ROLE}
    TICKING_COLUMNS = (columns.index("elapsed"), columns.index("sla"), columns.index("next_update"))

    def __init__(self, formatter: Formatter, parent: Any = None) -> None:
        super().__init__(parent)
        self.formatter = formatter
        self.now = utcnow()
        # incident id → the roles the staffing rule says it lacks (services/staffing.py): its
        # commander cell is marked and the whole row says why in a tooltip.
        self.gaps: dict[str, tuple[str, ...]] = {}

    def take(self, board: staffing.Board, asked: list[str] | None = None) -> None:
        """The board's answer: every row (``asked`` None), or the rows of ``asked`` ids (a narrow
        refresh: those absent have left the board). A row whose only change is its staffing
        mark is repainted too (its snapshot alone would compare equal)."""
        before = self.gaps
        if asked is None:
            self.gaps = dict(board.gaps)
            self.set_rows(board.rows)
            changed = {i for i in before.keys() | self.gaps.keys() if before.get(i) != self.gaps.get(i)}
        else:
            self.gaps = {i: g for i, g in before.items() if i not in asked} | board.gaps
            present = {r.id for r in board.rows}
            self.upsert(board.rows, [i for i in asked if i not in present])
            changed = {i for i in asked if before.get(i) != self.gaps.get(i)}
        for incident_id in changed:
            i = self.row_of(incident_id)
            if i is not None:
                self._changed(i)

    def no_commander(self) -> str:
        return self.tr("No commander")

    def unstaffed(self, row: BoardRow) -> str:
        """What the row's mark means, or "" for a row with none."""
        missing = self.gaps.get(row.id)
        return labels.staffing_gap(row.severity, missing) if missing else ""

    def header(self, column: str) -> str:
        return {
            "severity": self.tr("Severity"), "ref": self.tr("Reference"), "title": self.tr("Title"),
            "services": self.tr("Affected services"), "commander": self.tr("Incident commander"),
            "status": self.tr("Status"), "elapsed": self.tr("Elapsed"), "sla": self.tr("SLA"),
            "next_update": self.tr("Next status update"), "tasks": self.tr("Open tasks"),
            "updated": self.tr("Last update"),
        }[column]

    def elapsed(self, row: BoardRow) -> float | None:
        if row.declared_at is None:
            return None
        end = row.resolved_at if row.status not in ACTIVE_STATUSES and row.resolved_at else self.now
        return (end - row.declared_at).total_seconds()

    def sla_left(self, row: BoardRow) -> float | None:
        if row.sla_due_at is None:
            return None
        end = row.resolved_at if row.status not in ACTIVE_STATUSES and row.resolved_at else self.now
        return (row.sla_due_at - end).total_seconds()

    def widest_clocks(self) -> dict[str, str]:
        """The longest text the clock and time columns can show (99 days; a date and time),
        sized once so that neither ticking nor a later row clips them."""
        widest = self.formatter.duration(99 * 86400 + 23 * 3600 + 59 * 60 + 59)
        sla = max((labels.sla_left(widest, breached) for breached in (True, False)), key=len)
        due = max((labels.next_update(widest, overdue) for overdue in (True, False)), key=len)
        return {"elapsed": widest, "sla": sla, "next_update": due,
                "updated": self.formatter.datetime(dt.datetime(2026, 12, 31, 23, 59, tzinfo=dt.timezone.utc))}

    def _elapsed_text(self, row: BoardRow) -> str:
        seconds = self.elapsed(row)
        return "" if seconds is None else self.formatter.duration(seconds)

    def _sla_text(self, left: float | None) -> str:
        if left is None:
            return ""
        return labels.sla_left(self.formatter.duration(abs(left)), breached=left < 0)

    def update_left(self, row: BoardRow) -> float | None:
        return None if row.next_update is None else (row.next_update - self.now).total_seconds()

    def _update_text(self, left: float | None) -> str:
        return "" if left is None else labels.next_update(self.formatter.duration(abs(left)), overdue=left < 0)

    def clock_faces(self, i: int) -> list[tuple[str, QColor | None, bool]]:
        """What the elapsed and SLA cells of row ``i`` show — the same as cell() gives for
        them, in one call, for ClockTable's tick."""
        row = self._rows[i]
        left = self.sla_left(row)
        due = self.update_left(row)
        return [(self._elapsed_text(row), None, True),
                (self._sla_text(left), _BREACHED if left is not None and left < 0 else None, False),
                (self._update_text(due), _BREACHED if due is not None and due < 0 else None, due is not None and due < 0)]

    def cell(self, row: BoardRow, column: str, role: int) -> Any:
        f = self.formatter
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "severity":
                return labels.severity(row.severity)
            if column == "ref":
                return row.ref  # an identifier: its digits stay Latin
            if column == "title":
                if row.exercise:  # a drill, said in a word (issue 17): never counted in the metrics
                    return fill(self.tr("Exercise: %1"), labels.user_text(row.title))
                return labels.user_text(row.title)
            if column == "services":
                return ("، " if f.lang == "fa" else ", ").join(labels.user_text(s) for s in row.services)
            if column == "commander":
                if row.commander is None and "incident_commander" in self.gaps.get(row.id, ()):
                    return self.no_commander()
                return labels.user_text(row.commander)
            if column == "status":
                return labels.status(row.status)
            if column == "elapsed":
                return self._elapsed_text(row)
            if column == "sla":
                return self._sla_text(self.sla_left(row))
            if column == "next_update":
                return self._update_text(self.update_left(row))
            if column == "tasks":
                if row.overdue_tasks:
                    return fill(self.tr("%1 (%2 overdue)"), f.number(row.open_tasks), f.number(row.overdue_tasks))
                return f.number(row.open_tasks)
            if column == "updated":
                return f.time(row.last_update) if row.last_update and (
                    self.now - row.last_update) < dt.timedelta(hours=20) else f.datetime(row.last_update)
        elif role == Qt.ItemDataRole.BackgroundRole and column == "severity":
            return _brush(SEVERITY_COLOURS.get(row.severity, "#546e7a"))
        elif role == Qt.ItemDataRole.BackgroundRole and column == "commander" and row.id in self.gaps:
            return _brush(_UNSTAFFED)
        elif role == Qt.ItemDataRole.DecorationRole:
            return _warning_icon() if column == "commander" and row.id in self.gaps else None
        elif role == Qt.ItemDataRole.ToolTipRole:
            return self.unstaffed(row) or None
        elif role == Qt.ItemDataRole.ForegroundRole:
            if column == "severity":
                return _brush(SEVERITY_TEXT.get(row.severity, "#ffffff"))
            if column == "commander" and row.id in self.gaps:
                return _brush("#3e2723")  # dark on the mark's amber, whatever the palette
            if column == "sla" and (self.sla_left(row) or 0) < 0:
                return _brush(_BREACHED.name())
            if column == "next_update" and (self.update_left(row) or 0) < 0:
                return _brush(_BREACHED.name())
        elif role == Qt.ItemDataRole.FontRole and (column in ("severity", "title", "elapsed") or (
                column == "next_update" and (self.update_left(row) or 0) < 0)):
            return _bold()  # an overdue update in bold red: a word and a weight as well as a colour
        elif role == Qt.ItemDataRole.TextAlignmentRole and column in ("severity", "elapsed", "sla", "next_update",
                                                                       "tasks"):
            return Qt.AlignmentFlag.AlignCenter
        elif role == SORT_ROLE:
            declared = row.declared_at.timestamp() if row.declared_at else 0
            return f"{_STATUS_RANK.get(row.status, 9)}{row.severity}{10**11 - declared:014.2f}{row.id}"
        return None


class BoardPage(QWidget):
    loaded = Signal()  # the first rows are in (cold-start measurement, screenshots)
    refreshed = Signal(object)  # Changes applied to the board
    searched = Signal(str)  # a search's answer is on the board

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, wall: bool = False) -> None:
        """``wall``: read only, for the wall display — no candidate lane, no filters."""
        super().__init__(parent)
        self.ctx = ctx
        self.model = BoardModel(ctx.formatter, self)
        self.proxy = BoardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.sort(0)
        self.lane = CandidateLane(ctx, self.model, self)
        self.filters = FilterBar(ctx, self)
        self.filters.changed.connect(self._filter)
        self.filters.search_changed.connect(self._search)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lane)
        layout.addWidget(self.filters)
        if wall:
            self.lane.hide()
            self.lane.setVisible = lambda _visible: None  # the lane shows itself when proposals arrive
            self.filters.hide()
        self.table = read_only_table(self, self.proxy, table=ClockTable(self))
        self.table.ticking_columns = BoardModel.TICKING_COLUMNS
        self.table.clock_faces = self._clock_faces
        header = self.table.horizontalHeader()
        # Sized to their contents once, when the rows first arrive (from 20 rows: 0.2 s off the
        # first paint), not on every change: re-measuring made each edit and tick cost ~50 ms.
        header.setResizeContentsPrecision(20)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(BoardModel.columns.index("title"), QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        # An empty board says why and how to begin (a new organisation's first minutes).
        self.wall = wall
        self.empty = QLabel(self.table.viewport())
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #616161; font-size: 14pt; padding: 24px;")
        self.table.viewport().installEventFilter(self)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved, self.proxy.modelReset,
                       self.proxy.layoutChanged):
            signal.connect(self._show_empty)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        ctx.bus.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        self.ctx.query(staffing.board, to_wire_time(utcnow()), on_done=self._loaded)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty.setGeometry(self.table.viewport().rect())
        return False

    def _show_empty(self, *_args: object) -> None:
        if self.proxy.rowCount():
            self.empty.hide()
            return
        if self.wall:
            self.empty.setText(self.tr("No major incident is running."))
        elif self.model.rowCount():
            self.empty.setText(self.tr("No incident matches the filters or the search."))
        else:
            self.empty.setText(self.tr("No incident yet. Declare one with Ctrl+N, or report a suspected one "
                                       "with Ctrl+Shift+N."))
        self.empty.setGeometry(self.table.viewport().rect())
        self.empty.show()

    def _loaded(self, board: staffing.Board) -> None:
        first = self.model.rowCount() == 0
        self.model.now = utcnow()
        self.model.take(board)
        if first:
            self._size_columns()
            self._show_empty()
            self.loaded.emit()

    def tick(self) -> None:
        """One second passed: the clocks on screen are redrawn from the rows in memory — no
        query, no re-sort, no re-filter (see ClockTable). Rows off screen show the new time
        when they are shown; a hidden board costs nothing."""
        self.model.now = utcnow()
        self.table.tick()

    def _clock_faces(self, proxy_row: int) -> list[tuple[str, QColor | None, bool]]:
        return self.model.clock_faces(self.proxy.mapToSource(self.proxy.index(proxy_row, 0)).row())

    def _size_columns(self) -> None:
        title = BoardModel.columns.index("title")
        for column in range(len(BoardModel.columns)):
            if column != title:
                self.table.resizeColumnToContents(column)
        # Room for the staffing mark ("No commander" and its icon) however the rows change later.
        commander = BoardModel.columns.index("commander")
        icon = self.table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        marked = QFontMetrics(self.table.font()).horizontalAdvance(self.model.no_commander())
        self.table.setColumnWidth(commander, max(self.table.columnWidth(commander),
                                                 marked + icon + 4 * self.table.clock_margin() + 8))
        # Room for the widest count (bold, as the elapsed column draws it), so ticking never clips.
        bold = QFont(self.table.font())
        bold.setBold(True)
        for name, text in self.model.widest_clocks().items():
            column = BoardModel.columns.index(name)
            wanted = QFontMetrics(bold).horizontalAdvance(text) + 2 * self.table.clock_margin() + 8
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), wanted))

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("station"):
            self._filter()  # "mine" means the new operator's incidents
        if changes.touches("person") or changes.touches("service"):
            self.reload()  # names shown on many rows
            return
        ids = sorted(changes.incidents | changes.get("incident"))
        if not ids:
            return

        def done(board: staffing.Board) -> None:
            self.model.now = utcnow()
            self.model.take(board, ids)
            self.refreshed.emit(changes)

        self.ctx.query(staffing.board, to_wire_time(utcnow()), ids, on_done=done)

    def _on_current(self, current: Any, _previous: Any) -> None:
        incident_id = current.data(ID_ROLE)
        if incident_id:
            self.ctx.selection.set_incident(incident_id)

    def _filter(self) -> None:
        f = self.filters
        self.proxy.severity = f.severity.currentData()
        self.proxy.phase = f.phase.currentData()
        self.proxy.service = f.service.currentData()
        self.proxy.mine = self.ctx.store.station.operator_id if f.mine.isChecked() else None
        self.proxy.refresh()

    def _search(self, text: str) -> None:
        """Persian-insensitive search over titles, references and timelines (see queries.search);
        the newest answer wins when typing outruns the worker."""
        self._asked = text
        if not text.strip():
            self.proxy.matches = None
            self.proxy.refresh()
            self.searched.emit(text)
            return

        def done(ids: frozenset[str]) -> None:
            if self._asked == text:
                self.proxy.matches = ids
                self.proxy.refresh()
                self.searched.emit(text)

        self.ctx.query(queries.search, text, on_done=done)

    def retranslate(self) -> None:
        self.model.formatter = self.ctx.formatter
        self.model.retranslate()
        self.lane.retranslate()
        self.filters.retranslate()
        self._show_empty()
        if self.model.rowCount():
            self._size_columns()  # the other language's words and digits have other widths
