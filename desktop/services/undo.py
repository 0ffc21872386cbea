"""Undo is an op too: it writes the values from before a command as a new, ordinary op, so an
undo syncs like any other edit and can itself be undone."""

from __future__ import annotations

from desktop.models.timeline import EntryKind
from desktop.services.ops import Change
from desktop.services.registry import spec
from desktop.services.writer import Tx
from desktop.services.timeline import record


def revert(tx: Tx, changes: tuple[Change, ...], label: str = "") -> None:
    incidents: set[str] = set()
    for change in changes:
        tx.put(change.entity, change.entity_id, **change.fields)
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
