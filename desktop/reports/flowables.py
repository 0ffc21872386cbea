"""ReportLab pieces that draw Persian right: shaped paragraphs, mirrored tables, numbered pages."""

from __future__ import annotations

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
from desktop.reports import shaping
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
        return available_width, len(self.lines) * self.leading

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fit = int(available_height // self.leading)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        first = Text("\n".join(self.lines[:fit]), self.rtl, self.size, self.font == BOLD, self.color,
                     self.spaceBefore, 0, self.align, raw=True)
        rest = Text("\n".join(self.lines[fit:]), self.rtl, self.size, self.font == BOLD, self.color,
                    0, self.spaceAfter, self.align, raw=True)
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        canvas.setFillColor(self.color)
        for n, line in enumerate(self.lines):
            y = (len(self.lines) - n - 1) * self.leading + self.size * 0.45
            shown = shaping.visual(line, self.rtl)
            width = self._measure(shown)
            if self.align == "center":
                x = (self._width - width) / 2
            elif self.rtl:
                x = self._width - width
            else:
                x = 0
            canvas.drawString(x, y, shown)


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


def table(rows: Sequence[Sequence[str]], widths: Sequence[float], rtl: bool, header: bool = True,
          size: float = 8.5) -> LongTable:
    """A grid of shaped cells; in right-to-left documents the columns run from the right, so the
    first column given is drawn rightmost."""
    order = list(reversed(range(len(widths)))) if rtl else list(range(len(widths)))
    cells = [[Text(str(row[i]), rtl, size, bold=header and r == 0, space_after=0) for i in order]
             for r, row in enumerate(rows)]
    grid = LongTable(cells, colWidths=[widths[i] for i in order], repeatRows=1 if header else 0)
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
            self.drawString(x - (width if anchor == "end" else width / 2 if anchor == "middle" else 0), y, shown)

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
