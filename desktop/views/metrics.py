"""The metrics page (issue 17): MTTA, MTTR, the count of major incidents, the mean time between
them, the time in each phase and SLA breaches for a calendar period — each beside the previous
period's, with its change said in a word as well as an arrow — overall and per service, severity
and commander; charts of the trend per month, per service and of the time to resolve; the
incidents behind a clicked bar; CSV exports. Exercises (drills) are shown apart, never counted.

The figures are computed on the database worker (services/metrics.report, Qt-free): the GUI
thread never waits. In Persian the charts read right to left (the category axis reversed, the
value axis on the right) and every axis label is written with the formatter (Persian digits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis, QBarSeries, QBarSet, QCategoryAxis, QChartView, QLineSeries,
)
from PySide6.QtCore import QDate, QEvent, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFileDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QTabWidget,
    QTableView, QToolButton, QVBoxLayout, QWidget,
)

from desktop import labels
from desktop.context import AppContext
from desktop.services import metrics
from desktop.services.changes import Changes
from desktop.services.metrics import Counted, Figures, Period, Report
from desktop.text.calendar import MONTHS_FA, MONTHS_GREGORIAN_EN, MONTHS_GREGORIAN_FA, MONTHS_JALALI_EN, utcnow
from desktop.text.display import fill
from desktop.text.normalize import isolate
from desktop.views import inputs
from desktop.views.elided import never_widen
from desktop.views.snapshot_model import SnapshotModel

KINDS = ("month", "quarter", "year", "range")
MEASURES = ("count", "mtta", "mttr", "mtbmi", "identification", "containment", "resolution", "review",
            "sla_breaches")
HIGHER_IS_BETTER = frozenset({"mtbmi"})  # more time between major incidents is better; the rest worse
WORSE, BETTER = QColor("#b71c1c"), QColor("#1b5e20")
BAR, LINE = QColor("#1565c0"), QColor("#e65100")
TOP_SERVICES = 10  # bars in the per-service chart
TREND_MONTHS = 12  # the trend chart shows at least this many months, up to the period's last


@dataclass(frozen=True, slots=True)
class PageData:
    """What the page shows for a period: the report, and the trend of the months up to its end."""

    report: Report
    trend: list[tuple[Period, Figures]]
    trend_rows: list[Counted]  # the incidents of the trend's months (a month's bar clicked)


def page_data(conn: Any, period: Period, now: dt.datetime, calendar: str, tz: str) -> PageData:
    """Runs on the database worker: metrics.report for the period and, when the period spans
    fewer months than TREND_MONTHS (a month, a quarter), the trend of the months before it too."""
    found = metrics.report(conn, period, now, calendar, tz)
    if len(found.trend) >= TREND_MONTHS or period.end is None:
        return PageData(found, found.trend, found.rows)
    months = [metrics.containing(min(period.end, now) - dt.timedelta(seconds=1), "month", calendar, tz)]
    while len(months) < TREND_MONTHS:
        before = months[0].previous(tz)
        assert before is not None
        months.insert(0, before)
    rows = metrics.incidents(conn, Period(months[0].start, months[-1].end))
    return PageData(found, metrics.monthly(rows, months, now), rows)


def measure_value(figs: Figures | None, key: str) -> float | None:
    """One measure of a period's figures: a count, or a duration in seconds (None: none)."""
    if figs is None:
        return None
    if key == "count":
        return figs.count
    if key == "sla_breaches":
        return figs.sla_breaches
    if key in metrics.PHASES:
        return figs.phase_s.get(key)
    return getattr(figs, f"{key}_s")


@dataclass(frozen=True, slots=True)
class MeasureRow:
    id: str  # the measure (MEASURES)
    now: float | None
    before: float | None


@dataclass(frozen=True, slots=True)
class GroupRow:
    id: str  # the group's key: a service's or commander's name, a severity key; "" none
    figures: Figures


