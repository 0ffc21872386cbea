"""The main window on the demo database, in Persian and English, driven like a person would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.services import incidents
from desktop.views.mainwindow import PAGES, MainWindow
from desktop.views.review import ReviewPage
from tests.helpers.clocks import assert_tick_matches_repaint


def _plain(text: str) -> str:
    """Display text without the bidi isolates that wrap people's words."""
    return text.strip("\u2066\u2067\u2068\u2069")


def _texts(model, column: str) -> list[str]:  # noqa: ANN001
    index = model.columns.index(column)
    return [_plain(model.index(r, index).data()) for r in range(model.rowCount())]


def test_persian_window_shows_the_demo_right_to_left(window) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert [win.tabs.tabText(i) for i in range(5)] == ["تابلوی زنده", "حادثه", "تیم", "وظایف", "خط زمانی"]
    model = win.board.model
    assert model.rowCount() == 6  # every open demo incident: proposed … in review
    assert win.board.proxy.rowCount() == 5 and win.board.lane.proxy.rowCount() == 1  # the proposal waits in the lane
    assert model.headerData(0, Qt.Orientation.Horizontal) == "شدت"
    assert "بحرانی" in _texts(model, "severity")
    assert "اعلام‌شده" in _texts(model, "status")
    elapsed = [t for t in _texts(model, "elapsed") if t]
    assert elapsed and all(ch in "۰۱۲۳۴۵۶۷۸۹:" for t in elapsed for ch in t)  # Persian digits
    assert "HTTP 503" in win.incident_label.text()  # the active sev1 is selected first
    assert win.team.model.rowCount() == 8
    assert win.tasks.model.rowCount() == 8
    assert win.timeline.model.rowCount() > 20
    assert all(win.tasks.lists[c].model().rowCount() > 0 for c in ("todo", "in_progress", "blocked", "done"))


