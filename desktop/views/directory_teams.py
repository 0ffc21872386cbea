"""The teams in the directory: each team's lead and how to reach it, its people and the services it
owns. People and services carry the team's name; renaming a team here renames it on all of them
(one step of Edit ▸ Undo), and a team is archived only once nobody carries it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop import labels
from desktop.context import AppContext
from desktop.services.directory_queries import PersonRow, TeamRow
from desktop.text.display import fill
from desktop.text.normalize import normalize_input, search_key
from desktop.views import inputs, people_choice
from desktop.views.directory_common import DirectoryModel, FormDialog, ListTab, joined
from desktop.views.elided import never_widen, paragraph

if TYPE_CHECKING:
    from desktop.views.directory import DirectoryPage


class TeamsModel(DirectoryModel):
    columns = ("team", "lead", "contact", "people", "services")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"team": self.tr("Team"), "lead": self.tr("Lead"), "contact": self.tr("Contact"),
                "people": self.tr("People"), "services": self.tr("Services it owns")}[column]

    def cell(self, row: TeamRow, column: str, role: int) -> Any:
        if column == "team":
            if role == Qt.ItemDataRole.ToolTipRole:
                return labels.user_text(row.record.description) if row.record and row.record.description else None
            return labels.user_text(row.name)
        if column in ("lead", "contact"):
            value = getattr(row.record, column) if row.record else ""
            return labels.user_text(value) if value else None
        named = row.people if column == "people" else row.services
        listed = joined((labels.user_text(name) for _, name in named), self.ctx.lang)
        if role == Qt.ItemDataRole.ToolTipRole or not named:
            return listed or None
        # The count first, in the interface's direction (names alone would make the line left to right).
        return paragraph(f"({self.ctx.formatter.number(len(named))}) {listed}", self.ctx.lang == "fa")


class TeamDialog(FormDialog):
    """Adds a team (``team`` None) or edits one; a team known only by the name its people carry
    gets its record on the first save."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, team: TeamRow | None = None,
                 people: list[PersonRow] | tuple[PersonRow, ...] = ()) -> None:
        super().__init__(ctx, parent)
        self.team = team
        self.record = team.record if team else None
        self.name = self.add_row("name", inputs.limit(QLineEdit(self), "team", "name"))
        self.lead = QComboBox(self)
        people_choice.fill(self.lead, list(people), "", self.record.lead_id if self.record else None)
        self.add_row("lead_id", self.lead)
        self.contact = self.add_row("contact", inputs.limit(QLineEdit(self), "team", "contact"))
        self.description = inputs.limit(QPlainTextEdit(self), "team", "description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.add_row("description", self.description)
        if team is not None:
            inputs.show_text(self.name, team.name)
        if self.record is not None:
            inputs.show_text(self.contact, self.record.contact)
            inputs.show_text(self.description, self.record.description)
        self._sent = ""
        self.finish()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "lead_id": self.lead.currentData(), "contact": self.contact.text(),
                "description": self.description.toPlainText()}

    def send(self) -> bool:
        from desktop.services import teams

        found = self.values()
        self._sent = normalize_input(found["name"]) or (self.team.name if self.team else "")
        if self.record is None:  # a new team, or one known until now only by its name
            renames = self.team.name if self.team else ""
            label = fill(self.tr("Add team: %1") if self.team is None else self.tr("Edit team: %1"), self._sent)
            self.run(teams.add_team, found.pop("name"), label=label, renames=renames, **found)
            return True
        stored = {"name": self.team.name if self.team else "", "lead_id": self.record.lead_id,
                  "contact": self.record.contact, "description": self.record.description}
        changed = {k: v for k, v in found.items() if (v or None) != (stored[k] or None)}
        if not changed:
            self.accept()
            return True
        self.run(teams.edit_team, self.record.id, label=fill(self.tr("Edit team: %1"), self._sent), **changed)
        return True

    def _done(self, value: Any) -> None:
        super()._done(search_key(self._sent))  # the list knows a team by its name's key

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Add a team") if self.team is None else self.tr("Edit a team"))
        words = {"name": self.tr("&Name"), "lead_id": self.tr("&Lead"), "contact": self.tr("&Contact"),
                 "description": self.tr("&Description")}
        for name, label in self.names.items():
            label.setText(words[name])
        self.lead.setItemText(0, self.tr("— nobody named —"))
        self.contact.setPlaceholderText(self.tr("e.g. on-call number, channel or mailbox"))
        if self.team is not None and (self.team.people or self.team.services):
            self.name.setToolTip(self.tr("A new name is carried over to the team's people and services."))


class TeamsTab(ListTab):
    entity = "team"

    def __init__(self, page: DirectoryPage) -> None:
        super().__init__(page, TeamsModel(page.ctx), "people")
        self.model.setParent(self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TeamsModel.columns.index("services"), QHeaderView.ResizeMode.Stretch)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        never_widen(self.note)
        self.layout().insertWidget(1, self.note)

    def dialog(self, team: TeamRow | None) -> TeamDialog:
        return TeamDialog(self.ctx, self, team, self.page.people.model.rows())

    def archive(self, team: TeamRow | None = None) -> None:
        """Only a team nobody carries: its people and services are moved first (never a team
        that still names someone disappearing from the lists)."""
        team = team or self.selected()
        if team is None:
            return
        if team.people or team.services or team.record is None:  # said at once (the command refuses it too)
            self._refused("team_in_use", {"people": len(team.people), "services": len(team.services)})
            return
        from desktop.services import teams

        self._archive(teams.archive_team, team.record.id, fill(self.tr("Archive team: %1"), team.name))

    def retranslate(self) -> None:
        self.model.retranslate()
        self.add_button.setText(self.tr("Add team…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.archive_button.setText(self.tr("Archive"))
        self.archive_button.setToolTip(self.tr("Only a team nobody carries any more. Edit ▸ Undo brings it back."))
        self.note.setText(self.tr("People and services carry their team's name: renaming a team here renames it "
                                  "on all of them, in one step that Edit ▸ Undo takes back."))
