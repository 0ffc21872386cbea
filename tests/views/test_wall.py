"""The wall display: the live board alone, read only, large, with the Jalali date and time."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView

from desktop.views.wall import WallWindow
from tests.helpers.clocks import assert_tick_matches_repaint


def test_the_wall_shows_the_live_board_read_only(make_ctx, qtbot) -> None:  # noqa: ANN001
    ctx = make_ctx("fa")
    wall = WallWindow(ctx)
    qtbot.addWidget(wall)
    with qtbot.waitSignal(wall.board.loaded, timeout=10_000):
        wall.show()
    assert wall.board.proxy.rowCount() == 5
    assert not wall.board.lane.isVisible() and not wall.board.filters.isVisible()  # nothing to act on
    assert wall.board.table.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
    assert wall.board.table.wordWrap()  # whole titles, never elided
    assert wall.title.text() == "حوادث مهم"
    assert "۱۴" in wall.clock.text() and any(m in wall.clock.text() for m in ("آذر", "دی", "آبان", "مهر"))
    from desktop.services import incidents

    with qtbot.waitSignal(wall.board.refreshed, timeout=10_000):  # live: another station's or window's edit
        ctx.command(incidents.declare, title="قطعی مرکز تماس", severity="sev1")
    assert wall.board.proxy.rowCount() == 6
    assert not wall.board.lane.isVisible()


def test_the_walls_clocks_tick_as_qt_would_paint_them(make_ctx, qtbot) -> None:  # noqa: ANN001
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from desktop.views.wall import WALL_POINT_SIZE

    before = QApplication.font()
    QApplication.setFont(QFont("Vazirmatn", WALL_POINT_SIZE))  # as the wall station runs
    try:
        wall = WallWindow(make_ctx("fa"))
        qtbot.addWidget(wall)
        wall.resize(3840, 2160)
        with qtbot.waitSignal(wall.board.loaded, timeout=10_000):
            wall.show()
        assert_tick_matches_repaint(qtbot, wall, wall.board)
    finally:
        QApplication.setFont(before)
