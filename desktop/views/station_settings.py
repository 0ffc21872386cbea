"""File ▸ Station: who acts at this station (recorded on every edit and timeline entry), its name,
the short code its incident references start with, and what kind of station it is. Local to
this station: nothing here is synced."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from desktop.context import AppContext
from desktop.services.changes import Changes
from desktop.services.station import KINDS, StationSettingError, check_settings
from desktop.services.store import Store
from desktop.models.limits import NAME
from desktop.views import inputs


class StationSettingsDialog(QDialog):
    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("StationSettingsDialog")
        self.setMinimumWidth(480)
        station = ctx.store.station
        self.operator = QComboBox(self)
        self.operator.addItem("", None)  # nobody, until the directory has loaded
        self._people_loaded = False
        self.name = QLineEdit(station.name, self)
        self.short_code = QLineEdit(station.short_code, self)
        self.short_code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        inputs.set_limit(self.name, NAME)
        inputs.set_limit(inputs.identifier(self.short_code), 8)  # INC-<code>-…: Latin letters and digits
        self.kind = QComboBox(self)
        for kind in KINDS:
            self.kind.addItem("", kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(station.kind)))
        self.form_labels = [QLabel(self) for _ in range(4)]
        form = QFormLayout()
        for label, field in zip(self.form_labels, (self.operator, self.name, self.short_code, self.kind)):
            form.addRow(label, field)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        inputs.prepare(self)
        self.retranslate()
        from desktop.services import queries

        ctx.query(queries.people, on_done=self._fill_people)

    def _fill_people(self, people: list) -> None:  # noqa: ANN001 - queries.Choice rows
        from desktop.views import people_choice

        people_choice.fill(self.operator, people, none_text=self.tr("— nobody chosen —"),
                           chosen=self.ctx.store.station.operator_id)
        self._people_loaded = True

    def save(self) -> None:
        operator = self.operator.currentData() if self._people_loaded else self.ctx.store.station.operator_id
        fields = {"operator_id": operator, "name": self.name.text().strip(),
                  "short_code": self.short_code.text(), "kind": self.kind.currentData()}
        if fields["operator_id"] is None:  # every edit names who made it: never nobody
            self.message.setText(self._problem("no_operator"))
            return

        def keep(store: Store) -> None:  # on the database worker: checked and written there
            fields["short_code"] = store.read(check_settings, store.station.station_id, short_code=fields["short_code"],
                                              kind=fields["kind"], operator_id=fields["operator_id"])
            store.set_station(**fields)

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, StationSettingError):
                raise exc
            self.message.setText(self._problem(exc.code))

        self.ctx.change_local(keep, Changes.of([("station", self.ctx.store.station.station_id)]),
                              on_done=lambda _none: self._saved(), on_error=refused)

    def _saved(self) -> None:
        self.saved.emit()
        self.accept()

    def _problem(self, code: str) -> str:
        return {
            "bad_short_code": self.tr("The short code is 1 to 8 Latin letters or digits, e.g. HQ or TEH2."),
            "short_code_taken": self.tr("Another station already uses this short code: incident references "
                                        "must stay unique."),
            "unknown_person": self.tr("This person is no longer in the directory."),
            "no_operator": self.tr("Choose who is operating this station: every edit names them."),
        }.get(code, self.tr("Choose what kind of station this is."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("This station"))
        for label, text in zip(self.form_labels, (self.tr("Operator"), self.tr("Station name"), self.tr("Short code"),
                                                  self.tr("Kind"))):
            label.setText(text)
        self.operator.setItemText(0, self.tr("— nobody chosen —"))
        self.operator.setToolTip(self.tr("The person working at this station: named on every edit and timeline entry"))
        self.short_code.setToolTip(self.tr("Starts this station's incident references, e.g. INC-HQ-1405-0001"))
        kinds = {"coordinator": self.tr("Coordinator workstation"), "field": self.tr("Field laptop"),
                 "wall": self.tr("Wall display")}
        for index in range(self.kind.count()):
            self.kind.setItemText(index, kinds[self.kind.itemData(index)])
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
