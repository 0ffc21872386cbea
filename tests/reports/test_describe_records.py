"""A record's edit on the incident's timeline reads in words: the record named, keys worded,
people by name, times as the screen shows them — never a stored key, id or wire time."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop import i18n
from desktop.formatting import Formatter
from desktop.labels import QtWords
from desktop.reports.describe import describe, wire_time_words
from desktop.services import directory, incidents, queries, records
from desktop.services.store import Store


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_a_record_edit_reads_in_words(store: Store, qapp, lang: str) -> None:  # noqa: ANN001
    i18n.install(lang)
    try:
        incident = store.run(incidents.declare, title="قطعی درگاه پرداخت").value
        owner = store.run(directory.add_person, "حمید موسوی").value
        problem = store.run(records.open_problem, incident, "نشت اتصال").value
        store.run(records.edit_problem, problem, root_cause="اتصال آزاد نمی‌شد", state="root_cause_found",
                  owner_id=owner)
        change = store.run(records.open_change, incident, "بازگرداندن نسخه").value
        store.run(records.edit_change, change, scheduled_at=dt.datetime(2026, 3, 20, 20, 30, tzinfo=dt.UTC),
                  risk="high", risk_reason="پنج دقیقه قطعی")
        data = store.read(lambda c: queries.timeline_data(c, incident))
        formatter = Formatter(lang)
        said = [describe(r, QtWords(), data.people, data.tasks, when=wire_time_words(formatter.datetime))
                for r in data.rows if r.kind == "field"]
    finally:
        i18n.install("fa")
    problem_line = next(s for s in said if "حمید موسوی" in s)
    change_line = next(s for s in said if "پنج دقیقه قطعی" in s)
    for word in ("root_cause_found", owner, "high", "2026-03-20T"):
        assert word not in problem_line + change_line
    if lang == "en":
        assert problem_line.startswith("Problem record: ") and "Root cause found" in problem_line
        assert change_line.startswith("Change record: ") and "High" in change_line
        assert "2026-03-21 00:00" in change_line  # 20:30 UTC in Tehran time
    else:
        assert problem_line.startswith("رکورد مشکل: ") or "مشکل" in problem_line.split(":")[0]
        assert "۱۴۰۵/۰۱/۰۱" in change_line  # the Jalali date of 21 March 2026, in Persian digits
