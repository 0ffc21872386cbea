"""The directory's people: the list, and the form that adds or edits one (their stakeholder
groups too) as one edit; the outside expert's form of the Team page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QLineEdit, QListWidget, QListWidgetItem, QWidget

from desktop import labels
from desktop.context import AppContext
from desktop.services.directory_queries import GroupRow, PersonRow
from desktop.text.display import fill
from desktop.text.normalize import isolate, normalize_input
from desktop.views import inputs
from desktop.views.directory_common import DirectoryModel, FormDialog, ListTab, joined

if TYPE_CHECKING:
    from desktop.views.directory import DirectoryPage

TEXT_FIELDS = ("name", "title", "team", "email", "phone", "languages", "organisation")


def group_name(group: Any) -> str:
    """A built-in group by the app's word for its kind, a custom one by its own name."""
    return labels.group_kind(group.kind) if group.kind != "custom" else labels.user_text(group.name)


class PeopleModel(DirectoryModel):
    columns = ("name", "title", "team", "email", "phone", "groups", "languages", "outside")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"name": self.tr("Name"), "title": self.tr("Job title"), "team": self.tr("Team"),
                "email": self.tr("Email"), "phone": self.tr("Phone"), "groups": self.tr("Stakeholder groups"),
                "languages": self.tr("Languages"), "outside": self.tr("Outside expert (organisation)")}[column]

    def cell(self, row: PersonRow, column: str, role: int) -> Any:
        if column == "groups":
            return joined((group_name(g) for g in row.groups), self.ctx.lang)
        if role == Qt.ItemDataRole.ToolTipRole:
            return None
        if column in ("email", "phone"):
            value = getattr(row, column)
            return isolate(value, rtl=False) if value else ""  # an address, a number: left to right
        if column == "outside":
            if not row.outside_expert:
                return ""
            return labels.user_text(row.organisation) if row.organisation else self.tr("Yes")
        return labels.user_text(getattr(row, column))


