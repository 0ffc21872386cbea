"""The postmortem PDF, read back the way people and machines read it: pdftotext, pdffonts, pdfinfo."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from desktop.services import incidents, timeline
from desktop.services.store import Store
from tests.test_cli import crisisroom

HEADINGS_FA = ["خلاصه مدیریتی", "اثر", "تشخیص", "مراحل", "خط زمانی", "پاسخ‌دهندگان و نقش‌ها",
               "علت ریشه‌ای و عوامل مؤثر", "رفع و بازیابی", "شاخص‌ها", "درس‌آموخته‌ها", "اقدامات اصلاحی",
               "اطلاع‌رسانی‌های ارسال‌شده", "بازبینی پس از پیاده‌سازی", "رکوردهای مرتبط"]
HEADINGS_EN = ["Executive summary", "Impact", "Detection", "Phases", "Timeline", "Responders and roles",
               "Root cause and contributing factors", "Resolution and recovery", "Metrics", "Lessons learned",
               "Action items", "Communications sent", "Post-implementation review", "Related records"]


def plain(text: str) -> str:
    """pdftotext output as comparable text: presentation forms folded (NFKC), bidi marks and
    ZWNJ (the PDF shapes instead) dropped, white space collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u200c\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text)


def pdftext(path: Path) -> str:
    return plain(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def in_order(text: str, parts: list[str]) -> bool:
    position = -1
    for part in parts:
        position = text.find(plain(part), position + 1)
        if position < 0:
            return False
    return True


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:]]


def ref_of(store: Store, where: str) -> str:
    return store.read(lambda c: c.execute(f"SELECT ref FROM incidents WHERE {where} ORDER BY ref").fetchone()[0])


def test_persian_postmortem_reads_back_in_logical_order(demo_db: Path, demo_store: Store, tmp_path: Path) -> None:
    ref = ref_of(demo_store, "severity = 'sev1' AND status = 'declared'")
    out = tmp_path / "pm-fa.pdf"
    result = crisisroom("export-postmortem", ref, "--db", str(demo_db), "--out", str(out), "--lang", "fa")
    assert "نوشته شد" in result.stdout
    text = pdftext(out)
    assert in_order(text, ["خطای", "HTTP 503 (Service Unavailable", "درگاه پرداخت"])  # the title
    assert in_order(text, HEADINGS_FA)
    assert "مریم احمدی" in text and "رضا کریمی" in text and "حمید موسوی" in text
    assert "پیش‌نویس — حادثه هنوز بسته نشده است".replace("\u200c", "") in text  # open: a draft
    assert "db01.tehran.example.ir" in text and "ERR-4012-B" in text and "INC-000123" in text
    assert "۱۴۰۵/" in text  # Jalali, Persian digits
    assert re.search("صفحه ۱ ?از [۰-۹]", text)  # pdftotext may drop the space after a digit
    names = [f for f in fonts(out)]
    assert names and all(row[0].endswith(("Vazirmatn-Regular", "Vazirmatn-Bold")) and row[-5] == "yes"
                         for row in names)
    meta = info(out)
    assert int(meta["Pages"]) >= 3
    assert "خطای HTTP 503" in meta["Title"] and meta["Subject"].strip() == ref
    assert meta["Author"].strip() == "مریم احمدی"


def test_english_postmortem_of_a_closed_incident(demo_db: Path, demo_store: Store, tmp_path: Path) -> None:
    ref = ref_of(demo_store, "status = 'closed'")
    out = tmp_path / "pm-en.pdf"
    crisisroom("export-postmortem", ref, "--db", str(demo_db), "--out", str(out), "--lang", "en")
    text = pdftext(out)
    assert in_order(text, HEADINGS_EN)
    assert "DRAFT" not in text  # closed: final
    assert "هماهنگی سریع تیم فنی" in text  # what went well, in its own words
    assert "افزودن هشدار برای تعداد اتصال‌ها".replace("\u200c", "") in text  # the review's action item
    assert "Met (target" in text or "Breached by" in text
    assert re.search(r"Page 1 of \d", text)
    assert "2026-" in text or "2025-" in text  # Gregorian in English


