"""The coordinator's main window: Board, Team, Tasks and Timeline pages over one incident."""

from __future__ import annotations

from shiboken6 import isValid
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from desktop import i18n
from desktop.formatting import Formatter
from desktop.context import AppContext
from desktop.services import queries
from desktop.services.changes import Changes
from desktop.text.normalize import isolate
from desktop import labels
from desktop.views.operator_sign_in import OperatorSignIn
from desktop.views.operator_status import OperatorStatus
from desktop.views.station_settings import StationSettingsDialog
from desktop.views.sync_settings import SyncSettingsDialog
from desktop.views.sync_status import SyncIndicator
from desktop.models.keys import SEVERITY_COLOURS
from desktop.views.board import BoardPage
from desktop.views.declare import DeclareDialog
from desktop.views import inputs
from desktop.views.elided import ElidedLabel
from desktop.views.export_postmortem import PostmortemExport, suggested_name
from desktop.views.incident import IncidentDetailPage
from desktop.views.incident_tab import IncidentTab
from desktop.views.page_tabs import PageTabs
from desktop.views.tasks import TasksPage
from desktop.views.team import TeamPage
from desktop.views.timeline import TimelinePage
from desktop.text.display import fill

PAGES = ("board", "incident", "team", "tasks", "timeline", "comms", "directory", "review", "follow-ups", "all-tasks",
         "metrics")
