"""Dates, times, numbers and durations as people read them: QLocale digits, QCalendar Jalali."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QDate, QDateTime, QLocale, QTime, QTimeZone

from desktop.i18n import locale_for
from desktop.text.calendar import format_duration


class Formatter:
    def __init__(self, lang: str = "fa", calendar: str = "auto", timezone: str = "Asia/Tehran") -> None:
        self.lang = lang
        self.locale: QLocale = locale_for(lang)
        if calendar == "auto":
            calendar = "jalali" if lang == "fa" else "gregorian"
        self.calendar_mode = calendar
        self.jalali = QCalendar(QCalendar.System.Jalali)
        self.gregorian = QCalendar(QCalendar.System.Gregorian)
        zone = QTimeZone(timezone.encode())
        # Old tz data still has Iran's abolished DST; +03:30 is right all year since 2022.
        self.zone = zone if zone.isValid() and timezone != "Asia/Tehran" else QTimeZone(12600)

    def _local(self, moment: dt.datetime) -> QDateTime:
        utc = moment.astimezone(dt.timezone.utc)
        qdt = QDateTime(QDate(utc.year, utc.month, utc.day), QTime(utc.hour, utc.minute, utc.second),
                        QTimeZone.utc())
        return qdt.toTimeZone(self.zone)

    def _render(self, pattern: str, moment: dt.datetime, calendar: QCalendar) -> str:
        local = self._local(moment)
        return calendar.dateTimeToString(pattern, local, local.date(), local.time(), self.locale)

    def datetime(self, moment: dt.datetime | None) -> str:
        """۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ in fa; 2026-11-27 14:30 in en; both calendars if so set."""
        if moment is None:
            return ""
        jalali = self._render("yyyy/MM/dd HH:mm", moment, self.jalali)
        gregorian = self._render("yyyy-MM-dd HH:mm", moment, self.gregorian)
        if self.calendar_mode == "both":
            return f"{jalali} ({gregorian[:10]})"
        return jalali if self.calendar_mode == "jalali" else gregorian

    def time(self, moment: dt.datetime | None) -> str:
        return "" if moment is None else self._render("HH:mm", moment, self.gregorian)

    def long_date(self, moment: dt.datetime) -> str:
        calendar = self.jalali if self.calendar_mode in ("jalali", "both") else self.gregorian
        return self._render("dddd d MMMM yyyy", moment, calendar)

    def number(self, value: int | float, decimals: int = 0) -> str:
        if decimals:
            return self.locale.toString(float(value), "f", decimals)
        return self.locale.toString(int(value))

    def duration(self, seconds: float) -> str:
        """days:hours:minutes:seconds in the language's digits (روز : ساعت : دقیقه : ثانیه)."""
        return format_duration(seconds, lang=self.lang)
