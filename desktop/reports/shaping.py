"""Persian (and mixed) text for a PDF, which draws glyphs where it is told and knows no bidi.

persian.md's recipe: reshape the logical text (joining forms), wrap it in logical order, then
reorder each line with the pure-Python ``bidi.algorithm.get_display`` (it mirrors brackets; the
Rust ``bidi.get_display`` does not). That algorithm predates isolates, so Latin runs (hostnames,
codes, "HTTP 503 (Service Unavailable)") and digit groups (+98 21 8888 1234) are wrapped in
LRE…PDF to keep their own order inside right-to-left lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import arabic_reshaper
from bidi.algorithm import get_display

LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"
_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")  # in people's words
_OURS = re.compile("[\u202a\u202b\u202c]")
# A run that starts with a Latin letter and goes on through Latin, digits and the punctuation of
# identifiers, paths and URLs; or a group of digits with separators (phones, dates, times), with
# the other calendar's date in brackets after it (۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (۲۰۲۶-۱۱-۲۷), see
# desktop.text.display) — else the brackets come apart between the two runs.
_DIGIT_RUN = r"\d[\d \-./:]*\d"
_LTR_RUN = re.compile(r"[A-Za-z][A-Za-z0-9_.,:;/\\@#%&=?+\-()\[\]' ]*[A-Za-z0-9)\]/%]|[A-Za-z]"
                      rf"|\+?{_DIGIT_RUN}(?: \({_DIGIT_RUN}\))?")
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")

Measure = Callable[[str], float]


def has_rtl(text: str) -> bool:
    return bool(_RTL_LETTER.search(text))


def starts_rtl(text: str) -> bool:
    """Whether the first strong letter is right to left (the direction of people's words)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def embed(text: str) -> str:
    """People's words set inside a line of the other direction keep their own order."""
    return f"{RLE}{text}{PDF}" if starts_rtl(text) else f"{LRE}{text}{PDF}"


def _embed(text: str) -> str:
    return _LTR_RUN.sub(lambda m: f"{LRE}{m.group().rstrip()}{PDF}{' ' * (len(m.group()) - len(m.group().rstrip()))}", text)


@lru_cache(maxsize=65536)
def _reshape(text: str) -> str:
    return arabic_reshaper.reshape(text).replace("\u200c", "")  # ZWNJ did its work in the shaping


def visual(line: str, rtl: bool) -> str:
    """One line in drawing order, joined Persian letters, mirrored brackets. The line may hold
    RLE/LRE…PDF embeddings of its own (see ``embed``); other bidi controls were stripped by wrap."""
    if not has_rtl(line):
        return _CONTROLS.sub("", line)  # nothing to reorder: Latin text draws as it reads
    return get_display(_reshape(_embed(line)), base_dir="R" if rtl else "L")


def width_of(text: str, measure: Measure) -> float:
    return measure(_reshape(_OURS.sub("", text)))


def _split_word(word: str, width: float, measure: Measure) -> list[str]:
    """A word wider than the column (a long URL): cut it where it no longer fits."""
    pieces, current = [], ""
    for ch in word:
        if current and width_of(current + ch, measure) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return pieces + ([current] if current else [])


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """Logical-order lines no wider than ``width``; paragraphs kept, long words cut. ``text``
    is clean (see ``clean``) but for embeddings added with ``embed``."""
    lines: list[str] = []
    space = measure(" ")
    for paragraph in text.split("\n"):
        current: list[str] = []
        current_width = 0.0
        for word in paragraph.split(" "):
            word_width = width_of(word, measure)
            pieces = [word] if word_width <= width else _split_word(word, width, measure)
            for piece in pieces:
                piece_width = word_width if len(pieces) == 1 else width_of(piece, measure)
                extra = piece_width + (space if current else 0)
                if current and current_width + extra > width:
                    lines.append(" ".join(current))
                    current, current_width = [piece], piece_width
                else:
                    current.append(piece)
                    current_width += extra
        lines.append(" ".join(current))
    return lines


def clean(text: str) -> str:
    """People's words without bidi controls: the PDF sets its own."""
    return _CONTROLS.sub("", text or "")
