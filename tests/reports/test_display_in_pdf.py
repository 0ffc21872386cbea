"""The postmortem PDF writes moments, durations and numbers exactly as the screen does, and in the
user's calendar and time zone (read back with pdftotext, as people and machines read it)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path

import pytest

from desktop.formatting import Formatter
from desktop.reports import data, postmortem
from desktop.reports.data import Notice
from desktop.reports.words import fill
from desktop.services.store import Store
from desktop.text.display import DisplayFormat
from tests.reports.test_postmortem import pdftext, plain, ref_of

MOMENT = dt.datetime(2026, 11, 27, 11, 0, tzinfo=dt.timezone.utc)  # 14:30 in Tehran, 12:00 in Berlin


def closed_incident(store: Store) -> data.PostmortemData:
    """The demo's closed incident, with twelve messages to users sent at MOMENT."""
    found = store.read(data.load, ref_of(store, "status = 'closed'"))
    sent = [Notice(MOMENT + dt.timedelta(minutes=n), "users", False, "sms", "sent", f"پیام {n}") for n in range(12)]
    return dataclasses.replace(found, notices=sent)


def shows(text: str, expected: str) -> bool:
    """pdftotext may drop the space after a digit at a run's edge: compare without spaces too."""
    return plain(expected) in text or plain(expected).replace(" ", "") in text.replace(" ", "")


def write(found: data.PostmortemData, words, out: Path, **kwargs) -> tuple[str, int]:  # noqa: ANN001, ANN003
    """The text as pdftotext reads it, then in drawing order (-raw): pdftotext's own reordering
    moves the closing bracket of "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰ (۲۰۲۶-۱۱-۲۷)" to the front of a right-to-left
    line although the PDF draws it in place."""
    pages = postmortem.write(found, words, out, now=MOMENT, **kwargs)
    raw = plain(subprocess.run(["pdftotext", "-raw", str(out), "-"], capture_output=True, text=True,
                               check=True).stdout)
    return f"{pdftext(out)}\n{raw}", pages


def same_as_screen(text: str, pages: int, found: data.PostmortemData, words, screen: Formatter) -> None:  # noqa: ANN001
    incident = found.incident
    declared, resolved = incident["declared_at"], incident["resolved_at"]
    assert shows(text, screen.datetime(MOMENT))  # "Generated", and the first message's time
    assert shows(text, screen.datetime(found.timeline[0].at))
    assert shows(text, screen.duration((resolved - declared).total_seconds()))
    assert shows(text, screen.duration((incident["acknowledged_at"] - declared).total_seconds()))
    assert shows(text, fill(words.text("pm.users_notified"), screen.number(12)))
    assert shows(text, fill(words.text("pm.page"), screen.number(1), screen.number(pages)))
    both = Formatter(screen.lang, "both", screen.display.timezone)  # the headline facts: both calendars
    if screen.calendar_mode == "jalali":
        assert shows(text, both.datetime(declared))


def test_persian_pdf_reads_as_the_screen(app, demo_store: Store, tmp_path: Path) -> None:  # noqa: ANN001
    from desktop.labels import QtWords

    found, words, screen = closed_incident(demo_store), QtWords(), Formatter("fa")
    text, pages = write(found, words, tmp_path / "fa.pdf", display=screen.display)
    assert shows(text, "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰")
    same_as_screen(text, pages, found, words, screen)
    # Without a display format the PDF uses the defaults, which are the screen's defaults.
    default_text, _ = write(found, words, tmp_path / "fa-default.pdf")
    assert default_text == text


def test_english_pdf_reads_as_the_screen(demo_store: Store, tmp_path: Path, english) -> None:  # noqa: ANN001
    found, screen = closed_incident(demo_store), Formatter("en")
    text, pages = write(found, english, tmp_path / "en.pdf", display=screen.display)
    assert shows(text, "2026-11-27 14:30") and not shows(text, "۱۴:۳۰")
    same_as_screen(text, pages, found, english, screen)


@pytest.mark.parametrize(("calendar", "timezone", "generated"), [
    ("gregorian", "Europe/Berlin", "۲۰۲۶-۱۱-۲۷ ۱۲:۰۰"),
    ("both", "America/New_York", "۱۴۰۵/۰۹/۰۶ ۰۶:۰۰ (۲۰۲۶-۱۱-۲۷)"),
    ("jalali", "UTC", "۱۴۰۵/۰۹/۰۶ ۱۱:۰۰"),
])
def test_persian_pdf_honours_the_calendar_and_time_zone_settings(
        app, demo_store: Store, tmp_path: Path, calendar: str, timezone: str, generated: str) -> None:  # noqa: ANN001
    from desktop.labels import QtWords

    found, words, screen = closed_incident(demo_store), QtWords(), Formatter("fa", calendar, timezone)
    text, pages = write(found, words, tmp_path / "pdf.pdf", display=screen.display)
    assert shows(text, generated) and not shows(text, "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰")
    same_as_screen(text, pages, found, words, screen)
    if calendar == "gregorian":
        # Only the headline facts carry the other calendar's date, and never a time.
        assert not shows(text, DisplayFormat("fa", "jalali", timezone).datetime(MOMENT))
        assert shows(text, screen.display.datetime(found.incident["declared_at"], both=True))


@pytest.mark.parametrize(("calendar", "timezone", "generated"), [
    ("both", "Asia/Tehran", "1405/09/06 14:30 (2026-11-27)"),
    ("jalali", "Europe/Berlin", "1405/09/06 12:00"),
])
def test_english_pdf_honours_the_calendar_and_time_zone_settings(
        demo_store: Store, tmp_path: Path, english, calendar: str, timezone: str, generated: str) -> None:  # noqa: ANN001
    found, screen = closed_incident(demo_store), Formatter("en", calendar, timezone)
    text, pages = write(found, english, tmp_path / "pdf.pdf",
                        display=DisplayFormat.from_settings("en", {"ui/calendar": calendar, "ui/timezone": timezone}))
    assert shows(text, generated) and not shows(text, "2026-11-27 14:30")
    same_as_screen(text, pages, found, english, screen)


def test_a_display_in_the_other_language_follows_the_words(demo_store: Store, tmp_path: Path, english) -> None:  # noqa: ANN001
    found = closed_incident(demo_store)
    text, _ = write(found, english, tmp_path / "en.pdf", display=Formatter("fa", "auto", "Europe/Berlin").display)
    assert shows(text, "2026-11-27 12:00")  # English words, English digits; the zone is kept
