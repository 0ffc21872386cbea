"""Undo is an op too: it writes the values from before a command as a new, ordinary op, so an
undo syncs like any other edit and can itself be undone.

An undo writes back only what is still as the step left it: a field changed since, here or at
another station, keeps its newer value (undoing a team's rename does not move back someone who
has moved to another team meanwhile; undoing an import does not undo an edit made after it)."""

from __future__ import annotations

from desktop.models.timeline import EntryKind
from desktop.services.ops import Change
from desktop.services.registry import spec
from desktop.services.writer import Tx
from desktop.services.timeline import record


def revert(tx: Tx, changes: tuple[Change, ...], label: str = "", expect: tuple[Change, ...] = ()) -> None:
    """``changes`` written as they are; ``expect``: what the step being undone (or redone) left,
    field by field — a field whose value is no longer that is left alone."""
    left: dict[tuple[str, str], dict] = {}
    for change in expect:
        left.setdefault((change.entity, change.entity_id), {}).update(change.fields)
    incidents: set[str] = set()
    for change in changes:
        fields = _unchanged_since(tx, change, left.get((change.entity, change.entity_id), {}))
        if not fields:
            continue
        tx.put(change.entity, change.entity_id, **fields)
        if change.entity == "incident":
            incidents.add(change.entity_id)
        elif spec(change.entity).has_incident:
            row = tx.row(change.entity, change.entity_id, "incident_id")
            if row is None:  # archived already: still find its incident
                row = {"incident_id": tx.conn.execute(
                    f'SELECT incident_id FROM "{spec(change.entity).table}" WHERE id = ?',
                    (change.entity_id,)).fetchone()[0]}
            if row["incident_id"]:
                incidents.add(row["incident_id"])
    for incident_id in sorted(incidents):
        record(tx, incident_id, EntryKind.UNDO, {"action": label})



def _unchanged_since(tx: Tx, change: Change, left: dict) -> dict:
    """The fields of ``change`` whose stored value is still what the step left (``left``)."""
    checked = [f for f in change.fields if f in left]
    if not checked:
        return change.fields
    cols = ", ".join(f'"{f}"' for f in checked)
    row = tx.conn.execute(f'SELECT {cols} FROM "{spec(change.entity).table}" WHERE id = ?',
                          (change.entity_id,)).fetchone()
    now = dict(zip(checked, row)) if row is not None else {}
    return {f: v for f, v in change.fields.items() if f not in left or now.get(f) == left[f]}
