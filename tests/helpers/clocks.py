"""Checks that the board's tick (ClockTable's own painting) gives the pixels Qt's would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from desktop.text.calendar import utcnow
from desktop.views.board import BoardPage


def assert_tick_matches_repaint(qtbot, top: QWidget, board: BoardPage) -> None:  # noqa: ANN001
    table = board.table
    board.timer.stop()

    def screen() -> QImage:
        return top.screen().grabWindow(top.winId()).toImage()

    seen = []
    for step in range(2):
        board.model.now = utcnow() + dt.timedelta(seconds=step)
        table.viewport().repaint()  # Qt's own path, synchronously
        full = screen()
        painted = table.fast_paints
        table.tick()
        qtbot.waitUntil(lambda painted=painted: table.fast_paints == painted + 1)
        assert screen() == full
        seen.append(full)
    assert seen[0] != seen[1]  # a second later the clocks read differently: the check can fail
