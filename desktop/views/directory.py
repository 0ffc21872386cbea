"""The directory page: people, teams, services and stakeholder groups — added, edited and
archived (never deleted), each change one undoable command; one search over all four with the
board's Persian normalisation. Loaded when first shown; afterwards a change reloads only the
rows it touched (services/directory_queries.update) and the lists take them by diff."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMainWindow, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop import labels
from desktop.context import AppContext
from desktop.services import directory_queries
from desktop.services.changes import Changes
from desktop.services.directory_queries import BUILT_IN_KINDS, Directory, GroupRow, TeamRecord, Update
from desktop.text.display import fill
from desktop.text.normalize import search_key
from desktop.views.directory_groups import GroupsTab
from desktop.views.directory_people import PeopleTab
from desktop.views.directory_services import ServicesTab
from desktop.views.directory_teams import TeamsTab

ENTITIES = ("person", "service", "stakeholder_group", "group_member", "team")


class DirectoryPage(QWidget):
    loaded = Signal()  # the whole directory is in
    refreshed = Signal(object)  # the rows a change touched are in (its Changes)
    searched = Signal(str)  # the lists show what the search found
    import_opened = Signal(object)  # the import window (directory_import.ImportDialog)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search = QLineEdit(self)  # prepared with the window's fields (direction, limit)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.search_label = QLabel(self)
        self.search_label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        self.import_button = QPushButton(self)  # people, services or groups from a CSV file
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.import_button.setEnabled(not ctx.read_only)
        top.addWidget(self.import_button)
        self.people = PeopleTab(self)
        self.teams = TeamsTab(self)
        self.services = ServicesTab(self)
        self.groups = GroupsTab(self)
        self.tabs = QTabWidget(self)
        for tab in (self.people, self.teams, self.services, self.groups):
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(lambda _index: self._fill_member_choice())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        self._asked = False  # the first load was asked for (on the first show)
        self._ready = False  # …and is in
        self._people_stale = True  # the groups tab's choice of people
        self._pending: dict[str, str] = {}  # entity → a row just saved, to select when it arrives
        self._team_records: list[TeamRecord] = []  # the teams' own rows (lead, contact)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslate()

    # -- loading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if not self._asked:  # not at start-up: the board's first paint comes first
            self.reload()
        super().showEvent(event)

    def loaded_once(self) -> bool:
        """Whether the lists have been filled (the first load is asked for on the first show)."""
        return self._ready

    def reload(self) -> None:
        self._asked = True
        self.ctx.query(directory_queries.everything, on_done=self._take_all)

    def _take_all(self, found: Directory) -> None:
        first = not self._ready
        self.people.model.set_rows(found.people)
        self.services.model.set_rows(found.services)
        self.groups.model.set_rows(found.groups)
        self._team_records = found.teams
        self._ready = True
        self._people_stale = True
        self._derive_teams()
        self._apply_search()
        if first:
            for tab in (self.people, self.teams, self.services, self.groups):
                tab.fit_columns()
            self.groups.select(self.groups.model.row_at(0).id)
        self._fill_member_choice()
        self.loaded.emit()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if not self._ready or not any(changes.touches(entity) for entity in ENTITIES):
            return
        self.ctx.query(directory_queries.update, changes.get("person"), changes.get("service"),
                       changes.get("stakeholder_group"), changes.get("group_member"), changes.get("team"),
                       on_done=lambda update: self._take(update, changes))

    def _take(self, update: Update, changes: Changes) -> None:
        """Only what the change touched: rows replaced, added, moved to their place or removed."""
        if update.people_asked:
            self.people.model.merge(update.people, update.people_asked)
            self._people_stale = True
        if update.services_asked:
            self.services.model.merge(update.services, update.services_asked)
        if update.groups is not None:
            self.groups.model.set_rows(update.groups)
        if update.teams is not None:
            self._team_records = update.teams
        # The rest in the next turn of the event loop: after an import of 5,000 people the lists
        # and the teams derived from them held the GUI thread 38 ms in one piece, with a repaint
        # waiting behind (benchmarks/directory_import.py).
        QTimer.singleShot(0, self, lambda: self._after_take(update, changes))

    def _after_take(self, update: Update, changes: Changes) -> None:
        if update.people_asked or update.services_asked or update.teams is not None:
            self._derive_teams()
        self._apply_search()
        self._fill_member_choice()
        self._select_pending()
        self.refreshed.emit(changes)

    def _derive_teams(self) -> None:
        self.teams.model.set_rows(directory_queries.teams(self.people.model.rows(), self.services.model.rows(),
                                                          self._team_records))

    def _fill_member_choice(self) -> None:
        if self._people_stale and self._ready and self.tabs.currentWidget() is self.groups:
            self._people_stale = False
            self.groups.show_people(self.people.model.rows())

    # -- what the other parts ask
    def group_rows(self) -> list[GroupRow]:
        return self.groups.model.rows()

    def team_names(self) -> list[str]:
        return [row.name for row in self.teams.model.rows()]

    def after_save(self, entity: str, row_id: Any) -> None:
        """A form saved this row: it is selected as soon as its list has it."""
        if isinstance(row_id, str):
            self._pending[entity] = row_id
            self._select_pending()

    def _select_pending(self) -> None:
        for entity, tab in (("person", self.people), ("service", self.services), ("stakeholder_group", self.groups),
                            ("team", self.teams)):
            wanted = self._pending.get(entity)
            if wanted is not None and tab.select(wanted):
                del self._pending[entity]

    # -- importing
    def import_csv(self, path: str | None = None) -> Any:
        """Asks for a CSV file (unless ``path`` is given) and opens the import window on it, for
        the kind of the tab shown (people from People and Teams); None when no file was chosen."""
        from desktop.views.directory_import import ImportDialog, ask_file

        path = path or ask_file(self)
        if not path:
            return None
        kind = {self.services: "services", self.groups: "groups"}.get(self.tabs.currentWidget(), "people")
        dialog = ImportDialog(self.ctx, self, kind)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        # Not modal: a window-modal dialog repaints the whole main window as blocked just as the
        # worker starts reading the file, and that repaint waited on the interpreter lock (60 ms).
        # Safe: the import checks each row against the directory again when it writes.
        dialog.show()
        dialog.open_file(path)
        self.import_opened.emit(dialog)
        return dialog

    def _imported(self, _done: object, said: str) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(said, 15000)

    # -- search
    def _search(self, _text: str) -> None:
        self._apply_search()
        self.searched.emit(self.search.text())

    def _apply_search(self) -> None:
        """One search over the four lists, in memory (each row has its key): the names of the
        built-in groups in the person's language count for people and groups."""
        text = self.search.text()
        words = {kind: labels.group_kind(kind) for kind in BUILT_IN_KINDS}
        self.people.found.show_only(directory_queries.search(self.people.model.rows(), text, words))
        self.teams.found.show_only(directory_queries.search(self.teams.model.rows(), text))
        self.services.found.show_only(directory_queries.search(self.services.model.rows(), text))
        groups = directory_queries.search(self.groups.model.rows(), text)
        if groups is not None:  # a built-in group is found by the app's word for it
            wanted = directory_queries.query(text)
            groups |= {r.id for r in self.groups.model.rows() if r.built_in and wanted is not None
                       and directory_queries.matches(search_key(words[r.kind]), wanted)}
        self.groups.found.show_only(groups)
        self._count()

    def _count(self) -> None:
        names = (self.tr("People"), self.tr("Teams"), self.tr("Services"), self.tr("Stakeholder groups"))
        for index, (name, tab) in enumerate(zip(names, (self.people, self.teams, self.services, self.groups),
                                                strict=True)):
            count = tab.found.rowCount()
            self.tabs.setTabText(index, fill(self.tr("%1 (%2)"), name, self.ctx.formatter.number(count))
                                 if self._ready else name)

    def retranslate(self) -> None:
        self.search_label.setText(self.tr("&Search:"))
        self.search.setPlaceholderText(self.tr("Name, team, job title, email, phone, service, group…"))
        self.import_button.setText(self.tr("&Import from CSV…"))
        self.import_button.setToolTip(self.tr("People, services or stakeholder groups from a spreadsheet: "
                                              "a preview first, nothing written until you say so"))
        for tab in (self.people, self.teams, self.services, self.groups):
            tab.retranslate()
        if self._ready:
            self._apply_search()  # the built-in groups' names are the language's
            for tab in (self.people, self.teams, self.services, self.groups):
                tab.fit_columns()
        self._count()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

