"""The major incident team: who holds which role, since when, and who held it before. The bar
above it names someone to a role (a one-person role is handed over: the holder renounces it in
the same edit), renounces the selected role (its button says "Release") and calls in an outside
expert who is not in the directory (added and named in one edit); two holders of a one-person
role, as two stations can name while apart, are shown at once to be settled. Beside the team,
"Form the team" suggests the people of the teams that own the affected services, each with a
button to give them a role; a sev1 or sev2 without a commander or a communications lead says so
(services/staffing.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton, QScrollArea, QToolButton,
    QVBoxLayout, QWidget,
)

from desktop.models.keys import Role
from desktop.context import AppContext
from desktop.services import staffing
from desktop.services.conflicts import Team
from desktop.services.queries import RoleRow
from desktop.services.staffing import Staffing, Suggestion
from desktop.text.normalize import isolate
from desktop import labels
from desktop.views.directory_common import joined
from desktop.views.directory_people import OutsideExpertDialog
from desktop.views.elided import never_widen, paragraph
from desktop.views.incident_tab import IncidentTab
from desktop.views.snapshot_model import SnapshotModel, read_only_table
from desktop.text.display import fill


class TeamModel(SnapshotModel):
    columns = ("role", "person", "title", "team", "phone", "since", "until")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"role": self.tr("Role"), "person": self.tr("Person"), "title": self.tr("Job title"),
                "team": self.tr("Team"), "phone": self.tr("Phone"), "since": self.tr("Since"),
                "until": self.tr("Until")}[column]

    def cell(self, row: RoleRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            f = self.ctx.formatter
            return {"role": labels.role(row.role), "person": labels.user_text(row.person),
                    "title": labels.user_text(row.title), "team": labels.user_text(row.team), "phone": isolate(row.phone) if row.phone else "",
                    "since": f.datetime(row.assumed_at), "until": f.datetime(row.renounced_at)}[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.renounced_at is not None:
            return QBrush(QColor("#78909c"))  # handed over: history, not the current team
        return None


class SuggestionRow(QWidget):
    """One suggested person: who they are and why (their team owns an affected service), and a
    button whose menu gives them a role."""

    def __init__(self, suggestion: Suggestion, page: TeamPage) -> None:
        super().__init__(page.suggestions_list)
        self.suggestion = suggestion
        self.who = QLabel(self)
        self.who.setWordWrap(True)
        never_widen(self.who)
        self.button = QToolButton(self)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.button)
        self.actions_by_role: dict[str, QAction] = {}
        for key in Role:
            action = self.menu.addAction("")
            action.triggered.connect(lambda _=False, k=key.value: page.assign_suggested(suggestion, k))
            self.actions_by_role[key.value] = action
        self.button.setMenu(self.menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.who, 1)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.retranslate(page.ctx)

    def retranslate(self, ctx: AppContext) -> None:
        s = self.suggestion
        rtl = ctx.lang == "fa"
        details = joined((labels.user_text(s.title), labels.user_text(s.team)), ctx.lang)
        services = joined((labels.user_text(name) for name in s.services), ctx.lang)
        # Why they are suggested: their team owns an affected service (and they lead it).
        owns = fill(self.tr("Leads %1, which owns %2") if s.lead else self.tr("%1 owns %2"),
                    labels.user_text(s.team), services)
        self.who.setText(paragraph(f"<b>{_html(labels.user_text(s.name))}</b> — {_html(details)}<br>"
                                   f"<small>{_html(owns)}</small>", rtl))
        self.button.setText(self.tr("Assign role"))
        for key, action in self.actions_by_role.items():
            action.setText(labels.role(key))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TeamPage(IncidentTab):
    suggested = Signal()  # the suggestions shown are those of the incident now

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, staffing.team, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.role = QComboBox(self)
        for key in Role:
            self.role.addItem("", key.value)
        self.person = QComboBox(self)
        self.person.setMinimumContentsLength(18)
        self.assign_button = QPushButton(self)
        self.assign_button.clicked.connect(self.assign)
        self.renounce_button = QPushButton(self)
        self.renounce_button.clicked.connect(self.renounce)
        self.outside_button = QPushButton(self)
        self.outside_button.clicked.connect(lambda: self.call_in_outside_expert())
        for widget in (self.role, self.person, self.assign_button, self.renounce_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        # A sev1 or sev2 without a commander or a communications lead (the board marks it too).
        self.gap = QLabel(self)
        self.gap.setWordWrap(True)
        self.gap.setStyleSheet("background: #ffe0b2; color: #3e2723; font-weight: bold; padding: 6px;")
        never_widen(self.gap)
        self.gap.hide()
        layout.addWidget(self.gap)
        self.message = QLabel(self)  # a refusal, or two holders of a one-person role
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;")
        never_widen(self.message)  # the names of two holders never widen the window
        self.message.hide()
        layout.addWidget(self.message)

        body = QHBoxLayout()
        team_side = QWidget(self)
        self.model = TeamModel(ctx, self)
        self.table = read_only_table(team_side, self.model)
        body.addWidget(team_side, 3)
        # Beside the team, a quarter of the width (at most 420 px): who could join it.
        self.suggestions_box = QGroupBox(self)
        self.suggestions_box.setMinimumWidth(220)
        self.suggestions_box.setMaximumWidth(420)
        box = QVBoxLayout(self.suggestions_box)
        box.addWidget(self.outside_button, 0, Qt.AlignmentFlag.AlignLeading)
        self.suggestions_note = QLabel(self.suggestions_box)
        self.suggestions_note.setWordWrap(True)
        never_widen(self.suggestions_note)
        box.addWidget(self.suggestions_note)
        self.suggestions_list = QWidget()
        self.suggestions_column = QVBoxLayout(self.suggestions_list)
        self.suggestions_column.setContentsMargins(0, 0, 0, 0)
        self.suggestions_column.addStretch(1)
        scroll = QScrollArea(self.suggestions_box)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.suggestions_list)
        scroll.viewport().setAutoFillBackground(False)  # the box's own background, not a grey well
        self.suggestions_list.setAutoFillBackground(False)
        box.addWidget(scroll, 1)
        body.addWidget(self.suggestions_box, 1)
        layout.addLayout(body, 1)
        self.suggestion_rows: list[SuggestionRow] = []
        self._suggestions: tuple[Suggestion, ...] | None = None
        self._missing: tuple[str, ...] = ()
        self._severity: str | None = None
        # Each column as wide as its words (an empty "until" as its heading); the job title,
        # the longest and least needed, takes what is left.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TeamModel.columns.index("title"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.people_combo = self.person
        self._doubles_shown = False
        self._enable()

    def people_loaded(self, people: list) -> None:  # noqa: ANN001
        super().people_loaded(people)
        self._enable()

    def _on_changed(self, changes: Any, initiator: object) -> None:
        super()._on_changed(changes, initiator)
        if self.incident_id and changes.touches("service") and self.incident_id not in changes.incidents \
                and not changes.touches("person"):
            self.reload()  # a service's owner team changes who is suggested

    def show_data(self, found: Staffing | list) -> None:
        found = found if isinstance(found, Staffing) else None  # [] when no incident is selected
        team = found.team if found else Team()
        self.model.set_rows(list(team.rows))
        self._fit_columns()
        self._say_doubles(team)
        self._show_suggestions(found.suggestions if found else ())
        self._missing = found.missing if found else ()
        self._severity = found.severity if found else None
        self._show_gap()
        self._enable()
        self.suggested.emit()

    def _show_gap(self) -> None:
        shown = bool(self._missing and self._severity)
        if shown:
            self.gap.setText(labels.staffing_gap(self._severity, self._missing))
        self.gap.setVisible(shown)

    def _show_suggestions(self, suggestions: tuple[Suggestion, ...]) -> None:
        """Rebuilt only when the suggestions changed (a role given takes its person off)."""
        if suggestions == self._suggestions:
            return
        self._suggestions = suggestions
        for row in self.suggestion_rows:
            self.suggestions_column.removeWidget(row)
            row.deleteLater()
        self.suggestion_rows = [SuggestionRow(s, self) for s in suggestions]
        for n, row in enumerate(self.suggestion_rows):
            self.suggestions_column.insertWidget(n, row)
        self._say_suggestions()

    def _say_suggestions(self) -> None:
        if self.incident_id is None:
            self.suggestions_note.setText(self.tr("Choose an incident on the board."))
        elif self._suggestions:
            self.suggestions_note.setText(self.tr("People of the teams that own the affected services, "
                                                  "not on the team yet:"))
        else:
            self.suggestions_note.setText(self.tr("No one to suggest: the affected services have no owner team in "
                                                  "the directory, or everyone in it is on the team already."))

    def _fit_columns(self) -> None:
        stretched = TeamModel.columns.index("title")
        for column in range(len(TeamModel.columns)):
            if column != stretched:
                self.table.resizeColumnToContents(column)

    def _selected(self) -> RoleRow | None:
        index = self.table.currentIndex()
        selected = self.table.selectionModel().isSelected(index) if index.isValid() else False
        return self.model.row_at(index.row()) if selected else None

    def _enable(self) -> None:
        has_incident = self.incident_id is not None
        self.assign_button.setEnabled(has_incident and self.person.count() > 0)
        self.outside_button.setEnabled(has_incident and not self.ctx.read_only)
        row = self._selected()
        self.renounce_button.setEnabled(row is not None and row.renounced_at is None)

    def assign(self) -> None:
        role, person = self.role.currentData(), self.person.currentData()
        if self.incident_id is None or person is None:
            return
        self._assign(role, person, self.person.currentText())

    def assign_suggested(self, suggestion: Suggestion, role: str) -> None:
        if self.incident_id is not None:
            self._assign(role, suggestion.id, labels.user_text(suggestion.name))

    def _assign(self, role: str, person: str, name: str) -> None:
        self.message.hide()
        from desktop.services import roles  # with the write path, not at start-up

        label = fill(self.tr("Assign %1: %2"), labels.role(role), name)
        self.ctx.command(roles.assign, self.incident_id, role, person, label=label, on_error=self._refused)

    def call_in_outside_expert(self) -> OutsideExpertDialog | None:
        """Someone not in the directory: one form, one edit (added, and named external expert)."""
        if self.incident_id is None:
            return None
        dialog = OutsideExpertDialog(self.ctx, self.incident_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def renounce(self) -> None:
        row = self._selected()
        if row is None or row.renounced_at is not None:
            return
        self.message.hide()
        from desktop.services import roles

        label = fill(self.tr("Release %1: %2"), labels.role(row.role), row.person)
        self.ctx.command(roles.renounce, row.id, label=label, on_error=self._refused)

    def _refused(self, code: str, params: dict) -> None:
        self.message.setText(labels.error(code, params))
        self.message.show()

    def _say_doubles(self, team: Team) -> None:
        doubles = team.doubles  # found by the service that also writes them to the timeline
        if doubles:
            role, assignments = doubles[0]
            people = [labels.user_text(row.person) for row in team.rows if row.id in assignments]
            comma = "، " if self.ctx.lang == "fa" else ", "
            self.message.setText(fill(self.tr("Two people hold %1: %2. Release the role for all but one."),
                                      labels.role(role), comma.join(people)))
            self.message.show()
        elif self._doubles_shown:  # settled (a refusal, though, stays until the next try)
            self.message.hide()
        self._doubles_shown = bool(doubles)

    def retranslate(self) -> None:
        self.model.retranslate()
        self._fit_columns()  # the other language's words and digits have other widths
        for index in range(self.role.count()):
            self.role.setItemText(index, labels.role(self.role.itemData(index)))
        self.assign_button.setText(self.tr("Assign role"))
        self.renounce_button.setText(self.tr("Release selected role"))
        self.outside_button.setText(self.tr("Call in an outside expert…"))
        self.outside_button.setToolTip(self.tr("Someone not in the directory (a vendor's engineer, a consultant): "
                                               "added to it and named external expert in one step"))
        self.role.setToolTip(self.tr("A one-person role is handed over: its holder steps down in the same edit"))
        self.suggestions_box.setTitle(self.tr("Form the team"))
        self._say_suggestions()
        for row in self.suggestion_rows:
            row.retranslate(self.ctx)
        self._show_gap()
