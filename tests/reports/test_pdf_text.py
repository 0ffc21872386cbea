"""What the postmortem draws, and what its text layer says, for the Persian that used to come out
wrong: a pasted log, brackets around a Latin word, a path's leading slash, the ezafe and short
vowels, ZWNJ. Real PDFs, read back with pdftotext (as a viewer's search and copy read them) and
with its word boxes (where each word is drawn)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

from desktop.services import incidents, timeline
from desktop.services.store import Store
from tests.helpers.stations import new_store
from tests.reports.test_postmortem import fonts
from tests.test_cli import crisisroom

LOG = "\n".join(f"2026-11-27T14:{n % 60:02d}:07 node-{n} kernel: eth0 link down, retrying /var/log/syslog"
                for n in range(90))
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def extracted(path: Path) -> str:
    """pdftotext's text, presentation forms folded (NFKC) and its own bidi marks dropped; ZWNJ
    and the marks (harakat) are kept: they are what this file checks."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \t]+", " ", BIDI.sub("", unicodedata.normalize("NFKC", out)))


def drawn_lines(path: Path) -> list[list[str]]:
    """Each line's words as drawn, left to right (pdftotext's word boxes), NFKC, bidi marks dropped."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    lines = []
    for line in re.findall(r"<line[^>]*>(.*?)</line>", out, re.S):
        words = re.findall(r'<word xMin="([\d.]+)"[^>]*>(.*?)</word>', line)
        lines.append([BIDI.sub("", unicodedata.normalize("NFKC", w)) for _x, w in
                      sorted(words, key=lambda found: float(found[0]))])
    return lines


def _incident(tmp_path: Path, notes: list[str], **fields: str) -> tuple[Path, str]:
    store = new_store(tmp_path / "s.db", "P")
    incident = store.run(incidents.declare, title="سرویس از کار افتاد (DNS)").value
    for note in notes:
        store.run(timeline.add_note, incident, note)
    if fields:
        store.run(incidents.edit, incident, **fields)
    ref = store.read(lambda c: c.execute("SELECT ref FROM incidents").fetchone()[0])
    store.close()
    return tmp_path / "s.db", ref


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_pasted_log_splits_across_pages(tmp_path: Path, lang: str) -> None:
    """A 6,900-character note of 90 log lines (and as long a lesson in a two-column table) runs on
    over the pages instead of stopping the export with reportlab's LayoutError."""
    assert len(LOG) > 6000
    db, ref = _incident(tmp_path, [LOG], went_well=LOG)
    out = tmp_path / "long.pdf"
    result = crisisroom("export-postmortem", ref, "--db", str(db), "--out", str(out), "--lang", lang, check=False)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    text = extracted(out)
    for n in range(90):  # every line of the log: the note, the edit of the lesson, the lesson
        assert text.count(f"node-{n} kernel") == 3, n
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', bbox).group(1))
    assert max(float(y) for y in re.findall(r'yMax="([\d.]+)"', bbox)) < height  # nothing below the page
    assert all(row[0].endswith(("Vazirmatn-Regular", "Vazirmatn-Bold")) for row in fonts(out))


def test_brackets_slashes_and_dates_are_drawn_and_read_in_place(tmp_path: Path) -> None:
    db, ref = _incident(tmp_path, ["سرویس از کار افتاد (DNS)", "فایل /var/log/syslog را ببینید"])
    out = tmp_path / "fa.pdf"
    crisisroom("export-postmortem", ref, "--db", str(db), "--out", str(out), "--lang", "fa")
    lines = drawn_lines(out)
    # Drawn: "(DNS)" whole, at the left end of its right-to-left line (after "افتاد" as one reads).
    dns = [line for line in lines if "DNS)" in "".join(line) and "داتفا" in line]
    assert dns and all(line[0] == "(DNS)" and "DNS))" not in "".join(line) for line in dns), dns
    path = [line for line in lines if any("var/log" in w for w in line)]
    assert path and all("/var/log/syslog" in line for line in path), path  # the slash stays in front
    # Read back (a viewer's copy and search): the same words in logical order, brackets in place.
    text = extracted(out)
    assert "سرویس از کار افتاد (DNS)" in text
    assert "/var/log/syslog" in text and "var/log/syslog/" not in text
    declared = re.search(r"(\S+ \S+ \(\S+\))\s*\n", text[text.index("اعلام"):])
    assert declared and re.fullmatch(r"[۰-۹/]{10} [۰-۹:]{5} \([۰-۹-]{10}\)", declared.group(1)), declared


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_ezafe_short_vowels_and_zwnj_reach_the_text_layer(tmp_path: Path, lang: str) -> None:
    notes = ["حادثهٔ مهم در پروندهٔ شبکه", "کَسره و ضمّه و تنوین فوراً", "این خطا دوباره تکرار می\u200cشود"]
    db, ref = _incident(tmp_path, notes)
    out = tmp_path / "marks.pdf"
    crisisroom("export-postmortem", ref, "--db", str(db), "--out", str(out), "--lang", lang)
    text = extracted(out)
    assert "حادثهٔ مهم در پروندهٔ شبکه" in text  # the ezafe (U+0654)
    assert "کَسره و ضمّه و تنوین فوراً" in text  # fatha, shadda, tanwin
    assert "تکرار می\u200cشود" in text  # searchable with its ZWNJ, as people type it


def test_a_long_title_stays_inside_the_page_header(tmp_path: Path) -> None:
    title = ("قطعی سرویس‌های پرداخت و احراز هویت در مرکز داده HQ-DC1 پس از ارتقای نسخه ۲٫۴ " * 4)[:300].strip()
    store = new_store(tmp_path / "s.db", "H")
    store.run(incidents.declare, title=title, proposed=True)  # no messages: their text repeats the title
    ref = store.read(lambda c: c.execute("SELECT ref FROM incidents").fetchone()[0])
    store.close()
    out = tmp_path / "title.pdf"
    crisisroom("export-postmortem", ref, "--db", str(tmp_path / "s.db"), "--out", str(out), "--lang", "fa")
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    margin = 18 * 72 / 25.4
    boxes = [(float(a), float(b)) for a, b in re.findall(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"', bbox)]
    assert all(left >= margin - 1 and right <= width - margin + 1 for left, right in boxes)
    header = [line for line in drawn_lines(out) if ref in line and len(line) > 1]  # not the facts' row
    assert header and all("..." in "".join(line) for line in header)  # cut short, and says so (… folded)
