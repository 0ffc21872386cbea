"""The lifecycle's allowed moves, and a whole incident walked through them by commands."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.models.incidents import Status
from desktop.services import directory, incidents, lifecycle, records
from desktop.services.errors import CommandError
from desktop.services.store import Store

ALLOWED = {
    ("proposed", "declared"), ("proposed", "cancelled"), ("declared", "contained"),
    ("declared", "resolved"), ("declared", "cancelled"), ("contained", "resolved"),
    ("resolved", "in_review"), ("resolved", "declared"), ("in_review", "closed"),
}


@pytest.mark.parametrize("current", [s.value for s in Status])
@pytest.mark.parametrize("target", [s.value for s in Status])
def test_exactly_the_allowed_moves(current: str, target: str) -> None:
    allowed = (current, target) in ALLOWED
    assert (lifecycle.why_not(current, target) is None) == allowed
    assert (target in lifecycle.allowed_moves(current)) == allowed
    if not allowed:
        with pytest.raises(lifecycle.TransitionError):
            lifecycle.transition(current, target)


def test_a_whole_incident_from_report_to_close(store: Store) -> None:
    service = store.run(directory.add_service, "همراه‌بانک").value
    incident = store.run(incidents.declare, title="قطعی همراه‌بانک", service_ids=[service], proposed=True).value
    steps = [("declared", "declared_at"), ("contained", "contained_at")]
    for target, stamp in steps:
        store.run(incidents.move, incident, target)
        _assert_stamped(store, incident, target, stamp)
    store.run(incidents.acknowledge, incident)
    change = store.run(records.open_change, incident, "بازگرداندن نسخه", risk="low").value
    store.run(incidents.move, incident, "resolved", change)
    _assert_stamped(store, incident, "resolved", "resolved_at")
    store.run(incidents.move, incident, "in_review")
    store.run(incidents.move, incident, "closed")
    _assert_stamped(store, incident, "closed", "closed_at")
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT change_id, acknowledged_at, reviewed_at FROM incidents")).one()
        statuses = [r[0] for r in conn.execute(text(
            "SELECT details FROM timeline_entries WHERE kind = 'status' ORDER BY at, id"))]
    assert row[0] == change and row[1] and row[2]
    assert len(statuses) == 7  # reported, declared, contained, acknowledged, resolved, review, closed
    with pytest.raises(CommandError) as forbidden:
        store.run(incidents.move, incident, "declared")
    assert forbidden.value.code == "forbidden_move"


def test_reopening_clears_resolution(store: Store) -> None:
    incident = store.run(incidents.declare, title="حادثه").value
    store.run(incidents.move, incident, "resolved")
    store.run(incidents.move, incident, "declared")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT status, resolved_at FROM incidents")).one() == ("declared", None)


def _assert_stamped(store: Store, incident: str, status: str, stamp: str) -> None:
    with store.engine.connect() as conn:
        row = conn.execute(text(f"SELECT status, {stamp} FROM incidents WHERE id = :i"), {"i": incident}).one()
    assert row[0] == status and row[1] is not None
