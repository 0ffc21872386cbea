"""Stakeholder groups in the directory: the four built-in kinds (named by the app, in the
person's language) and the organisation's own groups, each with its members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from desktop import labels
from desktop.context import AppContext
from desktop.services.directory_queries import GroupRow, Member
from desktop.text.display import fill
from desktop.text.normalize import normalize_input
from desktop.views import inputs, people_choice
from desktop.views.directory_common import choose, list_table, DirectoryModel, FormDialog, Found
from desktop.views.directory_people import group_name
from desktop.views.elided import never_widen, refusal_line
from desktop.views.snapshot_model import SnapshotModel

if TYPE_CHECKING:
    from desktop.views.directory import DirectoryPage


class GroupsModel(DirectoryModel):
    columns = ("group", "members")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"group": self.tr("Stakeholder group"), "members": self.tr("Members")}[column]

    def cell(self, row: GroupRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter if column == "members" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Built in: named by the app, kept by every station") if row.built_in else None
        if column == "group":
            return group_name(row)
        return self.ctx.formatter.number(len(row.members))


class MembersModel(SnapshotModel):
    columns = ("name", "title", "team")

    def header(self, column: str) -> str:
        return {"name": self.tr("Member"), "title": self.tr("Job title"), "team": self.tr("Team")}[column]

    def cell(self, row: Member, column: str, role: int) -> Any:
        return labels.user_text(getattr(row, column))


class GroupNameDialog(FormDialog):
    """A custom group's name: a new group, or another name for one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, group: GroupRow | None = None) -> None:
        super().__init__(ctx, parent)
        self.group = group
        self.name = self.add_row("name", inputs.limit(QLineEdit(self), "stakeholder_group", "name"))
        if group is not None:
            inputs.show_text(self.name, group.name)
        self.finish()

    def send(self) -> bool:
        from desktop.services import directory

        name = self.name.text()
        if self.group is None:
            self.run(directory.add_group, "custom", name, label=fill(self.tr("Add group: %1"), normalize_input(name)))
        elif name == self.group.name:
            self.accept()
        else:
            self.run(directory.rename_group, self.group.id, name, label=fill(self.tr("Rename group: %1"), normalize_input(name)))
        return True

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Add a stakeholder group") if self.group is None
                            else self.tr("Rename a stakeholder group"))
        self.names["name"].setText(self.tr("&Name"))
        self.name.setPlaceholderText(self.tr("e.g. Branch managers"))


