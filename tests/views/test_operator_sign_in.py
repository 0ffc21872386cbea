"""Nothing is written without a name on it: the first start asks who is operating the station,
and an edit tried with nobody named is refused (said) and asks again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services import incidents
from desktop.views.mainwindow import MainWindow
from tests.helpers.stations import rows
from tests.helpers.typing import type_text


def _open(make_ctx, qtbot, db: Path, lang: str = "fa") -> MainWindow:  # noqa: ANN001
    ctx = make_ctx(lang, db, operator=False)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.sign_in is not None and win.sign_in.isVisible(), timeout=10_000)
    return win


def _authors(store) -> set:  # noqa: ANN001 - every op's operator and every entry's author
    ops = {json.loads(p)["operator_id"] for (p,) in rows(store, "SELECT payload FROM outbox")}
    return ops | {a for (a,) in rows(store, "SELECT author_id FROM timeline_entries")}


def test_the_first_start_asks_who_is_operating_and_every_op_names_them(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    win = _open(make_ctx, qtbot, tmp_path / "new.db")
    dialog = win.sign_in
    assert dialog.windowTitle() == "چه کسی با این ایستگاه کار می‌کند؟"
    start = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(start, Qt.MouseButton.LeftButton)  # nobody chosen, nothing typed: said, still open
    assert dialog.message.text() and dialog.isVisible()
    type_text(dialog.new_name, "مریم احمدی")
    with qtbot.waitSignal(dialog.signed_in, timeout=5_000) as signed:
        QTest.mouseClick(start, Qt.MouseButton.LeftButton)
    me = signed.args[0]
    assert win.ctx.store.station.operator_id == me
    assert rows(win.ctx.store, "SELECT name FROM people WHERE id = ?", (me,)) == [("مریم احمدی",)]
    with qtbot.waitSignal(win.ctx.bus.changed, timeout=5_000):
        win.ctx.command(incidents.declare, title="قطع DNS")
    assert _authors(win.ctx.store) == {me}  # adding herself already named her


def test_an_edit_with_nobody_named_is_refused_and_asks(make_ctx, qtbot, demo_db: Path, tmp_path: Path) -> None:  # noqa: ANN001
    db = tmp_path / "nobody.db"
    shutil.copy(demo_db, db)
    win = _open(make_ctx, qtbot, db, lang="en")
    before = rows(win.ctx.store, "SELECT count(*) FROM outbox")
    win.sign_in.reject()
    qtbot.waitUntil(lambda: win.sign_in is None)
    with qtbot.waitSignal(win.ctx.bus.failed, timeout=5_000) as failed:
        win.ctx.command(incidents.declare, title="DNS outage")
    assert failed.args[0] == "no_operator" and "who is operating" in win.statusBar().currentMessage()
    assert rows(win.ctx.store, "SELECT count(*) FROM outbox") == before  # nothing written
    dialog = win.sign_in
    assert dialog is not None and dialog.isVisible()  # asked again
    qtbot.waitUntil(lambda: dialog.person.count() > 1)
    dialog.person.setCurrentIndex(2)
    chosen = dialog.person.currentData()
    with qtbot.waitSignal(dialog.signed_in, timeout=5_000):
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(win.ctx.bus.changed, timeout=5_000):
        win.ctx.command(incidents.declare, title="DNS outage")
    last = json.loads(rows(win.ctx.store, "SELECT payload FROM outbox ORDER BY station_seq DESC LIMIT 1")[0][0])
    assert last["operator_id"] == chosen


# -- the status bar names who is operating, and switches in two clicks

# A popup menu on the offscreen platform: it cannot raise the menu nor grab the keyboard for it.
POPUP = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)", extend=True)


def _click_action(menu, action) -> None:  # noqa: ANN001
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def _name_of(store, person_id: str) -> str:  # noqa: ANN001
    return rows(store, "SELECT name FROM people WHERE id = ?", (person_id,))[0][0]


@POPUP
def test_the_status_bar_names_the_operator_and_switches_in_two_clicks(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    ctx, status = win.ctx, win.operator_status
    before = ctx.store.station.operator_id
    qtbot.waitUntil(lambda: status.text() == f"کاربر ایستگاه: \u2067{_name_of(ctx.store, before)}\u2069")
    QTest.mouseClick(status, Qt.MouseButton.LeftButton)  # click 1: the name
    menu = status.menu
    qtbot.waitUntil(menu.isVisible)
    recent = [a for a in status._recent_actions if a.isVisible()]
    listed = [a for a in status._slots if a.isVisible()]
    assert recent and listed  # who worked here lately (the demo's operators), then the directory
    assert [a.isChecked() for a in (*recent, *listed) if a.data() == before] in ([True], [])  # the current one
    target = next(a for a in listed if a.data() != before)
    chosen, name = target.data(), _name_of(ctx.store, target.data())
    with qtbot.waitSignal(status.switched, timeout=5_000):
        _click_action(menu, target)  # click 2: the person
    assert ctx.store.station.operator_id == chosen and status.menu is None
    qtbot.waitUntil(lambda: name in status.text())
    with qtbot.waitSignal(ctx.bus.changed, timeout=5_000):
        ctx.command(incidents.declare, title="قطع DNS")
    last = json.loads(rows(ctx.store, "SELECT payload FROM outbox ORDER BY station_seq DESC LIMIT 1")[0][0])
    assert last["operator_id"] == chosen  # the edit names the person switched to
    # The next time, she is the first of those who worked here lately; Ctrl+Shift+O opens it too.
    qtbot.waitUntil(lambda: status._found.recent[:1] == (chosen,))
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    QTest.keyClick(win.board.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: status.menu is not None and status.menu.isVisible())
    first = status._recent_actions[0]
    assert first.data() == chosen and first.isChecked() and first.isVisible()
    status.menu.close()


@POPUP
def test_the_operator_menu_finds_anyone_in_the_directory_as_the_board_searches(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    status = win.operator_status
    qtbot.waitUntil(lambda: status._found.people != ())
    status.open_menu()
    assert status.search.hasFocus()  # typing searches at once
    type_text(status.search, "كاوه")  # an Arabic keyboard's ک
    shown = [a.text() for a in (*status._recent_actions, *status._slots) if a.isVisible()]
    assert shown == ["\u2067کاوه عباسی\u2069"]
    with qtbot.waitSignal(status.switched, timeout=5_000) as switched:
        QTest.keyClick(status.search, Qt.Key.Key_Return)  # Enter takes the first found
    assert _name_of(win.ctx.store, switched.args[0]) == "کاوه عباسی"
    status.open_menu()
    type_text(status.search, "هیچ‌کس")
    assert status._more.isVisible() and status._more.text() == "کسی با این نام در فهرست افراد نیست"
    status.menu.close()


@POPUP
def test_nobody_operating_is_said_in_red_and_someone_else_opens_the_sign_in(make_ctx, qtbot, demo_db: Path,  # noqa: ANN001
                                                                           tmp_path: Path) -> None:
    db = tmp_path / "nobody.db"
    shutil.copy(demo_db, db)
    win = _open(make_ctx, qtbot, db, lang="en")
    win.sign_in.reject()  # later
    qtbot.waitUntil(lambda: win.sign_in is None)
    status = win.operator_status
    qtbot.waitUntil(lambda: status.text() == "Nobody is operating — choose who")
    assert "#b71c1c" in status.styleSheet()
    QTest.mouseClick(status, Qt.MouseButton.LeftButton)
    menu = status.menu
    qtbot.waitUntil(menu.isVisible)
    someone = next(a for a in menu.actions() if a.objectName() == "someone_else")
    assert someone.text() == "Someone else…"
    _click_action(menu, someone)
    qtbot.waitUntil(lambda: win.sign_in is not None and win.sign_in.isVisible())


def test_on_a_station_that_just_joined_the_list_fills_as_the_directory_arrives(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from desktop.background_sync import start_sync
    from desktop.services import directory
    from desktop.views.operator_sign_in import OperatorSignIn
    from desktop.wire import new_id

    ctx = make_ctx("en", tmp_path / "joined.db", operator=False)  # empty: the catch-up has not come yet
    ctx.store.remember_hub("postgresql://nobody@127.0.0.1:1/none")
    start_sync(ctx, fallback=30.0)
    dialog = OperatorSignIn(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.arriving.isVisible())
    assert dialog.arriving.text().startswith("The directory is still arriving from the hub")
    someone = new_id()
    ctx.command(directory.add_person, "Sara Mohammadi", person_id=someone, by=someone)  # as a pulled page would
    qtbot.waitUntil(lambda: dialog.person.count() == 2, timeout=5_000)
    assert dialog.person.itemData(1) == someone and not dialog.arriving.isVisible()
