"""Input normalisation and the one function that makes search and sort keys (persian.md)."""

from __future__ import annotations

import re
import unicodedata

ZWNJ = "\u200c"

# Arabic letter forms that older keyboards type, mapped to the Persian ones we store.
_INPUT_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9"})

_DIGITS = str.maketrans(
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
    "01234567890123456789",
)
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9")

# Explicit bidi controls. Embeddings and overrides can make a title lie about its content, so they
# go; isolates are kept only where they are balanced.
_EMBED_OVERRIDE = set("\u202a\u202b\u202c\u202d\u202e")
_ISOLATE_OPEN = set("\u2066\u2067\u2068")
_ISOLATE_CLOSE = "\u2069"
_BIDI_ALL = _EMBED_OVERRIDE | _ISOLATE_OPEN | {_ISOLATE_CLOSE, "\u200e", "\u200f", "\u061c"}
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

_KEY_LETTERS = str.maketrans({
    "\u06c0": "\u0647",  # ۀ
    "\u0629": "\u0647",  # ة
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0671": "\u0627",  # ٱ
    "\u0624": "\u0648",  # ؤ
    ZWNJ: " ",
})
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
# The ezafe after ه written with a half-space and ی (حادثه‌ی) is the same as ۀ or هٔ.
_EZAFE = re.compile("\u0647\u200c\u06cc(?=\\s|$|[^\u0600-\u06ff])")
_SPACES = re.compile(r"\s+")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufeff]")

# Characters that take no room and draw nothing: joiners, marks of direction, the zero-width
# space, the word joiner, the byte-order mark, the soft hyphen. A title of these alone shows as
# an empty row; at either end of a text they are only noise (inside it, ZWNJ is a Persian letter's
# business and stays). Isolates are left to neutralize_bidi, which keeps them paired.
_INVISIBLE = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_EDGES = re.compile(f"^[\\s{_INVISIBLE}]+|[\\s{_INVISIBLE}]+$")
# Letters that are drawn blank (the Hangul fillers, the braille blank) and marks that draw nothing
# (the grapheme joiner, Khmer's inherent vowels, Mongolian and other variation selectors).
_BLANK_LETTERS = frozenset("\u115f\u1160\u2800\u3164\uffa0\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
                           + "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0100, 0xE01F0))))


def digits_to_ascii(text: str) -> str:
    """Persian (۰–۹) and Arabic-Indic (٠–٩) digits to ASCII; everything else unchanged."""
    return text.translate(_DIGITS)


def digits_as(text: str, zero: str) -> str:
    """Digits of any script (ASCII, Persian, Arabic-Indic) written in the script whose zero is
    ``zero`` — what a date or number editor's locale parses (QLocale.zeroDigit())."""
    text = digits_to_ascii(text)
    if zero == "0":
        return text
    return text.translate(str.maketrans("0123456789", "".join(chr(ord(zero) + n) for n in range(10))))


def is_blank(text: str) -> bool:
    """Nothing a person could see: only white space and characters that draw nothing (zero-width
    space, joiners, direction marks and isolates, the byte-order mark…). The empty text is blank."""
    return all(ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) == "Cf" for ch in text)


def to_persian_digits(text: str) -> str:
    """ASCII digits to Persian ones, for Qt-free output (PDF, CLI). Never use on identifiers."""
    return text.translate(_TO_PERSIAN_DIGITS)


def neutralize_bidi(text: str) -> str:
    """Drops embeddings/overrides and unpaired isolates; closes isolates left open."""
    if not _BIDI_CONTROLS.search(text):
        return text
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch in _EMBED_OVERRIDE:
            continue
        if ch in _ISOLATE_OPEN:
            depth += 1
        elif ch == _ISOLATE_CLOSE:
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + _ISOLATE_CLOSE * depth


def normalize_input(text: str) -> str:
    """What every piece of user text goes through once, before it is stored.

    Persian ی/ک for their Arabic look-alikes, bidi controls neutralised, ZWNJ kept, line endings
    unified, surrounding white space and invisible characters trimmed; a text with nothing
    visible in it becomes empty (so "empty title" refuses a title of zero-width spaces). Digits
    are kept as typed (free text); numeric fields parse through :func:`parse_int`.
    """
    text = text.translate(_INPUT_LETTERS).replace("\r\n", "\n").replace("\r", "\n")
    text = _EDGES.sub("", neutralize_bidi(text))
    return "" if is_blank(text) else text


def search_key(text: str | None) -> str:
    """The one key used for search and for Persian-insensitive comparison."""
    if not text:
        return ""
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _EZAFE.sub("\u0647", text.translate(_INPUT_LETTERS))
    text = text.translate(_KEY_LETTERS)
    text = _MARKS.sub("", text)
    text = "".join(ch for ch in text if ch not in _BIDI_ALL)
    text = digits_to_ascii(text).casefold()
    return _SPACES.sub(" ", text).strip()


# Persian alphabetical order; code-point order puts پ چ ژ ک گ ی after و and ه.
_ALPHABET = "ا آ ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق ک گ ل م ن و ه ی".split()
_SORT_RANK = {ch: chr(0xE000 + i) for i, ch in enumerate(_ALPHABET)}  # private-use ranks
_SORT_RANK["\u0621"] = chr(0xE000 + len(_ALPHABET))  # hamza after ی


def sort_key(text: str | None) -> str:
    """A string whose code-point order is Persian alphabetical order, for ORDER BY in SQL.

    Latin letters and digits (ASCII, below U+0600) sort before Persian letters, as in QCollator.
    """
    return "".join(_SORT_RANK.get(ch, ch) for ch in search_key(text))


def parse_int(text: str) -> int:
    """An integer typed in any digit script, with Persian or Latin grouping. Raises ValueError."""
    cleaned = digits_to_ascii(text).strip().replace("\u066c", "").replace(",", "").replace("\u2212", "-")
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise ValueError(text)
    return int(cleaned)


def parse_decimal(text: str) -> float:
    """A decimal number in any digit script; ٫ or . as the decimal point. Raises ValueError."""
    cleaned = (digits_to_ascii(text).strip().replace("\u066c", "").replace(",", "")
               .replace("\u066b", ".").replace("\u2212", "-"))
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(text)
    return float(cleaned)


def isolate(text: str, rtl: bool | None = None) -> str:
    """Wraps text so it cannot reorder its neighbours: RLI…PDI when its first strong letter is
    right-to-left, otherwise LRI…PDI (numbers, phones, URLs, codes). ``rtl`` decides instead:
    True for people's words in a Persian interface (a title starting "Kubernetes" still reads
    right to left), False for references and codes.

    FSI would say the same, but Qt lays out an FSI run with no strong letter (a phone number)
    right to left, reversing its groups.
    """
    if rtl is not None:
        return f"\u2067{text}\u2069" if rtl else f"\u2066{text}\u2069"
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return f"\u2067{text}\u2069"
        if kind == "L":
            break
    return f"\u2066{text}\u2069"
