"""The one display format for the screen and the PDF: dates, times, durations, numbers, digits.

Qt-free, so the postmortem PDF and the CLI use the very rules the screen does
(``desktop.formatting.Formatter`` delegates here). What it decides:

- the calendar, from the ``ui/calendar`` setting: ``auto`` is Jalali in fa and Gregorian in en;
  ``both`` shows the Jalali date-time with the Gregorian date after it;
- the time zone, from ``ui/timezone``: Asia/Tehran is always the fixed +03:30 (the tz database
  still has Iran's DST, abolished in 2022); any other IANA name or ``UTC±hh:mm`` as given; a name
  nobody knows falls back to Tehran, as the screen always did;
- digits, decimal and group separators and the minus sign of the language, the same as
  ``QLocale(Persian, Iran)`` and ``QLocale(English, UnitedStates)`` write them (a test compares).

Short forms: ۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (Jalali, fa), 2026-11-27 14:30 (Gregorian, en); long form
«جمعه ۶ آذر ۱۴۰۵»; durations as days:hours:minutes:seconds (۱:۰۲:۰۳:۰۴).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.text.calendar import (
    MONTHS_FA, MONTHS_GREGORIAN_EN, MONTHS_JALALI_EN, TEHRAN_FIXED, WEEKDAYS_EN,
    WEEKDAYS_FA, gregorian_to_jalali,
)

CALENDARS = ("auto", "jalali", "gregorian", "both")
TEHRAN = "Asia/Tehran"
_TEHRAN_NAMES = (TEHRAN, "Iran")  # "Iran" is the tz database's old alias of the same zone
_OFFSET_NAME = re.compile(r"^UTC([+-])(\d{1,2})(?::?(\d{2}))?$")
# A Gregorian month inside a date takes the ezafe (۱ ژانویهٔ ۲۰۰۰), as QLocale writes it; alone
# (a month picker) it does not: calendar.MONTHS_GREGORIAN_FA.
MONTHS_GREGORIAN_FA_IN_DATE = ("ژانویهٔ", "فوریهٔ", "مارس", "آوریل", "مهٔ", "ژوئن", "ژوئیهٔ", "اوت",
                               "سپتامبر", "اکتبر", "نوامبر", "دسامبر")


@dataclass(frozen=True, slots=True)
class NumberSymbols:
    digits: str  # zero to nine
    decimal: str
    group: str
    minus: str


# As QLocale writes them (Qt's CLDR data): fa puts a left-to-right mark before U+2212 MINUS SIGN so
# the sign stays left of the number inside right-to-left text.
SYMBOLS = {
    "fa": NumberSymbols("۰۱۲۳۴۵۶۷۸۹", "\u066b", "\u066c", "\u200e\u2212"),
    "en": NumberSymbols("0123456789", ".", ",", "-"),
}
_ASCII_DIGITS = "0123456789"


def fill(template: str, *values: str) -> str:
    """A translated template with its %1, %2 … filled in order (Qt's own placeholders, so the
    translator may reorder them)."""
    for n, value in enumerate(values, start=1):
        template = template.replace(f"%{n}", value)
    return template


def symbols(lang: str) -> NumberSymbols:
    return SYMBOLS.get(lang, SYMBOLS["en"])


def digits(text: str, lang: str) -> str:
    """ASCII digits in ``text`` written in the language's digits (Persian in fa). Only for text
    the application composes: never for identifiers, codes or people's words."""
    table = _digit_table(lang)
    return text.translate(table) if table else text


@lru_cache(maxsize=4)
def _digit_table(lang: str) -> dict[int, str] | None:
    own = symbols(lang).digits
    return None if own == _ASCII_DIGITS else str.maketrans(_ASCII_DIGITS, own)


def resolve_calendar(lang: str, calendar: str | None = "auto") -> str:
    """jalali, gregorian or both: ``auto`` (or nothing, or a word we do not know) follows the language."""
    if calendar in ("jalali", "gregorian", "both"):
        return calendar
    return "jalali" if lang == "fa" else "gregorian"


@lru_cache(maxsize=32)
def display_zone(name: str | None = TEHRAN) -> dt.tzinfo:
    """The tzinfo for a ``ui/timezone`` value: Tehran fixed at +03:30 all year (old tz data still
    has the DST abolished in 2022), ``UTC±hh:mm`` as a fixed offset, any other IANA name from the
    tz database, and Tehran for a name that is not a zone (the screen has always done so)."""
    name = (name or "").strip()
    if not name or name in _TEHRAN_NAMES:
        return TEHRAN_FIXED
    offset = _OFFSET_NAME.match(name)
    if offset:
        sign, hours, minutes = offset.groups()
        delta = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta <= dt.timedelta(hours=14):
            return dt.timezone(-delta if sign == "-" else delta, name) if delta else dt.timezone.utc
        return TEHRAN_FIXED
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return TEHRAN_FIXED


