"""Nothing is written without a name on it: the first start asks who is operating the station,
and an edit tried with nobody named is refused (said) and asks again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
