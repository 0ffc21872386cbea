"""Undo is an op too: it writes the values from before a command as a new, ordinary op, so an
undo syncs like any other edit and can itself be undone.

An undo writes a row back only while it is still as the step left it: a row changed since, here
or at another station, keeps its newer values, all of them (undoing a team's rename does not move
back someone who has moved to another team meanwhile; undoing a resolve does not clear the
resolved time of an incident another station has moved on to review). A redo likewise writes
back only what its undo wrote, where it is still as the undo left it."""

from __future__ import annotations

from desktop.models.timeline import EntryKind
from desktop.services.ops import Change
from desktop.services.registry import spec
from desktop.services.writer import Tx
from desktop.services.timeline import record


def revert(tx: Tx, changes: tuple[Change, ...], label: str = "",
           expect: tuple[Change, ...] | None = None) -> tuple[Change, ...]:
    """``changes`` written back; with ``expect`` (what the step being undone or redone left), only
    the fields of ``changes`` the step wrote, on rows where everything it wrote is still as it
    left it. Returns what was written, for the next redo or undo to expect."""
    left: dict[tuple[str, str], dict] | None = None
    if expect is not None:
        left = {}
        for change in expect:
            left.setdefault((change.entity, change.entity_id), {}).update(change.fields)
    written: list[Change] = []
    incidents: set[str] = set()
    for change in changes:
        fields = change.fields if left is None else _still_left(tx, change, left.get((change.entity, change.entity_id)))
        if not fields:
            continue
        tx.put(change.entity, change.entity_id, **fields)
        written.append(Change(change.entity, change.entity_id, fields))
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
    return tuple(written)


def _still_left(tx: Tx, change: Change, left: dict | None) -> dict:
    """The fields of ``change`` the step wrote, if the row is still as it left it; else none (a
    status and its time stamps go back together or not at all)."""
    if not left:
        return {}
    fields = list(left)
    cols = ", ".join(f'"{f}"' for f in fields)
    row = tx.conn.execute(f'SELECT {cols} FROM "{spec(change.entity).table}" WHERE id = ?',
                          (change.entity_id,)).fetchone()
    if row is None or any(stored != left[f] for f, stored in zip(fields, row)):
        return {}
    return {f: v for f, v in change.fields.items() if f in left}
