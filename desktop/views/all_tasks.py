"""Every open task across incidents in the kanban's four columns (issue 16).

The cards of every incident that is not closed, cancelled or archived (done ones too, so "done"
is real), each saying whose incident it is. Filters: one incident or all, an owner (anyone,
nobody, a person), "overdue only" and "mine" (owned by the station's operator); each column's
heading counts the cards it shows. A card moves as on one incident's board (tasks.py: drag and
drop, the keyboard, the context menu, several at once), among the cards of its own incident: a
drop lands between the nearest cards of that incident above and below the place it was dropped
on, or at the end of its incident's cards. The owner rule is said in words; double-click or
Enter opens the same edit dialog.

Built for 5,000 cards: one model of snapshots, sorted by (position, id) as the query returns
them; per column a proxy of the column's cards and over it one of the cards the filters show.
The filters are one regular expression over a word per card (incident|owner|overdue) that Qt
compares itself, so a filter change asks each card one word; the cards are all one height (no
measuring of 5,000 texts); a change re-queries only the tasks and incidents it names and moves
only those rows."""

from __future__ import annotations

import bisect
from typing import Any

from PySide6.QtCore import (QEvent, QModelIndex, QModelRoleDataSpan, QPersistentModelIndex, QRegularExpression, QSize,
                            QSortFilterProxyModel, QStringListModel, Qt, QTimer, Signal)
from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtGui import QColor, QPainter, QPalette, QShowEvent, QStaticText, QTextOption, QTransform
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QHBoxLayout, QLabel, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from desktop import labels
from desktop.context import AppContext
from desktop.services import queries
from desktop.services.changes import Changes
from desktop.services.queries import TaskRow
from desktop.text.calendar import utcnow
from desktop.text.display import fill
from desktop.text.normalize import isolate
from desktop.views.elided import refusal_line
from desktop.views.snapshot_model import ROW_ROLE
from desktop.views.tasks import KANBAN, OVERDUE_COLOUR, KanbanActions, TaskModel, overdue

Index = QModelIndex | QPersistentModelIndex
NOBODY = "-"  # the owner word of a card nobody owns (and the owner filter's "nobody")
INCIDENT_TITLE = 80  # characters of an incident's title in the incident filter
MUTED_COLOUR = "#546e7a"  # a card's incident line, beside its own words


def _key(row: TaskRow) -> tuple[str, str]:
    return row.position, row.id


