"""File ▸ This station: the operator named on every edit, the short code of new references."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from desktop.services import incidents
from desktop.views.mainwindow import MainWindow
from tests.helpers.typing import type_text


def _window(make_ctx, qtbot, lang: str = "fa") -> MainWindow:  # noqa: ANN001
    win = MainWindow(make_ctx(lang))
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_operator_and_short_code_are_set_and_used(make_ctx, qtbot) -> None:  # noqa: ANN001
    win = _window(make_ctx, qtbot)
    dialog = win.station_settings()
    qtbot.waitUntil(lambda: dialog.operator.count() > 1)
    assert dialog.operator.itemText(0) == "— کسی انتخاب نشده —"
    dialog.operator.setCurrentIndex(0)  # nobody: refused, every edit names who made it
    dialog.save()
    assert dialog.message.text().startswith("انتخاب کنید چه کسی") and win.ctx.store.station.operator_id is not None
    person = dialog.operator.itemData(2)
    dialog.operator.setCurrentIndex(2)
    dialog.short_code.clear()
    type_text(dialog.short_code, "teh۲")  # lower case and Persian digits: stored as TEH2
    dialog.name.clear()
    type_text(dialog.name, "اتاق بحران تهران")
    with qtbot.waitSignal(dialog.saved, timeout=5_000):
        QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    station = win.ctx.store.station
    assert (station.short_code, station.name, station.operator_id) == ("TEH2", "اتاق بحران تهران", person)
    assert win.station_label.text() == "ایستگاه TEH2"
    with qtbot.waitSignal(win.board.refreshed, timeout=5_000):
        win.ctx.command(incidents.declare, title="قطعی شبکهٔ شعبه‌ها")
    ref, operator = win.ctx.store.read(lambda c: c.execute(
        "SELECT i.ref, (SELECT json_extract(payload, '$.operator_id') FROM outbox ORDER BY station_seq DESC LIMIT 1) "
        "FROM incidents i "
        "WHERE i.title = 'قطعی شبکهٔ شعبه‌ها'").fetchone())
    assert ref.startswith("INC-TEH2-") and operator == person


def test_a_bad_or_taken_short_code_is_said_and_nothing_changes(make_ctx, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from tests.helpers.stations import apply_all, new_store, outbox

    win = _window(make_ctx, qtbot, "en")
    other = new_store(tmp_path / "other.db", "NORTH")  # another station's incident has come in by sync
    other.run(incidents.declare, title="Branch network down")
    apply_all(win.ctx.store, outbox(other))
    other.close()
    before = win.ctx.store.station
    dialog = win.station_settings()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    for code, said in (("HQ-1", "The short code is 1 to 8 Latin letters or digits, e.g. HQ or TEH2."),
                       ("north", "Another station already uses this short code: incident references must stay unique.")):
        dialog.short_code.setText(code)
        dialog.message.clear()
        QTest.mouseClick(save, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.message.text() != "")
        assert dialog.message.text() == said and dialog.isVisible()
    assert win.ctx.store.station == before
