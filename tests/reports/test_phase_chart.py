"""The phase chart and the sentences of the postmortem: which phase is running, bars that can be
seen, the review's own word, roles that ended with the incident, first values set (not changed
from nothing), no doubled punctuation. The chart as drawn, and real PDFs read back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from reportlab.graphics.shapes import Rect, String

from desktop.reports.phase_chart import MIN_BAR, chart, phases
from desktop.services import incidents
from desktop.services.store import Store
from tests.helpers.stations import new_store
from tests.reports.test_pdf_text import extracted
from tests.reports.test_postmortem import ref_of
from tests.test_cli import crisisroom

T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.timezone.utc)


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_a_declared_incident_is_being_contained_not_resolved() -> None:
    running = phases({"detected_at": at(0), "declared_at": at(5), "status": "declared"}, at(60))
    assert [(name, still) for name, _s, _e, still in running] == [("identification", False), ("containment", True)]
    contained = phases({"detected_at": at(0), "declared_at": at(5), "contained_at": at(20), "status": "contained"},
                       at(60))
    assert [(name, start, still) for name, start, _e, still in contained][1:] == [
        ("containment", at(5), False), ("resolution", at(20), True)]
    closed = phases({"detected_at": at(0), "declared_at": at(5), "contained_at": at(20), "resolved_at": at(30),
                     "closed_at": at(3000), "status": "closed"}, at(6000))
    assert [name for name, *_ in closed] == ["identification", "containment", "resolution", "review"]
    assert closed[-1][1:] == (at(30), at(3000), False)


def test_short_phases_are_seen_and_stay_inside_the_plot() -> None:
    # Minutes of identification, containment and resolution, then ten days of review.
    spans = phases({"detected_at": at(0), "declared_at": at(1), "contained_at": at(2), "resolved_at": at(3),
                    "closed_at": at(14_400), "status": "closed"}, at(20_000))
    words = {"identification": "Identification", "containment": "Containment", "resolution": "Resolution",
             "review": "Review"}
    for rtl in (True, False):
        drawing = chart(spans, 480, rtl, words.get, lambda moment: moment.strftime("%d %H:%M"))
        bars = [shape for shape in drawing.contents if isinstance(shape, Rect)]
        assert len(bars) == 4
        plot = (0, 480 - 95) if rtl else (95, 480)
        assert all(bar.width >= MIN_BAR and plot[0] <= bar.x and bar.x + bar.width <= plot[1] + 1e-6 for bar in bars)
        labels = [s.text for s in drawing.contents if isinstance(s, String)][:4]
        assert labels == ["Identification", "Containment", "Resolution", "Review"]


def test_the_chart_the_team_and_the_edits_read_right_in_english(demo_db: Path, demo_store: Store,
                                                                tmp_path: Path) -> None:
    declared, closed = ref_of(demo_store, "status = 'declared' AND severity = 'sev1'"), ref_of(
        demo_store, "status = 'closed'")
    crisisroom("export-postmortem", declared, "--db", str(demo_db), "--out", str(tmp_path / "d.pdf"), "--lang", "en")
    crisisroom("export-postmortem", closed, "--db", str(demo_db), "--out", str(tmp_path / "c.pdf"), "--lang", "en")
    running, done = extracted(tmp_path / "d.pdf"), extracted(tmp_path / "c.pdf")
    assert "\nContainment\n" in running  # the running phase of a declared incident
    assert "\nReview\n" in done and "Maintenance" not in done
    # As read, lines wrapped or not; a cell's wrapped line may be read after the page's footer.
    running, done = (" ".join(re.sub(r"Page \d+ of \d+", "", text).split()) for text in (running, done))
    assert "still holds the role" not in done and "when the incident was closed" in done
    assert "still holds the role" in running  # an open incident's team still holds its roles
    assert "from — to" not in running and "Conference bridge: set to https://meet.example.ir/crisis-room" in running


def test_the_persian_chart_and_team(demo_db: Path, demo_store: Store, tmp_path: Path) -> None:
    closed = ref_of(demo_store, "status = 'closed'")
    crisisroom("export-postmortem", closed, "--db", str(demo_db), "--out", str(tmp_path / "c.pdf"), "--lang", "fa")
    text = extracted(tmp_path / "c.pdf")
    assert "\nبازبینی\n" in text and "نگهداشت" not in text
    text = " ".join(text.split())
    assert "هنوز در این نقش است" not in text and "هنگام بستن" in text


def test_a_value_ending_in_punctuation_is_not_followed_by_more(tmp_path: Path) -> None:
    store = new_store(tmp_path / "s.db", "Q")
    incident = store.run(incidents.declare, title="قطعی درگاه", description="پرداخت‌ها رد می‌شوند.").value
    store.run(incidents.edit, incident, description="پرداخت‌ها کند شده‌اند.", root_cause="گواهی منقضی شد.",
              severity="sev1")
    ref = store.read(lambda c: c.execute("SELECT ref FROM incidents").fetchone()[0])
    store.close()
    for lang in ("fa", "en"):
        out = tmp_path / f"{lang}.pdf"
        crisisroom("export-postmortem", ref, "--db", str(tmp_path / "s.db"), "--out", str(out), "--lang", lang)
        text = extracted(out)
        assert "گواهی منقضی شد." in text
        assert not re.search(r"\.\s*[.؛;،,]|[؛;،,]\s*[؛;،,]", text), re.findall(r".{20}\.\s*[.؛;،,].{20}", text)
