"""The Review page: the checklist ticked and undone, action items with owners and due times,
the close refused in words until the review is done, and the commander's override."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from desktop import labels
from desktop.services import review_queries
from desktop.views.mainwindow import MainWindow
from desktop.views.review import ActionDialog
from tests.helpers.typing import type_text


def _open_review(win: MainWindow, qtbot) -> str:  # noqa: ANN001
    incident = win.ctx.store.read(lambda c: c.execute(
        "SELECT id FROM incidents WHERE status = 'in_review' ORDER BY ref LIMIT 1").fetchone()[0])
    page = win.review
    win.tabs.setCurrentWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.ctx.selection.set_incident(incident)
    return incident


def test_ticks_undo_and_the_close_waits_for_the_review(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    _open_review(win, qtbot)
    page = win.review
    assert page.checklist is not None and not page.checklist.done
    assert not page.close_button.isEnabled() and page.override_button.isVisible()
    assert page.summary.text().startswith("بستن منتظر")  # what closing waits for, in Persian
    box = page.ticks["fix_verified"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked() and page.stamps["fix_verified"].text()
    assert "fix_verified" not in page.checklist.missing
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.ctx.undo.undo()
    assert not box.isChecked() and not page.stamps["fix_verified"].text()
    assert "fix_verified" in page.checklist.missing

    page.close_incident()  # refused: said in words, nothing changes
    qtbot.waitUntil(lambda: bool(page.status.text()))
    assert "کامل" in page.status.text() and page.checklist.status == "in_review"


def test_an_action_item_without_an_owner_keeps_the_checklist_open(window, qtbot) -> None:  # noqa: ANN001
    win = window("en")
    incident = _open_review(win, qtbot)
    page = win.review
    dialog = ActionDialog(win.ctx, page)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.owner.count() > 1)
    type_text(dialog.title, "Alert on the pool size")
    title, owner, due = dialog.values()
    assert title == "Alert on the pool size" and owner is None and due > dt.datetime.now(dt.UTC)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.ask_action(title, owner, due)
    assert [a.title for a in page.checklist.actions if a.title == title] == [title]
    assert "actions_owned" in page.checklist.missing
    row = next(r for r in range(page.actions_table.rowCount()) if page.actions_table.item(r, 0).text() == labels.user_text(title))
    assert page.actions_table.item(row, 1).text() == "No owner"
    assert "✘" in page.written["actions_owned"].text()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.ctx.undo.undo()
    assert title not in [a.title for a in page.checklist.actions]
    found = win.ctx.store.read(lambda c: review_queries.checklist(c, incident))
    assert found is not None and title not in [a.title for a in found.actions]


def test_only_the_commander_closes_without_a_complete_review(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    incident = _open_review(win, qtbot)
    page = win.review
    commander = win.ctx.store.read(lambda c: c.execute(
        "SELECT person_id FROM role_assignments WHERE incident_id = ? AND role = 'incident_commander' "
        "AND renounced_at IS NULL", (incident,)).fetchone()[0])
    someone_else = win.ctx.store.read(lambda c: c.execute(
        "SELECT id FROM people WHERE id != ? LIMIT 1", (commander,)).fetchone()[0])
    win.ctx.store.set_station(operator_id=someone_else)
    page.close_incident(override="جلسهٔ بازبینی هفتهٔ بعد")
    qtbot.waitUntil(lambda: page.status.text() == labels.error("override_not_commander"))
    win.ctx.store.set_station(operator_id=commander)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.close_incident(override="جلسهٔ بازبینی هفتهٔ بعد")
    assert page.checklist.status == "closed" and page.summary.text() == page.tr("The incident is closed.")
    said = win.ctx.store.read(lambda c: c.execute(
        "SELECT text, author_id FROM timeline_entries WHERE incident_id = ? AND details LIKE '%review_override%'",
        (incident,)).fetchone())
    assert tuple(said) == ("جلسهٔ بازبینی هفتهٔ بعد", commander)


def test_lessons_being_typed_survive_a_tick(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    _open_review(win, qtbot)
    page = win.review
    page.lessons.setFocus()
    type_text(page.lessons, "هشدار زودتر بگذاریم")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.ticks["docs_updated"], Qt.MouseButton.LeftButton)  # takes the focus; reloads
    assert page.lessons.toPlainText() == "هشدار زودتر بگذاریم"
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(page.save_lessons, Qt.MouseButton.LeftButton)
    assert page.checklist.lessons == "هشدار زودتر بگذاریم"
