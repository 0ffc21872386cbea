"""The status bar names who is operating this station — or says in red that nobody is — and
switches on a shared workstation in two clicks: the name, then a person. The menu lists the
people who worked here lately first, then the directory (a search field finds anyone in a large
one), and "Someone else…" opens the sign-in dialog, where a newcomer adds themselves. Who
operates is this station's own setting (like File ▸ This station): no op, no undo step; it is
announced on the bus as a change of the station, so every view that shows it follows."""

from __future__ import annotations

from shiboken6 import isValid
from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from desktop import labels
from desktop.context import AppContext
from desktop.services import queries
from desktop.services.queries import LISTED, Operators
from desktop.services.changes import Changes
from desktop.text.display import fill
from desktop.text.normalize import search_key
from desktop.views import inputs

class OperatorStatus(QToolButton):
    """The operator's name in the status bar; a click opens the menu of people to switch to."""

    ask = Signal()  # "Someone else…": the sign-in dialog (MainWindow.ask_operator)
    switched = Signal(str)  # the new operator's person id, once it is written

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("OperatorStatus")
        self.setAutoRaise(True)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.clicked.connect(self.open_menu)
        self.switch_action = QAction(self)  # File ▸ Who is operating…, also while a field has the focus
        self.switch_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.switch_action.triggered.connect(self.open_menu)
        inputs.window_wide(self.switch_action)
        self.menu: QMenu | None = None
        self.search: QLineEdit | None = None
        self._recent_actions: list[QAction] = []
        self._loaded_once = False
        self._found = Operators((), ())
        self._keys: list[str] | None = None  # search keys of the directory's names, made at the first search
        self._slots: list[QAction] = []
        self._more: QAction | None = None
        self._stale = False  # the directory changed since it was read
        self.setEnabled(not ctx.read_only)
        self.switch_action.setEnabled(not ctx.read_only)
        ctx.bus.changed.connect(self._on_change)
        self.retranslate()
        self.reload()

    # -- what it shows
    def reload(self) -> None:
        self._stale = False
        self.ctx.query(queries.operators, on_done=self._loaded)

    def _loaded(self, found: Operators) -> None:
        if not isValid(self):
            return  # the window closed while the worker read
        self._found, self._keys, self._loaded_once = found, None, True
        self.retranslate()
        if self.menu is not None and self.menu.isVisible():
            self._filter(self.search.text() if self.search is not None else "")

    def _on_change(self, changes: Changes, _initiator: object) -> None:
        operator = self.ctx.store.station.operator_id
        if changes.touches("station") or operator in changes.get("person"):  # switched, or renamed
            self.reload()
        elif changes.touches("person"):
            # Read again when the menu opens, not now: after an import of 5,000 people, reading
            # the whole directory in Python on the worker made the repaint of the lists wait.
            self._stale = True

    def _name(self, person_id: str | None) -> str | None:
        return next((p.name for p in self._found.people if p.id == person_id), None)

    def retranslate(self) -> None:
        operator = self.ctx.store.station.operator_id
        self.switch_action.setText(self.tr("Who is &operating…"))
        nobody = self._loaded_once and operator is None
        if not self._loaded_once:
            self.setText("")  # a moment, until the directory is read: never a wrong name
        elif nobody:
            self.setText(self.tr("Nobody is operating — choose who"))
        else:
            name = self._name(operator)
            self.setText(fill(self.tr("Operator: %1"), labels.user_text(name)) if name is not None
                         else self.tr("Operator: not in the directory yet"))
        sheet = "QToolButton { color: #b71c1c; font-weight: bold; }" if nobody else ""
        if self.styleSheet() != sheet:  # a style sheet re-polishes: only on change
            self.setStyleSheet(sheet)
        self.setToolTip(self.tr("Every edit and timeline entry names the person operating this station. "
                                "Click to switch (Ctrl+Shift+O)."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the menu
    def open_menu(self) -> QMenu:
        """The recent operators, the directory (searched when large) and "Someone else…"."""
        if self.menu is not None:
            self.menu.close()
        if self._stale:
            self.reload()  # the menu takes the fresh directory when it comes (_loaded)
        menu = self.menu = QMenu(self)
        menu.setObjectName("OperatorMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.destroyed.connect(lambda: self._forget(menu))
        self.search = QLineEdit(menu)
        self.search.setPlaceholderText(self.tr("Find a person…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        inputs.set_limit(self.search, inputs.LINE_LIMIT)
        inputs.apply_direction(self.search)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._take_first)
        field = QWidgetAction(menu)
        field.setDefaultWidget(self.search)
        menu.addAction(field)
        self._recent_section = menu.addSection(self.tr("Lately at this station"))
        recent = [person for pid in self._found.recent for person in self._found.people if person.id == pid]
        self._recent_actions = [self._person_action(menu, person) for person in recent]
        self._directory_section = menu.addSection(self.tr("Everyone in the directory"))
        self._slots = [self._person_action(menu, None) for _ in range(LISTED)]
        self._more = menu.addAction("")
        self._more.setEnabled(False)
        menu.addSeparator()
        someone = menu.addAction(self.tr("Someone else…"))
        someone.setObjectName("someone_else")
        someone.triggered.connect(self.ask.emit)
        self._filter("")
        menu.popup(self._where(menu))
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)
        return menu

    def _forget(self, menu: QMenu) -> None:
        if self.menu is menu:
            self.menu, self.search, self._more = None, None, None
            self._slots, self._recent_actions = [], []

    def _person_action(self, menu: QMenu, person) -> QAction:  # noqa: ANN001 - a queries.Choice, or a slot
        action = menu.addAction("")
        action.triggered.connect(lambda _=False, a=action: self.switch_to(a.data()))
        if person is not None:
            self._show(action, person)
        return action

    def _show(self, action: QAction, person) -> None:  # noqa: ANN001
        current = person.id == self.ctx.store.station.operator_id
        action.setText(labels.user_text(person.name))
        action.setData(person.id)
        action.setCheckable(current)  # a tick beside the one operating now, no empty boxes beside the rest
        action.setChecked(current)
        action.setVisible(True)

    def _filter(self, text: str) -> None:
        """Without a search: the directory's first names after the recent ones; with one, its
        matches (the board's Persian-insensitive key: ي/ی, ك/ک, any digits, the half-space)."""
        if self.menu is None:
            return
        key = search_key(text)
        people = self._found.people
        if key:
            if self._keys is None:
                self._keys = [search_key(person.name) for person in people]
            found = [person for person, name in zip(people, self._keys) if key in name]
        else:
            shown = set(self._found.recent)
            found = [person for person in people if person.id not in shown]
        for action in self._recent_actions:
            action.setVisible(not key)
        self._recent_section.setVisible(not key and bool(self._recent_actions))
        for slot, person in zip(self._slots, found):
            self._show(slot, person)
        for slot in self._slots[len(found):]:
            slot.setVisible(False)
            slot.setData(None)
        self._directory_section.setVisible(bool(found))
        hidden = len(found) - len(self._slots)
        if hidden > 0:
            self._more.setText(fill(self.tr("%1 more: type to find them"), labels.number(hidden)))
        elif key and not found:
            self._more.setText(self.tr("Nobody in the directory by that name"))
        self._more.setVisible(hidden > 0 or bool(key and not found))

    def _take_first(self) -> None:
        """Enter in the search field: the first person shown."""
        for action in (*self._recent_actions, *self._slots):
            if action.isVisible() and action.data():
                self.menu.close()
                self.switch_to(action.data())
                return

    def _where(self, menu: QMenu) -> QPoint:
        """Above the button (the status bar is at the bottom), from its reading-start edge."""
        hint = menu.sizeHint()
        x = 0 if not self.isRightToLeft() else self.width() - hint.width()
        return self.mapToGlobal(QPoint(x, -hint.height()))

    def switch_to(self, person_id: str | None) -> None:
        if not person_id or person_id == self.ctx.store.station.operator_id:
            return
        station = self.ctx.store.station.station_id
        self.ctx.change_local(lambda store: store.set_station(operator_id=person_id),
                              Changes.of([("station", station)]), on_done=lambda _none: self.switched.emit(person_id))
