"""What a person sees (issue 12), through the widgets: no label widens the window, a live switch
of language refits and re-renders, and the incident, timeline and team pages lay out as they
should in Persian."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QHeaderView, QWidget

from desktop.services import incidents, timeline
from desktop.views.mainwindow import PAGES, MainWindow
from desktop.views.wall import WallWindow

LONG = ("Kubernetes" + "ب" * 4990 + " " + "حادثه " * 833)[:10_000]  # one 5,000-letter word, then words


def _long_titles(db: Path) -> str:
    """As an older station could have stored them, before the limits were checked: the first
    incident's title, one task's title and one note, 10,000 characters each."""
    with sqlite3.connect(db) as conn:
        incident = conn.execute("SELECT id FROM incidents WHERE severity = 'sev1' AND status = 'declared' "
                                "ORDER BY declared_at DESC LIMIT 1").fetchone()[0]
        conn.execute("UPDATE incidents SET title = ? WHERE id = ?", (LONG, incident))
        conn.execute("UPDATE tasks SET title = ? WHERE id = (SELECT id FROM tasks WHERE incident_id = ? LIMIT 1)",
                     (LONG, incident))
        conn.execute("UPDATE timeline_entries SET text = ? WHERE id = (SELECT id FROM timeline_entries "
                     "WHERE incident_id = ? AND kind = 'note' LIMIT 1)", (LONG, incident))
    return incident


def _ink(widget: QWidget) -> tuple[int, int]:
    """The leftmost and rightmost columns of ``widget`` where something dark is drawn."""
    image = widget.grab().toImage()
    dark = [x for x in range(image.width())
            if any(image.pixelColor(x, y).lightness() < 120 for y in range(0, image.height(), 2))]
    return (dark[0], dark[-1]) if dark else (-1, -1)


# -- 3. no label grows the window

def test_a_10000_character_title_never_widens_the_window(window, qtbot, demo_db: Path) -> None:  # noqa: ANN001
    incident = _long_titles(demo_db)
    win: MainWindow = window("fa")
    assert win.ctx.selection.incident_id == incident  # the long one is shown in the header
    width = win.width()
    assert width == 1400
    for name, page in zip(PAGES, win.pages, strict=True):
        win.tabs.setCurrentWidget(page)
        qtbot.waitUntil(lambda: win.ctx.worker.idle)
        win.layout().activate()  # the layout's request now, not at the next event loop pass
        assert (name, win.width(), win.minimumSizeHint().width() <= width) == (name, width, True)
    header = win.incident_label  # the title cut, and elided to the room there is
    assert LONG[:100] in header.whole_text() and header.whole_text().endswith("اعلام‌شده")
    assert header.fontMetrics().horizontalAdvance(header.text()) <= header.contentsRect().width()
    assert win.incident.widgets["title"].text() == LONG  # shown whole, never cut on screen (or on save)
    win.switch_language("en")
    win.layout().activate()
    assert win.width() == width


def test_a_10000_character_title_never_widens_the_wall(make_ctx, qtbot, demo_db: Path) -> None:  # noqa: ANN001
    _long_titles(demo_db)
    ctx = make_ctx("fa")
    wall = WallWindow(ctx)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    with qtbot.waitSignal(wall.loaded, timeout=10_000):
        wall.show()
    assert wall.width() == 1920
    for page in wall.rotation.pages:  # each title on its two lines (the focus page: smaller, more)
        wall.show_page(page)
        sheet = wall.layout_sheet()
        assert sheet.overflowing() == []
        titles = [box for box in sheet.texts() if box.name == "title"]
        assert (titles or page.kind == "metrics") and all(box.rect.bottom() <= 1080 for box in sheet.texts())
        if page.kind == "overview":  # and they do not push the other incidents off the wall
            assert all(len(box.lines) <= 2 for box in titles)
            assert len(titles) == min(len(wall.picture.incidents), len([b for b in sheet.texts() if b.name == "severity"]))


# -- 5. a live switch of language refits and re-renders

def _clipped(table) -> list[int]:  # noqa: ANN001
    """Columns narrower than their heading or their cells (the stretched one aside)."""
    header = table.horizontalHeader()
    return [c for c in range(header.count()) if header.sectionResizeMode(c) != QHeaderView.ResizeMode.Stretch
            and not (c == header.count() - 1 and header.stretchLastSection()) and not table.isColumnHidden(c)
            and header.sectionSize(c) < max(table.sizeHintForColumn(c), header.sectionSizeHint(c))]


def test_switching_language_refits_the_board_and_re_renders_the_detection_time(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = win.incident
    win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.detail is not None and win.ctx.worker.idle)
    assert page.detected.text().startswith("۱۴۰")
    win.tabs.setCurrentWidget(win.board)
    assert _clipped(win.board.table) == []
    win.switch_language("en")
    assert _clipped(win.board.table) == []  # English words and Latin digits: every column refitted
    assert page.detected.text().startswith("20") and page.detected.text().isascii()  # Gregorian, Latin digits
    assert page.widgets["sla_minutes"].text() == "240 minutes"
    win.tabs.setCurrentWidget(win.team)
    qtbot.waitUntil(lambda: win.team.model.rowCount() > 0 and win.ctx.worker.idle)
    assert _clipped(win.team.table) == []
    win.switch_language("fa")
    assert page.detected.text().startswith("۱۴۰")
    assert page.widgets["sla_minutes"].text() == "۲۴۰ دقیقه"
    assert _clipped(win.team.table) == []
    win.tabs.setCurrentWidget(win.board)
    assert _clipped(win.board.table) == []


# -- 6. the incident page in Persian

def test_the_record_titles_sit_beside_their_labels(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = win.incident
    win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.problem_title is not None)
    for kind in ("problem", "change"):
        shown = page.widgets[f"{kind}_shown"]
        left, right = _ink(shown)
        assert right > shown.width() - 30, kind  # right to left: starting at the label, on the right
        assert left > 0


def test_a_linked_record_is_edited_not_created_again(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = win.incident
    win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.fields["problem_id"] is not None)
    assert page.widgets["problem_open"].text() == "ویرایش رکورد مشکل…"
    problem = page.detail.fields["problem_id"]
    records = win.ctx.store.read(lambda c: c.execute("SELECT count(*) FROM problem_records").fetchone()[0])
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.open_record("problem", "خطای اتصال درگاه به پایگاه‌داده (ریشه یافت شد)")
    qtbot.waitUntil(lambda: page.detail.problem_title == "خطای اتصال درگاه به پایگاه‌داده (ریشه یافت شد)")
    assert page.detail.fields["problem_id"] == problem
    assert win.ctx.store.read(lambda c: c.execute("SELECT count(*) FROM problem_records").fetchone()[0]) == records
    # An incident without one offers to open one.
    done: list[str] = []
    win.ctx.command(incidents.declare, title="قطعی ایمیل", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done))
    win.ctx.selection.set_incident(done[0])
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.fields["id"] == done[0])
    assert page.widgets["problem_open"].text() == "ایجاد رکورد مشکل…"


def _visible_rows(table) -> range:  # noqa: ANN001
    bottom = table.rowAt(table.viewport().height() - 1)
    return range(table.rowAt(0), (table.model().rowCount() - 1 if bottom < 0 else bottom) + 1)


def test_the_timeline_refits_after_a_new_entry_and_shows_whole_rows(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    page = win.timeline
    win.tabs.setCurrentWidget(page)
    done: list[str] = []
    win.ctx.command(incidents.declare, title="آزمایش", on_done=done.append)
    qtbot.waitUntil(lambda: bool(done))
    win.ctx.selection.set_incident(done[0])
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1 and win.ctx.worker.idle)
    table = page.table
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # a pinned note: a wider kind, a two-line entry
        win.ctx.command(timeline.add_note, done[0], "وضعیت سرور پایگاه‌داده اصلی بررسی شد " * 12, True)
    assert _clipped(table) == []
    assert all(table.rowHeight(r) >= table.sizeHintForRow(r) for r in _visible_rows(table))

    # The demo's long timeline, scrolled to its newest entries: the first row shown is whole.
    win.ctx.selection.set_incident(win.board.model.row_at(0).id)
    qtbot.waitUntil(lambda: page.model.rowCount() > 20 and win.ctx.worker.idle)
    qtbot.waitUntil(lambda: table.verticalScrollBar().maximum() > 0)
    rows = _visible_rows(table)
    assert table.rowViewportPosition(rows[0]) == 0  # not cut by the top edge
    last = page.model.rowCount() - 1
    assert rows[-1] == last and table.rowViewportPosition(last) + table.rowHeight(last) <= table.viewport().height()
    assert all(table.rowHeight(r) >= table.sizeHintForRow(r) for r in rows)
    assert _clipped(table) == []


def test_the_teams_empty_until_column_is_narrow(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    team = win.team
    win.tabs.setCurrentWidget(team)
    qtbot.waitUntil(lambda: team.model.rowCount() > 0 and win.ctx.worker.idle)
    table, header = team.table, team.table.horizontalHeader()
    until = team.model.columns.index("until")
    assert all(row.renounced_at is None for row in team.model.rows())  # nobody handed over: it is empty
    assert header.sectionSize(until) <= header.sectionSizeHint(until) + 4
    assert header.sectionSize(team.model.columns.index("title")) > header.sectionSize(until)
    assert _clipped(table) == []


def test_the_incident_opened_last_is_opened_again_at_the_next_start(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    first = win.ctx.selection.incident_id
    other = next(r.id for r in win.board.model.rows() if r.id != first and r.status != "proposed")
    win.board.table.setCurrentIndex(win.board.proxy.mapFromSource(win.board.model.index(
        win.board.model.row_of(other), 0)))
    assert win.ctx.selection.incident_id == other
    win.close()
    again: MainWindow = window("fa")  # the same settings file, a new window: as after a restart
    assert again.ctx.selection.incident_id == other
    assert again.board.table.currentIndex().row() == again.board.proxy.mapFromSource(
        again.board.model.index(again.board.model.row_of(other), 0)).row()
