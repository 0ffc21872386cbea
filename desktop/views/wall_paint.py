"""The wall's drawing: every page is a list of boxes (a filled rectangle, a text fitted to its
space) laid out for one window size, then painted with QPainter. Laying out once per picture and
keeping what was drawn means a test can check every text against its space (no clipping), and the
one-second tick repaints only the clocks.

Sizes are in pixels of a 1920×1080 wall and scaled to the window (3840×2160: twice): body text
34 px, readable from five metres; never below 32."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption

DESIGN_WIDTH, DESIGN_HEIGHT = 1920, 1080
BODY, CAPTION, TITLE, CLOCK, BIG_CLOCK = 34, 32, 38, 38, 104  # px at 1920×1080
FONT_FAMILY = "Vazirmatn"

BACKGROUND = QColor("#101418")
PANEL = QColor("#1b2229")
RULE = QColor("#2e3a44")
TEXT = QColor("#f2f4f5")
MUTED = QColor("#aeb9c2")
WARNING = QColor("#ffb74d")  # amber: overdue, unstaffed, offline — always with a word
BREACHED = QColor("#ff6e6e")


def font(px: float, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    return f


ISOLATES, POP = "\u2066\u2067", "\u2069"  # LRI, RLI; PDI


def fit_lines(text: str, face: QFont, width: float, max_lines: int) -> tuple[list[str], bool]:
    """``text`` broken into lines no wider than ``width``, at most ``max_lines`` of them; the last
    one elided ("…") when the text does not fit. Returns (lines, whether anything was cut)."""
    text = " ".join(text.split())  # newlines and runs of spaces: one space
    if not text or width <= 0:
        return [], bool(text)
    if len(text) > 2 and text[0] in ISOLATES and text[-1] == POP:
        # People's words in their own direction (labels.user_text): broken without the marks,
        # then each line wrapped in them again — a second line without its mark would be laid
        # out in the page's direction, its words and quotes reordered.
        mark = text[0]
        lines, cut = fit_lines(text[1:-1], face, width, max_lines)
        return [f"{mark}{line}{POP}" for line in lines], cut
    metrics = QFontMetricsF(face)
    if max_lines == 1 or metrics.horizontalAdvance(text) <= width:
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return [shown], shown != text
    layout = QTextLayout(text, face)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start:start + length].strip() for start, length in starts[:max_lines]]
    cut = len(starts) > max_lines
    if cut:
        rest = text[starts[max_lines - 1][0]:].strip()
        lines[-1] = metrics.elidedText(rest + "…", Qt.TextElideMode.ElideRight, width)
    # A word longer than the line is broken anywhere; each piece still fits.
    lines = [line if metrics.horizontalAdvance(line) <= width else
             metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]
    return lines, cut


@dataclass
class Box:
    """A rectangle of the page: filled, framed, or holding text fitted to it."""

    rect: QRectF
    text: str = ""  # the whole text (the page shows ``lines``)
    face: QFont | None = None
    colour: QColor = field(default_factory=lambda: QColor(TEXT))
    fill: QColor | None = None
    max_lines: int = 1
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeading
    centre_vertically: bool = True
    ticking: Callable[[], str] | None = None  # a clock: its text asked at every paint
    tint: Callable[[], QColor] | None = None  # …and its colour (an SLA turns red when breached)
    lines: list[str] = field(default_factory=list)
    cut: bool = False
    name: str = ""  # what it shows (tests find boxes by it)

    def fit(self) -> None:
        if self.face is not None:
            self.lines, self.cut = fit_lines(self.ticking() if self.ticking else self.text, self.face,
                                             self.rect.width(), self.max_lines)


class Sheet:
    """One page's boxes for one window size and direction."""

    def __init__(self, width: float, height: float, rtl: bool) -> None:
        self.width, self.height, self.rtl = width, height, rtl
        self.scale = min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT)
        self.boxes: list[Box] = []
        self.day = ""  # the date it was laid out on (the top bar shows it)

    def px(self, design: float) -> float:
        return design * self.scale

    def font(self, design_px: float, bold: bool = False) -> QFont:
        return font(self.px(design_px), bold)

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        """A rectangle given from the reading start (the right in Persian): mirrored for RTL."""
        return QRectF(self.width - x - w if self.rtl else x, y, w, h)

    def add(self, rect: QRectF, text: str = "", size: float = BODY, bold: bool = False, **kwargs: object) -> Box:
        box = Box(rect, text, self.font(size, bold) if (text or kwargs.get("ticking")) else None, **kwargs)
        box.fit()
        self.boxes.append(box)
        return box

    def line_height(self, design_px: float, bold: bool = False) -> float:
        return QFontMetricsF(self.font(design_px, bold)).lineSpacing()

    # -- painting
    def paint(self, painter: QPainter, ticking: bool | None = None) -> None:
        """Paints the boxes (``ticking``: only the clocks, only the rest, or all when None)."""
        for box in self.boxes:
            if ticking is not None and (box.ticking is not None) != ticking:
                continue
            if box.fill is not None:
                painter.fillRect(box.rect, box.fill)
            if box.ticking is not None:
                box.fit()
                if box.tint is not None:
                    box.colour = box.tint()
            if box.lines:
                self._text(painter, box)

    def _text(self, painter: QPainter, box: Box) -> None:
        painter.setFont(box.face)
        painter.setPen(box.colour)
        metrics = QFontMetricsF(box.face)
        spacing = metrics.lineSpacing()
        height = spacing * len(box.lines)
        top = box.rect.top() + ((box.rect.height() - height) / 2 if box.centre_vertically else 0)
        option = QTextOption(box.align)
        option.setTextDirection(Qt.LayoutDirection.RightToLeft if self.rtl else Qt.LayoutDirection.LeftToRight)
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
        for n, line in enumerate(box.lines):
            painter.drawText(QRectF(box.rect.left(), top + n * spacing, box.rect.width(), spacing), line, option)

    def ticking_rects(self) -> list[QRectF]:
        return [box.rect for box in self.boxes if box.ticking is not None]

    def texts(self) -> list[Box]:
        return [box for box in self.boxes if box.lines]

    def overflowing(self) -> list[Box]:
        """Boxes whose text is wider or taller than their space (a test asks for none)."""
        found = []
        for box in self.texts():
            metrics = QFontMetricsF(box.face)
            wide = max(metrics.horizontalAdvance(line) for line in box.lines) > box.rect.width() + 0.5
            tall = metrics.lineSpacing() * len(box.lines) > box.rect.height() + 0.5
            if wide or tall:
                found.append(box)
        return found

