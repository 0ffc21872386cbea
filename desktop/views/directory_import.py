"""The directory page's import window: a CSV file of people, services or stakeholder groups read
and planned on the database worker (services/csv_import.py), a preview of what it would add,
update, leave as it is and refuse — line by line, the reasons in the person's language — and,
when Import is pressed, written on the worker in one transaction (all of it, or only the good
rows when the person chooses so) and announced on the ChangeBus, so the lists take only what
changed. Nothing is written before Import; an import that fails writes nothing and says why.

When the file's encoding cannot be told for sure the window asks (UTF-8, Windows Persian,
UTF-16) instead of guessing: what it shows is never mojibake of a wrong guess."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QProgressBar, QPushButton, QStyle, QVBoxLayout, QWidget,
)
from shiboken6 import isValid

from desktop import labels
from desktop.context import AppContext
from desktop.text.display import fill
from desktop.services.directory_queries import BUILT_IN_KINDS
from desktop.text.normalize import isolate, normalize_input
from desktop.views.directory_common import joined, list_table
from desktop.views.elided import ERROR_STYLE, ElidedLabel, never_widen, paragraph
from desktop.views.snapshot_model import KeyFilter, SnapshotModel

if TYPE_CHECKING:
    from desktop.services.csv_import import Imported, Plan
    from desktop.services.store import Store

log = logging.getLogger("crisisroom")

KINDS = ("people", "services", "groups")
ENCODINGS = ("utf-8", "cp1256", "utf-16")  # what the person may choose when the file cannot tell
_FIELDS_SHOWN = ("name", "title", "team", "email", "phone", "languages", "organisation", "external_id",
                 "description", "owner_team", "criticality", "sla_sev1", "sla_sev2", "sla_sev3", "sla_sev4", "used_by")


# -- what the worker hands the window (frozen, built off the GUI thread) ------------------------

@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One row of the file as the preview shows it. ``action``: add, change, same or refused;
    ``changed``: the file's names of the columns that change; ``values``: (field, column, new
    value) of a changed row; ``joins``: (kind, name) of the groups a person joins; a refused
    row's reason is (``code``, ``params``), worded when shown."""

    id: str
    line: int
    action: str
    name: str
    built_in: bool = False  # ``name`` is a built-in group's kind, named by the app
    changed: tuple[str, ...] = ()
    values: tuple[tuple[str, str, Any], ...] = ()
    joins: tuple[tuple[str, str | None], ...] = ()
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Preview:
    """The file planned against the directory (``plan``) and its rows, or why the whole file
    cannot be (``problem``: code, params); ``readable``, when the encoding is in doubt: which of
    ENCODINGS the file can be read in at all."""

    path: str
    kind: str
    encoding: str | None  # as the person chose it; None: told from the file
    plan: Plan | None = None
    rows: tuple[PreviewRow, ...] = ()
    problem: tuple[str, dict] | None = None
    readable: tuple[str, ...] = ENCODINGS
    counts: Mapping[str, int] = field(default_factory=dict)  # action -> rows, counted on the worker

    def count(self, action: str) -> int:
        return self.counts.get(action, 0)

    @classmethod
    def of(cls, path: str, kind: str, encoding: str | None, plan: Plan, rows: tuple[PreviewRow, ...]) -> Preview:
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.action] = counts.get(row.action, 0) + 1
        return cls(path, kind, encoding, plan, rows, counts=counts)


class Pacer:
    """Told after each row by the work on the database worker (csv_import's ``progress``): every
    2 ms of work it pauses for a fraction of a millisecond, and every 0.1 s it reports how far
    it is (``report(phase, done, total)``, a signal delivered on the GUI thread).

    The pause is what keeps the window responsive. Planning is pure Python, so without it the
    worker only lets go of the interpreter lock when Python forces a switch, after 5 ms: a
    repaint of the window, which calls into Python for every cell it draws, waited 5 ms per call
    and held the GUI thread for half a second (benchmarks/directory_import.py)."""

    SLICE, PAUSE, REPORT = 0.002, 0.0002, 0.1  # seconds

    def __init__(self, report: Callable[[str, int, int], None], phase: str, pause: bool = True) -> None:
        self.report, self.phase, self.pause = report, phase, pause
        self.started = self.reported = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if self.pause and now - self.started >= self.SLICE:
            time.sleep(self.PAUSE)  # the interpreter lock is free meanwhile: the GUI thread takes it
            self.started = time.perf_counter()
        if now - self.reported >= self.REPORT:
            self.reported = now
            self.report(self.phase, done, total)


