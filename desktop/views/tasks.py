"""The incident's tasks in four columns (to do, in progress, blocked, done), right to left in fa.

A card moves by dragging it to a place in any column, by its context menu, or from the keyboard
(Ctrl+Shift+arrow: to the next column on that side). Every move is one undoable command that
lands between its new neighbours' fractional positions, so two stations moving cards while
apart still agree on one order. The bar above adds a task, with an owner, to "to do".

Issue 16: a card shows its owner, priority and due time (relative: "due in 2 h", or "Overdue"
in words and with an icon, not by colour alone); double-click or Enter opens its edit dialog
(task_edit.py). Ctrl/Shift-click selects several cards, in any columns; dragging or the menu
moves them all in one command (one undo step). A card leaves "to do" only with an owner: the
refusal is said in words. A new task whose title looks like an open one's asks first."""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import (QCoreApplication, QItemSelectionModel, QMimeData, QModelIndex, QSortFilterProxyModel, Qt,
                            QTimer, Signal)
from PySide6.QtGui import QBrush, QColor, QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QMenu, QMessageBox, QPushButton, QStyle, QVBoxLayout, QWidget)

from desktop.models.keys import Column
from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import TaskRow
from desktop.text.calendar import utcnow
from desktop import labels
from desktop.views import inputs
from desktop.views.elided import refusal_line
from desktop.views.incident_tab import IncidentTab
from desktop.views.snapshot_model import ROW_ROLE, SnapshotModel
from desktop.text.display import fill

COLUMN_ROLE = Qt.ItemDataRole.UserRole + 3
KANBAN = tuple(c.value for c in Column)  # board order
TASK_MIME = "application/x-crisisroom-task"


OVERDUE_COLOUR = "#c62828"


def overdue(row: TaskRow) -> bool:
    return row.column != "done" and row.due_at is not None and row.due_at < utcnow()


