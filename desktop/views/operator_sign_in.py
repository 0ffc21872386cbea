"""Who is operating this station: asked on the first start and whenever an edit is tried with
nobody named, because every edit and timeline entry names the person who made it. Choose from
the directory, or add yourself to it (that op already names you). On a station that has just
joined its hub the directory is still arriving: the list fills in as it does."""

from __future__ import annotations

from shiboken6 import isValid
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from desktop import labels
from desktop.context import AppContext
from desktop.services import queries
from desktop.services.changes import Changes
from desktop.views import inputs, people_choice
from desktop.wire import new_id


class OperatorSignIn(QDialog):
    signed_in = Signal(str)  # the operator's person id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("OperatorSignIn")
        self.setMinimumWidth(460)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.arriving = QLabel(self)  # a station that joined a hub a moment ago: the people are on their way
        self.arriving.setWordWrap(True)
        self.arriving.hide()
        self.person = QComboBox(self)
        self.person.addItem("", None)
        self.new_name = QLineEdit(self)
        inputs.limit(self.new_name, "person", "name")
        self.form_labels = [QLabel(self) for _ in range(2)]
        form = QFormLayout()
        form.addRow(self.form_labels[0], self.person)
        form.addRow(self.form_labels[1], self.new_name)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.arriving)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.retranslate()
        ctx.bus.changed.connect(self._on_change)
        self._load()

    def _load(self) -> None:
        self.ctx.query(queries.people, on_done=self._fill)

    def _on_change(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("person"):  # the directory arriving from the hub, or edited meanwhile
            self._load()

    def _fill(self, people: list) -> None:  # noqa: ANN001 - queries.Choice rows
        if not isValid(self):
            return  # answered or put off meanwhile: the dialog is gone
        chosen = self.person.currentData() if self.person.currentIndex() > 0 else self.ctx.store.station.operator_id
        people_choice.fill(self.person, people, none_text=self.tr("— choose —"), chosen=chosen)
        # Joined a hub a moment ago: said, so that nobody adds themselves a second time meanwhile.
        self.arriving.setVisible(not people and self.ctx.sync is not None)

    def sign_in(self) -> None:
        name, chosen = self.new_name.text().strip(), self.person.currentData()
        if name:  # someone not in the directory adds themselves; that op names them already
            from desktop.services import directory  # the write path: loaded at the first write, not at start

            person_id = new_id()
            self.ctx.command(directory.add_person, name, person_id=person_id, by=person_id,
                             label=self.tr("Add %1").replace("%1", name), undoable=False,
                             on_done=lambda _id: self._operate(person_id), on_error=self._refused)
        elif chosen:
            self._operate(chosen)
        else:
            self.message.setText(self.tr("Choose your name, or type it if you are not in the list."))

    def _operate(self, person_id: str) -> None:
        station = self.ctx.store.station.station_id
        self.ctx.change_local(lambda store: store.set_station(operator_id=person_id), Changes.of([("station", station)]),
                              on_done=lambda _none: self._done(person_id))

    def _done(self, person_id: str) -> None:
        self.signed_in.emit(person_id)
        self.accept()

    def _refused(self, code: str, params: dict) -> None:
        self.message.setText(labels.error(code, params))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Who is operating this station?"))
        self.arriving.setText(self.tr("The directory is still arriving from the hub: your name appears in the "
                                      "list as soon as it does."))
        self.intro.setText(self.tr("Every edit and timeline entry names the person who made it. Choose yourself, "
                                   "or type your name to add yourself to the directory."))
        self.form_labels[0].setText(self.tr("I am"))
        self.form_labels[1].setText(self.tr("Not in the list"))
        self.person.setItemText(0, self.tr("— choose —"))
        self.new_name.setPlaceholderText(self.tr("Your full name"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Start"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Later"))