def test_english_window_is_left_to_right_with_gregorian_dates(window) -> None:  # noqa: ANN001
    win: MainWindow = window("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert win.tabs.tabText(0) == "Board"
    assert "Critical" in _texts(win.board.model, "severity")
    since = win.team.model.index(0, win.team.model.columns.index("since")).data()
    assert since[:2] == "20" and since[4] == "-"  # 2026-…


def test_language_switches_without_restart(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    win.switch_language("en")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert win.tabs.tabText(4) == "Timeline"
    assert win.board.model.headerData(0, Qt.Orientation.Horizontal) == "Severity"
    assert win.file_menu.title() == "&File"
    assert win.ctx.settings.get("ui/language") == "en"
    win.switch_language("fa")
    assert win.tabs.tabText(4) == "خط زمانی"


def test_an_edit_refreshes_only_its_row_and_undo_redo_go_through_the_write_path(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    ctx, model = win.ctx, win.board.model
    incident = ctx.selection.incident_id
    row = model.row_of(incident)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.assertNotEmitted(model.layoutChanged), \
            qtbot.waitSignal(win.board.refreshed, timeout=5000):
        ctx.command(incidents.edit, incident, title="Kubernetes در وضعیت بحرانی است", label="edit")
    title = model.index(row, model.columns.index("title")).data()
    assert title == "\u2067Kubernetes در وضعیت بحرانی است\u2069"  # right to left in fa, Latin first or not
    assert ctx.undo.count() == 1
    with qtbot.waitSignal(win.board.refreshed, timeout=5000):
        ctx.undo.undo()
    assert "HTTP 503" in model.index(row, model.columns.index("title")).data()
    with qtbot.waitSignal(win.board.refreshed, timeout=5000):
        ctx.undo.redo()
    assert _plain(model.index(row, model.columns.index("title")).data()).startswith("Kubernetes")
    qtbot.waitUntil(lambda: any(r.kind == "undo" for r in win.timeline.model.rows()), timeout=5000)


def test_a_new_incident_appears_on_the_board(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    before = win.board.model.rowCount()
    with qtbot.waitSignal(win.board.refreshed, timeout=5000):
        win.ctx.command(incidents.declare, title="قطعی ایمیل سازمانی", severity="sev1")
    assert win.board.model.rowCount() == before + 1
    assert win.board.proxy.index(0, 0).data() == "بحرانی"


def test_bad_input_is_reported_in_persian_and_writes_nothing(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    with qtbot.waitSignal(win.ctx.bus.failed, timeout=5000) as failed:
        win.ctx.command(incidents.declare, title="   ")
    assert failed.args[0] == "empty_title"
    assert win.statusBar().currentMessage() == "عنوان نمی‌تواند خالی باشد."
    assert win.ctx.undo.count() == 0


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_tick_repaints_the_clocks_exactly_as_qt_would(window, qtbot, lang) -> None:  # noqa: ANN001
    """The tick's own painting (ClockTable) must give the very pixels a full repaint gives."""
    win: MainWindow = window(lang)
    win.board.table.selectRow(0)  # a selected row too: its colours are the highlight's
    assert_tick_matches_repaint(qtbot, win, win.board)
    table = win.board.table
    win.tabs.setCurrentIndex(4)  # the board is hidden: its clocks cost nothing
    table.tick()
    assert table._ticked is None


def test_later_pages_are_built_when_first_shown_in_the_language_of_the_day(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    later = range(PAGES.index("comms"), len(PAGES))
    assert not any(win.tabs.widget(i) in win.page_tabs.built() for i in later)  # placeholders until wanted
    win.switch_language("en")
    review_at = PAGES.index("review")
    win.page_actions[review_at].trigger()  # View ▸ Review (Ctrl+8), as a person would
    review = win.tabs.currentWidget()
    assert isinstance(review, ReviewPage) and win.review is review and review.isVisible()
    assert win.tabs.currentIndex() == review_at and win.tabs.count() == len(PAGES)
    assert win.tabs.tabText(review_at) == "Review" and review.lessons_box.title() == "Lessons learned"
    qtbot.waitUntil(lambda: review.incident_id == win.ctx.selection.incident_id is not None, timeout=10_000)
    assert [win.tabs.widget(i) in win.page_tabs.built() for i in later] == [i == review_at for i in later]
    win.switch_language("fa")  # a built page follows the language like the first five
    assert review.lessons_box.title() == "درس‌آموخته‌ها"


def test_window_geometry_and_page_are_restored(make_ctx, qtbot) -> None:  # noqa: ANN001
    ctx = make_ctx("fa")
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.resize(711, 533)  # within the offscreen screen, which restoreGeometry clamps to
    first.tabs.setCurrentIndex(PAGES.index("metrics"))  # a page built when first shown
    first.show()
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (711, 533)
    assert second.tabs.currentIndex() == PAGES.index("metrics") and second.tabs.currentWidget() is second.metrics


@pytest.mark.parametrize("page", ["board", "team", "tasks", "timeline", "follow_ups"])  # the incident page holds none
def test_item_models_pass_qtmodeltester(window, qtmodeltester, qtbot, page: str) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    shown = getattr(win, page)
    if page == "follow_ups":  # loaded when first shown
        with qtbot.waitSignal(shown.loaded, timeout=10_000):
            win.tabs.setCurrentWidget(shown)
        assert shown.model.rowCount()
    qtmodeltester.check(shown.model, force_py=True)


@pytest.mark.parametrize("lang, notice", [
    ("fa", "این پایگاه‌داده فقط خواندنی است: می‌توانید ببینید اما چیزی را نمی‌توانید تغییر دهید"),
    ("en", "This database is read-only: you can look but not change anything"),
])
def test_a_read_only_database_opens_to_look_at_and_says_so(make_ctx, qtbot, demo_db, lang: str,  # noqa: ANN001
                                                           notice: str) -> None:
    import hashlib

    from desktop import labels
    from tests.helpers.readonly import unwritable

    before = hashlib.sha256(demo_db.read_bytes()).hexdigest()
    with unwritable(demo_db):
        ctx = make_ctx(lang, db=demo_db)
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.board.loaded, timeout=10_000):
            win.show()
        qtbot.waitUntil(lambda: ctx.selection.incident_id is not None and ctx.worker.idle, timeout=10_000)
        assert win.read_only_label.isVisible() and win.read_only_label.text() == notice
        assert win.board.model.rowCount() == 6  # everything is there to look at
        assert not win.declare_action.isEnabled() and not win.report_action.isEnabled()
        assert not win.station_action.isEnabled() and not win.sync_action.isEnabled()
        with qtbot.waitSignal(ctx.bus.failed, timeout=5000) as failed:  # an edit from any page
            ctx.command(incidents.edit, ctx.selection.incident_id, title="تغییر", label="edit")
        assert failed.args[0] == "read_only" and win.statusBar().currentMessage() == labels.error("read_only")
        assert ctx.undo.count() == 0 and ctx.sync is None
    assert hashlib.sha256(demo_db.read_bytes()).hexdigest() == before


def test_a_writable_database_shows_no_read_only_notice(window) -> None:  # noqa: ANN001
    win: MainWindow = window("en")
    assert not win.read_only_label.isVisible() and win.declare_action.isEnabled()


def test_an_empty_board_says_how_to_begin_and_an_empty_filter_says_why(make_ctx, qtbot, tmp_path) -> None:  # noqa: ANN001
    """A new organisation's board: no rows, so it says how to declare the first incident; once
    there is one, the hint goes; a filter that matches nothing says so."""
    from desktop.services import incidents, setup
    from desktop.views.mainwindow import MainWindow

    setup.new_organisation(tmp_path / "new.db", station="دفتر مرکزی", code="HQ", operator="مریم احمدی").close()
    ctx = make_ctx("en", tmp_path / "new.db")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.board.loaded, timeout=10_000):
        win.show()
    board = win.board
    qtbot.waitUntil(lambda: board.empty.isVisible())
    assert "Ctrl+N" in board.empty.text() and board.empty.width() == board.table.viewport().width()
    with qtbot.waitSignal(board.refreshed, timeout=5_000):
        ctx.command(incidents.declare, title="DNS outage", severity="sev2")
    qtbot.waitUntil(lambda: not board.empty.isVisible())
    board.filters.severity.setCurrentIndex(board.filters.severity.findData("sev4"))
    qtbot.waitUntil(lambda: board.empty.isVisible())
    assert board.empty.text() == "No incident matches the filters or the search."
