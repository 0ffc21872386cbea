"""The follow-up register: closed incidents' review actions, overdue first and said in words,
filtered, counted, exported to CSV that spreadsheets read as Persian, and opened at the review."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import Qt

from desktop import labels
from desktop.views.mainwindow import MainWindow


def _open(win: MainWindow, qtbot) -> None:  # noqa: ANN001
    page = win.follow_ups
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.tabs.setCurrentWidget(page)


def _expected(win: MainWindow) -> dict[str, int]:
    """Counted straight from the database, as the rule says (closed incidents' review tasks)."""
    rows = win.ctx.store.read(lambda c: c.execute(
        "SELECT t.\"column\", t.due_at < strftime('%Y-%m-%dT%H:%M:%f', 'now') FROM tasks t "
        "JOIN incidents i ON i.id = t.incident_id WHERE t.source = 'review' AND NOT t.archived "
        "AND i.status = 'closed'").fetchall())
    found = {"overdue": 0, "open": 0, "done": 0}
    for column, late in rows:
        found["done" if column == "done" else "overdue" if late else "open"] += 1
    return found


def test_the_register_counts_filters_and_says_overdue_in_words(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.follow_ups
    expected = _expected(win)
    assert expected["overdue"] and expected["open"] and expected["done"]  # the demo has each kind
    assert page.model.rowCount() == sum(expected.values())
    assert [r.state for r in page.rows] == sorted((r.state for r in page.rows),
                                                  key=("overdue", "open", "done").index)  # late first
    number = win.ctx.formatter.number
    assert page.counts.text() == page.tr("Overdue: %1 · Open: %2 · Done: %3").replace(
        "%1", number(expected["overdue"])).replace("%2", number(expected["open"])).replace("%3", number(expected["done"]))
    page.which.setCurrentIndex(page.which.findData("overdue"))
    assert page.shown.rowCount() == expected["overdue"]
    first = page.shown.index(0, 0)
    assert first.data() == "گذشته از مهلت" and first.data(Qt.ItemDataRole.ForegroundRole) is not None
    page.which.setCurrentIndex(0)
    assert page.shown.rowCount() == sum(expected.values())


def test_the_csv_reads_back_with_a_bom_and_persian_words(window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.follow_ups
    page.which.setCurrentIndex(page.which.findData("done"))
    out = tmp_path / "پیگیری.csv"
    assert page.export_csv(str(out))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["حادثه", "عنوان حادثه", "اقدام اصلاحی"]
    assert len(rows) == 1 + page.shown.rowCount() and all(r[5] == "انجام‌شده" for r in rows[1:])
    assert all(r[0].startswith("INC-") for r in rows[1:])
    assert page.status.isVisible() and page.status.text().startswith(win.ctx.formatter.number(len(rows) - 1))
    refused = page.export_csv(str(tmp_path / "no-such-folder" / "x.csv"))
    assert not refused and page.status.text() == labels.error("no_folder")


def test_a_double_click_opens_the_incidents_review(window, qtbot) -> None:  # noqa: ANN001
    win = window("en")
    _open(win, qtbot)
    page = win.follow_ups
    index = page.shown.index(0, 2)
    wanted = page.shown.row(index).incident_id
    rect = page.table.visualRect(index)
    with qtbot.waitSignal(win.review.loaded, timeout=10_000):
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # a press, as a hand makes
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.tabs.currentWidget() is win.review and win.ctx.selection.incident_id == wanted
