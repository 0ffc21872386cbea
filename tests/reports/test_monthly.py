"""The monthly report PDF (issue 17), read back with pdftotext and pdffonts: the figures are
metrics.report's as the PDF writes them, the month's incidents are listed with their
postmortems, exercises apart, Persian digits in Persian; and the CLI's refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.reports import monthly
from desktop.services import directory, incidents, metrics, review, roles
from desktop.services.store import Store
from desktop.text.display import DisplayFormat
from tests.helpers.stations import new_store
from tests.reports.test_postmortem import fonts, pdftext, plain
from tests.test_cli import crisisroom

UTC = dt.UTC
MIN, HOUR = dt.timedelta(minutes=1), dt.timedelta(hours=1)


def at(month: int, day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def station(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Three major incidents, an exercise and a cancelled one in November 2026 (all in Aban 1405
    too), two in October (Mehr)."""
    path = tmp_path / "station.db"
    store = new_store(path, "MR")
    ids: dict[str, str] = {}
    with store.batch() as run:
        pay = run(directory.add_service, "درگاه پرداخت").value
        bank = run(directory.add_service, "همراه‌بانک").value
        maryam = run(directory.add_person, "مریم احمدی").value
        reza = run(directory.add_person, "رضا کریمی").value

        def declare(name: str, when: dt.datetime, title: str, **kw: object) -> str:
            ids[name] = run(incidents.declare, title=title, at=when, **kw).value
            return ids[name]

        a = declare("A", at(11, 5, 8), "خطای HTTP 503 (Service Unavailable) در «درگاه پرداخت»", severity="sev1",
                    service_ids=[pay], sla_minutes=240)
        run(incidents.acknowledge, a, at=at(11, 5, 8) + 10 * MIN)
        run(roles.assign, a, "incident_commander", maryam, at=at(11, 5, 8) + 11 * MIN)
        run(incidents.move, a, "contained", at=at(11, 5, 8) + 30 * MIN)
        run(incidents.move, a, "resolved", at=at(11, 5, 10))
        run(incidents.move, a, "in_review", at=at(11, 6, 10))
        run(incidents.edit, a, lessons="هشدار زودتر لازم بود", at=at(11, 6, 11))
        run(review.tick, a, fix_verified=True, monitoring_confirmed=True, docs_updated=True, at=at(11, 6, 11))
        run(incidents.move, a, "closed", at=at(11, 6, 12))
        b = declare("B", at(11, 10, 9), "کندی شدید همراه‌بانک", severity="sev2", service_ids=[pay, bank],
                    sla_minutes=60)
        run(incidents.acknowledge, b, at=at(11, 10, 9) + 20 * MIN)
        run(roles.assign, b, "incident_commander", reza, at=at(11, 10, 9) + 21 * MIN)
        run(incidents.move, b, "resolved", at=at(11, 10, 14))
        declare("C", at(11, 12, 10), "Kubernetes در وضعیت بحرانی است", severity="sev3", sla_minutes=120)
        e = declare("E", at(11, 11, 6), "تمرین قطعی برق مرکز داده", severity="sev1", exercise=True)
        run(incidents.acknowledge, e, at=at(11, 11, 6) + 5 * MIN)
        d = declare("D", at(11, 13, 7), "هشدار اشتباه", severity="sev4")
        run(incidents.move, d, "cancelled", at=at(11, 13, 8))
        p = declare("P", at(10, 10, 9), "قطعی همراه‌بانک", severity="sev2", service_ids=[bank])
        run(incidents.acknowledge, p, at=at(10, 10, 9) + 5 * MIN)
        run(incidents.move, p, "resolved", at=at(10, 10, 10))
        q = declare("Q", at(10, 15, 9), "قطعی درگاه پرداخت", severity="sev1", service_ids=[pay])
        run(incidents.acknowledge, q, at=at(10, 15, 9) + 15 * MIN)
        run(incidents.move, q, "resolved", at=at(10, 15, 12))
    refs = dict(store.read(lambda c: c.execute("SELECT id, ref FROM incidents").fetchall()))
    store.close()
    return path, {name: refs[i] for name, i in ids.items()}


