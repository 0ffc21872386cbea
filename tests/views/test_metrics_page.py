"""The metrics page (issue 17): the figures the service computes, for the period chosen (arrows,
a range typed in Jalali with Persian digits), charts whose axes speak Persian, a bar's
incidents listed and opened, CSV exports, and drills declared through the dialog shown apart."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateTimeEdit, QDialogButtonBox

from desktop import labels
from desktop.services import metrics
from desktop.text.calendar import utcnow
from desktop.views.mainwindow import MainWindow
from desktop.views.metrics import MEASURES, measure_value
from tests.helpers.typing import type_text

PERSIAN = set("۰۱۲۳۴۵۶۷۸۹")
ASCII = set("0123456789")


def _open(win: MainWindow, qtbot) -> None:  # noqa: ANN001
    page = win.metrics
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        win.tabs.setCurrentWidget(page)


def _report(win: MainWindow, period: metrics.Period) -> metrics.Report:
    page = win.metrics
    return win.ctx.store.read(metrics.report, period, utcnow(), page.calendar, page.tz)


def _shown(page, key: str, column: str) -> str:  # noqa: ANN001
    model = page.measures
    return model.index(MEASURES.index(key), model.columns.index(column)).data()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_page_shows_the_services_figures_for_this_month(window, qtbot, lang: str) -> None:  # noqa: ANN001
    win = window(lang)
    _open(win, qtbot)
    page = win.metrics
    period = page.period
    assert period.kind == "month" and period.calendar == ("jalali" if lang == "fa" else "gregorian")
    assert period == metrics.containing(utcnow(), "month", page.calendar, page.tz)
    expected = _report(win, period)
    assert expected.overall.count > 0  # the demo has incidents this month
    f = win.ctx.formatter
    for key in ("count", "mtta", "mttr", "mtbmi"):
        row = page.measures.row_at(MEASURES.index(key))
        assert row.now == measure_value(expected.overall, key)
        assert row.before == measure_value(expected.previous, key)
    assert _shown(page, "count", "now") == f.number(expected.overall.count)
    assert _shown(page, "mttr", "now") == f.duration(expected.overall.mttr_s)
    assert _shown(page, "count", "before") == f.number(expected.previous.count)
    change = _shown(page, "count", "change")  # worded and arrowed, not by colour alone
    before, now = expected.previous.count, expected.overall.count
    if now > before:
        assert change.startswith("▲") and page.measures.tr("▲ %1 more").split("%1")[1] in change
    elif now < before:
        assert change.startswith("▼") and page.measures.tr("▼ %1 less").split("%1")[1] in change
    digits = PERSIAN if lang == "fa" else ASCII
    assert set(c for c in _shown(page, "count", "now") if c.isdigit()) <= digits
    for group in metrics.GROUPS:  # per service, severity and commander: the service's figures
        model = page.group_models[group]
        assert [(r.id, r.figures.count, r.figures.mttr_s) for r in model.rows()] == \
            [(k, v.count, v.mttr_s) for k, v in expected.groups[group]]
    severity = page.group_models["severity"]
    assert severity.index(0, 0).data() == labels.severity(expected.groups["severity"][0][0])  # a word, not a key


def test_the_arrows_step_through_the_months(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.metrics
    this = page.period
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.earlier.click()
    assert page.period == this.previous(page.tz)
    assert page.measures.row_at(0).now == _report(win, page.period).overall.count
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.earlier.click()
    assert page.period == this.previous(page.tz).previous(page.tz)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.later.click()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.later.click()
    assert page.period == this
    with qtbot.waitSignal(page.loaded, timeout=10_000):  # a quarter, then a year
        page.kind.setCurrentIndex(page.kind.findData("quarter"))
    assert page.period == metrics.containing(utcnow(), "quarter", "jalali", page.tz)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.kind.setCurrentIndex(page.kind.findData("year"))
    assert page.period.kind == "year" and page.period_label.text() == page.tr("Year %1").replace(
        "%1", win.ctx.formatter.digits(str(page.period.year)))
    assert page.measures.row_at(0).now == _report(win, page.period).overall.count


def _type_date(edit, year: str, month: str, day: str) -> None:  # noqa: ANN001
    """Typed section by section, as a person tabs through a date field."""
    edit.setFocus()
    for section, digits in ((QDateTimeEdit.Section.YearSection, year), (QDateTimeEdit.Section.MonthSection, month),
                            (QDateTimeEdit.Section.DaySection, day)):
        edit.setSelectedSection(section)
        type_text(edit, digits)  # as a Persian keyboard types it


def test_a_range_typed_in_jalali_with_persian_digits(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.metrics
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.kind.setCurrentIndex(page.kind.findData("range"))
    assert page.first_day.isVisibleTo(page) and page.last_day.isVisibleTo(page)
    _type_date(page.first_day, "۱۴۰۵", "۰۶", "۰۱")
    _type_date(page.last_day, "۱۴۰۵", "۰۹", "۱۵")
    qtbot.waitUntil(lambda: page.period == metrics.between("1405/06/01", "1405/09/15", page.tz), timeout=10_000)
    qtbot.waitUntil(lambda: page.report is not None and page.report.period == page.period, timeout=10_000)
    assert page.first_day.text() == "۱۴۰۵/۰۶/۰۱" and page.status.isHidden()
    expected = _report(win, page.period)
    assert page.measures.row_at(0).now == expected.overall.count > 0
    assert page.period_label.text() == page.tr("%1 to %2").replace("%1", "۱۴۰۵/۰۶/۰۱").replace("%2", "۱۴۰۵/۰۹/۱۵")


def test_the_chart_axes_speak_persian_and_read_right_to_left(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.metrics
    for chart in (page.trend_chart, page.per_service, page.ttr):
        assert chart.values, "a value axis"
        for axis in chart.values:
            shown = "".join(axis.categoriesLabels())
            assert set(c for c in shown if c.isdigit()) <= PERSIAN and any(c in PERSIAN for c in shown)
        assert chart.values[0].alignment() == Qt.AlignmentFlag.AlignRight  # the value axis on the right
    buckets = page.ttr.categories.categories()
    assert buckets == list(reversed(page.bucket_names()))  # ≤ 1 h on the right
    assert all(c in PERSIAN for c in "".join(buckets) if c.isdigit()) and any(c in PERSIAN for c in "".join(buckets))
    months = page.trend_chart.categories.categories()
    assert len(months) == len(page.trend) >= 12
    last = page.trend[-1][0]  # the newest month first from the left: time reads right to left
    assert months[0].startswith(("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
                                 "دی", "بهمن", "اسفند")[last.number - 1])


def _click_bar(qtbot, chart, index: int) -> None:  # noqa: ANN001
    """A real click on the bar shown at ``index`` of the series (left to right)."""
    series = chart.bars
    value = series.barSets()[0].at(index)
    inside = chart.chart().mapToPosition(QPointF(index, value / 2), series)
    point = chart.mapFromScene(chart.chart().mapToScene(inside))
    QTest.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def test_a_bar_clicked_lists_its_incidents_and_a_double_click_opens_one(window, qtbot, qtmodeltester) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.metrics
    qtmodeltester.check(page.measures)
    for model in page.group_models.values():
        qtmodeltester.check(model)
    services = page.report.groups["service"]
    shown = page.per_service.bars.barSets()[0].count()
    assert shown == min(len(services), 10)
    with qtbot.waitSignal(page.per_service.clicked, timeout=5_000) as clicked:
        _click_bar(qtbot, page.per_service, 0)  # the leftmost bar: in Persian the last service
    index = clicked.args[0]
    assert index == shown - 1
    key = services[index][0]
    expected = metrics.members(page.report.rows, "service", key)
    assert [r.id for r in page.members.rows()] == [r.id for r in expected] and expected
    qtmodeltester.check(page.members)
    assert key in page.members_title.text()
    first = page.members.rows()[0]
    cell = page.member_table.visualRect(page.members.index(0, 1)).center()
    qtbot.mouseClick(page.member_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)  # a press, as a hand makes
    qtbot.mouseDClick(page.member_table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert win.ctx.selection.incident_id == first.id
    assert win.tabs.currentWidget() is win.incident


def test_the_csv_exports_read_back_with_a_bom_and_persian_words(window, qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.metrics
    out = tmp_path / "شاخص‌ها.csv"
    assert page.export_csv("figures", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == [page.tr("Group"), page.tr("Name"), page.tr("Major incidents")]
    assert rows[1][0] == page.tr("Overall") and rows[1][2] == str(page.report.overall.count)
    severities = [r[1] for r in rows if r[0] == page.tr("Severity")]
    assert severities == [labels.severity(k) for k, _f in page.report.groups["severity"]]
    assert all(any("\u0600" <= c <= "\u06ff" for c in s) for s in severities)  # in Persian words
    out = tmp_path / "incidents.csv"
    assert page.export_csv("incidents", str(out))
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0][0] == page.tr("Reference") and len(rows) == 1 + len(page.report.rows)
    assert {r[0] for r in rows[1:]} == {r.ref for r in page.report.rows}
    assert rows[1][4] == win.ctx.formatter.datetime(page.report.rows[0].declared_at)  # Jalali, Persian digits


def test_an_exercise_declared_in_the_dialog_is_shown_apart_not_counted(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    _open(win, qtbot)
    page = win.metrics
    before = page.report
    dialog = win.declare(proposed=False)
    type_text(dialog.title, "تمرین قطعی پایگاه‌داده")
    dialog.exercise.setChecked(True)
    with qtbot.waitSignal(dialog.declared, timeout=10_000) as declared:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    incident_id = declared.args[0]
    assert win.ctx.store.read(lambda c: c.execute("SELECT exercise FROM incidents WHERE id = ?",
                                                  (incident_id,)).fetchone()[0]) == 1
    qtbot.waitUntil(lambda: page.report is not before and incident_id in {r.id for r in page.report.exercises},
                    timeout=10_000)
    assert page.report.overall.count == before.overall.count  # not counted
    assert page.measures.row_at(0).now == before.overall.count
    assert incident_id not in {r.id for r in page.report.rows}
    number = win.ctx.formatter.number(len(page.report.exercises))
    assert page.exercises.text() == page.tr(
        "%1 exercises (drills) in this period, not counted in the figures").replace("%1", number)
    page.show_exercises.click()
    assert incident_id in {r.id for r in page.members.rows()}
    # The board says it in a word; the incident page shows the box ticked.
    qtbot.waitUntil(lambda: win.board.model.row_of(incident_id) is not None, timeout=10_000)
    row = win.board.model.row_of(incident_id)
    title = win.board.model.index(row, win.board.model.columns.index("title")).data()
    assert title == win.board.model.tr("Exercise: %1").replace("%1", labels.user_text("تمرین قطعی پایگاه‌داده"))
    qtbot.waitUntil(lambda: win.incident.detail is not None and win.incident.detail.fields["id"] == incident_id,
                    timeout=10_000)
    assert win.incident.widgets["exercise"].isChecked()


def test_the_incident_page_marks_and_unmarks_a_drill(window, qtbot) -> None:  # noqa: ANN001
    win = window("fa")
    page = win.incident
    qtbot.waitUntil(lambda: page.detail is not None, timeout=10_000)
    incident_id = page.detail.fields["id"]
    box = page.widgets["exercise"]
    assert not box.isChecked()
    box.setChecked(True)
    assert page.changed_fields() == {"exercise": True}
    with qtbot.waitSignal(win.ctx.bus.changed, timeout=10_000):
        page.save()
    assert win.ctx.store.read(lambda c: c.execute("SELECT exercise FROM incidents WHERE id = ?",
                                                  (incident_id,)).fetchone()[0]) == 1
    qtbot.waitUntil(lambda: page.detail.fields.get("exercise") == 1, timeout=10_000)
    assert page.changed_fields() == {}
