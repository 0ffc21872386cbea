"""One incident in full: every field editable, the lifecycle moves it allows, the conference
bridge one click away, and its problem and change records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, QTimeZone, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from desktop.models.keys import Level, ReportedVia, Severity, Status
from desktop.context import AppContext
from desktop.text.calendar import utcnow
from desktop.services import comms_queries, lifecycle, queries, staffing
from desktop.services.lifecycle import Action
from desktop.services.changes import Changes
from desktop.services.queries import Choice, IncidentDetail
from desktop.text.normalize import digits_to_ascii, isolate
from desktop import labels
from desktop.views import inputs
from desktop.views.elided import never_widen, paragraph
from desktop.views.incident_tab import IncidentTab
from desktop.views.service_list import ServiceList
from desktop.views.similar import SimilarIncidents
from desktop.wire import from_wire_time, to_wire_time
from desktop.text.display import fill

LINES = ("title", "bridge_url", "bridge_phone", "bridge_pin", "war_room", "sla_minutes")
TEXTS = ("description", "review_summary", "review_impact", "root_cause", "went_well", "went_wrong", "got_lucky")
CHOICES = {"severity": (tuple(k.value for k in Severity), labels.severity),
           "impact": (tuple(k.value for k in Level), labels.level),
           "urgency": (tuple(k.value for k in Level), labels.level),
           "reported_via": (tuple(k.value for k in ReportedVia), labels.reported_via)}
# The rows of the Incident and review boxes, in the order shown (and named in Edit ▸ Undo).
FORM = ("title", "severity", "impact", "urgency", "reported_via", "sla_minutes", "description",
        "services", "detected_at", "war_room", "bridge_url", "bridge_phone", "bridge_pin", "exercise")
REVIEW = ("review_summary", "review_impact", "root_cause", "went_well", "went_wrong", "got_lucky")


class IncidentDetailPage(IncidentTab):
    moved = Signal(str)  # a lifecycle move was asked for (the target), for tests and the status bar

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, queries.incident_detail, parent)
        self.detail: IncidentDetail | None = None
        self._loaded_services: tuple[str, ...] = ()
        self._similar_for: str | None = None
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        inner = QWidget()
        column = QVBoxLayout(inner)

        # A sev1 or sev2 without a commander or a communications lead (services/staffing.py):
        # said above everything else, as the board marks the row.
        self.staffing = QLabel(inner)
        self.staffing.setWordWrap(True)
        self.staffing.setStyleSheet("background: #ffe0b2; color: #3e2723; font-weight: bold; padding: 6px;")
        never_widen(self.staffing)
        self.staffing.hide()
        self._missing: tuple[str, ...] = ()
        column.addWidget(self.staffing)
        # When the stakeholders' next status update is due (services/comms.py), counting down.
        self.next_update = QLabel(inner)
        self.next_update.setObjectName("NextUpdate")
        never_widen(self.next_update)
        self.next_update.hide()
        self._due = None
        self._due_timer = QTimer(self, interval=1000, timeout=self._show_due)
        column.addWidget(self.next_update)

        self.phase_box = QGroupBox(inner)
        grid = QGridLayout(self.phase_box)
        self.move_buttons: dict[str, QPushButton] = {}
        for n, key in enumerate(lifecycle.ACTIONS):  # in the order of the four phases
            button = QPushButton(self.phase_box)
            button.clicked.connect(lambda _=False, k=key: self.request_move(k))
            grid.addWidget(button, n // 5, n % 5)
            self.move_buttons[key] = button
        column.addWidget(self.phase_box)

        self.fields_box = QGroupBox(inner)
        form = QFormLayout(self.fields_box)
        self.services = ServiceList(ctx, self.fields_box)
        self.services.setMaximumHeight(110)
        self.detected = inputs.DateTimeEdit(self.fields_box)  # digits in any script; a bad date is said
        self.detected.unreadable.connect(lambda: self.status.setText(
            self.tr("The detection time could not be read: type it as year/month/day hour:minute.")))
        # Numbers read left to right in Persian too (۱۴۰۵/۰۹/۰۶ ۱۴:۳۰). The direction must be set
        # before the format: Qt lays the sections out by the direction in force at that moment,
        # and right to left gives minutes:hours day/month/year.
        self.detected.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.detected.setDisplayFormat("yyyy/MM/dd HH:mm")
        self.detected.setCalendarPopup(True)
        for name in FORM:
            widget = self._editor(name)
            label = QLabel(self.fields_box)
            label.setBuddy(widget)
            if name in ("bridge_url", "bridge_phone", "bridge_pin"):
                row = QHBoxLayout()
                row.addWidget(widget)
                button = QPushButton(self.fields_box)
                button.clicked.connect(lambda _=False, n=name: self.use_bridge(n))
                self.widgets[f"{name}_action"] = button
                row.addWidget(button)
                form.addRow(label, row)
            else:
                form.addRow(label, widget)
            self.labels[name] = label
        column.addWidget(self.fields_box)

        self.records_box = QGroupBox(inner)
        records_form = QFormLayout(self.records_box)
        for kind in ("problem", "change"):
            shown = QLabel(self.records_box)
            shown.setWordWrap(True)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            never_widen(shown)
            button = QPushButton(self.records_box)
            button.clicked.connect(lambda _=False, k=kind: self.open_record(k))
            row = QHBoxLayout()
            row.addWidget(shown, 1)
            row.addWidget(button)
            label = QLabel(self.records_box)
            records_form.addRow(label, row)
            self.widgets[f"{kind}_shown"], self.widgets[f"{kind}_open"] = shown, button
            self.labels[kind] = label
        column.addWidget(self.records_box)

        self.similar = SimilarIncidents(ctx, inner)
        column.addWidget(self.similar)

        self.review_box = QGroupBox(inner)
        review_form = QFormLayout(self.review_box)
        for name in REVIEW:
            widget = self._editor(name)
            label = QLabel(self.review_box)
            label.setBuddy(widget)
            review_form.addRow(label, widget)
            self.labels[name] = label
        column.addWidget(self.review_box)

        self.save_button = QPushButton(inner)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(inner)
        self.status.setWordWrap(True)
        never_widen(self.status)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        column.addLayout(bottom)
        column.addStretch(1)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.retranslate()

    # -- fields
    def _editor(self, name: str) -> QWidget:
        if name == "services":
            return self.services
        if name == "detected_at":
            return self.detected
        if name == "exercise":  # a drill (issue 17): kept out of every metric
            widget = QCheckBox()
            self.widgets[name] = widget
            return widget
        if name in CHOICES:
            keys, word = CHOICES[name]
            widget: QWidget = QComboBox()
            for key in keys:
                widget.addItem(word(key), key)
        elif name == "sla_minutes":
            widget = inputs.MinutesEdit()  # «۲۴۰ دقیقه»: the unit, in the language's digits
            widget.unreadable.connect(lambda: self.status.setText(
                self.tr("The SLA target is a whole number of minutes.")))
        elif name in TEXTS:
            widget = inputs.limit(QPlainTextEdit(), "incident", name)  # direction: inputs.prepare
            widget.setTabChangesFocus(True)
            widget.setMaximumHeight(80)
        else:
            widget = inputs.limit(QLineEdit(), "incident", name)
            if name in ("bridge_url", "bridge_phone", "bridge_pin"):
                inputs.identifier(widget)  # a link, a phone number, a PIN: left to right
        self.widgets[name] = widget
        return widget

    def value(self, name: str) -> Any:
        """What the field holds now, in the stored form (ASCII digits for numbers)."""
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, inputs.MinutesEdit):
            return widget.minutes()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
        if name in ("bridge_phone", "bridge_pin"):
            return digits_to_ascii(text).strip()
        return text

    def _show(self, name: str, stored: Any) -> None:
        widget = self.widgets[name]
        if isinstance(widget, QComboBox):
            index = widget.findData(stored)
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, inputs.MinutesEdit):
            widget.set_minutes(stored)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(stored))
        else:
            inputs.show_text(widget, stored)  # whole, even when older than the limits

    def editable(self) -> tuple[str, ...]:
        return (*LINES, *TEXTS, *CHOICES, "exercise")

    def changed_fields(self) -> dict[str, Any]:
        if self.detail is None:
            return {}
        stored = self.detail.fields
        changed = {name: self.value(name) for name in self.editable()
                   if (self.value(name) or None) != (stored.get(name) or None)}
        detected = self._detected_value()
        shown = stored.get("detected_at")
        if detected is not None and (shown is None or to_wire_time(detected)[:16] != shown[:16]):
            changed["detected_at"] = detected  # compared to the minute, as it is edited
        return changed

    def _detected_value(self) -> dt.datetime | None:
        if self.detail is None or not self.detail.fields.get("detected_at"):
            return None
        return self.detected.dateTime().toUTC().toPython().replace(tzinfo=dt.timezone.utc)

    def _show_detected(self, wire: str | None) -> None:
        if wire:
            moment = from_wire_time(wire)
            utc = QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute),
                            QTimeZone.utc())
            self.detected.setDateTime(utc.toTimeZone(self.ctx.formatter.zone))

    # -- refresh
    def show_data(self, detail: IncidentDetail | None | list) -> None:
        """A fresh snapshot: fields being edited keep what the person typed."""
        detail = detail if isinstance(detail, IncidentDetail) else None
        edited = set(self.changed_fields())
        self.detail = detail
        self.setEnabled(detail is not None)
        if detail is None:
            self._show_staffing(())
            return
        for name in self.editable():
            if name not in edited:
                self._show(name, detail.fields.get(name))
        if "detected_at" not in edited:
            self._show_detected(detail.fields.get("detected_at"))
        if self._loaded_services == self.services.checked():  # not being edited
            self.services.show_checked(detail.services)
        self._loaded_services = tuple(sorted(detail.services))
        if self._similar_for != detail.fields["id"]:  # once per incident shown
            self._similar_for = detail.fields["id"]
            self.similar.look_for(f"{detail.fields.get('title') or ''} {detail.fields.get('description') or ''}",
                                  detail.services, detail.fields["id"])
        self._show_records()
        self._enable_moves()
        asked = detail.fields["id"]
        self.ctx.query(staffing.incident_gap, asked,
                       on_done=lambda missing: asked == self.incident_id and self._show_staffing(missing))
        self.ctx.query(comms_queries.next_updates, [asked],
                       on_done=lambda due: asked == self.incident_id and self._take_due(due.get(asked)))

    def _take_due(self, due: object) -> None:
        self._due = due
        if due is None:
            self._due_timer.stop()
        else:
            self._due_timer.start()
        self._show_due()

    def _show_due(self) -> None:
        if self._due is None:
            self.next_update.hide()
            return
        left = (self._due - utcnow()).total_seconds()
        self.next_update.setText(fill(self.tr("Next status update to stakeholders: %1"), labels.next_update(
            self.ctx.formatter.duration(abs(left)), overdue=left < 0)))
        sheet = "font-weight: bold; padding: 4px;" + (" color: #b71c1c;" if left < 0 else "")
        if self.next_update.styleSheet() != sheet:
            self.next_update.setStyleSheet(sheet)
        self.next_update.show()

    def _show_staffing(self, missing: tuple[str, ...]) -> None:
        self._missing = missing
        severity = self.detail.fields.get("severity") if self.detail else None
        if missing and severity:
            self.staffing.setText(fill(self.tr("%1: assign on the Team page."),
                                       labels.staffing_gap(severity, missing)))
        self.staffing.setVisible(bool(missing and severity))

    def _show_records(self) -> None:
        """Each record's title beside its label (a paragraph of the interface's direction: the
        title's isolate alone would push it to the far side), and a button that opens a new
        record or edits the linked one."""
        rtl = self.ctx.lang == "fa"
        for kind in ("problem", "change"):
            title = getattr(self.detail, f"{kind}_title") if self.detail else None
            self.widgets[f"{kind}_shown"].setText(paragraph(labels.user_text(title) or self.tr("None linked"), rtl))
            linked = bool(self.detail and self.detail.fields.get(f"{kind}_id"))
            words = ({"problem": self.tr("Edit the problem record…"), "change": self.tr("Edit the change record…")}
                     if linked else
                     {"problem": self.tr("Open a problem record…"), "change": self.tr("Open a change record…")})
            self.widgets[f"{kind}_open"].setText(words[kind])

    def _on_changed(self, changes: Changes, initiator: object) -> None:
        super()._on_changed(changes, initiator)
        if self.detail is None or self.incident_id in changes.incidents:
            return  # reloading already
        linked = {self.detail.fields.get("problem_id"), self.detail.fields.get("change_id")} - {None}
        if linked & (changes.get("problem_record") | changes.get("change_record")):
            self.reload()  # a linked record was edited (here, or for another incident it serves)

    def _enable_moves(self) -> None:
        """Each button as the lifecycle has it now: enabled, or disabled saying why."""
        fields = self.detail.fields if self.detail else {}
        status = fields.get("status") or Status.PROPOSED
        for offer in lifecycle.actions(status, fields.get("acknowledged_at")):
            button = self.move_buttons[offer.action]
            button.setEnabled(offer.allowed)
            button.setToolTip("" if offer.allowed else self.why(offer.refusal, status))
        if self.detail is not None and self.detail.review_missing and self.move_buttons[Action.CLOSE].isEnabled():
            close = self.move_buttons[Action.CLOSE]  # the review page closes it, or overrides, once reviewed
            close.setEnabled(False)
            close.setToolTip(labels.error("review_incomplete"))

    def why(self, reason: str, status: str) -> str:
        return {
            "already": fill(self.tr("The incident is already %1."), labels.status(status)),
            "finished": self.tr("A closed or cancelled incident does not change any more."),
            "not_from_here": fill(self.tr("Not possible while the incident is %1."), labels.status(status)),
            "already_acknowledged": self.tr("Already acknowledged."),
            "not_declared": self.tr("Only a declared incident can be acknowledged."),
            "only_proposed": self.tr("Only for a proposed incident."),
            "only_resolved": self.tr("Only a resolved incident can be reopened."),
        }.get(reason, reason)

    # -- actions
    def save(self) -> None:
        """One save, one command, one undo step: the edited fields and the affected services."""
        if self.incident_id is None or self.detail is None:
            return
        if not self.detected.readable():
            return  # said by the field (unreadable): nothing is saved with a date that is not one
        changes = self.changed_fields()
        services = self.services.checked()
        if services != tuple(sorted(self.detail.services)):
            changes["services"] = list(services)
        if not changes:
            return
        from desktop.services import incidents  # with the write path, not at start-up

        self.ctx.command(incidents.edit, self.incident_id, label=self._edit_label(list(changes)),
                         on_done=lambda _changed: self.status.setText(self.tr("Saved.")),
                         on_error=self._refused, **changes)

    def _edit_label(self, fields: list[str]) -> str:
        """What Edit ▸ Undo names: the fields and the incident, e.g. «ویرایش عنوان، شدت (MI-0042)»."""
        fields = [name for name in (*FORM, *REVIEW) if name in fields]  # in the order shown
        names = ("، " if self.ctx.lang == "fa" else ", ").join(labels.field(name) for name in fields)
        ref = self.detail.fields.get("ref", "") if self.detail else ""
        return fill(self.tr("Edit %1 (%2)"), names, ref)

    def _refused(self, code: str, params: dict) -> None:
        self.status.setText(labels.error(code, params))

    def request_move(self, key: str, change_id: str | None = None, duplicate_of: str | None = None,
                     ask: bool = True) -> None:
        """A lifecycle button: resolving asks which change record carried the fix; marking as
        duplicate asks which incident it duplicates (both unless given)."""
        if self.incident_id is None:
            return
        from desktop.services import incidents

        target = lifecycle.ACTIONS[Action(key)]
        incident_id = self.incident_id
        if key == Action.ACKNOWLEDGE:
            self.ctx.command(incidents.acknowledge, incident_id, label=self.move_buttons[key].text(),
                             on_error=self._refused)
        elif key == Action.RESOLVE and change_id is None and ask:
            self.ctx.query(queries.change_records, on_done=lambda choices: self._ask_change(choices))
            return
        elif key == Action.DUPLICATE:
            if duplicate_of is None:
                self.ctx.query(queries.open_incidents, incident_id, on_done=self._ask_duplicate)
                return
            self.ctx.command(incidents.merge, incident_id, duplicate_of, label=self.move_buttons[key].text(),
                             on_error=self._refused)
        else:
            self.ctx.command(incidents.move, incident_id, target, change_id, label=self.move_buttons[key].text(),
                             on_error=self._refused)
        self.moved.emit(key)

    def _ask_change(self, choices: list[Choice]) -> None:
        names = [self.tr("No change record")] + [c.name for c in choices]
        current = self.detail.fields.get("change_id") if self.detail else None
        start = next((n + 1 for n, c in enumerate(choices) if c.id == current), 0)
        name, ok = inputs.ask_item(self, self.tr("Resolved"), self.tr("Which change record carried the fix?"),
                                   names, start)
        if ok:
            chosen = next((c.id for c in choices if c.name == name), None)
            self.request_move(Action.RESOLVE, change_id=chosen, ask=False)

    def _ask_duplicate(self, choices: list[Choice]) -> None:
        if not choices:
            self.status.setText(self.tr("There is no open incident to merge into."))
            return
        name, ok = inputs.ask_item(self, self.tr("Mark as duplicate"), self.tr("Duplicate of:"),
                                   [c.name for c in choices])
        if ok:
            self.request_move(Action.DUPLICATE, duplicate_of=next(c.id for c in choices if c.name == name))

    def open_record(self, kind: str, title: str | None = None) -> None:
        """Opens a problem (or change) record for the incident; when one is linked already, its
        title is edited instead (the button says which)."""
        if self.incident_id is None:
            return
        linked = self.detail.fields.get(f"{kind}_id") if self.detail else None
        if linked and title is None:  # every field of the record, on its own page
            self.record_window(kind, linked)
            return
        if title is None:
            heading = {("problem", False): self.tr("Open a problem record"),
                       ("change", False): self.tr("Open a change record"),
                       ("problem", True): self.tr("Edit the problem record"),
                       ("change", True): self.tr("Edit the change record")}[(kind, bool(linked))]
            current = (getattr(self.detail, f"{kind}_title") or "") if linked else ""
            title, ok = inputs.ask_text(self, heading, self.tr("Title:"), current,
                                        inputs.field_limit(f"{kind}_record", "title"))
            if not ok:
                return
        from desktop.services import records

        label = self.widgets[f"{kind}_open"].text().rstrip("…")
        if linked:
            command = records.edit_problem if kind == "problem" else records.edit_change
            self.ctx.command(command, linked, label=label, on_error=self._refused, title=title)
        else:
            command = records.open_problem if kind == "problem" else records.open_change
            self.ctx.command(command, self.incident_id, title, label=label, on_error=self._refused)

    def record_window(self, kind: str, record_id: str) -> Any:
        """The problem (or change) record's page in a window of its own, made once and shown
        again (raised) when asked for again."""
        windows = self.__dict__.setdefault("_record_windows", {})
        window = windows.get(kind)
        if window is None:
            from desktop.views.record_common import RecordWindow

            if kind == "problem":
                from desktop.views.problem import ProblemPage as Page
            else:
                from desktop.views.change import ChangePage as Page
            window = windows[kind] = RecordWindow(Page(self.ctx), self)
        window.page.show_record(record_id)
        if window.isVisible():
            window.activateWindow()  # already open: brought to the front
        else:
            window.show()
        return window

    def use_bridge(self, name: str) -> None:
        """The link opens; phone and PIN go to the clipboard, one click each."""
        value = self.value(name)
        if not value:
            return
        if name == "bridge_url":
            QDesktopServices.openUrl(QUrl.fromUserInput(value))
        else:
            QGuiApplication.clipboard().setText(value)
            self.status.setText(fill(self.tr("Copied: %1"), isolate(value, rtl=False)))

    def retranslate(self) -> None:
        self.phase_box.setTitle(self.tr("Lifecycle"))
        self.fields_box.setTitle(self.tr("Incident"))
        self.records_box.setTitle(self.tr("Problem and change"))
        self.review_box.setTitle(self.tr("Post-incident review"))
        words = {Action.ACCEPT: self.tr("Accept and declare"), Action.ACKNOWLEDGE: self.tr("Acknowledge"),
                 Action.CONTAIN: self.tr("Contained"), Action.RESOLVE: self.tr("Resolved…"),
                 Action.REVIEW: self.tr("Start review"), Action.CLOSE: self.tr("Close"),
                 Action.REOPEN: self.tr("Reopen"), Action.CANCEL: self.tr("Cancel / reject"),
                 Action.DUPLICATE: self.tr("Mark as duplicate…")}
        for key, button in self.move_buttons.items():
            button.setText(words[key])
        for name, label in self.labels.items():
            label.setText(labels.field(name) if name not in ("problem", "change") else (
                self.tr("Problem record") if name == "problem" else self.tr("Change record")))
        self.widgets["bridge_url_action"].setText(self.tr("Open"))
        self.widgets["bridge_phone_action"].setText(self.tr("Copy"))
        self.widgets["bridge_pin_action"].setText(self.tr("Copy"))
        self._show_records()
        self.save_button.setText(self.tr("Save"))
        self.widgets["exercise"].setText(self.tr("A drill: not counted in the metrics"))
        self.similar.retranslate()
        # Jalali in fa, Gregorian in en, in the language's digits, with its weekend; times in the
        # configured zone (Asia/Tehran).
        self.detected.follow(self.ctx.formatter)
        minutes = self.value("sla_minutes")
        self.widgets["sla_minutes"].setLocale(self.ctx.formatter.locale)
        self.widgets["sla_minutes"].set_minutes(minutes)  # the unit and digits anew
        for name, (keys, word) in CHOICES.items():
            combo = self.widgets[name]
            for n, key in enumerate(keys):
                combo.setItemText(n, word(key))
        if self.detail is not None:
            self._enable_moves()
            self._show_staffing(self._missing)
