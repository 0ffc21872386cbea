"""The wall's pages laid out as boxes (wall_paint): the frame every page shares (the clock with
both calendars and Tehran time, the offline strip, the banner that keeps every sev1 in view,
the totals), the overview of the active major incidents, paged, the metrics page (this month so
far against the last) and a sev1's focus page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF

from desktop import labels
from desktop.formatting import Formatter
from desktop.labels import QtWords
from desktop.models.keys import ACTIVE_STATUSES, PHASE_OF_STATUS, SEVERITY_COLOURS, SEVERITY_TEXT, Severity
from desktop.reports.describe import describe, wire_time_words
from desktop.services.queries import BoardRow
from desktop.services.wall_picture import Focus, MonthFigures, WallPicture
from desktop.services.wall_rotation import Page
from desktop.text.display import DisplayFormat, fill
from desktop.text.normalize import isolate
from desktop.views.wall_paint import fit_lines
from desktop.views.wall_paint import (BIG_CLOCK, BODY, BREACHED, CAPTION, CLOCK, MUTED, PANEL, RULE, TEXT, TITLE,
                                      WARNING, Sheet)

MARGIN, GUTTER, PAD = 24, 18, 10
FIGURE = 72  # the metrics page's figures for this month (px at 1920×1080), smaller when one is long
TOP_BAR, STRIP, BANNER, FOOTER = 72, 60, 64, 60
CHIP, PHASE, CLOCKS, TASKS = 190, 360, 370, 170  # the overview's columns, beside the incident's


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files a module-level tr() under no context


@dataclass
class Situation:
    """What the frame says besides the picture: the sync state and the picture's age."""

    offline_since: dt.datetime | None = None  # the hub unreachable since then (None: fine, or no hub)
    problem: str = ""  # the last read failed: the picture shown is from ``picture_at``
    picture_at: dt.datetime | None = None


