"""Export from the window: the PDF is written by the worker while the window stays live."""

from __future__ import annotations

from pathlib import Path

from desktop.views.mainwindow import MainWindow


def test_export_writes_the_selected_incident_and_says_so_in_persian(window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    out = tmp_path / "پس‌از‌حادثه.pdf"
    with qtbot.waitSignal(win.exporter.finished, timeout=30_000) as done:
        win.export_postmortem(str(out))
    assert done.args[0] == str(out) and done.args[1] >= 3
    assert out.read_bytes().startswith(b"%PDF")
    assert "گزارش پس از حادثه در" in win.statusBar().currentMessage()


def test_an_unwritable_place_is_reported_and_nothing_is_left(window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    win: MainWindow = window("fa")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with qtbot.waitSignal(win.exporter.failed, timeout=30_000) as failed:
        win.export_postmortem(str(blocker / "x.pdf"))
    assert failed.args[0] == "unwritable"
    qtbot.waitUntil(lambda: win.error_box is not None and win.error_box.isVisible())
    assert "پرونده در این مسیر نوشته نمی‌شود" in win.error_box.text()
    win.error_box.close()
    assert list(tmp_path.glob("**/*.part")) == []