WRITER_AFTER_MS = 300
HEADER_TITLE = 120  # characters of the selected incident's title in the window's header


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("MainWindow")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.incident_label = ElidedLabel(central)  # a title of any length never widens the window
        self.incident_label.setStyleSheet("font-size: 16pt; font-weight: bold; padding: 6px;")
        layout.addWidget(self.incident_label)
        self.tabs = QTabWidget(central)
        self.board = BoardPage(ctx, self.tabs)
        self.incident = IncidentDetailPage(ctx, self.tabs)
        self.team = TeamPage(ctx, self.tabs)
        self.tasks = TasksPage(ctx, self.tabs)
        self.timeline = TimelinePage(ctx, self.tabs)
        early = (self.board, self.incident, self.team, self.tasks, self.timeline)
        # The rest are built when first shown (or asked for): nobody sees them at start, and
        # building them (the metrics' charts, the review's form) would delay the board's first paint.
        later = (self._comms_page, self._directory_page, self._review_page, self._follow_ups_page,
                 self._all_tasks_page, self._metrics_page)
        self.page_tabs = PageTabs(self.tabs, early, later)
        self.board.table.doubleClicked.connect(lambda _index: self.tabs.setCurrentWidget(self.incident))
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.station_label = QLabel(self)
        self.operator_status = OperatorStatus(ctx, self)  # who is operating, switched in two clicks
        self.operator_status.ask.connect(self.ask_operator)
        self.statusBar().addPermanentWidget(self.operator_status)
        self.sync_indicator = SyncIndicator(ctx, self)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self.statusBar().addPermanentWidget(self.station_label)
        # A database this user cannot write: said for as long as it is open, not at the first edit.
        self.read_only_label = QLabel(self)
        self.read_only_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.read_only_label.setVisible(ctx.read_only)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self._build_menus()
        # These work while a text field has the focus too (Ctrl+E from the timeline's note).
        inputs.window_wide(self.declare_action, self.report_action, self.export_action, *self.page_actions)
        for action in (self.declare_action, self.report_action, self.station_action, self.sync_action,
                       self.comms_action):
            action.setEnabled(not ctx.read_only)
        ctx.selection.incident_changed.connect(lambda _id: self._show_incident_header())
        ctx.selection.incident_changed.connect(self._remember_incident)
        # Rows changed (not the clock ticking): the header follows the selected incident.
        self.board.refreshed.connect(lambda _changes: self._show_incident_header())
        self.board.loaded.connect(self._show_incident_header)
        # After the board's first paint: the other pages' queries would compete with it for the GIL.
        self.board.loaded.connect(lambda: QTimer.singleShot(0, self, self._select_first))
        ctx.bus.failed.connect(self._on_failed)
        ctx.bus.changed.connect(self._on_station_change)
        # Nobody named at this station: asked once the board is up, and again at the next edit.
        self.sign_in: OperatorSignIn | None = None
        ctx.bus.operator_needed.connect(self.ask_operator)
        if ctx.store.station.operator_id is None and not ctx.read_only:
            self.board.loaded.connect(self.ask_operator, Qt.ConnectionType.SingleShotConnection)
        self.error_box: QMessageBox | None = None
        self.exporter = PostmortemExport(ctx, self)
        self.exporter.finished.connect(self._exported)
        self.exporter.failed.connect(lambda code, path: self._on_failed(code, {"path": path}))
        inputs.prepare(self)  # every text field: direction, length, the window's shortcuts
        self._restore()
        self.retranslate()

    # The later pages, each imported and made when first wanted (see PageTabs).
    def _comms_page(self, parent: QWidget) -> QWidget:
        from desktop.views.comms import CommsPage  # who is told what: the plan, drafts, what was sent

        return self._on_incident(CommsPage(self.ctx, parent))

    def _directory_page(self, parent: QWidget) -> QWidget:
        from desktop.views.directory import DirectoryPage  # people, teams, services, groups

        return DirectoryPage(self.ctx, parent)

    def _review_page(self, parent: QWidget) -> QWidget:
        from desktop.views.review import ReviewPage  # the post-implementation review: what closing waits for

        return self._on_incident(ReviewPage(self.ctx, parent))

    def _follow_ups_page(self, parent: QWidget) -> QWidget:
        from desktop.views.follow_ups import FollowUpsPage  # every closed incident's review actions

        page = FollowUpsPage(self.ctx, parent)
        page.open_incident.connect(self._open_review)
        return page

    def _all_tasks_page(self, parent: QWidget) -> QWidget:
        from desktop.views.all_tasks import AllTasksPage  # every open incident's tasks

        return AllTasksPage(self.ctx, parent)

    def _metrics_page(self, parent: QWidget) -> QWidget:
        from desktop.views.metrics import MetricsPage  # MTTA, MTTR … per period (QtCharts)

        page = MetricsPage(self.ctx, parent)
        page.open_incident.connect(lambda _id: self.tabs.setCurrentWidget(self.incident))
        return page

    def _on_incident(self, page: IncidentTab) -> IncidentTab:
        page.show_incident(self.ctx.selection.incident_id)  # chosen before the page was made
        return page

    def _page(self, name: str):  # noqa: ANN202 - the page's own class
        return self.page_tabs.page(PAGES.index(name))

    comms = property(lambda self: self._page("comms"))
    directory = property(lambda self: self._page("directory"))
    review = property(lambda self: self._page("review"))
    follow_ups = property(lambda self: self._page("follow-ups"))
    all_tasks = property(lambda self: self._page("all-tasks"))
    metrics = property(lambda self: self._page("metrics"))

    @property
    def pages(self) -> list[QWidget]:
        """Every page, each built if it was not yet."""
        return self.page_tabs.all()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.declare_action = QAction(self)
        self.declare_action.setShortcut(QKeySequence("Ctrl+N"))
        self.declare_action.triggered.connect(lambda: self.declare(proposed=False))
        self.report_action = QAction(self)
        self.report_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.report_action.triggered.connect(lambda: self.declare(proposed=True))
        self.file_menu.addActions([self.declare_action, self.report_action])
        self.file_menu.addSeparator()
        self.export_action = QAction(self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self.export_postmortem())
        self.file_menu.addAction(self.export_action)
        self.station_action = QAction(self)
        self.station_action.triggered.connect(lambda: self.station_settings())
        self.file_menu.addAction(self.station_action)
        self.file_menu.addAction(self.operator_status.switch_action)
        self.sync_action = QAction(self)
        self.sync_action.triggered.connect(lambda: self.sync_settings())
        self.file_menu.addAction(self.sync_action)
        self.comms_action = QAction(self)  # the mail server, the status page folder, the templates
        self.comms_action.triggered.connect(lambda: self.comms_settings())
        self.file_menu.addAction(self.comms_action)
        self.file_menu.addSeparator()
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.undo_action = self.ctx.undo.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ctx.undo.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        # After createUndoAction's own connection, so these words (ours, translated) win.
        self.ctx.undo.undoTextChanged.connect(self._undo_text)
        self.ctx.undo.redoTextChanged.connect(self._redo_text)
        self.view_menu = bar.addMenu("")
        self.page_actions = []
        for index in range(len(PAGES)):
            action = QAction(self)
            if index < 10:  # the tenth page: Ctrl+0; later ones from the View menu
                action.setShortcut(QKeySequence(f"Ctrl+{(index + 1) % 10}"))
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.view_menu.addAction(action)
            self.page_actions.append(action)
        self.language_menu = bar.addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for lang, name in (("fa", "فارسی"), ("en", "English")):  # each in its own language
            action = QAction(name, self, checkable=True)
            action.setChecked(lang == self.ctx.lang)
            action.triggered.connect(lambda _=False, code=lang: self.switch_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action

    def switch_language(self, lang: str) -> None:
        """Retranslates everything in place, no restart: translators, direction, digits, dates."""
        if lang == self.ctx.lang:
            return
        self.ctx.lang = lang
        self.ctx.formatter = Formatter(lang, self.ctx.settings.get("ui/calendar"),
                                       self.ctx.settings.get("ui/timezone"))
        self.ctx.settings.set("ui/language", lang)
        i18n.install(lang)  # also posts LanguageChange to every widget, for dialogs of their own
        self.language_actions[lang].setChecked(True)
        self.retranslate()  # now, not when the posted events arrive

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _undo_text(self, text: str) -> None:
        """Edit ▸ Undo and Redo say what they would undo or redo. (The stack outlives the
        window: it may still speak while the window is being taken down.)"""
        if isValid(self.undo_action):
            self.undo_action.setText(fill(self.tr("&Undo: %1"), self._short(text)) if text else self.tr("&Undo"))

    def _redo_text(self, text: str) -> None:
        if isValid(self.redo_action):
            self.redo_action.setText(fill(self.tr("&Redo: %1"), self._short(text)) if text else self.tr("&Redo"))

    def _short(self, text: str) -> str:
        """An undo step names what it undoes (a task's title…): elided to a menu's width."""
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, 480)

    def _open_review(self, incident_id: str) -> None:
        self.ctx.selection.set_incident(incident_id)
        self.tabs.setCurrentWidget(self.review)

    def retranslate(self) -> None:
        # A demo station says so wherever the window is seen: its incidents are invented.
        self.setWindowTitle(self.tr("Crisis Room — demo data (not connected to any hub)") if self.ctx.store.station.demo
                            else self.tr("Crisis Room"))
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.export_action.setText(self.tr("Export &postmortem (PDF)…"))
        self.sync_action.setText(self.tr("Sync &hub…"))
        self.station_action.setText(self.tr("This &station…"))
        self.comms_action.setText(self.tr("Stakeholder &messages…"))
        self.declare_action.setText(self.tr("&Declare major incident…"))
        self.report_action.setText(self.tr("&Report suspected major incident…"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self._undo_text(self.ctx.undo.undoText())
        self._redo_text(self.ctx.undo.redoText())
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        names = (self.tr("Board"), self.tr("Incident"), self.tr("Team"), self.tr("Tasks"), self.tr("Timeline"),
                 self.tr("Communications"), self.tr("Directory"), self.tr("Review"), self.tr("Follow-ups"),
                 self.tr("All tasks"), self.tr("Metrics"))
        for index, name in enumerate(names):
            self.tabs.setTabText(index, name)
            self.page_actions[index].setText(name)
        for page in self.page_tabs.built():  # the others are made in the language of the day
            page.retranslate()
        inputs.follow_language(self)  # now: the posted LanguageChange events come later
        station = self.ctx.store.station
        self.station_label.setText(fill(self.tr("Station %1 · demo data"), station.short_code) if station.demo
                                   else fill(self.tr("Station %1"), station.short_code))
        self.operator_status.retranslate()
        self.read_only_label.setText(self.tr("This database is read-only: you can look but not change anything"))
        self._show_incident_header()

    def _select_first(self) -> None:
        """The incident opened last time (remembered in the settings), else the board's first."""
        # Load the write path (SQLAlchemy, the ORM) on the worker soon, not on the first click; not
        # at once: its imports hold the GIL while the board's first paint is still to come.
        QTimer.singleShot(WRITER_AFTER_MS, self, lambda: self.ctx.worker.submit(
            lambda store: __import__("desktop.services.writer")))
        if self.ctx.selection.incident_id is not None:
            return
        last = self.ctx.settings.get("window/incident")
        row = self.board.model.row_of(last) if last else None
        shown = self.board.proxy.mapFromSource(self.board.model.index(row, 0)) if row is not None else None
        if shown is not None and shown.isValid():
            self.board.table.setCurrentIndex(shown)
        elif last:  # closed since, or filtered out of the board: the pages show it all the same
            self.ctx.query(queries.incident_detail, last, on_done=self._reopen)
        elif self.board.proxy.rowCount():
            self.board.table.setCurrentIndex(self.board.proxy.index(0, 0))

    def _reopen(self, detail: object) -> None:
        if self.ctx.selection.incident_id is not None:
            return  # someone chose meanwhile
        if detail is not None:
            self.ctx.selection.set_incident(detail.fields["id"])  # type: ignore[attr-defined]
        elif self.board.proxy.rowCount():  # gone (archived): the board's first
            self.board.table.setCurrentIndex(self.board.proxy.index(0, 0))

    def _remember_incident(self, incident_id: str | None) -> None:
        if incident_id:
            self.ctx.settings.set("window/incident", incident_id)

    def _show_incident_header(self) -> None:
        row_index = self.board.model.row_of(self.ctx.selection.incident_id or "")
        if row_index is None:
            self.incident_label.setText(self.tr("No incident selected"))
            self._style_header("font-size: 16pt; padding: 6px;")
            return
        row = self.board.model.rows()[row_index]
        # Isolate each part: a Latin reference or title must not reorder its neighbours, and the
        # paragraph direction follows the language, not the first letter of the title.
        mark = "\u200f" if self.ctx.lang == "fa" else "\u200e"
        # A long title is cut here (the label elides what still does not fit), so that the status
        # after it stays in sight; the page below shows it whole.
        title = row.title if len(row.title) <= HEADER_TITLE else row.title[:HEADER_TITLE - 1] + "…"
        parts = (labels.severity(row.severity), isolate(row.ref), labels.user_text(title),
                 labels.status(row.status))
        self.incident_label.setText(mark + " · ".join(parts))
        colour = SEVERITY_COLOURS.get(row.severity, "#546e7a")
        self._style_header(f"font-size: 16pt; font-weight: bold; padding: 6px; border-bottom: 4px solid {colour};")

    def _style_header(self, sheet: str) -> None:
        if self.incident_label.styleSheet() != sheet:  # a style sheet re-polishes: only on change
            self.incident_label.setStyleSheet(sheet)

    def _on_station_change(self, changes: Changes, _initiator: object) -> None:
        """This station's own settings changed (announced like any change, see AppContext.change_local)."""
        if changes.touches("hub"):  # set or forgotten: the sync restarts with it, and the status bar follows
            from desktop.background_sync import restart_sync

            self.sync_indicator.follow(restart_sync(self.ctx))
        if changes.touches("station"):
            self.retranslate()  # the status bar names the station by its code

    def declare(self, proposed: bool) -> DeclareDialog:
        """The declare form, or with ``proposed`` the quick report form; the new incident is
        selected when it is in."""
        dialog = DeclareDialog(self.ctx, proposed, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.declared.connect(self.ctx.selection.set_incident)
        dialog.open()
        return dialog

    def ask_operator(self) -> OperatorSignIn:
        if self.sign_in is None:
            self.sign_in = OperatorSignIn(self.ctx, self)
            self.sign_in.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.sign_in.destroyed.connect(lambda: setattr(self, "sign_in", None))
            self.sign_in.open()
        return self.sign_in

    def station_settings(self) -> StationSettingsDialog:
        dialog = StationSettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def sync_settings(self) -> SyncSettingsDialog:
        dialog = SyncSettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def comms_settings(self):  # noqa: ANN201 - a CommsSettingsDialog
        from desktop.views.comms_settings import CommsSettingsDialog

        dialog = CommsSettingsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_postmortem(self, path: str | None = None) -> None:
        """Exports the selected incident; asks where unless ``path`` is given."""
        incident_id = self.ctx.selection.incident_id
        if incident_id is None:
            self.statusBar().showMessage(self.tr("Select an incident first."), 8000)
            return
        row = self.board.model.row_of(incident_id)
        ref = self.board.model.rows()[row].ref if row is not None else None
        path = path or self.exporter.ask_path(suggested_name(ref))
        if path:
            self.exporter.start(incident_id, path)

    def _exported(self, path: str, pages: int) -> None:
        self.statusBar().showMessage(fill(self.tr("Postmortem written to %1 (%2 pages)"), path,
                                          self.ctx.formatter.number(pages)), 15000)

    def _on_failed(self, code: str, params: object) -> None:
        message = labels.error(code, params if isinstance(params, dict) else {})
        self.statusBar().showMessage(message, 15000)
        if code in ("locked", "corrupt", "too_new", "unavailable", "unwritable", "not_regular", "no_folder",
                    "permission_denied", "is_directory", "disk_full", "read_only_fs", "report_failed"):
            # Window-modal and non-blocking: the board keeps ticking behind it.
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Crisis Room"), message,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.error_box = box

    def _restore(self) -> None:
        geometry = self.ctx.settings.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        state = self.ctx.settings.get("window/state")
        if not state.isEmpty():
            self.restoreState(state)
        self.tabs.setCurrentIndex(max(0, min(self.ctx.settings.get("window/page"), len(PAGES) - 1)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.set("window/geometry", self.saveGeometry())
        self.ctx.settings.set("window/state", self.saveState())
        self.ctx.settings.set("window/page", self.tabs.currentIndex())
        self.ctx.settings.sync()
        super().closeEvent(event)
