"""The change record page: what is changed and why, the plan, the risk and its reason, the
rollback plan, the approval (an emergency change is approved after the fact) with who and when,
when it is scheduled and was implemented, its outcome, and the incidents it fixed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop import labels
from desktop.context import AppContext
from desktop.models.keys import Approval, Outcome, Risk, values
from desktop.views.record_common import OptionalTime, RecordPage

_REASONED = (Risk.MEDIUM.value, Risk.HIGH.value)


class ChangePage(RecordPage):
    entity = "change_record"
    kind = "change"
    FIELDS = ("title", "description", "plan", "risk", "risk_reason", "rollback_plan", "approval", "approved_by",
              "approved_at", "scheduled_at", "implemented_at", "outcome")
    FIELD_OF_CODE = {"no_risk_reason": "risk_reason", "not_implemented": "outcome"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.what, form = self.box()
        self.add_row(form, "title", self.line("title"))
        self.add_row(form, "description", self.text("description"))
        self.add_row(form, "plan", self.text("plan", 110))
        self.risk = self.add_row(form, "risk", self.combo(values(Risk), none=True))
        self.add_row(form, "risk_reason", self.text("risk_reason", 60))
        self.add_row(form, "rollback_plan", self.text("rollback_plan"))
        self.when, form = self.box()
        self.approval = self.add_row(form, "approval", self.combo(values(Approval)))
        self.approver = self.add_row(form, "approved_by", self.combo(()))
        self.people_combos = (self.approver,)
        self.add_row(form, "approved_at", OptionalTime())
        self.add_row(form, "scheduled_at", OptionalTime())
        self.add_row(form, "implemented_at", OptionalTime())
        self.outcome = self.add_row(form, "outcome", self.combo(values(Outcome), none=True))
        self.widgets["implemented_at"].given.toggled.connect(lambda _on: self._enable())
        self.risk.currentIndexChanged.connect(lambda _n: self._enable())
        side = QVBoxLayout()
        side.addWidget(self.when)
        side.addWidget(self.incidents_box(), 1)
        self.columns.addWidget(self.what, 3)
        self.columns.addLayout(side, 2)
        self.finish()

    def query(self) -> Callable[..., Any]:
        from desktop.services import record_queries

        return record_queries.change_detail

    def command(self) -> Callable[..., Any]:
        from desktop.services import records  # with the write path, not at start-up

        return records.edit_change

    def _enable(self) -> None:
        """Hints, not rules (the command has the rules and says them in words): the reason is
        asked for beside a medium or high risk; an outcome follows an implementation."""
        reason = self.names["risk_reason"]
        reason.setText(labels.field("risk_reason") + (" *" if self.risk.currentData() in _REASONED else ""))

    def after_show(self) -> None:
        self._enable()

    def retranslate(self) -> None:
        super().retranslate()
        self.what.setTitle(self.tr("The change"))
        self.when.setTitle(self.tr("Approval and implementation"))
        self.link_button.setText(self.tr("Link to another incident…"))
        self.risk.setItemText(0, self.tr("Not assessed"))
        for n, key in enumerate(values(Risk)):
            self.risk.setItemText(n + 1, labels.risk(key))
        for n, key in enumerate(values(Approval)):
            self.approval.setItemText(n, labels.approval(key))
        self.outcome.setItemText(0, self.tr("Not known yet"))
        for n, key in enumerate(values(Outcome)):
            self.outcome.setItemText(n + 1, labels.outcome(key))
        if self.approver.count() and self.approver.itemData(0) is None:
            self.approver.setItemText(0, self.tr("Nobody"))
        self._enable()