def prepare(store: Store, path: str, kind: str, encoding: str | None,
            report: Callable[[str, int, int], None] = lambda *_: None) -> Preview:
    """On the database worker: the file read, decoded, its rows planned (nothing written)."""
    from desktop.services import csv_import

    try:
        data = csv_import.read_file(path)
    except csv_import.FileRefused as exc:
        return Preview(path, kind, encoding, problem=(exc.code, dict(exc.params)))
    try:
        table = csv_import.load(data, kind, encoding, Pacer(report, "read"))
    except csv_import.FileRefused as exc:
        readable = ENCODINGS
        if exc.code in ("unsure_encoding", "not_in_encoding"):
            readable = tuple(name for name in ENCODINGS if _reads(data, name))
        return Preview(path, kind, encoding, problem=(exc.code, dict(exc.params)), readable=readable)
    plan = store.read(csv_import.plan, table, Pacer(report, "plan"))
    return Preview.of(path, kind, encoding, plan, preview_rows(plan, table, Pacer(report, "plan")))


def _reads(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def preview_rows(plan: Any, table: Any, pace: Callable[[int, int], None] = lambda *_: None) -> tuple[PreviewRow, ...]:
    """The plan's rows and refusals in the file's order (a csv_import Plan and its Table)."""
    names = {line: normalize_input(cells.get("name") or cells.get("kind") or "")[:200] for line, cells in table.rows}
    rows = []
    for done, row in enumerate(plan.rows):
        pace(done, len(plan.rows))
        values = tuple((name, plan.column(name), value) for name, value in row.fields.items()
                       if name in _FIELDS_SHOWN and row.action == "change")
        rows.append(PreviewRow(str(row.line), row.line, row.action, row.name,
                               plan.kind == "groups" and row.name in BUILT_IN_KINDS,
                               tuple(plan.column(name) for name in row.changed), values,
                               tuple((kind, name) for _id, kind, name in row.groups)))
    for refusal in plan.refused:
        rows.append(PreviewRow(str(refusal.line), refusal.line, "refused", names.get(refusal.line, ""),
                               code=refusal.code, params=dict(refusal.params)))
    rows.sort(key=lambda r: r.line)
    return tuple(rows)


# -- the preview's table -------------------------------------------------------------------------

class PreviewModel(SnapshotModel):
    columns = ("line", "action", "name", "detail")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.TextAlignmentRole})
    REFUSED = QColor("#b71c1c")

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"line": self.tr("Line"), "action": self.tr("What happens"), "name": self.tr("Name"),
                "detail": self.tr("What changes, or why it is refused")}[column]

    def action(self, key: str) -> str:
        return {"add": self.tr("Add"), "change": self.tr("Update"), "same": self.tr("Unchanged"),
                "refused": self.tr("Refused")}[key]

    def cell(self, row: PreviewRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter if column == "line" else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.action == "refused" and column in ("action", "detail"):
                return self.REFUSED
            return QPalette().color(QPalette.ColorRole.PlaceholderText) if row.action == "same" else None
        if column == "line":
            return labels.line_number(row.line) if role == Qt.ItemDataRole.DisplayRole else None
        if column == "action":
            return self.action(row.action) if role == Qt.ItemDataRole.DisplayRole else None
        if column == "name":
            return labels.group_kind(row.name) if row.built_in else labels.user_text(row.name)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._values(row) or self.detail(row) or None
        return self.detail(row)

    def filter_key(self, row: PreviewRow) -> str:
        return row.action

    def detail(self, row: PreviewRow) -> str:
        lang = self.ctx.lang
        if row.action == "refused":
            return labels.import_problem(row.code, dict(row.params))
        if row.action == "change":
            return fill(self.tr("Changes: %1"), joined((labels.user_text(c) for c in row.changed), lang))
        if row.joins:
            return fill(self.tr("Joins: %1"), joined((labels.group_kind(kind) if kind != "custom"
                                                      else labels.user_text(name) for kind, name in row.joins), lang))
        return ""

    def _values(self, row: PreviewRow) -> str:
        """A changed row's new values, one a line: «عنوان: سرپرست شبکه»."""
        lines = []
        for name, column, value in row.values:
            if name == "criticality":
                shown = labels.criticality(value) if value else ""
            elif isinstance(value, int):
                shown = self.ctx.formatter.number(value)
            elif name in ("email", "phone", "external_id"):
                shown = isolate(str(value), rtl=False) if value else ""  # an address, a number: left to right
            else:
                shown = labels.user_text(str(value or ""))
            lines.append(fill(self.tr("%1: %2"), labels.user_text(column), shown or self.tr("(empty)")))
        return "\n".join(lines)


class Shown(KeyFilter):
    """The preview's rows of one kind of action (None: all of them)."""

    def show_only(self, action: str | None) -> None:
        self.show_key(action)


# -- the window ------------------------------------------------------------------------------------

def _at_size(widget: QWidget) -> QHBoxLayout:
    """A form's field that keeps its own width (a combo box as wide as its words)."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


class _Progress(QObject):
    """How far the work on the worker is: (reading number, phase, done, total), emitted there and
    delivered on the GUI thread. Owned by the window's parent and deleted after the window, once
    the worker is past the window's work: the worker never emits on a deleted object."""

    changed = Signal(int, str, int, int)


def _forget(ctx: AppContext, progress: _Progress) -> None:
    """Deletes a closed window's progress once the worker has done everything queued before (its
    last emit is behind it); at the app's end, with the worker, Qt deletes it."""
    if isValid(ctx.worker) and isValid(progress):
        ctx.worker.submit(lambda _store: None, lambda _none: isValid(progress) and progress.deleteLater())


def ask_file(parent: QWidget) -> str:
    """The file to import, chosen in Qt's file dialog (in the app's language); "" when none."""
    path, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("ImportDialog", "Import from CSV"), "",
        QCoreApplication.translate("ImportDialog", "CSV files (*.csv *.tsv *.txt);;All files (*)"))
    return path