class PersonDialog(FormDialog):
    """Adds a person (``person`` None) or edits one. ``groups``: the stakeholder groups to
    choose from; ``teams``: the team names in use, offered as one types."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, person: PersonRow | None = None,
                 groups: Sequence[GroupRow] = (), teams: Sequence[str] = (), outside: bool = False) -> None:
        super().__init__(ctx, parent)
        self.person = person
        self.fields: dict[str, QLineEdit] = {}
        for name in TEXT_FIELDS:
            field = inputs.limit(QLineEdit(self), "person", name)
            if name in ("email", "phone"):
                inputs.identifier(field)
            self.fields[name] = field
            if name == "organisation":
                self.outside = QCheckBox(self)
                self.outside.toggled.connect(self._follow_outside)
                self.add_row("outside_expert", self.outside)
            self.add_row(name, field)
        completer = QCompleter(sorted(set(teams)), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.fields["team"].setCompleter(completer)
        self.groups = QListWidget(self)
        self.groups.setMaximumHeight(130)
        self._groups_before: set[str] = set()
        mine = {g.id for g in person.groups} if person else set()
        for group in groups:
            item = QListWidgetItem(group_name(group), self.groups)
            item.setData(Qt.ItemDataRole.UserRole, group.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if group.id in mine else Qt.CheckState.Unchecked)
        self._groups_before = mine & {g.id for g in groups}
        self.add_row("groups", self.groups)
        if person is not None:
            for name in TEXT_FIELDS:
                inputs.show_text(self.fields[name], getattr(person, name))
            self.outside.setChecked(person.outside_expert)
        else:
            self.outside.setChecked(outside)
        self._follow_outside(self.outside.isChecked())
        self.finish()

    def _follow_outside(self, checked: bool) -> None:
        self.fields["organisation"].setEnabled(checked)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: field.text() for name, field in self.fields.items()}
        values["outside_expert"] = self.outside.isChecked()
        if not values["outside_expert"] and self.person is None:
            values["organisation"] = ""
        return values

    def checked_groups(self) -> set[str]:
        return {self.groups.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.groups.count())
                if self.groups.item(i).checkState() == Qt.CheckState.Checked}

    def send(self) -> bool:
        from desktop.services.directory import save_person  # the write path: loaded with the first write

        values = self.values()
        chosen = self.checked_groups()
        join, leave = sorted(chosen - self._groups_before), sorted(self._groups_before - chosen)
        name = normalize_input(values["name"]) or (self.person.name if self.person else "")
        if self.person is None:
            self.run(save_person, None, values, join, leave, label=fill(self.tr("Add person: %1"), name))
            return True
        changed = {k: v for k, v in values.items() if v != getattr(self.person, k)}
        if not changed and not join and not leave:
            self.accept()
            return True
        self.run(save_person, self.person.id, changed, join, leave, label=fill(self.tr("Edit person: %1"), name))
        return True

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Add a person") if self.person is None else self.tr("Edit a person"))
        words = {"name": self.tr("&Name"), "title": self.tr("Job &title"), "team": self.tr("&Team"),
                 "email": self.tr("&Email"), "phone": self.tr("&Phone"), "languages": self.tr("&Languages"),
                 "outside_expert": self.tr("Outside expert"), "organisation": self.tr("&Organisation"),
                 "groups": self.tr("Stakeholder &groups")}
        for name, label in self.names.items():
            label.setText(words[name])
        self.outside.setText(self.tr("From outside the organisation (a vendor, a consultant)"))
        self.fields["languages"].setPlaceholderText(self.tr("e.g. Persian, English"))


class OutsideExpertDialog(FormDialog):
    """The Team page's: someone not in the directory, called in for this incident — added as an
    outside expert and named its external expert in one edit (roles.add_outside_expert)."""

    def __init__(self, ctx: AppContext, incident_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.incident_id = incident_id
        self.fields = {}
        for name in ("name", "organisation", "title", "email", "phone"):
            field = inputs.limit(QLineEdit(self), "person", name)
            if name in ("email", "phone"):
                inputs.identifier(field)
            self.fields[name] = self.add_row(name, field)
        self.finish()

    def send(self) -> bool:
        from desktop.services import roles

        values = {name: field.text() for name, field in self.fields.items()}
        self.run(roles.add_outside_expert, self.incident_id, values.pop("name"), values.pop("organisation"),
                 label=fill(self.tr("Call in an outside expert: %1"), normalize_input(self.fields["name"].text())), **values)
        return True

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Call in an outside expert"))
        words = {"name": self.tr("&Name"), "organisation": self.tr("&Organisation"), "title": self.tr("Job &title"),
                 "email": self.tr("&Email"), "phone": self.tr("&Phone")}
        for name, label in self.names.items():
            label.setText(words[name])
        self.fields["organisation"].setPlaceholderText(self.tr("The company or body they come from"))


class PeopleTab(ListTab):
    """The people list with its buttons: add, add an outside expert, edit, archive."""

    entity = "person"

    def __init__(self, page: DirectoryPage) -> None:
        super().__init__(page, PeopleModel(page.ctx), "groups", own=1)
        self.model.setParent(self)
        (self.outside_button,) = self.own_buttons
        self.outside_button.clicked.connect(lambda: self.add(outside=True))

    def dialog(self, person: PersonRow | None, outside: bool = False) -> PersonDialog:
        return PersonDialog(self.ctx, self, person, self.page.group_rows(), self.page.team_names(), outside)

    def add(self, outside: bool = False) -> PersonDialog:
        return self._open(self.dialog(None, outside))

    def archive(self, person: PersonRow | None = None) -> None:
        """Out of the lists and choices (never deleted: what they did keeps their name);
        Edit ▸ Undo brings them back."""
        person = person or self.selected()
        if person is None:
            return
        from desktop.services import directory

        self._archive(directory.archive_person, person.id, fill(self.tr("Archive person: %1"), person.name))

    def retranslate(self) -> None:
        self.model.retranslate()
        self.add_button.setText(self.tr("Add person…"))
        self.outside_button.setText(self.tr("Add outside expert…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.archive_button.setText(self.tr("Archive"))
        self.archive_button.setToolTip(self.tr("Out of the lists and choices; what they did keeps their name. "
                                               "Edit ▸ Undo brings them back."))
