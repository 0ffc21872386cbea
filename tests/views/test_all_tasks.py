"""The all-tasks kanban (issue 16), through the real widgets: every open incident's cards, each
naming its incident; the filters alone and together; the counts in the headings; a drop among
the cards of the card's own incident, and its undo; the owner rule in words; the edit dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop import labels
from desktop.services import queries, tasks
from desktop.views.all_tasks import AllTasksPage
from desktop.views.mainwindow import MainWindow
from desktop.views.snapshot_model import ROW_ROLE
from desktop.views.tasks import KANBAN, TaskList, overdue

UNOWNED = "بررسی اثر بر تراکنش‌های ناتمام"  # the demo's one card in "to do" without an owner


def _page(window, qtbot, lang: str = "fa") -> tuple[MainWindow, AllTasksPage]:  # noqa: ANN001
    win: MainWindow = window(lang)
    page = win.all_tasks
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.owner.count() > 2 and win.ctx.worker.idle)
    return win, page


def _shown(page: AllTasksPage, column: str) -> list:
    model = page.lists[column].model()
    return [model.index(r, 0).data(ROW_ROLE) for r in range(model.rowCount())]


def _all_shown(page: AllTasksPage) -> list:
    return [card for column in KANBAN for card in _shown(page, column)]


def _stored(win: MainWindow) -> list:
    return win.ctx.store.read(queries.open_tasks)


def _drop(view: TaskList, task_ids: list[str], point: QPoint) -> None:
    """What a drag from another column delivers: enter, move over ``point``, drop there."""
    model = view.window().all_tasks.model
    mime = model.mimeData([model.index(model.row_of(t), 0) for t in task_ids])
    buttons, keys, move = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, Qt.DropAction.MoveAction
    for event in (QDragEnterEvent(point, move, mime, buttons, keys), QDragMoveEvent(point, move, mime, buttons, keys),
                  QDropEvent(point.toPointF(), move, mime, buttons, keys)):
        QApplication.sendEvent(view.viewport(), event)


def _column_of(win: MainWindow, task_id: str) -> str:
    return win.ctx.store.read(lambda c: c.execute('SELECT "column" FROM tasks WHERE id = ?', (task_id,)).fetchone()[0])


def test_every_open_incidents_cards_show_their_incident(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    stored = _stored(win)
    closed = win.ctx.store.read(lambda c: c.execute(
        "SELECT count(*) FROM tasks t JOIN incidents i ON i.id = t.incident_id WHERE NOT t.archived "
        "AND i.status IN ('closed', 'cancelled')").fetchone()[0])
    assert closed and stored  # the demo has both: the closed incidents' tasks are left out
    assert sorted(r.id for r in _all_shown(page)) == sorted(r.id for r in stored)
    assert {r.column for r in stored} == set(KANBAN)  # done ones too
    for card in _all_shown(page):
        view = page.lists[card.column]
        index = view.model().index([r.id for r in _shown(page, card.column)].index(card.id), 0)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        assert card.incident_ref in text.split("\n")[0] and card.title in text
    for column in KANBAN:  # each column in (position, id) order, as one incident's board
        cards = _shown(page, column)
        assert [(c.position, c.id) for c in cards] == sorted((c.position, c.id) for c in cards)
        assert page.titles[column].text() == f"{labels.column(column)} ({win.ctx.formatter.number(len(cards))})"
    assert "۰" in win.ctx.formatter.number(10)  # the counts in Persian digits


def test_each_filter_and_their_combination(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    every = _all_shown(page)
    operator = win.ctx.store.station.operator_id
    incidents = {r.incident_id for r in every}
    assert page.incident.count() == len(incidents) + 1
    busiest = max(incidents, key=lambda i: sum(r.incident_id == i for r in every))
    owner = next(r.owner_id for r in every if r.owner_id and r.owner_id != operator)

    def check(expected) -> None:  # noqa: ANN001
        wanted = sorted(r.id for r in every if expected(r))
        assert sorted(r.id for r in _all_shown(page)) == wanted
        for column in KANBAN:
            count = page.lists[column].model().rowCount()
            assert page.titles[column].text() == f"{labels.column(column)} ({win.ctx.formatter.number(count)})"

    page.incident.setCurrentIndex(page.incident.findData(busiest))
    check(lambda r: r.incident_id == busiest)
    page.incident.setCurrentIndex(0)
    check(lambda r: True)
    page.owner.setCurrentIndex(page.owner.findData("-"))  # nobody
    check(lambda r: r.owner_id is None)
    assert UNOWNED in [r.title for r in _all_shown(page)]
    page.owner.setCurrentIndex(page.owner.findData(owner))
    check(lambda r: r.owner_id == owner)
    page.owner.setCurrentIndex(0)
    page.overdue.setChecked(True)
    assert any(overdue(r) for r in every) and not all(overdue(r) for r in every)
    check(overdue)
    page.overdue.setChecked(False)
    page.mine.setChecked(True)
    check(lambda r: r.owner_id == operator)
    page.owner.setCurrentIndex(page.owner.findData(owner))  # someone else and "mine": nobody's cards are both
    check(lambda r: False)
    page.owner.setCurrentIndex(0)
    page.mine.setChecked(False)
    page.incident.setCurrentIndex(page.incident.findData(busiest))  # together: this incident's overdue ones
    page.overdue.setChecked(True)
    check(lambda r: r.incident_id == busiest and overdue(r))
    page.owner.setCurrentIndex(page.owner.findData("-"))
    check(lambda r: r.incident_id == busiest and overdue(r) and r.owner_id is None)


def test_a_drop_lands_among_its_incidents_cards_and_undo_moves_it_back(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    card = next(r for r in _shown(page, "todo") if r.owner_id
                and any(o.incident_id == r.incident_id for o in _shown(page, "in_progress")))
    target = page.lists["in_progress"]
    before = _shown(page, "in_progress")
    anchor = next(r for r in before if r.incident_id == card.incident_id)  # its incident's first card there
    row = [r.id for r in before].index(anchor.id)
    rect = target.visualRect(target.model().index(row, 0))
    with qtbot.waitSignal(page.loaded, timeout=5_000):  # on the upper half of that card: before it
        _drop(target, [card.id], QPoint(rect.center().x(), rect.top() + 2))
    after = _shown(page, "in_progress")
    assert card.id in [r.id for r in after] and card.id not in [r.id for r in _shown(page, "todo")]
    own = [r.id for r in after if r.incident_id == card.incident_id]
    assert own.index(card.id) == own.index(anchor.id) - 1  # right before it, among its incident's cards
    assert _column_of(win, card.id) == "in_progress"
    header = page.titles["in_progress"].text()
    assert header == f"{labels.column('in_progress')} ({win.ctx.formatter.number(len(before) + 1)})"

    with qtbot.waitSignal(page.loaded, timeout=5_000):  # dropped below every card: after its incident's last
        _drop(target, [card.id], QPoint(target.viewport().width() // 2, target.viewport().height() - 5))
    own = [r.id for r in _shown(page, "in_progress") if r.incident_id == card.incident_id]
    assert own[-1] == card.id
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        win.undo_action.trigger()
    own = [r.id for r in _shown(page, "in_progress") if r.incident_id == card.incident_id]
    assert own.index(card.id) == own.index(anchor.id) - 1
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        win.undo_action.trigger()
    assert card in _shown(page, "todo") and _column_of(win, card.id) == "todo"


def test_a_card_without_an_owner_does_not_leave_to_do(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    card = next(r for r in _shown(page, "todo") if r.title == UNOWNED)
    target = page.lists["blocked"]
    _drop(target, [card.id], QPoint(target.viewport().width() // 2, target.viewport().height() - 5))
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert page.message.text() == labels.error("no_owner", {"value": UNOWNED})  # said in words, naming it
    assert card in _shown(page, "todo") and _column_of(win, card.id) == "todo"


def test_double_click_and_enter_open_the_edit_dialog_and_an_edit_shows(window, qtbot) -> None:  # noqa: ANN001
    from desktop.views.task_edit import TaskEditDialog

    win, page = _page(window, qtbot)
    view = page.lists["todo"]
    rect = view.visualRect(view.model().index(0, 0))
    card = _shown(page, "todo")[0]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    assert isinstance(page.editor, TaskEditDialog) and page.editor.row.id == card.id
    page.editor.close()
    qtbot.waitUntil(lambda: page.editor is None)
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    page.editor.close()
    with qtbot.waitSignal(page.loaded, timeout=5_000):  # an edit made elsewhere: only that card again
        win.ctx.command(tasks.edit, card.id, title="عنوان تازه", label="edit")
    assert _shown(page, "todo")[0].title == "عنوان تازه"
    assert "عنوان تازه" in view.model().index(0, 0).data(Qt.ItemDataRole.DisplayRole)


@pytest.mark.parametrize("which", ["cards", "todo", "done"])
def test_the_models_pass_qtmodeltester(window, qtbot, qtmodeltester, which: str) -> None:  # noqa: ANN001
    _win, page = _page(window, qtbot)
    qtmodeltester.check(page.model if which == "cards" else page.shown[which], force_py=True)
