"""The maintenance phase's measures, computed from the synced data so every station shows the
same numbers (shared/guide/architecture.md, "Metrics"):

- MTTA: mean of ``acknowledged_at − declared_at`` over the counted incidents acknowledged;
- MTTR: mean of ``resolved_at − declared_at`` over those resolved;
- the count of major incidents: declared in the period, not cancelled, not merged into another
  as a duplicate, not an exercise (drills are counted apart, never in a figure);
- MTBMI: the mean gap between consecutive declarations in the period (two at least);
- the mean time in each phase, and SLA breaches (resolved later than the SLA allowed, or still
  open past it).

Periods are calendar periods in the organisation's time zone (Asia/Tehran): a Jalali month,
quarter or year in Persian, a Gregorian one in English, or any range of days. An incident
declared at 23:50 Tehran time on the last day of a month counts in that month."""

from __future__ import annotations

import bisect
import datetime as dt
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from sqlite3 import Connection

from desktop.services.spreadsheet import cell, to_csv  # noqa: F401 - to_csv: the page's and the CLI's
from desktop.text.calendar import gregorian_to_jalali, jalali_month_length, jalali_to_gregorian, zone
from desktop.text.normalize import digits_to_ascii
from desktop.wire import from_wire_time, to_wire_time

PHASES = ("identification", "containment", "resolution", "review")
GROUPS = ("service", "severity", "commander")
TTR_BUCKETS_H = (1, 4, 8, 24, 72)  # the distribution of time to resolve: ≤1 h, ≤4 h, … , more


