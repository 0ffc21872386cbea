"""CSV for spreadsheet programs: UTF-8 with a byte-order mark (so they read Persian right), and
no cell they would run as a formula — values come from people and from other stations."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def cell(text: str) -> str:
    """A value a spreadsheet would run as a formula (=, +, -, @ first) is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
