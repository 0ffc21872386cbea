"""The monthly major-incident report PDF: a month's figures beside the month before, per service,
severity and commander, the trend over twelve months, the distribution of time to resolve, the
month's major incidents with their postmortems, and the month's exercises apart (never counted).

Persian first, by the postmortem's rules (desktop/reports/postmortem.py): shaped, reordered per
line, tables mirrored, charts right to left, Persian digits for every number the report writes,
Vazirmatn embedded, written atomically. The figures are desktop.services.metrics' own."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from sqlite3 import Connection

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from desktop.reports import month_charts, shaping
from desktop.reports.flowables import MUTED, Rule, Text, numbered_canvas, register_fonts, table
from desktop.reports.postmortem import WIDTH, ReportError, write_document  # noqa: F401 - ReportError: the CLI's
from desktop.reports.words import Words
from desktop.services import metrics
from desktop.services.metrics import Figures, Period
from desktop.text.calendar import MONTHS_FA, MONTHS_GREGORIAN_EN, MONTHS_GREGORIAN_FA, MONTHS_JALALI_EN
from desktop.text.display import DisplayFormat, compose, symbols
from desktop.text.normalize import digits_to_ascii

__all__ = ["ReportError", "MonthlyData", "load", "read_month", "last_full_month", "write"]

TREND_MONTHS = 12
SERVICES_CHARTED = 12
DASH = "—"
_MONTH = re.compile(r"^\s*(\d{3,4})\s*[-/.]\s*(\d{1,2})\s*$")


# -- the month

def read_month(text: str, tz: str = "Asia/Tehran") -> Period:
    """A month typed as year/month: Jalali (a year before 1700: 1405/08) or Gregorian (2026/11,
    2026-11), digits in any script; metrics.BadPeriod("bad_month") otherwise."""
    found = _MONTH.match(digits_to_ascii(text or ""))
    if not found:
        raise metrics.BadPeriod("bad_month", text)
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12:
        raise metrics.BadPeriod("bad_month", text)
    return metrics.month_of(year, month, "jalali" if year < 1700 else "gregorian", tz)


def last_full_month(now: dt.datetime, calendar: str, tz: str = "Asia/Tehran") -> Period:
    """The month before the one ``now`` is in (the default of the report)."""
    return metrics.containing(now, "month", calendar, tz).previous(tz)  # type: ignore[return-value]


def month_name(period: Period, lang: str) -> str:
    """«آبان ۱۴۰۵», «November 2026», «Aban 1405»: the month in its own calendar."""
    if period.calendar == "jalali":
        names = MONTHS_FA if lang == "fa" else MONTHS_JALALI_EN
    else:
        names = MONTHS_GREGORIAN_FA if lang == "fa" else MONTHS_GREGORIAN_EN
    text = f"{names[period.number - 1]} {period.year}"
    return DisplayFormat(lang).digits(text)


def postmortem_name(ref: str | None) -> str:
    """The file name `crisisroom export-postmortem` (and its dialog) suggests for an incident's
    postmortem: desktop/views/export_postmortem.py ``suggested_name``, which a test compares."""
    return f"{ref or 'incident'}-postmortem.pdf"


# -- what the report reads

@dataclass(frozen=True)
class MonthlyData:
    report: metrics.Report  # the month's: figures, the month before, groups, rows, exercises
    trend: list[tuple[Period, Figures]]  # the twelve months ending with this one
    now: dt.datetime
    tz: str = "Asia/Tehran"


def load(conn: Connection, month: Period, now: dt.datetime, tz: str = "Asia/Tehran") -> MonthlyData:
    """One snapshot: metrics.report for the month, and the figures of the twelve months to it."""
    found = metrics.report(conn, month, now, month.calendar, tz)
    months = [month]
    while len(months) < TREND_MONTHS:
        months.insert(0, months[0].previous(tz))  # type: ignore[arg-type]
    rows = metrics.incidents(conn, Period(months[0].start, month.end))
    return MonthlyData(found, metrics.monthly(rows, months, now), now, tz)


# -- numbers as the report writes them (the tests compare with these)

def duration(value: float | None, f: DisplayFormat) -> str:
    return DASH if value is None else f.duration(value)


def change(current: float | None, before: float | None, kind: str, f: DisplayFormat) -> str:
    """The change from the month before: a count's difference (+۳, −۲, ۰), a duration's in per
    cent (−۱۲٫۵٪); a dash when either is missing, or a duration was zero before."""
    if current is None or before is None:
        return DASH
    if kind == "count":
        delta = current - before
        return _signed(delta, f.number(abs(delta)), f.lang)
    if before == 0:
        return DASH
    pct = (current - before) / before * 100
    text = f.number(abs(pct), 1) + ("٪" if f.lang == "fa" else "%")
    return _signed(round(pct, 1), text, f.lang)


def _signed(value: float, text: str, lang: str) -> str:
    if value > 0:
        return "+" + text
    if value < 0:
        return symbols(lang).minus.lstrip("\u200e") + text
    return text


# -- the PDF

class _Writer:
    def __init__(self, data: MonthlyData, words: Words, display: DisplayFormat | None) -> None:
        self.d, self.w = data, words
        self.lang = words.lang
        self.f = (display or DisplayFormat(self.lang)).for_language(self.lang)
        self.rtl = self.lang == "fa"
        self.width = WIDTH
        self.r = data.report

    def t(self, key: str, *values: str) -> str:
        return compose(self.w.text(key), *values)

    def heading(self, key: str, *values: str) -> list[Flowable]:
        title = Text(self.t(key, *values), self.rtl, 13, bold=True, space_before=10, space_after=2)
        rule = Rule(2)
        title.keepWithNext = rule.keepWithNext = True
        return [title, rule]

    def sub(self, key: str) -> Flowable:
        text = Text(self.t(key), self.rtl, 9.5, bold=True, color=MUTED, space_before=4, space_after=2)
        text.keepWithNext = True
        return text

    def muted(self, key: str) -> Flowable:
        return Text(self.t(key), self.rtl, 9.5, color=MUTED)

    def grid(self, header: list[str], rows: list[list], fractions: list[float], empty: str) -> Flowable:
        if not rows:
            return self.muted(empty)
        return table([header, *rows], [self.width * f for f in fractions], self.rtl)

    def signed(self, text: str) -> Flowable:
        """A signed number stays one left-to-right run (its sign on its left) in Persian too."""
        if text == DASH or not self.rtl:
            return Text(text, self.rtl, 8.5, space_after=0)
        return Text(f"{shaping.LRE}{text}{shaping.PDF}", self.rtl, 8.5, space_after=0, raw=True)

    def when(self, moment: dt.datetime | None) -> str:
        return self.f.datetime(moment) if moment else DASH

    def month(self, period: Period | None) -> str:
        return month_name(period, self.lang) if period is not None and period.kind == "month" else DASH

    # -- sections
    def story(self) -> list[Flowable]:
        r, period = self.r, self.r.period
        last_day = period.end - dt.timedelta(days=1) if period.end else None
        out: list[Flowable] = [
            Text(self.t("mr.title"), self.rtl, 11, color=MUTED, space_after=0),
            Text(self.month(period), self.rtl, 18, bold=True, space_after=4),
            table([(self.t(k), v) for k, v in (
                ("mr.period", self.t("mr.from_to", self.f.date(period.start), self.f.date(last_day))),
                ("mr.previous", self.month(period.previous(self.d.tz))),
                ("mr.counted", self.f.number(r.overall.count)),
                ("mr.exercises_count", self.f.number(len(r.exercises))),
                ("mr.generated", self.f.datetime(self.d.now)),
            )], [42 * mm, self.width - 42 * mm], self.rtl, header=False, size=9.5),
            Text(self.t("mr.counting"), self.rtl, 8.5, color=MUTED, space_before=3),
        ]
        out += self._figures() + self._trend() + self._groups() + self._distribution()
        out += self._incidents() + self._exercises()
        return out

    def _figures(self) -> list[Flowable]:
        now, before = self.r.overall, self.r.previous
        f = self.f

        def line(key: str, get: Callable[[Figures], float | None], kind: str, label: str = "") -> list:
            current = get(now)
            previous = get(before) if before is not None else None
            text = (lambda v: DASH if v is None else f.number(v)) if kind == "count" else (lambda v: duration(v, f))
            return [label or self.t(key), text(current), text(previous) if before is not None else DASH,
                    self.signed(change(current, previous, kind, f))]

        rows = [line("mr.count", lambda x: x.count, "count"),
                line("mr.mtta", lambda x: x.mtta_s, "duration"),
                line("mr.mttr", lambda x: x.mttr_s, "duration"),
                line("mr.mtbmi", lambda x: x.mtbmi_s, "duration"),
                line("mr.sla_breaches", lambda x: x.sla_breaches, "count")]
        for phase in metrics.PHASES:
            rows.append(line("", lambda x, p=phase: x.phase_s.get(p), "duration",
                             self.t("mr.phase_time", self.w.label("phase", phase))))
        header = [self.t("mr.measure"), self.month(self.r.period), self.month(self.r.period.previous(self.d.tz)),
                  self.t("mr.change")]
        return self.heading("mr.figures") + [table([header, *rows], [self.width * x for x in (0.37, 0.21, 0.21, 0.21)],
                                                   self.rtl)]

    def _axis_month(self, period: Period) -> tuple[str, str]:
        names = {("jalali", "fa"): MONTHS_FA, ("jalali", "en"): MONTHS_JALALI_EN,
                 ("gregorian", "fa"): MONTHS_GREGORIAN_FA, ("gregorian", "en"): MONTHS_GREGORIAN_EN}
        name = names[(period.calendar, "fa" if self.rtl else "en")][period.number - 1]
        return (name if self.rtl else name[:3]), self.f.digits(str(period.year))

    def _trend(self) -> list[Flowable]:
        months = self.d.trend
        labels = [self._axis_month(p) for p, _ in months]
        counts = [float(figs.count) for _, figs in months]
        # In hours, or in minutes when every month was resolved within two hours (0.1 h would say little).
        longest = max((figs.mttr_s for _, figs in months if figs.mttr_s is not None), default=0)
        unit, title = (3600, "mr.trend_mttr") if longest >= 2 * 3600 else (60, "mr.trend_mttr_minutes")
        mttr = [figs.mttr_s / unit if figs.mttr_s is not None else None for _, figs in months]
        count_chart = month_charts.columns(counts, labels, self.width, self.rtl, lambda v: self.f.number(v),
                                           self._tick)
        mttr_chart = month_charts.columns(mttr, labels, self.width, self.rtl,
                                          lambda v: self.f.number(v, 1 if unit == 3600 else 0),
                                          self._tick, month_charts.SECOND)
        return self.heading("mr.trend") + [KeepTogether([self.sub("mr.trend_count"), count_chart]),
                                           KeepTogether([self.sub(title), mttr_chart])]

    def _tick(self, value: float) -> str:
        return self.f.number(value, 0 if float(value).is_integer() else 1)

    def _name(self, group: str, key: str) -> str:
        if not key:
            return self.t("mr.none")
        return self.w.label("severity", key) if group == "severity" else key

    def _groups(self) -> list[Flowable]:
        out: list[Flowable] = []
        for group, heading in (("service", "mr.per_service"), ("severity", "mr.per_severity"),
                               ("commander", "mr.per_commander")):
            found = self.r.groups[group]
            rows = [[self._name(group, key), self.f.number(figs.count), duration(figs.mtta_s, self.f),
                     duration(figs.mttr_s, self.f), self.f.number(figs.sla_breaches)] for key, figs in found]
            out += self.heading(heading)
            if group == "service" and found:
                charted = [(self._name(group, key), float(figs.count)) for key, figs in found[:SERVICES_CHARTED]]
                out.append(month_charts.bars(charted, self.width, self.rtl, lambda v: self.f.number(v)))
                out.append(Spacer(1, 4))
            out.append(self.grid([self.t(k) for k in ("mr.name", "mr.count", "mr.mtta", "mr.mttr", "mr.sla_breaches")],
                                 rows, [0.36, 0.14, 0.19, 0.19, 0.12], "mr.no_incidents"))
        return out

    def _distribution(self) -> list[Flowable]:
        buckets = self.r.ttr_buckets
        limits = metrics.TTR_BUCKETS_H
        labels = [(self.t("mr.ttr_upto", self.f.number(h)), "") for h in limits]
        labels.append((self.t("mr.ttr_over", self.f.number(limits[-1])), ""))
        chart = month_charts.columns([float(n) for n in buckets], labels, self.width, self.rtl,
                                     lambda v: self.f.number(v), self._tick, height=110)
        return self.heading("mr.distribution") + [KeepTogether([chart])]

    def _incidents(self) -> list[Flowable]:
        rows = []
        for r in self.r.rows:
            key = "mr.postmortem" if r.status == "closed" else "mr.postmortem_draft"
            rows.append([r.ref, [Text(r.title, self.rtl, 8.5, space_after=0),
                                 Text(self.t(key, postmortem_name(r.ref)), self.rtl, 7, color=MUTED, space_after=0)],
                         self.w.label("severity", r.severity), self.when(r.declared_at),
                         duration(r.tta_s, self.f), duration(r.ttr_s, self.f)])
        header = [self.t(k) for k in ("mr.ref", "mr.incident", "mr.severity", "mr.declared", "mr.tta", "mr.ttr")]
        return self.heading("mr.incidents") + [self.grid(header, rows, [0.2, 0.35, 0.08, 0.15, 0.11, 0.11],
                                                         "mr.no_incidents")]

    def _exercises(self) -> list[Flowable]:
        rows = [[r.ref, shaping.clean(r.title), self.w.label("severity", r.severity), self.when(r.declared_at),
                 self.w.label("status", r.status)] for r in self.r.exercises]
        header = [self.t(k) for k in ("mr.ref", "mr.incident", "mr.severity", "mr.declared", "mr.status")]
        return self.heading("mr.exercises") + [Text(self.t("mr.exercises_apart"), self.rtl, 8.5, color=MUTED),
                                               self.grid(header, rows, [0.2, 0.4, 0.1, 0.17, 0.13],
                                                         "mr.no_exercises")]


def write(data: MonthlyData, words: Words, out: Path | str, *, display: DisplayFormat | None = None,
          progress: Callable[[float], None] | None = None) -> int:
    """Writes the month's report to ``out`` atomically (desktop.files; a folder, device or pipe
    at ``out`` is refused with ReportError). Returns the number of pages."""
    out = Path(out)
    register_fonts()
    writer = _Writer(data, words, display)
    month = writer.month(data.report.period)
    canvas = numbered_canvas(writer.w.text("pm.page"), f"{writer.t('mr.title')} · {month}", writer.rtl, None,
                             number=writer.f.number)
    return write_document(out, writer.story(), canvas, writer.rtl, progress,
                          title=f"{writer.t('mr.title')}: {month}", subject=month)
