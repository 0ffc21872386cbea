"""The status bar's word on sync: online or offline, when this station last synced (Jalali in
Persian), how many of its ops wait to be pushed, and how far a long catch-up got."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.background_sync import SyncStatus
from desktop.context import AppContext
from desktop import labels
from desktop.text.display import fill


class SyncIndicator(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.follow(ctx.sync)

    def follow(self, sync) -> None:  # noqa: ANN001 - a BackgroundSync, or None: no hub
        """Shows this sync's status (after the hub was set or forgotten in the settings)."""
        if sync is not None:
            sync.status.connect(self.show_status)
        self.retranslate()

    def show_status(self, status: SyncStatus | None) -> None:
        f = self.ctx.formatter
        if self.ctx.sync is None:
            self.label.setText(self.tr("No sync hub: this station works alone"))
            return
        if status is None:
            self.label.setText(self.tr("Connecting to the sync hub…"))
            return
        parts = [self.tr("Online") if status.online else self.tr("Offline")]
        problem = labels.hub_refusal(status.problem, status.params) if status.problem else ""
        if problem:
            parts.append(problem)
        parts.append(fill(self.tr("last synced %1"), f.datetime(status.last_synced))
                     if status.last_synced else self.tr("never synced"))
        if status.pushes:
            parts.append(fill(self.tr("%1 waiting to be sent"), f.number(status.waiting)))
        if status.held:  # ops from elsewhere this station cannot apply yet: said, never silently dropped
            parts.append(fill(self.tr("%1 edits from other stations held (see crisisroom.log)"), f.number(status.held)))
        if status.refused:
            parts.append(fill(self.tr("%1 edits refused by the sync rules (see crisisroom.log)"),
                              f.number(status.refused)))
        self.label.setText(" · ".join(parts))
        self.label.setToolTip("\n".join(self._notes(status)))
        if status.progress and status.progress[0] < status.progress[1]:
            self.bar.setRange(0, status.progress[1])
            self.bar.setValue(status.progress[0])
            self.bar.setFormat(self.tr("catching up %p%"))
            self.bar.show()
        else:
            self.bar.hide()

    def _notes(self, status: SyncStatus) -> list[str]:
        """Each held or refused edit by its hub position (or this station's number), and why."""
        f = self.ctx.formatter
        lines = []
        for seq, state, code, params in status.notes:
            if seq is None:
                text = fill(self.tr("The hub refused this station's edit number %1: %2"), f.number(params["seq"]))
            elif state == "held":
                text = fill(self.tr("Held the edit at hub position %1: %2"), f.number(seq))
            else:
                text = fill(self.tr("Refused the edit at hub position %1: %2"), f.number(seq))
            lines.append(text.replace("%2", labels.op_refusal(code, params)))
        return lines

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.show_status(self.ctx.sync.last if self.ctx.sync is not None else None)
