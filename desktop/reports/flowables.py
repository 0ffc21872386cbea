"""ReportLab pieces that draw Persian right: shaped paragraphs, mirrored tables, numbered pages."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, TableStyle

from desktop.paths import resources
from desktop.reports import glyphs, shaping
from desktop.reports.words import fill
from desktop.text.normalize import to_persian_digits

REGULAR, BOLD = "Vazirmatn", "Vazirmatn-Bold"
INK = colors.HexColor("#263238")
MUTED = colors.HexColor("#607d8b")
RULE = colors.HexColor("#cfd8dc")
ALERT = colors.HexColor("#c62828")
MARGIN = 18 * mm


@cache
def register_fonts(folder: Path | None = None) -> None:
    """Vazirmatn (TrueType outlines, embedded as subsets) for every script in the document."""
    folder = folder or resources() / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vazirmatn-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "Vazirmatn-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    # ReportLab graphics begin every drawing in this font: left at Helvetica, each PDF with a
    # chart would reference a font that is not embedded.
    from reportlab.graphics.shapes import STATE_DEFAULTS

    STATE_DEFAULTS["fontName"] = REGULAR


_GAP = 140  # font units between a letter's ink and a mark moved clear of it


_MARK = re.compile("[\u064b-\u065f\u0670]")


def _is_mark(ch: str) -> bool:
    return "\u064b" <= ch <= "\u065f" or ch == "\u0670"


def draw_string(canvas: Canvas, x: float, y: float, shown: str, font: str, size: float) -> None:
    """``shown`` (drawing order, see shaping.visual) at x, y. ReportLab positions no marks, and
    Vazirmatn's zero-width marks would sit at their letter's left edge (a fatha on ک reads گ, a
    shadda runs into ل): each mark is drawn as a shape centred over its letter, clear of its ink
    and of the marks already there. The text layer keeps every mark in its place, invisible
    (render mode 3), so pdftotext, search and copy read the text as it was written; a mark
    moved in the text itself would be read as a word of its own."""
    if not _MARK.search(shown):
        canvas.drawString(x, y, shown)
        return
    text = canvas.beginText()
    text.setFont(font, size)
    text.setTextOrigin(x, y)
    f = glyphs.face(font)
    unit = size / f.units
    pen, i, shapes = x, 0, []
    while i < len(shown):
        j = i
        while j < len(shown) and not _is_mark(shown[j]):
            j += 1
        if j > i:
            text.textOut(shown[i:j])
            pen += pdfmetrics.stringWidth(shown[i:j], font, size)
        k = j
        while k < len(shown) and _is_mark(shown[k]):
            k += 1
        if k == j:
            i = k
            continue
        text.setTextRenderMode(3)
        text.textOut(shown[j:k])
        text.setTextRenderMode(0)
        # In a right-to-left run a letter's marks come just before it in drawing order.
        after = k < len(shown) and unicodedata.bidirectional(shown[k]) in ("AL", "R")
        base = shown[k] if after else (shown[j - 1] if j > 0 else " ")
        base_x = pen if after else pen - pdfmetrics.stringWidth(base, font, size)
        glyph = f.glyph(base)
        box = f.box(glyph) if glyph is not None else None
        left, bottom, right, top = box or (0, 0, f.advance(glyph) if glyph is not None else 0, 0)
        for mark in shown[j:k]:
            mark_glyph = f.glyph(mark)
            ink = f.box(mark_glyph) if mark_glyph is not None else None
            if ink is None:
                continue
            if ink[1] + ink[3] > 0:  # above the letter, and above the marks already over it
                lift = max(0, top + _GAP - ink[1])
                top = ink[3] + lift
            else:
                lift = min(0, bottom - _GAP - ink[3])
                bottom = ink[1] + lift
            shift = (left + right) / 2 - (ink[0] + ink[2]) / 2
            shapes.append((mark, base_x + shift * unit, y + lift * unit))
        i = k
    canvas.drawText(text)
    for mark, mark_x, mark_y in shapes:
        glyphs.draw_glyph(canvas, font, mark, mark_x, mark_y, size)


class Text(Flowable):
    """A paragraph in either direction: wrapped in logical order, each line reordered for
    drawing, aligned to the start of its reading direction. Splits across pages. In a
    right-to-left document every paragraph is right to left; in a left-to-right one, a paragraph
    whose first letter is Persian is too (a Persian title in an English report)."""

    def __init__(self, text: str, rtl: bool, size: float = 10, bold: bool = False,
                 color: colors.Color = INK, space_before: float = 0, space_after: float = 3,
                 align: str = "start", raw: bool = False) -> None:
        super().__init__()
        self.text = text if raw else shaping.clean(text)
        self.page_rtl = rtl  # the document's direction; the paragraph's may differ
        self.rtl = rtl or shaping.starts_rtl(self.text)
        self.size = size
        self.font = BOLD if bold else REGULAR
        self.color, self.align = color, align
        self.leading = size * 1.55  # Persian marks above and below need air
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self.lines: list[str] = []
        self._width = 0.0

    def _measure(self, text: str) -> float:
        return pdfmetrics.stringWidth(text, self.font, self.size)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if not self.lines or self._width != available_width:
            self.lines = shaping.wrap(self.text, available_width, self._measure)
            self._width = available_width
        # Kept on the flowable: a table splitting a row reads a cell's height from here.
        self.width, self.height = available_width, len(self.lines) * self.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """The lines that fit, and the rest; nothing when not even one line fits, or all do
        (a table cell being split needs two parts or none)."""
        self.wrap(available_width, available_height)
        fit = int(available_height // self.leading)
        if fit <= 0 or fit >= len(self.lines):
            return []
        parts = []
        for lines, before, after in ((self.lines[:fit], self.spaceBefore, 0), (self.lines[fit:], 0, self.spaceAfter)):
            part = Text("\n".join(lines), self.page_rtl, self.size, self.font == BOLD, self.color, before, after,
                        self.align, raw=True)
            part.rtl = self.rtl
            parts.append(part)
        return parts

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.color)
        for n, line in enumerate(self.lines):
            y = (len(self.lines) - n - 1) * self.leading + self.size * 0.45
            shown = shaping.visual(line, self.rtl, ltr_page=not self.page_rtl)
            width = self._measure(shown)
            if self.align == "center":
                x = (self._width - width) / 2
            elif self.rtl:
                x = self._width - width
            else:
                x = 0
            draw_string(canvas, x, y, shown, self.font, self.size)


class Rule(Flowable):
    def __init__(self, space: float = 4) -> None:
        super().__init__()
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._width = available_width
        return available_width, 1

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 0, self._width, 0)


class _Grid(LongTable):
    """A table whose rows taller than half a page (a pasted log in a note) split where they are,
    line by line, rather than move whole to the next page, which they would not fit either;
    shorter rows move whole. At least ``MIN_PART`` points of a split row stay on the page."""

    TALL = 360
    MIN_PART = 30

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        heights = getattr(self, "_rowHeights", None)  # from the wrap just before (measuring again costs)
        if heights:
            n = self._getFirstPossibleSplitRowPosition(availHeight)
            if n < len(heights) and heights[n] > self.TALL:
                self._calc(availWidth, availHeight)
                parts = self._splitRows(availHeight, doInRowSplit=True)
                if parts:
                    return parts
        return super().split(availWidth, availHeight)


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], rtl: bool, header: bool = True,
          size: float = 8.5) -> LongTable:
    """A grid of shaped cells; in right-to-left documents the columns run from the right, so the
    first column given is drawn rightmost."""
    order = list(reversed(range(len(widths)))) if rtl else list(range(len(widths)))
    # Each cell is a list of flowables, so a row taller than a page (a pasted log in a note)
    # splits inside itself, line by line, instead of stopping the document (splitInRow).
    cells = [[row[i] if isinstance(row[i], list) else [
        row[i] if isinstance(row[i], Flowable) else Text(str(row[i]), rtl, size, bold=header and r == 0, space_after=0)]
        for i in order] for r, row in enumerate(rows)]  # a cell may be flowables of its own (a signed number)
    grid = _Grid(cells, colWidths=[widths[i] for i in order], repeatRows=1 if header else 0,
                 splitInRow=_Grid.MIN_PART)
    style = [("FONTNAME", (0, 0), (-1, -1), REGULAR),  # the cell default, else Helvetica is referenced
             ("GRID", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")))
    grid.setStyle(TableStyle(style))
    return grid


def numbered_canvas(footer: str, header: str, rtl: bool, watermark: str | None,
                    number: Callable[[int], str] | None = None):
    """A canvas that knows the page count when it writes each page's header and footer;
    ``number`` writes the page numbers (DisplayFormat.number; by default the direction's digits)."""
    if number is None:
        def number(n: int) -> str:
            return to_persian_digits(str(n)) if rtl else str(n)

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self._decorate(self._pageNumber, total)
                super().showPage()
            super().save()

        def _text(self, text: str, x: float, y: float, size: float, anchor: str) -> None:
            shown = shaping.visual(text, rtl)
            self.setFont(REGULAR, size)
            width = pdfmetrics.stringWidth(shown, REGULAR, size)
            draw_string(self, x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0), y, shown,
                        REGULAR, size)

        def _decorate(self, page_number: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFillColor(MUTED)
            page = fill(footer, number(page_number), number(total))
            self._text(page, width / 2, 20, 8, "middle")
            if rtl:
                self._text(header, width - MARGIN, height - 30, 8, "end")
            else:
                self._text(header, MARGIN, height - 30, 8, "start")
            self.setStrokeColor(RULE)
            self.line(MARGIN, height - 36, width - MARGIN, height - 36)
            if watermark:
                self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.08))
                self.translate(width / 2, height / 2)
                self.rotate(35)
                self._text(watermark, 0, 0, 90, "middle")
            self.restoreState()

    return NumberedCanvas
