"""desktop.text.display — the one display format — writes what QLocale and QCalendar write.

The oracle is the screen's former Qt-only implementation (QCalendar.dateTimeToString with the
language's QLocale, in a QTimeZone; QLocale.toString for numbers), kept here so the Qt-free module
cannot drift from what Qt would show.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCalendar, QDate, QDateTime, QLocale, QTime, QTimeZone

from desktop.text.display import DisplayFormat, digits, display_zone, format_number, resolve_calendar

ROOT = Path(__file__).resolve().parents[2]
MOMENT = dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.timezone.utc)  # 14:30 in Tehran
ZONES = ("Asia/Tehran", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC")


def qt_locale(lang: str) -> QLocale:
    if lang == "fa":
        return QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


class QtOracle:
    """What the screen's Formatter did with Qt alone, before it delegated to desktop.text.display."""

    def __init__(self, lang: str, calendar: str, timezone: str) -> None:
        self.locale = qt_locale(lang)
        self.mode = ("jalali" if lang == "fa" else "gregorian") if calendar == "auto" else calendar
        self.jalali, self.gregorian = QCalendar(QCalendar.System.Jalali), QCalendar(QCalendar.System.Gregorian)
        zone = QTimeZone(timezone.encode())
        self.zone = zone if zone.isValid() and timezone != "Asia/Tehran" else QTimeZone(12600)

    def render(self, pattern: str, moment: dt.datetime, calendar: QCalendar) -> str:
        utc = moment.astimezone(dt.timezone.utc)
        local = QDateTime(QDate(utc.year, utc.month, utc.day), QTime(utc.hour, utc.minute, utc.second),
                          QTimeZone.utc()).toTimeZone(self.zone)
        return calendar.dateTimeToString(pattern, local, local.date(), local.time(), self.locale)

    def datetime(self, moment: dt.datetime) -> str:
        jalali = self.render("yyyy/MM/dd HH:mm", moment, self.jalali)
        gregorian = self.render("yyyy-MM-dd HH:mm", moment, self.gregorian)
        if self.mode == "both":
            return f"{jalali} ({gregorian[:10]})"
        return jalali if self.mode == "jalali" else gregorian

    def time(self, moment: dt.datetime) -> str:
        return self.render("HH:mm", moment, self.gregorian)

    def long_date(self, moment: dt.datetime) -> str:
        return self.render("dddd d MMMM yyyy", moment, self.jalali if self.mode in ("jalali", "both")
                           else self.gregorian)

    def number(self, value: float, decimals: int = 0) -> str:
        return self.locale.toString(float(value), "f", decimals) if decimals else self.locale.toString(int(value))


def moments() -> list[dt.datetime]:
    """Every month and weekday of 40 years at shifting hours, plus both sides of DST changes."""
    start = dt.datetime(2000, 1, 1, 0, 7, tzinfo=dt.timezone.utc)
    out = [start + dt.timedelta(days=5 * n, hours=7 * n % 24, minutes=13 * n % 60) for n in range(2930)]
    for edge in (dt.datetime(2026, 3, 29, 1, 0), dt.datetime(2026, 10, 25, 1, 0), dt.datetime(2026, 3, 8, 7, 0),
                 dt.datetime(2026, 11, 1, 6, 0), dt.datetime(2021, 3, 21, 20, 30), dt.datetime(2021, 9, 21, 19, 30),
                 dt.datetime(2025, 3, 20, 20, 29), dt.datetime(2025, 3, 20, 20, 31)):
        edge = edge.replace(tzinfo=dt.timezone.utc)
        out += [edge - dt.timedelta(minutes=1), edge, edge + dt.timedelta(minutes=1)]
    return out


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("calendar", ["auto", "jalali", "gregorian", "both"])
def test_dates_and_times_agree_with_qt(lang: str, calendar: str) -> None:
    for timezone in ZONES:
        mine, qt = DisplayFormat(lang, calendar, timezone), QtOracle(lang, calendar, timezone)
        for moment in moments():
            assert mine.datetime(moment) == qt.datetime(moment), (moment, timezone)
            assert mine.time(moment) == qt.time(moment), (moment, timezone)
            assert mine.long_date(moment) == qt.long_date(moment), (moment, timezone)