class BadPeriod(ValueError):
    """A date that cannot be read, or a range that ends before it starts."""

    def __init__(self, code: str, text: str = "") -> None:
        super().__init__(code, text)
        self.code, self.text = code, text


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) in UTC; ``kind``: month, quarter, year (``calendar`` jalali or gregorian,
    ``year``/``number`` of it) or range; None start/end: all time."""

    start: dt.datetime | None
    end: dt.datetime | None
    kind: str = "range"
    calendar: str = "jalali"
    year: int = 0
    number: int = 0  # the month (1–12) or quarter (1–4)

    def previous(self, tz: str = "Asia/Tehran") -> Period | None:
        """The period just before: the month, quarter or year before, or a range as long."""
        if self.kind == "month":
            year, month = (self.year, self.number - 1) if self.number > 1 else (self.year - 1, 12)
            return month_of(year, month, self.calendar, tz)
        if self.kind == "quarter":
            year, quarter = (self.year, self.number - 1) if self.number > 1 else (self.year - 1, 4)
            return quarter_of(year, quarter, self.calendar, tz)
        if self.kind == "year":
            return year_of(self.year - 1, self.calendar, tz)
        if self.start is None or self.end is None:
            return None
        try:
            return Period(self.start - (self.end - self.start), self.start)
        except OverflowError:  # a range reaching back past the calendar's first day
            return None


def _day_start(day: dt.date, tz: str) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone(tz)).astimezone(dt.UTC)


def _first_day(year: int, month: int, calendar: str) -> dt.date:
    if calendar == "jalali":
        if month == 13:
            return jalali_to_gregorian(year + 1, 1, 1)
        return jalali_to_gregorian(year, month, 1)
    return dt.date(year + 1, 1, 1) if month == 13 else dt.date(year, month, 1)


def month_of(year: int, month: int, calendar: str = "jalali", tz: str = "Asia/Tehran") -> Period:
    if not 1 <= month <= 12:
        raise BadPeriod("bad_date", f"{year}-{month}")
    try:
        start, end = _first_day(year, month, calendar), _first_day(year, month + 1, calendar)
        return Period(_day_start(start, tz), _day_start(end, tz), "month", calendar, year, month)
    except (ValueError, OverflowError):  # past either end of the calendar
        raise BadPeriod("bad_date", f"{year}-{month}") from None


def quarter_of(year: int, quarter: int, calendar: str = "jalali", tz: str = "Asia/Tehran") -> Period:
    if not 1 <= quarter <= 4:
        raise BadPeriod("bad_date", f"{year} Q{quarter}")
    first = 3 * (quarter - 1) + 1
    start, end = _first_day(year, first, calendar), _first_day(year, first + 3, calendar)
    return Period(_day_start(start, tz), _day_start(end, tz), "quarter", calendar, year, quarter)


def year_of(year: int, calendar: str = "jalali", tz: str = "Asia/Tehran") -> Period:
    start, end = _first_day(year, 1, calendar), _first_day(year, 13, calendar)
    return Period(_day_start(start, tz), _day_start(end, tz), "year", calendar, year, 0)


def containing(moment: dt.datetime, kind: str, calendar: str = "jalali", tz: str = "Asia/Tehran") -> Period:
    """The month, quarter or year (in ``calendar``, local time) that holds ``moment``."""
    local = moment.astimezone(zone(tz)).date()
    if calendar == "jalali":
        j = gregorian_to_jalali(local)
        year, month = j.year, j.month
    else:
        year, month = local.year, local.month
    if kind == "month":
        return month_of(year, month, calendar, tz)
    if kind == "quarter":
        return quarter_of(year, (month - 1) // 3 + 1, calendar, tz)
    return year_of(year, calendar, tz)


_DATE = re.compile(r"^\s*(\d{3,4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$")


def read_date(text: str) -> dt.date:
    """A day typed in Jalali (a year before 1700: 1405/09/11) or Gregorian (2026-12-02), digits
    in any script; BadPeriod("bad_date") otherwise."""
    found = _DATE.match(digits_to_ascii(text or ""))
    if not found:
        raise BadPeriod("bad_date", text)
    year, month, day = (int(g) for g in found.groups())
    if year < 1:
        raise BadPeriod("bad_date", text)
    try:
        if year < 1700:
            if not (1 <= month <= 12 and 1 <= day <= jalali_month_length(year, month)):
                raise ValueError
            return jalali_to_gregorian(year, month, day)
        return dt.date(year, month, day)
    except ValueError:
        raise BadPeriod("bad_date", text) from None


def between(first: str | None, last: str | None, tz: str = "Asia/Tehran") -> Period:
    """The days from ``first`` to ``last`` inclusive (either missing: open on that side)."""
    try:
        start = _day_start(read_date(first), tz) if first else None
        end = _day_start(read_date(last) + dt.timedelta(days=1), tz) if last else None
    except OverflowError:  # the last day of the calendar, or before its first
        raise BadPeriod("bad_date", last or first or "") from None
    if start is not None and end is not None and end <= start:
        raise BadPeriod("range_backwards", f"{first} – {last}")
    return Period(start, end)


class Counted(NamedTuple):
    """One incident as the figures see it (a named tuple: a year's thousands are made per
    report, and a frozen dataclass's checked setting of each field cost a tenth of it)."""

    id: str
    ref: str
    title: str
    severity: str
    status: str
    declared_at: dt.datetime
    acknowledged_at: dt.datetime | None
    contained_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    detected_at: dt.datetime | None
    sla_minutes: int | None
    commander: str  # the last incident commander's name ("" none)
    services: tuple[str, ...]  # names
    exercise: bool

    @property
    def tta_s(self) -> float | None:
        acknowledged = _after(self.acknowledged_at, self.declared_at)
        return (acknowledged - self.declared_at).total_seconds() if acknowledged else None

    @property
    def ttr_s(self) -> float | None:
        resolved = _after(self.resolved_at, self.declared_at)
        return (resolved - self.declared_at).total_seconds() if resolved else None

    def breached(self, now: dt.datetime) -> bool:
        if not self.sla_minutes:
            return False
        due = self.declared_at + dt.timedelta(minutes=self.sla_minutes)
        return (self.resolved_at or now) > due

    def phase_s(self) -> dict[str, float]:
        """The seconds of each phase it went through to its end (out-of-order stamps left out)."""
        measured = _measured(self, self.declared_at)
        return {phase: value for phase, value in zip(PHASES, measured[4:]) if value is not None}


@dataclass(frozen=True, slots=True)
class Figures:
    count: int
    mtta_s: float | None
    mttr_s: float | None
    mtbmi_s: float | None
    acknowledged: int
    resolved: int
    sla_breaches: int
    phase_s: dict[str, float | None] = field(default_factory=dict)  # the mean of each phase

    def as_dict(self) -> dict[str, object]:
        return {"count": self.count, "mtta_s": self.mtta_s, "mttr_s": self.mttr_s, "mtbmi_s": self.mtbmi_s,
                "acknowledged": self.acknowledged, "resolved": self.resolved, "sla_breaches": self.sla_breaches,
                "phase_s": dict(self.phase_s)}


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.fmean(values) if values else None


def figures(rows: Sequence[Counted], now: dt.datetime, _stats: dict[str, tuple] | None = None) -> Figures:
    """The figures of counted incidents (exercises must already be left out). ``_stats``: each
    row's measures made once (``_measured``) when the same rows are grouped many ways."""
    if _stats is None:
        return _aggregate([_measured(r, now) for r in rows])
    return _aggregate([_stats[r.id] for r in rows])


def _after(moment: dt.datetime | None, start: dt.datetime) -> dt.datetime | None:
    """A stamp that comes after ``start``; one before it (out of order: another station's
    clock, a hand-edited time) is unknown, not a negative duration."""
    return moment if moment is not None and moment >= start else None


def _measured(r: Counted, now: dt.datetime) -> tuple:
    """One incident's measures, as Counted's own tta_s, ttr_s, breached and phase_s say them:
    (declared_at, tta, ttr, breached, identification, containment, resolution, review)."""
    start = r.declared_at
    acknowledged, contained, resolved = (_after(t, start) for t in (r.acknowledged_at, r.contained_at, r.resolved_at))
    fixed = _after(resolved, contained or start) if resolved else None
    closed = _after(r.closed_at, resolved) if resolved and r.status == "closed" else None
    return (start,
            (acknowledged - start).total_seconds() if acknowledged else None,
            (resolved - start).total_seconds() if resolved else None,
            bool(r.sla_minutes) and (r.resolved_at or now) > start + dt.timedelta(minutes=r.sla_minutes),
            (start - r.detected_at).total_seconds() if r.detected_at and r.detected_at <= start else None,
            (contained - start).total_seconds() if contained else None,
            (fixed - (contained or start)).total_seconds() if fixed else None,
            (closed - resolved).total_seconds() if closed and resolved else None)


def _aggregate(stats: list[tuple]) -> Figures:
    declared = sorted(m[0] for m in stats)
    if declared and isinstance(declared[0], int):  # microseconds (_figures_between)
        gaps = [(b - a) / 1_000_000 for a, b in zip(declared, declared[1:])]
    else:
        gaps = [(b - a).total_seconds() for a, b in zip(declared, declared[1:])]
    ttas = [m[1] for m in stats if m[1] is not None]
    ttrs = [m[2] for m in stats if m[2] is not None]
    phases = {p: _mean([m[k] for m in stats if m[k] is not None]) for k, p in enumerate(PHASES, start=4)}
    return Figures(len(stats), _mean(ttas), _mean(ttrs), _mean(gaps), len(ttas), len(ttrs),
                   sum(m[3] for m in stats), phases)


def incidents(conn: Connection, period: Period, exercises: bool = False) -> list[Counted]:
    """The incidents a period counts (``exercises``: the drills of the period instead), in the
    order they were declared. One query; services and the commander gathered in it."""
    counted, drills = _both(conn, period)
    return drills if exercises else counted


def _declared_in(period: Period, *more: str) -> tuple[str, list[object]]:
    """The SQL condition (and its arguments) of the incidents a period counts: declared in it,
    not archived, cancelled or merged as a duplicate; ``more`` conditions added."""
    where = ["i.declared_at IS NOT NULL", "NOT i.archived", "i.status != 'cancelled'", "i.duplicate_of IS NULL", *more]
    args: list[object] = []
    if period.start is not None:
        where.append("i.declared_at >= ?")
        args.append(to_wire_time(period.start))
    if period.end is not None:
        where.append("i.declared_at < ?")
        args.append(to_wire_time(period.end))
    return " AND ".join(where), args


def _both(conn: Connection, period: Period) -> tuple[list[Counted], list[Counted]]:
    """The counted incidents and the drills of a period, from one scan of its declarations."""
    where, args = _declared_in(period)
    # The commanders and services of them all in two grouped queries, not two per incident.
    commanders, services = _names(conn, where, args)
    sql = (
        "SELECT i.id, i.ref, i.title, i.severity, i.status, i.declared_at, i.acknowledged_at, i.contained_at, "
        "i.resolved_at, i.closed_at, i.detected_at, i.sla_minutes, i.exercise FROM incidents i "
        f"WHERE {where} ORDER BY i.declared_at, i.id")
    counted: list[Counted] = []
    drills: list[Counted] = []
    when = dt.datetime.fromisoformat  # the wire form (wire.from_wire_time, without its checks: 5× faster)
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a sqlite3.Row per incident cost a tenth of the report
    for r in cursor.execute(sql, args):
        t = [when(v) if v else None for v in r[5:11]]
        (drills if r[12] else counted).append(Counted(
            r[0], r[1] or "", r[2] or "", r[3] or "", r[4] or "", t[0], t[1], t[2], t[3], t[4], t[5], r[11],
            commanders.get(r[0]) or "", services.get(r[0], ()), bool(r[12])))
    return counted, drills


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _us(column: str) -> str:
    """A wire time (2026-08-05T17:29:11.123456Z) as whole microseconds since 1970, in SQL."""
    # The whole seconds from the text without its fraction: SQLite's own clock keeps milliseconds
    # and would round 11.9998 up to 12.
    return (f"unixepoch(substr(i.{column}, 1, 19)) * 1000000 + CAST(substr(i.{column}, 21, 6) AS INTEGER)")


def _figures_between(conn: Connection, period: Period, now: dt.datetime) -> Figures:
    """figures(incidents(conn, period), now), the same to the last bit, made without building an
    incident or a datetime (the previous period's: only its figures are shown). Durations are
    whole microseconds divided as timedelta.total_seconds divides them."""
    where, args = _declared_in(period, "NOT i.exercise")
    columns = ", ".join(_us(c) for c in ("declared_at", "acknowledged_at", "contained_at", "resolved_at", "closed_at",
                                         "detected_at"))
    now_us = (now - _EPOCH) // dt.timedelta(microseconds=1)
    stats = []
    cursor = conn.cursor()
    cursor.row_factory = None
    for d, a, c, r, closed, detected, sla, status in cursor.execute(
            f"SELECT {columns}, i.sla_minutes, i.status FROM incidents i WHERE {where}", args):
        breach = bool(sla) and (r if r is not None else now_us) > d + sla * 60_000_000
        a = a if a is not None and a >= d else None  # out of order: unknown (_after)
        c = c if c is not None and c >= d else None
        r = r if r is not None and r >= d else None
        fixed = r if r is not None and r >= (c if c is not None else d) else None
        closed = closed if r is not None and closed is not None and closed >= r and status == "closed" else None
        stats.append((d,
                      (a - d) / 1_000_000 if a is not None else None,
                      (r - d) / 1_000_000 if r is not None else None,
                      breach,
                      (d - detected) / 1_000_000 if detected is not None and detected <= d else None,
                      (c - d) / 1_000_000 if c is not None else None,
                      (fixed - (c if c is not None else d)) / 1_000_000 if fixed is not None else None,
                      (closed - r) / 1_000_000 if closed is not None and r is not None else None))
    return _aggregate(stats)


def _names(conn: Connection, where: str, args: list[object]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Each incident's last incident commander (by assumed_at, then id) and its services' names
    (sorted), for the incidents ``where`` selects."""
    commanders: dict[str, str] = {}
    cursor = conn.cursor()
    cursor.row_factory = None
    for incident_id, name in cursor.execute(
            "SELECT r.incident_id, p.name FROM incidents i JOIN role_assignments r ON r.incident_id = i.id "
            f"JOIN people p ON p.id = r.person_id WHERE {where} AND r.role = 'incident_commander' "
            "AND NOT r.archived ORDER BY r.assumed_at, r.id", args):
        commanders[incident_id] = name  # the last one stays
    named: dict[str, list[str]] = {}
    for incident_id, name in cursor.execute(
            "SELECT l.incident_id, s.name FROM incidents i JOIN incident_services l ON l.incident_id = i.id "
            f"JOIN services s ON s.id = l.service_id WHERE {where} AND NOT l.archived", args):
        if name is not None:
            named.setdefault(incident_id, []).append(name)
    return commanders, {k: tuple(sorted(v)) for k, v in named.items() if any(v)}


def _key(row: Counted, group: str) -> tuple[str, ...]:
    if group == "service":
        return row.services or ("",)
    if group == "severity":
        return (row.severity,)
    return (row.commander,)


def grouped(rows: Sequence[Counted], group: str, now: dt.datetime,
            _stats: dict[str, tuple] | None = None) -> list[tuple[str, Figures]]:
    """The figures per service (an incident with two services counts in both), severity or
    commander; "" for none; the most incidents first."""
    buckets: dict[str, list[Counted]] = {}
    for row in rows:
        for key in _key(row, group):
            buckets.setdefault(key, []).append(row)
    made = [(key, figures(members, now, _stats)) for key, members in buckets.items()]
    if group == "severity":
        return sorted(made, key=lambda kv: kv[0])
    return sorted(made, key=lambda kv: (-kv[1].count, kv[0]))


def members(rows: Sequence[Counted], group: str, key: str) -> list[Counted]:
    """The incidents behind one group's figures (a bar clicked)."""
    return [r for r in rows if key in _key(r, group)]


def ttr_distribution(rows: Sequence[Counted]) -> list[int]:
    """How many were resolved within each of TTR_BUCKETS_H hours, and after the last."""
    counts = [0] * (len(TTR_BUCKETS_H) + 1)
    for row in rows:
        if row.ttr_s is None:
            continue
        counts[bisect.bisect_left(TTR_BUCKETS_H, row.ttr_s / 3600)] += 1  # the first limit it is within
    return counts


def monthly(rows: Sequence[Counted], months: Sequence[Period], now: dt.datetime,
            _stats: dict[str, tuple] | None = None) -> list[tuple[Period, Figures]]:
    """The figures of each of ``months`` (for the trend chart)."""
    out = []
    declared = [r.declared_at for r in rows]
    ordered = all(a <= b for a, b in zip(declared, declared[1:]))  # as incidents() gives them: slices
    for month in months:
        if ordered:
            first = 0 if month.start is None else bisect.bisect_left(declared, month.start)
            last = len(rows) if month.end is None else bisect.bisect_left(declared, month.end)
            inside = list(rows[first:last])
        else:
            inside = [r for r in rows if (month.start is None or r.declared_at >= month.start)
                      and (month.end is None or r.declared_at < month.end)]
        out.append((month, figures(inside, now, _stats)))
    return out


def months_of(period: Period, calendar: str, tz: str, at_most: int = 24) -> list[Period]:
    """The calendar months a period spans (the last ``at_most``), for the trend."""
    if period.start is None or period.end is None:
        return []
    found: list[Period] = []
    try:  # a declaration another station dated before the calendar's first year, or at its end
        month = containing(period.start, "month", calendar, tz)
        while month.start is not None and month.start < period.end:
            found.append(month)
            year, number = (month.year, month.number + 1) if month.number < 12 else (month.year + 1, 1)
            month = month_of(year, number, calendar, tz)
    except (BadPeriod, ValueError, OverflowError):
        pass
    return found[-at_most:]


@dataclass(frozen=True, slots=True)
class Report:
    """What the metrics page, the CSV, the CLI and the monthly PDF show for one period."""

    period: Period
    overall: Figures
    previous: Figures | None
    groups: dict[str, list[tuple[str, Figures]]]
    trend: list[tuple[Period, Figures]]
    ttr_buckets: list[int]
    rows: list[Counted]
    exercises: list[Counted]


def report(conn: Connection, period: Period, now: dt.datetime, calendar: str = "jalali",
           tz: str = "Asia/Tehran") -> Report:
    rows, drills = _both(conn, period)
    before = period.previous(tz)
    previous = _figures_between(conn, before, now) if before is not None else None
    if period.start is None and rows:  # all time: the trend from the first declaration
        span = Period(rows[0].declared_at, now if period.end is None else period.end)
    else:
        span = Period(period.start, period.end if period.end is not None else now)
    stats = {r.id: _measured(r, now) for r in rows}  # once, for the five ways they are summed up
    trend = monthly(rows, months_of(span, calendar, tz), now, stats)
    return Report(period, figures(rows, now, stats), previous, {g: grouped(rows, g, now, stats) for g in GROUPS},
                  trend, ttr_distribution(rows), rows, drills)


def as_json(found: Report) -> dict[str, object]:
    """The CLI's JSON: at least count, mtta_s, mttr_s, mtbmi_s and per_service (with names)."""
    out: dict[str, object] = {
        "from": to_wire_time(found.period.start) if found.period.start else None,
        "to": to_wire_time(found.period.end) if found.period.end else None,
        **found.overall.as_dict(),
        "previous": found.previous.as_dict() if found.previous else None,
        "exercises": len(found.exercises),
    }
    for group in GROUPS:
        out[f"per_{group}"] = [{group: key or None, **figs.as_dict()} for key, figs in found.groups[group]]
    out["incidents"] = [{"ref": r.ref, "title": r.title, "severity": r.severity, "status": r.status,
                         "declared_at": to_wire_time(r.declared_at), "tta_s": r.tta_s, "ttr_s": r.ttr_s,
                         "services": list(r.services), "commander": r.commander or None}
                        for r in found.rows]
    return out


def seconds(value: float | None) -> str:
    """A duration in a spreadsheet: whole seconds, Latin digits (a number it can sum)."""
    return "" if value is None else str(round(value))


def _key_word(kind: str, key: str) -> str:
    return key


def csv_rows(found: Report, words: Callable[[str], str], seconds: Callable[[float | None], str] = seconds,
             label: Callable[[str, str], str] = _key_word) -> list[list[str]]:
    """The figures as rows of a spreadsheet: overall, then each group; ``words`` names the
    headers and groups in the reader's language, ``label`` a stored key (severity, status),
    ``seconds`` writes a duration."""
    header = [words("group"), words("name"), words("count"), words("mtta"), words("mttr"), words("mtbmi"),
              words("sla_breaches"), words("previous_count"), words("previous_mttr")]
    out = [header]
    prev = found.previous

    def line(group: str, name: str, figs: Figures, with_previous: bool = False) -> list[str]:
        return [group, cell(name), str(figs.count), seconds(figs.mtta_s), seconds(figs.mttr_s), seconds(figs.mtbmi_s),
                str(figs.sla_breaches), str(prev.count) if with_previous and prev else "",
                seconds(prev.mttr_s) if with_previous and prev else ""]

    out.append(line(words("overall"), "", found.overall, True))
    for group in GROUPS:
        for key, figs in found.groups[group]:
            name = label("severity", key) if group == "severity" and key else key
            out.append(line(words(group), name or words("none"), figs))
    return out


def incident_csv_rows(found: Report, words: Callable[[str], str], when: Callable[[dt.datetime], str],
                      seconds: Callable[[float | None], str] = seconds,
                      label: Callable[[str, str], str] = _key_word) -> list[list[str]]:
    """The incidents behind the figures, one a row; times as ``when`` writes them, and in ISO 8601."""
    out = [[words("ref"), words("title"), words("severity"), words("status"), words("declared"),
            words("declared_iso"), words("tta"), words("ttr"), words("services"), words("commander")]]
    for r in found.rows:
        out.append([cell(r.ref), cell(r.title), label("severity", r.severity), label("status", r.status), when(r.declared_at), to_wire_time(r.declared_at),
                    seconds(r.tta_s), seconds(r.ttr_s), cell("; ".join(r.services)), cell(r.commander)])
    return out