def change(now: float | None, before: float | None) -> float | None:
    """The change in per cent from ``before`` to ``now`` (None when it cannot be said)."""
    if now is None or before is None or before == 0:
        return None
    return (now - before) / before * 100


class MeasureModel(SnapshotModel):
    """The figures of the period, the previous period's and the change, one measure a row."""

    columns = ("measure", "now", "before", "change")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole})

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"measure": self.tr("Measure"), "now": self.tr("This period"), "before": self.tr("Previous period"),
                "change": self.tr("Change")}[column]

    def name(self, key: str) -> str:
        if key in metrics.PHASES:
            return fill(self.tr("Time in %1"), labels.phase(key))
        return {"count": self.tr("Major incidents"), "mtta": self.tr("MTTA (mean time to acknowledge)"),
                "mttr": self.tr("MTTR (mean time to resolve)"),
                "mtbmi": self.tr("Mean time between major incidents"),
                "sla_breaches": self.tr("SLA breaches")}[key]

    def value(self, key: str, value: float | None) -> str:
        if value is None:
            return self.tr("—")
        if key in ("count", "sla_breaches"):
            return self.ctx.formatter.number(value)
        return self.ctx.formatter.duration(value)

    def change_text(self, row: MeasureRow) -> str:
        if row.now is None or row.before is None:
            return self.tr("—")
        if row.now == row.before:
            return self.tr("= no change")
        percent = change(row.now, row.before)
        if percent is None:  # from nothing to something
            return self.tr("▲ up from none")
        amount = self.ctx.formatter.number(abs(round(percent))) + self.ctx.formatter.locale.percent()
        return fill(self.tr("▲ %1 more") if percent > 0 else self.tr("▼ %1 less"), amount)

    def cell(self, row: MeasureRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if column == "measure" else Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole:
            if column != "change" or row.now is None or row.before is None or row.now == row.before:
                return None
            better = (row.now > row.before) == (row.id in HIGHER_IS_BETTER)
            return BETTER if better else WORSE
        if role == Qt.ItemDataRole.ToolTipRole:
            if column != "change" or row.now is None or row.before is None or row.now == row.before:
                return None
            better = (row.now > row.before) == (row.id in HIGHER_IS_BETTER)
            return self.tr("Better than the previous period") if better else self.tr("Worse than the previous period")
        if column == "measure":
            return self.name(row.id)
        if column == "now":
            return self.value(row.id, row.now)
        if column == "before":
            return self.value(row.id, row.before)
        return self.change_text(row)


class GroupModel(SnapshotModel):
    """One group's figures per service, severity or commander."""

    columns = ("name", "count", "mtta", "mttr", "mtbmi", "sla_breaches")
    roles = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole})

    def __init__(self, ctx: AppContext, group: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx, self.group = ctx, group

    def header(self, column: str) -> str:
        return {"name": {"service": self.tr("Service"), "severity": self.tr("Severity"),
                         "commander": self.tr("Incident commander")}[self.group],
                "count": self.tr("Major incidents"), "mtta": self.tr("MTTA"), "mttr": self.tr("MTTR"),
                "mtbmi": self.tr("Mean time between"), "sla_breaches": self.tr("SLA breaches")}[column]

    def key_name(self, key: str) -> str:
        if not key:
            return self.tr("None")
        return labels.severity(key) if self.group == "severity" else labels.user_text(key)

    def cell(self, row: GroupRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if column == "name" else Qt.AlignmentFlag.AlignCenter
        if column == "name":
            return self.key_name(row.id)
        value = measure_value(row.figures, column)
        if value is None:
            return self.tr("—")
        if column in ("count", "sla_breaches"):
            return self.ctx.formatter.number(value)
        return self.ctx.formatter.duration(value)


class MemberModel(SnapshotModel):
    """The incidents behind a bar (or a group), one a row; a double click opens one."""

    columns = ("ref", "title", "severity", "status", "declared", "tta", "ttr")

    def __init__(self, ctx: AppContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def header(self, column: str) -> str:
        return {"ref": self.tr("Reference"), "title": self.tr("Title"), "severity": self.tr("Severity"),
                "status": self.tr("Status"), "declared": self.tr("Declared"), "tta": self.tr("Time to acknowledge"),
                "ttr": self.tr("Time to resolve")}[column]

    def cell(self, row: Counted, column: str, role: int) -> Any:
        f = self.ctx.formatter
        if column == "ref":
            return row.ref  # an identifier: its digits stay Latin
        if column == "title":
            return labels.user_text(row.title)
        if column == "severity":
            return labels.severity(row.severity)
        if column == "status":
            return labels.status(row.status)
        if column == "declared":
            return f.datetime(row.declared_at)
        seconds = row.tta_s if column == "tta" else row.ttr_s
        return f.duration(seconds) if seconds is not None else self.tr("—")


def nice_ticks(top: float, steps: int = 5) -> list[float]:
    """Round values from 0 to at least ``top`` for a value axis (1, 2, 5 × 10ⁿ apart)."""
    if top <= 0:
        return [0, 1]
    raw = top / steps
    magnitude = 10 ** len(str(int(raw))) / 10 if raw >= 1 else 1
    step = next((m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw), 10 * magnitude)
    if top <= steps and raw < 1:
        step = 1
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


class Chart(QChartView):
    """A chart whose categories can be clicked; its axes written by the formatter."""

    clicked = Signal(int)  # the category clicked (its index)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart().setMargins(QMargins(4, 4, 4, 4))
        self.chart().legend().setVisible(False)
        self.setMinimumHeight(220)
        self.categories: QBarCategoryAxis | None = None
        self.values: list[QCategoryAxis] = []
        self.bars: QBarSeries | None = None
        self.reversed = False

    def clear(self) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
            axis.deleteLater()
        self.categories, self.values, self.bars = None, [], None

    def value_axis(self, ctx: AppContext, top: float, word, side: Qt.AlignmentFlag) -> QCategoryAxis:  # noqa: ANN001
        """A value axis whose labels are ours (QValueAxis writes Latin digits whatever the locale)."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        ticks = nice_ticks(top)
        axis.setRange(0, ticks[-1])
        axis.setStartValue(0)
        for tick in ticks:
            axis.append(word(tick), tick)
        axis.setLabelsFont(self.font())
        self.chart().addAxis(axis, side)
        self.values.append(axis)
        return axis

    def show_bars(self, ctx: AppContext, names: list[str], counts: list[float], title: str,
                  line: list[float | None] | None = None, line_word=None) -> None:  # noqa: ANN001
        """Bars of ``counts`` over ``names``; with ``line``, a second series (hours) on its own axis."""
        self.clear()
        chart = self.chart()
        chart.setTitle(title)
        chart.setTitleFont(self.font())
        rtl = ctx.lang == "fa"
        # Qt Charts does not reverse an axis under bars: in Persian the data is laid out right to
        # left here, and a click's index turned back (``_clicked``).
        self.reversed = rtl
        if rtl:
            names, counts = names[::-1], counts[::-1]
            line = line[::-1] if line is not None else None
        series = QBarSeries()
        bar_set = QBarSet(title)
        bar_set.append([float(c) for c in counts])
        bar_set.setColor(BAR)
        series.append(bar_set)
        series.clicked.connect(lambda index, _set: self.clicked.emit(len(counts) - 1 - index if rtl else index))
        chart.addSeries(series)
        self.bars = series
        axis = QBarCategoryAxis()
        axis.append(names or [""])
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        axis.setLabelsFont(small)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis)
        self.categories = axis
        near, far = (Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft) if rtl else \
            (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight)
        series.attachAxis(self.value_axis(ctx, max(counts, default=0), lambda v: ctx.formatter.number(v), near))
        if line is not None:
            hours = QLineSeries()
            hours.setPen(QPen(LINE, 2.5))
            hours.setPointsVisible(True)
            for n, value in enumerate(line):
                if value is not None:
                    hours.append(n, value)
            chart.addSeries(hours)
            hours.attachAxis(axis)
            hours.attachAxis(self.value_axis(ctx, max((v for v in line if v is not None), default=0), line_word, far))
            self.values[-1].setLabelsColor(LINE)


class MetricsPage(QWidget):
    loaded = Signal()  # a period's figures are shown
    open_incident = Signal(str)  # an incident double-clicked in the list

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self.trend: list[tuple[Period, Figures]] = []
        self.trend_rows: list[Counted] = []
        self.period: Period | None = None
        self._asked = 0  # the latest query's number: an older answer is dropped
        self._sized = False
        self._stale = False
        self.listed: tuple[str, object] | None = None  # what the list below shows (chart, index)

        bar = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.currentIndexChanged.connect(lambda _i: self.choose(self.kind.currentData()))
        self.earlier = QToolButton(self)
        self.earlier.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.earlier.clicked.connect(lambda: self.step(-1))
        self.later = QToolButton(self)
        self.later.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.later.clicked.connect(lambda: self.step(1))
        self.period_label = QLabel(self)
        self.period_label.setStyleSheet("font-weight: bold; font-size: 13pt; padding: 0 8px;")
        self.first_day = self._date_edit()
        self.last_day = self._date_edit()
        self.range_to = QLabel(self)
        self.exercises = QLabel(self)
        self.exercises.setStyleSheet("color: #4e342e; background: #fff3e0; padding: 3px 6px;")
        never_widen(self.exercises)
        self.show_exercises = QPushButton(self)
        self.show_exercises.clicked.connect(self.list_exercises)
        self.export_figures = QPushButton(self)
        self.export_figures.clicked.connect(lambda: self.export_csv("figures"))
        self.export_incidents = QPushButton(self)
        self.export_incidents.clicked.connect(lambda: self.export_csv("incidents"))
        for widget in (self.kind, self.earlier, self.period_label, self.later, self.first_day, self.range_to,
                       self.last_day):
            bar.addWidget(widget)
        bar.addWidget(self.exercises, 1)
        for widget in (self.show_exercises, self.export_figures, self.export_incidents):
            bar.addWidget(widget)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        never_widen(self.status)
        self.status.hide()

        self.measures = MeasureModel(ctx, self)
        self.measure_table = self._table(self.measures)
        self.measure_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.measure_table.setMinimumHeight(  # every measure in sight, no scrolling
            self.measure_table.verticalHeader().defaultSectionSize() * len(MEASURES)
            + self.measure_table.horizontalHeader().sizeHint().height() + 2 * self.measure_table.frameWidth() + 2)
        self.group_models = {group: GroupModel(ctx, group, self) for group in metrics.GROUPS}
        self.group_tabs = QTabWidget(self)
        self.group_tables: dict[str, QTableView] = {}
        for group, model in self.group_models.items():
            table = self._table(model)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.clicked.connect(lambda index, g=group: self.list_group(g, index.row()))
            self.group_tables[group] = table
            self.group_tabs.addTab(table, "")
        self.trend_chart = Chart(self)
        self.trend_chart.clicked.connect(lambda i: self.list_bar("trend", i))
        self.per_service = Chart(self)
        self.per_service.clicked.connect(lambda i: self.list_bar("service", i))
        self.ttr = Chart(self)
        self.ttr.clicked.connect(lambda i: self.list_bar("ttr", i))
        self.members_title = QLabel(self)
        self.members_title.setStyleSheet("font-weight: bold;")
        never_widen(self.members_title)
        self.members = MemberModel(ctx, self)
        self.member_table = self._table(self.members)
        self.member_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.member_table.doubleClicked.connect(self._opened)

        grid = QGridLayout()
        grid.addWidget(self.measure_table, 0, 0)
        grid.addWidget(self.group_tabs, 0, 1, 1, 2)
        grid.addWidget(self.trend_chart, 1, 0)
        grid.addWidget(self.per_service, 1, 1)
        grid.addWidget(self.ttr, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(0, 5)
        grid.setRowStretch(1, 6)
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addLayout(grid, 3)
        layout.addWidget(self.members_title)
        layout.addWidget(self.member_table, 1)
        # In a small window the page scrolls: it never makes the window larger than the screen.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        ctx.bus.changed.connect(self._on_changed)
        self.retranslate()
        self._show_range_fields()

    # -- parts
    def _table(self, model: SnapshotModel) -> QTableView:
        """A read-only table as every page shows its snapshots (snapshot_model.read_only_table),
        placed in this page's grid rather than filling it."""
        table = QTableView(self)
        table.setModel(model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.setMinimumHeight(120)
        return table

    def _date_edit(self) -> inputs.DateTimeEdit:
        edit = inputs.DateTimeEdit(self)
        # Numbers read left to right in Persian too (see the incident page): direction before format.
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.setDisplayFormat("yyyy/MM/dd")
        edit.setCalendarPopup(True)
        edit.dateChanged.connect(lambda _d: self._range_edited())
        edit.unreadable.connect(lambda: self._say(self.tr("The date could not be read: type it as year/month/day.")))
        return edit

    @property
    def calendar(self) -> str:
        return self.ctx.formatter.display.primary_calendar

    @property
    def tz(self) -> str:
        return self.ctx.formatter.display.timezone

    # -- the period
    def choose(self, kind: str | None) -> None:
        """This month, quarter or year (the one holding today), or the range in the two fields."""
        if kind is None:
            return
        self._show_range_fields()
        if kind == "range":
            if self.period is not None and self.period.start is not None and self.period.end is not None:
                self._show_range(self.period)
            self._range_edited(force=True)
            return
        self.set_period(metrics.containing(utcnow(), kind, self.calendar, self.tz))

    def step(self, direction: int) -> None:
        """The period before (-1) or after (1) the one shown."""
        period = self.period
        if period is None or period.start is None or period.end is None:
            return
        if direction < 0:
            found = period.previous(self.tz)
        elif period.kind in ("month", "quarter", "year"):
            found = metrics.containing(period.end, period.kind, period.calendar, self.tz)
        else:
            found = Period(period.end, period.end + (period.end - period.start))
        if found is not None:
            if found.kind == "range":
                self._show_range(found)
            self.set_period(found)

    def _show_range(self, period: Period) -> None:
        """The two fields show a range's first and last day."""
        assert period.start is not None and period.end is not None
        for edit, moment in ((self.first_day, period.start), (self.last_day, period.end - dt.timedelta(seconds=1))):
            local = self.ctx.formatter.display.local(moment).date()
            edit.blockSignals(True)
            edit.setDate(QDate(local.year, local.month, local.day))
            edit.blockSignals(False)

    def _range_edited(self, force: bool = False) -> None:
        if self.kind.currentData() != "range" and not force:
            return
        first = self.first_day.date().toPython()
        last = self.last_day.date().toPython()
        try:
            period = metrics.between(first.isoformat(), last.isoformat(), self.tz)
        except metrics.BadPeriod:
            self._say(self.tr("The range ends before it starts."))
            return
        self.status.hide()
        self.set_period(period)

    def set_period(self, period: Period) -> None:
        """Shows ``period``: its figures are asked of the worker; the page repaints when they come."""
        self.period = period
        if period.kind != "range" and self.kind.currentData() != period.kind:
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(KINDS.index(period.kind))
            self.kind.blockSignals(False)
            self._show_range_fields()
        self.period_label.setText(self.period_name(period))
        self.reload()

    def _show_range_fields(self) -> None:
        ranged = self.kind.currentData() == "range"
        for widget in (self.first_day, self.range_to, self.last_day):
            widget.setVisible(ranged)

    def period_name(self, period: Period) -> str:
        f = self.ctx.formatter
        fa = self.ctx.lang == "fa"
        if period.kind == "month":
            if period.calendar == "jalali":
                months = MONTHS_FA if fa else MONTHS_JALALI_EN
            else:
                months = MONTHS_GREGORIAN_FA if fa else MONTHS_GREGORIAN_EN
            return f"{months[period.number - 1]} {f.digits(str(period.year))}"
        if period.kind == "quarter":
            return fill(self.tr("Quarter %1 of %2"), f.digits(str(period.number)), f.digits(str(period.year)))
        if period.kind == "year":
            return fill(self.tr("Year %1"), f.digits(str(period.year)))
        if period.start is None or period.end is None:
            return self.tr("All time")
        return fill(self.tr("%1 to %2"), f.date(period.start), f.date(period.end - dt.timedelta(seconds=1)))

    # -- loading
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        if self.period is None:
            self.choose(self.kind.currentData())
        elif self._stale:
            self.reload()
        super().showEvent(event)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self.period is None or not any(changes.touches(e) for e in (
                "incident", "role_assignment", "incident_service", "person", "service")):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def reload(self) -> None:
        if self.period is None:
            return
        self._stale = False
        self._asked += 1
        asked = self._asked
        self.ctx.query(page_data, self.period, utcnow(), self.calendar, self.tz,
                       on_done=lambda data: asked == self._asked and self._take(data))

    def _take(self, data: PageData) -> None:
        found = self.report = data.report
        self.trend, self.trend_rows = data.trend, data.trend_rows
        self.measures.set_rows([MeasureRow(key, measure_value(found.overall, key), measure_value(found.previous, key))
                                for key in MEASURES])
        for group, model in self.group_models.items():
            model.set_rows([GroupRow(key, figs) for key, figs in found.groups[group]])
        self._say_exercises()
        self._draw()
        if not self._sized:  # the columns fitted to the first figures (not on every change: it measures every cell)
            self._sized = True
            for table in (self.measure_table, *self.group_tables.values(), self.member_table):
                table.resizeColumnsToContents()
        if self.listed is not None:  # the list below follows the new figures
            what, index = self.listed
            if what == "exercises":
                self.list_exercises()
            elif what in metrics.GROUPS:
                self._list(what, index, metrics.members(found.rows, what, str(index)))
            else:
                self.list_bar(what, int(index))  # type: ignore[arg-type]
        else:
            self.members.set_rows([])
            self.members_title.setText(self.tr("Click a bar or a row to list its incidents; double-click one to open it."))
        self.loaded.emit()

    def _say_exercises(self) -> None:
        found = self.report.exercises if self.report else []
        number = self.ctx.formatter.number(len(found))
        self.exercises.setText(fill(self.tr("%1 exercises (drills) in this period, not counted in the figures"), number)
                               if found else self.tr("No exercises (drills) in this period"))
        self.show_exercises.setEnabled(bool(found))

    # -- charts
    def _draw(self) -> None:
        found = self.report
        if found is None:
            return
        f = self.ctx.formatter
        fa = self.ctx.lang == "fa"
        months = MONTHS_FA if fa else MONTHS_JALALI_EN
        if self.calendar == "gregorian":
            months = MONTHS_GREGORIAN_FA if fa else MONTHS_GREGORIAN_EN
        names = []
        for month, _figs in self.trend:
            name = months[month.number - 1]  # the year is in the tooltip and the list's title
            if not fa and self.calendar == "gregorian":
                name = name[:3]  # Jan, Feb …: whole, where a twelfth of the chart's width elided the names
            if len(self.trend) > 12:
                name += f" {f.digits(str(month.year % 100).zfill(2))}"
            names.append(name if name not in names else f"{name} ")
        self.trend_chart.show_bars(self.ctx, names, [figs.count for _m, figs in self.trend],
                             self.tr("Major incidents per month (bars) and MTTR in hours (line)"),
                             line=[figs.mttr_s / 3600 if figs.mttr_s is not None else None for _m, figs in self.trend],
                             line_word=lambda v: fill(self.tr("%1 h"), f.number(v)))
        services = found.groups["service"][:TOP_SERVICES]
        self.per_service.show_bars(self.ctx, self._unique([self._service_name(key) for key, _f in services]),
                                   [figs.count for _k, figs in services], self.tr("Major incidents per service"))
        self.ttr.show_bars(self.ctx, self.bucket_names(), [float(n) for n in found.ttr_buckets],
                           self.tr("Time to resolve (incidents)"))

    @staticmethod
    def _unique(names: list[str]) -> list[str]:
        """Category labels must differ (QBarCategoryAxis drops a repeated one)."""
        out: list[str] = []
        for name in names:
            while name in out:
                name += " "
            out.append(name)
        return out

    def _service_name(self, key: str) -> str:
        name = key or self.tr("None")
        return name if len(name) <= 18 else name[:17] + "…"

    def bucket_names(self) -> list[str]:
        f = self.ctx.formatter
        limits = metrics.TTR_BUCKETS_H
        names = [fill(self.tr("≤ %1 h"), f.number(limits[0]))]
        names += [fill(self.tr("%1–%2 h"), f.number(a), f.number(b)) for a, b in zip(limits, limits[1:])]
        names.append(fill(self.tr("> %1 h"), f.number(limits[-1])))
        return names

    # -- the list below
    def list_bar(self, chart: str, index: int) -> None:
        found = self.report
        if found is None:
            return
        if chart == "trend":
            if not 0 <= index < len(self.trend):
                return
            month = self.trend[index][0]
            rows = [r for r in self.trend_rows if month.start is not None and month.end is not None
                    and month.start <= r.declared_at < month.end]
            title = self.period_name(month)
        elif chart == "service":
            services = found.groups["service"][:TOP_SERVICES]
            if not 0 <= index < len(services):
                return
            key = services[index][0]
            rows = metrics.members(found.rows, "service", key)
            title = key or self.tr("None")
        else:
            if not 0 <= index <= len(metrics.TTR_BUCKETS_H):
                return
            low = ([0, *metrics.TTR_BUCKETS_H][index]) * 3600
            high = metrics.TTR_BUCKETS_H[index] * 3600 if index < len(metrics.TTR_BUCKETS_H) else None
            rows = [r for r in found.rows if r.ttr_s is not None and (index == 0 or r.ttr_s > low)
                    and (high is None or r.ttr_s <= high)]
            title = self.bucket_names()[index]
        self.listed = (chart, index)
        self._show_members(title, rows)

    def list_group(self, group: str, row: int) -> None:
        model = self.group_models[group]
        if self.report is None or not 0 <= row < model.rowCount():
            return
        key = model.row_at(row).id
        self._list(group, key, metrics.members(self.report.rows, group, key))

    def _list(self, group: str, key: object, rows: list[Counted]) -> None:
        self.listed = (group, key)
        self._show_members(self.group_models[group].key_name(str(key)), rows)

    def list_exercises(self) -> None:
        if self.report is None:
            return
        self.listed = ("exercises", None)
        self._show_members(self.tr("Exercises (drills), not counted"), self.report.exercises)

    def _show_members(self, title: str, rows: list[Counted]) -> None:
        self.members.set_rows(rows)
        self.members_title.setText(fill(self.tr("%1: %2 incidents (double-click one to open it)"), title,
                                        self.ctx.formatter.number(len(rows))))

    def _opened(self, index: Any) -> None:
        if index.isValid():
            incident_id = self.members.row_at(index.row()).id
            self.ctx.selection.set_incident(incident_id)
            self.open_incident.emit(incident_id)

    # -- export
    def words(self, key: str) -> str:
        return {"group": self.tr("Group"), "name": self.tr("Name"), "count": self.tr("Major incidents"),
                "mtta": self.tr("MTTA (seconds)"), "mttr": self.tr("MTTR (seconds)"),
                "mtbmi": self.tr("Mean time between major incidents (seconds)"),
                "sla_breaches": self.tr("SLA breaches"), "previous_count": self.tr("Previous period: major incidents"),
                "previous_mttr": self.tr("Previous period: MTTR (seconds)"), "overall": self.tr("Overall"),
                "service": self.tr("Service"), "severity": self.tr("Severity"),
                "commander": self.tr("Incident commander"), "none": self.tr("None"), "ref": self.tr("Reference"),
                "title": self.tr("Title"), "status": self.tr("Status"), "declared": self.tr("Declared"),
                "declared_iso": self.tr("Declared (UTC, ISO 8601)"), "tta": self.tr("Time to acknowledge (seconds)"),
                "ttr": self.tr("Time to resolve (seconds)"), "services": self.tr("Services")}[key]

    @staticmethod
    def _label(kind: str, key: str) -> str:
        return labels.severity(key) if kind == "severity" else labels.status(key)

    def export_csv(self, what: str, path: str | None = None) -> bool:
        """Writes the figures (``figures``) or the incidents behind them (``incidents``) as CSV
        (UTF-8 with a byte-order mark, words in the user's language); says where, or why not."""
        from desktop.files import error_code, write_atomically

        if self.report is None:
            return False
        if path is None:
            name = self.tr("metrics") if what == "figures" else self.tr("metrics-incidents")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the metrics"), name + ".csv",
                                                  self.tr("CSV files (*.csv)"))
            if not path:
                return False
        if what == "figures":
            rows = metrics.csv_rows(self.report, self.words, label=self._label)
        else:
            rows = metrics.incident_csv_rows(self.report, self.words, self.ctx.formatter.datetime, label=self._label)
        try:
            write_atomically(path, metrics.to_csv(rows))
        except OSError as exc:
            self._say(labels.error(error_code(exc)), error=True)
            return False
        self._say(fill(self.tr("%1 rows written to %2."), self.ctx.formatter.number(len(rows) - 1),
                       isolate(path, rtl=False)))
        return True

    def _say(self, text: str, error: bool = True) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b71c1c;" if error else "")
        self.status.show()

    def retranslate(self) -> None:
        fa = self.ctx.lang == "fa"
        current = self.kind.currentData() or "month"
        self.kind.blockSignals(True)
        self.kind.clear()
        for key, word in zip(KINDS, (self.tr("Month"), self.tr("Quarter"), self.tr("Year"), self.tr("Date range"))):
            self.kind.addItem(word, key)
        self.kind.setCurrentIndex(KINDS.index(current))
        self.kind.blockSignals(False)
        self.earlier.setText(self.tr("Previous"))
        self.later.setText(self.tr("Next"))
        # Earlier is to the right in Persian, where time reads right to left.
        self.earlier.setArrowType(Qt.ArrowType.RightArrow if fa else Qt.ArrowType.LeftArrow)
        self.later.setArrowType(Qt.ArrowType.LeftArrow if fa else Qt.ArrowType.RightArrow)
        self.range_to.setText(self.tr("to"))
        for edit in (self.first_day, self.last_day):
            edit.blockSignals(True)
            edit.follow(self.ctx.formatter)
            edit.blockSignals(False)
        self.show_exercises.setText(self.tr("List the exercises"))
        self.export_figures.setText(self.tr("Export the figures (CSV)…"))
        self.export_incidents.setText(self.tr("Export the incidents (CSV)…"))
        for n, group in enumerate(metrics.GROUPS):
            self.group_tabs.setTabText(n, {"service": self.tr("Per service"), "severity": self.tr("Per severity"),
                                           "commander": self.tr("Per incident commander")}[group])
        for model in (self.measures, self.members, *self.group_models.values()):
            model.retranslate()
        if self.period is not None:
            if self.period.kind != "range" and self.period.calendar != self.calendar:
                self.choose(self.period.kind)  # the language's calendar: this month in it
            else:
                self.period_label.setText(self.period_name(self.period))
                self._say_exercises()
                self._draw()
        if not self.members.rowCount() and self.listed is None:
            self.members_title.setText(self.tr("Click a bar or a row to list its incidents; double-click one to open it."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