class TaskModel(SnapshotModel):
    columns = ("task",)
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                       Qt.ItemDataRole.DecorationRole}) | {COLUMN_ROLE}

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:  # type: ignore[override]
        """The kanban's words under this class's name, also for a subclass (the all-tasks board's
        model): Qt would look them up under the subclass's name, where lupdate does not file them."""
        return QCoreApplication.translate("TaskModel", text, disambiguation, n)

    def header(self, column: str) -> str:
        return self.tr("Task")

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [TASK_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        """The dragged cards' ids, one a line (several when several are selected)."""
        data = QMimeData()
        ids = list(dict.fromkeys(self.row_at(i.row()).id for i in indexes if i.isValid()))
        if ids:
            data.setData(TASK_MIME, "\n".join(ids).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def length(self, seconds: float) -> str:  # not "span": that is a Qt virtual of every model
        """A short length of time in the language's digits: 25 min, 2 h, 3 d."""
        number = self.ctx.formatter.number
        minutes = max(1, math.ceil(seconds / 60))
        if minutes < 60:
            return fill(self.tr("%1 min"), number(minutes))
        if minutes < 48 * 60:
            return fill(self.tr("%1 h"), number(round(minutes / 60)))
        return fill(self.tr("%1 d"), number(round(minutes / 1440)))

    def due_text(self, row: TaskRow) -> str:
        """"due in 2 h", or "Overdue by 25 min" (a word, not only a colour); "" when none or done."""
        if row.due_at is None or row.column == "done":
            return ""
        left = (row.due_at - utcnow()).total_seconds()
        if left < 0:
            return fill(self.tr("Overdue by %1"), self.length(-left))
        return fill(self.tr("due in %1"), self.length(left))

    def cell(self, row: TaskRow, column: str, role: int) -> Any:
        if role == COLUMN_ROLE:
            return row.column
        if role == Qt.ItemDataRole.DisplayRole:
            details = [labels.user_text(row.owner) if row.owner else self.tr("No owner")]
            if row.priority and row.priority != "normal":
                details.append(fill(self.tr("Priority: %1"), labels.priority(row.priority)))
            due = self.due_text(row)
            if due:
                details.append(due)
            return f"{labels.user_text(row.title)}\n{' · '.join(details)}"
        if role == Qt.ItemDataRole.ForegroundRole and overdue(row):
            return QBrush(QColor(OVERDUE_COLOUR))
        if role == Qt.ItemDataRole.DecorationRole and overdue(row):
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [labels.user_text(row.title)]
            if row.due_at is not None:
                lines.append(fill(self.tr("Due %1"), self.ctx.formatter.datetime(row.due_at)))
            if row.details:
                lines.append(labels.user_text(row.details))
            lines.append(self.tr("Double-click or Enter to edit; drag to move; Ctrl-click to select several"))
            return "\n".join(lines)
        return None

    def tick(self) -> None:
        """The relative due times move on with the clock: every card says it again."""
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                                   Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole])


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
    dropped_many = Signal(list, str)  # several selected cards dropped here: their ids, this column
    step = Signal(int)  # Ctrl+Shift+arrow: -1 towards "to do", +1 towards "done"
    edit = Signal()  # Enter on the current card

    def __init__(self, column: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # Ctrl/Shift-click
        self.gather: Any = None  # () -> the ids selected in every column (the page's)

    def startDrag(self, actions: Qt.DropAction) -> None:  # noqa: N802
        """A card of a selection that spans columns drags the whole selection."""
        ids = self.gather() if self.gather is not None else []
        current = self.currentIndex().data(ROW_ROLE) if self.currentIndex().isValid() else None
        if len(ids) < 2 or current is None or current.id not in ids:
            super().startDrag(actions)
            return
        data = QMimeData()
        data.setData(TASK_MIME, "\n".join(ids).encode())
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.exec(Qt.DropAction.MoveAction)

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
        ids = [i for i in bytes(event.mimeData().data(TASK_MIME)).decode().split("\n") if i]
        if len(ids) > 1:
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self.dropped_many.emit(ids, self.column)
            return
        if not ids:
            return
        task_id = ids[0]
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
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.edit.emit()
            return
        super().keyPressEvent(event)


class KanbanActions:
    """What every kanban page does with its cards (the incident's, and every open task's in
    all_tasks.py): columns of TaskLists, selection across columns, moving several, the keyboard
    and the context menu, the edit dialog, refusals in words, counts in the headings. A page
    gives ``ctx``, ``model``, ``message`` (a QLabel), ``people`` and ``move(task_id, column,
    before_row)``. The words are the TasksPage's (explicit context: a subclass's name would
    find no translation)."""

    ctx: AppContext
    model: TaskModel
    message: QLabel
    people: list
    editor: QDialog | None
    lists: dict[str, TaskList]
    titles: dict[str, QLabel]

    def move(self, task_id: str, column: str, before_row: int = -1) -> None:
        raise NotImplementedError

    def add_column(self, column: str, proxy: QSortFilterProxyModel, row: QHBoxLayout) -> TaskList:
        """One column: its heading and its list over ``proxy`` (the column's cards), wired."""
        box = QVBoxLayout()
        title = QLabel(self)  # type: ignore[arg-type]
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-weight: bold; padding: 6px; background: #eceff1;")
        view = TaskList(column, self)  # type: ignore[arg-type]
        view.setModel(proxy)
        view.dropped.connect(self.move)
        view.dropped_many.connect(self.move_many)
        view.gather = lambda: [r.id for r in self.selected()]
        view.edit.connect(lambda v=view: self.edit_card(self._card(v)))
        view.doubleClicked.connect(lambda index, v=view: self.edit_card(self._card(v, index)))
        view.selectionModel().selectionChanged.connect(lambda *_a, v=view: self._selected_in(v))
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
        return view

    def edit_card(self, card: TaskRow | None) -> None:
        if card is None:
            return
        from desktop.views.task_edit import TaskEditDialog

        if self.editor is not None:
            self.editor.close()
        editor = TaskEditDialog(self.ctx, card, self.people, self)  # type: ignore[arg-type]
        editor.finished.connect(lambda *_a: self.editor is editor and setattr(self, "editor", None))
        self.editor = editor
        editor.open()

    # -- several cards at once
    def selected(self) -> list[TaskRow]:
        """The selected cards of every column, in board order then card order."""
        out = []
        for view in self.lists.values():
            rows = sorted(i.row() for i in view.selectionModel().selectedRows())
            out.extend(view.model().index(r, 0).data(ROW_ROLE) for r in rows)
        return [r for r in out if r is not None]

    def _selected_in(self, view: TaskList) -> None:
        """Ctrl/Shift-click adds to the selection in the other columns too; a plain click there
        starts anew (the other columns' selections are cleared)."""
        modifiers = QApplication.keyboardModifiers()
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier):
            return
        if view.selectionModel().hasSelection():
            for other in self.lists.values():
                if other is not view and other.selectionModel().hasSelection():
                    other.selectionModel().clearSelection()

    def _clear_selection(self) -> None:
        for view in self.lists.values():
            view.selectionModel().clearSelection()

    def move_many(self, task_ids: list[str], column: str) -> None:
        """Several cards to the end of ``column`` (each at the end of its incident's): one
        command, one undo step."""
        if len(task_ids) == 1:
            self.move(task_ids[0], column)
            return
        from desktop.services import tasks

        self.message.hide()
        self.ctx.command(tasks.move_many, list(task_ids), column,
                         label=fill(QCoreApplication.translate("TasksPage", "Move %1 tasks to %2"),
                                    self.ctx.formatter.number(len(task_ids)), labels.column(column)),
                         on_done=lambda _moved: self.message.hide(), on_error=self._refused)

    def move_selected(self, column: str) -> None:
        self.move_many([r.id for r in self.selected()], column)

    def _card(self, view: TaskList, index: QModelIndex | None = None) -> TaskRow | None:
        index = index if index is not None else view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _step(self, view: TaskList, step: int) -> None:
        card = self._card(view)
        target = KANBAN.index(view.column) + step
        if card is None or not 0 <= target < len(KANBAN):
            return
        chosen = [r.id for r in self.selected() if r.column == view.column]
        if len(chosen) > 1 and card.id in chosen:
            self.move_many(chosen, KANBAN[target])  # the selected cards of this column, together
        else:
            self.move(card.id, KANBAN[target])

    def card_menu(self, view: TaskList, point) -> QMenu | None:  # noqa: ANN001
        """The context menu of the card at ``point``: move it to any other column."""
        card = self._card(view, view.indexAt(point))
        if card is None:
            return None
        menu = QMenu(self)  # type: ignore[arg-type]
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chosen = [r.id for r in self.selected()]
        if len(chosen) > 1 and card.id in chosen:  # the selection, together: one command
            count = self.ctx.formatter.number(len(chosen))
            for column in KANBAN:
                action = menu.addAction(fill(QCoreApplication.translate("TasksPage", "Move the %1 selected tasks to %2"),
                                             count, labels.column(column)))
                action.triggered.connect(lambda _=False, c=column, ids=chosen: self.move_many(ids, c))
            return menu
        edit = menu.addAction(QCoreApplication.translate("TasksPage", "Edit…"))
        edit.triggered.connect(lambda _=False: self.edit_card(card))
        menu.addSeparator()
        for column in KANBAN:
            if column != card.column:
                action = menu.addAction(fill(QCoreApplication.translate("TasksPage", "Move to %1"),
                                             labels.column(column)))
                action.triggered.connect(lambda _=False, c=column: self.move(card.id, c))
        return menu

    def _menu(self, view: TaskList, point) -> None:  # noqa: ANN001
        menu = self.card_menu(view, point)
        if menu is not None:
            menu.popup(view.viewport().mapToGlobal(point))

    def _refused(self, code: str, params: dict) -> None:
        if code == "no_owner" and len(params.get("titles", ())) > 1:
            comma = "، " if self.ctx.formatter.lang == "fa" else ", "
            params = {**params, "value": comma.join(params["titles"])}
        self.message.setText(labels.error(code, params))
        self.message.show()

    def _count(self) -> None:
        f = self.ctx.formatter
        for column, title in self.titles.items():
            count = self.lists[column].model().rowCount()
            title.setText(f"{labels.column(column)} ({f.number(count)})")