def format_number(value: int | float, decimals: int = 0, lang: str = "fa") -> str:
    """1234567 → ۱٬۲۳۴٬۵۶۷ (fa) or 1,234,567 (en); with ``decimals`` a fixed number of places
    (-12.5 → ‎−۱۲٫۵, 0.125 → 0.13); without, the whole part (as ``int()``), as the screen always did.
    Exactly what QLocale.toString writes (a test compares)."""
    sym = symbols(lang)
    if decimals:
        number = float(value)
        negative = number < 0  # so -0.0 is 0.0, and -0.04 to one place is -0.0, as in Qt
        if math.isnan(number) or math.isinf(number):
            return f"{sym.minus}inf" if negative else ("inf" if number > 0 else "nan")
        with localcontext() as context:  # the exact binary value, half away from zero, as in Qt
            context.prec = 400 + decimals
            text = f"{abs(Decimal(number)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP):,f}"
    else:
        whole = int(value)
        negative, text = whole < 0, f"{abs(whole):,d}"
    text = digits(text.translate(str.maketrans({",": sym.group, ".": sym.decimal})), lang)
    return f"{sym.minus}{text}" if negative else text


def format_duration(seconds: float, lang: str = "fa") -> str:
    """Elapsed time read at a glance: hours:minutes:seconds, with the days before it only when
    there are days — «۰۳:۱۵:۰۷», «۲ روز ۰۳:۱۵:۰۷»; "03:15:07", "2 days 03:15:07". (A leading
    «۰:» for no days read as dots across the room.) The sign is a plain '-'."""
    sign = "-" if seconds < 0 else ""
    total = int(abs(seconds))
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    if days:
        word = "روز" if lang == "fa" else ("day" if days == 1 else "days")
        clock = f"{days} {word} {clock}"
    return digits(f"{sign}{clock}", lang)


class _Settings(Protocol):
    def get(self, key: str) -> Any: ...