class GroupsTab(QWidget):
    """The groups on one side; the chosen group's members on the other, with a person to add."""

    dialog_opened = Signal(object)

    def __init__(self, page: DirectoryPage) -> None:
        super().__init__(page)
        self.page, self.ctx = page, page.ctx
        self.model = GroupsModel(self.ctx, self)
        self.found = Found(self.model, self)
        self.members = MembersModel(self)
        self.add_button, self.rename_button, self.archive_button = (QPushButton(self) for _ in range(3))
        self.add_button.clicked.connect(lambda: self.add())
        self.rename_button.clicked.connect(lambda: self.rename())
        self.archive_button.clicked.connect(lambda: self.archive())
        self.person = QComboBox(self)
        self.person.setMinimumContentsLength(24)
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.add_member_button, self.remove_member_button = QPushButton(self), QPushButton(self)
        self.add_member_button.clicked.connect(lambda: self.add_member())
        self.remove_member_button.clicked.connect(lambda: self.remove_member())
        self.message = refusal_line(self)

        groups_side, members_side = QWidget(self), QWidget(self)
        bar = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.archive_button):
            bar.addWidget(button)
        bar.addStretch(1)
        QVBoxLayout(groups_side).addLayout(bar)
        self.table = list_table(groups_side, self.found)
        member_bar = QHBoxLayout()
        for widget in (self.person, self.add_member_button, self.remove_member_button):
            member_bar.addWidget(widget)
        member_bar.addStretch(1)
        self.members_title = QLabel(members_side)
        self.members_title.setStyleSheet("font-weight: bold;")
        never_widen(self.members_title)
        column = QVBoxLayout(members_side)
        column.addWidget(self.members_title)
        column.addLayout(member_bar)
        self.member_table = list_table(members_side, self.members)
        for table, stretched in ((self.table, 0), (self.member_table, 1)):
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        splitter = QSplitter(self)
        splitter.addWidget(groups_side)
        splitter.addWidget(members_side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_members())
        self.member_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        for signal in (self.model.dataChanged, self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(lambda *_: self.show_members())
        self._people_shown: object = None
        self._enable()

    # -- what is chosen
    def selected(self) -> GroupRow | None:
        return self.found.row(self.table.currentIndex())

    def select(self, row_id: str) -> bool:
        """Makes the row the selected one (when the search shows it)."""
        return choose(self.table, self.model, row_id)

    def select_kind(self, kind: str) -> bool:
        """The group of a built-in kind (made or not yet)."""
        return any(self.select(r.id) for r in self.model.rows() if r.kind == kind)

    def selected_member(self) -> Member | None:
        index = self.member_table.currentIndex()
        if not index.isValid() or not self.member_table.selectionModel().isSelected(index):
            return None
        return self.members.row_at(index.row())

    def show_members(self) -> None:
        group = self.selected()
        self.members.set_rows(list(group.members) if group else [])
        for column in (0, 2):  # the names and teams whole; the job title takes what is left
            self.member_table.resizeColumnToContents(column)
        self.members_title.setText(fill(self.tr("Members of %1"), group_name(group)) if group
                                   else self.tr("Choose a group to see its members"))
        self._enable()

    def show_people(self, people: list) -> None:  # noqa: ANN001 - PersonRow (id, name)
        """The people one can add (refilled only when the list changed: 5,000 names cost)."""
        if people is not self._people_shown:
            self._people_shown = people
            people_choice.fill(self.person, people)
        self._enable()

    def _enable(self) -> None:
        writable = not self.ctx.read_only  # a database opened to look at: nothing to press
        group = self.selected() if writable else None
        self.add_button.setEnabled(writable)
        self.rename_button.setEnabled(group is not None and not group.built_in)
        self.archive_button.setEnabled(group is not None and not group.built_in)
        self.add_member_button.setEnabled(group is not None and self.person.count() > 0)
        self.remove_member_button.setEnabled(group is not None and self.selected_member() is not None)

    # -- actions
    def add(self) -> GroupNameDialog:
        return self._open(GroupNameDialog(self.ctx, self))

    def rename(self) -> GroupNameDialog | None:
        group = self.selected()
        if group is None or group.built_in:
            return None
        return self._open(GroupNameDialog(self.ctx, self, group))

    def _open(self, dialog: GroupNameDialog) -> GroupNameDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda group_id: self.page.after_save("stakeholder_group", group_id))
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def archive(self) -> None:
        group = self.selected()
        if group is None or group.built_in:
            return
        from desktop.services import directory

        self.message.hide()
        self.ctx.command(directory.archive_group, group.id, label=fill(self.tr("Archive group: %1"), group.name),
                         on_error=self._refused)

    def add_member(self) -> None:
        group, person = self.selected(), self.person.currentData()
        if group is None or person is None:
            return
        from desktop.services import directory  # the write path: loaded with the first write

        self.message.hide()
        self.ctx.command(directory.join_group, group.id, person, on_error=self._refused,
                         on_done=lambda group_id: self.page.after_save("stakeholder_group", group_id),
                         label=fill(self.tr("Add %1 to %2"), self.person.currentText(), group_name(group)))

    def remove_member(self) -> None:
        group, member = self.selected(), self.selected_member()
        if group is None or member is None:
            return
        from desktop.services import directory

        self.message.hide()
        self.ctx.command(directory.remove_member, group.id, member.id, on_error=self._refused,
                         label=fill(self.tr("Remove %1 from %2"), labels.user_text(member.name), group_name(group)))

    def _refused(self, code: str, params: dict) -> None:
        self.message.setText(labels.error(code, params))
        self.message.show()

    def fit_columns(self) -> None:
        self.table.resizeColumnToContents(1)
        self.show_members()

    def retranslate(self) -> None:
        self.model.retranslate()
        self.members.retranslate()
        self.add_button.setText(self.tr("Add group…"))
        self.rename_button.setText(self.tr("Rename…"))
        self.archive_button.setText(self.tr("Archive"))
        self.add_member_button.setText(self.tr("Add member"))
        self.remove_member_button.setText(self.tr("Remove member"))
        self.show_members()