class TasksPage(IncidentTab, KanbanActions):
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
        self.message = refusal_line(self)
        page.addWidget(self.message)
        row = QHBoxLayout()  # mirrored by Qt in right-to-left layouts: "to do" on the right
        page.addLayout(row, 1)
        self.people_combo = self.owner
        for column in KANBAN:
            proxy = _ColumnFilter(column, self)
            proxy.setSourceModel(self.model)
            self.add_column(column, proxy, row)
        self.people: list = []
        self.editor: QDialog | None = None  # the open edit dialog
        self.duplicate: QMessageBox | None = None  # the open "looks like an open task" question
        self._clock = QTimer(self)  # "due in 2 h" moves on with the clock
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.model.tick)
        self._clock.start()
        self.retranslate()

    def people_loaded(self, people: list) -> None:  # noqa: ANN001
        from desktop.views import people_choice

        self.people = list(people)
        people_choice.fill(self.owner, people, none_text=self.tr("No owner"))

    def show_data(self, rows: list[TaskRow]) -> None:
        self.model.set_rows(rows)
        self._count()

    # -- acting on cards
    def add(self) -> None:
        """Adds the typed task to "to do"; when its title looks like an open task's, asks first
        (open that card instead, or add anyway)."""
        if self.incident_id is None:
            return
        from desktop.services import tasks  # with the write path, not at start-up

        title = self.new_title.text()
        self.message.hide()
        incident = self.incident_id
        if not title.strip():
            self.add_anyway(title)  # the command says why not
            return
        self.ctx.query(tasks.similar_open, incident, title,
                       on_done=lambda found: incident == self.incident_id and self._similar(title, found))

    def _similar(self, title: str, found: list) -> None:
        if not found:
            self.add_anyway(title)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("A task like this is open"), "", parent=self)
        names = "\n".join(f"• {labels.user_text(t.title)} ({labels.column(t.column)})" for t in found[:5])
        box.setText(fill(self.tr("This incident already has an open task that looks the same:\n%1\n\n"
                                 "Open the existing card instead, or add this one anyway?"), names))
        open_button = box.addButton(self.tr("Open the existing card"), QMessageBox.ButtonRole.AcceptRole)
        add_button = box.addButton(self.tr("Add anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(open_button)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            self.duplicate = None
            if clicked is open_button:
                self.show_card(found[0].id, edit=True)
            elif clicked is add_button:
                self.add_anyway(title)

        box.finished.connect(answered)
        self.duplicate = box
        box.open()

    def add_anyway(self, title: str) -> None:
        from desktop.services import tasks

        self.ctx.command(tasks.add, self.incident_id, title, owner_id=self.owner.currentData(),
                         label=fill(self.tr("Add task: %1"), labels.user_text(title.strip())),
                         on_done=lambda _id: self.new_title.clear(), on_error=self._refused)

    def show_card(self, task_id: str, edit: bool = False) -> None:
        """Selects the card in its column (and opens its edit dialog)."""
        row = self.model.row_of(task_id)
        if row is None:
            return
        card = self.model.row_at(row)
        view = self.lists[card.column]
        index = view.model().mapFromSource(self.model.index(row, 0))
        self._clear_selection()
        view.setFocus()
        view.setCurrentIndex(index)
        view.scrollTo(index)
        if edit:
            self.edit_card(card)

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
        self.message.hide()
        self.ctx.command(tasks.move, task_id, column, before, after,
                         label=fill(self.tr("Move task to %1: %2"), labels.column(column),
                                    labels.user_text(moving.title)), on_error=self._refused)

    def retranslate(self) -> None:
        self._count()
        self.model.retranslate()
        self.new_title.setPlaceholderText(self.tr("A new task for this incident…"))
        self.add_button.setText(self.tr("Add task"))
        if self.owner.count():
            self.owner.setItemText(0, self.tr("No owner"))
        for view in self.lists.values():
            view.setToolTip(self.tr("Drag a card to move it, or Ctrl+Shift+arrow; right-click for more"))
        self.model.tick()
