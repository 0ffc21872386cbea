"""The service catalogue in the directory: each service's owner team, criticality, the SLA target
for an incident of each severity (minutes) and who uses it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QPlainTextEdit, QWidget

from desktop import labels
from desktop.context import AppContext
from desktop.models.keys import Criticality, Severity, values
from desktop.services.directory_queries import ServiceRow
from desktop.text.display import fill
from desktop.text.normalize import normalize_input
from desktop.views import inputs
from desktop.views.directory_common import DirectoryModel, FormDialog, ListTab
from desktop.views.elided import paragraph

if TYPE_CHECKING:
    from desktop.views.directory import DirectoryPage

SLA_FIELDS = tuple(f"sla_{severity}" for severity in values(Severity))


class ServicesModel(DirectoryModel):
    columns = ("name", "owner_team", "criticality", *SLA_FIELDS, "used_by")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        if column in SLA_FIELDS:  # «SLA: بحرانی»: the target for an incident of that severity
            return paragraph(fill(self.tr("SLA: %1"), labels.severity(column.removeprefix("sla_"))),
                             self.ctx.lang == "fa")  # "SLA" first still reads right to left
        return {"name": self.tr("Service"), "owner_team": self.tr("Owner team"), "criticality": self.tr("Criticality"),
                "used_by": self.tr("Used by")}[column]

    def cell(self, row: ServiceRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter if column in SLA_FIELDS or column == "criticality" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return labels.user_text(row.description) if column == "name" and row.description else None
        if column in SLA_FIELDS:
            minutes = row.sla[SLA_FIELDS.index(column)]
            return f"{self.ctx.formatter.number(minutes)} {inputs.MinutesEdit.unit()}" if minutes else ""
        if column == "criticality":
            return labels.criticality(row.criticality) if row.criticality else ""
        return labels.user_text(getattr(row, column))


class ServiceDialog(FormDialog):
    """Adds a service (``service`` None) or edits one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, service: ServiceRow | None = None,
                 teams: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(ctx, parent)
        self.service = service
        self.name = self.add_row("name", inputs.limit(QLineEdit(self), "service", "name"))
        self.owner_team = self.add_row("owner_team", inputs.limit(QLineEdit(self), "service", "owner_team"))
        completer = QCompleter(sorted(set(teams)), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.owner_team.setCompleter(completer)
        self.criticality = QComboBox(self)
        self.criticality.addItem("", None)
        for key in values(Criticality):
            self.criticality.addItem("", key)
        self.add_row("criticality", self.criticality)
        self.sla: dict[str, inputs.MinutesEdit] = {}
        for name in SLA_FIELDS:
            edit = inputs.MinutesEdit(self)  # «۲۴۰ دقیقه»: digits of any script
            edit.setLocale(ctx.formatter.locale)
            self.sla[name] = edit
            self.add_row(name, edit)
        self.used_by = self.add_row("used_by", inputs.limit(QLineEdit(self), "service", "used_by"))
        self.description = inputs.limit(QPlainTextEdit(self), "service", "description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(80)
        self.add_row("description", self.description)
        if service is not None:
            inputs.show_text(self.name, service.name)
            inputs.show_text(self.owner_team, service.owner_team)
            inputs.show_text(self.used_by, service.used_by)
            inputs.show_text(self.description, service.description)
            self.criticality.setCurrentIndex(max(0, self.criticality.findData(service.criticality)))
            for name, minutes in zip(SLA_FIELDS, service.sla, strict=True):
                self.sla[name].set_minutes(minutes)
        self.finish()

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {"name": self.name.text(), "owner_team": self.owner_team.text(),
                                 "criticality": self.criticality.currentData(), "used_by": self.used_by.text(),
                                 "description": self.description.toPlainText()}
        found.update({name: edit.minutes() for name, edit in self.sla.items()})
        return found

    def send(self) -> bool:
        from desktop.services import directory

        found = self.values()
        name = normalize_input(found["name"]) or (self.service.name if self.service else "")
        if self.service is None:
            self.run(directory.add_service, found.pop("name"), label=fill(self.tr("Add service: %1"), name), **found)
            return True
        stored = {"name": self.service.name, "owner_team": self.service.owner_team,
                  "criticality": self.service.criticality, "used_by": self.service.used_by,
                  "description": self.service.description, **dict(zip(SLA_FIELDS, self.service.sla, strict=True))}
        changed = {k: v for k, v in found.items() if (v or None) != (stored[k] or None)}
        if not changed:
            self.accept()
            return True
        self.run(directory.edit_service, self.service.id, label=fill(self.tr("Edit service: %1"), name), **changed)
        return True

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(self.tr("Add a service") if self.service is None else self.tr("Edit a service"))
        words = {"name": self.tr("&Name"), "owner_team": self.tr("&Owner team"), "criticality": self.tr("&Criticality"),
                 "used_by": self.tr("&Used by"), "description": self.tr("&Description")}
        for name in SLA_FIELDS:
            words[name] = fill(self.tr("SLA target, %1 incident"), labels.severity(name.removeprefix("sla_")))
        for name, label in self.names.items():
            label.setText(words[name])
        self.criticality.setItemText(0, self.tr("— not set —"))
        for index in range(1, self.criticality.count()):
            self.criticality.setItemText(index, labels.criticality(self.criticality.itemData(index)))
        self.used_by.setPlaceholderText(self.tr("e.g. all branches, online customers"))


class ServicesTab(ListTab):
    entity = "service"

    def __init__(self, page: DirectoryPage) -> None:
        super().__init__(page, ServicesModel(page.ctx), "used_by")
        self.model.setParent(self)

    def dialog(self, service: ServiceRow | None) -> ServiceDialog:
        return ServiceDialog(self.ctx, self, service, self.page.team_names())

    def archive(self, service: ServiceRow | None = None) -> None:
        """Out of the catalogue's lists; incidents that named it keep its name."""
        service = service or self.selected()
        if service is None:
            return
        from desktop.services import directory

        self._archive(directory.archive_service, service.id, fill(self.tr("Archive service: %1"), service.name))

    def retranslate(self) -> None:
        self.model.retranslate()
        self.add_button.setText(self.tr("Add service…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.archive_button.setText(self.tr("Archive"))
        self.archive_button.setToolTip(self.tr("Out of the catalogue's lists; incidents that named it keep its name. "
                                               "Edit ▸ Undo brings it back."))
