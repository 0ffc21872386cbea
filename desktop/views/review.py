"""The post-implementation review of the selected incident: the checklist that says the fix is
really done and documented, the lessons learned, the follow-up actions (tasks with source
"review", each with an owner and a due time), and the close it guards — refused, with what is
missing said in words, until the checklist is done, or overridden by the incident commander
with a reason (services/review.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from desktop import labels
from desktop.context import AppContext
from desktop.services import review_queries
from desktop.services.review_queries import Checklist
from desktop.text.display import fill
from desktop.views import inputs, people_choice
from desktop.views.directory_common import joined
from desktop.views.elided import never_widen
from desktop.views.incident_tab import IncidentTab

DONE_STYLE = "color: #1b5e20; font-weight: bold;"
MISSING_STYLE = "color: #b71c1c; font-weight: bold;"


class ReviewPage(IncidentTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, review_queries.checklist, parent)
        self.checklist: Checklist | None = None
        self._lessons_shown = ""  # the stored lessons last put in the box
        self._lessons_of: str | None = None  # … and whose they were
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        inner = QWidget(scroll)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        column = QVBoxLayout(inner)

        self.summary = QLabel(inner)  # what closing waits for, or that it may close
        self.summary.setWordWrap(True)
        never_widen(self.summary)
        column.addWidget(self.summary)

        self.checks_box = QGroupBox(inner)
        checks = QVBoxLayout(self.checks_box)
        self.ticks: dict[str, QCheckBox] = {}
        self.stamps: dict[str, QLabel] = {}
        for item in review_queries.TICKED:
            row = QHBoxLayout()
            box = QCheckBox(self.checks_box)
            box.clicked.connect(lambda on, key=item: self.tick(key, on))
            stamp = QLabel(self.checks_box)
            stamp.setStyleSheet("color: palette(placeholder-text);")
            row.addWidget(box)
            row.addWidget(stamp, 1)
            checks.addLayout(row)
            self.ticks[item], self.stamps[item] = box, stamp
        self.written: dict[str, QLabel] = {}
        for item in review_queries.WRITTEN:  # follow from what is written: shown, not ticked
            shown = QLabel(self.checks_box)
            shown.setWordWrap(True)
            never_widen(shown)
            checks.addWidget(shown)
            self.written[item] = shown
        column.addWidget(self.checks_box)

        self.lessons_box = QGroupBox(inner)
        lessons = QVBoxLayout(self.lessons_box)
        self.lessons = inputs.limit(QPlainTextEdit(self.lessons_box), "incident", "lessons")
        self.lessons.setMinimumHeight(110)
        self.save_lessons = QPushButton(self.lessons_box)
        self.save_lessons.clicked.connect(self.save)
        lessons.addWidget(self.lessons)
        lessons.addWidget(self.save_lessons, 0, Qt.AlignmentFlag.AlignLeading)
        column.addWidget(self.lessons_box)

        self.actions_box = QGroupBox(inner)
        actions = QVBoxLayout(self.actions_box)
        self.actions_table = QTableWidget(0, 4, self.actions_box)
        self.actions_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.actions_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.actions_table.verticalHeader().setVisible(False)
        self.actions_table.horizontalHeader().setStretchLastSection(False)
        self.actions_table.horizontalHeader().setSectionResizeMode(0, self.actions_table.horizontalHeader().ResizeMode.Stretch)
        self.actions_table.setMinimumHeight(160)
        self.add_action = QPushButton(self.actions_box)
        self.add_action.clicked.connect(lambda: self.ask_action())
        actions.addWidget(self.actions_table)
        actions.addWidget(self.add_action, 0, Qt.AlignmentFlag.AlignLeading)
        column.addWidget(self.actions_box)

        buttons = QHBoxLayout()
        self.close_button = QPushButton(inner)
        self.close_button.clicked.connect(lambda: self.close_incident())
        self.override_button = QPushButton(inner)
        self.override_button.clicked.connect(lambda: self.close_incident(override=None, ask=True))
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.override_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.status = QLabel(inner)  # a refusal, in words
        self.status.setWordWrap(True)
        self.status.setStyleSheet(MISSING_STYLE)
        never_widen(self.status)
        column.addWidget(self.status)
        column.addStretch(1)
        inputs.prepare(self)
        self.retranslate()
        self._enable()

    # -- showing
    def show_data(self, result: Any) -> None:
        self.checklist = result if isinstance(result, Checklist) else None
        found = self.checklist
        if found is None or found.incident_id != self._lessons_of:  # another incident: its own lessons
            self._lessons_of = found.incident_id if found else None
            self._lessons_shown = self.lessons.toPlainText()
        fmt = self.ctx.formatter
        for item in review_queries.TICKED:
            ticked = next((i for i in found.items if i.key == item), None) if found else None
            self.ticks[item].setChecked(bool(ticked and ticked.done))
            self.stamps[item].setText(fill(self.tr("ticked %1"), fmt.datetime(ticked.at))
                                      if ticked and ticked.at else "")
        # The stored lessons, unless the person has typed their own since they were last shown
        # (a tick, or an edit at another station, reloads the page; what is typed stays).
        if found is not None and self.lessons.toPlainText() == self._lessons_shown:
            self.lessons.setPlainText(found.lessons)
            self._lessons_shown = found.lessons
        self.actions_table.setRowCount(len(found.actions) if found else 0)
        for row, action in enumerate(found.actions if found else ()):
            cells = (labels.user_text(action.title), labels.user_text(action.owner) or self.tr("No owner"),
                     fmt.datetime(action.due_at) if action.due_at else self.tr("No due time"),
                     labels.column(action.column) if action.column else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if (col == 1 and not action.owner_id) or (col == 2 and not action.due_at):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.actions_table.setItem(row, col, item)
        self._say()
        self._enable()

    def _say(self) -> None:
        found = self.checklist
        for item, shown in self.written.items():
            done = bool(found and not (item in found.missing))
            shown.setText(("✔ " if done else "✘ ") + self.item_text(item))
            shown.setStyleSheet(DONE_STYLE if done else MISSING_STYLE)
        if found is None:
            self.summary.setText(self.tr("Choose an incident on the board."))
            self.summary.setStyleSheet("")
        elif found.status not in review_queries.REVIEWABLE and found.status != "closed":
            self.summary.setText(fill(self.tr("The review starts once the incident is resolved; it is %1."),
                                      labels.status(found.status)))
            self.summary.setStyleSheet("")
        elif found.status == "closed":
            self.summary.setText(self.tr("The incident is closed."))
            self.summary.setStyleSheet(DONE_STYLE)
        elif found.done:
            self.summary.setText(self.tr("The review is complete: the incident can be closed."))
            self.summary.setStyleSheet(DONE_STYLE)
        else:
            self.summary.setText(fill(self.tr("Closing waits for: %1."),
                                      joined((self.item_text(i) for i in found.missing), self.ctx.lang)))
            self.summary.setStyleSheet(MISSING_STYLE)

    def _enable(self) -> None:
        found = self.checklist
        open_review = bool(found and found.status in review_queries.REVIEWABLE)
        for box in self.ticks.values():
            box.setEnabled(open_review)
        self.lessons.setReadOnly(not open_review)
        self.save_lessons.setEnabled(open_review)
        self.add_action.setEnabled(open_review)
        in_review = bool(found and found.status == "in_review")
        self.close_button.setEnabled(in_review and bool(found and found.done))
        self.override_button.setVisible(in_review and not (found and found.done))

    def item_text(self, item: str) -> str:
        return {
            "fix_verified": self.tr("The fix is verified in production"),
            "monitoring_confirmed": self.tr("Monitoring confirms it"),
            "docs_updated": self.tr("The documentation is updated"),
            "lessons_written": self.tr("Lessons learned are written"),
            "actions_owned": self.tr("Every action item has an owner and a due time"),
        }[item]

    # -- acting
    def tick(self, item: str, on: bool) -> None:
        if self.incident_id is None:
            return
        from desktop.services import review

        self.status.clear()
        self.ctx.command(review.tick, self.incident_id, label=self.item_text(item), on_error=self._refused,
                         **{item: on})

    def save(self) -> None:
        if self.incident_id is None:
            return
        from desktop.services import incidents

        self.status.clear()
        self.ctx.command(incidents.edit, self.incident_id, label=self.tr("Lessons learned"),
                         on_error=self._refused, lessons=self.lessons.toPlainText())

    def ask_action(self, title: str | None = None, owner_id: str | None = None,
                   due: dt.datetime | None = None) -> None:
        """A follow-up action: asked for in a window unless ``title`` is given."""
        if self.incident_id is None:
            return
        if title is None:
            dialog = ActionDialog(self.ctx, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            title, owner_id, due = dialog.values()
        from desktop.services import tasks

        self.status.clear()
        self.ctx.command(tasks.add, self.incident_id, title, label=self.tr("Add an action item"),
                         on_error=self._refused, owner_id=owner_id, due_at=due, source="review")

    def close_incident(self, override: str | None = None, ask: bool = False) -> None:
        if self.incident_id is None:
            return
        if ask:
            override, ok = inputs.ask_text(self, self.tr("Close without a complete review"), self.tr(
                "Why close now? (Only the incident commander can; the reason goes on the timeline.)"))
            if not ok:
                return
        from desktop.services import incidents

        self.status.clear()
        self.ctx.command(incidents.move, self.incident_id, "closed", label=self.tr("Close the incident"),
                         on_error=self._refused, override=override)

    def _refused(self, code: str, params: dict) -> None:
        if code == "review_incomplete":
            missing = [m for m in params.get("missing", "").split(",") if m in review_queries.ITEMS]
            self.status.setText(fill(self.tr("Not closed: the review is not complete (%1)."),
                                     joined((self.item_text(m) for m in missing), self.ctx.lang)))
        else:
            self.status.setText(labels.error(code, params))

    def retranslate(self) -> None:
        self.checks_box.setTitle(self.tr("Post-implementation review"))
        for item, box in self.ticks.items():
            box.setText(self.item_text(item))
        self.lessons_box.setTitle(self.tr("Lessons learned"))
        self.lessons.setPlaceholderText(self.tr("What we learned, and what we will do differently"))
        self.save_lessons.setText(self.tr("Save the lessons"))
        self.actions_box.setTitle(self.tr("Action items"))
        self.actions_table.setHorizontalHeaderLabels(
            [self.tr("Action"), self.tr("Owner"), self.tr("Due"), self.tr("Column")])
        self.add_action.setText(self.tr("Add an action item…"))
        self.close_button.setText(self.tr("Close the incident"))
        self.override_button.setText(self.tr("Close without a complete review…"))
        self._say()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ActionDialog(QDialog):
    """A review action item: what, who owns it, by when."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add an action item"))
        self.setMinimumWidth(520)
        form = QFormLayout()
        self.title = inputs.limit(QLineEdit(self), "task", "title")
        self.owner = QComboBox(self)
        self.due = inputs.DateTimeEdit(self)
        self.due.follow(ctx.formatter)
        self.due.setCalendarPopup(True)
        self.due.setDateTime(QDateTime.currentDateTime().addDays(7))
        form.addRow(self.tr("Action:"), self.title)
        form.addRow(self.tr("Owner:"), self.owner)
        form.addRow(self.tr("Due:"), self.due)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        inputs.prepare(self)
        from desktop.services import queries

        ctx.query(queries.people, on_done=lambda people: people_choice.fill(self.owner, people, self.tr("Nobody yet")))

    def values(self) -> tuple[str, str | None, dt.datetime]:
        due = self.due.dateTime().toUTC().toPython().replace(tzinfo=dt.timezone.utc)
        return self.title.text(), self.owner.currentData(), due
