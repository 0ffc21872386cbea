"""The follow-up register's rule and its CSV, on a small fixed data set."""

from __future__ import annotations

import csv
import datetime as dt
import io

from desktop.services import directory, follow_ups, incidents, review, tasks
from desktop.services.store import Store

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def _closed_with(store: Store, actions: list[tuple[str, str, dt.datetime | None]], close: bool = True) -> str:
    incident = store.run(incidents.declare, title="قطعی").value
    owner = store.run(directory.add_person, "نرگس حسینی").value
    store.run(incidents.move, incident, "resolved")
    store.run(incidents.move, incident, "in_review")
    for title, column, due in actions:
        store.run(tasks.add, incident, title, column, owner_id=owner, due_at=due, source="review")
    store.run(tasks.add, incident, "کار عادی پاسخ", "todo", owner_id=owner)  # not a follow-up
    store.run(review.tick, incident, **{item: True for item in review.TICKED})
    store.run(incidents.edit, incident, lessons="درس")
    if close and all(due for _t, _c, due in actions):
        store.run(incidents.move, incident, "closed")
    return incident


def test_only_closed_incidents_review_actions_late_first(store: Store) -> None:
    _closed_with(store, [("=HYPERLINK(\"x\")", "todo", NOW - dt.timedelta(days=1)),
                         ("آزمون بار", "todo", NOW + dt.timedelta(days=3)),
                         ("هشدار", "done", NOW - dt.timedelta(days=9))])
    _closed_with(store, [("هنوز در بازبینی", "todo", NOW + dt.timedelta(days=1))], close=False)
    rows = store.read(lambda c: follow_ups.register(c, NOW))
    assert [(r.title, r.state) for r in rows] == [("=HYPERLINK(\"x\")", "overdue"), ("آزمون بار", "open"),
                                                  ("هشدار", "done")]
    assert follow_ups.counts(rows) == {"overdue": 1, "open": 1, "done": 1}
    data = follow_ups.to_csv(rows, ["a", "b", "c", "d", "e", "f", "g", "h"], str.upper, lambda m: m.strftime("%d"))
    assert data.startswith("\ufeff".encode())
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert read[1][2] == "'=HYPERLINK(\"x\")"  # never run as a formula
    assert read[1][5] == "OVERDUE" and read[1][7] == "2026-05-31T12:00:00+00:00" and read[3][6]
