"""The monthly report's charts (ReportLab graphics, like phase_chart): columns over categories
(the months of the trend, the buckets of time to resolve) and bars per name (services).

Right to left in Persian: the first category is drawn rightmost, the value axis stands on the
right, bars grow from the right; every number is written by the caller (Persian digits)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports import shaping
from desktop.reports.flowables import INK, MUTED, REGULAR, RULE

BAR = colors.HexColor("#1565c0")
SECOND = colors.HexColor("#2e7d32")
TICK_SIZE, LABEL_SIZE, VALUE_SIZE = 7, 7.5, 6.5


def nice_ticks(top: float, most: int = 5) -> list[float]:
    """0 and round steps (1, 2 or 5 × 10ⁿ) up to at least ``top``, at most ``most`` + 1 of them."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    count = math.ceil(top / step - 1e-9)
    return [step * n for n in range(count + 1)]


def fitted(text: str, width: float, size: float) -> str:
    """``text`` cut short (…) to ``width`` points."""
    text = shaping.clean(text).replace("\n", " ")

    def fits(candidate: str) -> bool:
        return shaping.width_of(candidate, lambda s: stringWidth(s, REGULAR, size)) <= width

    if fits(text):
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if fits(text[:middle].rstrip() + "…") else (low, middle - 1)
    return text[:low].rstrip() + "…"


def _string(drawing: Drawing, x: float, y: float, text: str, rtl: bool, size: float = LABEL_SIZE,
            anchor: str = "middle", colour: colors.Color = INK) -> None:
    drawing.add(String(x, y, shaping.visual(text, rtl), fontName=REGULAR, fontSize=size, fillColor=colour,
                       textAnchor=anchor))


def columns(values: Sequence[float | None], labels: Sequence[tuple[str, str]], width: float, rtl: bool,
            number: Callable[[float], str], tick: Callable[[float], str], colour: colors.Color = BAR,
            height: float = 130) -> Drawing:
    """One column per category, its value written over it (nothing for None: no data that month);
    ``labels`` are one or two lines under each column. The value axis is on the reading start side."""
    drawing = Drawing(width, height)
    axis_w, below, above = 34, 26, 12
    plot_left, plot_right = (0, width - axis_w) if rtl else (axis_w, width)
    plot_bottom, plot_top = below, height - above
    ticks = nice_ticks(max([v for v in values if v is not None] or [0]))
    top = ticks[-1] or 1

    def y(value: float) -> float:
        return plot_bottom + value / top * (plot_top - plot_bottom)

    for value in ticks:
        drawing.add(Line(plot_left, y(value), plot_right, y(value), strokeColor=RULE, strokeWidth=0.5))
        _string(drawing, plot_right + 4 if rtl else plot_left - 4, y(value) - 2.5, tick(value), rtl, TICK_SIZE,
                "start" if rtl else "end", MUTED)
    slot = (plot_right - plot_left) / max(1, len(values))
    bar_w = min(slot * 0.62, 40)
    for n, (value, (first, second)) in enumerate(zip(values, labels)):
        centre = plot_right - (n + 0.5) * slot if rtl else plot_left + (n + 0.5) * slot
        if value is not None:
            drawing.add(Rect(centre - bar_w / 2, plot_bottom, bar_w, max(0.0, y(value) - plot_bottom),
                             fillColor=colour, strokeColor=None))
            _string(drawing, centre, y(value) + 2, number(value), rtl, VALUE_SIZE, colour=INK)
        _string(drawing, centre, plot_bottom - 10, fitted(first, slot - 2, LABEL_SIZE), rtl)
        if second:
            _string(drawing, centre, plot_bottom - 20, fitted(second, slot - 2, TICK_SIZE), rtl, TICK_SIZE,
                    colour=MUTED)
    drawing.add(Line(plot_left, plot_bottom, plot_right, plot_bottom, strokeColor=MUTED, strokeWidth=0.8))
    return drawing


def bars(rows: Sequence[tuple[str, float]], width: float, rtl: bool, number: Callable[[float], str],
         colour: colors.Color = BAR, row: float = 15) -> Drawing:
    """One bar per name, the longest the largest; the names on the reading start side, each
    value written at the end of its bar."""
    label_w, value_w = min(150.0, width * 0.32), 36
    drawing = Drawing(width, row * len(rows) + 4)
    if not rows:
        return drawing
    top = max(v for _, v in rows) or 1
    plot_w = width - label_w - value_w
    for n, (name, value) in enumerate(rows):
        y = drawing.height - (n + 1) * row
        length = value / top * plot_w
        name_text = fitted(name, label_w - 8, LABEL_SIZE)
        if rtl:
            start = width - label_w
            drawing.add(Rect(start - length, y + 3, length, row - 6, fillColor=colour, strokeColor=None))
            _string(drawing, width, y + 4.5, name_text, rtl, anchor="end")
            _string(drawing, start - length - 3, y + 4.5, number(value), rtl, VALUE_SIZE, "end")
        else:
            start = label_w
            drawing.add(Rect(start, y + 3, length, row - 6, fillColor=colour, strokeColor=None))
            _string(drawing, 0, y + 4.5, name_text, rtl, anchor="start")
            _string(drawing, start + length + 3, y + 4.5, number(value), rtl, VALUE_SIZE, "start")
    return drawing
