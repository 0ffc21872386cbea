"""The major incident team: who holds which role, since when, and who held it before. The bar
above it names someone to a role (a one-person role is handed over: the holder renounces it in
the same edit) and renounces the selected role (its button says "Release"); two holders of a
one-person role, as two stations can name while apart, are shown at once to be settled."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.models.keys import Role
from desktop.context import AppContext
from desktop.services import conflicts
from desktop.services.conflicts import Team
from desktop.services.queries import RoleRow
from desktop.text.normalize import isolate
from desktop import labels
from desktop.views.elided import never_widen
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


class TeamPage(IncidentTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, conflicts.team, parent)
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
        for widget in (self.role, self.person, self.assign_button, self.renounce_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.message = QLabel(self)  # a refusal, or two holders of a one-person role
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;")
        never_widen(self.message)  # the names of two holders never widen the window
        self.message.hide()
        layout.addWidget(self.message)
        self.model = TeamModel(ctx, self)
        self.table = read_only_table(self, self.model)
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

    def show_data(self, team: Team | list) -> None:
        team = team if isinstance(team, Team) else Team()  # [] when no incident is selected
        self.model.set_rows(list(team.rows))
        self._fit_columns()
        self._say_doubles(team)
        self._enable()

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
        row = self._selected()
        self.renounce_button.setEnabled(row is not None and row.renounced_at is None)

    def assign(self) -> None:
        role, person = self.role.currentData(), self.person.currentData()
        if self.incident_id is None or person is None:
            return
        self.message.hide()
        from desktop.services import roles  # with the write path, not at start-up

        label = fill(self.tr("Assign %1: %2"), labels.role(role), self.person.currentText())
        self.ctx.command(roles.assign, self.incident_id, role, person, label=label, on_error=self._refused)

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
        self.role.setToolTip(self.tr("A one-person role is handed over: its holder steps down in the same edit"))
