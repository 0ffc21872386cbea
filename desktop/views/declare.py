"""Declaring a major incident, and the quick "report a suspected major incident" form of the
dedicated reporting channel (hotline operators, technicians): keyboard first, Enter submits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QPlainTextEdit, QVBoxLayout, QWidget,
)

from desktop.models.keys import Level, ReportedVia, Severity, priority, values
from desktop.context import AppContext
from desktop import labels
from desktop.views import inputs
from desktop.views.elided import never_widen
from desktop.views.service_list import ServiceList
from desktop.views.similar import SimilarIncidents
from desktop.text.display import fill



class DeclareDialog(QDialog):
    declared = Signal(str)  # the new incident's id

    def __init__(self, ctx: AppContext, proposed: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.proposed = ctx, proposed
        self.setMinimumWidth(560)
        self.title = inputs.limit(QLineEdit(self), "incident", "title")
        self.severity = self._combo(values(Severity), labels.severity, Severity.SEV1 if proposed else Severity.SEV2)
        self.impact = self._combo(values(Level), labels.level, Level.HIGH)
        self.urgency = self._combo(values(Level), labels.level, Level.HIGH)
        self.priority = QLabel(self)
        self.reported_via = self._combo(values(ReportedVia), labels.reported_via,
                                        ReportedVia.HOTLINE if proposed else ReportedVia.TECHNICIAN)
        self.services = ServiceList(ctx, self)
        self.services.setMaximumHeight(130)
        self.sla = inputs.MinutesEdit(self)  # «۲۴۰ دقیقه»: digits in any script, a word is said
        self.sla.set_minutes(240)
        self.sla.unreadable.connect(lambda: self._refused("bad_sla", {}))
        self.description = inputs.limit(QPlainTextEdit(self), "incident", "description")
        self.description.setTabChangesFocus(True)  # keyboard first: Tab leaves the field
        self.description.setMaximumHeight(110)
        self.exercise = QCheckBox(self)  # a drill: run like the real thing, kept out of every metric
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        never_widen(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.submit)  # from the description too
        form = QFormLayout()
        self.rows: dict[str, QWidget] = {}
        for key, widget in (("title", self.title), ("severity", self.severity), ("impact", self.impact),
                            ("urgency", self.urgency), ("priority", self.priority),
                            ("reported_via", self.reported_via), ("services", self.services),
                            ("sla", self.sla), ("description", self.description), ("exercise", self.exercise)):
            label = QLabel(self)
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.rows[key] = label
            if proposed and key in ("impact", "urgency", "priority", "sla"):
                label.hide()
                widget.hide()
        self.similar = SimilarIncidents(ctx, self)
        self.title.textChanged.connect(self._look_for_similar)
        self.services.itemChanged.connect(self._look_for_similar)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.similar)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for combo in (self.impact, self.urgency):
            combo.currentIndexChanged.connect(self._show_priority)
        inputs.prepare(self)  # direction (also "Kubernetes …" right to left in Persian), limits
        self.retranslate()

    def _combo(self, keys: tuple[str, ...], word, current: str) -> QComboBox:  # noqa: ANN001
        combo = QComboBox(self)
        for key in keys:
            combo.addItem(word(key), key)
        combo.setCurrentIndex(keys.index(current))
        return combo

    def _show_priority(self) -> None:
        number = priority(self.impact.currentData(), self.urgency.currentData())
        self.priority.setText(fill(self.tr("Priority %1"), self.ctx.formatter.number(number)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Report a suspected major incident") if self.proposed
                            else self.tr("Declare a major incident"))
        names = {"title": self.tr("&Title"), "severity": self.tr("&Severity"), "impact": self.tr("&Impact"),
                 "urgency": self.tr("&Urgency"), "priority": self.tr("Priority"),
                 "reported_via": self.tr("&Reported via"), "services": self.tr("Affected &services"),
                 "sla": self.tr("SLA target (minutes)"), "description": self.tr("&Description"),
                 "exercise": self.tr("Exercise")}
        for key, label in self.rows.items():
            label.setText(names[key])
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Report") if self.proposed else self.tr("Declare"))
        self.exercise.setText(self.tr("E&xercise (drill): not counted in the metrics"))
        self._show_priority()

    def _look_for_similar(self, *_: object) -> None:
        self.similar.look_for(self.title.text(), self.services.checked())

    def submit(self) -> None:
        """Sends the form; a refusal is shown here and everything typed stays."""
        fields = dict(title=self.title.text(), severity=self.severity.currentData(),
                      reported_via=self.reported_via.currentData(), description=self.description.toPlainText(),
                      service_ids=list(self.services.checked()), proposed=self.proposed,
                      exercise=self.exercise.isChecked())
        if not self.proposed:
            fields.update(impact=self.impact.currentData(), urgency=self.urgency.currentData(),
                          sla_minutes=self.sla.minutes())
        from desktop.services import incidents

        self.error.clear()
        self.buttons.setEnabled(False)
        self.ctx.command(incidents.declare, label=self.windowTitle(), on_done=self._done, on_error=self._refused,
                         **fields)

    def _done(self, incident_id: str) -> None:
        self.buttons.setEnabled(True)
        self.declared.emit(incident_id)
        self.accept()

    def _refused(self, code: str, params: dict) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(labels.error(code, params) if code != "bad_sla"
                           else self.tr("The SLA target must be a whole number of minutes."))
        (self.title if code == "empty_title" else self.sla if code in ("bad_sla", "bad_value") else self.title).setFocus()
