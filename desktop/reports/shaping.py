"""Persian (and mixed) text for a PDF, which draws glyphs where it is told and knows no bidi.

persian.md's recipe: reshape the logical text (joining forms), wrap it in logical order, then
reorder each line with the pure-Python ``bidi.algorithm.get_display`` (it mirrors brackets; the
Rust ``bidi.get_display`` does not). That algorithm predates isolates, so Latin runs (hostnames,
paths, codes, "HTTP 503 (Service Unavailable)") and digit groups (+98 21 8888 1234) are wrapped in
LRE…PDF to keep their own order inside right-to-left lines.

What the drawn string keeps, so the PDF's text layer reads as the text does (pdftotext, a viewer's
search and copy): the short vowels and the ezafe (U+064B–U+0655, U+0670: the reshaper's default
drops them), and ZWNJ (a zero-width glyph of Vazirmatn; the bidi algorithm drops it, so it passes
through as a stand-in). A Latin run that ends in punctuation — "(DNS)", a date with the other
calendar's date in brackets — ends with an LRM (zero width): a text extractor's own bidi would
otherwise take the closing bracket for part of the Persian around it and move it to the front.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import get_display

LRE, RLE, PDF = "\u202a", "\u202b", "\u202c"
LRM, RLM, ZWNJ = "\u200e", "\u200f", "\u200c"
_ZWNJ_IN_RTL, _ZWNJ_IN_LTR = RLM, "\ue000"  # stand-ins the bidi algorithm keeps (classes R and L)
_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ue000]")  # in people's words
_OURS = re.compile("[\u202a\u202b\u202c]")
# A run that starts with a Latin letter (or a path's leading /, \, ~, ./) and goes on through
# Latin, digits and the punctuation of identifiers, paths and URLs; or a group of digits with
# separators (phones, dates, times), with the other calendar's date in brackets after it
# (۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (۲۰۲۶-۱۱-۲۷), see desktop.text.display) — else the brackets come apart
# between the two runs.
_DIGIT_RUN = r"\d[\d \-./:]*\d"
_PATH_START = r"(?:[/\\~]|\.\.?/)*"
_LTR_RUN = re.compile(rf"{_PATH_START}[A-Za-z][A-Za-z0-9_.,:;/\\@#%&=?+\-()\[\]' ]*[A-Za-z0-9)\]/%]"
                      rf"|{_PATH_START}[A-Za-z]|\+?{_DIGIT_RUN}(?: \({_DIGIT_RUN}\))?")
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_PAIRS = {")": "(", "]": "["}
# Short vowels, tanwin, shadda, sukun, the hamza above (ezafe) and below, superscript alef: kept.
# ۀ alone has no isolated form in Vazirmatn: the letter itself is drawn (it looks the same).
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": False, "use_unshaped_instead_of_isolated": True})

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


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The run text[start:end] with its brackets paired: an opener just before a run that closes
    it joins the run ("(DNS)"); a closer or an opener whose partner is outside the run is left
    out of it, so both brackets of a pair are on the same level and mirror together."""
    open_at: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            open_at.append(i)
        elif ch in _PAIRS:
            if open_at and text[open_at[-1]] == _PAIRS[ch]:
                open_at.pop()
            elif i == end - 1 and start > 0 and text[start - 1] == _PAIRS[ch] and not open_at:
                start -= 1  # "(DNS)": the opener before the run
            else:
                end = i  # a closer of a bracket opened outside: the run stops before it
                break
    if open_at and open_at[0] < end:
        end = open_at[0]  # an opener closed outside the run: the run stops before it
    while end > start and text[end - 1] == " ":
        end -= 1
    return start, end


def _embed(text: str) -> str:
    out: list[str] = []
    done = 0
    position = 0
    while (found := _LTR_RUN.search(text, position)) is not None:
        start, end = _balanced(text, *found.span())
        if end <= start or start < done:
            position = found.start() + 1
            continue
        run = text[start:end]
        # A run ending in punctuation gets an LRM: extractors keep the punctuation with the run.
        mark = "" if run[-1].isalnum() else LRM
        out += [text[done:start], LRE, run, mark, PDF]
        done = position = end
    out.append(text[done:])
    return "".join(out)


@lru_cache(maxsize=65536)
def _reshape(text: str) -> str:
    """Joining forms; marks and ZWNJ kept (ZWNJ is drawn as Vazirmatn's zero-width glyph)."""
    return _RESHAPER.reshape(text)


_ZWNJ_AFTER_RTL = re.compile("(?<=[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])\u200c")


def _hide_zwnj(text: str) -> str:
    """The bidi algorithm drops ZWNJ (class BN): a stand-in of the direction before it takes its
    place (a right-to-left letter or mark before it, as nearly always; else left to right)."""
    if ZWNJ not in text:
        return text
    return _ZWNJ_AFTER_RTL.sub(_ZWNJ_IN_RTL, text).replace(ZWNJ, _ZWNJ_IN_LTR)


def _show_zwnj(text: str) -> str:
    return text.replace(_ZWNJ_IN_RTL, ZWNJ).replace(_ZWNJ_IN_LTR, ZWNJ)


_MARK_AT_EDGE = re.compile("(?<![\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff\u200c\u200f])(?=[\u064b-\u065f\u0670])")


def _hold_marks(visual_line: str) -> str:
    """On a left-to-right page, a mark drawn at the left edge of a right-to-left run (the tanwin
    of "فوراً" ending a Persian phrase in an English line) gets an RLM (zero width) before it: a
    text extractor (poppler picks one direction per page) reading the line from the left takes it
    for part of the text before the run. Reading a right-to-left page from the right, it keeps
    marks with their letters, and the RLM would only come between a word and a search for it."""
    return _MARK_AT_EDGE.sub(RLM, visual_line)


def visual(line: str, rtl: bool, ltr_page: bool | None = None) -> str:
    """One line in drawing order, joined Persian letters, mirrored brackets. The line may hold
    RLE/LRE…PDF embeddings of its own (see ``embed``); other bidi controls were stripped by wrap.
    ``ltr_page``: the page is read left to right (an English document; by default, when the line
    is): extractors then read every line from the left, and marks need holding (``_hold_marks``)."""
    if not has_rtl(line):
        return _CONTROLS.sub("", line)  # nothing to reorder: Latin text draws as it reads
    shown = _show_zwnj(get_display(_hide_zwnj(_reshape(_embed(line))), base_dir="R" if rtl else "L"))
    return _hold_marks(shown) if (not rtl if ltr_page is None else ltr_page) else shown


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
