"""The postmortem of a closed incident says the whole loop — the problem with its five whys in
order, the change (why, risk and its reason, who approved it and when), the review checklist
item by item, the action items with owners and due times — and never contradicts itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services import demo
from desktop.services.store import Store
from tests.reports.test_postmortem import in_order, pdftext, plain, ref_of
from tests.test_cli import crisisroom

WORDS = {
    "en": {"whys": "Five whys", "why": "What is changed and why", "review": "Post-implementation review",
           "yes": "Yes,", "contradiction": "the root cause has not been analysed", "approved": "Approved by",
           "checks": ["the fix is verified in production", "monitoring confirms it", "the documentation is updated",
                      "lessons learned are written", "every action item has an owner and a due time"]},
    "fa": {"whys": "پنج چرا", "why": "چه تغییر می‌کند و چرا", "review": "بازبینی پس از پیاده‌سازی",
           "yes": "بله", "contradiction": "علت ریشه‌ای تحلیل نشده", "approved": "به دست",
           "checks": ["رفع مشکل در محیط عملیاتی تأیید شده است", "پایش آن را تأیید می‌کند", "مستندات به‌روز شده است",
                      "درس‌آموخته‌ها نوشته شده است", "هر اقدام اصلاحی مالک و مهلت دارد"]},
}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_closed_incidents_postmortem_tells_the_whole_loop(demo_db: Path, demo_store: Store, tmp_path: Path,
                                                              lang: str) -> None:
    ref = ref_of(demo_store, "status = 'closed' AND problem_id IS NOT NULL AND change_id IS NOT NULL")
    out = tmp_path / f"pm-{lang}.pdf"
    crisisroom("export-postmortem", ref, "--db", str(demo_db), "--out", str(out), "--lang", lang)
    text, w = pdftext(out), {k: plain(v) if isinstance(v, str) else v for k, v in WORDS[lang].items()}
    # Every why, in their order (each question: pdftotext moves punctuation and digits about).
    if lang == "fa":  # Persian read back in an English page's order is pdftotext's guess: checked in fa
        assert in_order(text, [w["whys"], *(why.split("؟")[0] for why in demo._PROBLEM["five_whys"])])
        assert in_order(text, [demo._PROBLEM["contributing_factors"][:30]])
    else:
        assert w["whys"] in text and all(plain(why.split("؟")[0]) in text for why in demo._PROBLEM["five_whys"])
    assert w["why"] in text
    assert w["approved"] in text
    if lang == "fa":
        assert in_order(text, [demo._CHANGE["risk_reason"].split("،")[0]])
    assert in_order(text, [w["review"], *w["checks"]])
    assert text.count(w["yes"]) >= 3  # the three ticks, with when they were ticked
    assert w["contradiction"] not in text  # a root cause is named: never "not analysed" beside it
    owners = demo_store.read(lambda c: c.execute(
        "SELECT p.name FROM tasks t JOIN incidents i ON i.id = t.incident_id JOIN people p ON p.id = t.owner_id "
        "WHERE i.ref = ? AND t.source = 'review' ORDER BY p.name", (ref,)).fetchall())
    assert len(owners) >= 3 and all(name in text for (name,) in owners)
