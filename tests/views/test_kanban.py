"""The task kanban: add a card, drag it to a place in another column, move it from the keyboard
and the context menu, undo; refusals said in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desktop.views.mainwindow import MainWindow
from desktop.views.tasks import TaskList
from tests.helpers.typing import type_text


def _titles(win: MainWindow, column: str) -> list[str]:
    return [r.title for r in win.tasks.model.rows() if r.column == column]


def _page(window, qtbot, lang: str = "fa") -> MainWindow:  # noqa: ANN001
    win: MainWindow = window(lang)
    win.tabs.setCurrentWidget(win.tasks)
    qtbot.waitUntil(lambda: win.tasks.owner.count() > 1 and win.tasks.model.rowCount() > 0)
    return win


def _drop(view: TaskList, task_id: str, point: QPoint) -> None:
    """What a drag from another column delivers: enter, move over ``point``, drop there."""
    source = view.model().sourceModel()
    mime = source.mimeData([source.index(source.row_of(task_id), 0)])
    buttons, keys, move = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, Qt.DropAction.MoveAction
    for event in (QDragEnterEvent(point, move, mime, buttons, keys), QDragMoveEvent(point, move, mime, buttons, keys),
                  QDropEvent(point.toPointF(), move, mime, buttons, keys)):
        QApplication.sendEvent(view.viewport(), event)


def test_add_a_card_and_drag_it_to_a_place_in_another_column(window, qtbot) -> None:  # noqa: ANN001
    win = _page(window, qtbot)
    page = win.tasks
    page.owner.setCurrentIndex(2)
    owner = page.owner.currentData()
    type_text(page.new_title, "بررسی گواهی‌های TLS درگاه")
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        qtbot.keyClick(page.new_title, Qt.Key.Key_Return)
    assert _titles(win, "todo")[-1] == "بررسی گواهی‌های TLS درگاه" and page.new_title.text() == ""
    card = next(r for r in page.model.rows() if r.title == "بررسی گواهی‌های TLS درگاه")
    assert win.ctx.store.read(lambda c: c.execute("SELECT owner_id FROM tasks WHERE id = ?", (card.id,)).fetchone()[0]) == owner

    target = page.lists["in_progress"]
    first = target.visualRect(target.model().index(0, 0))
    before = _titles(win, "in_progress")
    with qtbot.waitSignal(page.loaded, timeout=5_000):  # dropped on the upper half of the first card
        _drop(target, card.id, QPoint(first.center().x(), first.top() + 2))
    assert _titles(win, "in_progress") == [card.title, *before]
    last = target.visualRect(target.model().index(len(before), 0))
    with qtbot.waitSignal(page.loaded, timeout=5_000):  # then on the lower half of the last one
        _drop(target, card.id, QPoint(last.center().x(), last.bottom() - 2))
    assert _titles(win, "in_progress") == [*before, card.title]
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        win.undo_action.trigger()
    assert _titles(win, "in_progress") == [card.title, *before]


def test_keyboard_and_menu_moves_follow_the_reading_direction(window, qtbot) -> None:  # noqa: ANN001
    win = _page(window, qtbot)
    page = win.tasks
    todo = page.lists["todo"]
    todo.setFocus()
    todo.setCurrentIndex(todo.model().index(0, 0))
    title = _titles(win, "todo")[0]
    with qtbot.waitSignal(page.loaded, timeout=5_000):  # in Persian the next column is to the left
        qtbot.keyClick(todo, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert title in _titles(win, "in_progress") and title not in _titles(win, "todo")
    assert win.undo_action.text().startswith("&واگرد: انتقال وظیفه به در حال انجام")

    progress = page.lists["in_progress"]
    row = _titles(win, "in_progress").index(title)
    menu = page.card_menu(progress, progress.visualRect(progress.model().index(row, 0)).center())
    actions = {a.text(): a for a in menu.actions() if not a.isSeparator() and a.text() != menu.actions()[0].text()}
    assert set(actions) == {"انتقال به انجام‌نشده", "انتقال به مسدود", "انتقال به انجام‌شده"}  # after "Edit…"
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        actions["انتقال به انجام‌شده"].trigger()
    assert title in _titles(win, "done")


def test_an_empty_title_is_refused_in_persian(window, qtbot) -> None:  # noqa: ANN001
    win = _page(window, qtbot)
    count = win.tasks.model.rowCount()
    qtbot.keyClick(win.tasks.new_title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.tasks.message.isVisible())
    assert win.tasks.message.text() == "عنوان نمی‌تواند خالی باشد." and win.tasks.model.rowCount() == count


def test_in_english_the_next_column_is_to_the_right(window, qtbot) -> None:  # noqa: ANN001
    win = _page(window, qtbot, "en")
    todo = win.tasks.lists["todo"]
    todo.setFocus()
    todo.setCurrentIndex(todo.model().index(0, 0))
    title = _titles(win, "todo")[0]
    with qtbot.waitSignal(win.tasks.loaded, timeout=5_000):
        qtbot.keyClick(todo, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert title in _titles(win, "in_progress")
    assert win.undo_action.text().startswith("&Undo: Move task to In progress: ")
