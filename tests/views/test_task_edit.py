"""The kanban, editable end to end (issue 16), through the real widgets: each field of a card
edited in its dialog and undone; the owner rule through a drop, the menu and the dialog; due
times typed in Persian, Arabic-Indic and Latin digits in the Jalali and Gregorian calendars; the
warning before a second card for the same work; a multi-card move as one undo step; "Overdue"
in words."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop import labels
from desktop.views.mainwindow import MainWindow
from desktop.views.snapshot_model import ROW_ROLE
from desktop.views.task_edit import TaskEditDialog
from desktop.views.tasks import TaskList, TasksPage
from tests.helpers.typing import type_text

UNOWNED = "بررسی اثر بر تراکنش‌های ناتمام"  # the demo's one card in "to do" without an owner
OWNED = "تهیه گزارش وضعیت برای مدیریت ارشد"


def _page(window, qtbot, lang: str = "fa") -> tuple[MainWindow, TasksPage]:  # noqa: ANN001
    win: MainWindow = window(lang)
    win.tabs.setCurrentWidget(win.tasks)
    qtbot.waitUntil(lambda: win.tasks.owner.count() > 1 and win.tasks.model.rowCount() > 0)
    return win, win.tasks


def _stored(win: MainWindow, task_id: str) -> dict:
    return win.ctx.store.read(lambda c: dict(zip(
        ("title", "details", "owner_id", "due_at", "priority", "column"),
        c.execute('SELECT title, details, owner_id, due_at, priority, "column" FROM tasks WHERE id = ?',
                  (task_id,)).fetchone())))


def _card(page: TasksPage, title: str):  # noqa: ANN202
    return next(r for r in page.model.rows() if r.title == title)


def _column_of(page: TasksPage, title: str) -> str:
    return _card(page, title).column


def _open_editor(page: TasksPage, qtbot, title: str) -> TaskEditDialog:  # noqa: ANN001
    """Double-clicks the card (QTest's double click is the second click's event only: the first
    click comes before it, as a hand's does)."""
    card = _card(page, title)
    view = page.lists[card.column]
    index = view.model().mapFromSource(page.model.index(page.model.row_of(card.id), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    return page.editor


def _save(page: TasksPage, qtbot, editor: TaskEditDialog) -> None:  # noqa: ANN001
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is None)  # saved, closed (and deleted)


def _undo(win: MainWindow, qtbot) -> None:  # noqa: ANN001
    with qtbot.waitSignal(win.tasks.loaded, timeout=5_000):
        win.undo_action.trigger()


def _drop(view: TaskList, task_ids: list[str], point: QPoint) -> None:
    source = view.model().sourceModel()
    mime = source.mimeData([source.index(source.row_of(t), 0) for t in task_ids])
    buttons, keys, move = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, Qt.DropAction.MoveAction
    for event in (QDragEnterEvent(point, move, mime, buttons, keys), QDragMoveEvent(point, move, mime, buttons, keys),
                  QDropEvent(point.toPointF(), move, mime, buttons, keys)):
        QApplication.sendEvent(view.viewport(), event)


# -- each field, and its undo

def test_each_field_is_edited_in_the_dialog_and_undone(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    task_id = _card(page, OWNED).id
    before = _stored(win, task_id)

    def title(editor: TaskEditDialog) -> None:
        editor.title.selectAll()
        type_text(editor.title, "تهيه گزارش وضعيت برای هیئت مدیره")  # Arabic ي, stored as ی

    def owner(editor: TaskEditDialog) -> None:
        editor.owner.setCurrentIndex(editor.owner.count() - 1)

    def due(editor: TaskEditDialog) -> None:
        editor.due.lineEdit().setText("۱۴۰۵/۰۹/۱۲ ۱۰:۳۰")

    def priority(editor: TaskEditDialog) -> None:
        editor.priority.setCurrentIndex(editor.priority.findData("urgent"))

    def details(editor: TaskEditDialog) -> None:
        editor.details.setFocus()
        type_text(editor.details, "از بخش مالی بپرسید")

    expected = {"title": "تهیه گزارش وضعیت برای هیئت مدیره", "due_at": "2026-12-03T07:00",
                "priority": "urgent", "details": "از بخش مالی بپرسید"}
    for name, change in (("title", title), ("owner_id", owner), ("due_at", due), ("priority", priority),
                         ("details", details)):
        editor = _open_editor(page, qtbot, _stored(win, task_id)["title"])
        change(editor)
        assert list(editor.changes()) == [name]
        _save(page, qtbot, editor)
        after = _stored(win, task_id)
        assert after[name] != before[name], name
        if name in expected:
            assert str(after[name]).startswith(expected[name]), name
        assert win.undo_action.text().startswith("&واگرد: ")
        _undo(win, qtbot)
        assert _stored(win, task_id) == before, name


def test_enter_and_the_menu_open_the_dialog_too(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    todo = page.lists["todo"]
    todo.setFocus()
    todo.setCurrentIndex(todo.model().index(0, 0))
    qtbot.keyClick(todo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    assert page.editor.row.id == todo.currentIndex().data(ROW_ROLE).id
    page.editor.reject()
    qtbot.waitUntil(lambda: page.editor is None)
    menu = page.card_menu(todo, todo.visualRect(todo.model().index(0, 0)).center())
    menu.actions()[0].trigger()  # Edit…
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())


# -- the owner rule

def test_a_card_without_an_owner_does_not_leave_to_do(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    card = _card(page, UNOWNED)
    target = page.lists["in_progress"]
    _drop(target, [card.id], QPoint(target.viewport().width() // 2, target.viewport().height() - 5))
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert page.message.text() == labels.error("no_owner", {"value": UNOWNED})  # said in words, naming it
    assert UNOWNED in page.message.text()
    assert _column_of(page, UNOWNED) == "todo" and _stored(win, card.id)["column"] == "todo"

    page.message.hide()
    todo = page.lists["todo"]
    row = [todo.model().index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(todo.model().rowCount())]
    index = todo.model().index(next(i for i, text in enumerate(row) if UNOWNED in text), 0)
    menu = page.card_menu(todo, todo.visualRect(index).center())
    done = next(a for a in menu.actions() if labels.column("done") in a.text())
    done.trigger()
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert UNOWNED in page.message.text() and _stored(win, card.id)["column"] == "todo"

    editor = _open_editor(page, qtbot, UNOWNED)  # given an owner, it moves
    editor.owner.setCurrentIndex(1)
    _save(page, qtbot, editor)
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        _drop(target, [card.id], QPoint(target.viewport().width() // 2, target.viewport().height() - 5))
    assert _column_of(page, UNOWNED) == "in_progress"
    editor = _open_editor(page, qtbot, UNOWNED)  # and its owner cannot be cleared there
    editor.owner.setCurrentIndex(0)
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.errors["owner_id"].isVisible())
    assert editor.isVisible() and editor.owner.currentIndex() == 0  # nothing typed is lost
    assert _stored(win, card.id)["owner_id"] is not None


# -- due times in any digits, in either calendar

@pytest.mark.parametrize(("lang", "typed"), [
    ("fa", "۱۴۰۵/۰۹/۱۲ ۱۰:۳۰"), ("fa", "١٤٠٥/٠٩/١٢ ١٠:٣٠"), ("fa", "1405/09/12 10:30"),  # Jalali
    ("en", "۲۰۲۶/۱۲/۰۳ ۱۰:۳۰"), ("en", "٢٠٢٦/١٢/٠٣ ١٠:٣٠"), ("en", "2026/12/03 10:30"),  # Gregorian
])
def test_a_due_time_typed_in_any_digits(window, qtbot, lang: str, typed: str) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot, lang)
    task_id = _card(page, OWNED).id
    editor = _open_editor(page, qtbot, OWNED)
    editor.due.lineEdit().selectAll()
    editor.due.lineEdit().setText(typed)
    assert editor.due.readable() and editor.has_due.isChecked()
    _save(page, qtbot, editor)
    assert _stored(win, task_id)["due_at"].startswith("2026-12-03T07:00")  # 10:30 in Tehran
    icon = page.model.index(page.model.row_of(task_id), 0).data(Qt.ItemDataRole.DecorationRole)
    assert (icon is not None) == (dt.datetime.now(dt.timezone.utc) > dt.datetime(2026, 12, 3, 7, tzinfo=dt.timezone.utc))


def test_a_due_time_that_cannot_be_read_is_said_beside_the_field(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    task_id = _card(page, OWNED).id
    before = _stored(win, task_id)
    editor = _open_editor(page, qtbot, OWNED)
    editor.title.selectAll()
    type_text(editor.title, "عنوان تازه")
    editor.due.setFocus()
    editor.due.lineEdit().selectAll()
    type_text(editor.due, "x")  # not a date: the key is refused, and that is said beside the field
    assert editor.errors["due_at"].isVisible() and editor.isVisible()
    assert editor.errors["due_at"].text() == editor.tr("The due time could not be read: type it as "
                                                       "year/month/day hour:minute.")
    assert editor.title.text() == "عنوان تازه" and _stored(win, task_id) == before  # nothing typed is lost


# -- the same work twice

def test_a_title_like_an_open_tasks_warns_and_offers_the_card(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    count = page.model.rowCount()
    type_text(page.new_title, "بررسي اثر بر تراكنش‌هاي ناتمام")  # Arabic ي and ك: the same title
    qtbot.keyClick(page.new_title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.duplicate is not None and page.duplicate.isVisible())
    assert UNOWNED in page.duplicate.text()
    opening = next(b for b in page.duplicate.buttons() if b.text() == page.tr("Open the existing card"))
    opening.click()
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isVisible())
    assert page.editor.row.title == UNOWNED and page.model.rowCount() == count
    assert page.new_title.text() == "بررسي اثر بر تراكنش‌هاي ناتمام"  # nothing typed is lost
    page.editor.reject()

    qtbot.keyClick(page.new_title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.duplicate is not None and page.duplicate.isVisible())
    adding = next(b for b in page.duplicate.buttons() if b.text() == page.tr("Add anyway"))
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        adding.click()
    assert page.model.rowCount() == count + 1 and page.new_title.text() == ""


def test_a_new_title_unlike_any_is_added_without_a_question(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    type_text(page.new_title, "تماس با مرکز داده دوم")
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        qtbot.keyClick(page.new_title, Qt.Key.Key_Return)
    assert page.duplicate is None and _column_of(page, "تماس با مرکز داده دوم") == "todo"


# -- several cards at once

def _ctrl_click(page: TasksPage, qtbot, title: str) -> None:  # noqa: ANN001
    card = _card(page, title)
    view = page.lists[card.column]
    index = view.model().mapFromSource(page.model.index(page.model.row_of(card.id), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     view.visualRect(index).center())


def test_a_multi_select_move_is_one_undo_step(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    owned = [r.title for r in page.model.rows() if r.column == "todo" and r.owner][:2]
    blocked = next(r.title for r in page.model.rows() if r.column == "blocked")
    for title in (*owned, blocked):  # across two columns
        _ctrl_click(page, qtbot, title)
    assert {r.title for r in page.selected()} == {*owned, blocked}
    steps = win.ctx.undo.count()
    view = page.lists["todo"]
    index = view.model().mapFromSource(page.model.index(page.model.row_of(_card(page, owned[0]).id), 0))
    menu = page.card_menu(view, view.visualRect(index).center())
    done = next(a for a in menu.actions() if labels.column("done") in a.text())
    assert "۳" in done.text()  # the count, in Persian digits
    with qtbot.waitSignal(page.loaded, timeout=5_000):
        done.trigger()
    assert {_column_of(page, t) for t in (*owned, blocked)} == {"done"}
    assert win.ctx.undo.count() == steps + 1
    _undo(win, qtbot)
    assert [_column_of(page, t) for t in (*owned, blocked)] == ["todo", "todo", "blocked"]


def test_a_dragged_selection_with_a_card_without_owner_is_refused_whole(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot)
    owned = next(r for r in page.model.rows() if r.column == "todo" and r.owner)
    lonely = _card(page, UNOWNED)
    target = page.lists["done"]
    _drop(target, [owned.id, lonely.id], QPoint(5, target.viewport().height() - 5))
    qtbot.waitUntil(lambda: page.message.isVisible())
    assert UNOWNED in page.message.text() and owned.title not in page.message.text()
    assert _column_of(page, owned.title) == "todo" and _column_of(page, UNOWNED) == "todo"


# -- overdue, in words

def test_an_overdue_card_says_so_in_words_and_with_an_icon(window, qtbot) -> None:  # noqa: ANN001
    win, page = _page(window, qtbot, "en")
    editor = _open_editor(page, qtbot, OWNED)
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=3)
    editor.due.setDateTime(editor.due.dateTime().fromSecsSinceEpoch(int(past.timestamp())))
    _save(page, qtbot, editor)
    index = page.model.index(page.model.row_of(_card(page, OWNED).id), 0)
    assert "Overdue by 3 h" in index.data(Qt.ItemDataRole.DisplayRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None  # an icon, not the colour alone
    editor = _open_editor(page, qtbot, OWNED)
    editor.due.setDateTime(editor.due.dateTime().fromSecsSinceEpoch(int((past + dt.timedelta(hours=5)).timestamp())))
    _save(page, qtbot, editor)
    index = page.model.index(page.model.row_of(_card(page, OWNED).id), 0)
    assert "due in 2 h" in index.data(Qt.ItemDataRole.DisplayRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is None


def test_an_edit_is_told_on_the_timeline_by_the_fields_it_changed(window, qtbot) -> None:  # noqa: ANN001
    from desktop.labels import QtWords
    from desktop.reports.describe import describe
    from desktop.services import queries

    win, page = _page(window, qtbot, "en")
    editor = _open_editor(page, qtbot, OWNED)
    editor.priority.setCurrentIndex(editor.priority.findData("high"))
    editor.details.setFocus()
    type_text(editor.details, "ask finance")
    _save(page, qtbot, editor)
    entry = win.ctx.store.read(queries.timeline, page.incident_id)[-1]
    assert entry.details["action"] == "edited"
    text = describe(entry, QtWords(), {}, {entry.details["task"]: OWNED})
    assert text == f"Task «{OWNED}» edited: Details, Priority"
    assert "Priority: High" in page.model.index(page.model.row_of(_card(page, OWNED).id), 0).data()