def test_empty_sections_say_so(tmp_path: Path) -> None:
    from tests.helpers.stations import new_store

    store = new_store(tmp_path / "s.db", "E")
    store.run(incidents.declare, title="قطعی کوتاه", proposed=True)  # reported only: nobody told yet
    store.close()
    out = tmp_path / "empty.pdf"
    crisisroom("export-postmortem", "INC-E-" + "", "--db", str(tmp_path / "s.db"), "--out", str(out),
               "--lang", "fa", check=False)  # a partial reference is unknown
    assert not out.exists()
    ref = Store(tmp_path / "s.db").read(lambda c: c.execute("SELECT ref FROM incidents").fetchone()[0])
    crisisroom("export-postmortem", ref, "--db", str(tmp_path / "s.db"), "--out", str(out), "--lang", "fa")
    text = pdftext(out)
    for sentence in ("رکورد مشکلی پیوند نشده است", "رکورد تغییری پیوند نشده است", "اقدام اصلاحی ثبت نشده است",
                     "نقشی واگذار نشده است", "اطلاع‌رسانی‌ای ثبت نشده است"):
        assert plain(sentence).replace("\u200c", "") in text.replace("\u200c", ""), sentence
    assert in_order(text, HEADINGS_FA)  # every section is there, empty or not


def test_long_unbroken_words_stay_inside_the_margins(tmp_path: Path) -> None:
    from tests.helpers.stations import new_store

    store = new_store(tmp_path / "s.db", "L")
    incident = store.run(incidents.declare, title="پیوند بسیار بلند").value
    url = "https://status.example.ir/" + "a" * 300 + "/x?y=" + "9" * 80
    store.run(timeline.add_note, incident, f"نشانی: {url} را ببینید")
    store.run(timeline.add_note, incident, "ب" * 400)
    ref = store.read(lambda c: c.execute("SELECT ref FROM incidents").fetchone()[0])
    store.close()
    out = tmp_path / "long.pdf"
    crisisroom("export-postmortem", ref, "--db", str(tmp_path / "s.db"), "--out", str(out), "--lang", "fa")
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox))
    left = min(float(x) for x in re.findall(r'xMin="([\d.]+)"', bbox))
    assert left >= 18 * 72 / 25.4 - 1 and right <= page_width - 18 * 72 / 25.4 + 1
    assert "a" * 40 in plain(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout)


def test_unknown_incident_and_unwritable_path_fail_clearly_and_leave_nothing(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    unknown = crisisroom("export-postmortem", "INC-XX-0000-0000", "--db", str(demo_db), "--out", str(out),
                         "--lang", "fa", check=False)
    assert unknown.returncode == 2 and "حادثه‌ای با شناسه یا کد" in unknown.stderr and not out.exists()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        import os

        if os.geteuid() == 0:  # root writes anywhere: use a path under a file instead
            target = tmp_path / "a-file" / "x.pdf"
            (tmp_path / "a-file").write_text("")
        else:
            target = locked / "x.pdf"
        ref = Store(demo_db).read(lambda c: c.execute("SELECT ref FROM incidents LIMIT 1").fetchone()[0])
        result = crisisroom("export-postmortem", ref, "--db", str(demo_db), "--out", str(target), "--lang", "en",
                            check=False)
        assert result.returncode == 2 and "The file cannot be written there" in result.stderr
        assert str(target) in result.stderr and "Errno" not in result.stderr and "Traceback" not in result.stderr
        assert list(locked.iterdir()) == [] and list(tmp_path.glob("*.part")) == []
    finally:
        locked.chmod(0o700)


def test_pinned_only_and_progress(demo_store: Store, tmp_path: Path, english) -> None:  # noqa: ANN001
    from desktop.reports import data, postmortem

    ref = ref_of(demo_store, "severity = 'sev1' AND status = 'declared'")
    found = demo_store.read(data.load, ref)
    seen: list[float] = []
    everything = postmortem.write(found, english, tmp_path / "all.pdf", progress=seen.append)
    pinned = postmortem.write(found, english, tmp_path / "pinned.pdf", pinned_only=True)
    assert seen and seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    assert pinned < everything or len(pdftext(tmp_path / "pinned.pdf")) < len(pdftext(tmp_path / "all.pdf"))
    text = pdftext(tmp_path / "pinned.pdf")
    assert "Timeline (pinned entries)" in text
    assert "db01.tehran.example.ir" in text  # a pinned note
    assert "node-7" not in text  # an unpinned one
