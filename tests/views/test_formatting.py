"""What people read: QLocale digits and separators, QCalendar Jalali, Tehran time."""

from __future__ import annotations

import datetime as dt

from desktop.formatting import Formatter

MOMENT = dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.timezone.utc)  # 14:30 in Tehran


def test_persian_dates_are_jalali_with_persian_digits(app) -> None:  # noqa: ANN001
    fa = Formatter("fa")
    assert fa.datetime(MOMENT) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰"
    assert fa.long_date(MOMENT) == "جمعه ۶ آذر ۱۴۰۵"
    assert Formatter("fa", calendar="both").datetime(MOMENT) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (۲۰۲۶-۱۱-۲۷)"


def test_english_dates_are_gregorian(app) -> None:  # noqa: ANN001
    assert Formatter("en").datetime(MOMENT) == "2026-11-27 14:30"
    assert Formatter("en", calendar="jalali").datetime(MOMENT) == "1405/09/06 14:30"


def test_numbers_use_the_locale_not_a_bare_minus(app) -> None:  # noqa: ANN001
    # persian.md string 6: "تغییر MTTR: -12.5% نسبت به ماه قبل" — the number comes from QLocale.
    change = Formatter("fa").number(-12.5, 1)
    assert "۱۲٫۵" in change and "-" not in change  # U+2212 with a direction mark, not ASCII '-'
    assert Formatter("fa").number(1234567) == "۱٬۲۳۴٬۵۶۷"
    assert Formatter("en").number(-12.5, 1) == "-12.5"


def test_durations_tick_as_days_hours_minutes_seconds(app) -> None:  # noqa: ANN001
    assert Formatter("fa").duration(93_784) == "۱ روز ۰۲:۰۳:۰۴"
    assert Formatter("en").duration(-61) == "-00:01:01"


def test_the_screen_and_the_pdf_share_one_format(app) -> None:  # noqa: ANN001
    from desktop.text.display import DisplayFormat

    screen = Formatter("fa", "both", "Europe/Berlin")
    assert screen.display == DisplayFormat("fa", "both", "Europe/Berlin")
    assert screen.datetime(MOMENT) == screen.display.datetime(MOMENT) == "۱۴۰۵/۰۹/۰۶ ۱۲:۰۰ (۲۰۲۶-۱۱-۲۷)"
    assert screen.date(MOMENT) == "۱۴۰۵/۰۹/۰۶ (۲۰۲۶-۱۱-۲۷)" and screen.digits("v2") == "v۲"


def test_the_widgets_time_zone_is_the_display_zone(app) -> None:  # noqa: ANN001
    from PySide6.QtCore import QDateTime

    at = QDateTime.fromSecsSinceEpoch(int(MOMENT.timestamp()))
    assert Formatter("fa").zone.offsetFromUtc(at) == 12600  # Tehran fixed at +03:30
    assert Formatter("fa", timezone="no/such_zone").zone.offsetFromUtc(at) == 12600
    assert Formatter("en", timezone="Europe/Berlin").zone.id().data() == b"Europe/Berlin"
    assert Formatter("en", timezone="UTC+05:30").zone.offsetFromUtc(at) == 19800
    assert Formatter("en", timezone="UTC").zone.offsetFromUtc(at) == 0
