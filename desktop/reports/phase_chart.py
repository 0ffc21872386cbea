"""The incident's phases as horizontal bars on one time axis (ReportLab graphics)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from desktop.reports import shaping
from desktop.reports.flowables import MUTED, REGULAR, RULE

PHASE_COLOURS = {"identification": "#ef6c00", "containment": "#c62828", "resolution": "#2e7d32",
                 "review": "#1565c0"}
MIN_BAR = 6.0  # points: a phase of a few minutes in a week-long incident is still seen


def phases(incident: dict, now: dt.datetime) -> list[tuple[str, dt.datetime, dt.datetime, bool]]:
    """(phase, start, end, still running) for each phase the incident has entered: identification
    from detection to the declaration, containment from the declaration until contained,
    resolution until resolved (from the declaration when it was never marked contained), and the
    review from the resolution until closed, once the review has begun."""
    detected = incident.get("detected_at") or incident.get("reported_at")
    declared, contained = incident.get("declared_at"), incident.get("contained_at")
    resolved, finished = incident.get("resolved_at"), incident.get("closed_at")
    spans = []
    if detected:
        spans.append(("identification", detected, declared or now, declared is None))
    if declared:
        if contained:
            spans.append(("containment", declared, contained, False))
            spans.append(("resolution", contained, resolved or now, resolved is None))
        elif resolved:  # fixed without a contained step
            spans.append(("resolution", declared, resolved, False))
        else:  # declared and not yet contained: containment is what is running
            spans.append(("containment", declared, now, True))
    if resolved and incident.get("status") in ("in_review", "closed"):
        spans.append(("review", resolved, finished or now, finished is None))
    return spans


def chart(spans: list[tuple[str, dt.datetime, dt.datetime, bool]], width: float, rtl: bool,
          label: Callable[[str], str], tick: Callable[[dt.datetime], str]) -> Drawing:
    """One bar per phase; in right-to-left documents time runs from right to left. A bar is at
    least ``MIN_BAR`` wide, kept inside the plot; a running phase ends in a lighter band ("now")."""
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
    plot_right = plot_left + plot_width

    def x(moment: dt.datetime) -> float:
        offset = (moment - start).total_seconds() / span * plot_width
        return plot_left + (plot_width - offset if rtl else offset)

    for n, (name, begin, finish, running) in enumerate(spans):
        y = height - top - (n + 1) * row
        left, right = sorted((x(begin), x(finish)))
        if right - left < MIN_BAR:  # grows from where the phase began, and stays inside the plot
            if rtl:
                left = max(plot_left, right - MIN_BAR)
                right = left + MIN_BAR
            else:
                right = min(plot_right, left + MIN_BAR)
                left = right - MIN_BAR
        colour = colors.HexColor(PHASE_COLOURS[name])
        drawing.add(Rect(left, y + 4, right - left, row - 8, fillColor=colour, strokeColor=None))
        if running and right - left >= 3 * MIN_BAR:  # an open phase fades out at "now"
            band = colors.Color(colour.red, colour.green, colour.blue, alpha=0.35)
            drawing.add(Rect(left if rtl else right - MIN_BAR, y + 4, MIN_BAR, row - 8,
                             fillColor=colors.white, strokeColor=None))
            drawing.add(Rect(left if rtl else right - MIN_BAR, y + 4, MIN_BAR, row - 8,
                             fillColor=band, strokeColor=None))
        text = shaping.visual(label(name), rtl)
        drawing.add(String(width - 4 if rtl else label_width - 6, y + 7, text, fontName=REGULAR,
                           fontSize=8.5, fillColor=colors.black, textAnchor="end"))
    axis_y = height - top - len(spans) * row - 2
    drawing.add(Line(plot_left, axis_y, plot_right, axis_y, strokeColor=RULE))
    for n in range(5):
        moment = start + dt.timedelta(seconds=span * n / 4)
        text = shaping.visual(tick(moment), rtl)
        anchor = "middle" if 0 < n < 4 else ("end" if (n == 4) != rtl else "start")
        drawing.add(Line(x(moment), axis_y, x(moment), axis_y - 3, strokeColor=MUTED))
        drawing.add(String(x(moment), axis_y - 13, text, fontName=REGULAR, fontSize=7,
                           fillColor=MUTED, textAnchor=anchor))
    return drawing
