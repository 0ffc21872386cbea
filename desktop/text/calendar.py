"""Jalali and Gregorian calendar arithmetic, month and weekday names, the current UTC time.

How a date, time or number is shown is decided in one place, desktop.text.display (the screen's
Formatter and the PDF both use it); the format_* functions here delegate to it.

The Jalali arithmetic is Birashk's 2820-year cycle, the same rule as Qt's QCalendar(Jalali), so
the PDF and the screen never disagree (a test compares them day by day over 1300–1430).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

_EPOCH_JDN = 1948321  # 1 Farvardin 1 AP
_GREGORIAN_ORDINAL_TO_JDN = 1721425
_LEAPS_BEFORE_1 = (2346 * 683) // 2820

TEHRAN_FIXED = dt.timezone(dt.timedelta(hours=3, minutes=30), "Asia/Tehran")

MONTHS_FA = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
             "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
MONTHS_JALALI_EN = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
                    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand")
MONTHS_GREGORIAN_EN = ("January", "February", "March", "April", "May", "June", "July",
                       "August", "September", "October", "November", "December")
MONTHS_GREGORIAN_FA = ("ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه",
                       "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر")
# Monday = 0, as datetime.weekday().
WEEKDAYS_FA = ("دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True, slots=True)
class JalaliDate:
    year: int
    month: int
    day: int


def is_jalali_leap(year: int) -> bool:
    return ((year + 2346) * 683) % 2820 < 683


def _days_before_year(year: int) -> int:
    return 365 * (year - 1) + ((year - 1 + 2346) * 683) // 2820 - _LEAPS_BEFORE_1


def _days_before_month(month: int) -> int:
    return 31 * (month - 1) if month <= 7 else 186 + 30 * (month - 7)


def jalali_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_jalali_leap(year) else 29


def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    if not (1 <= month <= 12 and 1 <= day <= jalali_month_length(year, month)):
        raise ValueError(f"no such Jalali date: {year}/{month}/{day}")
    jdn = _EPOCH_JDN + _days_before_year(year) + _days_before_month(month) + day - 1
    return dt.date.fromordinal(jdn - _GREGORIAN_ORDINAL_TO_JDN)


def gregorian_to_jalali(date: dt.date) -> JalaliDate:
    days = date.toordinal() + _GREGORIAN_ORDINAL_TO_JDN - _EPOCH_JDN
    year = int(days / 365.2421985) + 1
    while _days_before_year(year) > days:
        year -= 1
    while _days_before_year(year + 1) <= days:
        year += 1
    day_of_year = days - _days_before_year(year)
    month = min(12, day_of_year // 31 + 1) if day_of_year < 186 else 7 + (day_of_year - 186) // 30
    return JalaliDate(year, month, day_of_year - _days_before_month(month) + 1)


def zone(name: str = "Asia/Tehran") -> dt.tzinfo:
    """The display time zone (desktop.text.display.display_zone): Asia/Tehran is a fixed +03:30
    all year, since old tz data still has Iran's DST (abolished 2022)."""
    from desktop.text.display import display_zone

    return display_zone(name)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# The formatting below is kept for older callers; desktop.text.display decides every format.

def format_date(moment: dt.datetime | dt.date, *, lang: str = "fa", calendar: str | None = None,
                long: bool = False, tz: str = "Asia/Tehran") -> str:
    """«۱۴۰۵/۰۹/۰۶» or «جمعه ۶ آذر ۱۴۰۵» in fa (Jalali by default); 2026-11-27 or «Friday 27 November 2026» in en."""
    from desktop.text.display import DisplayFormat

    display = DisplayFormat(lang, calendar, tz)
    return display.long_date(moment) if long else display.date(moment)


def format_time(moment: dt.datetime, *, lang: str = "fa", tz: str = "Asia/Tehran") -> str:
    from desktop.text.display import DisplayFormat

    return DisplayFormat(lang, "auto", tz).time(moment)


def format_datetime(moment: dt.datetime, *, lang: str = "fa", calendar: str | None = None,
                    tz: str = "Asia/Tehran") -> str:
    from desktop.text.display import DisplayFormat

    return DisplayFormat(lang, calendar, tz).datetime(moment)


def format_duration(seconds: float, *, lang: str = "fa") -> str:
    """Elapsed time as days:hours:minutes:seconds, e.g. ۱:۰۲:۰۵:۰۹ (روز : ساعت : دقیقه : ثانیه)."""
    from desktop.text import display

    return display.format_duration(seconds, lang)
