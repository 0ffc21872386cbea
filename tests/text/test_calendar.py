"""Jalali dates outside Qt must agree with QCalendar(Jalali) day by day over 1300–1430."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QCalendar, QDate

from desktop.text.calendar import (
    format_date, format_datetime, format_duration, gregorian_to_jalali, jalali_to_gregorian, zone,
)


def test_agrees_with_qcalendar_every_day_from_1300_to_1430() -> None:
    calendar = QCalendar(QCalendar.System.Jalali)
    day, end = QDate(1300, 1, 1, calendar), QDate(1431, 1, 1, calendar)
    checked = 0
    while day < end:
        parts = calendar.partsFromDate(day)
        gregorian = dt.date(day.year(), day.month(), day.day())
        mine = gregorian_to_jalali(gregorian)
        assert (mine.year, mine.month, mine.day) == (parts.year, parts.month, parts.day), gregorian
        assert jalali_to_gregorian(parts.year, parts.month, parts.day) == gregorian
        day = day.addDays(1)
        checked += 1
    assert checked > 47_000


def test_formats_in_persian_and_english() -> None:
    moment = dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.timezone.utc)  # 14:30 in Tehran
    assert format_date(moment) == "۱۴۰۵/۰۹/۰۶"
    assert format_date(moment, long=True) == "جمعه ۶ آذر ۱۴۰۵"
    assert format_datetime(moment) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰"
    assert format_date(moment, lang="en") == "2026-11-27"
    assert format_date(moment, lang="en", long=True) == "Friday 27 November 2026"
    assert format_date(moment, lang="en", calendar="jalali") == "1405/09/06"


def test_tehran_is_utc_plus_0330_all_year() -> None:
    for month in (1, 4, 7, 10):
        offset = dt.datetime(2030, month, 1, tzinfo=zone()).utcoffset()
        assert offset == dt.timedelta(hours=3, minutes=30)


def test_duration_names_days_only_when_there_are_days() -> None:
    assert format_duration(93_784) == "۱ روز ۰۲:۰۳:۰۴"
    assert format_duration(2 * 86400 + 11_707) == "۲ روز ۰۳:۱۵:۰۷"
    assert format_duration(11_707) == "۰۳:۱۵:۰۷" and format_duration(11_707, lang="en") == "03:15:07"
    assert format_duration(2 * 86400, lang="en") == "2 days 00:00:00"
    assert format_duration(93_784, lang="en") == "1 day 02:03:04"
    assert format_duration(-61, lang="en") == "-00:01:01"


def test_invalid_jalali_date_is_refused() -> None:
    with pytest.raises(ValueError):
        jalali_to_gregorian(1403, 12, 31)
    assert jalali_to_gregorian(1403, 12, 30) == dt.date(2025, 3, 20)  # 1403 is a leap year
