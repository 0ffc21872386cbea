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


# -- issue 12: a long note, any failure said, Qt's own dialog in Persian

def test_a_pasted_log_exports_from_the_window(demo_db: Path, window, qtbot) -> None:  # noqa: ANN001
    from desktop.services import timeline
    from desktop.services.store import Store
    from tests.reports.test_pdf_text import LOG, extracted

    store = Store(demo_db)
    for (incident,) in store.read(lambda c: c.execute("SELECT id FROM incidents").fetchall()):
        store.run(timeline.add_note, incident, LOG)  # whichever the window selects has it
    store.close()
    win: MainWindow = window("fa")
    out = Path(str(demo_db.parent / "log.pdf"))
    with qtbot.waitSignal(win.exporter.finished, timeout=60_000) as done:  # used to end in neither signal
        win.export_postmortem(str(out))
    assert done.args[1] >= 4 and "node-89 kernel" in extracted(out)


def test_any_failure_of_the_export_is_said(window, qtbot, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from reportlab.platypus.doctemplate import LayoutError

    from desktop.reports import postmortem

    def cannot(self) -> list:  # noqa: ANN001
        raise LayoutError("Flowable <LongTable> too large on page 3")

    monkeypatch.setattr(postmortem._Writer, "story", cannot)
    win: MainWindow = window("fa")
    out = tmp_path / "x.pdf"
    with qtbot.waitSignal(win.exporter.failed, timeout=30_000) as failed:
        win.export_postmortem(str(out))
    assert failed.args == ["report_failed", str(out)]
    qtbot.waitUntil(lambda: "گزارش پس از حادثه ساخته نشد" in win.statusBar().currentMessage())
    qtbot.waitUntil(lambda: win.error_box is not None and win.error_box.isVisible())  # not only a passing line
    assert "گزارش پس از حادثه ساخته نشد" in win.error_box.text()
    win.error_box.close()
    assert not out.exists() and list(tmp_path.glob("*.part")) == []


def test_the_save_dialog_speaks_persian_also_after_a_live_switch(window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    import re

    from PySide6.QtCore import QFileInfo, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QLabel

    from desktop import i18n

    win: MainWindow = window("fa")
    seen: list[list[str]] = []
    steps = ["fa", "en", "fa"]

    def labels(dialog: QFileDialog) -> list[str]:
        return sorted(label.text() for label in dialog.findChildren(QLabel) if label.text())

    def look() -> None:  # runs inside the dialog's own event loop
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(0, look)
            return
        if len(seen) < len(steps) and i18n.current() == steps[len(seen)]:
            seen.append(labels(dialog))
            if len(seen) < len(steps):
                i18n.install(steps[len(seen)])  # the language switched while the dialog is open
            QTimer.singleShot(0, look)
            return
        if len(seen) == len(steps):
            dialog.reject()
        else:
            QTimer.singleShot(0, look)

    QTimer.singleShot(0, look)
    try:
        assert win.exporter.ask_path("x-postmortem.pdf") == ""
    finally:
        i18n.install("fa")
    persian, english, again = seen
    assert "&Look in:" not in persian and "Files of &type:" not in persian, persian
    assert any("جست" in text for text in persian) and any("نوع" in text for text in persian), persian
    assert "&Look in:" in english and "Files of &type:" in english, english
    assert again == persian
    # The file list's type column (Qt 6 moved its words where qtbase_fa has none), and the rest.
    assert QFileIconProvider().type(QFileInfo(str(tmp_path))) == "پوشه"
    assert not [word for word in i18n.qt_words() if re.search("[A-Za-z]", word)]