NUMBERS = [0, 1, -1, 7, 12, 999, 1000, -1000, 1234, 12345, 99999, 100000, 1234567, -1234567, 2**31 + 5,
           10**12 + 3, -(10**12), 12.5, -12.5, 0.125, -0.04, 2.675, 1234.5, -98765.4321, 99.95, 99.9,
           0.5, 1.5, 2.5, -0.5, 1e9 + 0.5, 3.14159, -0.0, -0.04, -1e-5, 1.005, 1e22, 1e300, 5e-324,
           float("inf"), float("-inf"), float("nan")]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_numbers_agree_with_qlocale(lang: str) -> None:
    qt = QtOracle(lang, "auto", "Asia/Tehran")
    rng = random.Random(1405)
    samples = [rng.randint(-10**7, 10**7) / 8 for _ in range(2000)] + [rng.uniform(-1e5, 1e5) for _ in range(2000)]
    for value in NUMBERS + list(range(-25_000, 25_000, 37)) + samples:
        # QLocale takes whole numbers up to 64 bits (the screen raised OverflowError beyond).
        for decimals in (0, 1, 2, 3) if math.isfinite(value) and abs(value) < 2**63 else (1, 2):
            assert format_number(value, decimals, lang) == qt.number(value, decimals), (value, decimals)
            assert DisplayFormat(lang).number(value, decimals) == qt.number(value, decimals)


def test_persian_rules() -> None:
    fa, en = DisplayFormat("fa"), DisplayFormat("en")
    assert fa.datetime(MOMENT) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰"
    assert fa.date(MOMENT) == "۱۴۰۵/۰۹/۰۶" and fa.time(MOMENT) == "۱۴:۳۰"
    assert fa.long_date(MOMENT) == "جمعه ۶ آذر ۱۴۰۵"
    assert fa.number(1234567) == "۱٬۲۳۴٬۵۶۷" and fa.number(99.95, 2) == "۹۹٫۹۵"
    assert fa.number(-12.5, 1) == "\u200e\u2212۱۲٫۵"  # never a bare ASCII minus (persian.md string 6)
    assert fa.duration(93_784) == "۱ روز ۰۲:۰۳:۰۴" and fa.digits("ساعت 02:15") == "ساعت ۰۲:۱۵"
    assert en.datetime(MOMENT) == "2026-11-27 14:30" and en.long_date(MOMENT) == "Friday 27 November 2026"
    assert en.number(1234567) == "1,234,567" and en.duration(-61) == "-00:01:01"
    assert digits("INC-0007", "en") == "INC-0007"


def test_calendar_setting() -> None:
    assert resolve_calendar("fa", "auto") == "jalali" and resolve_calendar("en", "auto") == "gregorian"
    assert resolve_calendar("fa", None) == "jalali" and resolve_calendar("en", "nonsense") == "gregorian"
    assert DisplayFormat("fa", "gregorian").datetime(MOMENT) == "۲۰۲۶-۱۱-۲۷ ۱۴:۳۰"
    assert DisplayFormat("fa", "both").datetime(MOMENT) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (۲۰۲۶-۱۱-۲۷)"
    assert DisplayFormat("en", "both").datetime(MOMENT) == "1405/09/06 14:30 (2026-11-27)"
    assert DisplayFormat("en", "jalali").long_date(MOMENT) == "Friday 6 Azar 1405"
    assert DisplayFormat("fa", "gregorian").long_date(MOMENT) == "جمعه ۲۷ نوامبر ۲۰۲۶"
    # The headline facts of a report show the other calendar's date too, whatever the setting.
    assert DisplayFormat("fa").datetime(MOMENT, both=True) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (۲۰۲۶-۱۱-۲۷)"
    assert DisplayFormat("en").datetime(MOMENT, both=True) == "2026-11-27 14:30 (1405/09/06)"
    assert DisplayFormat("fa", "both").date(MOMENT) == "۱۴۰۵/۰۹/۰۶ (۲۰۲۶-۱۱-۲۷)"
    assert DisplayFormat("fa").month_day(MOMENT) == "۰۹/۰۶" and DisplayFormat("en").month_day(MOMENT) == "11-27"
    assert DisplayFormat("fa").date(dt.date(2026, 11, 27)) == "۱۴۰۵/۰۹/۰۶"  # a date is not moved by a zone
    assert DisplayFormat("fa").datetime(None) == "" and DisplayFormat("fa").time(None) == ""


