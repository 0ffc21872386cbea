"""The incident's tasks in four columns (to do, in progress, blocked, done), right to left in fa.

A card moves by dragging it to a place in any column, by its context menu, or from the keyboard
(Ctrl+Shift+arrow: to the next column on that side). Every move is one undoable command that
lands between its new neighbours' fractional positions, so two stations moving cards while
apart still agree on one order. The bar above adds a task, with an owner, to "to do"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit, QListView, QMenu,
                               QPushButton, QVBoxLayout, QWidget)

from desktop.models.keys import Column
from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import TaskRow
from desktop.text.calendar import utcnow
from desktop import labels
from desktop.views import inputs
from desktop.views.elided import never_widen
from desktop.views.incident_tab import IncidentTab
from desktop.views.snapshot_model import ROW_ROLE, SnapshotModel
from desktop.text.display import fill

COLUMN_ROLE = Qt.ItemDataRole.UserRole + 3
KANBAN = tuple(c.value for c in Column)  # board order
TASK_MIME = "application/x-crisisroom-task"


class TaskModel(SnapshotModel):
    columns = ("task",)
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole}) | {COLUMN_ROLE}

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return self.tr("Task")

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [TASK_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        if indexes:
            data.setData(TASK_MIME, self.row_at(indexes[0].row()).id.encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def cell(self, row: TaskRow, column: str, role: int) -> Any:
        if role == COLUMN_ROLE:
            return row.column
        if role == Qt.ItemDataRole.DisplayRole:
            details = [labels.user_text(row.owner) if row.owner else self.tr("No owner")]
            if row.due_at and row.column != "done":
                details.append(fill(self.tr("due %1"), self.ctx.formatter.datetime(row.due_at)))
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


class TaskList(QListView):
    """One kanban column. A dropped card lands where it was dropped (above or below the card
    under the pointer); the page turns that into a move between the neighbours' positions."""

    dropped = Signal(str, str, int)  # task id, this column, the proxy row it lands before (-1: at the end)
    step = Signal(int)  # Ctrl+Shift+arrow: -1 towards "to do", +1 towards "done"

    def __init__(self, column: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(TASK_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(TASK_MIME):
            super().dragMoveEvent(event)  # the drop indicator
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(TASK_MIME):
            return
        task_id = bytes(event.mimeData().data(TASK_MIME)).decode()
        point = event.position().toPoint()
        index = self.indexAt(point)
        if not index.isValid():
            row = -1
        else:
            below = point.y() > self.visualRect(index).center().y()
            row = index.row() + 1 if below else index.row()
            row = -1 if row >= self.model().rowCount() else row
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()  # the page moves it through a command; the view takes no rows itself
        self.dropped.emit(task_id, self.column, row)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        modifiers = event.modifiers()
        wanted = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if (modifiers & wanted) == wanted and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            forward = Qt.Key.Key_Left if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else Qt.Key.Key_Right
            self.step.emit(1 if event.key() == forward else -1)  # the arrow points where the card goes
            return
        super().keyPressEvent(event)


class TasksPage(IncidentTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, queries.tasks, parent)
        self.model = TaskModel(ctx, self)
        self.lists: dict[str, TaskList] = {}
        self.titles: dict[str, QLabel] = {}
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.new_title = inputs.limit(QLineEdit(self), "task", "title")
        self.new_title.returnPressed.connect(self.add)
        self.owner = QComboBox(self)
        self.owner.setMinimumContentsLength(16)
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self.add)
        bar.addWidget(self.new_title, 1)
        bar.addWidget(self.owner)
        bar.addWidget(self.add_button)
        page.addLayout(bar)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.setWordWrap(True)
        never_widen(self.message)
        self.message.hide()
        page.addWidget(self.message)
        row = QHBoxLayout()  # mirrored by Qt in right-to-left layouts: "to do" on the right
        page.addLayout(row, 1)
        self.people_combo = self.owner
        for column in KANBAN:
            box = QVBoxLayout()
            title = QLabel(self)
            title.setAlignment(Qt.AlignmentFlag.AlignCenter)
            title.setStyleSheet("font-weight: bold; padding: 6px; background: #eceff1;")
            proxy = _ColumnFilter(column, self)
            proxy.setSourceModel(self.model)
            view = TaskList(column, self)
            view.setModel(proxy)
            view.dropped.connect(self.move)
            view.step.connect(lambda step, v=view: self._step(v, step))
            view.customContextMenuRequested.connect(lambda point, v=view: self._menu(v, point))
            view.setWordWrap(True)
            view.setSpacing(3)
            view.setAlternatingRowColors(True)
            box.addWidget(title)
            box.addWidget(view)
            row.addLayout(box)
            self.lists[column] = view
            self.titles[column] = title
        self.retranslate()

    def people_loaded(self, people: list) -> None:  # noqa: ANN001
        from desktop.views import people_choice

        people_choice.fill(self.owner, people, none_text=self.tr("No owner"))

    def show_data(self, rows: list[TaskRow]) -> None:
        self.model.set_rows(rows)
        self._count()

    # -- acting on cards
    def add(self) -> None:
        if self.incident_id is None:
            return
        from desktop.services import tasks  # with the write path, not at start-up

        title = self.new_title.text()
        self.message.hide()
        self.ctx.command(tasks.add, self.incident_id, title, owner_id=self.owner.currentData(),
                         label=fill(self.tr("Add task: %1"), labels.user_text(title.strip())),
                         on_done=lambda _id: self.new_title.clear(), on_error=self._refused)

    def move(self, task_id: str, column: str, before_row: int = -1) -> None:
        """Into ``column`` before the card now at ``before_row`` of that column (-1: at the end)."""
        from desktop.services import tasks

        cards = [r for r in self.model.rows() if r.column == column]
        moving = next((r for r in self.model.rows() if r.id == task_id), None)
        if moving is None:
            return
        at = len(cards) if before_row < 0 else before_row
        neighbours = [c for c in cards if c.id != task_id]  # where it lands, among the others
        at -= sum(1 for c in cards[:at] if c.id == task_id)
        before = neighbours[at - 1].position if at > 0 else None
        after = neighbours[at].position if at < len(neighbours) else None
        if moving.column == column and [c.id for c in cards].index(task_id) == at:
            return  # dropped where it was
        self.ctx.command(tasks.move, task_id, column, before, after,
                         label=fill(self.tr("Move task to %1: %2"), labels.column(column),
                                    labels.user_text(moving.title)), on_error=self._refused)

    def _card(self, view: TaskList, index: QModelIndex | None = None) -> TaskRow | None:
        index = index if index is not None else view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _step(self, view: TaskList, step: int) -> None:
        card = self._card(view)
        target = KANBAN.index(view.column) + step
        if card is not None and 0 <= target < len(KANBAN):
            self.move(card.id, KANBAN[target])

    def card_menu(self, view: TaskList, point) -> QMenu | None:  # noqa: ANN001
        """The context menu of the card at ``point``: move it to any other column."""
        card = self._card(view, view.indexAt(point))
        if card is None:
            return None
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for column in KANBAN:
            if column != card.column:
                action = menu.addAction(fill(self.tr("Move to %1"), labels.column(column)))
                action.triggered.connect(lambda _=False, c=column: self.move(card.id, c))
        return menu

    def _menu(self, view: TaskList, point) -> None:  # noqa: ANN001
        menu = self.card_menu(view, point)
        if menu is not None:
            menu.popup(view.viewport().mapToGlobal(point))

    def _refused(self, code: str, params: dict) -> None:
        self.message.setText(labels.error(code, params))
        self.message.show()

    def _count(self) -> None:
        f = self.ctx.formatter
        for column, title in self.titles.items():
            count = self.lists[column].model().rowCount()
            title.setText(f"{labels.column(column)} ({f.number(count)})")

    def retranslate(self) -> None:
        self._count()
        self.model.retranslate()
        self.new_title.setPlaceholderText(self.tr("A new task for this incident…"))
        self.add_button.setText(self.tr("Add task"))
        if self.owner.count():
            self.owner.setItemText(0, self.tr("No owner"))
        for view in self.lists.values():
            view.setToolTip(self.tr("Drag a card to move it, or Ctrl+Shift+arrow; right-click for more"))
