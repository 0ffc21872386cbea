"""Sync conflicts people must see, written as timeline entries after a page of hub ops:
an edit made here that a newer edit from another station replaced, and two holders of a
one-person role (each station handed the role over from the holder it knew of, offline).
LWW has already settled the data; these entries say so where the coordinator looks.

``team`` is the Team page's query: its rows and the one-person roles held twice, found by the
same ``double_holders`` that writes the entries. This module loads no SQLAlchemy (the GUI
imports it at start-up); the write path comes with ``record_conflicts``.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.models.keys import SINGLE_HOLDER_ROLES, EntryKind
from desktop.services import queries
from desktop.services.queries import RoleRow

if TYPE_CHECKING:
    from desktop.services.apply import Superseded
    from desktop.services.writer import Tx

# Entries for the same double holding get the same id on every station that sees it, so
# however many stations notice, the synced timeline shows it once.
_NAMESPACE = uuid.UUID("6c1d1a52-3f0e-4f53-9a4a-2b7f1f2f6a10")


def double_holders(conn: sqlite3.Connection, incidents: Iterable[str]) -> list[tuple[str, str, list[str]]]:
    """(incident, role, holders' assignment ids) where a one-person role has several holders now."""
    ids = sorted(set(incidents))
    if not ids:
        return []
    found = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        roles = ", ".join("?" * len(SINGLE_HOLDER_ROLES))
        found += [(incident, role, held.split(",")) for incident, role, held in conn.execute(
            f"SELECT incident_id, role, group_concat(id) FROM (SELECT incident_id, role, id FROM role_assignments "
            f"WHERE incident_id IN ({marks}) AND role IN ({roles}) AND renounced_at IS NULL AND NOT archived "
            f"ORDER BY id) GROUP BY incident_id, role HAVING count(*) > 1",
            (*chunk, *sorted(SINGLE_HOLDER_ROLES)))]
    return found


@dataclass(frozen=True, slots=True)
class Team:
    """One incident's role rows (current first, then history), and each one-person role that
    several people hold now with their assignment ids, ordered as the rows are."""

    rows: tuple[RoleRow, ...] = ()
    doubles: tuple[tuple[str, tuple[str, ...]], ...] = ()


def team(conn: sqlite3.Connection, incident_id: str) -> Team:
    rows = tuple(queries.team(conn, incident_id))
    held = {role: set(assignments) for _incident, role, assignments in double_holders(conn, [incident_id])}
    doubles: dict[str, tuple[str, ...]] = {}
    for row in rows:
        if row.role in held and row.role not in doubles:
            doubles[row.role] = tuple(r.id for r in rows if r.role == row.role and r.id in held[row.role])
    return Team(rows, tuple(doubles.items()))


def record_conflicts(tx: Tx, superseded: Sequence[Superseded], doubles: Sequence[tuple[str, str, list[str]]]) -> int:
    """Writes the entries; returns how many."""
    from desktop.services.timeline import record  # the write path (SQLAlchemy) only when writing

    written = 0
    fields: dict[str, list[list[str]]] = {}
    for lost in superseded:  # [entity, field, id]: the entry can name which task lost an edit
        named = [lost.entity, lost.field, lost.entity_id]
        if lost.incident_id and named not in fields.setdefault(lost.incident_id, []):
            fields[lost.incident_id].append(named)
    for incident_id, lost_fields in sorted(fields.items()):
        if tx.row("incident", incident_id) is not None:
            record(tx, incident_id, EntryKind.CONFLICT, {"conflict": "superseded", "fields": lost_fields})
            written += 1
    for incident_id, role, assignments in doubles:
        entry_id = str(uuid.uuid5(_NAMESPACE, f"{incident_id}:{role}:{','.join(sorted(assignments))}"))
        if tx.row("timeline_entry", entry_id) is not None:
            continue
        people = [tx.row("role_assignment", a, "person_id")["person_id"] for a in sorted(assignments)]
        record(tx, incident_id, EntryKind.CONFLICT, {"conflict": "holders", "role": role, "people": people},
               entry_id=entry_id)
        written += 1
    return written
