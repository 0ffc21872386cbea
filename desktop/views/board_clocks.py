"""The board's table with a cheap one-second tick.

Repainting a ticking cell the ordinary way (dataChanged → per-cell style option, nine data()
calls into Python, QStyle laying the text out) costs ~0.2 ms a cell: 10–20 ms a second for a
full board. The tick instead invalidates exactly the clock cells on screen and paints them in
one pass — background, then the text drawn straight with QPainter — ~1 ms in all. Any other
paint (an edit, a scroll, a resize, a selection change) goes through Qt's own path, so the
fast path only ever redraws cells it fully owns; a test checks both paths give the same pixels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import QStyle, QTableView, QWidget


_CENTRED_TOP = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
Face = tuple[str, QColor | None, bool]


class ClockTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ticking_columns: tuple[int, ...] = ()
        # row → one (text, colour or None, bold) per ticking column: what the model shows
        # there, asked in one call instead of one data() per role and cell.
        self.clock_faces: Callable[[int], list[Face]] = lambda _row: []
        self._ticked: QRegion | None = None
        self._rows: list[tuple[int, list[QRect]]] = []
        self.fast_paints = 0  # how many paints took the tick's path (tests, benchmarks)

    def tick(self) -> None:
        """Mark the clock cells on screen dirty; ``paintEvent`` redraws them in one pass."""
        if not self.isVisible() or not self.ticking_columns:
            return
        model = self.model()
        top = self.rowAt(0)
        if top < 0:
            return
        bottom = self.rowAt(self.viewport().height() - 1)
        bottom = bottom if bottom >= 0 else model.rowCount() - 1
        current = self.currentIndex()
        if current.isValid() and current.column() in self.ticking_columns and top <= current.row() <= bottom:
            # Its focus frame is the style's to draw: let Qt repaint the clock cells this time.
            for row in range(top, bottom + 1):
                for column in self.ticking_columns:
                    self.update(model.index(row, column))
            return
        # The cell inside its grid lines. In RTL QTableView paints a cell one pixel right of
        # visualRect(), past the grid line that is then on its left.
        shift = 1 if self.showGrid() and self.isRightToLeft() else 0
        region = QRegion()
        rows = []
        shown = self.viewport().rect()
        for row in range(top, bottom + 1):
            rects = [self.visualRect(model.index(row, column)).translated(shift, 0) for column in self.ticking_columns]
            rows.append((row, rects))
            for rect in rects:
                region += rect.intersected(shown)  # a clock scrolled sideways out of sight costs nothing
        if region.isEmpty():
            return
        self._rows, self._ticked = rows, region
        self.viewport().update(region)

    def clock_margin(self) -> int:
        """The text margin QStyle leaves inside a cell, so both paths place the text alike."""
        return self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self) + 1

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        ticked, self._ticked = self._ticked, None
        if ticked is None or not event.region().subtracted(ticked).isEmpty():
            super().paintEvent(event)  # something else is dirty too: Qt paints it all
            return
        self.fast_paints += 1
        painter = QPainter(self.viewport())
        selection = self.selectionModel()
        palette = self.palette()
        group = QPalette.ColorGroup.Active if self.isActiveWindow() else QPalette.ColorGroup.Inactive
        base = palette.brush(group, QPalette.ColorRole.Base)
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        text_colour = palette.color(group, QPalette.ColorRole.Text)
        highlighted_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        view_font = self.font()
        bold = QFont(view_font)
        bold.setBold(True)
        view_metrics, bold_metrics = QFontMetricsF(view_font), QFontMetricsF(bold)
        root = self.rootIndex()
        margin = self.clock_margin()
        for row, rects in self._rows:
            selected = selection.isRowSelected(row, root)
            for rect, (text, colour, is_bold) in zip(rects, self.clock_faces(row), strict=True):
                painter.fillRect(rect, highlight if selected else base)
                painter.setPen(highlighted_text if selected else (colour or text_colour))
                font, metrics = (bold, bold_metrics) if is_bold else (view_font, view_metrics)
                painter.setFont(font)
                # Where QStyle puts a centred one-line text, so a ticked cell and a repainted
                # one match to the pixel.
                inner = rect.adjusted(margin, 0, -margin, 0)
                height = round(metrics.ascent() + metrics.descent())
                top = inner.y() + (inner.height() - height) // 2
                painter.drawText(QRectF(inner.x(), top, inner.width(), height), _CENTRED_TOP, text)
        painter.end()
