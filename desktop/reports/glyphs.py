"""Glyph outlines from a TrueType font's ``glyf`` table, for the few glyphs the PDF draws as
shapes rather than text (the Persian marks, placed over their letter: see flowables.draw_string).

ReportLab embeds TrueType fonts but positions no marks (no GPOS) and reads no outlines; this
reads simple and composite glyphs and hands them back as closed contours of quadratic segments.
"""

from __future__ import annotations

import struct
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

Point = tuple[float, float]
# A contour: a start point, then ("line", p) or ("quad", control, p) segments.
Contour = list[tuple]

_ON_CURVE, _X_SHORT, _Y_SHORT, _REPEAT, _X_SAME, _Y_SAME = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
_WORDS, _XY_VALUES, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 0x0001, 0x0002, 0x0008, 0x0020, 0x0040, 0x0080


class Face:
    """A registered TrueType font's metrics and outlines, in font units."""

    def __init__(self, font_name: str) -> None:
        face = pdfmetrics.getFont(font_name).face
        self._face = face
        self._data = face._ttf_data
        self._glyf = face.get_table_pos("glyf")[0]
        self.units = face.unitsPerEm

    def glyph(self, ch: str) -> int | None:
        return self._face.charToGlyph.get(ord(ch))

    def advance(self, glyph: int) -> int:
        return self._face.hmetrics[glyph][0]

    def _record(self, glyph: int) -> int | None:
        start, end = self._face.glyphPos[glyph], self._face.glyphPos[glyph + 1]
        return None if end == start else self._glyf + start

    def box(self, glyph: int) -> tuple[int, int, int, int] | None:
        """xMin, yMin, xMax, yMax; None for a glyph without outline (a space)."""
        at = self._record(glyph)
        if at is None:
            return None
        return struct.unpack_from(">hhhh", self._data, at + 2)

    def contours(self, glyph: int, depth: int = 0) -> list[list[tuple[float, float, bool]]]:
        """The glyph's contours as (x, y, on curve) points."""
        at = self._record(glyph)
        if at is None or depth > 8:
            return []
        count = struct.unpack_from(">h", self._data, at)[0]
        at += 10
        if count >= 0:
            return self._simple(at, count)
        out: list[list[tuple[float, float, bool]]] = []
        while True:  # a composite: components moved and scaled
            flags, component = struct.unpack_from(">HH", self._data, at)
            at += 4
            if flags & _WORDS:
                dx, dy = struct.unpack_from(">hh", self._data, at)
                at += 4
            else:
                dx, dy = struct.unpack_from(">bb", self._data, at)
                at += 2
            if not flags & _XY_VALUES:
                dx = dy = 0  # anchored by point numbers: not used by the marks this draws
            a, b, c, d = 1.0, 0.0, 0.0, 1.0
            if flags & _SCALE:
                a = d = struct.unpack_from(">h", self._data, at)[0] / 16384
                at += 2
            elif flags & _XY_SCALE:
                a, d = (v / 16384 for v in struct.unpack_from(">hh", self._data, at))
                at += 4
            elif flags & _TWO_BY_TWO:
                a, b, c, d = (v / 16384 for v in struct.unpack_from(">hhhh", self._data, at))
                at += 8
            for contour in self.contours(component, depth + 1):
                out.append([(a * x + c * y + dx, b * x + d * y + dy, on) for x, y, on in contour])
            if not flags & _MORE:
                return out

    def _simple(self, at: int, count: int) -> list[list[tuple[float, float, bool]]]:
        ends = struct.unpack_from(f">{count}H", self._data, at)
        at += 2 * count
        points = ends[-1] + 1 if ends else 0
        at += 2 + struct.unpack_from(">H", self._data, at)[0]  # skip the instructions
        flags: list[int] = []
        while len(flags) < points:
            flag = self._data[at]
            at += 1
            flags.append(flag)
            if flag & _REPEAT:
                flags += [flag] * self._data[at]
                at += 1
        xs, at = self._coordinates(at, flags, _X_SHORT, _X_SAME)
        ys, at = self._coordinates(at, flags, _Y_SHORT, _Y_SAME)
        out, first = [], 0
        for end in ends:
            out.append([(xs[i], ys[i], bool(flags[i] & _ON_CURVE)) for i in range(first, end + 1)])
            first = end + 1
        return out

    def _coordinates(self, at: int, flags: list[int], short: int, same: int) -> tuple[list[int], int]:
        values, value = [], 0
        for flag in flags:
            if flag & short:
                delta = self._data[at]
                at += 1
                value += delta if flag & same else -delta
            elif not flag & same:
                value += struct.unpack_from(">h", self._data, at)[0]
                at += 2
            values.append(value)
        return values, at


@lru_cache(maxsize=8)
def face(font_name: str) -> Face:
    return Face(font_name)


def draw_glyph(canvas, font_name: str, ch: str, x: float, y: float, size: float) -> None:  # noqa: ANN001
    """Fills the outline of ``ch`` with its origin at x, y (PDF points), in the fill colour."""
    f = face(font_name)
    glyph = f.glyph(ch)
    if glyph is None:
        return
    scale = size / f.units
    path = canvas.beginPath()
    drawn = False
    for contour in f.contours(glyph):
        if not contour:
            continue
        points = [(x + px * scale, y + py * scale, on) for px, py, on in contour]
        # Start on a point on the curve (or between two control points when there is none).
        start = next((i for i, p in enumerate(points) if p[2]), None)
        if start is None:
            (x0, y0, _), (x1, y1, _) = points[0], points[1 % len(points)]
            points.insert(0, ((x0 + x1) / 2, (y0 + y1) / 2, True))
            start = 0
        points = points[start:] + points[:start]
        current = points[0][:2]
        path.moveTo(*current)
        control = None
        for px, py, on in points[1:] + points[:1]:
            if on:
                if control is None:
                    path.lineTo(px, py)
                else:
                    _quad(path, current, control, (px, py))
                    control = None
                current = (px, py)
            elif control is None:
                control = (px, py)
            else:  # two control points in a row: the curve passes half way between them
                middle = ((control[0] + px) / 2, (control[1] + py) / 2)
                _quad(path, current, control, middle)
                current, control = middle, (px, py)
        path.close()
        drawn = True
    if drawn:
        canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # TrueType fills by the non-zero rule


def _quad(path, start: Point, control: Point, end: Point) -> None:  # noqa: ANN001
    path.curveTo(start[0] + 2 / 3 * (control[0] - start[0]), start[1] + 2 / 3 * (control[1] - start[1]),
                 end[0] + 2 / 3 * (control[0] - end[0]), end[1] + 2 / 3 * (control[1] - end[1]), end[0], end[1])
