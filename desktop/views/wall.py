"""The wall display: the live board alone, full screen, read only, in type large enough to read
from across the crisis room, with the time and the Jalali date."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.text.calendar import utcnow
from desktop.views.board import BoardPage
from desktop.views.sync_status import SyncIndicator

WALL_POINT_SIZE = 20


class WallWindow(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("WallWindow")
        self.title = QLabel(self)
        self.clock = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.clock.setStyleSheet("font-weight: bold;")
        top = QHBoxLayout()
        self.sync_indicator = SyncIndicator(ctx, self)  # the room must know when the wall is not live
        top.addWidget(self.title, 1)
        top.addWidget(self.sync_indicator)
        top.addWidget(self.clock)
        self.board = BoardPage(ctx, self, wall=True)
        self.board.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.board.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Whole titles, wrapped: an elided title on the wall hides what the incident is. Up to six
        # lines, though, room for any title people write: one pasted by mistake, or stored before
        # the limits, must not push every other incident off the wall (its last line ends in "…").
        self.board.table.setWordWrap(True)
        self.board.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.board.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.setMaximumSectionSize(self.board.table.fontMetrics().lineSpacing() * 6 + 12)
        # The reference is for typing, not for reading across the room: its width goes to titles.
        self.board.table.hideColumn(self.board.model.columns.index("ref"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.board, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.retranslate()

    def _tick(self) -> None:
        now = utcnow()
        f = self.ctx.formatter
        self.clock.setText(f"{f.long_date(now)}   {f.time(now)}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Crisis Room — wall display"))
        self.title.setText(self.tr("Major incidents"))
        self.board.retranslate()
        self._tick()