def test_time_zones() -> None:
    tehran = dt.timedelta(hours=3, minutes=30)
    for month in (1, 4, 7, 10):  # no DST since 2022, whatever the machine's tz data says
        for year in (2019, 2030):
            assert dt.datetime(year, month, 1, tzinfo=display_zone("Asia/Tehran")).utcoffset() == tehran
    assert display_zone("Asia/Tehran") is display_zone("Iran")
    assert display_zone("no/such_zone") is display_zone("Asia/Tehran")  # as the screen has always done
    assert display_zone("") is display_zone("Asia/Tehran")
    assert display_zone("UTC+05:30").utcoffset(None) == dt.timedelta(hours=5, minutes=30)
    assert display_zone("UTC-03:00").utcoffset(None) == dt.timedelta(hours=-3)
    assert display_zone("Europe/Berlin") == ZoneInfo("Europe/Berlin")
    assert DisplayFormat("en", "auto", "Europe/Berlin").datetime(MOMENT) == "2026-11-27 12:00"
    summer = dt.datetime(2026, 7, 1, 11, 0, tzinfo=dt.timezone.utc)
    assert DisplayFormat("en", "auto", "Europe/Berlin").time(summer) == "13:00"
    assert DisplayFormat("fa", "auto", "UTC").datetime(dt.datetime(2026, 3, 20, 22, 0, tzinfo=dt.timezone.utc)) \
        == "۱۴۰۴/۱۲/۲۹ ۲۲:۰۰"  # still the old year in UTC; ۱۴۰۵/۰۱/۰۱ ۰۱:۳۰ in Tehran
    assert DisplayFormat("fa").datetime(dt.datetime(2026, 3, 20, 22, 0, tzinfo=dt.timezone.utc)) == "۱۴۰۵/۰۱/۰۱ ۰۱:۳۰"


def test_settings_and_language() -> None:
    class Settings:
        values = {"ui/calendar": "both", "ui/timezone": "Europe/Berlin"}

        def get(self, key: str) -> str:
            return self.values[key]

    made = DisplayFormat.from_settings("fa", Settings())
    assert made == DisplayFormat("fa", "both", "Europe/Berlin")
    assert made.datetime(MOMENT) == "۱۴۰۵/۰۹/۰۶ ۱۲:۰۰ (۲۰۲۶-۱۱-۲۷)"
    auto = DisplayFormat("fa", "auto", "UTC")
    assert auto.for_language("en") == DisplayFormat("en", "gregorian", "UTC")  # auto follows the language
    assert auto.for_language("fa") is auto


def test_old_calendar_functions_delegate() -> None:
    from desktop.text.calendar import format_date, format_datetime, format_time, zone

    assert format_datetime(MOMENT, lang="fa", calendar="both") == DisplayFormat("fa", "both").datetime(MOMENT)
    assert format_date(MOMENT, lang="fa", calendar="gregorian") == "۲۰۲۶-۱۱-۲۷"  # as on the screen
    assert format_time(MOMENT, lang="en", tz="Europe/Berlin") == "12:00"
    assert zone() is display_zone("Asia/Tehran")


def test_importing_display_loads_no_qt_and_no_reportlab() -> None:
    code = ("import sys, desktop.text.display; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'reportlab', 'sqlalchemy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