class AllTaskModel(TaskModel):
    """The kanban's cards (TaskModel's words), each also naming its incident; kept in (position,
    id) order. ``keys`` mirrors the rows, row for row, with each card's filter word
    (column|incident|owner|overdue) in a model of Qt's own: the columns' proxies filter that, so
    a filter change asks Python nothing per card (asking 5,000 cards a word cost 30 ms)."""

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(ctx, parent)
        self.now = utcnow()  # "overdue" in the filter words: as of the last load or tick
        self._late_icon: Any = None
        self.keys = QStringListModel(self)
        self._said: dict[str, tuple[TaskRow, str]] = {}  # a card's words, until the clock moves on

    def incident_text(self, row: TaskRow) -> str:
        return f"{isolate(row.incident_ref)} · {labels.user_text(row.incident_title)}"

    def filter_key(self, row: TaskRow) -> str:
        late = row.column != "done" and row.due_at is not None and row.due_at < self.now
        return f"{row.column}|{row.incident_id}|{row.owner_id or NOBODY}|{'1' if late else '0'}"

    def set_rows(self, new_rows: Any) -> None:
        super().set_rows(new_rows)
        self.keys.setStringList([self.filter_key(r) for r in self._rows])

    def _changed(self, i: int) -> None:
        self._rekey(i)
        super()._changed(i)

    def _rekey(self, i: int) -> None:
        key = self.filter_key(self._rows[i])
        at = self.keys.index(i, 0)
        if at.data() != key:
            self.keys.setData(at, key)

    def cell(self, row: TaskRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:  # one icon for every late card, not one each
            if self._late_icon is None:
                self._late_icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._late_icon if overdue(row) else None
        if role == Qt.ItemDataRole.DisplayRole:  # asked at every paint: said once per card and tick
            said = self._said.get(row.id)
            if said is None or said[0] is not row:
                said = self._said[row.id] = (row, f"{self.incident_text(row)}\n{super().cell(row, column, role)}")
            return said[1]
        value = super().cell(row, column, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{self.incident_text(row)}\n{value}"
        return value

    def retranslate(self) -> None:
        self._said.clear()
        super().retranslate()

    def tick(self) -> None:
        """The due times say the new time; the cards that fell overdue change their word."""
        self.now = utcnow()
        self._said.clear()
        words = self.keys.stringList()
        for i, row in enumerate(self._rows):
            if row.due_at is not None and words[i].endswith("|0") and self.filter_key(row) != words[i]:
                self.keys.setData(self.keys.index(i, 0), self.filter_key(row))
        super().tick()

    def place(self, rows: list[TaskRow], removed: list[str]) -> list[str]:
        """Puts ``rows`` in their places by (position, id) and drops ``removed``: a changed row
        whose place is the same is changed in place; one whose place moved is removed and
        inserted (a proxy takes a removal and an insertion row by row, but a move as a new
        layout, asking every card again). Returns the ids that were not there before."""
        added = []
        for row_id in removed:
            i = self._position.pop(row_id, None)
            if i is None:
                continue
            self.beginRemoveRows(QModelIndex(), i, i)
            del self._rows[i]
            self.endRemoveRows()
            self.keys.removeRows(i, 1)
            self._reindex(i)
        for row in rows:
            i = self._position.get(row.id)
            if i is not None:
                if self._rows[i] == row:
                    continue
                if _key(self._rows[i]) == _key(row):
                    self._rows[i] = row
                    self._changed(i)
                    continue
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
                self.keys.removeRows(i, 1)
                lowest = i
            else:
                added.append(row.id)
                lowest = len(self._rows)
            at = bisect.bisect_left(self._rows, _key(row), key=_key)
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, row)
            self.endInsertRows()
            self.keys.insertRows(at, 1)
            self.keys.setData(self.keys.index(at, 0), self.filter_key(row))
            self._reindex(min(lowest, at))
        return added


class CardDelegate(QStyledItemDelegate):
    """Cards of one height (three lines: the incident, muted; the title; owner and due time) and
    no width of their own: each fills its column and a longer line is elided. Each line is laid
    out once (a QStaticText kept by its words and width): shaping Persian text anew on every
    paint made a column's repaint cost 10 ms."""

    LINES = 3

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._laid: dict[tuple[str, int, int], QStaticText] = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(1, self.LINES * option.fontMetrics.lineSpacing() + 8)

    def _line(self, text: str, width: int, option: QStyleOptionViewItem) -> QStaticText:
        key = (text, width, int(option.direction.value))
        laid = self._laid.get(key)
        if laid is None:
            if len(self._laid) > 30_000:  # words of cards long gone
                self._laid.clear()
            laid = QStaticText(option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            laid.setTextFormat(Qt.TextFormat.PlainText)
            laid.setTextOption(_direction(option.direction))
            laid.setTextWidth(width)  # aligned to the reading side within the card
            laid.prepare(QTransform(), option.font)
            self._laid[key] = laid
        return laid

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        # The lines' room, worked out here: the style's would lay the text out to measure it.
        area = opt.rect.adjusted(6, 4, -6, 0)
        if not opt.icon.isNull():
            room = opt.decorationSize.width() + 6
            area = area.adjusted(0, 0, -room, 0) if opt.direction == Qt.LayoutDirection.RightToLeft \
                else area.adjusted(room, 0, 0, 0)
        lines = opt.text.replace("\u2028", "\n").split("\n")  # Qt gave the line breaks as U+2028
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)  # panel, icon, focus
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ink = opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = ink if selected or ink.name() == OVERDUE_COLOUR else QColor(MUTED_COLOUR)
        painter.save()
        painter.setFont(opt.font)
        y = area.top()
        step = opt.fontMetrics.lineSpacing()
        for n, text in enumerate(lines[:self.LINES]):
            laid = self._line(text, area.width(), opt)
            painter.setPen(muted if n == 0 else ink)
            painter.drawStaticText(QPointF(area.left(), y), laid)
            y += step
        painter.restore()


def _direction(direction: Qt.LayoutDirection) -> QTextOption:
    option = QTextOption()
    option.setTextDirection(direction)
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    side = Qt.AlignmentFlag.AlignRight if direction == Qt.LayoutDirection.RightToLeft else Qt.AlignmentFlag.AlignLeft
    option.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
    return option


class CardFilter(QSortFilterProxyModel):
    """The cards of one column that the filters show: Qt matches the cards' filter words (the
    model's ``keys``) against a regular expression itself; what the view asks of a card shown
    is answered by the model's row behind it."""

    def __init__(self, model: AllTaskModel, column: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model
        self.column = column
        self.setSourceModel(model.keys)
        self.show_pattern("")
        model.dataChanged.connect(self._forward)
        model.modelReset.connect(self._forward_all)

    def show_pattern(self, pattern: str) -> None:
        """``pattern``: over incident|owner|overdue ("": every card of the column)."""
        self.setFilterRegularExpression(QRegularExpression(
            f"^{self.column}\\|{pattern}"))  # filters the rows again, once

    def source_index(self, index: Index) -> QModelIndex:
        return self._model.index(self.mapToSource(index).row(), 0) if index.isValid() else QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self._model.data(self.source_index(index), role) if index.isValid() else None

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:  # noqa: N802 - Qt's name
        # Every role of a card in one call into Python (a proxy asks role by role).
        if index.isValid():
            self._model.multiData(self.source_index(index), roles)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return self._model.flags(self.source_index(index)) if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return self._model.mimeTypes()

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        return self._model.mimeData([self.source_index(i) for i in indexes])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def _forward(self, first: QModelIndex, last: QModelIndex, roles: list[int] = ()) -> None:  # noqa: B006
        """A card changed in the model (its words, not its filter word): its view repaints it."""
        if first.row() == last.row():
            shown = self.mapFromSource(self._model.keys.index(first.row(), 0))
            if shown.isValid():
                self.dataChanged.emit(shown, shown, roles)
        else:
            self._forward_all()

    def _forward_all(self, *_args: object) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))