def shows(text: str, figure: str) -> bool:
    """The figure in the extracted text; a Persian line's words may come out in either order
    (pdftotext reads a number and a word beside it as it sees them: «۱۴۰۵ آبان», «۱۳:۰۰:۰۰ روز ۳»,
    «۳روز ۱۳:۰۰:۰۰»)."""
    words = plain(figure).split(" ")
    squeezed = text.replace(" ", "")  # pdftotext also drops the space between Persian digits and a word
    return plain(figure) in text or "".join(words) in squeezed or "".join(reversed(words)) in squeezed


def expected(path: Path, month: metrics.Period, lang: str) -> list[str]:
    """The figures as the report writes them, computed here from metrics.report."""
    store = Store(path)
    found = store.read(metrics.report, month, dt.datetime.now(UTC), month.calendar)
    store.close()
    f = DisplayFormat(lang)
    now, before = found.overall, found.previous
    assert now.count == 3 and before.count == 2 and len(found.exercises) == 1
    out = [f.number(now.count), f.number(before.count), monthly.change(now.count, before.count, "count", f)]
    for key in ("mtta_s", "mttr_s", "mtbmi_s"):
        out += [monthly.duration(getattr(now, key), f), monthly.duration(getattr(before, key), f),
                monthly.change(getattr(now, key), getattr(before, key), "duration", f)]
    out += [f.number(now.sla_breaches), f.number(before.sla_breaches)]
    return out


def test_the_persian_report_reads_back_with_the_metrics_figures(app, station, tmp_path: Path) -> None:  # noqa: ANN001
    from desktop.labels import QtWords

    path, refs = station
    out = tmp_path / "month-fa.pdf"
    result = crisisroom("metrics-report", "--month", "۱۴۰۵/۰۸", "--db", str(path), "--out", str(out), "--lang", "fa")
    assert any("\u06f1" <= ch <= "\u06f9" for ch in result.stdout)  # the pages, in Persian digits
    text = pdftext(out)
    words = QtWords()
    assert shows(text, "آبان ۱۴۰۵") and shows(text, "مهر ۱۴۰۵")  # the month and the one before
    month = monthly.read_month("1405/08")
    for figure in expected(path, month, "fa"):
        assert shows(text, figure), figure
    assert "۱۴۰۵/۰۸/۰۱" in text and "۱۴۰۵/۰۸/۳۰" in text  # Jalali, Persian digits
    for name in ("A", "B", "C"):
        assert refs[name] in text and monthly.postmortem_name(refs[name]) in text
    listed = text.index(plain(words.text("mr.incidents")))
    apart = text.index(plain(words.text("mr.exercises_apart")).split(":")[0])  # pdftotext moves the punctuation
    assert listed < apart and refs["E"] in text[apart:] and refs["E"] not in text[:apart]  # the drill apart
    assert refs["D"] not in text  # cancelled: neither counted nor listed
    assert "درگاه پرداخت" in text and "مریم احمدی" in text and "رضا کریمی" in text
    figures = text[text.index(plain(words.text("mr.figures"))):listed]
    assert not any(ch in "0123456789" for ch in figures.replace("MTTA", "").replace("MTTR", "")), figures
    rows = fonts(out)
    assert rows and all(row[0].endswith(("Vazirmatn-Regular", "Vazirmatn-Bold")) and row[-5] == "yes" for row in rows)


def test_the_english_report_is_gregorian_with_latin_digits(app, english, station, tmp_path: Path) -> None:  # noqa: ANN001
    path, refs = station
    out = tmp_path / "month-en.pdf"
    crisisroom("metrics-report", "--month", "2026-11", "--db", str(path), "--out", str(out), "--lang", "en")
    text = pdftext(out)
    assert "November 2026" in text and "October 2026" in text and "2026-11-01" in text and "2026-11-30" in text
    for figure in expected(path, monthly.read_month("2026/11"), "en"):
        assert figure in text, figure
    listed = text.index(english.text("mr.incidents"))
    apart = text.index(english.text("mr.exercises_apart"))
    assert all(refs[n] in text[listed:apart] for n in "ABC") and refs["E"] in text[apart:]
    assert monthly.postmortem_name(refs["A"]) in text and "Kubernetes" in text
    assert all(row[0].endswith(("Vazirmatn-Regular", "Vazirmatn-Bold")) for row in fonts(out))


