"""Undo is an op too: it writes the values from before a command as a new, ordinary op, so an
undo syncs like any other edit and can itself be undone."""

from __future__ import annotations

import json
from typing import Any

from desktop.models.timeline import EntryKind
from desktop.services.changes import Changes
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


PART_BYTES = 65_536  # of an op's changes: well within what the hub takes of one op (MAX_OP_BYTES)


def parts(changes: tuple[Change, ...]) -> list[tuple[Change, ...]]:
    """``changes`` cut into runs that each fit one op (an import's undo archives thousands of rows)."""
    found: list[tuple[Change, ...]] = []
    run: list[Change] = []
    size = 0
    for change in changes:
        weight = len(change.entity_id) + len(json.dumps(change.fields, ensure_ascii=False)) + 16
        if run and size + weight > PART_BYTES:
            found.append(tuple(run))
            run, size = [], 0
        run.append(change)
        size += weight
    if run:
        found.append(tuple(run))
    return found


def revert_in_parts(store: Any, changes: tuple[Change, ...], label: str = "") -> Changes:
    """An undo or redo of any size: ``changes`` written back as one op per part, all in one
    transaction (all or nothing); what changed, for the views."""
    with store.batch() as run:
        return Changes.union([run(revert, part, label).changes for part in parts(changes)])