class AllTasksPage(QWidget, KanbanActions):
    loaded = Signal()  # rows in, after a load or a narrow refresh (tests, the benchmark)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = AllTaskModel(ctx, self)
        self.lists = {}
        self.titles = {}
        self.shown: dict[str, CardFilter] = {}  # the cards of a column the filters show
        self.people: list = []
        self.editor: QDialog | None = None
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.incident_label = QLabel(self)
        self.incident = QComboBox(self)
        self.incident.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.incident.setMinimumContentsLength(20)  # a long title never widens the window
        self.owner_label = QLabel(self)
        self.owner = QComboBox(self)
        self.owner.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.owner.setMinimumContentsLength(12)
        self.overdue = QCheckBox(self)
        self.mine = QCheckBox(self)
        self.incident_label.setBuddy(self.incident)
        self.owner_label.setBuddy(self.owner)
        for widget in (self.incident_label, self.incident, self.owner_label, self.owner, self.overdue, self.mine):
            bar.addWidget(widget, 2 if widget is self.incident else 0)  # the room left: the incidents' titles
        bar.addStretch(1)
        page.addLayout(bar)
        self.message = refusal_line(self)
        page.addWidget(self.message)
        row = QHBoxLayout()  # mirrored in right-to-left layouts: "to do" on the right
        page.addLayout(row, 1)
        for column in KANBAN:
            shown = CardFilter(self.model, column, self)
            view = self.add_column(column, shown, row)
            view.setUniformItemSizes(True)  # one height: 5,000 cards are not measured one by one
            view.setWordWrap(False)
            view.setTextElideMode(Qt.TextElideMode.ElideRight)
            view.setItemDelegate(CardDelegate(view))
            view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.shown[column] = shown
            for signal in (shown.rowsInserted, shown.rowsRemoved, shown.modelReset):
                signal.connect(self._count_soon)
        self._pattern = ""
        self._loaded_once = False
        self._full = True  # the next refresh loads every card (first show, names changed)
        self._people_stale = True
        self._tasks: set[str] = set()  # changed while hidden, or while a refresh is asked
        self._incidents: set[str] = set()
        self._counting = False
        self.incident.currentIndexChanged.connect(self._filter)
        self.owner.currentIndexChanged.connect(self._filter)
        self.overdue.toggled.connect(self._filter)
        self.mine.toggled.connect(self._filter)
        self._clock = QTimer(self)  # "due in 2 h" and "overdue" move on with the clock
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.tick)
        self._clock.start()
        ctx.bus.changed.connect(self._on_changed)
        self.retranslate()

    # -- loading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._full or self._tasks or self._incidents:
            self.refresh()

    def refresh(self) -> None:
        if self._people_stale:
            self._people_stale = False
            self.ctx.query(queries.people, on_done=self.people_loaded)
        if self._full:
            self._full = False
            self._tasks.clear()
            self._incidents.clear()
            self.ctx.query(queries.open_tasks, on_done=self._loaded)
            return
        tasks, incidents = sorted(self._tasks), sorted(self._incidents)
        self._tasks.clear()
        self._incidents.clear()
        self.ctx.query(queries.open_tasks, tasks, incidents,
                       on_done=lambda rows: self._refreshed(rows, tasks, incidents))

    def _loaded(self, rows: list[TaskRow]) -> None:
        self.model.now = utcnow()
        self.model.set_rows(rows)
        self._loaded_once = True
        self._fill_incidents()
        self._count()
        self.loaded.emit()

    def _refreshed(self, rows: list[TaskRow], tasks: list[str], incidents: list[str]) -> None:
        got = {r.id for r in rows}
        removed = [i for i in tasks if i not in got]
        if incidents:
            asked = set(incidents)
            removed += [r.id for r in self.model.rows() if r.incident_id in asked and r.id not in got]
        added = self.model.place(rows, removed)
        if incidents or added or removed:  # an incident may have come, gone or been renamed
            self._fill_incidents()
        self._count()
        self.loaded.emit()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("station"):
            self._filter()  # "mine" means the new operator's tasks
        if changes.touches("person"):
            self._people_stale = True
            self._full = True  # owners' names are on many cards
        self._tasks.update(changes.get("task"))
        self._incidents.update(changes.get("incident"))
        if not self._loaded_once and not self.isVisible():
            self._full = True  # loaded whole when first shown
        if self.isVisible() and (self._full or self._tasks or self._incidents):
            self.refresh()

    def people_loaded(self, people: list) -> None:
        self.people = list(people)
        chosen = self.owner.currentData()
        self.owner.blockSignals(True)
        self.owner.clear()
        self.owner.addItem(self.tr("Anyone"), None)
        self.owner.addItem(self.tr("Nobody"), NOBODY)
        for person in people:
            self.owner.addItem(labels.user_text(person.name), person.id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(chosen)) if chosen is not None else 0)
        self.owner.blockSignals(False)
        if self.owner.currentData() != chosen:
            self._filter()  # the one chosen left the directory

    def _fill_incidents(self) -> None:
        found: dict[str, tuple[str, str]] = {}
        for row in self.model.rows():
            if row.incident_id not in found:
                found[row.incident_id] = (row.incident_ref, row.incident_title)
        chosen = self.incident.currentData()
        self.incident.blockSignals(True)
        self.incident.clear()
        self.incident.addItem(self.tr("All incidents"), None)
        for incident_id, (ref, title) in sorted(found.items(), key=lambda item: (item[1][0], item[0])):
            title = title if len(title) <= INCIDENT_TITLE else title[:INCIDENT_TITLE - 1] + "…"
            self.incident.addItem(f"{isolate(ref)} · {labels.user_text(title)}", incident_id)
        self.incident.setCurrentIndex(max(0, self.incident.findData(chosen)) if chosen is not None else 0)
        self.incident.blockSignals(False)
        if self.incident.currentData() != chosen:
            self._filter()  # the one chosen is closed now: every incident's cards

    # -- filters
    def pattern(self) -> str:
        """The regular expression over the cards' filter words after their column
        (incident|owner|overdue) that the chosen filters make; "": every card."""
        incident = self.incident.currentData()
        owner = self.owner.currentData()
        owners = None if owner is None else {owner}
        if self.mine.isChecked():
            me = self.ctx.store.station.operator_id or "\x00nobody at this station"
            owners = {me} if owners is None else owners & {me}
        if incident is None and owners is None and not self.overdue.isChecked():
            return ""
        if owners is not None and not owners:
            return "(?!)"  # a person and "mine" who is someone else: nothing
        parts = [QRegularExpression.escape(incident) if incident else "[^|]*",
                 "(?:" + "|".join(QRegularExpression.escape(o) for o in sorted(owners)) + ")" if owners else "[^|]*",
                 "1" if self.overdue.isChecked() else "[01]"]
        return r"\|".join(parts) + "$"

    def _filter(self, *_args: object) -> None:
        pattern = self.pattern()
        if pattern == self._pattern:
            return
        self._pattern = pattern
        for shown in self.shown.values():
            shown.show_pattern(pattern)
        self._count()

    def tick(self) -> None:
        self.model.tick()  # a card fallen overdue changes its word: Qt filters that card again

    def _count_soon(self, *_args: object) -> None:
        """The headings' counts once per burst of row changes (a filter change makes many)."""
        if not self._counting:
            self._counting = True
            QTimer.singleShot(0, self, self._recount)  # dropped with the page

    def _recount(self) -> None:
        self._counting = False
        self._count()

    # -- moving a card among its incident's cards
    def move(self, task_id: str, column: str, before_row: int = -1) -> None:
        """Into ``column`` before the card shown at ``before_row`` of that column (-1: after
        its incident's last card there): between the nearest cards of its own incident."""
        from desktop.services import tasks

        at = self.model.row_of(task_id)
        if at is None:
            return
        moving = self.model.row_at(at)
        shown = self.shown[column]
        anchor = shown.index(before_row, 0).data(ROW_ROLE) if 0 <= before_row < shown.rowCount() else None
        same = [r for r in self.model.rows()  # in (position, id) order
                if r.incident_id == moving.incident_id and r.column == column and r.id != task_id]
        if anchor is None:
            before, after = (same[-1] if same else None), None
        else:
            cut = bisect.bisect_left(same, _key(anchor), key=_key)
            before, after = (same[cut - 1] if cut else None), (same[cut] if cut < len(same) else None)
        if moving.column == column and (before is None or _key(before) < _key(moving)) \
                and (after is None or _key(moving) < _key(after)):
            return  # dropped where it was
        self.message.hide()
        self.ctx.command(tasks.move, task_id, column, before.position if before else None,
                         after.position if after else None,
                         label=fill(self.tr("Move task to %1: %2 (%3)"), labels.column(column),
                                    labels.user_text(moving.title), isolate(moving.incident_ref)),
                         on_error=self._refused)

    def retranslate(self) -> None:
        self.incident_label.setText(self.tr("&Incident:"))
        self.owner_label.setText(self.tr("&Owner:"))
        self.overdue.setText(self.tr("Overdue only"))
        self.mine.setText(self.tr("Mine"))
        self.mine.setToolTip(self.tr("Tasks owned by the person operating this station"))
        if self.incident.count():
            self.incident.setItemText(0, self.tr("All incidents"))
        if self.owner.count() > 1:
            self.owner.setItemText(0, self.tr("Anyone"))
            self.owner.setItemText(1, self.tr("Nobody"))
        for view in self.lists.values():
            view.setToolTip(self.tr("Drag a card to move it among its incident's cards, or Ctrl+Shift+arrow; "
                                    "right-click for more"))
        self.model.retranslate()
        self._count()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

