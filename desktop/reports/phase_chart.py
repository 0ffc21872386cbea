"""The incident's phases as horizontal bars on one time axis (ReportLab graphics)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from desktop.reports import shaping
from desktop.reports.flowables import MUTED, REGULAR, RULE

PHASE_COLOURS = {"identification": "#ef6c00", "containment": "#c62828", "resolution": "#2e7d32",
                 "maintenance": "#1565c0"}


def phases(incident: dict, now: dt.datetime) -> list[tuple[str, dt.datetime, dt.datetime, bool]]:
    """(phase, start, end, still running) for each phase the incident has entered."""
    detected = incident.get("detected_at") or incident.get("reported_at")
    declared, contained = incident.get("declared_at"), incident.get("contained_at")
    resolved, finished = incident.get("resolved_at"), incident.get("closed_at")
    spans = []
    if detected:
        spans.append(("identification", detected, declared or now, declared is None))
    if declared:
        fix_start = contained or declared
        if contained:
            spans.append(("containment", declared, contained, False))
        spans.append(("resolution", fix_start, resolved or now, resolved is None))
    if resolved and incident.get("status") in ("in_review", "closed"):
        spans.append(("maintenance", resolved, finished or now, finished is None))
    return spans


def chart(spans: list[tuple[str, dt.datetime, dt.datetime, bool]], width: float, rtl: bool,
          label: Callable[[str], str], tick: Callable[[dt.datetime], str]) -> Drawing:
    """One bar per phase; in right-to-left documents time runs from right to left."""
    row, label_width, top = 20, 95, 16
    height = top + row * len(spans) + 28
    drawing = Drawing(width, height)
    if not spans:
        return drawing
    start = min(s[1] for s in spans)
    end = max(s[2] for s in spans)
    span = max((end - start).total_seconds(), 60.0)
    plot_left = 0 if rtl else label_width
    plot_width = width - label_width

    def x(moment: dt.datetime) -> float:
        offset = (moment - start).total_seconds() / span * plot_width
        return plot_left + (plot_width - offset if rtl else offset)

    for n, (name, begin, finish, running) in enumerate(spans):
        y = height - top - (n + 1) * row
        left, right = sorted((x(begin), x(finish)))
        colour = colors.HexColor(PHASE_COLOURS[name])
        drawing.add(Rect(left, y + 4, max(right - left, 2), row - 8, fillColor=colour, strokeColor=None))
        if running:  # an open phase fades out at "now"
            drawing.add(Rect(right - 3 if not rtl else left, y + 4, 3, row - 8,
                             fillColor=colors.white, strokeColor=None))
        text = shaping.visual(label(name), rtl)
        drawing.add(String(width - 4 if rtl else label_width - 6, y + 7, text, fontName=REGULAR,
                           fontSize=8.5, fillColor=colors.black, textAnchor="end"))
    axis_y = height - top - len(spans) * row - 2
    drawing.add(Line(plot_left, axis_y, plot_left + plot_width, axis_y, strokeColor=RULE))
    for n in range(5):
        moment = start + dt.timedelta(seconds=span * n / 4)
        text = shaping.visual(tick(moment), rtl)
        anchor = "middle" if 0 < n < 4 else ("end" if (n == 4) != rtl else "start")
        drawing.add(Line(x(moment), axis_y, x(moment), axis_y - 3, strokeColor=MUTED))
        drawing.add(String(x(moment), axis_y - 13, text, fontName=REGULAR, fontSize=7,
                           fillColor=MUTED, textAnchor=anchor))
    return drawing