def test_mttr_within_two_hours_is_charted_in_minutes(app, english, tmp_path: Path) -> None:  # noqa: ANN001
    """A month whose incidents were all resolved within minutes: the trend's MTTR in minutes
    («28»), not as a tenth of an hour that rounds to 0.0."""
    path = tmp_path / "quick.db"
    store = new_store(path, "QK")
    with store.batch() as run:
        for day, minutes in ((3, 20), (9, 36)):
            incident = run(incidents.declare, title=f"quick {day}", severity="sev2", at=at(11, day, 8)).value
            run(incidents.acknowledge, incident, at=at(11, day, 8) + 2 * MIN)
            run(incidents.move, incident, "resolved", at=at(11, day, 8) + minutes * MIN)
    store.close()
    out = tmp_path / "quick.pdf"
    crisisroom("metrics-report", "--month", "2026-11", "--db", str(path), "--out", str(out), "--lang", "en")
    text = pdftext(out)
    assert english.text("mr.trend_mttr_minutes") in text and english.text("mr.trend_mttr") not in text
    chart = text[text.index(english.text("mr.trend_mttr_minutes")):]
    assert "28" in chart.split() and "0.0" not in chart  # (20 + 36) / 2 minutes


def test_the_postmortem_file_name_is_the_one_the_export_suggests(app) -> None:  # noqa: ANN001
    from desktop.views.export_postmortem import suggested_name

    for ref in ("INC-HQ-1405-0007", None, ""):
        assert monthly.postmortem_name(ref) == suggested_name(ref)


def test_months_read_in_either_calendar_and_any_digits() -> None:
    assert monthly.read_month("۱۴۰۵/۰۸") == metrics.month_of(1405, 8, "jalali")
    assert monthly.read_month("1405-8") == metrics.month_of(1405, 8, "jalali")
    assert monthly.read_month("٢٠٢٦/١١") == metrics.month_of(2026, 11, "gregorian")
    for bad in ("1405/13", "1405/0", "آبان", "", "1405/08/01"):
        with pytest.raises(metrics.BadPeriod):
            monthly.read_month(bad)
    now = dt.datetime(2026, 12, 2, 8, tzinfo=UTC)  # 11 Azar 1405
    assert monthly.last_full_month(now, "jalali") == metrics.month_of(1405, 8, "jalali")
    assert monthly.last_full_month(now, "gregorian") == metrics.month_of(2026, 11, "gregorian")


def test_a_change_keeps_its_sign_and_the_language_digits() -> None:
    fa, en = DisplayFormat("fa"), DisplayFormat("en")
    assert monthly.change(3, 1, "count", fa) == "+۲" and monthly.change(1, 3, "count", en) == "-2"
    assert monthly.change(5, 5, "count", en) == "0"
    assert monthly.change(90.0, 120.0, "duration", en) == "-25.0%"
    assert monthly.change(150.0, 120.0, "duration", fa) == "+۲۵٫۰٪"
    assert monthly.change(None, 120.0, "duration", en) == monthly.change(5.0, 0.0, "duration", en) == "—"


def test_the_cli_refuses_in_words(station, tmp_path: Path) -> None:  # noqa: ANN001
    path, _ = station
    bad = crisisroom("metrics-report", "--month", "1405/13", "--db", str(path), "--out", str(tmp_path / "x.pdf"),
                     "--lang", "en", check=False)
    assert bad.returncode == 2 and "1405/13 is not a month" in bad.stderr and "Traceback" not in bad.stderr
    bad = crisisroom("metrics-report", "--month", "آبان", "--db", str(path), "--out", str(tmp_path / "x.pdf"),
                     "--lang", "fa", check=False)
    assert bad.returncode == 2 and "آبان" in bad.stderr and "Traceback" not in bad.stderr
    missing = tmp_path / "no-folder" / "x.pdf"
    bad = crisisroom("metrics-report", "--db", str(path), "--out", str(missing), "--lang", "en", check=False)
    assert bad.returncode == 2 and "folder" in bad.stderr and not missing.parent.exists()
    bad = crisisroom("metrics-report", "--db", str(path), "--out", str(tmp_path), "--lang", "en", check=False)
    assert bad.returncode == 2 and "not a regular file" in bad.stderr
    bad = crisisroom("metrics-report", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "x.pdf"),
                     "--lang", "en", check=False)
    assert bad.returncode == 2 and "no database" in bad.stderr and not (tmp_path / "none.db").exists()
    assert not (tmp_path / "x.pdf").exists()
    good = crisisroom("metrics-report", "--db", str(path), "--out", str(tmp_path / "last.pdf"), "--lang", "en")
    assert "Monthly report written" in good.stdout and (tmp_path / "last.pdf").read_bytes().startswith(b"%PDF")