class DisplayFormat:
    """Everything a person reads as a date, time, duration or number, in one language, calendar
    setting and time zone. Immutable; cheap to make. The screen's ``Formatter`` wraps one and the
    postmortem PDF takes one (``postmortem.write(..., display=...)``)."""

    __slots__ = ("lang", "calendar_setting", "calendar_mode", "timezone", "tz")

    def __init__(self, lang: str = "fa", calendar: str | None = "auto", timezone: str | None = TEHRAN) -> None:
        self.lang = lang
        self.calendar_setting = calendar or "auto"
        self.calendar_mode = resolve_calendar(lang, calendar)
        self.timezone = timezone or TEHRAN
        self.tz = display_zone(self.timezone)

    @classmethod
    def from_settings(cls, lang: str, settings: _Settings) -> DisplayFormat:
        """From anything with ``get(key)`` over the settings schema (desktop.settings.Settings)."""
        return cls(lang, settings.get("ui/calendar"), settings.get("ui/timezone"))

    def for_language(self, lang: str) -> DisplayFormat:
        """The same settings in another language (auto picks that language's calendar)."""
        return self if lang == self.lang else DisplayFormat(lang, self.calendar_setting, self.timezone)

    def __repr__(self) -> str:
        return f"DisplayFormat({self.lang!r}, {self.calendar_setting!r}, {self.timezone!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DisplayFormat) and (self.lang, self.calendar_mode, self.timezone) == (
            other.lang, other.calendar_mode, other.timezone)

    def __hash__(self) -> int:
        return hash((self.lang, self.calendar_mode, self.timezone))

    # -- moments
    def local(self, moment: dt.datetime) -> dt.datetime:
        """The moment on the wall clock of the display time zone (a naive one is taken as the
        machine's local time, as ``datetime.astimezone`` does)."""
        return moment.astimezone(self.tz)

    def _day(self, moment: dt.datetime | dt.date) -> dt.date:
        return self.local(moment).date() if isinstance(moment, dt.datetime) else moment

    def _ymd(self, day: dt.date, calendar: str) -> tuple[int, int, int]:
        if calendar == "gregorian":
            return day.year, day.month, day.day
        j = gregorian_to_jalali(day)
        return j.year, j.month, j.day

    def _short(self, day: dt.date, calendar: str) -> str:
        y, m, d = self._ymd(day, calendar)
        text = f"{y:04d}-{m:02d}-{d:02d}" if calendar == "gregorian" else f"{y:04d}/{m:02d}/{d:02d}"
        return digits(text, self.lang)

    @property
    def primary_calendar(self) -> str:
        """The calendar of a single date: Jalali when set to both."""
        return "gregorian" if self.calendar_mode == "gregorian" else "jalali"

    @property
    def secondary_calendar(self) -> str:
        return "jalali" if self.primary_calendar == "gregorian" else "gregorian"

    def date(self, moment: dt.datetime | dt.date | None, calendar: str | None = None) -> str:
        """۱۴۰۵/۰۹/۰۶ (Jalali) or 2026-11-27 (Gregorian), in the setting's calendar or the one
        asked for; with ``both``, ۱۴۰۵/۰۹/۰۶ (۲۰۲۶-۱۱-۲۷)."""
        if moment is None:
            return ""
        day = self._day(moment)
        mode = calendar or self.calendar_mode
        if mode == "both":
            return f"{self._short(day, 'jalali')} ({self._short(day, 'gregorian')})"
        return self._short(day, "gregorian" if mode == "gregorian" else "jalali")

    def time(self, moment: dt.datetime | None, seconds: bool = False) -> str:
        """14:30 (14:30:05 with ``seconds``) on a 24-hour clock, in the display time zone."""
        if moment is None:
            return ""
        local = self.local(moment)
        text = f"{local.hour:02d}:{local.minute:02d}" + (f":{local.second:02d}" if seconds else "")
        return digits(text, self.lang)

    def datetime(self, moment: dt.datetime | None, both: bool = False) -> str:
        """۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ in fa; 2026-11-27 14:30 in en; with the ``both`` setting (or
        ``both=True``) the other calendar's date follows in brackets: ۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (۲۰۲۶-۱۱-۲۷)."""
        if moment is None:
            return ""
        day = self._day(moment)
        main = f"{self._short(day, self.primary_calendar)} {self.time(moment)}"
        if both or self.calendar_mode == "both":
            return f"{main} ({self._short(day, self.secondary_calendar)})"
        return main

    def month_day(self, moment: dt.datetime) -> str:
        """۰۹/۰۶ or 11-27: the date without its year, for a chart's axis."""
        return self._short(self._day(moment), self.primary_calendar)[5:]

    def long_date(self, moment: dt.datetime | dt.date, weekday: bool = True) -> str:
        """«جمعه ۶ آذر ۱۴۰۵» (fa, Jalali) or «Friday 27 November 2026» (en, Gregorian); without
        the ``weekday``, «۶ آذر ۱۴۰۵»."""
        day = self._day(moment)
        calendar = self.primary_calendar
        y, m, d = self._ymd(day, calendar)
        fa = self.lang == "fa"
        if calendar == "jalali":
            months = MONTHS_FA if fa else MONTHS_JALALI_EN
        else:
            months = MONTHS_GREGORIAN_FA_IN_DATE if fa else MONTHS_GREGORIAN_EN
        text = f"{d} {months[m - 1]} {y}"
        if weekday:
            text = f"{(WEEKDAYS_FA if fa else WEEKDAYS_EN)[day.weekday()]} {text}"
        return digits(text, self.lang)

    # -- amounts
    def number(self, value: int | float, decimals: int = 0) -> str:
        return format_number(value, decimals, self.lang)

    def duration(self, seconds: float) -> str:
        return format_duration(seconds, self.lang)

    def digits(self, text: str) -> str:
        return digits(text, self.lang)


# -- sentences around values (issue 12): a value's own closing punctuation is not doubled

_CLOSING = ".!?؟…،,؛;:"
_AFTER_VALUE = re.compile(r"\s?[.،,؛;]")
_TRAILING = re.compile(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+$")  # spaces, bidi marks and isolates


def _ends_in_punctuation(text: str) -> bool:
    return _TRAILING.sub("", text)[-1:] in _CLOSING if text else False


def compose(template: str, *values: str) -> str:
    """``fill``, but where the template puts punctuation right after a value that already ends
    in punctuation ("… was %1." with "Not recorded."), the template's is left out: no "..",
    "،،" or ". .". People's words inside the values are never changed."""
    out, rest = [], template
    while True:
        found = re.search(r"%(\d)", rest)
        if found is None:
            out.append(rest)
            return "".join(out)
        out.append(rest[:found.start()])
        index = int(found.group(1)) - 1
        value = values[index] if 0 <= index < len(values) else found.group()
        out.append(value)
        rest = rest[found.end():]
        if _ends_in_punctuation(value):
            extra = _AFTER_VALUE.match(rest)
            if extra:
                rest = rest[extra.end():]


def join(parts: list[str], separator: str) -> str:
    """``separator.join(parts)`` without a separator's punctuation after a part that already
    ends in punctuation ("… شد.؛ …" reads "… شد. …")."""
    out = ""
    for n, part in enumerate(parts):
        if n:
            out += " " if _ends_in_punctuation(out) else separator
        out += part
    return out
