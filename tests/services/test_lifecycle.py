"""The lifecycle's allowed moves, and a whole incident walked through them by commands."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.models.incidents import Status
from desktop.services import directory, incidents, lifecycle, records
from desktop.services.errors import CommandError
from desktop.services.store import Store
from tests.helpers.review import review_done

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
    review_done(store, incident)
    store.run(incidents.move, incident, "closed")
    _assert_stamped(store, incident, "closed", "closed_at")
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT change_id, acknowledged_at, reviewed_at FROM incidents")).one()
        statuses = [r[0] for r in conn.execute(text(
            "SELECT details FROM timeline_entries WHERE kind = 'status' ORDER BY at, id"))]
    assert row[0] == change and row[1] and row[2]
    # reported, declared, contained, acknowledged, resolved, review, the checklist ticked, closed
    assert len(statuses) == 8
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


# What each status offers (acknowledgement aside): the lifecycle buttons a person may press.
OFFERED = {
    "proposed": {"accept", "cancel", "duplicate"},
    "declared": {"contain", "resolve", "cancel"},
    "contained": {"resolve"},
    "resolved": {"review", "reopen"},
    "in_review": {"close"},
    "closed": set(),
    "cancelled": set(),
}


@pytest.mark.parametrize("status", [s.value for s in Status])
@pytest.mark.parametrize("acknowledged", [False, True])
def test_actions_say_what_is_possible_now_and_why_not(status: str, acknowledged: bool) -> None:
    offers = lifecycle.actions(status, "2026-01-01T00:00:00Z" if acknowledged else None)
    assert [o.action for o in offers] == list(lifecycle.Action)  # every action, in phase order
    can_acknowledge = status in ("declared", "contained") and not acknowledged
    assert {o.action for o in offers if o.allowed} == OFFERED[status] | ({"acknowledge"} if can_acknowledge else set())
    for offer in offers:
        assert offer.target == lifecycle.ACTIONS[offer.action]
        assert offer.allowed == (offer.refusal is None)
        if offer.target is not None and offer.allowed:
            assert lifecycle.why_not(status, offer.target) is None  # never more than the moves allow
    reasons = {o.action: o.refusal for o in offers}
    assert reasons["acknowledge"] == ("already_acknowledged" if acknowledged else
                                      None if can_acknowledge else "not_declared")
    if status != "proposed":
        assert reasons["accept"] == reasons["duplicate"] == "only_proposed"
    if status != "resolved":
        assert reasons["reopen"] == "only_resolved"


def test_the_move_targets_are_the_statuses_a_move_leads_to() -> None:
    assert lifecycle.TARGETS == ("declared", "contained", "resolved", "in_review", "closed", "cancelled")


@pytest.mark.parametrize("status", ["proposed", "declared", "contained", "resolved"])
def test_acknowledging_is_refused_as_the_lifecycle_says(store: Store, status: str) -> None:
    incident = store.run(incidents.declare, title="حادثه", proposed=status == "proposed").value
    if status in ("contained", "resolved"):
        store.run(incidents.move, incident, status)
    expected = lifecycle.refusal("acknowledge", status)
    if expected is None:
        store.run(incidents.acknowledge, incident)
        expected = "already_acknowledged"  # and a second time, never
    with pytest.raises(CommandError) as refused:
        store.run(incidents.acknowledge, incident)
    assert refused.value.code == expected


def test_a_refused_move_names_where_from_and_where_to(store: Store) -> None:
    incident = store.run(incidents.declare, title="حادثه", proposed=True).value
    with pytest.raises(CommandError) as refused:
        store.run(incidents.move, incident, "closed")
    assert refused.value.code == "forbidden_move"
    assert refused.value.params == {"current": "proposed", "target": "closed", "reason": "not_from_here"}


def test_only_a_proposal_is_merged_as_a_duplicate(store: Store) -> None:
    known = store.run(incidents.declare, title="قطعی شناخته‌شده").value
    declared = store.run(incidents.declare, title="یک حادثه اعلام‌شده").value
    with pytest.raises(CommandError) as refused:
        store.run(incidents.merge, declared, known)
    assert refused.value.code == "forbidden_move" and refused.value.params["reason"] == "only_proposed"
    proposal = store.run(incidents.declare, title="گزارش همان قطعی", proposed=True).value
    store.run(incidents.merge, proposal, known)
    with store.engine.connect() as conn:
        assert tuple(conn.execute(text("SELECT status, duplicate_of FROM incidents WHERE id = :i"),
                                  {"i": proposal}).one()) == ("cancelled", known)
