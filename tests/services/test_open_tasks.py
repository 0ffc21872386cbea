"""The all-tasks board's query (issue 16): every task of every incident still open, done ones too,
with its incident's reference and title, in (position, id) order; narrowed to some tasks or
incidents for a narrow refresh."""

from __future__ import annotations

from desktop.services import incidents, queries, tasks
from desktop.services.store import Store


def test_open_tasks_of_open_incidents_with_their_incident(store: Store) -> None:
    first = store.run(incidents.declare, title="قطع درگاه پرداخت", severity="sev1").value
    second = store.run(incidents.declare, title="کندی سامانه احراز هویت", severity="sev2").value
    cancelled = store.run(incidents.declare, title="هشدار نادرست", severity="sev3").value
    a = store.run(tasks.add, first, "بررسی لاگ‌ها").value
    b = store.run(tasks.add, second, "افزودن هشدار").value
    c = store.run(tasks.add, first, "راه‌اندازی دوباره").value
    store.run(tasks.add, cancelled, "نادیده").value
    store.run(incidents.move, cancelled, "cancelled")
    rows = store.read(queries.open_tasks)
    assert [r.id for r in rows] == [r.id for r in sorted(rows, key=lambda r: (r.position, r.id))]
    assert {r.id for r in rows} == {a, b, c}
    ref = store.read(lambda conn: conn.execute("SELECT ref FROM incidents WHERE id = ?", (first,)).fetchone()[0])
    row = next(r for r in rows if r.id == a)
    assert (row.incident_id, row.incident_ref, row.incident_title) == (first, ref, "قطع درگاه پرداخت")
    assert [r.id for r in store.read(queries.open_tasks, [b], [])] == [b]
    assert {r.id for r in store.read(queries.open_tasks, [], [first])} == {a, c}
    assert store.read(queries.open_tasks, [], [cancelled]) == []