class ImportDialog(QDialog):
    """Choose the file (``open_file`` takes a path directly), see the preview, import. Emits
    ``previewed`` whenever a (new) preview or a file's problem is shown, ``imported`` with the
    csv_import.Imported (and the sentence that says it) after the import is written and
    announced, ``failed`` with the words said when it was not."""

    previewed = Signal(object)  # a Preview
    imported = Signal(object, str)  # a csv_import.Imported, and the sentence that says it
    failed = Signal(str)  # the words shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, kind: str = "people") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: Preview | None = None
        self.path: str | None = None
        self.outcome: Imported | None = None
        self._asked = 0  # each reading of the file has its number: an answer to an older one is dropped
        self._applying = False
        self._painted = False  # the window has been drawn once (the reading waits for it, see open_file)
        self._state = "empty"  # empty, reading, shown, importing, imported
        self._progress = progress = _Progress(parent if parent is not None else self)
        self._progress.changed.connect(self._on_progress)
        self.destroyed.connect(lambda: _forget(ctx, progress))
        self.setMinimumSize(760, 480)

        self.kind = QComboBox(self)
        for key in KINDS:
            self.kind.addItem("", key)
        self.kind.setCurrentIndex(KINDS.index(kind) if kind in KINDS else 0)
        self.kind.currentIndexChanged.connect(lambda _i: self.read_again())
        self.file = ElidedLabel(self)
        self.choose_button = QPushButton(self)
        self.choose_button.clicked.connect(lambda: self.choose_file())
        self.reload_button = QPushButton(self)
        self.reload_button.clicked.connect(lambda: self.read_again())
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.reload_button)
        self.encoding = QComboBox(self)
        self.encoding.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # "Told from the file: …"
        self.encoding.addItem("", None)
        for name in ENCODINGS:
            self.encoding.addItem("", name)
        self.encoding.activated.connect(lambda _i: self.read_again())
        self.form = QFormLayout()
        self.kind_label, self.file_label, self.encoding_label = QLabel(self), QLabel(self), QLabel(self)
        self.kind_label.setBuddy(self.kind)
        self.file_label.setBuddy(self.choose_button)
        self.encoding_label.setBuddy(self.encoding)
        self.form.addRow(self.kind_label, _at_size(self.kind))
        self.form.addRow(self.file_label, file_row)
        self.form.addRow(self.encoding_label, _at_size(self.encoding))

        self.message = never_widen(QLabel(self))
        self.message.setWordWrap(True)
        self.counts = QLabel(self)
        self.show_label = QLabel(self)
        self.which = QComboBox(self)
        for action in (None, "refused", "add", "change", "same"):
            self.which.addItem("", action)
        self.which.currentIndexChanged.connect(lambda _i: self.shown.show_only(self.which.currentData()))
        self.show_label.setBuddy(self.which)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.counts, 1)
        counts_row.addWidget(self.show_label)
        counts_row.addWidget(self.which)

        self.model = PreviewModel(ctx, self)
        self.shown = Shown(self.model, self)
        holder = QWidget(self)
        self.table = list_table(holder, self.shown)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PreviewModel.columns.index("detail"), QHeaderView.ResizeMode.Stretch)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.busy = QLabel(self)
        self.busy.hide()
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busy)
        busy_row.addWidget(self.progress, 1)

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.good_rows_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(lambda: self.start_import(good_rows=False))
        self.good_rows_button.clicked.connect(lambda: self.start_import(good_rows=True))
        self.cancel_button.clicked.connect(self.reject)
        self.import_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(counts_row)
        layout.addWidget(holder, 1)
        layout.addLayout(busy_row)
        layout.addWidget(self.buttons)
        self._fit_to(parent)
        self.retranslate()
        self._enable()

    def _fit_to(self, parent: QWidget | None) -> None:
        window = parent.window() if parent is not None else None
        if window is not None:
            self.resize(max(760, int(window.width() * 0.8)), max(480, int(window.height() * 0.8)))

    # -- reading the file
    def choose_file(self) -> None:
        path = ask_file(self)
        if path:
            self.open_file(path)

    def open_file(self, path: str, encoding: str | None = None) -> None:
        """Reads and plans ``path`` on the worker; the preview follows (``previewed``)."""
        self.path = str(path)
        self.file.setText(paragraph(isolate(self.path, rtl=False), self.ctx.lang == "fa"))  # beside its label
        index = self.encoding.findData(encoding) if encoding else 0
        self.encoding.setCurrentIndex(max(0, index))
        if self.isVisible() and not self._painted:
            # The first drawing of the window, which calls into Python for every header and
            # label, is done before the worker starts: each of those calls would otherwise wait
            # for the interpreter lock the reading holds (see Pacer).
            self._state = "reading"
            self._busy(self.tr("Reading the file…"))
            self.installEventFilter(self)
            return
        self.read_again()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.removeEventFilter(self)  # nothing more to watch: later paints stay in C++
            QTimer.singleShot(0, self, self._start_reading)  # after this paint; never once the window is gone
        return False

    def _start_reading(self) -> None:
        """The window behind, repainted now as no longer the active one (its whole page, in
        Python calls), while the worker is idle — then the reading starts."""
        behind = self.parentWidget().window() if self.parentWidget() is not None else None
        if behind is not None and behind.isVisible():
            behind.repaint()
        self.read_again()

    def read_again(self) -> None:
        """The same file read and planned again (with the kind and encoding chosen now)."""
        if self.path is None or self._applying:
            return
        self._asked += 1
        asked = self._asked
        path, kind, encoding = self.path, self.kind.currentData(), self.encoding.currentData()
        self._busy(self.tr("Reading the file…"))
        emit = self._progress.changed.emit

        def done(preview: Preview) -> None:
            if isValid(self) and asked == self._asked:
                self._show(preview)

        def failed(exc: BaseException) -> None:
            if isValid(self) and asked == self._asked:
                log.error("reading %s for an import failed", path, exc_info=exc)
                self._show(Preview(path, kind, encoding, problem=("import_failed", {})))

        self.ctx.worker.submit(lambda store: prepare(store, path, kind, encoding,
                                                     lambda *step: emit(asked, *step)), done, failed)

    def _show(self, preview: Preview) -> None:
        self.preview, self.outcome = preview, None
        self._state = "shown"
        self._idle()
        self.which.setCurrentIndex(0)  # the columns fitted to every row's words, then the refused ones shown
        self.model.set_rows(preview.rows)
        self.table.scrollToTop()
        if preview.rows:
            self._fit_columns()
        if preview.count("refused"):
            self.which.setCurrentIndex(self.which.findData("refused"))
        self._follow_encoding(preview)
        self._say_plan()
        self.previewed.emit(preview)

    def _fit_columns(self) -> None:
        """The line, action and name columns as wide as their longest words (the last line's
        number, the four actions, the first 50 names), each measured once: Qt's own fitting
        laid out every cell through the delegate, 18 ms on the GUI thread for 5,000 rows."""
        rows = self.model.rows()
        fm = self.table.fontMetrics()
        pad = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.table) + 1) + 8
        header = self.table.horizontalHeader()
        words = {
            "line": [labels.line_number(max(row.line for row in rows))],
            "action": [self.model.action(key) for key in ("add", "change", "same", "refused")],
            "name": [self.model.cell(row, "name", Qt.ItemDataRole.DisplayRole) for row in rows[:50]],
        }
        for column, texts in words.items():
            at = PreviewModel.columns.index(column)
            widest = max(fm.horizontalAdvance(text) for text in texts) + pad
            self.table.setColumnWidth(at, max(widest, header.sectionSizeHint(at)))
        name = PreviewModel.columns.index("name")
        self.table.setColumnWidth(name, min(self.table.columnWidth(name), max(200, self.width() // 3)))

    def _follow_encoding(self, preview: Preview) -> None:
        """The encoding combo says how the file was read; when it could not be told, it asks."""
        model = self.encoding.model()
        for i in range(1, self.encoding.count()):
            model.item(i).setEnabled(self.encoding.itemData(i) in preview.readable)
        unsure = preview.problem is not None and preview.problem[0] == "unsure_encoding"
        if unsure:
            self.encoding.setItemText(0, self.tr("Not sure: choose one"))
            self.encoding.setFocus()
        elif preview.plan is not None and preview.encoding is None:
            self.encoding.setItemText(0, fill(self.tr("Told from the file: %1"), self._encoding_name(preview.plan.encoding)))
        else:
            self.encoding.setItemText(0, self.tr("Told from the file"))

    def _encoding_name(self, encoding: str) -> str:
        if encoding == "cp1256":
            return self.tr("Windows Persian (cp1256)")
        if encoding.startswith("utf-8"):
            return "UTF-8"
        if encoding.startswith(("utf-16", "utf-32")):
            return encoding[:6].upper()
        return encoding

    def _say_plan(self) -> None:
        preview, number = self.preview, self.ctx.formatter.number
        if preview is None:
            self.counts.clear()
            self._say("")
            return
        if preview.problem is not None:
            self.counts.clear()
            self._say(labels.import_problem(*preview.problem), error=True)
            return
        added, changed, same, refused = (preview.count(a) for a in ("add", "change", "same", "refused"))
        self.counts.setText(fill(self.tr("To add: %1 · to update: %2 · unchanged: %3 · refused: %4"),
                                 number(added), number(changed), number(same), number(refused)))
        if self.outcome is not None:
            self._say(self._result(self.outcome))
        elif refused:
            self._say(fill(self.tr("Rows refused: %1, each with its reason below. Correct the file and read it "
                                   "again, or import only the good rows; nothing is written until then."),
                           number(refused)), error=True)
        elif not added and not changed:
            self._say(self.tr("Nothing to import: the directory already has every row as the file has it."))
        else:
            self._say(self.tr("Nothing is written until you press Import."))
        self._enable()

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _result(self, done: Imported) -> str:
        number = self.ctx.formatter.number
        return fill(self.tr("Imported: %1 added, %2 updated, %3 unchanged, %4 refused."), number(done.added),
                    number(done.changed), number(self.preview.count("same") if self.preview else 0),
                    number(len(done.refused)))

    # -- importing
    def good_rows(self) -> int:
        """The rows an import of the good rows writes (added and updated)."""
        return self.preview.count("add") + self.preview.count("change") if self.preview else 0

    def start_import(self, good_rows: bool = False) -> None:
        """Writes the plan on the worker in one transaction; with refused rows only when
        ``good_rows``. Nothing else writes: cancelling before this leaves the database as it was."""
        preview = self.preview
        if preview is None or preview.plan is None or self._state != "shown" or not self.good_rows():
            return
        if preview.count("refused") and not good_rows:
            return
        if self.ctx.store.readonly or self.ctx.read_only:
            self._refused(labels.error("read_only"))
            return
        if self.ctx.store.station.operator_id is None:  # every op names who made it (AppContext.command)
            self._refused(labels.error("no_operator"))
            self.ctx.bus.operator_needed.emit()
            return
        from desktop.services import csv_import

        plan, asked, emit = preview.plan, self._asked, self._progress.changed.emit
        self._applying = True
        self._state = "importing"
        self._busy(self.tr("Importing…"))
        # Writing lets go of the interpreter lock at every SQLite call: no pauses needed.
        pace = Pacer(lambda *step: emit(asked, *step), "write", pause=False)
        label = fill(self.tr("Import of %1"), isolate(Path(preview.path).name))  # said by Edit ▸ Undo
        self.ctx.worker.submit(lambda store: csv_import.apply(store, plan, good_rows=good_rows, progress=pace),
                               lambda done: self._imported(done, label), self._failed)

    def _on_progress(self, asked: int, phase: str, done: int, total: int) -> None:
        if asked != self._asked or self._state not in ("reading", "importing"):
            return  # an older reading's, or already over
        number = self.ctx.formatter.number
        text = {"read": self.tr("Reading line %1 of %2…"), "plan": self.tr("Checking row %1 of %2…")}.get(
            phase, self.tr("Writing row %1 of %2…"))
        self.busy.setText(fill(text, number(done), number(total)))
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _imported(self, done: Imported, label: str) -> None:
        self._applying = False
        if isValid(self):
            self.outcome = done
            self._state = "imported"
            late = {r.line: r for r in done.refused}
            self.model.upsert([replace(row, action="refused", code=late[row.line].code, params=late[row.line].params)
                               for row in self.model.rows() if row.line in late and row.action != "refused"])
            self._idle()
            self._say_plan()
            # Drawn now, while the worker is idle: once the change is announced, the lists' queries
            # keep it busy in Python, and a repaint then waits for the interpreter lock at every cell.
            self.layout().activate()
            self.repaint()
        self.ctx.push_step(done.forward, done.inverse, label)  # the whole import: one step of Edit ▸ Undo
        if done.changes:
            self.ctx.bus.changed.emit(done.changes, None)  # the lists take what changed, nothing more
        if isValid(self):
            self.imported.emit(done, self._result(done))

    def _failed(self, exc: BaseException) -> None:
        self._applying = False
        if not isValid(self):
            return
        from desktop.db import classify
        from desktop.services import csv_import
        from desktop.services.errors import CommandError

        if isinstance(exc, csv_import.RowRefused):  # the directory changed since the preview
            refusal = exc.refusal
            text = "\n".join((labels.import_problem(exc.code, exc.params), fill(
                self.tr("Line %1: %2"), labels.line_number(refusal.line),
                labels.import_problem(refusal.code, refusal.params))))
            self.model.upsert([replace(row, action="refused", code=refusal.code, params=refusal.params)
                               for row in self.model.rows() if row.line == refusal.line])
            if self.preview is not None and self.preview.plan is not None:  # counted again, the row refused
                self.preview = Preview.of(self.preview.path, self.preview.kind, self.preview.encoding,
                                          self.preview.plan, tuple(self.model.rows()))
        elif isinstance(exc, CommandError):
            text = labels.import_problem(exc.code, exc.params)
        else:
            known = classify(exc, self.ctx.store.path)
            if known is None:
                log.error("the import of %s failed", self.path, exc_info=exc)
                text = labels.import_problem("import_failed")
            else:
                text = labels.error(known.code)
        self._state = "shown"
        self._idle()
        self._say_plan()
        self._refused(text)

    def _refused(self, text: str) -> None:
        self._say(text, error=True)
        self.failed.emit(text)

    # -- state
    def _busy(self, text: str) -> None:
        self._state = "importing" if self._applying else "reading"
        # The preview does not change while the worker reads or writes: not repainted meanwhile.
        # Each of its cells calls into Python, and each call waited for the interpreter lock the
        # worker holds, so the progress bar's repaints took the table's with them (50–70 ms).
        self.table.setUpdatesEnabled(False)
        self.progress.setRange(0, 0)  # busy, until the worker says how far it is
        self.busy.setText(text)
        self.busy.show()
        self.progress.show()
        self._enable()

    def _idle(self) -> None:
        self.table.setUpdatesEnabled(True)
        self.busy.hide()
        self.progress.hide()
        self._enable()

    def _enable(self) -> None:
        state, preview = self._state, self.preview
        planned = state == "shown" and preview is not None and preview.plan is not None
        refused = preview.count("refused") if planned and preview else 0
        good = self.good_rows() if planned else 0
        writable = not (self.ctx.read_only or self.ctx.store.readonly)
        self.import_button.setEnabled(planned and not refused and good > 0 and writable)
        self.import_button.setVisible(state != "imported")
        self.good_rows_button.setVisible(planned and refused > 0)
        self.good_rows_button.setEnabled(planned and refused > 0 and good > 0 and writable)
        self.good_rows_button.setText(fill(self.tr("Import only the good rows (%1)"), self.ctx.formatter.number(good)))
        choosing = state not in ("importing", "reading")
        for widget in (self.kind, self.encoding, self.choose_button):
            widget.setEnabled(choosing)
        self.reload_button.setEnabled(choosing and self.path is not None)
        self.cancel_button.setEnabled(state != "importing")  # one transaction: it ends by itself, soon
        self.cancel_button.setText(self.tr("Close") if state == "imported" else self.tr("Cancel"))

    def reject(self) -> None:
        if self._applying:  # Escape or the window's close button while it writes: it finishes first
            return
        self._asked += 1  # a reading still on the worker is dropped when it comes back
        super().reject()

    # -- words
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import from CSV"))
        self.kind_label.setText(self.tr("The file &holds:"))
        for index, word in enumerate((self.tr("People"), self.tr("Services"), self.tr("Stakeholder groups"))):
            self.kind.setItemText(index, word)
        self.file_label.setText(self.tr("&File:"))
        self.choose_button.setText(self.tr("&Choose another file…"))
        self.reload_button.setText(self.tr("&Read it again"))
        self.reload_button.setToolTip(self.tr("After correcting the file in a spreadsheet program"))
        self.encoding_label.setText(self.tr("&Encoding:"))
        for index, name in enumerate(ENCODINGS, start=1):
            self.encoding.setItemText(index, {"utf-8": "UTF-8", "cp1256": self.tr("Windows Persian (cp1256)"),
                                              "utf-16": self.tr("UTF-16 (Unicode text)")}[name])
        if self.preview is not None:
            self._follow_encoding(self.preview)
        else:
            self.encoding.setItemText(0, self.tr("Told from the file"))
        self.show_label.setText(self.tr("&Show:"))
        for index, word in enumerate((self.tr("All rows"), self.tr("Refused"), self.tr("Added"), self.tr("Updated"),
                                      self.tr("Unchanged"))):
            self.which.setItemText(index, word)
        self.import_button.setText(self.tr("&Import"))
        self.import_button.setToolTip(self.tr("Writes every row in one step; only when no row is refused"))
        self.model.retranslate()
        self._say_plan()
        self._enable()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
