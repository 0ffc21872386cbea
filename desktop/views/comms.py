"""The communications page of the selected incident: when the next status update is due (red
once overdue), the plan — which audiences are told, by which channels, in which language, at once
or after a look — and the messages: drafts first, each previewed, edited and sent with one key
(Ctrl+Enter) or discarded; sent ones with their delivery per recipient."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QSpinBox, QSplitter, QVBoxLayout, QWidget,
)

from desktop import i18n, labels
from desktop.context import AppContext
from desktop.models.keys import COMM_CHANNELS, COMM_LANGS, Delivery
from desktop.services import comms_queries
from desktop.services.comms_queries import AudienceRow, CommsData, MessageRow
from desktop.text.calendar import utcnow
from desktop.text.display import fill
from desktop.views import inputs
from desktop.views.directory_common import joined
from desktop.views.elided import never_widen
from desktop.views.incident_tab import IncidentTab
from desktop.views.snapshot_model import SnapshotModel, read_only_table

OVERDUE = "#b71c1c"
_STATE_COLOURS = {Delivery.DRAFT: "#8d6e00", Delivery.FAILED: OVERDUE, Delivery.UNSURE: "#bf360c",
                  Delivery.CANCELLED: "#78909c"}


def select_row(table: Any, row: int) -> None:
    """Row ``row`` selected and current (QTableView.selectRow leaves a right-to-left table that
    never had the focus without a selection)."""
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().setCurrentIndex(table.model().index(row, 0), flags)


def audience_name(kind: str, name: str) -> str:
    return labels.user_text(name) if kind == "custom" or not kind else labels.group_kind(kind)


class PlanModel(SnapshotModel):
    columns = ("audience", "channels", "lang", "when", "reach")

    def header(self, column: str) -> str:
        return {"audience": self.tr("Audience"), "channels": self.tr("Channels"), "lang": self.tr("Language"),
                "when": self.tr("Goes out"), "reach": self.tr("Reachable by email")}[column]

    def cell(self, row: AudienceRow, column: str, role: int) -> Any:
        if column == "audience":
            return audience_name(row.kind, row.name)
        if column == "channels":
            return joined((labels.channel(c) for c in row.channels), i18n.current())
        if column == "lang":
            return labels.language_name(row.lang)
        if column == "when":
            return self.tr("at once") if row.at_once else self.tr("after the lead's look")
        return fill(self.tr("%1 of %2"), labels.number(row.reachable), labels.number(row.members))


class MessagesModel(SnapshotModel):
    columns = ("state", "event", "audience", "channel", "time", "recipients")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"state": self.tr("State"), "event": self.tr("About"), "audience": self.tr("Audience"),
                "channel": self.tr("Channel"), "time": self.tr("Time"), "recipients": self.tr("Recipients")}[column]

    def cell(self, row: MessageRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = _STATE_COLOURS.get(row.state)
            return QBrush(QColor(colour)) if colour and column == "state" else None
        if role == Qt.ItemDataRole.FontRole:
            if row.state == Delivery.DRAFT:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if column == "state":
            return labels.delivery(row.state)
        if column == "event":
            return labels.comm_event(row.event)
        if column == "audience":
            return audience_name(row.kind, row.group)
        if column == "channel":
            return labels.channel(row.channel)
        if column == "time":
            return self.ctx.formatter.datetime(row.sent_at or row.queued_at or row.created_at)
        if not row.counts:
            return ""
        return " · ".join(f"{labels.delivery(state)} {labels.number(n)}" for state, n in row.counts)


class CommsPage(IncidentTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, lambda conn, incident_id: comms_queries.page(conn, incident_id, ctx.store.station.station_id),
                         parent)
        self.data: CommsData | None = None
        writable = not ctx.read_only
        # -- next update
        self.due_label = QLabel(self)
        self.due_label.setObjectName("NextUpdate")
        never_widen(self.due_label)
        self.update_now = QPushButton(self)
        self.update_now.clicked.connect(self.prepare_update)
        self.every_label = QLabel(self)
        self.every = QSpinBox(self)
        self.every.setRange(0, 24 * 60)
        self.every.setSingleStep(5)
        self.every.editingFinished.connect(self._set_interval)
        self.every_label.setBuddy(self.every)
        top = QHBoxLayout()
        top.addWidget(self.due_label, 1)
        top.addWidget(self.every_label)
        top.addWidget(self.every)
        top.addWidget(self.update_now)
        # -- the plan
        self.plan_box = QGroupBox(self)
        self.plan_model = PlanModel(self)
        self.plan_table = read_only_table(self.plan_box, self.plan_model)
        self.plan_table.selectionModel().selectionChanged.connect(lambda *_: self._show_audience())
        plan_header = self.plan_table.horizontalHeader()  # every column whole: five short ones
        plan_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        plan_header.setStretchLastSection(True)
        self.channel_boxes = {channel: QCheckBox(self.plan_box) for channel in COMM_CHANNELS}
        self.lang_combo = QComboBox(self.plan_box)
        for lang in COMM_LANGS:
            self.lang_combo.addItem(labels.language_name(lang), lang)
        self.at_once = QCheckBox(self.plan_box)
        self.remove_button = QPushButton(self.plan_box)
        self.group_combo = QComboBox(self.plan_box)
        self.add_button = QPushButton(self.plan_box)
        channels, editing = QHBoxLayout(), QHBoxLayout()  # two rows: the page fits a small window
        for box in self.channel_boxes.values():
            channels.addWidget(box)
            box.clicked.connect(self._change_audience)
        channels.addStretch(1)
        editing.addWidget(self.lang_combo)
        editing.addWidget(self.at_once)
        editing.addStretch(1)
        editing.addWidget(self.remove_button)
        self.lang_combo.activated.connect(lambda _i: self._change_audience())
        self.at_once.clicked.connect(self._change_audience)
        self.remove_button.clicked.connect(self._remove_audience)
        adding = QHBoxLayout()
        adding.addWidget(self.group_combo, 1)
        adding.addWidget(self.add_button)
        self.add_button.clicked.connect(self._add_audience)
        self.plan_box.layout().addLayout(channels)
        self.plan_box.layout().addLayout(editing)
        self.plan_box.layout().addLayout(adding)
        # -- messages
        self.messages_box = QGroupBox(self)
        self.messages_model = MessagesModel(ctx, self)
        self.messages_table = read_only_table(self.messages_box, self.messages_model)
        self.messages_table.selectionModel().selectionChanged.connect(lambda *_: self._show_message())
        header = self.messages_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.subject = QLineEdit(self.messages_box)
        inputs.set_limit(self.subject, 300)
        self.text = QPlainTextEdit(self.messages_box)
        self.problems = QLabel(self.messages_box)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {OVERDUE};")
        self.send_button = QPushButton(self.messages_box)
        self.discard_button = QPushButton(self.messages_box)
        self.send_button.clicked.connect(self.send_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        self.resend_button = QPushButton(self.messages_box)
        self.resend_button.clicked.connect(self.resend_selected)
        self.resend_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.resend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.send_button)
        for widget in (self.subject, self.text, self.problems):
            self.messages_box.layout().addWidget(widget)
        self.messages_box.layout().addLayout(buttons)
        self.message = QLabel(self)  # a refusal, said beside what was pressed
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {OVERDUE};")
        self.message.hide()
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.plan_box)
        split.addWidget(self.messages_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        self.send_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.send_selected)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.send_selected)
        inputs.prepare(self)
        for widget in (self.update_now, self.every, self.add_button, self.remove_button, self.send_button,
                       self.discard_button, *self.channel_boxes.values(), self.lang_combo, self.at_once):
            widget.setEnabled(writable)
        self._tick = QTimer(self, interval=1000, timeout=self._show_due)
        self._tick.start()
        self.retranslate()

    # -- showing
    def show_data(self, result: CommsData | list) -> None:
        if not isinstance(result, CommsData):  # no incident selected
            self.data = None
            self.plan_model.set_rows([])
            self.messages_model.set_rows([])
            self._show_due()
            return
        chosen_audience, chosen_message = self._selected(self.plan_table, self.plan_model), \
            self._selected(self.messages_table, self.messages_model)
        self.data = result
        self.plan_model.set_rows(list(result.plan))
        self.messages_model.set_rows(list(result.messages))
        in_plan = {a.group_id for a in result.plan}
        self.group_combo.clear()
        for group_id, kind, name in result.groups:
            if group_id not in in_plan:
                self.group_combo.addItem(audience_name(kind, name), group_id)
        self.add_button.setEnabled(not self.ctx.read_only and self.group_combo.count() > 0)
        if not self.every.hasFocus():
            self.every.setValue(result.every_min if result.own_interval else 0)
        self._select(self.plan_table, self.plan_model, chosen_audience)
        if not self._select(self.messages_table, self.messages_model, chosen_message) and result.messages:
            select_row(self.messages_table, 0)  # a draft, when there is one
        self._show_audience()
        self._show_message()
        self._show_due()

    def _selected(self, table: Any, model: SnapshotModel) -> Any:
        chosen = table.selectionModel().selectedRows()
        return model.row_at(chosen[0].row()) if chosen and chosen[0].row() < model.rowCount() else None

    def _select(self, table: Any, model: SnapshotModel, row: Any) -> bool:
        at = model.row_of(row.id) if row is not None else None
        if at is None:
            return False
        select_row(table, at)
        return True

    def _show_due(self) -> None:
        due = self.data.next_due if self.data else None
        if due is None:
            self.due_label.setText(self.tr("No status update is due (the incident is not active, or has no plan)."))
            self.due_label.setStyleSheet("")
            return
        left = (due - utcnow()).total_seconds()
        f = self.ctx.formatter
        if left >= 0:
            text, sheet = fill(self.tr("Next status update in %1"), f.duration(left)), "font-weight: bold;"
        else:
            text, sheet = (fill(self.tr("Status update overdue by %1"), f.duration(-left)),
                           f"font-weight: bold; color: {OVERDUE};")
        self.due_label.setText(text)
        if self.due_label.styleSheet() != sheet:
            self.due_label.setStyleSheet(sheet)

    def _show_audience(self) -> None:
        row: AudienceRow | None = self._selected(self.plan_table, self.plan_model)
        writable = not self.ctx.read_only and row is not None
        for channel, box in self.channel_boxes.items():
            box.setChecked(row is not None and channel in row.channels)
            box.setEnabled(writable)
        self.lang_combo.setEnabled(writable)
        self.at_once.setEnabled(writable)
        self.remove_button.setEnabled(writable)
        if row is not None:
            self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(row.lang)))
            self.at_once.setChecked(row.at_once)

    def _show_message(self) -> None:
        row: MessageRow | None = self._selected(self.messages_table, self.messages_model)
        draft = row is not None and row.state == Delivery.DRAFT and not self.ctx.read_only
        self.subject.setText(row.subject if row else "")
        self.text.setPlainText(row.text if row else "")
        direction = Qt.LayoutDirection.RightToLeft if row is None or row.lang == "fa" else Qt.LayoutDirection.LeftToRight
        self.subject.setLayoutDirection(direction)
        self.text.setLayoutDirection(direction)
        self.subject.setReadOnly(not draft)
        self.text.setReadOnly(not draft)
        self.send_button.setEnabled(draft)
        self.discard_button.setEnabled(draft)
        lines = [fill(self.tr("%1 <%2>: %3"), labels.user_text(name), address, labels.mail_error(error))
                 for _id, name, address, error in (row.problems if row else ())]
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))
        self.resend_button.setVisible(bool(self._resendable(row)) and not self.ctx.read_only)

    # -- acting
    def _run(self, name: str, *args: Any, label: str, **kwargs: Any) -> None:
        """``name``: a command of services/comms.py (imported with the first edit: SQLAlchemy is
        not loaded before the board's first paint)."""
        from desktop.services import comms

        self.message.hide()
        self.ctx.command(getattr(comms, name), *args, label=label, on_error=self._refused, **kwargs)

    def _refused(self, code: str, params: dict) -> None:
        self.message.setText(labels.error(code, params))
        self.message.show()

    def prepare_update(self) -> None:
        if self.incident_id:
            self._run("status_update_now", self.incident_id, label=self.tr("Prepare a status update"))

    def _set_interval(self) -> None:
        if not self.incident_id or self.data is None:
            return
        minutes = self.every.value() or None
        if minutes == (self.data.every_min if self.data.own_interval else None):
            return
        self._run("set_interval", self.incident_id, max(5, minutes) if minutes else None,
                  label=self.tr("Change the status update interval"))

    def _change_audience(self) -> None:
        row: AudienceRow | None = self._selected(self.plan_table, self.plan_model)
        if row is None:
            return
        channels = [c for c, box in self.channel_boxes.items() if box.isChecked()]
        self._run("set_audience", row.id, channels=channels, lang=self.lang_combo.currentData(),
                  at_once=self.at_once.isChecked(), label=self.tr("Change the communication plan"))

    def _add_audience(self) -> None:
        group_id = self.group_combo.currentData()
        if self.incident_id and group_id:
            self._run("add_audience", self.incident_id, group_id, lang=self.ctx.lang,
                      label=self.tr("Add an audience"))

    def _remove_audience(self) -> None:
        row: AudienceRow | None = self._selected(self.plan_table, self.plan_model)
        if row is not None:
            self._run("remove_audience", row.id, label=self.tr("Remove an audience"))

    def send_selected(self) -> None:
        """Sends the draft shown, as edited here: one edit, one undo step."""
        row: MessageRow | None = self._selected(self.messages_table, self.messages_model)
        if row is None or row.state != Delivery.DRAFT or self.ctx.read_only:
            return
        self._run("send", row.id, subject=self.subject.text(), text=self.text.toPlainText(),
                  label=self.tr("Send a stakeholder message"))

    @staticmethod
    def _resendable(row: MessageRow | None) -> list[str]:
        """Recipients a person may send to again: not reached, or maybe reached, with an address."""
        return [rid for rid, _name, _address, error in (row.problems if row else ())
                if error.partition(":")[0] not in ("no_address", "invalid_address")]

    def resend_selected(self) -> None:
        """Sends again to those the message may not have reached (the lead checked with them)."""
        from desktop.services import mailer

        row: MessageRow | None = self._selected(self.messages_table, self.messages_model)
        for recipient_id in self._resendable(row):
            self.ctx.command(mailer.resend, recipient_id, label=self.tr("Send again"), undoable=False,
                             on_error=self._refused)

    def discard_selected(self) -> None:
        row: MessageRow | None = self._selected(self.messages_table, self.messages_model)
        if row is not None and row.state == Delivery.DRAFT:
            self._run("discard", row.id, label=self.tr("Discard a message"))

    def retranslate(self) -> None:
        self.plan_box.setTitle(self.tr("Who is told"))
        self.messages_box.setTitle(self.tr("Messages"))
        self.update_now.setText(self.tr("Prepare a status update now"))
        self.every_label.setText(self.tr("Status updates every (minutes)"))
        self.every.setSpecialValueText(self.tr("the severity's default"))
        for channel, box in self.channel_boxes.items():
            box.setText(labels.channel(channel))
        self.at_once.setText(self.tr("At once"))
        self.at_once.setToolTip(self.tr("Messages to this audience go out as soon as the event happens; "
                                        "otherwise they wait as drafts for the communications lead."))
        self.remove_button.setText(self.tr("Remove"))
        self.add_button.setText(self.tr("Add audience"))
        self.send_button.setText(self.tr("Send (Ctrl+Enter)"))
        self.discard_button.setText(self.tr("Discard"))
        self.resend_button.setText(self.tr("Send again to those not reached"))
        self.subject.setPlaceholderText(self.tr("Subject"))
        self.plan_model.retranslate()
        self.messages_model.retranslate()
        self._show_due()
