"""Dates, times, numbers and durations on the screen.

Every format is decided by the Qt-free desktop.text.display (the postmortem PDF uses the same
one); this class adds what widgets need: the QCalendar, QTimeZone and QLocale to set on date
editors and item views.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QLocale, QTimeZone

from desktop.i18n import locale_for
from desktop.text.display import DisplayFormat


def qt_zone(display: DisplayFormat) -> QTimeZone:
    """The QTimeZone of a display format, for QDateTimeEdit.setTimeZone: a fixed offset (Tehran's
    +03:30, a UTC±hh:mm setting, an unknown name) or the named zone."""
    tz = display.tz
    if isinstance(tz, dt.timezone):
        offset = tz.utcoffset(None)
        return QTimeZone(int(offset.total_seconds())) if offset else QTimeZone.utc()
    zone = QTimeZone(display.timezone.encode())
    return zone if zone.isValid() else QTimeZone(int(display.local(dt.datetime.now(dt.timezone.utc))
                                                     .utcoffset().total_seconds()))


class Formatter:
    def __init__(self, lang: str = "fa", calendar: str = "auto", timezone: str = "Asia/Tehran") -> None:
        self.display = DisplayFormat(lang, calendar, timezone)
        self.lang = lang
        self.locale: QLocale = locale_for(lang)
        self.calendar_mode = self.display.calendar_mode
        self.jalali = QCalendar(QCalendar.System.Jalali)
        self.gregorian = QCalendar(QCalendar.System.Gregorian)
        # Old tz data still has Iran's abolished DST; +03:30 is right all year since 2022.
        self.zone = qt_zone(self.display)

    def datetime(self, moment: dt.datetime | None) -> str:
        """۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ in fa; 2026-11-27 14:30 in en; both calendars if so set."""
        return self.display.datetime(moment)

    def date(self, moment: dt.datetime | dt.date | None) -> str:
        return self.display.date(moment)

    def time(self, moment: dt.datetime | None, seconds: bool = False) -> str:
        return self.display.time(moment, seconds)

    def long_date(self, moment: dt.datetime) -> str:
        return self.display.long_date(moment)

    def number(self, value: int | float, decimals: int = 0) -> str:
        return self.display.number(value, decimals)

    def duration(self, seconds: float) -> str:
        """days:hours:minutes:seconds in the language's digits (روز : ساعت : دقیقه : ثانیه)."""
        return self.display.duration(seconds)

    def digits(self, text: str) -> str:
        return self.display.digits(text)
