"""The Team page names people to roles, hands one-person roles over, renounces them, and shows
two holders of a one-person role (as two stations apart can make) until someone settles it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest

from desktop.services import roles
from desktop.views.mainwindow import MainWindow


def _current(win: MainWindow) -> list[tuple[str, str]]:
    return [(r.role, r.person) for r in win.team.model.rows() if r.renounced_at is None]


def _choose(win: MainWindow, role: str, person_index: int) -> str:
    win.team.role.setCurrentIndex(win.team.role.findData(role))
    win.team.person.setCurrentIndex(person_index)
    return _plain(win.team.person.currentText())


def _plain(text: str) -> str:
    return text.strip("\u2066\u2067\u2068\u2069")  # user text is shown bidi-isolated


def test_assign_hand_over_renounce_and_undo(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    win.tabs.setCurrentWidget(win.team)
    qtbot.waitUntil(lambda: win.team.person.count() > 2 and win.team.model.rowCount() > 0)
    assert win.team.assign_button.text() == "واگذاری نقش" and not win.team.renounce_button.isEnabled()
    commander = next(p for r, p in _current(win) if r == "incident_commander")
    newcomer = next(i for i in range(win.team.person.count())
                    if _plain(win.team.person.itemText(i)) not in {p for _, p in _current(win)})
    name = _choose(win, "incident_commander", newcomer)
    with qtbot.waitSignal(win.team.loaded, timeout=5_000):
        QTest.mouseClick(win.team.assign_button, Qt.MouseButton.LeftButton)
    assert ("incident_commander", name) in _current(win)
    assert ("incident_commander", commander) not in _current(win)  # handed over in the same edit
    assert _plain(win.undo_action.text().removeprefix("&واگرد: واگذاری فرمانده حادثه: ")) == name

    row = next(i for i, r in enumerate(win.team.model.rows()) if r.person == name and r.renounced_at is None)
    win.team.table.selectionModel().setCurrentIndex(win.team.model.index(row, 0),
                                                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                    | QItemSelectionModel.SelectionFlag.Rows)
    assert win.team.renounce_button.isEnabled()
    with qtbot.waitSignal(win.team.loaded, timeout=5_000):
        QTest.mouseClick(win.team.renounce_button, Qt.MouseButton.LeftButton)
    assert not any(r == "incident_commander" for r, _ in _current(win))
    with qtbot.waitSignal(win.team.loaded, timeout=5_000):
        win.undo_action.trigger()  # the renouncing is undone: the newcomer commands again
    assert ("incident_commander", name) in _current(win)

    _choose(win, "incident_commander", newcomer)  # the same person again: refused, said in Persian
    QTest.mouseClick(win.team.assign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.team.message.isVisible())
    assert win.team.message.text() == "این فرد هم‌اکنون همین نقش را دارد."


def test_two_commanders_from_two_stations_are_shown_until_settled(window, qtbot) -> None:  # noqa: ANN001
    win: MainWindow = window("en")
    win.tabs.setCurrentWidget(win.team)
    qtbot.waitUntil(lambda: win.team.person.count() > 2 and win.team.model.rowCount() > 0)
    incident = win.ctx.selection.incident_id
    others = [win.team.person.itemData(i) for i in range(win.team.person.count())]
    # What a sync brings when another station named a commander while apart: a second holder.
    with qtbot.waitSignal(win.team.loaded, timeout=5_000):
        win.ctx.command(lambda tx: tx.create("role_assignment", incident_id=incident, role="incident_commander",
                                             person_id=others[-1], assumed_at=tx.now))
    assert win.team.message.isVisible() and win.team.message.text().startswith("Two people hold Incident commander: ")
    second = next(r for r in win.team.model.rows() if r.role == "incident_commander" and r.renounced_at is None)
    with qtbot.waitSignal(win.team.loaded, timeout=5_000):
        win.ctx.command(roles.renounce, second.id)
    assert not win.team.message.isVisible()