def rows_per_page(sheet: Sheet) -> int:
    top, bottom = content_area(sheet, offline=False, banner=True)
    return max(1, int((bottom - top - sheet.px(CAPTION) * 1.7) // row_height(sheet)))


def row_height(sheet: Sheet) -> float:
    return sheet.line_height(TITLE, True) * 2 + sheet.line_height(BODY) + sheet.px(PAD) * 2


def content_area(sheet: Sheet, offline: bool, banner: bool) -> tuple[float, float]:
    top = sheet.px(TOP_BAR) + (sheet.px(STRIP) if offline else 0) + (sheet.px(BANNER) if banner else 0)
    return top + sheet.px(PAD), sheet.height - sheet.px(FOOTER)


class Layout:
    """Lays out one page of ``picture`` on ``sheet``; ``now`` is asked at every paint (clocks)."""

    def __init__(self, sheet: Sheet, picture: WallPicture, formatter: Formatter, now: Callable[[], dt.datetime],
                 situation: Situation) -> None:
        self.s, self.p, self.f, self.now, self.situation = sheet, picture, formatter, now, situation
        self.gregorian = DisplayFormat(formatter.lang, "gregorian", formatter.display.timezone)
        self.jalali = DisplayFormat(formatter.lang, "jalali", formatter.display.timezone)

    # -- the frame
    def frame(self, page: Page, pages: int, position: int) -> tuple[float, float]:
        s = self.s
        s.add(QRectF(0, 0, s.width, s.px(TOP_BAR)), fill=PANEL)
        width = s.width - 2 * s.px(MARGIN)
        name_w = width * 0.36
        s.add(s.rect(s.px(MARGIN), 0, name_w - s.px(GUTTER), s.px(TOP_BAR)), self._page_name(page), BODY, True,
              name="page")
        # The date is laid out once (the window lays the page out again when the day turns); only
        # the time ticks: a 4K glyph over 64 px is drawn uncached, so each one a second counts.
        now = self.now()
        time_w = QFontMetricsF(s.font(BODY)).horizontalAdvance(self._time(now.replace(hour=23, minute=59))) + s.px(PAD)
        s.add(s.rect(s.px(MARGIN) + name_w, 0, width - name_w - time_w, s.px(TOP_BAR)), self.date(now) + " ·", BODY,
              align=Qt.AlignmentFlag.AlignTrailing, name="date")
        s.add(s.rect(s.px(MARGIN) + width - time_w, 0, time_w, s.px(TOP_BAR)), size=BODY,
              ticking=lambda: self._time(self.now()), align=Qt.AlignmentFlag.AlignTrailing, name="clock")
        y = s.px(TOP_BAR)
        offline = self.situation.offline_since is not None
        if offline:
            s.add(QRectF(0, y, s.width, s.px(STRIP)), fill=QColor("#4e3b12"))
            s.add(s.rect(s.px(MARGIN), y, s.width - 2 * s.px(MARGIN), s.px(STRIP)),
                  fill(tr("Offline since %1: the sync hub cannot be reached — showing what this station has"),
                            self.f.datetime(self.situation.offline_since)), BODY, True, colour=WARNING, name="offline")
            y += s.px(STRIP)
        sev1 = self.p.sev1
        if sev1:
            self._banner(y, sev1, page)
            y += s.px(BANNER)
        self._footer(pages, position)
        return y + s.px(PAD), s.height - s.px(FOOTER)

    def _page_name(self, page: Page) -> str:
        if page.kind == "focus":
            row = self._row(page.key)
            return fill(tr("Focus: %1"), row.ref if row else "")
        if page.kind == "metrics":
            return tr("Crisis Room · metrics")
        return tr("Crisis Room · major incidents")

    def date(self, now: dt.datetime) -> str:
        """Today in both calendars, the language's own first."""
        first, second = (self.jalali, self.gregorian) if self.f.lang == "fa" else (self.gregorian, self.jalali)
        return " · ".join((first.long_date(now), second.long_date(now, weekday=False)))

    def _time(self, now: dt.datetime) -> str:
        zone = self.f.display.timezone
        place = tr("Tehran") if zone == "Asia/Tehran" else zone
        return fill(tr("%1 %2"), self.f.time(now, seconds=True), place)

    def _banner(self, y: float, sev1: tuple[BoardRow, ...], page: Page) -> None:
        s = self.s
        s.add(QRectF(0, y, s.width, s.px(BANNER)), fill=QColor(SEVERITY_COLOURS[Severity.SEV1]))
        text_colour = QColor(SEVERITY_TEXT[Severity.SEV1])
        width = s.width - 2 * s.px(MARGIN)
        label = fill(tr("%1 critical:"), self.f.number(len(sev1))) if len(sev1) > 1 else labels.severity("sev1") + ":"
        lead = QFontMetricsF(s.font(BODY, True)).horizontalAdvance(label) + s.px(GUTTER)
        s.add(s.rect(s.px(MARGIN), y, lead, s.px(BANNER)), label, BODY, True, colour=text_colour, name="banner")
        clock_w = s.px(CLOCKS) * 0.8
        shown = sev1[:2]  # more than two: the overview lists them all
        each = (width - lead) / len(shown)
        for n, row in enumerate(shown):
            x = s.px(MARGIN) + lead + n * each
            s.add(s.rect(x, y, each - clock_w - s.px(GUTTER), s.px(BANNER)), labels.user_text(row.title), BODY, True,
                  colour=text_colour, name="banner")
            s.add(s.rect(x + each - clock_w - s.px(GUTTER), y, clock_w, s.px(BANNER)), size=BODY, bold=True,
                  colour=text_colour, ticking=lambda row=row: self._elapsed(row), name="banner-clock")

    def _footer(self, pages: int, position: int) -> None:
        s = self.s
        y = s.height - s.px(FOOTER)
        s.add(QRectF(0, y, s.width, s.px(FOOTER)), fill=PANEL)
        counts = {}
        for row in self.p.incidents:
            counts[row.severity] = counts.get(row.severity, 0) + 1
        parts = [fill(tr("%1 active major incidents"), self.f.number(len(self.p.incidents)))]
        parts += [f"{labels.severity(sev)} {self.f.number(n)}" for sev, n in sorted(counts.items())]
        width = s.width - 2 * s.px(MARGIN)
        right = width * (0.6 if self.situation.problem else 0.3)  # a problem is said whole
        s.add(s.rect(s.px(MARGIN), y, width - right, s.px(FOOTER)), " · ".join(parts), BODY, name="totals")
        tail = fill(tr("page %1 of %2"), self.f.number(position + 1), self.f.number(pages)) if pages > 1 else ""
        if self.situation.problem:  # the last good picture, said small but said
            tail = fill(tr("as of %1 — %2"), self.f.time(self.situation.picture_at, seconds=True), self.situation.problem)
        if tail:
            s.add(s.rect(s.px(MARGIN) + width - right, y, right, s.px(FOOTER)), tail, CAPTION,
                  colour=WARNING if self.situation.problem else MUTED, align=Qt.AlignmentFlag.AlignTrailing,
                  name="problem" if self.situation.problem else "pages")

    # -- clocks
    def _elapsed(self, row: BoardRow) -> str:
        return self.f.duration((self.now() - row.declared_at).total_seconds()) if row.declared_at else ""

    def _sla(self, row: BoardRow) -> str:
        if row.sla_due_at is None:
            return tr("no SLA")
        left = (row.sla_due_at - self.now()).total_seconds()
        return labels.sla_left(self.f.duration(abs(left)), breached=left < 0)

    def _next_update(self, row: BoardRow) -> str:
        left = (row.next_update - self.now()).total_seconds()  # short: it shares the clocks' column
        return fill(tr("update late %1") if left < 0 else tr("update in %1"), self.f.duration(abs(left)))

    def _sla_colour(self, row: BoardRow) -> QColor:
        return BREACHED if row.sla_due_at is not None and row.sla_due_at < self.now() else TEXT

    def _row(self, incident_id: object) -> BoardRow | None:
        return next((r for r in self.p.incidents if r.id == incident_id), None)

    # -- the overview
    def overview(self, top: float, bottom: float, rows: tuple[BoardRow, ...]) -> None:
        s = self.s
        if not self.p.incidents:
            s.add(s.rect(s.px(MARGIN), top, s.width - 2 * s.px(MARGIN), bottom - top),
                  tr("No major incident is running."), TITLE, True, colour=MUTED,
                  align=Qt.AlignmentFlag.AlignHCenter, name="empty")
            return
        x, widths = self._columns()
        caption_h = s.line_height(CAPTION) * 1.2
        for (left, width), caption in zip(zip(x, widths), (tr("Severity"), tr("Incident · services"),
                                                            tr("Phase · commander"), tr("Elapsed · SLA · update"),
                                                            tr("Tasks"))):
            s.add(s.rect(left, top, width, caption_h), caption, CAPTION, colour=MUTED, name="caption")
        y = top + caption_h
        height = row_height(s)
        for row in rows:
            self._overview_row(row, y, height, x, widths)
            y += height

    def _columns(self) -> tuple[list[float], list[float]]:
        s = self.s
        fixed = [s.px(CHIP), None, s.px(PHASE), s.px(CLOCKS), s.px(TASKS)]
        gutter = s.px(GUTTER)
        rest = s.width - 2 * s.px(MARGIN) - sum(w for w in fixed if w) - gutter * (len(fixed) - 1)
        widths = [w if w else rest for w in fixed]
        x, at = [], s.px(MARGIN)
        for width in widths:
            x.append(at)
            at += width + gutter
        return x, widths

    def _overview_row(self, row: BoardRow, y: float, height: float, x: list[float], widths: list[float]) -> None:
        s = self.s
        s.add(QRectF(0, y + height - s.px(2), s.width, s.px(2)), fill=RULE)
        inner = height - 2 * s.px(PAD)
        top = y + s.px(PAD)
        self._chip(s.rect(x[0], top, widths[0], inner), row.severity)
        title_h = s.line_height(TITLE, True) * 2
        s.add(s.rect(x[1], top, widths[1], title_h), labels.user_text(row.title), TITLE, True, max_lines=2,
              name="title", centre_vertically=False)
        services = "، ".join(row.services) if self.f.lang == "fa" else ", ".join(row.services)
        s.add(s.rect(x[1], top + title_h, widths[1], inner - title_h),
              labels.user_text(services) if services else tr("no service named"), BODY, colour=MUTED,
              name="services")
        third = inner / 3
        phase = labels.phase(PHASE_OF_STATUS[row.status]) if row.status in ACTIVE_STATUSES else labels.status(row.status)
        s.add(s.rect(x[2], top, widths[2], third), phase, BODY, True, name="phase")
        s.add(s.rect(x[2], top + third, widths[2], third),
              labels.user_text(row.commander) if row.commander else tr("no commander"), BODY,
              colour=TEXT if row.commander else WARNING, name="commander")
        lacking = [r for r in self.p.gaps.get(row.id, ()) if r != "incident_commander" or row.commander]
        if lacking:
            s.add(s.rect(x[2], top + 2 * third, widths[2], third),
                  "، ".join(fill(tr("no %1"), labels.role(r)) for r in lacking) if self.f.lang == "fa"
                  else ", ".join(fill(tr("no %1"), labels.role(r)) for r in lacking), CAPTION, colour=WARNING, name="gap")
        clock_h = s.line_height(CLOCK, True)
        s.add(s.rect(x[3], top, widths[3], clock_h), size=CLOCK, bold=True, ticking=lambda: self._elapsed(row),
              name="elapsed")
        line = s.line_height(BODY)
        sla = s.add(s.rect(x[3], top + clock_h, widths[3], line), size=BODY, ticking=lambda: self._sla(row), name="sla")
        sla.tint = lambda: self._sla_colour(row)
        if row.next_update is not None:  # the stakeholders' next status update, red and bold once overdue
            due = s.add(s.rect(x[3], top + clock_h + line, widths[3], line), size=BODY, name="next_update",
                        ticking=lambda: self._next_update(row))
            due.tint = lambda: BREACHED if row.next_update < self.now() else TEXT
        s.add(s.rect(x[4], top, widths[4], third), fill(tr("%1 open"), self.f.number(row.open_tasks)), BODY,
              name="tasks")
        if row.overdue_tasks:
            s.add(s.rect(x[4], top + third, widths[4], third),
                  fill(tr("%1 overdue"), self.f.number(row.overdue_tasks)), BODY, True, colour=WARNING,
                  name="overdue")

    def _chip(self, rect: QRectF, severity: str) -> None:
        s = self.s
        chip = QRectF(rect.left(), rect.top(), rect.width(), min(rect.height(), s.line_height(TITLE, True) * 1.3))
        s.add(chip, labels.severity(severity), TITLE, True, fill=QColor(SEVERITY_COLOURS.get(severity, "#455a64")),
              colour=QColor(SEVERITY_TEXT.get(severity, "#ffffff")), align=Qt.AlignmentFlag.AlignHCenter,
              name="severity")

    # -- the metrics page
    METRIC_ROWS = (("count", "count"), ("mtta", "duration"), ("mttr", "duration"), ("mtbmi", "duration"),
                   ("sla_breaches", "count"))

    def metric_texts(self, month: MonthFigures) -> dict[str, tuple[str, str, str]]:
        """Each measure's (this month, last month, change) as the page writes them: the monthly
        report's own formats (desktop.reports.monthly), in the language's digits."""
        from desktop.reports import monthly

        out = {}
        for key, kind in self.METRIC_ROWS:
            now, before = (_measure(figures, key) for figures in (month.figures, month.previous))
            if kind == "count":
                texts = (self.f.number(now), self.f.number(before))
            else:
                texts = (monthly.duration(now, self.f.display), monthly.duration(before, self.f.display))
            out[key] = (*texts, monthly.change(now, before, kind, self.f.display))
        return out

    def metrics(self, top: float, bottom: float, month: MonthFigures) -> None:
        """Five measures, a row each: the name, this month so far (large), last month, the change
        (amber when it is for the worse: more incidents, slower, more breaches, closer together)."""
        from desktop.reports.monthly import month_name

        s = self.s
        names = {"count": (tr("Major incidents"), tr("declared, not exercises")),
                 "mtta": (tr("MTTA"), tr("mean time to acknowledge")),
                 "mttr": (tr("MTTR"), tr("mean time to resolve")),
                 "mtbmi": (tr("Time between"), tr("mean time between incidents")),
                 "sla_breaches": (tr("SLA breaches"), tr("resolved late, or open past it"))}
        gutter = s.px(GUTTER)
        width = s.width - 2 * s.px(MARGIN)
        fractions = (0.28, 0.32, 0.24, 0.16)
        widths = [(width - 3 * gutter) * f for f in fractions]
        x = [s.px(MARGIN)]
        for w in widths[:-1]:
            x.append(x[-1] + w + gutter)
        caption_h = s.line_height(CAPTION) * 1.3
        this_month = month_name(month.month, self.f.lang)
        last_month = month_name(month.month.previous(self.f.display.timezone), self.f.lang)  # type: ignore[arg-type]
        for left, w, caption in zip(x, widths, ("", fill(tr("%1, so far"), this_month), last_month, tr("Change"))):
            if caption:
                s.add(s.rect(left, top, w, caption_h), caption, CAPTION, colour=MUTED, name="caption")
        y = top + caption_h
        height = (bottom - y) / len(self.METRIC_ROWS)
        texts = self.metric_texts(month)
        for key, _kind in self.METRIC_ROWS:
            now, before, change = texts[key]
            s.add(QRectF(0, y + height - s.px(2), s.width, s.px(2)), fill=RULE)
            name, hint = names[key]
            name_h = s.line_height(BODY, True)
            label_top = y + (height - name_h - s.line_height(CAPTION)) / 2
            s.add(s.rect(x[0], label_top, widths[0], name_h), name, BODY, True, name=f"metric:{key}")
            s.add(s.rect(x[0], label_top + name_h, widths[0], s.line_height(CAPTION)), hint, CAPTION, colour=MUTED,
                  name=f"hint:{key}")
            self._fitted(s.rect(x[1], y, widths[1], height - s.px(2)), now, (FIGURE, 60, 50, TITLE), f"now:{key}")
            self._fitted(s.rect(x[2], y, widths[2], height - s.px(2)), before, (TITLE, BODY, CAPTION),
                         f"before:{key}", colour=MUTED, bold=False)
            worse = _worse(key, month.figures, month.previous)
            self._fitted(s.rect(x[3], y, widths[3], height - s.px(2)), isolate(change, rtl=False), (BODY, CAPTION),
                         f"change:{key}", colour=WARNING if worse else TEXT)
            y += height

    def _fitted(self, rect: QRectF, text: str, sizes: tuple[float, ...], name: str, colour: QColor = TEXT,
                bold: bool = True) -> None:
        """``text`` on one line in the largest of ``sizes`` it fits whole, and no taller than the box."""
        s = self.s
        for size in sizes:
            if QFontMetricsF(s.font(size, bold)).horizontalAdvance(text) <= rect.width() and \
                    s.line_height(size, bold) <= rect.height():
                break
        s.add(rect, text, size, bold, colour=colour, name=name)

    # -- a sev1's focus page
    def focus(self, top: float, bottom: float, row: BoardRow, focus: Focus) -> None:
        s = self.s
        left, width = s.px(MARGIN), s.width - 2 * s.px(MARGIN)
        clock_w = s.px(760)
        header_h = s.line_height(TITLE, True) * 3 + s.px(PAD)
        self._chip(s.rect(left, top, s.px(CHIP), header_h), row.severity)
        title_x = left + s.px(CHIP) + s.px(GUTTER)
        title_w = width - s.px(CHIP) - clock_w - 2 * s.px(GUTTER)
        title = s.add(s.rect(title_x, top, title_w, header_h), labels.user_text(row.title), TITLE, True, max_lines=3,
                      centre_vertically=False, name="title")
        if title.cut:  # the focus page shows the whole title: smaller, on more lines
            s.boxes.remove(title)
            lines = int(header_h // s.line_height(BODY, True))
            s.add(title.rect, labels.user_text(row.title), BODY, True, max_lines=lines, centre_vertically=False,
                  name="title")
        big_h = s.line_height(BIG_CLOCK, True)
        s.add(s.rect(left + width - clock_w, top, clock_w, big_h), size=BIG_CLOCK, bold=True,
              ticking=lambda: self._elapsed(row), align=Qt.AlignmentFlag.AlignTrailing, name="elapsed")
        sla = s.add(s.rect(left + width - clock_w, top + big_h, clock_w, s.line_height(BODY)), size=BODY,
                    ticking=lambda: self._sla(row), align=Qt.AlignmentFlag.AlignTrailing, name="sla")
        sla.tint = lambda: self._sla_colour(row)
        if row.next_update is not None:
            due = s.add(s.rect(left + width - clock_w, top + big_h + s.line_height(BODY), clock_w, s.line_height(BODY)),
                        size=BODY, ticking=lambda: self._next_update(row), align=Qt.AlignmentFlag.AlignTrailing,
                        name="next_update")
            due.tint = lambda: BREACHED if row.next_update < self.now() else TEXT
        y = top + max(header_h, big_h + 2 * s.line_height(BODY)) + s.px(PAD)
        third = (width - 2 * s.px(GUTTER)) / 3
        panels = [left, left + third + s.px(GUTTER), left + 2 * (third + s.px(GUTTER))]
        self._lines(panels[0], y, third, bottom, tr("Team"), self._team_lines(row, focus))
        self._lines(panels[1], y, third, bottom, tr("Tasks"), self._task_lines(focus))
        self._lines(panels[2], y, third, bottom, tr("Latest on the timeline"), self._entry_lines(focus))

    def _team_lines(self, row: BoardRow, focus: Focus) -> list[tuple[str, QColor, bool]]:
        lines: list[tuple] = []  # where to go first: the room and the bridge, then who is who
        if focus.war_room:
            lines.append((fill(tr("War room: %1"), labels.user_text(focus.war_room)), TEXT, True, 2))
        if focus.bridge:
            # An address, a phone, a PIN: each left to right whole (a phone read backwards is dialled wrong).
            lines.append((fill(tr("Bridge: %1"), " · ".join(isolate(b, rtl=False) for b in focus.bridge)), TEXT, True, 2))
        lines += [(fill(tr("Needs: %1"), labels.role(role)), WARNING, True) for role in self.p.gaps.get(row.id, ())]
        lines += [(fill(tr("%1: %2"), labels.role(r.role), labels.user_text(r.person)), TEXT, False) for r in focus.team]
        return lines

    def _task_lines(self, focus: Focus) -> list[tuple[str, QColor, bool]]:
        lines = []
        for column, count, tasks in focus.columns:
            lines.append((fill(tr("%1 (%2)"), labels.column(column), self.f.number(count)), MUTED, True))
            for task in tasks:
                text = labels.user_text(task.title)
                lines.append((fill(tr("overdue: %1"), text), WARNING, False) if task.overdue else (text, TEXT, False))
        return lines

    def _entry_lines(self, focus: Focus) -> list[tuple[str, QColor, bool]]:
        words = QtWords()
        when = wire_time_words(self.f.datetime)
        return [(f"{self.f.time(e.at)}  {describe(e, words, focus.people, focus.tasks, labels.user_text, when)}",
                 TEXT, False, 2) for e in reversed(focus.entries)]  # the newest first

    def _lines(self, x: float, y: float, width: float, bottom: float, heading: str,
               lines: list[tuple]) -> None:
        """A panel: its heading, then each item — (text, colour, bold[, most lines]) — while they
        fit; the last line says how many more there are when not all do."""
        s = self.s
        s.add(s.rect(x, y, width, bottom - y), fill=PANEL)
        inner_x, inner_w = x + s.px(PAD), width - 2 * s.px(PAD)
        step = s.line_height(BODY)
        s.add(s.rect(inner_x, y, inner_w, step), heading, BODY, True, colour=MUTED, name="heading")
        y += step
        shown = 0
        for text, colour, bold, *most in lines:
            height = step * len(fit_lines(text, s.font(BODY, bold), inner_w, most[0] if most else 1)[0])
            last = shown == len(lines) - 1
            if y + height + (0 if last else step) > bottom:  # room kept for "and N more"
                break
            s.add(s.rect(inner_x, y, inner_w, height), text, BODY, bold, colour=colour,
                  max_lines=most[0] if most else 1, name="line")
            y += height
            shown += 1
        if shown < len(lines):
            s.add(s.rect(inner_x, y, inner_w, step), fill(tr("and %1 more"), self.f.number(len(lines) - shown)),
                  BODY, colour=MUTED, name="more")


def _measure(figures, key: str) -> float | None:  # noqa: ANN001 - a metrics.Figures
    return {"count": figures.count, "mtta": figures.mtta_s, "mttr": figures.mttr_s, "mtbmi": figures.mtbmi_s,
            "sla_breaches": figures.sla_breaches}[key]


def _worse(key: str, figures, previous) -> bool:  # noqa: ANN001 - metrics.Figures
    """Whether this month reads worse than the last on one measure (more time between incidents is better)."""
    now, before = _measure(figures, key), _measure(previous, key)
    if now is None or before is None or now == before:
        return False
    return now < before if key == "mtbmi" else now > before


def warn(sheet: Sheet, text: str) -> None:
    """A small warning on the footer's end side, over whatever was there (once)."""
    sheet.boxes = [box for box in sheet.boxes if box.name not in ("problem", "pages")]
    width = (sheet.width - 2 * sheet.px(MARGIN)) * 0.6
    rect = sheet.rect(sheet.width - sheet.px(MARGIN) - width, sheet.height - sheet.px(FOOTER), width, sheet.px(FOOTER))
    sheet.add(rect, fill=PANEL)
    sheet.add(rect, text, CAPTION, colour=WARNING, align=Qt.AlignmentFlag.AlignTrailing, name="problem")
